"""Food data: loading the USDA file, search, lookups scoped to a user, custom foods."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Final

from sqlalchemy import ColumnElement, delete, insert, update

from tracker.auth.sessions import login_conditions
from tracker.dbtypes import MAX_ROW_ID
from tracker.domain.amounts import Amount, NoPortion, choose_portion
from tracker.domain.portions import PortionChoice, grams_choice, measure_choice
from tracker.domain.totals import (
    OUNCE_GRAMS,
    QuantityError,
    fraction_to_decimal,
    grams_to_milligrams,
    hundredths_to_percent_dv,
    magnesium_mg_for,
    mg_from_percent_dv,
    mg_per_100g_from_serving,
    mg_to_ug,
    milligrams_to_grams,
    percent_dv_to_hundredths,
    read_exact_quantity,
    ug_to_mg,
)
from tracker.domain.units import Measure, is_one_ounce_measure, read_measures
from tracker.extensions import db
from tracker.foods.catalog import (
    USDA_DATA_NAME,
    CatalogFood,
    CatalogPortion,
    forget_catalog,
    get_catalog,
)
from tracker.formatting import exact_text
from tracker.models import Food, FoodDataVersion, FoodPortion, Recipe, User
from tracker.recipes.loggable import recipe_foods, recipe_names
from tracker.search import SearchDoc

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
USDA_DATA_FILE = DATA_DIR / "usda_sr24_magnesium.jsonl"
USDA_PROVENANCE_FILE = DATA_DIR / "usda_sr24_magnesium.provenance.json"

GRAM_KEY: Final = "g"
OUNCE_KEY: Final = "oz"
SEARCH_LIMIT_MAX = 50
# Custom foods get a little lift: the user made them, so they are what the user means.
CUSTOM_FOOD_BOOST = 0.5


@dataclass(frozen=True)
class LoadResult:
    loaded: bool
    inserted: int
    updated: int
    portions: int
    sha256: str


def _file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _optional_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _reference_and_default(record: dict) -> dict[str, object]:
    """The columns for a food's reference amount and default portion (None in older files)."""
    racc_grams = record.get("racc_g")
    return {
        "racc_key": record.get("racc"),
        "racc_grams_milli": None if racc_grams is None else grams_to_milligrams(racc_grams),
        "racc_nominal": record.get("racc_basis") == "nominal",
        "default_portion_key": record.get("default_portion"),
        "default_quantity_text": record.get("default_quantity"),
    }


def load_usda_foods(path: Path = USDA_DATA_FILE, *, force: bool = False) -> LoadResult:
    """Load the generated USDA file; a second load of the same file changes nothing.

    Foods are matched by NDB number and updated in place, so food ids that users' entries
    point to stay valid; logged entries keep their own snapshot of name and magnesium.
    """
    sha256 = _file_sha256(path)
    version = db.session.execute(
        db.select(FoodDataVersion).filter_by(name=USDA_DATA_NAME)
    ).scalar_one_or_none()
    if version is not None and version.sha256 == sha256 and not force:
        return LoadResult(False, 0, 0, 0, sha256)

    records = [
        json.loads(line, parse_float=Decimal)
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    existing = dict(
        db.session.execute(
            db.select(Food.ndb_number, Food.id).where(Food.ndb_number.is_not(None))
        ).all()
    )
    new_rows, changed_rows = [], []
    for record in records:
        row = {
            "ndb_number": record["ndb"],
            "name": record["name"],
            "food_group": record["group"],
            "retired": bool(record.get("retired", False)),
            "magnesium_ug_per_100g": mg_to_ug(Decimal(record["mg"])),
            "calcium_mg_per_100g": _optional_float(record.get("ca")),
            "energy_kcal_per_100g": _optional_float(record.get("kcal")),
            "vitamin_d_iu_per_100g": _optional_float(record.get("vitd_iu")),
            **_reference_and_default(record),
        }
        if record["ndb"] in existing:
            changed_rows.append({"id": existing[record["ndb"]], **row})
        else:
            new_rows.append(row)
    if changed_rows:
        db.session.execute(update(Food), changed_rows)
    if new_rows:
        db.session.execute(insert(Food), new_rows)
    ids = dict(
        db.session.execute(
            db.select(Food.ndb_number, Food.id).where(Food.ndb_number.is_not(None))
        ).all()
    )
    usda_food_ids = db.select(Food.id).where(Food.owner_id.is_(None))
    db.session.execute(delete(FoodPortion).where(FoodPortion.food_id.in_(usda_food_ids)))
    portion_rows = [
        {
            "food_id": ids[record["ndb"]],
            "position": position,
            "label": label,
            "grams_milli": grams_to_milligrams(Decimal(grams)),
        }
        for record in records
        for position, (label, grams) in enumerate(record["portions"])
    ]
    if portion_rows:
        db.session.execute(insert(FoodPortion), portion_rows)
    if version is None:
        db.session.add(FoodDataVersion(name=USDA_DATA_NAME, sha256=sha256, food_count=len(records)))
    else:
        version.sha256 = sha256
        version.food_count = len(records)
    db.session.commit()
    # This process sees the new data at once; other processes within VERSION_CHECK_SECONDS.
    forget_catalog()
    return LoadResult(True, len(new_rows), len(changed_rows), len(portion_rows), sha256)


def standard_portions(own: tuple[CatalogPortion, ...]) -> tuple[CatalogPortion, ...]:
    """Return a food's household portions followed by grams and ounces."""
    extra = [CatalogPortion(GRAM_KEY, "g", grams_to_milligrams(Decimal(1)))]
    # Many USDA foods already list "1 oz"; offering it twice would only confuse.
    if not any(is_one_ounce_measure(p.label, milligrams_to_grams(p.grams_milli)) for p in own):
        extra.append(CatalogPortion(OUNCE_KEY, "oz", grams_to_milligrams(OUNCE_GRAMS)))
    return (*own, *extra)


def _measures(food: CatalogFood) -> list[Measure]:
    return read_measures([(p.label, milligrams_to_grams(p.grams_milli)) for p in food.portions])


def _choice_for(food: CatalogFood, key: str, quantity_text: str) -> PortionChoice:
    quantity = read_exact_quantity(quantity_text)
    if key == GRAM_KEY:
        return grams_choice(quantity)
    if key == OUNCE_KEY:
        return PortionChoice(OUNCE_KEY, "oz", Fraction(OUNCE_GRAMS), quantity)
    measures = _measures(food)
    index = next(i for i, p in enumerate(food.portions) if p.key == key)
    return measure_choice(measures[index], quantity)


def default_portion_of(food: CatalogFood) -> tuple[str, str]:
    """The Portion option and Quantity text to preselect when the user has no habit yet.

    USDA foods: the default the data script chose (tracker.domain.default_portions); custom
    foods and older data: the first portion, once (100 when that is grams).
    """
    keys = {p.key for p in standard_portions(food.portions)}
    key, quantity = food.default_portion_key, food.default_quantity_text
    if key in keys and quantity:
        try:
            read_exact_quantity(quantity)
        except QuantityError:
            pass
        else:
            return key, quantity
    first = standard_portions(food.portions)[0]
    return first.key, "100" if first.key == GRAM_KEY else "1"


def default_grams(food: CatalogFood) -> Decimal:
    """The weight of a food's default portion (default_portion_of), in grams."""
    key, quantity_text = default_portion_of(food)
    portion = next(p for p in standard_portions(food.portions) if p.key == key)
    return milligrams_to_grams(portion.grams_milli) * fraction_to_decimal(
        read_exact_quantity(quantity_text)
    )


@dataclass(frozen=True)
class AmountChoice:
    """What to log of a food for an amount typed with it: Portion option, Quantity, grams."""

    portion_key: str
    quantity_text: str
    grams: Decimal
    magnesium_mg: Decimal | None
    note: str = ""


def portion_for_amount(
    food: CatalogFood, amount: Amount, line: str = ""
) -> AmountChoice | NoPortion:
    """Match a typed amount to one of the food's portions (or grams or ounces).

    NoPortion when nothing fits: the caller then preselects default_portion_of(food).
    """
    default = _choice_for(food, *default_portion_of(food))
    choice = choose_portion(amount, _measures(food), default=default, line=line)
    if isinstance(choice, NoPortion):
        return choice
    key = choice.portion if isinstance(choice.portion, str) else food.portions[choice.portion].key
    grams = fraction_to_decimal(choice.grams)
    mg_per_100g = (
        None if food.magnesium_ug_per_100g is None else ug_to_mg(food.magnesium_ug_per_100g)
    )
    return AmountChoice(
        portion_key=key,
        quantity_text=choice.quantity_text,
        grams=grams,
        magnesium_mg=magnesium_mg_for(mg_per_100g, grams),
        note=choice.note,
    )


def _custom_catalog_food(food: Food) -> CatalogFood:
    portions: tuple[CatalogPortion, ...] = ()
    if food.serving_grams_milli:
        grams = milligrams_to_grams(food.serving_grams_milli)
        portions = (
            CatalogPortion("0", f"1 serving ({exact_text(grams)} g)", food.serving_grams_milli),
        )
    return CatalogFood(
        id=food.id,
        ndb_number=None,
        name=food.name,
        food_group="My foods",
        magnesium_ug_per_100g=food.magnesium_ug_per_100g,
        portions=portions,
    )


def food_for(food_id: int, user: User | None) -> CatalogFood | None:
    """Return a USDA food, or one of this user's custom foods; None for anything else."""
    if not 0 < food_id <= MAX_ROW_ID:
        return None
    catalog = get_catalog()
    found = catalog.foods.get(food_id)
    if found is not None:
        return found
    if user is None:
        return None
    custom = db.session.execute(
        db.select(Food).where(Food.id == food_id, Food.owner_id == user.id)
    ).scalar_one_or_none()
    return None if custom is None else _custom_catalog_food(custom)


@dataclass(frozen=True)
class FoodSearch:
    """Foods found, best first; complete is False when none has every word of the query
    (the closest foods: tracker.search.SearchOutcome)."""

    foods: list[CatalogFood]
    complete: bool


def search_foods(
    query: str, limit: int, user: User | None = None, *, session_id: str | None = None
) -> list[CatalogFood]:
    """Search USDA foods and, for a logged-in user, their own custom foods; best first."""
    return find_foods(query, limit, user, session_id=session_id).foods


def find_foods(
    query: str, limit: int, user: User | None = None, *, session_id: str | None = None
) -> FoodSearch:
    """search_foods(), and whether the foods found have every word of the query.

    The typeahead passes the session's login id instead of a loaded user: one query then
    both checks the login (the session-validity rule) and fetches the custom foods.
    """
    catalog = get_catalog()
    owner_conditions: tuple[ColumnElement[bool], ...] | None = None
    recipe_owner: tuple[ColumnElement[bool], ...] | None = None
    if user is not None:
        owner_conditions = (Food.owner_id == user.id,)
        recipe_owner = (Recipe.user_id == user.id,)
    elif session_id is not None:
        owner_conditions = recipe_owner = login_conditions(session_id)
    extra: list[SearchDoc] = []
    if owner_conditions is not None:
        # Names only: the few custom foods that match are loaded in full below.
        extra = [
            SearchDoc(
                id=food_id, name=name, food_group="My foods", boost=CUSTOM_FOOD_BOOST, own=True
            )
            for food_id, name in db.session.execute(
                db.select(Food.id, Food.name)
                .join(User, User.id == Food.owner_id)
                .where(*owner_conditions)
            )
        ]
    if recipe_owner is not None:
        # The user's recipes rank with their own foods; a negative id keeps them apart.
        extra += [
            SearchDoc(
                id=-recipe_id, name=name, food_group="My recipes", boost=CUSTOM_FOOD_BOOST, own=True
            )
            for recipe_id, name in recipe_names(recipe_owner)
        ]
    outcome = catalog.index.search_detailed(query, limit=limit, extra_docs=extra)
    docs = outcome.docs
    recipes = recipe_foods((-doc.id for doc in docs if doc.id < 0), recipe_owner or ())
    docs = [doc for doc in docs if doc.id >= 0 or -doc.id in recipes]
    custom_ids = [doc.id for doc in docs if doc.id >= 0 and doc.id not in catalog.foods]
    custom_by_id: dict[int, CatalogFood] = {}
    if custom_ids:
        custom_by_id = {
            food.id: _custom_catalog_food(food)
            for food in db.session.execute(
                db.select(Food).where(Food.id.in_(custom_ids), Food.owner_id.is_not(None))
            ).scalars()
        }
    foods = [
        recipes[-doc.id] if doc.id < 0 else catalog.foods.get(doc.id) or custom_by_id[doc.id]
        for doc in docs
    ]
    return FoodSearch(foods, outcome.complete)


# --- custom foods -------------------------------------------------------------------------


@dataclass(frozen=True)
class CustomFoodInput:
    name: str
    serving_grams: Decimal
    magnesium_mg_per_serving: Decimal | None
    percent_dv: Decimal | None


def _apply_custom(food: Food, data: CustomFoodInput) -> None:
    # Each number is computed from the one before it as stored (rounded to its unit), never
    # from what was typed: the edit form shows the stored values, and saving them again
    # unchanged gives the same numbers.
    food.name = data.name.strip()
    food.serving_grams_milli = grams_to_milligrams(data.serving_grams)
    food.label_percent_dv_hundredths = (
        None if data.percent_dv is None else percent_dv_to_hundredths(data.percent_dv)
    )
    mg_per_serving = data.magnesium_mg_per_serving
    if mg_per_serving is None and food.label_percent_dv_hundredths is not None:
        mg_per_serving = mg_from_percent_dv(
            hundredths_to_percent_dv(food.label_percent_dv_hundredths)
        )
    if mg_per_serving is None:
        food.magnesium_ug_per_serving = None
        food.magnesium_ug_per_100g = None
    else:
        food.magnesium_ug_per_serving = mg_to_ug(mg_per_serving)
        food.magnesium_ug_per_100g = mg_to_ug(
            mg_per_100g_from_serving(
                ug_to_mg(food.magnesium_ug_per_serving),
                milligrams_to_grams(food.serving_grams_milli),
            )
        )


def custom_food_form_values(food: Food) -> dict[str, object]:
    """What the edit form starts with: the stored values, exactly as saved."""
    values: dict[str, object] = {
        "name": food.name,
        "serving_grams": _exact(milligrams_to_grams(food.serving_grams_milli or 0)),
        "magnesium_as": "unknown",
        "magnesium_amount": None,
    }
    if food.label_percent_dv_hundredths is not None:
        values["magnesium_as"] = "percent_dv"
        values["magnesium_amount"] = _exact(
            hundredths_to_percent_dv(food.label_percent_dv_hundredths)
        )
    elif food.magnesium_ug_per_serving is not None:
        values["magnesium_as"] = "mg"
        values["magnesium_amount"] = _exact(ug_to_mg(food.magnesium_ug_per_serving))
    return values


def _exact(value: Decimal) -> Decimal:
    # Shown as "50", not "50.000": the form writes a Decimal as it is.
    return Decimal(exact_text(value))


def create_custom_food(user: User, data: CustomFoodInput) -> Food:
    """Save a food the user read from a label."""
    food = Food(owner_id=user.id, food_group="My foods")
    _apply_custom(food, data)
    db.session.add(food)
    db.session.commit()
    return food


def update_custom_food(food: Food, data: CustomFoodInput) -> None:
    """Change a custom food; entries already logged keep the magnesium they were logged with."""
    _apply_custom(food, data)
    db.session.commit()


def delete_custom_food(food: Food) -> None:
    """Delete a custom food; logged entries keep their name and magnesium."""
    db.session.delete(food)
    db.session.commit()


def custom_foods_of(user: User) -> list[Food]:
    """Return the user's custom foods, by name."""
    return list(
        db.session.execute(
            db.select(Food).where(Food.owner_id == user.id).order_by(Food.name, Food.id)
        ).scalars()
    )


def custom_food_or_404(food_id: int, user: User) -> Food:
    """Return one of the user's custom foods, or abort with 404."""
    return db.first_or_404(db.select(Food).where(Food.id == food_id, Food.owner_id == user.id))


def usda_food_count() -> int:
    """Return how many USDA foods are loaded."""
    return db.session.execute(
        db.select(db.func.count()).select_from(Food).where(Food.ndb_number.is_not(None))
    ).scalar_one()
