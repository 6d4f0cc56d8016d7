"""The day's log: every read and write of food entries, and the day's numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from tracker.auth.operations import profile_of, reference_intake_for
from tracker.domain.reference import ReferenceIntake
from tracker.domain.totals import (
    MAX_QUANTITY,
    DayTotals,
    check_grams,
    day_totals,
    display_grams,
    display_mg,
    display_quantity,
    grams_for,
    grams_to_milligrams,
    magnesium_mg_for,
    mg_to_ug,
    milligrams_to_grams,
    parse_quantity,
    percent_of,
    quantity_to_micro,
    ug_to_mg,
    whole_mg,
)
from tracker.extensions import db
from tracker.foods.catalog import CatalogFood, CatalogPortion
from tracker.foods.operations import GRAM_KEY, standard_portions
from tracker.models import FoodEntry, User

GRAMS_QUANTITY_LIMIT = Decimal(10**9)
MEALS = ("breakfast", "lunch", "dinner", "snack")
MEAL_LABELS = {"breakfast": "Breakfast", "lunch": "Lunch", "dinner": "Dinner", "snack": "Snack"}


class EntryError(ValueError):
    """A user-facing reason an entry cannot be saved; nothing was changed."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class FoodEntryInput:
    food: CatalogFood
    portion_key: str
    quantity_text: str
    meal: str | None
    time: time | None


def portion_choices(food: CatalogFood) -> list[tuple[str, str]]:
    """Return the (key, label) options of the Portion select for a food."""
    return [(p.key, p.label) for p in standard_portions(food.portions)]


def _entry_values(data: FoodEntryInput) -> dict[str, object]:
    """Turn the form's choices into the stored, exact numbers, or raise EntryError."""
    portion = next(
        (p for p in standard_portions(data.food.portions) if p.key == data.portion_key), None
    )
    if portion is None:
        raise EntryError("portion", "Choose one of the portions listed for this food.")
    try:
        # In grams the 5 kg limit decides, not the count of portions.
        limit = GRAMS_QUANTITY_LIMIT if portion.key == GRAM_KEY else MAX_QUANTITY
        quantity = parse_quantity(data.quantity_text, limit)
        grams = grams_for(milligrams_to_grams(portion.grams_milli), quantity)
        check_grams(grams)
    except ValueError as error:
        raise EntryError("quantity", str(error)) from error
    mg_per_100g = (
        None
        if data.food.magnesium_ug_per_100g is None
        else ug_to_mg(data.food.magnesium_ug_per_100g)
    )
    magnesium = magnesium_mg_for(mg_per_100g, grams)
    if data.meal is not None and data.meal not in MEALS:
        raise EntryError("meal", "Choose breakfast, lunch, dinner or snack.")
    return {
        "food_id": data.food.id or None,  # 0: rebuilt from an entry whose food is gone
        "item_name": data.food.name,
        "portion_label": portion.label,
        "portion_grams_milli": portion.grams_milli,
        "quantity_text": data.quantity_text.strip()[:20],
        "quantity_micro": quantity_to_micro(quantity),
        "grams_milli": grams_to_milligrams(grams),
        "magnesium_ug": None if magnesium is None else mg_to_ug(magnesium),
        "meal": data.meal,
        "time": data.time,
    }


def add_food_entry(user: User, day: date, data: FoodEntryInput) -> FoodEntry:
    """Log a food on a day, or raise EntryError without changing anything."""
    entry = FoodEntry(user_id=user.id, day=day, **_entry_values(data))
    db.session.add(entry)
    db.session.commit()
    return entry


def update_food_entry(entry: FoodEntry, data: FoodEntryInput) -> None:
    """Change an entry's portion, quantity, meal or time, or raise EntryError."""
    for name, value in _entry_values(data).items():
        setattr(entry, name, value)
    db.session.commit()


def delete_food_entry(entry: FoodEntry) -> None:
    """Delete an entry."""
    db.session.delete(entry)
    db.session.commit()


def food_entry_or_404(user: User, entry_id: int) -> FoodEntry:
    """Return one of the user's entries, or abort with 404 (another user's id included)."""
    return db.first_or_404(
        db.select(FoodEntry).where(FoodEntry.id == entry_id, FoodEntry.user_id == user.id)
    )


def snapshot_food(entry: FoodEntry) -> CatalogFood:
    """Rebuild a food from an entry's own record, for entries whose food was deleted."""
    mg_per_100g_ug = None
    if entry.magnesium_ug is not None and entry.grams_milli:
        # ug per 100 g = ug / (grams_milli / 1000 g) * 100
        mg_per_100g_ug = round(entry.magnesium_ug * 100_000 / entry.grams_milli)
    own = ()
    if entry.portion_label not in ("g", "oz") and entry.portion_grams_milli:
        own = (CatalogPortion("0", entry.portion_label, entry.portion_grams_milli),)
    return CatalogFood(
        id=entry.food_id or 0,
        ndb_number=None,
        name=entry.item_name,
        food_group=None,
        magnesium_ug_per_100g=mg_per_100g_ug,
        portions=own,
    )


def portion_key_of(entry: FoodEntry, food: CatalogFood) -> str:
    """Return the Portion option that matches how an entry was logged."""
    for portion in standard_portions(food.portions):
        if (
            portion.label == entry.portion_label
            and portion.grams_milli == entry.portion_grams_milli
        ):
            return portion.key
    return GRAM_KEY


# --- the day page --------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryRow:
    id: int
    meal: str | None
    time: time | None
    item_name: str
    amount: str
    grams: str
    magnesium: str
    magnesium_known: bool


@dataclass(frozen=True)
class DayNumbers:
    totals: DayTotals
    reference: ReferenceIntake
    percent: int
    total_whole_mg: int
    food_text: str
    total_text: str


@dataclass(frozen=True)
class DayView:
    day: date
    entries: list[EntryRow]
    numbers: DayNumbers
    profile_complete: bool


def amount_text(entry: FoodEntry) -> str:
    """Describe how much was logged: "1 cup", "2 × 1 cup", "150 g" or "2 oz"."""
    quantity = display_quantity(Decimal(entry.quantity_micro) / 1_000_000)
    if entry.portion_label in ("g", "oz"):
        return f"{quantity} {entry.portion_label}"
    if quantity == "1":
        return entry.portion_label
    return f"{quantity} \u00d7 {entry.portion_label}"


def _meal_order(entry: FoodEntry) -> tuple[int, time, int]:
    meal_rank = MEALS.index(entry.meal) if entry.meal in MEALS else len(MEALS)
    return (meal_rank, entry.time or time.max, entry.id)


def day_numbers(totals: DayTotals, reference: ReferenceIntake) -> DayNumbers:
    """Return the day's figures as the page shows them, all rounded by the domain."""
    return DayNumbers(
        totals=totals,
        reference=reference,
        percent=percent_of(totals.total_mg, reference.mg) or 0,
        total_whole_mg=whole_mg(totals.total_mg),
        food_text=display_mg(totals.food_mg),
        total_text=display_mg(totals.total_mg),
    )


def day_view(user: User, day: date) -> DayView:
    """Load a user's day and compute its numbers."""
    entries = sorted(
        db.session.execute(
            db.select(FoodEntry).where(FoodEntry.user_id == user.id, FoodEntry.day == day)
        ).scalars(),
        key=_meal_order,
    )
    food_mg = [None if e.magnesium_ug is None else ug_to_mg(e.magnesium_ug) for e in entries]
    totals = day_totals(food_mg, [])
    rows = [
        EntryRow(
            id=entry.id,
            meal=entry.meal,
            time=entry.time,
            item_name=entry.item_name,
            amount=amount_text(entry),
            grams=display_grams(milligrams_to_grams(entry.grams_milli or 0)),
            magnesium=display_mg(mg),
            magnesium_known=mg is not None,
        )
        for entry, mg in zip(entries, food_mg, strict=True)
    ]
    reference = reference_intake_for(user, day)
    return DayView(
        day=day,
        entries=rows,
        numbers=day_numbers(totals, reference),
        profile_complete=profile_of(user).is_complete,
    )
