"""The "Magnesium-rich foods" list: USDA foods ranked by magnesium per common portion.

Computed from the food database (through the per-process catalog), so a data reload changes
the list; the grouping and portion rules are in tracker.domain.rich_foods.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from decimal import Decimal

from tracker.domain.rich_foods import (
    EVERYDAY_GROUPS,
    OTHER_REFERENCE_GRAMS,
    common_portion,
    everyday_group_for,
    is_listed,
    variety_key,
)
from tracker.domain.totals import (
    SourceClaim,
    display_grams,
    display_mg,
    magnesium_mg_for,
    milligrams_to_grams,
    source_claim,
    ug_to_mg,
)
from tracker.foods.catalog import CatalogFood, get_catalog

FOODS_PER_EVERYDAY_GROUP = 12
FOODS_PER_OTHER_GROUP = 5


@dataclass(frozen=True)
class RichFood:
    """One row of the list: a food, its common portion and the magnesium in it."""

    food_id: int
    name: str
    portion_key: str
    portion_label: str
    portion_grams: str
    magnesium_mg: Decimal
    magnesium_text: str
    claim: SourceClaim | None


@dataclass(frozen=True)
class RichFoodGroup:
    """A group of the list, its foods best first."""

    key: str
    title: str
    everyday: bool
    foods: tuple[RichFood, ...]


@dataclass(frozen=True)
class _Candidate:
    group_key: str
    food: RichFood


_lock = threading.Lock()
_cached: tuple[str, tuple[RichFoodGroup, ...]] | None = None


def _candidate(food: CatalogFood) -> _Candidate | None:
    if food.retired or food.magnesium_ug_per_100g is None:
        return None
    if not is_listed(food.name, food.food_group):
        return None
    group = everyday_group_for(food.name, food.food_group)
    portions = [(p.label, milligrams_to_grams(p.grams_milli)) for p in food.portions]
    if group is None:
        index = common_portion(portions, OTHER_REFERENCE_GRAMS)
        group_key = f"usda:{food.food_group}"
    else:
        index = common_portion(portions, group.reference_grams, group.preferred_portions)
        group_key = group.key
    if index is None:
        return None
    portion = food.portions[index]
    grams = milligrams_to_grams(portion.grams_milli)
    magnesium = magnesium_mg_for(ug_to_mg(food.magnesium_ug_per_100g), grams)
    assert magnesium is not None  # the value is known (checked above)
    return _Candidate(
        group_key,
        RichFood(
            food_id=food.id,
            name=food.name,
            portion_key=portion.key,
            portion_label=portion.label,
            portion_grams=display_grams(grams),
            magnesium_mg=magnesium,
            magnesium_text=display_mg(magnesium),
            claim=source_claim(magnesium),
        ),
    )


def _best(foods: list[RichFood], limit: int) -> tuple[RichFood, ...]:
    """The top foods, one per variety (the best way of preparing it), highest first."""
    ranked = sorted(foods, key=lambda f: (-f.magnesium_mg, f.name.lower(), f.food_id))
    shown: list[RichFood] = []
    seen: set[str] = set()
    for food in ranked:
        key = variety_key(food.name)
        if key in seen:
            continue
        seen.add(key)
        shown.append(food)
        if len(shown) == limit:
            break
    return tuple(shown)


def _build(foods: list[CatalogFood]) -> tuple[RichFoodGroup, ...]:
    by_group: dict[str, list[RichFood]] = {}
    for food in foods:
        candidate = _candidate(food)
        if candidate is not None:
            by_group.setdefault(candidate.group_key, []).append(candidate.food)
    groups = [
        RichFoodGroup(
            key=group.key,
            title=group.title,
            everyday=True,
            foods=_best(by_group.get(group.key, []), FOODS_PER_EVERYDAY_GROUP),
        )
        for group in EVERYDAY_GROUPS
    ]
    other_keys = sorted(key for key in by_group if key.startswith("usda:"))
    for key in other_keys:
        title = key.removeprefix("usda:")
        groups.append(
            RichFoodGroup(
                key="other-" + "-".join(title.lower().replace(",", " ").replace("/", " ").split()),
                title=title,
                everyday=False,
                foods=_best(by_group[key], FOODS_PER_OTHER_GROUP),
            )
        )
    return tuple(group for group in groups if group.foods)


def rich_food_groups() -> tuple[RichFoodGroup, ...]:
    """The ranked list, everyday groups first; rebuilt when the food data changes."""
    global _cached
    catalog = get_catalog()
    cached = _cached
    if cached is not None and cached[0] == catalog.version:
        return cached[1]
    with _lock:
        if _cached is None or _cached[0] != catalog.version:
            _cached = (catalog.version, _build(list(catalog.foods.values())))
        return _cached[1]
