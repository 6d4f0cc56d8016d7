"""What the food search suggests logging: a diary line in, foods with what Add would log.

"2 large eggs" is split into an amount and the food words (tracker.domain.amounts); the
words are searched (tracker.foods.operations.find_foods); and each food found comes with the
portion and quantity that Add logs when Portion and Quantity are left as they are:

1. the amount typed, matched to the food's own measures (portion_for_amount);
2. else the portion and quantity the user logged that food with last time (their habit);
3. else the food's default portion (tracker.domain.default_portions).

With an amount typed, foods it can be measured in come before those it cannot ("a tin of
tuna": canned tuna has a "1 can" measure, fresh tuna none), the search order kept within
each. The same line may also name a supplement or medicine (tracker.search.products: milk of
magnesia is a medicine, not milk) or an everyday food the database lacks
(tracker.search.missing). The search API and the page without JavaScript both use
search_line(), so both suggest the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func

from tracker.auth.sessions import login_conditions
from tracker.diary.operations import (
    EntryAmount,
    entry_amount,
    loggable_portions,
    logging_aids,
    repeat_portion,
)
from tracker.domain.amounts import NoPortion, ParsedLine, parse_line
from tracker.domain.errors import ValidationError
from tracker.domain.recipes import SERVING_KEY
from tracker.domain.supplements import ALL_PRESETS, MedicinePreset, medicine_preset
from tracker.domain.totals import fraction_to_decimal, portion_option_text, ug_to_mg
from tracker.domain.units import unit_kind
from tracker.extensions import db
from tracker.foods.catalog import CatalogFood
from tracker.foods.operations import (
    default_portion_of,
    find_foods,
    food_for,
    portion_for_amount,
)
from tracker.formatting import exact_text
from tracker.models import FoodEntry, User
from tracker.recipes.loggable import RecipeFood
from tracker.search import normalize
from tracker.search.missing import MissingFood, known_missing
from tracker.search.products import ProductIndex
from tracker.search.query import without_measure_cuts

# With an amount typed, this many more foods are looked at, so one the amount fits can
# come up from further down.
FIT_CANDIDATES_FACTOR = 2
MAX_CANDIDATES = 50
# Favourites and recent foods each, offered by the empty "Search foods" box.
USUAL_FOODS_SHOWN = 8

_PRODUCTS = ProductIndex((preset.key, preset.search_names) for preset in ALL_PRESETS)


@dataclass(frozen=True)
class LogChoice:
    """What Add logs of a food when Portion and Quantity are left as they are."""

    portion_key: str
    quantity_text: str
    amount: EntryAmount
    source: str  # "amount" (typed with the food), "habit" (as last time) or "default"
    note: str = ""  # how a typed amount was matched when not exactly

    @property
    def text(self) -> str:
        """ "2 × 1 large (100 g), 12 mg": the suggestion's promise, word for word."""
        return f"{self.amount.amount_text}, {self.amount.magnesium_text}"


@dataclass(frozen=True)
class FoodSuggestion:
    food: CatalogFood
    choice: LogChoice
    fits: bool  # the amount typed could be measured in this food (True when none was typed)


@dataclass(frozen=True)
class PortionOption:
    """One Portion option, with its weight and magnesium for one of it (the server's figures)."""

    key: str
    label: str  # the measure as USDA writes it: "1 large"; "g", "oz"
    text: str  # as the Portion select shows it: "1 large (50 g)"
    grams: Decimal
    magnesium_mg: Decimal | None


@dataclass(frozen=True)
class LineSearch:
    """What the food search suggests for a line typed into "Search foods"."""

    line: str
    parsed: ParsedLine
    food_query: str  # the words searched: the line without its amount
    foods: list[FoodSuggestion]
    products: list[MedicinePreset]
    missing: MissingFood | None
    complete: bool  # False: no food has every word; the foods are the closest ones

    @property
    def amount_text(self) -> str:
        """The amount read from the line, as typed ("2 large", "half a cup of"), or ""."""
        return self.parsed.amount.text if self.parsed.amount else ""


def portion_options(food: CatalogFood) -> list[PortionOption]:
    """The food's Portion options, each with its grams and magnesium (None: unknown): one of
    each, as Add would log it (tracker.diary.operations.entry_amount)."""
    options = []
    for portion in loggable_portions(food):
        one = entry_amount(food, portion.key, "1")
        text = portion_option_text(portion.label, one.grams)
        options.append(PortionOption(portion.key, portion.label, text, one.grams, one.magnesium_mg))
    return options


def choice(
    food: CatalogFood, portion_key: str, quantity_text: str, source: str, note: str = ""
) -> LogChoice:
    """A LogChoice for a portion and quantity; ValidationError when they can't be logged."""
    return LogChoice(
        portion_key, quantity_text, entry_amount(food, portion_key, quantity_text), source, note
    )


def usual_choice(food: CatalogFood, habit: tuple[str, str] | None) -> LogChoice:
    """The user's habit for a food, else its default portion."""
    if habit is not None:
        try:
            return choice(food, *habit, "habit")
        except ValidationError:
            pass  # a portion the food no longer has: its default instead
    return choice(food, *default_portion_of(food), "default")


def _suggestion(
    food: CatalogFood, parsed: ParsedLine, line: str, habit: tuple[str, str] | None
) -> FoodSuggestion:
    if isinstance(food, RecipeFood):
        return _recipe_suggestion(food, parsed)
    if parsed.amount is not None:
        found = portion_for_amount(food, parsed.amount, line)
        if not isinstance(found, NoPortion):
            try:
                typed = choice(food, found.portion_key, found.quantity_text, "amount", found.note)
            except ValidationError:
                pass
            else:
                return FoodSuggestion(food, typed, fits=True)
        return FoodSuggestion(food, usual_choice(food, habit), fits=False)
    return FoodSuggestion(food, usual_choice(food, habit), fits=True)


def _recipe_suggestion(food: RecipeFood, parsed: ParsedLine) -> FoodSuggestion:
    """A recipe is logged in servings: "half a porridge" or "2 porridge" is that many;
    any other amount ("1 cup") is not a number of servings, so one serving is offered."""
    amount = parsed.amount
    if amount is not None and amount.unit is None and amount.size is None:
        try:
            servings = exact_text(fraction_to_decimal(amount.quantity))
            typed = choice(food, SERVING_KEY, servings, "amount")
        except (ValidationError, ValueError):
            pass
        else:
            return FoodSuggestion(food, typed, fits=True)
    return FoodSuggestion(food, choice(food, SERVING_KEY, "1", "default"), fits=amount is None)


def last_entries(
    food_ids: Iterable[int], *, user: User | None = None, session_id: str | None = None
) -> dict[int, FoodEntry]:
    """The user's last entry of each of these foods (by diary day, then order of logging),
    by food id: what log again repeats. Nothing for a visitor."""
    ids = sorted(set(food_ids))
    if not ids:
        return {}
    if user is not None:
        owner = (FoodEntry.user_id == user.id,)
    else:
        conditions = login_conditions(session_id) if session_id else None
        if conditions is None:
            return {}
        owner = (FoodEntry.user_id == User.id, *conditions)
    newest = (
        func.row_number()
        .over(
            partition_by=FoodEntry.food_id,
            order_by=(FoodEntry.day.desc(), FoodEntry.id.desc()),
        )
        .label("newest")
    )
    ranked = db.select(FoodEntry.id, newest).where(*owner, FoodEntry.food_id.in_(ids)).subquery()
    latest = db.session.execute(
        db.select(FoodEntry).join(ranked, ranked.c.id == FoodEntry.id).where(ranked.c.newest == 1)
    ).scalars()
    return {entry.food_id: entry for entry in latest if entry.food_id is not None}


def search_line(
    line: str, limit: int, *, user: User | None = None, session_id: str | None = None
) -> LineSearch:
    """Read a line typed into "Search foods" and say what each food found would log."""
    parsed = parse_line(line)
    food_query = parsed.food
    if (
        parsed.amount is not None
        and parsed.amount.unit
        and unit_kind(parsed.amount.unit) == "volume"
    ):
        food_query = without_measure_cuts(food_query)
    wanted = limit
    if parsed.amount is not None:
        wanted = min(MAX_CANDIDATES, limit * FIT_CANDIDATES_FACTOR)
    found = find_foods(food_query, wanted, user, session_id=session_id)
    last = last_entries((f.id for f in found.foods), user=user, session_id=session_id)
    habits = {
        food.id: repeat_portion(last[food.id], food) for food in found.foods if food.id in last
    }
    suggestions = [_suggestion(food, parsed, line, habits.get(food.id)) for food in found.foods]
    # Stable: the search's order within foods the amount fits, then within the others.
    suggestions.sort(key=lambda suggestion: not suggestion.fits)
    products = [preset for key in _PRODUCTS.search(food_query) if (preset := medicine_preset(key))]
    missing = known_missing(food_query)
    if missing is not None and any(_names_missing(s.food, missing) for s in suggestions):
        missing = None  # the user has added it as their own food
    foods = suggestions[:limit]
    if products and not found.complete:
        foods = []  # "milk of magnesia": the medicine, not the closest milk
    return LineSearch(
        line=line,
        parsed=parsed,
        food_query=food_query,
        foods=foods,
        products=products,
        missing=missing,
        complete=found.complete,
    )


@dataclass(frozen=True)
class UsualFoods:
    """The user's favourite and recent foods, each with what logging it again would log."""

    favourites: list[FoodSuggestion]
    recent: list[FoodSuggestion]


def usual_foods(user: User, today: date) -> UsualFoods:
    """Favourites, then recent foods not among them (the lists of "Log again in one step"),
    each with the portion and quantity it was last logged with, else its default."""
    aids = logging_aids(user, today, today)
    favourite_ids = [food.food_id for food in aids.favourites][:USUAL_FOODS_SHOWN]
    recent_ids = [food.food_id for food in aids.recent if food.food_id not in favourite_ids]
    recent_ids = recent_ids[:USUAL_FOODS_SHOWN]
    foods = {
        food_id: food
        for food_id in favourite_ids + recent_ids
        if (food := food_for(food_id, user)) is not None
    }
    last = last_entries(foods, user=user)

    def suggested(ids: list[int]) -> list[FoodSuggestion]:
        found = []
        for food_id in ids:
            food = foods.get(food_id)
            if food is not None:
                habit = repeat_portion(last[food_id], food) if food_id in last else None
                found.append(FoodSuggestion(food, usual_choice(food, habit), fits=True))
        return found

    return UsualFoods(favourites=suggested(favourite_ids), recent=suggested(recent_ids))


def _names_missing(food: CatalogFood, missing: MissingFood) -> bool:
    """True for the user's own food named like the missing one ("Greek yogurt (Fage)")."""
    if food.ndb_number is not None:
        return False
    words = set(normalize(food.name))
    return any(set(normalize(phrase)) <= words for phrase in missing.phrases)


# --- The search API's JSON (README, "Search API") ---------------------------------------------


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def suggestion_json(suggestion: FoodSuggestion) -> dict[str, object]:
    """A food found, with its Portion options and what Add would log: every figure the
    server's, so the script shows them and multiplies nothing."""
    food, log = suggestion.food, suggestion.choice
    mg = food.magnesium_ug_per_100g
    return {
        "id": food.choice_id,
        "kind": "recipe" if isinstance(food, RecipeFood) else "food",
        "ndb_number": food.ndb_number,
        "name": food.name,
        "food_group": food.food_group,
        "custom": food.ndb_number is None,
        "magnesium_mg_per_100g": None if mg is None else float(ug_to_mg(mg)),
        "portions": [
            {
                "key": option.key,
                "label": option.label,
                "text": option.text,
                "grams": float(option.grams),
                "magnesium_mg": _number(option.magnesium_mg),
            }
            for option in portion_options(food)
        ],
        "log": {
            "portion": log.portion_key,
            "quantity": log.quantity_text,
            "grams": float(log.amount.grams),
            "magnesium_mg": _number(log.amount.magnesium_mg),
            "amount_text": log.amount.amount_text,
            "magnesium_text": log.amount.magnesium_text,
            "text": log.text,
            "source": log.source,
            "note": log.note,
        },
    }


def product_json(preset: MedicinePreset) -> dict[str, object]:
    """A supplement or medicine the line names: choosing it opens the supplement form."""
    return {
        "key": preset.key,
        "name": preset.label,
        "kind": preset.kind.value,
        "kind_label": preset.kind.label,
        "note": preset.note,
    }


def line_search_json(search: LineSearch, add_food_url: str) -> dict[str, object]:
    """The search API's answer for a line; add_food_url opens "My foods" with the name."""
    missing = None
    if search.missing is not None:
        missing = {
            "name": search.missing.name,
            "message": not_in_database_text(search.missing),
            "add_url": add_food_url,
        }
    amount = search.parsed.amount
    return {
        "query": search.line,
        "food_query": search.food_query,
        "amount": None if amount is None else {"text": amount.text},
        "amount_problem": search.parsed.problem,
        "complete": search.complete,
        "not_in_database": missing,
        "products": [product_json(preset) for preset in search.products],
        "results": [suggestion_json(suggestion) for suggestion in search.foods],
    }


def not_in_database_text(missing: MissingFood) -> str:
    """The plain words for a food the database lacks."""
    return f"{missing.name} is not in the USDA 2011 database: add it from its label."
