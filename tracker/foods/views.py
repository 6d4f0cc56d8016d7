"""Food search API and the user's custom foods."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, flash, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from tracker.dbtypes import max_length
from tracker.diary.suggestions import line_search_json, search_line
from tracker.foods import operations
from tracker.foods.forms import CustomFoodForm
from tracker.formtools import required
from tracker.models import Food
from tracker.search import MAX_QUERY_CHARS

bp = Blueprint("foods", __name__)

DEFAULT_LIMIT = 10


def _limit_from(raw: str | None) -> int | None:
    if raw is None or raw == "":
        return DEFAULT_LIMIT
    if not raw.isdigit():
        return None
    value = int(raw)
    return value if 1 <= value <= operations.SEARCH_LIMIT_MAX else None


@bp.get("/api/foods")
def api_search():
    query = request.args.get("q", "")
    limit = _limit_from(request.args.get("limit"))
    if limit is None:
        message = f"limit must be a whole number from 1 to {operations.SEARCH_LIMIT_MAX}."
        return jsonify(error=message), 400
    if len(query) > MAX_QUERY_CHARS:
        return jsonify(error=f"q is limited to {MAX_QUERY_CHARS} characters."), 400
    # Not current_user: loading the user would cost a second query on every keystroke.
    found = search_line(query, limit, session_id=session.get("_user_id"))
    add_url = url_for("foods.custom_foods", name=found.missing.name if found.missing else None)
    return jsonify(line_search_json(found, add_url))


def _custom_input(form: CustomFoodForm) -> operations.CustomFoodInput:
    amount: Decimal | None = form.magnesium_amount.data
    return operations.CustomFoodInput(
        name=form.name.data or "",
        serving_grams=required(form.serving_grams.data),
        magnesium_mg_per_serving=amount if form.magnesium_as.data == "mg" else None,
        percent_dv=amount if form.magnesium_as.data == "percent_dv" else None,
    )


@bp.route("/foods/mine", methods=["GET", "POST"])
@login_required
def custom_foods():
    form = CustomFoodForm()
    if not form.is_submitted() and request.args.get("name"):
        # From the food search's "not in the database" notice: the name typed there.
        form.name.data = request.args.get("name", "")[: max_length(Food.name)]
    if form.validate_on_submit():
        food = operations.create_custom_food(current_user, _custom_input(form))
        flash(f"Saved \u201c{food.name}\u201d. Search for it on the day page to log it.", "success")
        return redirect(url_for("foods.custom_foods"))
    foods = operations.custom_foods_of(current_user)
    status = 400 if form.errors else 200
    return render_template("foods/custom_foods.html", form=form, foods=foods), status


@bp.route("/foods/mine/<int:food_id>/edit", methods=["GET", "POST"])
@login_required
def edit_custom_food(food_id: int):
    food = operations.custom_food_or_404(food_id, current_user)
    start = operations.custom_food_form_values(food) if request.method == "GET" else None
    form = CustomFoodForm(data=start)
    if form.validate_on_submit():
        operations.update_custom_food(food, _custom_input(form))
        flash(f"Saved \u201c{food.name}\u201d.", "success")
        return redirect(url_for("foods.custom_foods"))
    status = 400 if form.errors else 200
    return render_template("foods/edit_custom_food.html", form=form, food=food), status


@bp.post("/foods/mine/<int:food_id>/delete")
@login_required
def delete_custom_food(food_id: int):
    food = operations.custom_food_or_404(food_id, current_user)
    name = food.name
    operations.delete_custom_food(food)
    flash(f"Deleted \u201c{name}\u201d. Entries you already logged are kept.", "success")
    return redirect(url_for("foods.custom_foods"))
