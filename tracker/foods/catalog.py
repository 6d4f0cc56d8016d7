"""A read-only, per-process copy of the USDA foods for fast search.

The USDA part of the food table changes only when `flask load-foods` loads a new data file,
which records the file's hash in food_data_versions. A process compares that hash (one
indexed row) with its copy's at most every VERSION_CHECK_SECONDS, so every process sees a
reload within seconds without any shared memory, and a search costs no extra query.
"""

from __future__ import annotations

import gc
import threading
import time
from dataclasses import dataclass

from tracker.extensions import db
from tracker.models import Food, FoodDataVersion, FoodPortion
from tracker.search import FoodSearchIndex, SearchDoc

USDA_DATA_NAME = "usda_sr24"
VERSION_CHECK_SECONDS = 2.0


@dataclass(frozen=True, slots=True)
class CatalogPortion:
    key: str
    label: str
    grams_milli: int


@dataclass(frozen=True, slots=True)
class CatalogFood:
    id: int
    ndb_number: str | None
    name: str
    food_group: str | None
    magnesium_ug_per_100g: int | None
    portions: tuple[CatalogPortion, ...]
    retired: bool = False
    # The portion preselected when the user has no habit for this food: a portion key
    # ("3", "g", "oz") and the Quantity text ("1", "0.5", "1/3"). None for custom foods.
    default_portion_key: str | None = None
    default_quantity_text: str | None = None
    # The reference amount customarily consumed (tracker.domain.racc) in grams for this food;
    # racc_nominal: a typical weight rather than one from the food's own measure.
    racc_key: str | None = None
    racc_grams_milli: int | None = None
    racc_nominal: bool = False

    @property
    def choice_id(self) -> str:
        """What the Add form's food field and the search API call it: the food's id."""
        return str(self.id)


@dataclass(frozen=True)
class Catalog:
    version: str
    foods: dict[int, CatalogFood]
    index: FoodSearchIndex


_lock = threading.Lock()
_catalog: Catalog | None = None
_checked_at = 0.0


def _current_version() -> str:
    row = db.session.execute(
        db.select(FoodDataVersion.sha256).filter_by(name=USDA_DATA_NAME)
    ).scalar_one_or_none()
    return row or ""


def _build(version: str) -> Catalog:
    portions: dict[int, list[CatalogPortion]] = {}
    portion_rows = db.session.execute(
        db.select(
            FoodPortion.food_id, FoodPortion.position, FoodPortion.label, FoodPortion.grams_milli
        )
        .join(Food, Food.id == FoodPortion.food_id)
        .where(Food.owner_id.is_(None))
        .order_by(FoodPortion.food_id, FoodPortion.position)
    )
    for food_id, position, label, grams_milli in portion_rows:
        portions.setdefault(food_id, []).append(CatalogPortion(str(position), label, grams_milli))
    foods: dict[int, CatalogFood] = {}
    food_rows = db.session.execute(
        db.select(
            Food.id,
            Food.ndb_number,
            Food.name,
            Food.food_group,
            Food.magnesium_ug_per_100g,
            Food.retired,
            Food.default_portion_key,
            Food.default_quantity_text,
            Food.racc_key,
            Food.racc_grams_milli,
            Food.racc_nominal,
        ).where(Food.owner_id.is_(None))
    )
    for food_id, ndb, name, group, mg_ug, retired, *defaults in food_rows:
        foods[food_id] = CatalogFood(
            food_id, ndb, name, group, mg_ug, tuple(portions.get(food_id, ())), retired, *defaults
        )
    index = FoodSearchIndex(
        SearchDoc(id=f.id, name=f.name, food_group=f.food_group, retired=f.retired)
        for f in foods.values()
    )
    return Catalog(version=version, foods=foods, index=index)


def get_catalog() -> Catalog:
    """Return the catalog for the food data currently in the database."""
    global _catalog, _checked_at
    catalog = _catalog
    now = time.monotonic()
    if catalog is not None and now - _checked_at < VERSION_CHECK_SECONDS:
        return catalog
    version = _current_version()
    if catalog is not None and catalog.version == version:
        _checked_at = now
        return catalog
    with _lock:
        if _catalog is None or _catalog.version != version:
            if _catalog is not None:
                gc.unfreeze()  # let the old copy be collected once it is replaced
            _catalog = _build(version)
            _freeze_long_lived()
        _checked_at = now
        return _catalog


def _freeze_long_lived() -> None:
    """Hide what lives as long as the process (this catalog above all) from the cyclic GC.

    Its ~200,000 objects made every full collection a ~100 ms pause, which showed as the p95
    latency of every page under load (bench/README.md, Load). Frozen objects are never
    scanned; they are never freed either, which suits data kept until a food data reload.
    """
    gc.collect()
    gc.freeze()


def forget_catalog() -> None:
    """Drop this process's copy, so the next lookup rebuilds it (after a reload, in tests)."""
    global _catalog, _checked_at
    with _lock:
        _catalog = None
        _checked_at = 0.0
