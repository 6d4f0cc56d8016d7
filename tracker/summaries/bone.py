"""Calcium and vitamin D of a range of days, summed in SQL over the entries' own snapshot
columns (the same columns the day page adds up with tracker.domain.bone_nutrients.bone_day).

Two GROUP BY queries on the (user_id, day) indexes, like the magnesium sums beside them.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func

from tracker.auth.operations import profile_of
from tracker.domain.bone_nutrients import (
    BoneDay,
    BonePeriod,
    Nutrient,
    NutrientDay,
    NutrientPart,
    bone_period,
)
from tracker.extensions import db
from tracker.models import FoodEntry, SupplementEntry, User

_NONE = (0, 0, 0, 0, 0)


def _sums(model: type[FoodEntry] | type[SupplementEntry], user: User, start: date, end: date):
    rows = db.session.execute(
        db.select(
            model.day,
            func.count(),
            func.sum(model.calcium_ug),
            func.count(model.calcium_ug),
            func.sum(model.vitamin_d_ng),
            func.count(model.vitamin_d_ng),
        )
        .where(model.user_id == user.id, model.day.between(start, end))
        .group_by(model.day)
    )
    return {
        day: (items, ca or 0, ca_known, vd or 0, vd_known)
        for day, items, ca, ca_known, vd, vd_known in rows
    }


def bone_days(user: User, start: date, end: date) -> dict[date, BoneDay]:
    """Each logged day's calcium and vitamin D from start to end, food and supplements apart."""
    food = _sums(FoodEntry, user, start, end)
    supplements = _sums(SupplementEntry, user, start, end)
    days = {}
    for day in food.keys() | supplements.keys():
        f_items, f_ca, f_ca_known, f_vd, f_vd_known = food.get(day, _NONE)
        s_items, s_ca, s_ca_known, s_vd, s_vd_known = supplements.get(day, _NONE)
        days[day] = BoneDay(
            calcium=NutrientDay(
                Nutrient.CALCIUM,
                NutrientPart(int(f_ca), f_ca_known, f_items),
                NutrientPart(int(s_ca), s_ca_known, s_items),
            ),
            vitamin_d=NutrientDay(
                Nutrient.VITAMIN_D,
                NutrientPart(int(f_vd), f_vd_known, f_items),
                NutrientPart(int(s_vd), s_vd_known, s_items),
            ),
        )
    return days


def bone_period_of(user: User, start: date, end: date) -> BonePeriod:
    """Calcium and vitamin D daily averages over the logged days from start to end."""
    return bone_period(bone_days(user, start, end), profile_of(user))
