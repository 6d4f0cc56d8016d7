"""A recipe's magnesium: the whole recipe, one serving, a logged amount; unknown stays unknown.

An ingredient whose magnesium is not in the data (a custom food from a label that gave none)
is never counted as 0: the recipe's figure is then a minimum, said so in plain words ("at
least 84 mg; cheddar has no magnesium value"). Exact decimals throughout; an amount of a
recipe is rounded once, to the microgram, where it is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from tracker.domain.totals import (
    QuantityError,
    display_row_mg,
    percent_of,
    read_exact_quantity,
    ug_to_mg,
)
from tracker.formatting import and_list, plural

# A recipe makes 1 to 100 servings, whole numbers: a pot of soup for 8, a cake for 12.
MIN_SERVINGS = 1
MAX_SERVINGS = 100
MAX_INGREDIENTS = 40
SERVING_KEY = "serving"
SERVINGS_MESSAGE = (
    f"Enter how many servings the recipe makes: a whole number from {MIN_SERVINGS} "
    f"to {MAX_SERVINGS}."
)
SERVING_LABEL = "1 serving"


@dataclass(frozen=True)
class Ingredient:
    """One ingredient as the arithmetic sees it: its name and its magnesium (None: unknown)."""

    name: str
    magnesium_mg: Decimal | None


@dataclass(frozen=True)
class RecipeMagnesium:
    """The magnesium of a whole recipe and of one serving, and which ingredients lack a value."""

    known_mg: Decimal  # the ingredients with a value, added exactly
    servings: int
    missing: tuple[str, ...]  # names of the ingredients with no magnesium value
    any_known: bool

    @property
    def is_minimum(self) -> bool:
        """True when some ingredient has no value: the figures are "at least"."""
        return bool(self.missing) and self.any_known

    @property
    def total_mg(self) -> Decimal | None:
        """The whole recipe's magnesium (a minimum when is_minimum); None if nothing is known."""
        return self.known_mg if self.any_known else None

    def mg_for_servings(self, servings_eaten: Decimal | Fraction) -> Decimal | None:
        """The magnesium in a number of servings, exact to the microgram (rounded half up)."""
        if not self.any_known:
            return None
        return servings_mg(self.known_mg, self.servings, Fraction(servings_eaten))

    @property
    def per_serving_mg(self) -> Decimal | None:
        """One serving's magnesium, to the microgram."""
        return self.mg_for_servings(Fraction(1))


def recipe_magnesium(ingredients: Sequence[Ingredient], servings: int) -> RecipeMagnesium:
    """Add up a recipe's ingredients; an ingredient without a value is named, never 0."""
    check_servings(servings)
    known = [i.magnesium_mg for i in ingredients if i.magnesium_mg is not None]
    return RecipeMagnesium(
        known_mg=sum(known, Decimal(0)),
        servings=servings,
        missing=tuple(i.name for i in ingredients if i.magnesium_mg is None),
        any_known=bool(known),
    )


def servings_mg(recipe_mg: Decimal, servings: int, servings_eaten: Fraction) -> Decimal:
    """recipe_mg × servings_eaten / servings, rounded once to the microgram (half up)."""
    return part_mg(recipe_mg, servings_eaten / servings)


def part_mg(recipe_mg: Decimal, part: Fraction) -> Decimal:
    """The magnesium in a part of a recipe (½ of it, 300 g of its 1,200 g), to the microgram."""
    return ug_to_mg(_round_half_up(Fraction(recipe_mg) * part * 1000))


def _round_half_up(value: Fraction) -> int:
    whole, remainder = divmod(value.numerator, value.denominator)
    return whole + (1 if 2 * remainder >= value.denominator else 0)


def check_servings(servings: int) -> int:
    """A recipe's servings: a whole number from 1 to 100, or QuantityError."""
    if not MIN_SERVINGS <= servings <= MAX_SERVINGS:
        raise QuantityError(SERVINGS_MESSAGE)
    return servings


def read_servings(text: str) -> int:
    """The Servings field: "4" → 4; "0", "1.5", "1000", "four" → QuantityError saying why."""
    cleaned = (text or "").strip()
    try:
        value = read_exact_quantity(cleaned) if cleaned else None
    except QuantityError:
        value = None
    if value is None or value.denominator != 1:
        raise QuantityError(SERVINGS_MESSAGE)
    return check_servings(int(value))


def shares_percent(
    ingredient_mg: Iterable[Decimal | None], total_mg: Decimal | None
) -> list[int | None]:
    """Each ingredient's share of the recipe's known magnesium, whole percent (None: unknown)."""
    return [None if mg is None else percent_of(mg, total_mg) or 0 for mg in ingredient_mg]


def missing_phrase(missing: Sequence[str]) -> str:
    """ "cheddar has no magnesium value"; "cheddar and brie have no magnesium value"."""
    if not missing:
        return ""
    return f"{and_list(tuple(missing))} {plural(len(missing), 'has', 'have')} no magnesium value"


def magnesium_phrase(mg: Decimal | None, missing: Sequence[str] = ()) -> str:
    """A recipe's (or a logged serving's) magnesium in words: "107 mg", "at least 84 mg;
    cheddar has no magnesium value", or "magnesium unknown" when no ingredient has a value."""
    if mg is None:
        return "magnesium unknown"
    if missing:
        return f"at least {display_row_mg(mg)} mg; {missing_phrase(missing)}"
    return f"{display_row_mg(mg)} mg"
