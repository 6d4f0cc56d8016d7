"""Views of the day page."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.diary import operations
from tracker.diary.forms import DeleteForm, EditFoodEntryForm, FoodEntryForm
from tracker.foods.operations import food_for, search_foods
from tracker.formtools import choices
from tracker.localtime import local_today
from tracker.pages.views import landing

bp = Blueprint("diary", __name__)

SEARCH_RESULTS_ON_PAGE = 15


@bp.get("/")
def today():
    if not current_user.is_authenticated:
        return landing()
    return _render_day(local_today(current_user), FoodEntryForm())


@bp.get("/day/<day:day>")
@login_required
def day_page(day: date):
    return _render_day(day, FoodEntryForm())


def _chosen_food(form: FoodEntryForm):
    raw = form.food_id.data or request.args.get("food", "")
    if not str(raw).isdigit():
        return None
    return food_for(int(raw), current_user)


def _render_day(day: date, form: FoodEntryForm, status: int = 200):
    query = request.args.get("q", "")[:200].strip()
    results = search_foods(query, SEARCH_RESULTS_ON_PAGE, current_user) if query else []
    chosen = _chosen_food(form)
    if chosen is not None:
        form.food_id.data = str(chosen.id)
        form.portion.choices = choices(operations.portion_choices(chosen))
    view = operations.day_view(current_user, day)
    return (
        render_template(
            "diary/day.html",
            view=view,
            form=form,
            chosen=chosen,
            query=query,
            results=results,
            delete_form=DeleteForm(),
            is_today=day == local_today(current_user),
            previous_day=day - timedelta(days=1),
            next_day=day + timedelta(days=1),
        ),
        status,
    )


@bp.post("/day/<day:day>/entries")
@login_required
def add_entry(day: date):
    form = FoodEntryForm()
    food = _chosen_food(form) if form.food_id.data else None
    if food is None and form.food_id.data:
        form.food_id.errors = ["That food is not in the database. Search for it again."]
        return _render_day(day, form, 400)
    if food is not None:
        form.portion.choices = choices(operations.portion_choices(food))
    if not form.validate_on_submit():
        return _render_day(day, form, 400)
    try:
        entry = operations.add_food_entry(
            current_user,
            day,
            operations.FoodEntryInput(
                food=food,
                portion_key=form.portion.data,
                quantity_text=form.quantity.data,
                meal=form.meal.data or None,
                time=form.time.data,
            ),
        )
    except operations.EntryError as error:
        getattr(form, error.field).errors.append(error.message)
        return _render_day(day, form, 400)
    flash(f"Added {entry.item_name}.", "success")
    return redirect(url_for("diary.day_page", day=day) + "#entries")


@bp.route("/entries/<int:entry_id>/edit", methods=["GET", "POST"])
@login_required
def edit_entry(entry_id: int):
    entry = operations.food_entry_or_404(current_user, entry_id)
    food = food_for(entry.food_id, current_user) if entry.food_id is not None else None
    if food is None:
        # The food is gone (a deleted custom food): edit with what the entry remembers.
        food = operations.snapshot_food(entry)
    form = EditFoodEntryForm()
    form.portion.choices = choices(operations.portion_choices(food))
    if request.method == "GET":
        form.portion.data = operations.portion_key_of(entry, food)
        form.quantity.data = entry.quantity_text
        form.meal.data = entry.meal or ""
        form.time.data = entry.time
    elif form.validate_on_submit():
        try:
            operations.update_food_entry(
                entry,
                operations.FoodEntryInput(
                    food=food,
                    portion_key=form.portion.data,
                    quantity_text=form.quantity.data,
                    meal=form.meal.data or None,
                    time=form.time.data,
                ),
            )
        except operations.EntryError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            flash(f"Saved {entry.item_name}.", "success")
            return redirect(url_for("diary.day_page", day=entry.day) + "#entries")
    status = 400 if form.errors else 200
    return render_template("diary/edit_entry.html", form=form, entry=entry, food=food), status


@bp.post("/entries/<int:entry_id>/delete")
@login_required
def delete_entry(entry_id: int):
    entry = operations.food_entry_or_404(current_user, entry_id)
    form = DeleteForm()
    if not form.validate_on_submit():
        abort(400)
    day, name = entry.day, entry.item_name
    operations.delete_food_entry(entry)
    flash(f"Deleted {name}.", "success")
    return redirect(url_for("diary.day_page", day=day) + "#entries")
