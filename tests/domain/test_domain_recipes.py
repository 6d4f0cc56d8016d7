"""A recipe's magnesium (tracker.domain.recipes): exact to the microgram; unknown stays unknown."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from tracker.domain.recipes import (
    Ingredient,
    magnesium_phrase,
    read_servings,
    recipe_magnesium,
    servings_mg,
    shares_percent,
)
from tracker.domain.totals import QuantityError

PORRIDGE = [
    Ingredient("oats", Decimal("63.18")),
    Ingredient("milk", Decimal("12.2")),
    Ingredient("banana", Decimal("31.86")),
]


def test_per_serving_is_exact_to_the_microgram():
    one = recipe_magnesium(PORRIDGE, 1)
    assert one.total_mg == Decimal("107.24")
    assert one.per_serving_mg == Decimal("107.24")
    assert one.mg_for_servings(Fraction(1, 2)) == Decimal("53.62")
    three = recipe_magnesium(PORRIDGE, 3)
    # 107.24 / 3 = 35.74666… → 35.747 mg (half up, to the microgram)
    assert three.per_serving_mg == Decimal("35.747")
    assert three.mg_for_servings(Fraction(3)) == Decimal("107.24")  # never rounded twice


@pytest.mark.parametrize(
    ("mg", "servings", "eaten", "expected"),
    [
        (Decimal("0.001"), 2, Fraction(1), Decimal("0.001")),  # 0.0005 rounds half up
        (Decimal("100"), 3, Fraction(1, 2), Decimal("16.667")),
        (Decimal("84"), 1, Fraction(2), Decimal("168")),
    ],
)
def test_servings_mg_rounds_once_half_up(mg, servings, eaten, expected):
    assert servings_mg(mg, servings, eaten) == expected


def test_an_unknown_ingredient_makes_the_figure_a_minimum_never_zero():
    figures = recipe_magnesium([Ingredient("oats", Decimal(84)), Ingredient("cheddar", None)], 1)
    assert figures.is_minimum
    assert figures.total_mg == Decimal(84)
    assert magnesium_phrase(figures.total_mg, figures.missing) == (
        "at least 84 mg; cheddar has no magnesium value"
    )
    two = recipe_magnesium(
        [Ingredient("a", Decimal(1)), Ingredient("brie", None), Ingredient("cheddar", None)], 1
    )
    assert magnesium_phrase(two.total_mg, two.missing).endswith(
        "brie and cheddar have no magnesium value"
    )


def test_all_unknown_is_unknown():
    figures = recipe_magnesium([Ingredient("cheddar", None)], 2)
    assert figures.total_mg is None and figures.per_serving_mg is None
    assert magnesium_phrase(figures.total_mg) == "magnesium unknown"


def test_shares_of_the_known_total():
    assert shares_percent([Decimal(30), Decimal(10), None], Decimal(40)) == [75, 25, None]


@pytest.mark.parametrize("text", ["0", "101", "1.5", "-1", "", "four", "1,000", "1e3"])
def test_servings_refused(text):
    with pytest.raises(QuantityError, match="a whole number from 1 to 100"):
        read_servings(text)


@pytest.mark.parametrize(("text", "servings"), [("1", 1), (" 4 ", 4), ("100", 100)])
def test_servings_read(text, servings):
    assert read_servings(text) == servings
