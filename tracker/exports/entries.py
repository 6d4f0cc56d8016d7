"""Every logged item of a date range, one line each, as the entries CSV shows them.

Foods first in meal order as on the day page, then supplements, magnesium-containing medicines
and medicine doses by time. Numbers are exact, as stored: the CSV writes them unrounded.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from datetime import date, time
from decimal import Decimal
from typing import NamedTuple, TypeVar

from tracker.domain.cronometer import imported_from
from tracker.domain.entries import EntryKind, Meal, meal_rank
from tracker.domain.supplements import ProductKind
from tracker.domain.totals import amount_text as domain_amount_text
from tracker.domain.totals import (
    display_quantity,
    micro_to_quantity,
    milligrams_to_grams,
    ug_to_mg,
)
from tracker.extensions import db
from tracker.formatting import plural
from tracker.models import Food, FoodEntry, SupplementEntry, User
from tracker.models import MedicineDose as MedicineDoseRow

KIND_FOOD = "food"
KIND_QUICK_ADD = "quick add"
KIND_RECIPE = "recipe"
KIND_SUPPLEMENT = "supplement"
KIND_MEDICINE = "medicine"
SOURCE_CUSTOM = "custom"

_T = TypeVar("_T")


class EntryLine(NamedTuple):
    """One logged item as the entries CSV shows it; numbers are exact, as stored."""

    day: date
    time: time | None
    meal: str
    kind: str
    item: str
    source: str
    amount: str
    grams: Decimal | None
    magnesium_mg: Decimal | None  # None: unknown (a food) or none at all (a medicine dose)
    form: str
    mg_per_unit: Decimal | None
    order: tuple = ()
    imported_from: str = ""  # "Cronometer" for a row imported from it
    # A named tuple, not a dataclass: an export makes tens of thousands of them.


def _line_order(day: date, meal: Meal | None, at: time | None, group: int, row_id: int) -> tuple:
    # As on the day page: foods by meal (breakfast to snack, then none) and time, then
    # supplements and medicines by time; untimed items after timed ones.
    return (day, group, meal_rank(meal), at is None, at or time.min, row_id)


def _memo(convert: Callable[..., _T]) -> Callable[..., _T]:
    # Years of logging repeat the same few hundred names, amounts and numbers: convert each
    # distinct value once per export.
    return functools.lru_cache(maxsize=4096)(convert)


def _exact_grams(milli: int | None) -> Decimal | None:
    return None if milli is None else milligrams_to_grams(milli)


def _exact_mg(ug: int | None) -> Decimal | None:
    return None if ug is None else ug_to_mg(ug)


def _portions_text(quantity_micro: int, portion_label: str) -> str:
    return domain_amount_text(micro_to_quantity(quantity_micro), portion_label)


def _units_text(units_micro: int) -> str:
    units = display_quantity(micro_to_quantity(units_micro))
    return f"{units} {plural(units, 'unit')}"


def entry_lines(user: User, start: date, end: date) -> list[EntryLine]:
    """Every food, quick add, supplement, medicine and medicine dose logged in the range.

    One query per table for only the columns shown (no ORM objects: years of data are tens
    of thousands of rows), each distinct value converted once.
    """
    grams, mg = _memo(_exact_grams), _memo(_exact_mg)
    portions_text, units_text = _memo(_portions_text), _memo(_units_text)
    lines: list[EntryLine] = []
    db.session.flush()
    connection = db.session.connection()  # plain Core rows, not through the ORM
    meal_labels: dict[Meal | None, str] = {meal: meal.label for meal in Meal} | {None: ""}
    meal_ranks = {meal: meal_rank(meal) for meal in meal_labels}
    for (
        row_id,
        day,
        at,
        meal,
        kind,
        item_name,
        quantity_micro,
        portion_label,
        grams_milli,
        magnesium_ug,
        ndb_number,
        origin,
    ) in connection.execute(
        db.select(
            FoodEntry.id,
            FoodEntry.day,
            FoodEntry.time,
            FoodEntry.meal,
            FoodEntry.kind,
            FoodEntry.item_name,
            FoodEntry.quantity_micro,
            FoodEntry.portion_label,
            FoodEntry.grams_milli,
            FoodEntry.magnesium_ug,
            Food.ndb_number,
            FoodEntry.origin,
        )
        .outerjoin(Food, Food.id == FoodEntry.food_id)
        .where(FoodEntry.user_id == user.id, FoodEntry.day.between(start, end))
    ):
        quick = kind is EntryKind.QUICK_ADD
        lines.append(
            EntryLine(
                day,
                at,
                meal_labels[meal],
                KIND_QUICK_ADD if quick else KIND_RECIPE if kind is EntryKind.RECIPE else KIND_FOOD,
                item_name,
                ndb_number or SOURCE_CUSTOM,
                "" if quick else portions_text(quantity_micro, portion_label),
                grams(grams_milli),
                mg(magnesium_ug),
                "",
                None,
                # As _line_order, inline: most lines of an export are foods.
                (day, 0, meal_ranks[meal], at is None, at or time.min, row_id),
                imported_from(origin) if origin else "",
            )
        )
    for row in connection.execute(
        db.select(
            SupplementEntry.id,
            SupplementEntry.day,
            SupplementEntry.time,
            SupplementEntry.kind,
            SupplementEntry.name,
            SupplementEntry.form,
            SupplementEntry.units_micro,
            SupplementEntry.magnesium_ug,
            SupplementEntry.magnesium_ug_per_unit,
            SupplementEntry.origin,
        ).where(SupplementEntry.user_id == user.id, SupplementEntry.day.between(start, end))
    ):
        lines.append(
            EntryLine(
                day=row.day,
                time=row.time,
                meal="",
                kind=KIND_MEDICINE if row.kind is ProductKind.MEDICINE else KIND_SUPPLEMENT,
                item=row.name,
                source=SOURCE_CUSTOM,
                amount=units_text(row.units_micro),
                grams=None,
                magnesium_mg=mg(row.magnesium_ug),
                form=row.form.label,
                mg_per_unit=mg(row.magnesium_ug_per_unit),
                order=_line_order(row.day, None, row.time, 1, row.id),
                imported_from=imported_from(row.origin),
            )
        )
    for row in connection.execute(
        db.select(
            MedicineDoseRow.id,
            MedicineDoseRow.day,
            MedicineDoseRow.time,
            MedicineDoseRow.medicine_name,
            MedicineDoseRow.medicine_class,
        ).where(MedicineDoseRow.user_id == user.id, MedicineDoseRow.day.between(start, end))
    ):
        lines.append(
            EntryLine(
                day=row.day,
                time=row.time,
                meal="",
                kind=KIND_MEDICINE,
                item=row.medicine_name,
                source=SOURCE_CUSTOM,
                amount="1 dose",
                grams=None,
                magnesium_mg=None,
                form=f"{row.medicine_class.label}; logged for timing, no magnesium",
                mg_per_unit=None,
                order=_line_order(row.day, None, row.time, 1, row.id),
            )
        )
    return sorted(lines, key=operator.attrgetter("order"))
