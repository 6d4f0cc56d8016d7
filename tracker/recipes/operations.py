"""My recipes: every read and write of recipes, and their figures for the pages.

An ingredient is chosen as the day page's Add form chooses a food (the same search,
Portion and Quantity rules and arithmetic: tracker.diary.operations.entry_amount), and is
stored with its grams and magnesium. A recipe's figures come from tracker.domain.recipes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import selectinload

from tracker.dbtypes import max_length
from tracker.diary.operations import (
    EntryAmount,
    entry_amount,
    loggable_portions,
    portion_choices,
)
from tracker.diary.suggestions import FoodSuggestion, search_line
from tracker.domain.entries import EntryKind, Meal
from tracker.domain.errors import ValidationError
from tracker.domain.recipes import (
    MAX_INGREDIENTS,
    Ingredient,
    RecipeMagnesium,
    magnesium_phrase,
    read_servings,
    recipe_magnesium,
    shares_percent,
)
from tracker.domain.text import TextError, clean_text
from tracker.domain.totals import (
    QuantityError,
    display_grams,
    grams_to_milligrams,
    mg_to_ug,
    micro_to_quantity,
    milligrams_to_grams,
    quantity_to_micro,
    ug_to_mg,
)
from tracker.extensions import db
from tracker.foods.catalog import CatalogFood
from tracker.foods.operations import food_for
from tracker.formatting import exact_text, long_date
from tracker.models import FoodEntry, Recipe, RecipeIngredient, User
from tracker.recipes.loggable import RecipeFood

NAME_LENGTH = max_length(Recipe.name)
KEPT_PREFIX = "kept-"


@dataclass(frozen=True)
class IngredientInput:
    """One ingredient row as a form sends it: the food ("123", or "kept-9" for an ingredient
    whose own food was deleted since), the Portion key and the Quantity text."""

    food: str
    portion_key: str
    quantity_text: str


@dataclass(frozen=True)
class IngredientRow:
    """An ingredient as the editor shows it: its food, portion options and what it comes to."""

    input: IngredientInput
    name: str
    portion_choices: list[tuple[str, str]]
    amount: EntryAmount | None  # None: Portion or Quantity can't be logged (problem says why)
    problem: str = ""
    kept: RecipeIngredient | None = None  # the stored ingredient, when its food is gone

    @property
    def magnesium_text(self) -> str:
        """ "2 × 1 cup (468 g): 126 mg"; a kept ingredient, its saved figure."""
        if self.amount is not None:
            return f"{self.amount.amount_text}: {self.amount.magnesium_text}"
        return magnesium_phrase(self.magnesium_mg) if self.kept is not None else ""

    @property
    def magnesium_mg(self) -> Decimal | None:
        if self.kept is not None:
            return None if self.kept.magnesium_ug is None else ug_to_mg(self.kept.magnesium_ug)
        return None if self.amount is None else self.amount.magnesium_mg


@dataclass(frozen=True)
class RecipeFigures:
    """A recipe's magnesium as its pages show it."""

    magnesium: RecipeMagnesium
    total_text: str  # "107 mg", "at least 84 mg; cheddar has no magnesium value"
    per_serving_text: str
    shares: list[int | None]
    grams_text: str


def figures_of(names_and_mg: list[tuple[str, Decimal | None]], servings: int, grams: Decimal):
    """The figures of a recipe's ingredients (name, mg) for a number of servings."""
    magnesium = recipe_magnesium([Ingredient(n, mg) for n, mg in names_and_mg], servings)
    missing = magnesium.missing if magnesium.is_minimum else ()
    return RecipeFigures(
        magnesium=magnesium,
        total_text=magnesium_phrase(magnesium.total_mg, missing),
        per_serving_text=magnesium_phrase(magnesium.per_serving_mg, missing),
        shares=shares_percent([mg for _n, mg in names_and_mg], magnesium.total_mg),
        grams_text=display_grams(grams),
    )


def recipe_figures(recipe: Recipe) -> RecipeFigures:
    """The stored recipe's figures."""
    return figures_of(
        [
            (i.food_name, None if i.magnesium_ug is None else ug_to_mg(i.magnesium_ug))
            for i in recipe.ingredients
        ],
        recipe.servings,
        milligrams_to_grams(sum(i.grams_milli for i in recipe.ingredients)),
    )


# --- reading the editor's rows --------------------------------------------------------------


def _food_of_choice(user: User, raw: str) -> CatalogFood | None:
    """A USDA food or one of the user's own foods named by its id; anything else None."""
    if not raw.isdigit() or len(raw) > 10:
        return None
    return food_for(int(raw), user)


def _kept_ingredient(recipe: Recipe | None, raw: str) -> RecipeIngredient | None:
    if recipe is None or not raw.startswith(KEPT_PREFIX):
        return None
    wanted = raw.removeprefix(KEPT_PREFIX)
    return next((i for i in recipe.ingredients if str(i.id) == wanted), None)


def ingredient_row(user: User, recipe: Recipe | None, data: IngredientInput) -> IngredientRow:
    """Read one ingredient row, or raise ValidationError when its food can't be used."""
    kept = _kept_ingredient(recipe, data.food)
    if kept is not None:
        amount_text = f"{exact_text(micro_to_quantity(kept.quantity_micro))} × {kept.portion_label}"
        return IngredientRow(data, kept.food_name, [("kept", amount_text)], None, kept=kept)
    food = _food_of_choice(user, data.food)
    if food is None:
        # Another user's food, a recipe, or a forged id: never an ingredient.
        raise ValidationError(
            "ingredients",
            "One of the ingredients is not a USDA food or one of your own foods. "
            "Search for it again under “Add an ingredient”.",
        )
    choices = portion_choices(food)
    try:
        amount = entry_amount(food, data.portion_key, data.quantity_text)
    except ValidationError as error:
        return IngredientRow(data, food.name, choices, None, problem=error.message)
    return IngredientRow(data, food.name, choices, amount)


def ingredient_rows(
    user: User, recipe: Recipe | None, inputs: list[IngredientInput]
) -> list[IngredientRow]:
    """Every row of the editor, read; ValidationError for a food the user may not use."""
    if len(inputs) > MAX_INGREDIENTS:
        raise ValidationError("ingredients", f"A recipe has at most {MAX_INGREDIENTS} ingredients.")
    return [ingredient_row(user, recipe, data) for data in inputs]


def rows_figures(rows: list[IngredientRow], servings_text: str) -> RecipeFigures | None:
    """The figures the editor shows for its rows as they are (None until they can be added)."""
    if not rows or any(row.amount is None and row.kept is None for row in rows):
        return None
    try:
        servings = read_servings(servings_text)
    except QuantityError:
        servings = 1
    grams = sum(
        (
            milligrams_to_grams(row.kept.grams_milli)
            if row.kept is not None
            else row.amount.grams
            if row.amount is not None
            else Decimal(0)
            for row in rows
        ),
        Decimal(0),
    )
    return figures_of([(row.name, row.magnesium_mg) for row in rows], servings, grams)


def recipe_inputs(user: User, recipe: Recipe) -> list[IngredientInput]:
    """A stored recipe's rows as the editor starts with them."""
    rows = []
    for ingredient in recipe.ingredients:
        food = None if ingredient.food_id is None else food_for(ingredient.food_id, user)
        if food is None:
            rows.append(IngredientInput(f"{KEPT_PREFIX}{ingredient.id}", "kept", ""))
            continue
        key = next(
            (
                p.key
                for p in loggable_portions(food)
                if p.label == ingredient.portion_label
                and p.grams_milli == ingredient.portion_grams_milli
            ),
            "g",
        )
        quantity = ingredient.quantity_text
        if key == "g" and ingredient.portion_label != "g":
            quantity = exact_text(milligrams_to_grams(ingredient.grams_milli))
        rows.append(IngredientInput(food.choice_id, key, quantity))
    return rows


def ingredient_suggestions(user: User, line: str, limit: int) -> list[FoodSuggestion]:
    """What the day page's search suggests for a line, foods only (a recipe is no ingredient)."""
    found = search_line(line, limit, user=user)
    return [s for s in found.foods if not isinstance(s.food, RecipeFood)]


# --- writing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecipeInput:
    name: str
    servings_text: str
    ingredients: list[IngredientInput]


def _clean_name(name: str) -> str:
    try:
        cleaned = clean_text(name or "")
    except TextError as error:
        raise ValidationError("name", str(error)) from error
    if not cleaned:
        raise ValidationError("name", "Give the recipe a name, such as “Morning porridge”.")
    if len(cleaned) > NAME_LENGTH:
        raise ValidationError(
            "name", f"A recipe name has at most {NAME_LENGTH} characters; this has {len(cleaned)}."
        )
    return cleaned


def _ingredient_values(row: IngredientRow, position: int) -> dict[str, object]:
    if row.kept is not None:
        kept = row.kept
        return {
            "position": position,
            "food_id": kept.food_id,
            "food_name": kept.food_name,
            "portion_label": kept.portion_label,
            "portion_grams_milli": kept.portion_grams_milli,
            "quantity_text": kept.quantity_text,
            "quantity_micro": kept.quantity_micro,
            "grams_milli": kept.grams_milli,
            "magnesium_ug": kept.magnesium_ug,
        }
    amount = row.amount
    if amount is None:
        raise ValidationError("ingredients", f"{row.name}: {row.problem}")
    return {
        "position": position,
        "food_id": int(row.input.food),
        "food_name": row.name,
        "portion_label": amount.portion.label,
        "portion_grams_milli": amount.portion.grams_milli,
        "quantity_text": row.input.quantity_text.strip()[
            : max_length(RecipeIngredient.quantity_text)
        ],
        "quantity_micro": quantity_to_micro(amount.quantity),
        "grams_milli": grams_to_milligrams(amount.grams),
        "magnesium_ug": None if amount.magnesium_mg is None else mg_to_ug(amount.magnesium_mg),
    }


def save_recipe(user: User, recipe: Recipe | None, data: RecipeInput) -> Recipe:
    """Create (recipe None) or replace a recipe, or raise ValidationError saving nothing."""
    name = _clean_name(data.name)
    try:
        servings = read_servings(data.servings_text)
    except QuantityError as error:
        raise ValidationError("servings", str(error)) from error
    rows = ingredient_rows(user, recipe, data.ingredients)
    if not rows:
        raise ValidationError(
            "ingredients", "Add at least one ingredient: search for it under “Add an ingredient”."
        )
    values = [_ingredient_values(row, position) for position, row in enumerate(rows)]
    if recipe is None:
        recipe = Recipe(user_id=user.id, name=name, servings=servings)
        db.session.add(recipe)
    else:
        recipe.name, recipe.servings = name, servings
        recipe.ingredients.clear()
        db.session.flush()
    recipe.ingredients.extend(RecipeIngredient(**value) for value in values)
    db.session.commit()
    return recipe


def delete_recipe(recipe: Recipe) -> None:
    """Delete a recipe; servings already logged keep their copy (the link is set to NULL)."""
    db.session.delete(recipe)
    db.session.commit()


def recipes_of(user: User) -> list[Recipe]:
    """The user's recipes, by name."""
    return list(
        db.session.execute(
            db.select(Recipe)
            .where(Recipe.user_id == user.id)
            .options(selectinload(Recipe.ingredients))
            .order_by(db.func.lower(Recipe.name), Recipe.id)
        ).scalars()
    )


def recipe_or_404(user: User, recipe_id: int) -> Recipe:
    """One of the user's recipes, or a 404 (another user's id included)."""
    return db.first_or_404(
        db.select(Recipe).where(Recipe.id == recipe_id, Recipe.user_id == user.id)
    )


# --- save a meal as a recipe ------------------------------------------------------------------


def meal_inputs(user: User, day: date, meal: Meal | None) -> list[IngredientInput]:
    """A logged meal's foods as ingredient rows (quick adds and recipe servings are not
    foods, and a food deleted since can't be one)."""
    query = db.select(FoodEntry).where(
        FoodEntry.user_id == user.id,
        FoodEntry.day == day,
        FoodEntry.kind == EntryKind.FOOD,
        FoodEntry.food_id.is_not(None),
    )
    query = query.where(FoodEntry.meal.is_(None) if meal is None else FoodEntry.meal == meal)
    rows = []
    for entry in db.session.execute(query.order_by(FoodEntry.time, FoodEntry.id)).scalars():
        food = food_for(entry.food_id, user) if entry.food_id is not None else None
        if food is None:
            continue
        key = next(
            (
                p.key
                for p in loggable_portions(food)
                if p.label == entry.portion_label and p.grams_milli == entry.portion_grams_milli
            ),
            None,
        )
        if key is None:
            key, quantity = "g", exact_text(milligrams_to_grams(entry.grams_milli or 0))
        else:
            quantity = entry.quantity_text
        rows.append(IngredientInput(str(food.id), key, quantity))
    return rows


def save_meal_as_recipe(user: User, day: date, meal: Meal | None) -> Recipe:
    """A recipe of one serving from a logged meal's foods, named after the meal and day."""
    inputs = meal_inputs(user, day, meal)
    if not inputs:
        raise ValidationError(
            "meal", "That meal has no foods from the database to make a recipe of."
        )
    label = "Meal" if meal is None else meal.label
    name = f"{label} of {long_date(day)}"[:NAME_LENGTH]
    return save_recipe(user, None, RecipeInput(name, "1", inputs[:MAX_INGREDIENTS]))
