"""The day's log: every read and write of food entries, and the day's numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Protocol

from flask import abort
from sqlalchemy import BindParameter, bindparam, func

from tracker.auth.operations import profile_of, reference_intake_for
from tracker.dbtypes import max_length
from tracker.diary.bone_panel import BonePanel, bone_panel
from tracker.domain.bone_nutrients import calcium_ug_for, scaled, vitamin_d_ng_for
from tracker.domain.cronometer import imported_from
from tracker.domain.entries import EntryKind, Meal, meal_rank
from tracker.domain.errors import ValidationError
from tracker.domain.quick_add import clean_description, parse_quick_add_mg
from tracker.domain.recipes import magnesium_phrase
from tracker.domain.reference import ReferenceIntake, UpperLimit, missing_for_life_stage
from tracker.domain.totals import (
    MAX_QUANTITY,
    DayTotals,
    QuantityError,
    amount_with_grams,
    check_grams,
    day_totals,
    display_grams,
    display_mg,
    display_percent_of_reference,
    display_row_mg,
    display_supplemental_mg,
    display_total_mg,
    grams_for,
    grams_to_milligrams,
    magnesium_mg_for,
    mg_column,
    mg_to_ug,
    micro_to_quantity,
    milligrams_to_grams,
    parse_quantity,
    percent_of,
    portion_option_text,
    quantity_to_micro,
    ug_to_mg,
    whole_mg,
)
from tracker.domain.totals import amount_text as domain_amount_text
from tracker.extensions import db, read_rows
from tracker.foods.catalog import CatalogFood, CatalogPortion
from tracker.foods.operations import GRAM_KEY, default_portion_of, food_for, standard_portions
from tracker.formatting import exact_text, long_date
from tracker.models import DayStatus, FavouriteFood, Food, FoodEntry, User
from tracker.recipes.loggable import (
    MISSING_SEPARATOR,
    RecipeFood,
    missing_names,
    recipe_choice_id,
    recipe_food,
    recipe_part,
    serving_bone_values,
    serving_snapshot,
)
from tracker.supplements.day import SupplementDay, supplement_day
from tracker.supplements.operations import stage_supplement_copies

GRAMS_QUANTITY_LIMIT = Decimal(10**9)


CHOOSE_MEAL = "Choose breakfast, lunch, dinner or snack."


@dataclass(frozen=True)
class FoodEntryInput:
    food: CatalogFood
    portion_key: str
    quantity_text: str
    meal: Meal | str | None
    time: time | None


def _meal(
    value: Meal | str | None, message: str = "Choose breakfast, lunch, dinner or snack."
) -> Meal | None:
    """The meal chosen ("" or None: no meal), or ValidationError for anything else."""
    if not value:
        return None
    try:
        return Meal(value)
    except ValueError as error:
        raise ValidationError("meal", message) from error


def loggable_portions(food: CatalogFood) -> tuple[CatalogPortion, ...]:
    """The portions a food may be logged in: its own, grams and ounces; a recipe, servings."""
    if isinstance(food, RecipeFood):
        return food.portions
    return standard_portions(food.portions)


def loggable_for(raw_id: str, user: User) -> CatalogFood | None:
    """What the Add form's food field names ("123" a food, "recipe-7" a recipe), if the user
    may log it: a USDA food, one of their own foods or recipes; else None."""
    raw = str(raw_id or "")
    recipe_id = recipe_choice_id(raw)
    if recipe_id is not None:
        return recipe_food(recipe_id, user)
    if not raw.isdigit() or len(raw) > 10:
        return None
    return food_for(int(raw), user)


def portion_choices(food: CatalogFood) -> list[tuple[str, str]]:
    """Return the (key, text) options of the Portion select for a food: "1 large (50 g)"."""
    return [
        (p.key, portion_option_text(p.label, milligrams_to_grams(p.grams_milli)))
        for p in loggable_portions(food)
    ]


@dataclass(frozen=True)
class EntryAmount:
    """What a portion and quantity of a food come to, exactly as an entry stores them."""

    portion: CatalogPortion
    quantity: Decimal
    grams: Decimal
    magnesium_mg: Decimal | None
    # A recipe's ingredients with no magnesium value: magnesium_mg is then a minimum.
    missing: tuple[str, ...] = ()

    @property
    def amount_text(self) -> str:
        """ "2 × 1 large (100 g)", "150 g"."""
        return amount_with_grams(self.quantity, self.portion.label, self.grams)

    @property
    def magnesium_text(self) -> str:
        """ "12 mg", "0.4 mg", "at least 84 mg; cheddar has no magnesium value" or
        "magnesium unknown"."""
        return magnesium_text(self.magnesium_mg, self.missing)


def magnesium_text(mg: Decimal | None, missing: tuple[str, ...] = ()) -> str:
    """An item's magnesium as a sentence writes it: "12 mg", "0.4 mg", "magnesium unknown";
    a recipe missing some values, "at least 84 mg; cheddar has no magnesium value"."""
    return magnesium_phrase(mg, missing)


def entry_amount(food: CatalogFood, portion_key: str, quantity_text: str) -> EntryAmount:
    """The grams and magnesium of a quantity of one of a food's portions, or ValidationError.

    The one computation behind Add, Save, the preview before Add and every suggestion.
    """
    portion = next((p for p in loggable_portions(food) if p.key == portion_key), None)
    if portion is None:
        raise ValidationError("portion", "Choose one of the portions listed for this food.")
    try:
        # In grams the 5 kg limit decides, not the count of portions.
        limit = GRAMS_QUANTITY_LIMIT if portion.key == GRAM_KEY else MAX_QUANTITY
        quantity = parse_quantity(quantity_text, limit)
        grams = grams_for(milligrams_to_grams(portion.grams_milli), quantity)
        check_grams(grams)
    except ValueError as error:
        raise ValidationError("quantity", str(error)) from error
    if isinstance(food, RecipeFood):
        return EntryAmount(portion, quantity, grams, recipe_part(food, quantity), food.missing)
    mg_per_100g = (
        None if food.magnesium_ug_per_100g is None else ug_to_mg(food.magnesium_ug_per_100g)
    )
    return EntryAmount(portion, quantity, grams, magnesium_mg_for(mg_per_100g, grams))


def bone_snapshot(
    food_id: int | None, grams: Decimal, previous: FoodEntry | None = None
) -> dict[str, int | None]:
    """An entry's calcium (µg) and vitamin D (ng) for an amount of a food, None when unknown.

    From the food's own values; an entry whose food is gone scales its own snapshot.
    """
    food = db.session.get(Food, food_id) if food_id else None
    if food is not None:
        return {
            "calcium_ug": calcium_ug_for(food.calcium_mg_per_100g, grams),
            "vitamin_d_ng": vitamin_d_ng_for(food.vitamin_d_iu_per_100g, grams),
        }
    if previous is None or not previous.grams_milli:
        return {"calcium_ug": None, "vitamin_d_ng": None}
    ratio = Decimal(grams_to_milligrams(grams)) / previous.grams_milli
    return {
        "calcium_ug": scaled(previous.calcium_ug, ratio),
        "vitamin_d_ng": scaled(previous.vitamin_d_ng, ratio),
    }


def _entry_values(data: FoodEntryInput, previous: FoodEntry | None = None) -> dict[str, object]:
    """Turn the form's choices into the stored, exact numbers, or raise ValidationError."""
    amount = entry_amount(data.food, data.portion_key, data.quantity_text)
    magnesium = amount.magnesium_mg
    meal = _meal(data.meal)
    recipe = data.food if isinstance(data.food, RecipeFood) else None
    return {
        # A recipe's from its ingredients when logged; an edited serving scales its own copy.
        **(
            serving_bone_values(recipe, amount.grams)
            if recipe is not None and previous is None
            else bone_snapshot(None if recipe else data.food.id, amount.grams, previous)
        ),
        # 0: rebuilt from an entry whose food is gone; a recipe is no food
        "food_id": None if recipe is not None else data.food.id or None,
        "kind": EntryKind.FOOD if recipe is None else EntryKind.RECIPE,
        "recipe_id": None if recipe is None else recipe.recipe_id,
        "magnesium_unknown_in": (
            MISSING_SEPARATOR.join(recipe.missing)[: max_length(FoodEntry.magnesium_unknown_in)]
            if recipe is not None and recipe.missing
            else None
        ),
        "item_name": data.food.name,
        "portion_label": amount.portion.label,
        "portion_grams_milli": amount.portion.grams_milli,
        "quantity_text": data.quantity_text.strip()[: max_length(FoodEntry.quantity_text)],
        "quantity_micro": quantity_to_micro(amount.quantity),
        "grams_milli": grams_to_milligrams(amount.grams),
        "magnesium_ug": None if magnesium is None else mg_to_ug(magnesium),
        "meal": meal,
        "time": data.time,
    }


def add_food_entry(user: User, day: date, data: FoodEntryInput) -> FoodEntry:
    """Log a food on a day, or raise ValidationError without changing anything."""
    entry = FoodEntry(user_id=user.id, day=day, **_entry_values(data))
    db.session.add(entry)
    db.session.commit()
    return entry


def update_food_entry(entry: FoodEntry, data: FoodEntryInput) -> None:
    """Change an entry's portion, quantity, meal or time, or raise ValidationError."""
    for name, value in _entry_values(data, entry).items():
        setattr(entry, name, value)
    db.session.commit()


def has_no_weight(entry: FoodEntry) -> bool:
    """A food entry logged without grams (imported: "1 bowl" and its magnesium): its amount
    can't be scaled, so an edit changes only its meal and time."""
    return entry.kind is EntryKind.FOOD and entry.grams_milli is None


def update_meal_and_time(entry: FoodEntry, meal: str | None, at: time | None) -> None:
    """Change only an entry's meal and time (its amount and magnesium stay as they are)."""
    entry.meal = Meal(meal) if meal else None
    entry.time = at
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
    own: tuple[CatalogPortion, ...] = ()
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


def entry_food(entry: FoodEntry, user: User) -> CatalogFood:
    """What an entry is edited with: its food, else the entry's own record of it; a logged
    serving always its own copy, so an edited or deleted recipe never changes it."""
    if entry.kind is EntryKind.RECIPE:
        return serving_snapshot(entry)
    food = food_for(entry.food_id, user) if entry.food_id is not None else None
    # The food is gone (a deleted custom food): edit with what the entry remembers.
    return food if food is not None else snapshot_food(entry)


def portion_key_of(entry: FoodEntry, food: CatalogFood) -> str:
    """Return the Portion option that matches how an entry was logged."""
    for portion in loggable_portions(food):
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
    imported_from: str = ""  # "Cronometer" for an entry imported from it (origin)
    # A logged recipe serving whose ingredients lack some values: its figure is a minimum.
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class DayNumbers:
    totals: DayTotals
    reference: ReferenceIntake
    percent: int
    total_whole_mg: int
    food_text: str
    total_text: str
    food_whole_mg: int = 0
    supplemental_whole_mg: int = 0
    # As shown beside a verdict: the total beside the reference, supplements beside the UL.
    supplemental_text: str = "0"
    percent_text: str = "0"


@dataclass(frozen=True)
class MealGroup:
    """The entries of one meal (or of none), with their subtotal as the page shows it."""

    key: str  # "breakfast" ... "snack", or "none"
    label: str  # "Breakfast" ... "Snack", or "No meal"
    entries: list[EntryRow]
    magnesium: str  # the subtotal: "84", "6.2"


@dataclass(frozen=True)
class DayView:
    day: date
    entries: list[EntryRow]
    numbers: DayNumbers
    # What the profile lacks for a life stage, when the Daily Value is used ("sex").
    life_stage_missing: tuple[str, ...] = ()
    # Supplements, medicine doses and the day's cautions (tracker.supplements).
    supplements: SupplementDay | None = None
    # The entries by meal, breakfast to snack, then those with no meal.
    meals: list[MealGroup] = field(default_factory=list)
    food_total: str = "0"  # the entries' total as the table's foot shows it
    # Some shown figures do not add up to the shown sum beside them (tracker.domain.totals).
    rounded_apart: bool = False
    # entry id -> food id of the entries of a database or own food (for logging_aids).
    food_ids: dict[int, int] = field(default_factory=dict)
    # Calcium and vitamin D ("Bone companions"); None when hidden in the profile.
    bone: BonePanel | None = None

    @property
    def minimum_entries(self) -> list[EntryRow]:
        """Logged recipe servings whose figure leaves out ingredients without a value."""
        return [row for row in self.entries if row.missing and row.magnesium_known]


NO_MEAL_KEY = "none"


class LoggedAmount(Protocol):
    """What an entry's amount is written from (a FoodEntry, or a row of its columns)."""

    kind: EntryKind
    quantity_micro: int
    portion_label: str


class _ShownEntry(LoggedAmount, Protocol):
    """An entry as the day page's table reads it (a row of _SHOWN_COLUMNS)."""

    id: int
    food_id: int | None
    meal: Meal | None
    time: time | None
    item_name: str
    grams_milli: int | None
    magnesium_ug: int | None
    magnesium_unknown_in: str | None
    origin: str | None
    calcium_ug: int | None
    vitamin_d_ng: int | None


def amount_text(entry: LoggedAmount) -> str:
    """Describe how much was logged: "1 cup", "2 × 1 cup", "150 g" or "2 oz"."""
    if entry.kind is EntryKind.QUICK_ADD:
        return "Quick add (mg typed in)"
    return domain_amount_text(micro_to_quantity(entry.quantity_micro), entry.portion_label)


def logged_text(entry: FoodEntry) -> str:
    """What an entry logged, as its confirmation says: "2 × 1 large (100 g), 12 mg"."""
    mg = magnesium_text(
        None if entry.magnesium_ug is None else ug_to_mg(entry.magnesium_ug),
        missing_names(entry.magnesium_unknown_in),
    )
    if entry.kind is EntryKind.QUICK_ADD or entry.grams_milli is None:
        return mg
    quantity = micro_to_quantity(entry.quantity_micro)
    grams = milligrams_to_grams(entry.grams_milli)
    return f"{amount_with_grams(quantity, entry.portion_label, grams)}, {mg}"


def _meal_order(entry: _ShownEntry) -> tuple[int, time, int]:
    return (meal_rank(entry.meal), entry.time or time.max, entry.id)


def day_numbers(totals: DayTotals, reference: ReferenceIntake, limit: UpperLimit) -> DayNumbers:
    """Return the day's figures as the page shows them, all rounded by the domain."""
    supplemental_text = display_supplemental_mg(totals.supplemental_mg, limit)
    return DayNumbers(
        totals=totals,
        reference=reference,
        percent=percent_of(totals.total_mg, reference.mg) or 0,
        total_whole_mg=whole_mg(totals.total_mg),
        food_text=display_mg(totals.food_mg),
        total_text=display_total_mg(totals.total_mg, reference, [supplemental_text]),
        food_whole_mg=whole_mg(totals.food_mg),
        supplemental_whole_mg=whole_mg(totals.supplemental_mg),
        supplemental_text=supplemental_text,
        percent_text=display_percent_of_reference(totals.total_mg, reference),
    )


# The day page's queries, built once: SQLAlchemy builds a statement and its cache key in
# Python each time it is written inline (about 0.15 ms each, a tenth of the page).
# The columns of an entry the page shows, read as rows: the page never changes an entry, so
# no ORM object (identity map, attribute instrumentation) is built for one.
_SHOWN_COLUMNS = (
    FoodEntry.id,
    FoodEntry.food_id,
    FoodEntry.meal,
    FoodEntry.time,
    FoodEntry.kind,
    FoodEntry.item_name,
    FoodEntry.portion_label,
    FoodEntry.quantity_micro,
    FoodEntry.grams_milli,
    FoodEntry.magnesium_ug,
    FoodEntry.magnesium_unknown_in,
    FoodEntry.origin,
    FoodEntry.calcium_ug,
    FoodEntry.vitamin_d_ng,
)
_DAY_ENTRIES = db.select(*_SHOWN_COLUMNS).where(
    FoodEntry.user_id == bindparam("user_id"), FoodEntry.day == bindparam("day")
)


def day_view(user: User, day: date) -> DayView:
    """Load a user's day and compute its numbers."""
    entries = sorted(
        read_rows(_DAY_ENTRIES, {"user_id": user.id, "day": day}),
        key=_meal_order,
    )
    food_mg = [None if e.magnesium_ug is None else ug_to_mg(e.magnesium_ug) for e in entries]
    supplements = supplement_day(user, day)
    totals = day_totals(food_mg, supplements.supplemental_mg_values)
    by_meal: dict[Meal | None, list[tuple[_ShownEntry, Decimal | None]]] = {}
    for entry, mg in zip(entries, food_mg, strict=True):
        by_meal.setdefault(entry.meal, []).append((entry, mg))
    column = mg_column([mg for _entry, mg in group] for group in by_meal.values())
    meals = []
    for (meal, group), texts, subtotal in zip(
        by_meal.items(), column.rows, column.groups, strict=True
    ):
        rows = [_entry_row(entry, mg, text) for (entry, mg), text in zip(group, texts, strict=True)]
        meals.append(
            MealGroup(
                key=NO_MEAL_KEY if meal is None else meal.value,
                label="No meal" if meal is None else meal.label,
                entries=rows,
                magnesium=subtotal,
            )
        )
    reference = reference_intake_for(user, day)
    return DayView(
        day=day,
        entries=[row for group in meals for row in group.entries],
        numbers=day_numbers(totals, reference, supplements.upper_limit),
        life_stage_missing=missing_for_life_stage(profile_of(user), day),
        supplements=supplements,
        meals=meals,
        food_total=column.total,
        rounded_apart=column.rounded_apart,
        food_ids={e.id: e.food_id for e in entries if e.food_id is not None},
        bone=bone_panel(user, day, entries, supplements.bone_items),
    )


def _entry_row(entry: _ShownEntry, mg: Decimal | None, magnesium: str) -> EntryRow:
    missing = missing_names(entry.magnesium_unknown_in)
    if missing and mg is not None:
        magnesium = f"at least {magnesium}"
    return EntryRow(
        id=entry.id,
        meal=entry.meal,
        time=entry.time,
        item_name=entry.item_name,
        amount=amount_text(entry),
        # A quick add has no weight: "" rather than a misleading "0 g".
        grams=(
            ""
            if entry.grams_milli is None
            else display_grams(milligrams_to_grams(entry.grams_milli))
        ),
        magnesium=magnesium,
        magnesium_known=mg is not None,
        imported_from=imported_from(entry.origin),
        missing=missing,
    )


# --- faster logging: recent, frequent and favourite foods; copy; quick add; completed days ---
# Separate from day_view on purpose: the view passes these results to their own partials.

RECENT_FOODS = 8
FREQUENT_FOODS = 8
FREQUENT_WINDOW_DAYS = 90
# Recent foods come from the latest entries only, never all history.
RECENT_SCAN_ENTRIES = 300
FAVOURITES_SHOWN = 30
# "Log again" at the top of the Add form: few enough to keep the search on a phone's screen.
FIRST_OFFERED = 4
MAX_COPY_ENTRIES = 200
QUICK_ADD_PORTION = "quick add"
SAME_MEAL = "same"


@dataclass(frozen=True)
class QuickFood:
    """A food offered for one-step logging, with how it was logged last time."""

    food_id: int
    name: str
    amount: str  # "1 cup", "2 × 1 oz", "150 g"; the portion and quantity that will be logged
    magnesium: str  # display mg of that amount last time, or "unknown"
    starred: bool
    times_logged: int = 0


@dataclass(frozen=True)
class LoggingAids:
    """What the day page offers for faster logging, beside the day's own entries."""

    recent: list[QuickFood]
    frequent: list[QuickFood]
    favourites: list[QuickFood]
    # entry id -> (food id, starred), for the star buttons in the day's entry table
    entry_favourites: dict[int, tuple[int, bool]]
    completed: bool

    @property
    def first_to_offer(self) -> list[QuickFood]:
        """The few foods offered at the top of the Add form: favourites, then recent ones."""
        offered: dict[int, QuickFood] = {}
        for food in [*self.favourites, *self.recent]:
            if food.amount and food.food_id not in offered:
                offered[food.food_id] = food
        return list(offered.values())[:FIRST_OFFERED]


_USER_ID: BindParameter[int] = bindparam("user_id")
# Each list shows a food as its last entry logged it: these columns of that entry.
_LAST_ENTRY_COLUMNS = (
    FoodEntry.food_id,
    FoodEntry.item_name,
    FoodEntry.kind,
    FoodEntry.portion_label,
    FoodEntry.quantity_micro,
    FoodEntry.magnesium_ug,
)
# Recent foods: the latest entries only (an index range scan), never all history; of those,
# each food's newest (by day, then order of logging), newest first: one statement.
_LATEST_SCAN = (
    db.select(FoodEntry.id, FoodEntry.day, *_LAST_ENTRY_COLUMNS)
    .where(FoodEntry.user_id == _USER_ID, FoodEntry.food_id.is_not(None))
    .order_by(FoodEntry.day.desc(), FoodEntry.id.desc())
    .limit(RECENT_SCAN_ENTRIES)
    .subquery()
)
_NEWEST_FIRST = (_LATEST_SCAN.c.day.desc(), _LATEST_SCAN.c.id.desc())
_RANKED_SCAN = db.select(
    _LATEST_SCAN,
    func.row_number()
    .over(partition_by=_LATEST_SCAN.c.food_id, order_by=_NEWEST_FIRST)
    .label("rank_in_food"),
).subquery()
_RECENT_FOODS = (
    db.select(*(_RANKED_SCAN.c[column.key] for column in _LAST_ENTRY_COLUMNS))
    .where(_RANKED_SCAN.c.rank_in_food == 1)
    .order_by(_RANKED_SCAN.c.day.desc(), _RANKED_SCAN.c.id.desc())
)
# Frequent foods of the window, most logged first, each with its newest entry there.
_TIMES = func.count(FoodEntry.id)
_NEWEST = func.max(FoodEntry.id)
_FREQUENT = (
    db.select(FoodEntry.food_id, _TIMES.label("times"), _NEWEST.label("newest"))
    .where(
        FoodEntry.user_id == _USER_ID,
        FoodEntry.food_id.is_not(None),
        FoodEntry.day.between(bindparam("first"), bindparam("last")),
    )
    .group_by(FoodEntry.food_id)
    .order_by(_TIMES.desc(), _NEWEST.desc())
    .limit(FREQUENT_FOODS)
    .subquery()
)
_FREQUENT_FOODS = (
    db.select(_FREQUENT.c.times, *_LAST_ENTRY_COLUMNS)
    .join(_FREQUENT, FoodEntry.id == _FREQUENT.c.newest)
    .order_by(_FREQUENT.c.times.desc(), _FREQUENT.c.newest.desc())
)
_FAVOURITES = (
    db.select(FavouriteFood.food_id, Food.name)
    .join(Food, Food.id == FavouriteFood.food_id)
    .where(FavouriteFood.user_id == _USER_ID)
    .order_by(func.lower(Food.name), Food.id)
)
# The newest entry of some foods (favourites neither recent nor frequent): rarely needed.
_NEWEST_OF_FOODS = (
    db.select(FoodEntry.food_id, _NEWEST.label("newest"))
    .where(FoodEntry.user_id == _USER_ID, FoodEntry.food_id.in_(bindparam("ids", expanding=True)))
    .group_by(FoodEntry.food_id)
    .subquery()
)
_LAST_ENTRIES_OF_FOODS = db.select(*_LAST_ENTRY_COLUMNS).join(
    _NEWEST_OF_FOODS, FoodEntry.id == _NEWEST_OF_FOODS.c.newest
)
_DAY_FOODS = db.select(FoodEntry.id, FoodEntry.food_id).where(
    FoodEntry.user_id == _USER_ID,
    FoodEntry.day == bindparam("day"),
    FoodEntry.food_id.is_not(None),
)
_DAY_COMPLETED = db.select(DayStatus.completed).where(
    DayStatus.user_id == _USER_ID, DayStatus.day == bindparam("day")
)


class _LastEntry(LoggedAmount, Protocol):
    """A food's last entry as the quick-log lists read it (a row of _LAST_ENTRY_COLUMNS)."""

    food_id: int
    item_name: str
    magnesium_ug: int | None


def _quick_food(
    food_id: int, entry: _LastEntry | None, name: str, starred: bool, times: int = 0
) -> QuickFood:
    if entry is None:
        return QuickFood(food_id, name, "", "unknown", starred, times)
    magnesium = None if entry.magnesium_ug is None else ug_to_mg(entry.magnesium_ug)
    return QuickFood(
        food_id=food_id,
        name=entry.item_name,
        amount=amount_text(entry),
        magnesium=display_row_mg(magnesium),
        starred=starred,
        times_logged=times,
    )


def logging_aids(
    user: User, day: date, today: date, day_foods: dict[int, int] | None = None
) -> LoggingAids:
    """Recent, frequent and favourite foods, the day's star buttons and its completed flag.

    Each food is offered as its last entry logged it: the newest among the latest entries,
    else its newest in the frequent window, else its newest at all (each list's statement
    brings those entries' columns, so no statement reads entries by id afterwards).
    day_foods (entry id -> food id of the day's entries) saves a query when the caller has
    loaded the day already (day_view's DayView.food_ids).
    """
    latest: dict[int, _LastEntry] = {
        row.food_id: row for row in read_rows(_RECENT_FOODS, {"user_id": user.id})
    }
    recent_ids = list(latest)[:RECENT_FOODS]

    frequent_rows = read_rows(
        _FREQUENT_FOODS,
        {
            "user_id": user.id,
            "first": today - timedelta(days=FREQUENT_WINDOW_DAYS - 1),
            "last": today,
        },
    ).all()
    for row in frequent_rows:
        latest.setdefault(row.food_id, row)

    # Every star (for the star buttons), the first FAVOURITES_SHOWN of them listed: one query.
    all_favourites = read_rows(_FAVOURITES, {"user_id": user.id}).all()
    starred = {food_id for food_id, _name in all_favourites}
    favourite_rows = all_favourites[:FAVOURITES_SHOWN]
    missing = [food_id for food_id, _name in favourite_rows if food_id not in latest]
    if missing:
        for row in read_rows(_LAST_ENTRIES_OF_FOODS, {"user_id": user.id, "ids": missing}):
            latest[row.food_id] = row

    if day_foods is None:
        day_foods = dict(read_rows(_DAY_FOODS, {"user_id": user.id, "day": day}).all())
    return LoggingAids(
        recent=[_quick_food(f, latest[f], "", f in starred) for f in recent_ids],
        frequent=[
            _quick_food(row.food_id, latest[row.food_id], "", row.food_id in starred, row.times)
            for row in frequent_rows
        ],
        favourites=[_quick_food(f, latest.get(f), name, True) for f, name in favourite_rows],
        entry_favourites={
            entry_id: (food_id, food_id in starred) for entry_id, food_id in day_foods.items()
        },
        completed=day_completed(user, day),
    )


def food_or_404(user: User, food_id: int) -> CatalogFood:
    """A USDA food or one of the user's own foods; anything else (another user's) is a 404."""
    food = food_for(food_id, user)
    if food is None:
        abort(404)
    return food


def last_entry_of(user: User, food_id: int) -> FoodEntry | None:
    """The user's last entry of a food, by diary day, then order of logging."""
    return db.session.execute(
        db.select(FoodEntry)
        .where(FoodEntry.user_id == user.id, FoodEntry.food_id == food_id)
        .order_by(FoodEntry.day.desc(), FoodEntry.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def repeat_portion(last: FoodEntry | None, food: CatalogFood) -> tuple[str, str]:
    """The portion key and quantity to log a food again: as last time, else its default
    portion (tracker.foods.operations.default_portion_of)."""
    if last is None:
        return default_portion_of(food)
    key = portion_key_of(last, food)
    if key == GRAM_KEY and last.portion_label != "g" and last.grams_milli:
        # The household portion is gone from the data: repeat the same weight in grams.
        return GRAM_KEY, exact_text(milligrams_to_grams(last.grams_milli))
    return key, last.quantity_text


def log_food_again(user: User, day: date, food_id: int, meal_choice: str) -> FoodEntry:
    """Log a food in one step with its last portion and quantity, or raise ValidationError."""
    food = food_or_404(user, food_id)
    last = last_entry_of(user, food_id)
    portion_key, quantity_text = repeat_portion(last, food)
    meal: Meal | str | None = None
    if meal_choice == SAME_MEAL:
        meal = last.meal if last is not None else None
    else:
        meal = meal_choice or None
    return add_food_entry(
        user, day, FoodEntryInput(food, portion_key, quantity_text, meal, time=None)
    )


def set_favourite(user: User, food_id: int, starred: bool) -> CatalogFood:
    """Star or unstar a food (idempotent); another user's food is a 404."""
    food = food_or_404(user, food_id)
    existing = db.session.get(FavouriteFood, (user.id, food.id))
    if starred and existing is None:
        db.session.add(FavouriteFood(user_id=user.id, food_id=food.id))
    elif not starred and existing is not None:
        db.session.delete(existing)
    db.session.commit()
    return food


_COPIED_COLUMNS = (
    "time",
    "meal",
    "kind",
    "food_id",
    "item_name",
    "portion_label",
    "portion_grams_milli",
    "quantity_text",
    "quantity_micro",
    "grams_milli",
    "magnesium_ug",
    "calcium_ug",
    "vitamin_d_ng",
    "recipe_id",
    "magnesium_unknown_in",
)


@dataclass(frozen=True)
class CopyResult:
    foods: int
    supplements: int


def copy_food_entries(
    user: User, source_day: date, target_day: date, meal_choice: Meal | str | None
) -> CopyResult:
    """Copy a meal, or the whole day with its supplements, to another day, or raise ValidationError.

    The copies are exact: same portions, amounts and magnesium as on the source day.
    """
    meal = _meal(meal_choice, "Choose the whole day, breakfast, lunch, dinner or snack.")
    if source_day == target_day:
        raise ValidationError("source_day", "Choose another day to copy from.")
    query = db.select(FoodEntry).where(FoodEntry.user_id == user.id, FoodEntry.day == source_day)
    if meal is not None:
        query = query.where(FoodEntry.meal == meal)
    sources = sorted(db.session.execute(query).scalars(), key=_meal_order)
    if len(sources) > MAX_COPY_ENTRIES:
        raise ValidationError(
            "source_day", f"That day has more than {MAX_COPY_ENTRIES} entries to copy."
        )
    for source in sources:
        values = {column: getattr(source, column) for column in _COPIED_COLUMNS}
        db.session.add(FoodEntry(user_id=user.id, day=target_day, **values))
    supplements = 0 if meal is not None else stage_supplement_copies(user, source_day, target_day)
    if not sources and not supplements:
        db.session.rollback()
        what = f"for {meal.value}" if meal else "at all"
        raise ValidationError(
            "source_day",
            f"Nothing was logged {what} on {long_date(source_day)}, so there is nothing to copy.",
        )
    db.session.commit()
    return CopyResult(foods=len(sources), supplements=supplements)


@dataclass(frozen=True)
class QuickAddInput:
    description: str
    magnesium_text: str
    meal: Meal | str | None
    time: time | None


def _quick_add_values(data: QuickAddInput) -> dict[str, object]:
    try:
        description = clean_description(data.description)
    except QuantityError as error:
        raise ValidationError("description", str(error)) from error
    try:
        magnesium_mg = parse_quick_add_mg(data.magnesium_text)
    except QuantityError as error:
        raise ValidationError("magnesium_mg", str(error)) from error
    return {
        "kind": EntryKind.QUICK_ADD,
        "food_id": None,
        "item_name": description,
        "portion_label": QUICK_ADD_PORTION,
        "portion_grams_milli": None,
        "quantity_text": "1",
        "quantity_micro": quantity_to_micro(Decimal(1)),
        "grams_milli": None,
        "magnesium_ug": mg_to_ug(magnesium_mg),
        # Only magnesium is typed in: calcium and vitamin D are unknown, never 0.
        "calcium_ug": None,
        "vitamin_d_ng": None,
        "meal": _meal(data.meal),
        "time": data.time,
    }


def add_quick_entry(user: User, day: date, data: QuickAddInput) -> FoodEntry:
    """Log magnesium typed in as mg with a description, or raise ValidationError."""
    entry = FoodEntry(user_id=user.id, day=day, **_quick_add_values(data))
    db.session.add(entry)
    db.session.commit()
    return entry


def update_quick_entry(entry: FoodEntry, data: QuickAddInput) -> None:
    """Change a quick add's description, mg, meal or time, or raise ValidationError."""
    for name, value in _quick_add_values(data).items():
        setattr(entry, name, value)
    db.session.commit()


def is_quick_add(entry: FoodEntry) -> bool:
    """True for an entry whose magnesium was typed in (no food, no weight)."""
    return entry.kind is EntryKind.QUICK_ADD


def day_completed(user: User, day: date) -> bool:
    """True when the user marked the day's log complete."""
    return bool(read_rows(_DAY_COMPLETED, {"user_id": user.id, "day": day}).scalar_one_or_none())


def set_day_completed(user: User, day: date, completed: bool) -> None:
    """Mark a day's log complete, or not complete."""
    status = db.session.get(DayStatus, (user.id, day))
    if status is None:
        status = DayStatus(user_id=user.id, day=day, completed=completed)
        db.session.add(status)
    else:
        status.completed = completed
    db.session.commit()


def quick_add_mg_text(entry: FoodEntry) -> str:
    """A quick add's stored mg as the form shows it again: exact, without separators."""
    return exact_text(ug_to_mg(entry.magnesium_ug or 0))
