"""The streamed heavy downloads write the same bytes as the plain readings they replace.

A generated account (seeded: the same every run) holds what the two downloads must get
right: every meal and none, entries with and without a time, quick adds, USDA, custom and
deleted foods, amounts that round to "<0.01" or carry thousands separators, unknown
magnesium, text a spreadsheet would run, quotes, commas and non-ASCII names, supplements with
and without a saved product, medicines and medicine doses at the same minute as supplements
(and with the same row id, the order's last tie-break), day statuses, favourites, products.
Another account's rows are there too and must not leak. The entries CSV (entries_stream)
must equal csv_export.entries_csv(entry_lines(...)), and the data file (export_json_chunks)
reference_json(build_file(...)), byte for byte, through the app and in chunks of the
promised size.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, insert, text

from tests.helpers import login, make_user
from tracker.account_data.operations import (
    build_file,
    export_json_chunks,
    reference_json,
)
from tracker.domain.cautions import MedicineClass
from tracker.domain.entries import Meal
from tracker.domain.supplements import SupplementForm
from tracker.exports import entries_stream
from tracker.exports.csv_export import entries_csv
from tracker.exports.entries import entry_lines
from tracker.exports.entries_stream import CHUNK_BYTES, entries_csv_chunks
from tracker.extensions import db
from tracker.models import (
    DayStatus,
    FavouriteFood,
    Food,
    FoodEntry,
    FoodPortion,
    MedicineDose,
    Recipe,
    RecipeIngredient,
    SupplementEntry,
    SupplementProduct,
    User,
)

FIRST_DAY = date(2025, 1, 1)
DAYS = 120
NAMES = [
    "Spinach, raw", "=SUM(A1)", "＋1 bar", '"Quoted", with comma', "Crème fraîche × 2",
    "-minus", "@at", "Line\tTab", "Müsli 🥣", "  spaced  ", "שוקולד", "0123",
]  # fmt: skip
QUANTITIES = [1, 4_999, 5_000, 333_333, 1_000_000, 1_005_000, 2_500_000, 1_234_567_890, 10**10]
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def _fill(user_id: int, rng: random.Random, usda: list[int]) -> None:
    """Months of varied logging for one user, bulk inserted."""
    customs = []
    for number in range(4):
        food = Food(
            owner_id=user_id,
            name=rng.choice(NAMES) + f" {number}",
            food_group=rng.choice([None, "Snacks"]),
            magnesium_ug_per_100g=rng.choice([None, 0, 57_000, 123_456]),
            calcium_mg_per_100g=rng.choice([None, 12.5, 100.0]),
            serving_grams_milli=rng.choice([None, 30_000, 1_500]),
            magnesium_ug_per_serving=rng.choice([None, 20_000]),
        )
        db.session.add(food)
        db.session.flush()
        db.session.add(FoodPortion(food_id=food.id, position=0, label="1 bar", grams_milli=42_500))
        customs.append(food.id)
    deleted = Food(owner_id=user_id, name="Soon gone")
    db.session.add(deleted)
    db.session.flush()
    for food_id in [*customs[:2], *usda[:3]]:
        db.session.add(FavouriteFood(user_id=user_id, food_id=food_id))
    product = SupplementProduct(
        user_id=user_id, name="Magnesium glycinate", form=SupplementForm.GLYCINATE,
        magnesium_ug_per_unit=120_000,
    )  # fmt: skip
    db.session.add(product)
    db.session.flush()
    recipe = Recipe(user_id=user_id, name="Morning porridge", servings=2)
    recipe.ingredients = [
        RecipeIngredient(
            position=0, food_id=rng.choice(usda), food_name="Oats", portion_label="1 cup",
            portion_grams_milli=234_000, quantity_text="1", quantity_micro=1_000_000,
            grams_milli=234_000, magnesium_ug=63_180,
        )
    ]  # fmt: skip
    db.session.add(recipe)
    db.session.flush()
    foods, supplements, doses, statuses = [], [], [], []
    for offset in range(DAYS):
        day = FIRST_DAY + timedelta(days=offset)
        for _ in range(rng.randrange(0, 14)):
            quick = rng.random() < 0.1
            # Some servings of a recipe: linked, or left by a deleted one; some a minimum.
            served = not quick and rng.random() < 0.1
            label = rng.choice(["g", "oz", "1 cup", "1 bar", "=1 slice"])
            foods.append(
                {
                    "user_id": user_id, "day": day,
                    "time": rng.choice([None, time(rng.randrange(24), rng.randrange(60))]),
                    "meal": rng.choice([None, *Meal]),
                    "kind": "quick_add" if quick else "recipe" if served else "food",
                    "food_id": None if quick or served
                    else rng.choice([None, deleted.id, *customs, *usda]),
                    "recipe_id": rng.choice([None, recipe.id]) if served else None,
                    "magnesium_unknown_in": rng.choice([None, "Farm cheddar"]) if served else None,
                    "item_name": rng.choice(NAMES), "portion_label": "" if quick else label,
                    "portion_grams_milli": None if quick else rng.choice([None, 1_000, 28_350]),
                    "quantity_text": "1", "quantity_micro": rng.choice(QUANTITIES),
                    "grams_milli": None if quick else rng.choice([None, 0, 1, 150_000, 999_999]),
                    "magnesium_ug": rng.choice([None, 0, 1, 10, 75_978, 2_147_483_647]),
                    # Some rows imported from Cronometer: the CSV names where they came from.
                    "origin": f"cronometer:f{len(foods)}" if rng.random() < 0.2 else None,
                }
            )  # fmt: skip
        # Supplements and doses at the same few minutes, some without a time.
        for _ in range(rng.randrange(0, 3)):
            supplements.append(
                {
                    "user_id": user_id, "day": day,
                    "time": rng.choice([None, time(7), time(8, 30)]),
                    "product_id": rng.choice([None, product.id]),
                    "name": rng.choice(NAMES), "form": rng.choice(list(SupplementForm)),
                    "kind": rng.choice(["supplement", "medicine"]),
                    "magnesium_ug_per_unit": rng.choice([120_000, 1, 400_500]),
                    "units_text": "2", "units_micro": rng.choice(QUANTITIES[:7]),
                    "magnesium_ug": rng.choice([0, 240_000, 1]),
                    "origin": f"cronometer:s{len(supplements)}" if rng.random() < 0.2 else None,
                }
            )  # fmt: skip
        if rng.random() < 0.4:
            doses.append(
                {
                    "user_id": user_id, "day": day, "time": rng.choice([time(7), time(8, 30)]),
                    "medicine_class": rng.choice(list(MedicineClass)),
                    "medicine_name": rng.choice(NAMES),
                }
            )  # fmt: skip
        if rng.random() < 0.5:
            statuses.append({"user_id": user_id, "day": day, "completed": rng.random() < 0.7})
    db.session.execute(insert(FoodEntry), foods)
    db.session.execute(insert(SupplementEntry), supplements)
    db.session.execute(insert(MedicineDose), doses)
    db.session.execute(insert(DayStatus), statuses)
    db.session.delete(deleted)  # its entries stay, unlinked
    db.session.commit()


def _same_id_tie(user_id: int) -> None:
    """A supplement and a medicine dose of one day, at one minute, with one row id."""
    row_id = 1 + max(
        db.session.execute(db.select(func.coalesce(func.max(model.id), 0))).scalar_one()
        for model in (SupplementEntry, MedicineDose)
    )
    day, at = FIRST_DAY + timedelta(days=3), time(7)
    db.session.execute(
        insert(SupplementEntry),
        [
            {
                "id": row_id, "user_id": user_id, "day": day, "time": at, "name": "Tie",
                "form": "citrate", "kind": "supplement", "magnesium_ug_per_unit": 1_000,
                "units_text": "1", "units_micro": 1_000_000, "magnesium_ug": 1_000,
            }
        ],
    )  # fmt: skip
    db.session.execute(
        insert(MedicineDose),
        [
            {
                "id": row_id, "user_id": user_id, "day": day, "time": at,
                "medicine_class": "bisphosphonate", "medicine_name": "Tie",
            }
        ],
    )  # fmt: skip
    if db.engine.dialect.name == "postgresql":  # ids given by hand: move the sequences on
        for table in ("supplement_entries", "medicine_doses"):
            db.session.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {row_id})")
            )
    db.session.commit()


@pytest.fixture
def logged(app):
    """A heavy-ish generated account (and a neighbour's), logged in."""
    owner = make_user(app, "heavy@example.org")
    neighbour = make_user(app, "neighbour@example.org")
    with app.app_context():
        usda = list(
            db.session.execute(
                db.select(Food.id).where(Food.ndb_number.is_not(None)).order_by(Food.id).limit(40)
            ).scalars()
        )
        _fill(owner.id, random.Random(13), usda)
        _fill(neighbour.id, random.Random(31), usda)
        _same_id_tie(owner.id)
        db.session.execute(
            db.update(FoodEntry)
            .where(FoodEntry.user_id == neighbour.id)
            .values(item_name="NEIGHBOUR ONLY")
        )
        db.session.commit()
    client = app.test_client()
    login(client, "heavy@example.org")
    return owner, client


def _owner(owner) -> User:
    return db.session.get(User, owner.id)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (FIRST_DAY, FIRST_DAY + timedelta(days=DAYS)),
        (FIRST_DAY + timedelta(days=3), FIRST_DAY + timedelta(days=3)),
        (FIRST_DAY + timedelta(days=10), FIRST_DAY + timedelta(days=40)),
        (date(2024, 1, 1), date(2024, 2, 1)),  # nothing logged
    ],
)
def test_streamed_entries_csv_is_the_plain_csv_byte_for_byte(app, logged, start, end):
    owner, client = logged
    with app.app_context():
        user = _owner(owner)
        reference = entries_csv(entry_lines(user, start, end))
        chunks = list(entries_csv_chunks(user, start, end))
    assert b"".join(chunks) == reference
    response = client.get(f"/export/entries.csv?period=custom&start={start}&end={end}")
    assert response.status_code == 200
    assert response.data == reference
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    assert b"NEIGHBOUR ONLY" not in response.data
    assert all(len(chunk) < 2 * CHUNK_BYTES for chunk in chunks)


def test_the_full_range_csv_comes_in_several_chunks_with_the_tie_in_order(app, logged, monkeypatch):
    owner, _client = logged
    monkeypatch.setattr(entries_stream, "CHUNK_BYTES", 4096)
    with app.app_context():
        user = _owner(owner)
        chunks = list(entries_csv_chunks(user, FIRST_DAY, FIRST_DAY + timedelta(days=DAYS)))
    assert len(chunks) >= 10, [len(chunk) for chunk in chunks]
    assert all(4096 <= len(chunk) < 4096 + 1024 for chunk in chunks[:-1])
    lines = b"".join(chunks).decode("utf-8-sig").splitlines()
    ties = [line for line in lines if ",Tie," in line]
    assert [line.split(",")[3] for line in ties] == ["supplement", "medicine"]


def test_streamed_data_file_is_the_built_file_byte_for_byte(app, logged):
    owner, client = logged
    with app.app_context():
        user = _owner(owner)
        reference = reference_json(build_file(user, NOW))
        chunks = list(export_json_chunks(user, NOW))
    assert b"".join(chunks) == reference
    assert len(chunks) > 5
    assert all(len(chunk) < 2 * CHUNK_BYTES for chunk in chunks)
    response = client.get("/account/data/export.json")
    assert response.status_code == 200
    assert b"NEIGHBOUR ONLY" not in response.data
    assert response.headers["Cache-Control"] == "no-store"


def test_an_empty_account_streams_the_built_file(app, user):
    with app.app_context():
        account = db.session.get(User, user.id)
        assert b"".join(export_json_chunks(account, NOW)) == reference_json(
            build_file(account, NOW)
        )
        empty = entries_csv_chunks(account, FIRST_DAY, FIRST_DAY)
        assert b"".join(empty) == entries_csv([])
