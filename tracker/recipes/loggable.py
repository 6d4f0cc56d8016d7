"""A recipe in the shape of a food, so the day page's search, Add form and preview log it.

A RecipeFood is a CatalogFood whose one portion is "1 serving" and whose magnesium is the
recipe's own exact figure, not a rounded per-100 g value: tracker.diary.operations.
entry_amount asks recipe_part() for it. It is named "recipe-<id>" in the Add form and the
search API (choice_id), never by a food's id.

Only models, the catalog's types and the domain are imported here, so the food search
(tracker.foods.operations) can offer recipes without an import cycle.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import selectinload

from tracker.domain.bone_nutrients import calcium_ug_for, scaled, vitamin_d_ng_for
from tracker.domain.recipes import (
    SERVING_KEY,
    SERVING_LABEL,
    Ingredient,
    part_mg,
    recipe_magnesium,
)
from tracker.domain.totals import grams_to_milligrams, mg_to_ug, milligrams_to_grams, ug_to_mg
from tracker.extensions import db
from tracker.foods.catalog import CatalogFood, CatalogPortion
from tracker.models import Food, FoodEntry, Recipe, RecipeIngredient, User

RECIPE_CHOICE = re.compile(r"recipe-([0-9]{1,10})")
MISSING_SEPARATOR = "\n"


@dataclass(frozen=True, slots=True)
class RecipeFood(CatalogFood):
    """A recipe (or a logged serving's copy of one) as the Add form logs it."""

    recipe_id: int | None = None  # None: rebuilt from a logged serving whose recipe is gone
    recipe_magnesium_ug: int | None = None  # the whole recipe's known magnesium
    recipe_grams_milli: int = 0
    servings: int = 1
    missing: tuple[str, ...] = ()  # ingredients with no magnesium value: a minimum

    @property
    def choice_id(self) -> str:
        return f"recipe-{self.recipe_id}"


def recipe_choice_id(raw: str) -> int | None:
    """The recipe id in an Add form's "recipe-12", or None when it names no recipe."""
    match = RECIPE_CHOICE.fullmatch(raw or "")
    return int(match.group(1)) if match else None


def recipe_part(food: RecipeFood, quantity: Decimal) -> Decimal | None:
    """The magnesium of `quantity` servings of the recipe, to the microgram (None: unknown)."""
    if food.recipe_magnesium_ug is None:
        return None
    return part_mg(ug_to_mg(food.recipe_magnesium_ug), Fraction(quantity) / food.servings)


def _food_of(recipe: Recipe) -> RecipeFood:
    figures = recipe_magnesium(
        [
            Ingredient(i.food_name, None if i.magnesium_ug is None else ug_to_mg(i.magnesium_ug))
            for i in recipe.ingredients
        ],
        recipe.servings,
    )
    grams_milli = sum(i.grams_milli for i in recipe.ingredients)
    serving_milli = max(1, round(grams_milli / recipe.servings))
    total = figures.total_mg
    per_100g = (
        None if total is None or not grams_milli else round(mg_to_ug(total) * 100_000 / grams_milli)
    )
    return _serving_food(
        -recipe.id,
        recipe.name,
        serving_milli,
        per_100g=per_100g,
        recipe_id=recipe.id,
        recipe_magnesium_ug=None if total is None else mg_to_ug(total),
        recipe_grams_milli=grams_milli,
        servings=recipe.servings,
        missing=figures.missing if figures.is_minimum else (),
    )


def _serving_food(
    food_id: int, name: str, serving_milli: int, *, per_100g: int | None = None, **recipe: Any
) -> RecipeFood:
    # One portion, "1 serving", preselected once.
    return RecipeFood(
        id=food_id,
        ndb_number=None,
        name=name,
        food_group="My recipes",
        magnesium_ug_per_100g=per_100g,
        portions=(CatalogPortion(SERVING_KEY, SERVING_LABEL, serving_milli),),
        default_portion_key=SERVING_KEY,
        default_quantity_text="1",
        **recipe,
    )


def _known_total(values: list[int | None], ratio: Decimal) -> int | None:
    # A recipe's calcium or vitamin D: unknown when any ingredient's is (never read as 0).
    if not values or any(value is None for value in values):
        return None
    return scaled(sum(value for value in values if value is not None), ratio)


def serving_bone_values(food: RecipeFood, grams: Decimal) -> dict[str, int | None]:
    """Calcium (µg) and vitamin D (ng) in `grams` of a recipe, from its ingredients' foods as
    they are now, for the logged serving's own copy; None when an ingredient's is unknown."""
    if food.recipe_id is None or not food.recipe_grams_milli:
        return {"calcium_ug": None, "vitamin_d_ng": None}
    rows = db.session.execute(
        db.select(
            RecipeIngredient.grams_milli, Food.calcium_mg_per_100g, Food.vitamin_d_iu_per_100g
        )
        .outerjoin(Food, Food.id == RecipeIngredient.food_id)
        .where(RecipeIngredient.recipe_id == food.recipe_id)
    ).all()
    ratio = Decimal(grams_to_milligrams(grams)) / food.recipe_grams_milli
    calcium = [calcium_ug_for(ca, milligrams_to_grams(milli)) for milli, ca, _d in rows]
    vitamin_d = [vitamin_d_ng_for(d, milligrams_to_grams(milli)) for milli, _ca, d in rows]
    return {
        "calcium_ug": _known_total(calcium, ratio),
        "vitamin_d_ng": _known_total(vitamin_d, ratio),
    }


def recipe_foods(
    recipe_ids: Iterable[int], owner: tuple[ColumnElement[bool], ...]
) -> dict[int, RecipeFood]:
    """The recipes among these ids that pass the owner conditions, by recipe id."""
    ids = sorted(set(recipe_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        db.select(Recipe)
        .join(User, User.id == Recipe.user_id)
        .where(Recipe.id.in_(ids), *owner)
        .options(selectinload(Recipe.ingredients))
    ).scalars()
    return {recipe.id: _food_of(recipe) for recipe in rows if recipe.ingredients}


def recipe_food(recipe_id: int, user: User) -> RecipeFood | None:
    """One of the user's recipes as a food to log; None for anyone else's or none."""
    return recipe_foods([recipe_id], (Recipe.user_id == user.id,)).get(recipe_id)


def recipe_names(owner: tuple[ColumnElement[bool], ...]) -> list[tuple[int, str]]:
    """(id, name) of the recipes the owner conditions select, for the food search."""
    return [
        (recipe_id, name)
        for recipe_id, name in db.session.execute(
            db.select(Recipe.id, Recipe.name).join(User, User.id == Recipe.user_id).where(*owner)
        )
    ]


def serving_snapshot(entry: FoodEntry) -> RecipeFood:
    """A logged serving rebuilt from its own copy (to edit it): never from the recipe now."""
    quantity = Fraction(entry.quantity_micro, 1_000_000) or Fraction(1)
    per_serving = None
    if entry.magnesium_ug is not None:
        per_serving = round(Fraction(entry.magnesium_ug) / quantity)
    serving_milli = entry.portion_grams_milli or 1
    return _serving_food(
        0,
        entry.item_name,
        serving_milli,
        recipe_id=entry.recipe_id,
        recipe_magnesium_ug=per_serving,
        recipe_grams_milli=serving_milli,
        servings=1,
        missing=missing_names(entry.magnesium_unknown_in),
    )


def missing_names(stored: str | None) -> tuple[str, ...]:
    """The ingredient names a logged serving stored as lacking a magnesium value."""
    return tuple(name for name in (stored or "").split(MISSING_SEPARATOR) if name)
