"""The meal preselected from the time of day (issue 11): a guess the person can change."""

from __future__ import annotations

from datetime import time

import pytest

from tracker.domain.entries import Meal, meal_for_time


@pytest.mark.parametrize(
    ("at", "meal"),
    [
        (time(0, 0), Meal.BREAKFAST),
        (time(6, 45), Meal.BREAKFAST),
        (time(10, 29, 59), Meal.BREAKFAST),
        (time(10, 30), Meal.LUNCH),  # "before 10:30 breakfast": 10:30 itself is lunch
        (time(14, 59), Meal.LUNCH),
        (time(15, 0), Meal.DINNER),
        (time(20, 59), Meal.DINNER),
        (time(21, 0), Meal.SNACK),
        (time(23, 59), Meal.SNACK),
    ],
)
def test_meal_for_time(at, meal):
    assert meal_for_time(at) is meal
