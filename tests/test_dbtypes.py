"""Column types and limits: UTC timestamps on both databases, limits read from the models."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy.exc import StatementError

from tracker.dbtypes import BIG_INTEGER_MAX, INTEGER_MAX, MAX_ROW_ID, max_length, max_value
from tracker.extensions import db
from tracker.models import FoodEntry, ShareLink, User


def test_timestamps_come_back_aware_in_utc_whatever_zone_went_in(app, user):
    paris = timezone(timedelta(hours=2))
    written = datetime(2024, 3, 5, 9, 30, 15, 123456, tzinfo=paris)
    with app.app_context():
        link = ShareLink(
            user_id=user.id,
            token_sha256="0" * 64,
            start_day=date(2024, 3, 1),
            end_day=date(2024, 3, 5),
            expires_at=written,
        )
        db.session.add(link)
        db.session.commit()
        link_id = link.id
        db.session.remove()
        read = db.session.get(ShareLink, link_id)
        assert read.expires_at == written  # the same instant
        assert read.expires_at.tzinfo is UTC
        assert read.expires_at.hour == 7  # stored as UTC wall time, on SQLite too
        assert read.created_at.tzinfo is UTC


def test_a_naive_timestamp_is_refused(app, user):
    with app.app_context():
        db.session.add(
            ShareLink(
                user_id=user.id,
                token_sha256="1" * 64,
                start_day=date(2024, 3, 1),
                end_day=date(2024, 3, 5),
                expires_at=datetime(2024, 3, 5, 9, 30),
            )
        )
        with pytest.raises(StatementError, match="aware"):
            db.session.commit()
        db.session.rollback()


def test_limits_are_read_from_the_columns():
    assert max_length(User.email) == 254
    assert max_length(FoodEntry.item_name) == 200
    assert max_value(FoodEntry.magnesium_ug) == INTEGER_MAX == MAX_ROW_ID == 2**31 - 1
    assert max_value(FoodEntry.quantity_micro) == BIG_INTEGER_MAX
    with pytest.raises(TypeError):
        max_length(FoodEntry.magnesium_ug)
    with pytest.raises(TypeError):
        max_value(FoodEntry.item_name)
