"""Migrations that change how values are stored keep every value, both ways, on both databases.

Each test builds a database at the revision before the change, writes rows as that schema
had them, upgrades through the change, checks the rows, downgrades and checks them again.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, Table, select, text
from sqlalchemy.exc import IntegrityError

from tests.databases import uses_postgresql
from tests.helpers import postgres_scratch_app
from tracker import create_app
from tracker.extensions import db

NOW = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
# The revision just before the % DV change (foods: reference amount and default portion).
BEFORE_PERCENT_DV = "8a0fb734edf0"


@contextmanager
def _sqlite_app(tmp_path) -> Iterator[Flask]:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/m.db"})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _postgres_app():
    return postgres_scratch_app("migration_data")


DATABASES = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not uses_postgresql(),
            reason="PostgreSQL runs only when TRACKER_TEST_DATABASE_URL is a PostgreSQL URL",
        ),
    ),
]


@pytest.fixture(params=DATABASES)
def scratch_app(request, tmp_path, test_database) -> Iterator[Flask]:
    # test_database: a parallel worker's PostgreSQL database exists only once it has been made.
    maker = _sqlite_app(tmp_path) if request.param == "sqlite" else _postgres_app()
    with maker as app:
        yield app


def _insert(table_name: str, rows: list[dict]) -> None:
    table = Table(table_name, MetaData(), autoload_with=db.engine)
    with db.engine.begin() as connection:
        connection.execute(table.insert(), rows)


def _rows(table_name: str, *columns: str) -> list[tuple]:
    table = Table(table_name, MetaData(), autoload_with=db.engine)
    with db.engine.connect() as connection:
        query = select(*(table.c[name] for name in columns)).order_by(table.c[columns[0]])
        return [tuple(row) for row in connection.execute(query)]


def _user(user_id: int, **values) -> dict:
    return {
        "id": user_id,
        "email": f"user{user_id}@example.org",
        "password_hash": "x",
        "reproductive_status": "none",
        "timezone": "UTC",
        "kidney_condition": False,
        "bisphosphonate_gap_minutes": 120,
        "week_starts_on": "monday",
        "session_token": secrets.token_urlsafe(32),
        "created_at": NOW,
        **values,
    }


def test_percent_dv_moves_to_hundredths_and_back(scratch_app):
    with scratch_app.app_context():
        upgrade(revision=BEFORE_PERCENT_DV)
        _insert("users", [_user(1)])
        food = {"owner_id": 1, "retired": False, "created_at": NOW, "serving_grams_milli": 30_000}
        _insert(
            "foods",
            [
                # Typed 12.25 %: kept as 122 tenths beside 51.45 mg, which tell the percent.
                {**food, "id": 1, "name": "a", "label_percent_dv_tenths": 122,
                 "magnesium_ug_per_serving": 51_450},
                # Typed 0.05 %: 0 tenths, 0.21 mg.
                {**food, "id": 2, "name": "b", "label_percent_dv_tenths": 0,
                 "magnesium_ug_per_serving": 210},
                # 15 %, the mg given too (a data file may hold both): the tenths decide.
                {**food, "id": 3, "name": "c", "label_percent_dv_tenths": 150,
                 "magnesium_ug_per_serving": 70_000},
                # mg from the label, no percent.
                {**food, "id": 4, "name": "d", "label_percent_dv_tenths": None,
                 "magnesium_ug_per_serving": 20_000},
            ],
        )  # fmt: skip
        # Rows that point at the foods, which a rebuilt table must not take with it.
        _insert("food_portions", [{"id": 1, "food_id": 1, "position": 0, "label": "1 bar",
                                   "grams_milli": 30_000}])  # fmt: skip
        _insert("favourite_foods", [{"user_id": 1, "food_id": 1, "created_at": NOW}])
        _insert("food_entries", [{"id": 1, "user_id": 1, "day": NOW.date(), "food_id": 1,
                                  "item_name": "a", "portion_label": "1 bar", "kind": "food",
                                  "quantity_text": "1", "quantity_micro": 1_000_000,
                                  "created_at": NOW, "updated_at": NOW}])  # fmt: skip
        upgrade(revision="2941a4fbacf3")
        assert _rows("food_portions", "id", "food_id") == [(1, 1)]
        assert _rows("favourite_foods", "user_id", "food_id") == [(1, 1)]
        assert _rows("food_entries", "id", "food_id") == [(1, 1)]
        assert _rows("foods", "id", "label_percent_dv_hundredths", "magnesium_ug_per_serving") == [
            (1, 1225, 51_450),
            (2, 5, 210),
            (3, 1500, 70_000),
            (4, None, 20_000),
        ]
        downgrade(revision=BEFORE_PERCENT_DV)
        assert _rows("food_entries", "id", "food_id") == [(1, 1)]
        assert _rows("foods", "id", "label_percent_dv_tenths") == [
            (1, 123),
            (2, 1),
            (3, 150),
            (4, None),
        ]


def _enum_rows() -> None:
    _insert(
        "users",
        [
            _user(1, sex="female", reproductive_status="pregnant", week_starts_on="sunday"),
            # Empty text, which readers took as the default.
            _user(2, sex="", reproductive_status="", week_starts_on=""),
        ],
    )
    entry = {"day": NOW.date(), "item_name": "x", "portion_label": "g", "quantity_text": "1",
             "quantity_micro": 1, "created_at": NOW, "updated_at": NOW}  # fmt: skip
    _insert(
        "food_entries",
        [
            {**entry, "id": 1, "user_id": 1, "meal": "lunch", "kind": "quick_add"},
            {**entry, "id": 2, "user_id": 2, "meal": "", "kind": "food"},
        ],
    )
    _insert(
        "medicine_doses",
        [{"id": 1, "user_id": 1, "day": NOW.date(), "time": NOW.time(), "created_at": NOW,
          "medicine_class": "quinolone", "medicine_name": "Ciprofloxacin"}],
    )  # fmt: skip


def test_enum_columns_keep_their_values_and_refuse_others(scratch_app):
    with scratch_app.app_context():
        upgrade(revision="2941a4fbacf3")
        _enum_rows()
        upgrade(revision="775ae8e4523f")
        assert _rows("users", "id", "sex", "reproductive_status", "week_starts_on") == [
            (1, "female", "pregnant", "sunday"),
            (2, None, "none", "monday"),
        ]
        assert _rows("food_entries", "id", "meal", "kind") == [
            (1, "lunch", "quick_add"),
            (2, None, "food"),
        ]
        assert _rows("medicine_doses", "id", "medicine_class") == [(1, "quinolone")]
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(text("UPDATE medicine_doses SET medicine_class = 'statin'"))
        downgrade(revision="2941a4fbacf3")
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE medicine_doses SET medicine_class = 'statin'"))
        assert _rows("medicine_doses", "id", "medicine_class") == [(1, "statin")]


def test_a_value_outside_an_enum_stops_the_upgrade_and_names_it(scratch_app, capfd):
    with scratch_app.app_context():
        upgrade(revision="2941a4fbacf3")
        _enum_rows()
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE medicine_doses SET medicine_class = 'statin'"))
        with pytest.raises(SystemExit):  # how Flask-Migrate reports a failed migration
            upgrade(revision="775ae8e4523f")
        # Alembic's logging config writes the error to stderr.
        assert re.search(r"medicine_doses\.medicine_class .*statin", capfd.readouterr().err)
        assert _rows("medicine_doses", "id", "medicine_class") == [(1, "statin")]


BEFORE_ONE_PRODUCT = "6ebaf1c5fada"
ONE_PRODUCT = "5b1e7c3d9a20"


def test_duplicate_saved_products_are_merged_keeping_every_entry_linked(scratch_app):
    later = NOW.replace(hour=18)
    with scratch_app.app_context():
        upgrade(revision=BEFORE_ONE_PRODUCT)
        _insert("users", [_user(1), _user(2)])
        product = {
            "user_id": 1,
            "form": "glycinate",
            "kind": "supplement",
            "magnesium_ug_per_unit": 120_000,
            "created_at": NOW,
            "last_used_at": NOW,
        }
        _insert(
            "supplement_products",
            [
                {**product, "id": 1, "name": "Magnesium Glycinate"},
                # The same product twice more (the race), the last used later.
                {**product, "id": 2, "name": "magnesium  glycinate"},
                {**product, "id": 3, "name": "MAGNESIUM GLYCINATE", "last_used_at": later},
                # Not the same: another strength, another form, another user.
                {**product, "id": 4, "name": "Magnesium Glycinate", "magnesium_ug_per_unit": 1},
                {**product, "id": 5, "name": "Magnesium Glycinate", "form": "citrate"},
                {**product, "id": 6, "name": "Magnesium Glycinate", "user_id": 2},
            ],
        )  # fmt: skip
        entry = {"user_id": 1, "day": NOW.date(), "name": "x", "form": "glycinate",
                 "kind": "supplement", "magnesium_ug_per_unit": 120_000, "units_text": "1",
                 "units_micro": 1_000_000, "magnesium_ug": 120_000, "created_at": NOW,
                 "updated_at": NOW}  # fmt: skip
        _insert(
            "supplement_entries",
            [{**entry, "id": n, "product_id": p} for n, p in enumerate([1, 2, 3, 3, 4, 5], 1)],
        )
        # My regimen plans the product too: the plan must follow it to the kept one.
        _insert(
            "schedules",
            [{"id": 1, "user_id": 1, "item": "product", "product_id": 3,
              "name": "Magnesium Glycinate", "form": "glycinate", "product_kind": "supplement",
              "magnesium_ug_per_unit": 120_000, "reminders": False, "created_at": NOW,
              "updated_at": NOW}],
        )  # fmt: skip
        upgrade(revision=ONE_PRODUCT)
        assert _rows("schedules", "id", "product_id") == [(1, 1)]
        assert _rows("supplement_products", "id", "name_key") == [
            (1, "magnesium glycinate"),
            (4, "magnesium glycinate"),
            (5, "magnesium glycinate"),
            (6, "magnesium glycinate"),
        ]
        # Every entry kept, each linked: the merged ones to the oldest product.
        assert _rows("supplement_entries", "id", "product_id") == [
            (1, 1), (2, 1), (3, 1), (4, 1), (5, 4), (6, 5),
        ]  # fmt: skip
        kept_last_use = _rows("supplement_products", "id", "last_used_at")[0][1]
        assert kept_last_use.replace(tzinfo=None) == later.replace(tzinfo=None)
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(
                text("UPDATE supplement_products SET magnesium_ug_per_unit = 120000")
            )
        downgrade(revision=BEFORE_ONE_PRODUCT)
        assert _rows("supplement_entries", "id", "product_id")[:4] == [
            (1, 1),
            (2, 1),
            (3, 1),
            (4, 1),
        ]
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE supplement_products SET magnesium_ug_per_unit = 7"))


BEFORE_ORIGIN = "9c4d2e8f6b11"
ORIGIN = "e3c1a7f90b52"


def test_entries_keep_every_value_and_get_no_origin(scratch_app):
    """Import from Cronometer: the origin columns arrive empty (logged here), unique per user."""
    with scratch_app.app_context():
        upgrade(revision=BEFORE_ORIGIN)
        _insert("users", [_user(1), _user(2)])
        food = {"user_id": 1, "day": NOW.date(), "kind": "food", "item_name": "Spinach",
                "portion_label": "1 cup", "quantity_text": "1", "quantity_micro": 1_000_000,
                "magnesium_ug": 156_600, "created_at": NOW, "updated_at": NOW}  # fmt: skip
        _insert("food_entries", [{**food, "id": 1}, {**food, "id": 2, "user_id": 2}])
        dose = {"user_id": 1, "day": NOW.date(), "name": "x", "form": "glycinate",
                "kind": "supplement", "magnesium_ug_per_unit": 120_000, "units_text": "1",
                "units_micro": 1_000_000, "magnesium_ug": 120_000, "created_at": NOW,
                "updated_at": NOW}  # fmt: skip
        _insert("supplement_entries", [{**dose, "id": 1}, {**dose, "id": 2}])
        upgrade(revision=ORIGIN)
        assert _rows("food_entries", "id", "user_id", "magnesium_ug", "origin") == [
            (1, 1, 156_600, None),
            (2, 2, 156_600, None),
        ]
        assert _rows("supplement_entries", "id", "origin") == [(1, None), (2, None)]
        # Many rows without an origin; an origin once per user (another user may have it).
        same = "cronometer:a"
        _insert("food_entries", [{**food, "id": 3, "origin": same},
                                 {**food, "id": 4, "user_id": 2, "origin": same}])  # fmt: skip
        with pytest.raises(IntegrityError):
            _insert("food_entries", [{**food, "id": 5, "origin": same}])
        with pytest.raises(IntegrityError):
            _insert("supplement_entries", [{**dose, "id": 3, "origin": same},
                                           {**dose, "id": 4, "origin": same}])  # fmt: skip
        downgrade(revision=BEFORE_ORIGIN)
        assert _rows("food_entries", "id", "magnesium_ug") == [
            (1, 156_600), (2, 156_600), (3, 156_600), (4, 156_600),
        ]  # fmt: skip
        assert _rows("supplement_entries", "id") == [(1,), (2,)]
        upgrade()


def test_bone_nutrient_snapshots_come_from_the_food_unknown_kept_unknown(scratch_app):
    """Existing food entries get calcium (µg) and vitamin D (ng) from their food, exactly as
    the app computes them; a food without a value, a quick add and supplements stay unknown."""
    from tracker.domain.bone_nutrients import calcium_ug_for, vitamin_d_ng_for
    from tracker.domain.totals import milligrams_to_grams

    with scratch_app.app_context():
        upgrade(revision="e3c1a7f90b52")
        _insert("users", [_user(1)])
        food = {"retired": False, "created_at": NOW}
        _insert(
            "foods",
            [
                # Milk, whole, 3.25% with added vitamin D (SR24 01077).
                {**food, "id": 1, "name": "milk", "calcium_mg_per_100g": 113.0,
                 "vitamin_d_iu_per_100g": 51.0},
                # Spinach, raw: vitamin D a known 0.
                {**food, "id": 2, "name": "spinach", "calcium_mg_per_100g": 99.0,
                 "vitamin_d_iu_per_100g": 0.0},
                # Salmon, Atlantic, farmed, raw: no vitamin D in SR24.
                {**food, "id": 3, "name": "salmon", "calcium_mg_per_100g": 9.0,
                 "vitamin_d_iu_per_100g": None},
                {**food, "id": 4, "name": "odd", "calcium_mg_per_100g": 12.3,
                 "vitamin_d_iu_per_100g": 0.1},
            ],
        )  # fmt: skip
        entry = {"user_id": 1, "day": NOW.date(), "portion_label": "g", "quantity_text": "1",
                 "quantity_micro": 1, "created_at": NOW, "updated_at": NOW, "kind": "food",
                 "magnesium_ug": 1000}  # fmt: skip
        grams = {1: 244_000, 2: 30_000, 3: 198_000, 4: 1_234}
        _insert(
            "food_entries",
            [
                *({**entry, "id": food_id, "food_id": food_id, "item_name": "x",
                   "grams_milli": milli} for food_id, milli in grams.items()),
                {**entry, "id": 5, "food_id": None, "item_name": "quick", "kind": "quick_add",
                 "grams_milli": None},
            ],
        )  # fmt: skip
        _insert(
            "supplement_entries",
            [{"id": 1, "user_id": 1, "day": NOW.date(), "name": "Mg", "form": "citrate",
              "kind": "supplement", "magnesium_ug_per_unit": 100_000, "units_text": "1",
              "units_micro": 1_000_000, "magnesium_ug": 100_000, "created_at": NOW,
              "updated_at": NOW}],
        )  # fmt: skip
        upgrade(revision="b7d1c3a5e9f2")
        values = {1: (113.0, 51.0), 2: (99.0, 0.0), 3: (9.0, None), 4: (12.3, 0.1)}
        expected = [
            (
                food_id,
                calcium_ug_for(values[food_id][0], milligrams_to_grams(milli)),
                vitamin_d_ng_for(values[food_id][1], milligrams_to_grams(milli)),
            )
            for food_id, milli in grams.items()
        ]
        assert expected[0] == (1, 275_720, 3_111)  # 276 mg, 3.1 µg (124 IU): the cup
        assert expected[1][2] == 0 and expected[2][2] is None
        rows = _rows("food_entries", "id", "calcium_ug", "vitamin_d_ng")
        assert rows == [*expected, (5, None, None)]
        assert _rows("supplement_entries", "id", "calcium_ug", "vitamin_d_ng") == [(1, None, None)]
        assert _rows("users", "id", "show_bone_companions") == [(1, True)]
        downgrade(revision="e3c1a7f90b52")
        assert _rows("food_entries", "id", "magnesium_ug")[0] == (1, 1000)
        assert len(_rows("supplement_entries", "id")) == 1
