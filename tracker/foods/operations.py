"""Food data: loading the USDA file, search, lookups scoped to a user, custom foods."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import delete, insert, update

from tracker.auth.operations import parse_session_id
from tracker.domain.totals import (
    OUNCE_GRAMS,
    grams_to_milligrams,
    mg_from_percent_dv,
    mg_per_100g_from_serving,
    mg_to_ug,
    milligrams_to_grams,
    ug_to_mg,
)
from tracker.extensions import MAX_ROW_ID, db
from tracker.foods.catalog import (
    USDA_DATA_NAME,
    CatalogFood,
    CatalogPortion,
    forget_catalog,
    get_catalog,
)
from tracker.models import Food, FoodDataVersion, FoodPortion, User
from tracker.search import SearchDoc

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
USDA_DATA_FILE = DATA_DIR / "usda_sr24_magnesium.jsonl"
USDA_PROVENANCE_FILE = DATA_DIR / "usda_sr24_magnesium.provenance.json"

GRAM_KEY = "g"
OUNCE_KEY = "oz"
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
    if not any(p.label == "1 oz" or p.label.startswith("1 oz ") for p in own):
        extra.append(CatalogPortion(OUNCE_KEY, "oz", grams_to_milligrams(OUNCE_GRAMS)))
    return (*own, *extra)


def _custom_catalog_food(food: Food) -> CatalogFood:
    portions: tuple[CatalogPortion, ...] = ()
    if food.serving_grams_milli:
        grams = milligrams_to_grams(food.serving_grams_milli)
        portions = (
            CatalogPortion("0", f"1 serving ({_plain(grams)} g)", food.serving_grams_milli),
        )
    return CatalogFood(
        id=food.id,
        ndb_number=None,
        name=food.name,
        food_group="My foods",
        magnesium_ug_per_100g=food.magnesium_ug_per_100g,
        portions=portions,
    )


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


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


def search_foods(
    query: str, limit: int, user: User | None = None, *, session_id: str | None = None
) -> list[CatalogFood]:
    """Search USDA foods and, for a logged-in user, their own custom foods; best first.

    The typeahead passes the session's login id instead of a loaded user: one query then
    both checks the login (user id and session version) and fetches the custom foods.
    """
    catalog = get_catalog()
    owner_conditions = None
    if user is not None:
        owner_conditions = (Food.owner_id == user.id,)
    elif (parsed := parse_session_id(session_id)) is not None:
        owner_conditions = (User.id == parsed[0], User.session_version == parsed[1])
    extra: list[SearchDoc] = []
    if owner_conditions is not None:
        # Names only: the few custom foods that match are loaded in full below.
        extra = [
            SearchDoc(id=food_id, name=name, food_group="My foods", boost=CUSTOM_FOOD_BOOST)
            for food_id, name in db.session.execute(
                db.select(Food.id, Food.name)
                .join(User, User.id == Food.owner_id)
                .where(*owner_conditions)
            )
        ]
    docs = catalog.index.search(query, limit=limit, extra_docs=extra)
    custom_ids = [doc.id for doc in docs if doc.id not in catalog.foods]
    custom_by_id: dict[int, CatalogFood] = {}
    if custom_ids:
        custom_by_id = {
            food.id: _custom_catalog_food(food)
            for food in db.session.execute(
                db.select(Food).where(Food.id.in_(custom_ids), Food.owner_id.is_not(None))
            ).scalars()
        }
    return [catalog.foods.get(doc.id) or custom_by_id[doc.id] for doc in docs]


def food_as_json(food: CatalogFood) -> dict[str, object]:
    """Return the public JSON shape of a food, as the search API sends it."""
    mg = food.magnesium_ug_per_100g
    return {
        "id": str(food.id),
        "ndb_number": food.ndb_number,
        "name": food.name,
        "food_group": food.food_group,
        "custom": food.ndb_number is None,
        "magnesium_mg_per_100g": None if mg is None else float(ug_to_mg(mg)),
        "portions": [
            {"key": p.key, "label": p.label, "grams": float(milligrams_to_grams(p.grams_milli))}
            for p in standard_portions(food.portions)
        ],
    }


# --- custom foods -------------------------------------------------------------------------


@dataclass(frozen=True)
class CustomFoodInput:
    name: str
    serving_grams: Decimal
    magnesium_mg_per_serving: Decimal | None
    percent_dv: Decimal | None


def _apply_custom(food: Food, data: CustomFoodInput) -> None:
    mg_per_serving = data.magnesium_mg_per_serving
    if mg_per_serving is None and data.percent_dv is not None:
        mg_per_serving = mg_from_percent_dv(data.percent_dv)
    food.name = data.name.strip()
    food.serving_grams_milli = grams_to_milligrams(data.serving_grams)
    food.label_percent_dv_tenths = (
        None if data.percent_dv is None else int((data.percent_dv * 10).to_integral_value())
    )
    if mg_per_serving is None:
        food.magnesium_ug_per_serving = None
        food.magnesium_ug_per_100g = None
    else:
        food.magnesium_ug_per_serving = mg_to_ug(mg_per_serving)
        food.magnesium_ug_per_100g = mg_to_ug(
            mg_per_100g_from_serving(mg_per_serving, data.serving_grams)
        )


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
