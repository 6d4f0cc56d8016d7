"""Every logged item of a date range, one line each, as the entries CSV shows them.

Foods first in meal order as on the day page, then supplements, magnesium-containing medicines
and medicine doses by time. Numbers are exact, as stored: the CSV writes them unrounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from tracker.diary.operations import amount_text
from tracker.domain.entries import EntryKind, Meal, meal_rank
from tracker.domain.supplements import ProductKind
from tracker.domain.totals import display_quantity, micro_to_quantity, milligrams_to_grams, ug_to_mg
from tracker.extensions import db
from tracker.formatting import plural
from tracker.models import Food, FoodEntry, SupplementEntry, User
from tracker.models import MedicineDose as MedicineDoseRow

KIND_FOOD = "food"
KIND_QUICK_ADD = "quick add"
KIND_SUPPLEMENT = "supplement"
KIND_MEDICINE = "medicine"
SOURCE_CUSTOM = "custom"


@dataclass(frozen=True)
class EntryLine:
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


def _line_order(day: date, meal: Meal | None, at: time | None, group: int, row_id: int) -> tuple:
    # As on the day page: foods by meal (breakfast to snack, then none) and time, then
    # supplements and medicines by time; untimed items after timed ones.
    return (day, group, meal_rank(meal), at is None, at or time.min, row_id)


def entry_lines(user: User, start: date, end: date) -> list[EntryLine]:
    """Every food, quick add, supplement, medicine and medicine dose logged in the range."""
    lines: list[EntryLine] = []
    for entry, ndb_number in db.session.execute(
        db.select(FoodEntry, Food.ndb_number)
        .outerjoin(Food, Food.id == FoodEntry.food_id)
        .where(FoodEntry.user_id == user.id, FoodEntry.day.between(start, end))
    ):
        quick = entry.kind is EntryKind.QUICK_ADD
        lines.append(
            EntryLine(
                day=entry.day,
                time=entry.time,
                meal="" if entry.meal is None else entry.meal.label,
                kind=KIND_QUICK_ADD if quick else KIND_FOOD,
                item=entry.item_name,
                source=ndb_number or SOURCE_CUSTOM,
                amount="" if quick else amount_text(entry),
                grams=None if entry.grams_milli is None else milligrams_to_grams(entry.grams_milli),
                magnesium_mg=None if entry.magnesium_ug is None else ug_to_mg(entry.magnesium_ug),
                form="",
                mg_per_unit=None,
                order=_line_order(entry.day, entry.meal, entry.time, 0, entry.id),
            )
        )
    for entry in db.session.execute(
        db.select(SupplementEntry).where(
            SupplementEntry.user_id == user.id, SupplementEntry.day.between(start, end)
        )
    ).scalars():
        units = display_quantity(micro_to_quantity(entry.units_micro))
        lines.append(
            EntryLine(
                day=entry.day,
                time=entry.time,
                meal="",
                kind=KIND_MEDICINE if entry.kind is ProductKind.MEDICINE else KIND_SUPPLEMENT,
                item=entry.name,
                source=SOURCE_CUSTOM,
                amount=f"{units} {plural(units, 'unit')}",
                grams=None,
                magnesium_mg=ug_to_mg(entry.magnesium_ug),
                form=entry.form.label,
                mg_per_unit=ug_to_mg(entry.magnesium_ug_per_unit),
                order=_line_order(entry.day, None, entry.time, 1, entry.id),
            )
        )
    for dose in db.session.execute(
        db.select(MedicineDoseRow).where(
            MedicineDoseRow.user_id == user.id, MedicineDoseRow.day.between(start, end)
        )
    ).scalars():
        lines.append(
            EntryLine(
                day=dose.day,
                time=dose.time,
                meal="",
                kind=KIND_MEDICINE,
                item=dose.medicine_name,
                source=SOURCE_CUSTOM,
                amount="1 dose",
                grams=None,
                magnesium_mg=None,
                form=f"{dose.medicine_class.label}; logged for timing, no magnesium",
                mg_per_unit=None,
                order=_line_order(dose.day, None, dose.time, 1, dose.id),
            )
        )
    return sorted(lines, key=lambda line: line.order)
