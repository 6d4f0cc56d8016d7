"""What a logged food entry is: a food (or mg typed in) eaten at a meal."""

from __future__ import annotations

from datetime import time
from enum import StrEnum


class EntryKind(StrEnum):
    """A food from the database or the user's own, a quick add (mg typed in, no food), or
    servings of one of the user's recipes (its magnesium copied when logged)."""

    FOOD = "food"
    QUICK_ADD = "quick_add"
    RECIPE = "recipe"


class Meal(StrEnum):
    """The meals of a day, in the order the day page lists them."""

    BREAKFAST = "breakfast"
    LUNCH = "lunch"
    DINNER = "dinner"
    SNACK = "snack"

    @property
    def label(self) -> str:
        """The meal as the pages write it: "Breakfast"."""
        return self.value.capitalize()

    @property
    def rank(self) -> int:
        """The meal's place in the day (breakfast first)."""
        return _ORDER.index(self)


_ORDER = tuple(Meal)


def meal_rank(meal: Meal | None) -> int:
    """Where entries of a meal are listed: breakfast to snack, then those with no meal."""
    return len(_ORDER) if meal is None else meal.rank


# The meal preselected for a food logged at a time of day: until each time (exclusive), that
# meal; after the last, a snack. A guess the person can change, never a rule about eating.
MEAL_TIMES: tuple[tuple[time, Meal], ...] = (
    (time(10, 30), Meal.BREAKFAST),
    (time(15, 0), Meal.LUNCH),
    (time(21, 0), Meal.DINNER),
)


def meal_for_time(at: time) -> Meal:
    """The meal a food logged at this time most likely belongs to: before 10:30 breakfast,
    to 15:00 lunch, to 21:00 dinner, otherwise a snack."""
    for until, meal in MEAL_TIMES:
        if at < until:
            return meal
    return Meal.SNACK
