"""Column types and limits: UTC timestamps on both databases, limits read from the models."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import Enum, func, select, text
from sqlalchemy.exc import IntegrityError, StatementError

from tests.routes import populate
from tracker.dbtypes import BIG_INTEGER_MAX, INTEGER_MAX, MAX_ROW_ID, max_length, max_value
from tracker.domain.periods import WeekStart
from tracker.domain.reference import ReproductiveStatus, Sex
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


# --- Enum columns ---------------------------------------------------------------------------------

ENUM_COLUMNS = {
    ("users", "sex"),
    ("users", "reproductive_status"),
    ("users", "week_starts_on"),
    ("food_entries", "meal"),
    ("food_entries", "kind"),
    ("supplement_products", "form"),
    ("supplement_products", "kind"),
    ("supplement_entries", "form"),
    ("supplement_entries", "kind"),
    ("medicine_doses", "medicine_class"),
    ("schedules", "item"),
    ("schedules", "form"),
    ("schedules", "product_kind"),
    ("schedules", "medicine_class"),
    ("schedule_plans", "pattern"),
    ("dose_confirmations", "status"),
}


def _enum_columns() -> set[tuple[str, str]]:
    return {
        (table.name, column.name)
        for table in db.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, Enum)
    }


def test_the_enum_like_columns_are_typed():
    assert _enum_columns() == ENUM_COLUMNS


def test_the_database_refuses_a_value_outside_each_enum(app, user):
    # The session database was built by the migrations alone: these are its CHECK constraints.
    owner = populate(app, user)
    assert owner.objects
    with app.app_context():
        for table_name, column_name in sorted(ENUM_COLUMNS):
            table = db.metadata.tables[table_name]
            assert db.session.execute(select(func.count()).select_from(table)).scalar_one()
            # Raw SQL: the model's own check (in Python) would refuse it before the database.
            sql = text(f"UPDATE {table_name} SET {column_name} = 'bogus'")
            with pytest.raises(IntegrityError), db.engine.begin() as connection:
                connection.execute(sql)
        # Nothing was changed by the refused updates.
        assert (
            db.session.execute(select(User.week_starts_on).where(User.id == user.id)).scalar_one()
            is WeekStart.MONDAY
        )


def test_python_refuses_a_value_outside_the_enum_before_the_database(app, user):
    with app.app_context():
        row = db.session.get(User, user.id)
        row.week_starts_on = "someday"
        with pytest.raises(StatementError, match="someday"):
            db.session.commit()
        db.session.rollback()


def test_enum_columns_read_back_as_members(app, user):
    with app.app_context():
        row = db.session.get(User, user.id)
        assert row.reproductive_status is ReproductiveStatus.NONE
        assert row.week_starts_on is WeekStart.MONDAY
        row.sex = "female"  # a plain string is accepted and read back as the member
        db.session.commit()
        db.session.remove()
        assert db.session.get(User, user.id).sex is Sex.FEMALE
