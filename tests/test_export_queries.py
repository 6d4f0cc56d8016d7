"""The heavy downloads read each table once: their SQL statements do not grow with the log.

An N+1 (a query per entry, per food or per portion) would make three years of logging
tens of thousands of queries; bench/bench_exports.py measures the time itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, time, timedelta

import pytest
from sqlalchemy import event, insert

from tracker.extensions import db
from tracker.models import (
    DayStatus,
    FavouriteFood,
    Food,
    FoodEntry,
    FoodPortion,
    MedicineDose,
    SupplementEntry,
)

FIRST_DAY = date(2026, 1, 1)


def _log(user_id: int, start: int, count: int) -> None:
    """count more days, each with a custom food (two portions, a favourite) eaten, a
    supplement, a medicine dose and a completed day."""
    for n in range(start, start + count):
        on = FIRST_DAY + timedelta(days=n)
        food = Food(name=f"Custom food {n}", owner_id=user_id, magnesium_ug_per_100g=50_000)
        db.session.add(food)
        db.session.flush()
        db.session.add_all(
            [
                FoodPortion(food_id=food.id, position=1, label="1 cup", grams_milli=240_000),
                FoodPortion(food_id=food.id, position=2, label="1 tbsp", grams_milli=15_000),
                FavouriteFood(user_id=user_id, food_id=food.id),
                DayStatus(user_id=user_id, day=on, completed=True),
            ]
        )
        db.session.execute(
            insert(FoodEntry),
            [
                {
                    "user_id": user_id, "day": on, "time": time(8, 0), "meal": "breakfast",
                    "kind": "food", "food_id": food.id, "item_name": food.name,
                    "portion_label": "1 cup", "portion_grams_milli": 240_000,
                    "quantity_text": "1", "quantity_micro": 1_000_000, "grams_milli": 240_000,
                    "magnesium_ug": 120_000,
                }
            ],
        )  # fmt: skip
        db.session.execute(
            insert(SupplementEntry),
            [
                {
                    "user_id": user_id, "day": on, "time": time(9, 0),
                    "name": "Magnesium glycinate", "form": "glycinate", "kind": "supplement",
                    "magnesium_ug_per_unit": 100_000, "units_text": "1",
                    "units_micro": 1_000_000, "magnesium_ug": 100_000,
                }
            ],
        )  # fmt: skip
        db.session.execute(
            insert(MedicineDose),
            [
                {
                    "user_id": user_id, "day": on, "time": time(7, 0),
                    "medicine_class": "bisphosphonate", "medicine_name": "Alendronate",
                }
            ],
        )  # fmt: skip
    db.session.commit()


@contextmanager
def _counting(app) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _statements(app, client, path: str) -> list[str]:
    with _counting(app) as statements:
        response = client.get(path)
        assert response.status_code == 200, path
        assert len(response.data) > 0
    return statements


@pytest.mark.parametrize(
    "path",
    [
        f"/export/entries.csv?period=custom&start={FIRST_DAY}&end={FIRST_DAY + timedelta(days=60)}",
        "/account/data/export.json",
    ],
)
def test_export_queries_do_not_grow_with_the_log(app, auth_client, user, path):
    with app.app_context():
        _log(user.id, 0, 5)
    few = _statements(app, auth_client, path)
    with app.app_context():
        _log(user.id, 5, 10)
    many = _statements(app, auth_client, path)
    assert len(many) == len(few), many
