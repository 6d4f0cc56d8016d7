"""What to preselect for a food, from the loaded database: its default, or the amount typed.

The same diary-line table as tests/domain/test_diary_lines.py, through the catalog the day
page reads (tracker.foods.operations): the Portion option keys must be the page's own.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from tests.domain.test_diary_lines import ROWS
from tests.helpers import food_id
from tracker.domain.amounts import Amount, NoPortion, parse_line
from tracker.extensions import db
from tracker.foods.operations import (
    AmountChoice,
    default_portion_of,
    food_for,
    portion_for_amount,
    standard_portions,
)
from tracker.models import Food


def _label(food, key: str) -> str:
    return next(p.label for p in standard_portions(food.portions) if p.key == key)


@pytest.mark.parametrize("row", ROWS, ids=[row["line"] for row in ROWS])
def test_the_day_page_preselects_what_the_line_means(app, row):
    with app.app_context():
        food = food_for(food_id(app, row["expected_ndb"]), None)
        parsed = parse_line(row["line"])
        if parsed.amount is None:
            key, quantity = default_portion_of(food)
        else:
            choice = portion_for_amount(food, parsed.amount, row["line"])
            assert isinstance(choice, AmountChoice), choice
            key, quantity = choice.portion_key, choice.quantity_text
            expected = Decimal(row["expected_mg"])
            assert abs(choice.magnesium_mg - expected) <= expected * Decimal(row["tolerance"])
        assert _label(food, key) == row["expected_portion"]
        assert quantity == row["expected_quantity"] or Decimal(quantity) == Decimal(
            row["expected_quantity"]
        )


def test_a_custom_food_defaults_to_its_serving(app, auth_client):
    response = auth_client.post(
        "/foods/mine",
        data={
            "name": "Granola bar (label)",
            "serving_grams": "40",
            "magnesium_as": "mg",
            "magnesium_amount": "32",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        custom = db.session.execute(db.select(Food).where(Food.owner_id.is_not(None))).scalar_one()
        food = food_for(custom.id, custom.owner)
        assert default_portion_of(food) == ("0", "1")
        two = portion_for_amount(food, Amount(quantity=2, unit="g"), "2 g granola bar")
        assert (two.portion_key, two.quantity_text, two.grams) == ("g", "2", Decimal(2))
        assert isinstance(portion_for_amount(food, Amount(quantity=1, unit="cup")), NoPortion)


def test_a_food_without_a_stored_default_falls_back_to_its_first_portion(app):
    with app.app_context():
        food = food_for(food_id(app, "11457"), None)
    assert default_portion_of(food) == ("0", "1")  # spinach: 1 cup, stored and first alike
    bare = replace(food, default_portion_key=None, default_quantity_text=None)
    assert default_portion_of(bare) == ("0", "1")
    broken = replace(food, default_portion_key="99", default_quantity_text="1")
    assert default_portion_of(broken) == ("0", "1")
    bad_quantity = replace(food, default_portion_key="0", default_quantity_text="lots")
    assert default_portion_of(bad_quantity) == ("0", "1")
