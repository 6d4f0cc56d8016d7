"""My recipes: the list, the editor, deleting, and saving a logged meal as a recipe."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.domain.entries import Meal
from tracker.domain.errors import ValidationError
from tracker.feedback import notify
from tracker.formtools import add_error, show_error
from tracker.models import Recipe
from tracker.recipes import operations
from tracker.recipes.forms import MAX_LINE_LENGTH, MealRecipeForm, RecipeForm

bp = Blueprint("recipes", __name__)

SUGGESTIONS_SHOWN = 8
MAX_ROWS_POSTED = 60


@bp.get("/recipes")
@login_required
def recipes():
    found = operations.recipes_of(current_user)
    listed = [(recipe, operations.recipe_figures(recipe)) for recipe in found]
    return render_template("recipes/recipes.html", recipes=listed)


@bp.route("/recipes/new", methods=["GET", "POST"])
@login_required
def new_recipe():
    return _editor(None)


@bp.route("/recipes/<int:recipe_id>/edit", methods=["GET", "POST"])
@login_required
def edit_recipe(recipe_id: int):
    return _editor(operations.recipe_or_404(current_user, recipe_id))


def _posted_inputs() -> list[operations.IngredientInput]:
    foods = request.form.getlist("ingredient_food")[:MAX_ROWS_POSTED]
    portions = request.form.getlist("ingredient_portion")
    quantities = request.form.getlist("ingredient_quantity")
    rows = []
    for index, food in enumerate(foods):
        portion = portions[index] if index < len(portions) else ""
        quantity = quantities[index] if index < len(quantities) else ""
        rows.append(operations.IngredientInput(food[:40], portion[:20], quantity[:20]))
    return rows


def _chosen_suggestion(raw: str) -> operations.IngredientInput | None:
    """A suggestion's "Add" button: "<food>|<portion>|<quantity>"."""
    parts = raw.split("|")
    if len(parts) != 3:
        return None
    return operations.IngredientInput(parts[0][:40], parts[1][:20], parts[2][:20])


def _editor(recipe: Recipe | None):
    form = RecipeForm()
    status = 200
    search = None
    if request.method == "GET":
        if recipe is not None:
            form.name.data = recipe.name
            form.servings.data = str(recipe.servings)
        inputs = [] if recipe is None else operations.recipe_inputs(current_user, recipe)
    else:
        inputs = _posted_inputs()
        removed = request.form.get("remove", "")
        if removed.isdigit() and int(removed) < len(inputs):
            del inputs[int(removed)]
        added = _chosen_suggestion(request.form.get("add", ""))
        if added is not None:
            inputs.append(added)
            form.ingredient_line.data = ""
        line = (form.ingredient_line.data or "")[:MAX_LINE_LENGTH].strip()
        if form.find.data or (line and added is None and not form.submit.data):
            if line:
                search = operations.ingredient_suggestions(current_user, line, SUGGESTIONS_SHOWN)
            else:
                add_error(
                    form.ingredient_line,
                    "Type an ingredient to search for, such as “1 cup oatmeal”.",
                )
                status = 400
        elif form.submit.data:
            try:
                saved = operations.save_recipe(
                    current_user,
                    recipe,
                    operations.RecipeInput(form.name.data or "", form.servings.data or "", inputs),
                )
            except ValidationError as error:
                show_error(form, error)
                status = 400
            else:
                notify(f"Saved the recipe “{saved.name}”.", section="recipes")
                return redirect(url_for("recipes.recipes") + "#recipes")
    try:
        rows = operations.ingredient_rows(current_user, recipe, inputs)
    except ValidationError as error:
        add_error(form.ingredients, error.message)
        rows, status = [], 400
    figures = operations.rows_figures(rows, form.servings.data or "")
    return (
        render_template(
            "recipes/edit.html",
            form=form,
            recipe=recipe,
            rows=rows,
            figures=figures,
            search=search,
            line=form.ingredient_line.data or "",
        ),
        status,
    )


@bp.post("/recipes/<int:recipe_id>/delete")
@login_required
def delete_recipe(recipe_id: int):
    recipe = operations.recipe_or_404(current_user, recipe_id)
    name = recipe.name
    operations.delete_recipe(recipe)
    notify(f"Deleted the recipe “{name}”. Servings you logged are kept.", section="recipes")
    return redirect(url_for("recipes.recipes") + "#recipes")


@bp.post("/recipes/from-meal")
@login_required
def recipe_from_meal():
    """ "Save this meal as a recipe": one serving of the meal's foods, then the editor."""
    form = MealRecipeForm()
    if not form.validate_on_submit() or form.day.data is None:
        abort(400)
    meal = Meal(form.meal.data) if form.meal.data else None
    try:
        recipe = operations.save_meal_as_recipe(current_user, form.day.data, meal)
    except ValidationError as error:
        notify(error.message, section="entries", category="error")
        return redirect(url_for("diary.day_page", day=form.day.data) + "#entries")
    notify(
        f"Saved this meal as the recipe “{recipe.name}” (1 serving). Rename it or change it here.",
        section="recipe-editor",
    )
    return redirect(url_for("recipes.edit_recipe", recipe_id=recipe.id))
