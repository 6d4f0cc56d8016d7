"""tracker.extensions.read_rows: column rows through the session's connection, as Core."""

from __future__ import annotations

from datetime import date

from flask import Flask

from tracker.domain.entries import Meal
from tracker.extensions import db, read_rows
from tracker.models import DayStatus, User

DAY = date(2026, 11, 24)
_STATUS = db.select(DayStatus.day, DayStatus.completed).where(
    DayStatus.user_id == db.bindparam("u")
)


def test_it_sees_what_the_request_has_not_flushed_yet(app: Flask, user: User) -> None:
    """As Session.execute would (autoflush): a change made earlier in a request is read."""
    with app.app_context():
        assert read_rows(_STATUS, {"u": user.id}).all() == []
        db.session.add(DayStatus(user_id=user.id, day=DAY, completed=True))
        rows = read_rows(_STATUS, {"u": user.id}).all()
        assert [(row.day, row.completed) for row in rows] == [(DAY, True)]
        db.session.rollback()  # the same transaction as the session's: nothing was kept
        assert read_rows(_STATUS, {"u": user.id}).all() == []


def test_rows_come_with_the_columns_types(app: Flask, user: User) -> None:
    """Dates, booleans and the app's enums as the ORM would give them, by column name."""
    from tracker.models import FoodEntry

    with app.app_context():
        db.session.add(
            FoodEntry(
                user_id=user.id,
                day=DAY,
                meal=Meal.LUNCH,
                item_name="Apple",
                portion_label="1 medium",
                portion_grams_milli=182_000,
                quantity_text="1",
                quantity_micro=1_000_000,
                grams_milli=182_000,
                magnesium_ug=9_100,
            )
        )
        row = read_rows(
            db.select(FoodEntry.day, FoodEntry.meal, FoodEntry.magnesium_ug).where(
                FoodEntry.user_id == user.id
            )
        ).one()
        assert row.day == DAY and row.meal is Meal.LUNCH and row.magnesium_ug == 9_100
        db.session.rollback()
