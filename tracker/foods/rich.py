"""The "Magnesium-rich foods" list: USDA foods ranked by magnesium per reference amount.

Computed from the food database (through the per-process catalog), so a data reload changes
the list; the grouping rules are in tracker.domain.rich_foods, the reference amounts in
tracker.domain.racc, the claim levels and the figure shown beside them in
tracker.domain.totals.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from decimal import Decimal

from tracker.domain.racc import REFERENCE_AMOUNTS, ReferenceAmount
from tracker.domain.rich_foods import (
    EVERYDAY_GROUPS,
    EverydayGroup,
    everyday_group_for,
    is_listed,
    reference_text,
    variety_key,
)
from tracker.domain.totals import (
    EXCELLENT_SOURCE_MG,
    GOOD_SOURCE_MG,
    SourceClaim,
    at_least,
    display_mg_beside,
    magnesium_mg_for,
    milligrams_to_grams,
    source_claim,
    ug_to_mg,
)
from tracker.domain.units import read_measures
from tracker.foods.catalog import CatalogFood, get_catalog
from tracker.foods.operations import GRAM_KEY, default_grams

FOODS_PER_EVERYDAY_GROUP = 12
FOODS_PER_OTHER_GROUP = 5
CLAIM_LEVELS = (at_least(GOOD_SOURCE_MG), at_least(EXCELLENT_SOURCE_MG))


@dataclass(frozen=True)
class RichFood:
    """One row of the list: a food, its reference amount and the magnesium in it."""

    food_id: int
    name: str
    reference: ReferenceAmount
    reference_text: str  # "30 g (about 1 oz)", "2 tbsp (32 g)"
    reference_grams: Decimal
    magnesium_mg: Decimal  # exact, in the reference amount
    magnesium_text: str  # as shown beside the claim: never contradicting it ("41.99")
    claim: SourceClaim | None
    # What "Log" adds: the reference amount itself, in grams, so the logged milligrams are
    # the ones shown.
    log_portion_key: str
    log_quantity: str


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
    if food.retired or food.magnesium_ug_per_100g is None or food.racc_grams_milli is None:
        return None
    reference = REFERENCE_AMOUNTS.get(food.racc_key or "")
    if reference is None or not is_listed(food.name, food.food_group, reference, food.racc_nominal):
        return None
    grams = milligrams_to_grams(food.racc_grams_milli)
    # Claims are judged per reference amount; a food people eat far less of at once (a shot
    # of espresso against 12 fl oz of coffee) would look rich for an amount nobody takes.
    if default_grams(food) * 3 < grams:
        return None
    magnesium = magnesium_mg_for(ug_to_mg(food.magnesium_ug_per_100g), grams)
    assert magnesium is not None  # the value is known (checked above)
    group = everyday_group_for(food.name, food.food_group)
    return _Candidate(
        group.key if group else f"usda:{food.food_group}",
        RichFood(
            food_id=food.id,
            name=food.name,
            reference=reference,
            reference_text="",  # worked out for the foods shown only (_with_text)
            reference_grams=grams,
            magnesium_mg=magnesium,
            magnesium_text=display_mg_beside(magnesium, CLAIM_LEVELS),
            claim=source_claim(magnesium),
            log_portion_key=GRAM_KEY,
            log_quantity=f"{grams.normalize():f}",
        ),
    )


def _with_text(food: RichFood, catalog_food: CatalogFood) -> RichFood:
    measures = read_measures(
        [(p.label, milligrams_to_grams(p.grams_milli)) for p in catalog_food.portions]
    )
    text = reference_text(food.reference, food.reference_grams, measures)
    return replace(food, reference_text=text)


def _best(
    foods: list[RichFood], limit: int, group: EverydayGroup | None = None
) -> tuple[RichFood, ...]:
    """The top foods, one per variety (its richest form), highest first; featured foods too.

    A food the group's heading or the guidance names (avocado, banana, almonds) is always
    shown, in its place by rank, even below the top `limit`, unless a richer form of the same
    food is shown already.
    """
    ranked = sorted(foods, key=lambda f: (-f.magnesium_mg, f.name.lower(), f.food_id))
    shown: list[RichFood] = []
    seen: set[str] = set()
    for food in ranked:
        key = variety_key(food.name)
        if key not in seen and len(shown) < limit:
            seen.add(key)
            shown.append(food)
    for pattern in group.featured if group else ():
        match = next((food for food in ranked if pattern.search(food.name)), None)
        if match is not None and variety_key(match.name) not in seen:
            seen.add(variety_key(match.name))
            shown.append(match)
    return tuple(sorted(shown, key=ranked.index))


def _build(foods: dict[int, CatalogFood]) -> tuple[RichFoodGroup, ...]:
    by_group: dict[str, list[RichFood]] = {}
    for food in foods.values():
        candidate = _candidate(food)
        if candidate is not None:
            by_group.setdefault(candidate.group_key, []).append(candidate.food)
    groups = [
        RichFoodGroup(
            key=group.key,
            title=group.title,
            everyday=True,
            foods=_best(by_group.get(group.key, []), FOODS_PER_EVERYDAY_GROUP, group),
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
    return tuple(
        replace(group, foods=tuple(_with_text(f, foods[f.food_id]) for f in group.foods))
        for group in groups
        if group.foods
    )


def rich_food_groups() -> tuple[RichFoodGroup, ...]:
    """The ranked list, everyday groups first; rebuilt when the food data changes."""
    global _cached
    catalog = get_catalog()
    cached = _cached
    if cached is not None and cached[0] == catalog.version:
        return cached[1]
    with _lock:
        if _cached is None or _cached[0] != catalog.version:
            _cached = (catalog.version, _build(catalog.foods))
        return _cached[1]
