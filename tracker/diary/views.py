"""Views of the day page."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from tracker.diary import operations
from tracker.diary.day_page import NO_MEAL, chosen_food, render_day_page
from tracker.diary.forms import (
    CHOOSE_A_FOOD,
    QUANTITY_TEXT_LENGTH,
    CompleteDayForm,
    CopyEntriesForm,
    DeleteForm,
    EditFoodEntryForm,
    FavouriteForm,
    FoodEntryForm,
    LogAgainForm,
    QuickAddForm,
)
from tracker.diary.suggestions import suggestion_json, usual_foods
from tracker.domain.entries import Meal
from tracker.domain.errors import ValidationError
from tracker.edits import VERSION_FIELD, EditConflict, claim_unchanged, differences, version_of
from tracker.feedback import RemoveOffer, notify
from tracker.formatting import counted, long_day
from tracker.formtools import add_error, choices, required, show_error
from tracker.localtime import local_today
from tracker.models import FoodEntry
from tracker.pages.views import landing
from tracker.recipes.loggable import recipe_choice_id
from tracker.undo.operations import offer_undo

bp = Blueprint("diary", __name__)


@bp.get("/")
def today():
    if not current_user.is_authenticated:
        return landing()
    return render_day_page(local_today(current_user), food_form=FoodEntryForm())


@bp.get("/day/<day:day>")
@login_required
def day_page(day: date):
    return render_day_page(day, food_form=FoodEntryForm())


@bp.post("/day/<day:day>/entries")
@login_required
def add_entry(day: date):
    """Add a food; or, with the "Show grams and magnesium" button, only show what Add would
    log (the page without JavaScript has no live preview)."""
    form = FoodEntryForm()
    food = chosen_food(form) if form.food_id.data else None
    if food is None and form.food_id.data:
        form.food_id.errors = ["That food is not in the database. Search for it again."]
        return render_day_page(day, status=400, food_form=form)
    if food is not None:
        form.portion.choices = choices(operations.portion_choices(food))
    if not form.validate_on_submit():
        return render_day_page(day, status=400, food_form=form)
    if form.preview.data:
        return render_day_page(day, food_form=form)
    try:
        entry = operations.add_food_entry(current_user, day, _entry_input(form, food))
    except ValidationError as error:
        show_error(form, error)
        return render_day_page(day, status=400, food_form=form)
    # Back at the Add form, ready for the next food, with the meal as it was.
    notify(
        f"Added {entry.item_name}: {operations.logged_text(entry)}.",
        section=ADD_SECTION,
        remove=_undo_of(entry),
    )
    return redirect(_add_form_url(day, entry.meal))


ADD_SECTION = "add"


def _undo_of(entry: FoodEntry) -> RemoveOffer:
    """The Undo offered beside "Added ...": it deletes the new entry."""
    return {"url": url_for("diary.delete_entry", entry_id=entry.id), "name": entry.item_name}


def _add_form_url(day: date, meal: Meal | None) -> str:
    """The day page at its Add form, with a meal kept chosen ("none" for No meal)."""
    kept = NO_MEAL if meal is None else meal.value
    return url_for("diary.day_page", day=day, meal=kept) + f"#{ADD_SECTION}"


KEPT_AMOUNT = "kept"


def _entry_input(form: FoodEntryForm | EditFoodEntryForm, food) -> operations.FoodEntryInput:
    """Collect the add and edit forms' fields for the operations layer."""
    return operations.FoodEntryInput(
        food=food,
        portion_key=form.portion.data,
        quantity_text=form.quantity.data or "",
        meal=form.meal.data or None,
        time=form.time.data,
    )


# --- the Add form's helpers for the script: the usual foods, the preview -------------------


@bp.get("/api/foods/usual")
@login_required
def api_usual_foods():
    """The favourite and recent foods the empty "Search foods" box offers (README)."""
    usual = usual_foods(current_user, local_today(current_user))
    return jsonify(
        favourites=[suggestion_json(suggestion) for suggestion in usual.favourites],
        recent=[suggestion_json(suggestion) for suggestion in usual.recent],
    )


@bp.get("/api/entry-preview")
@login_required
def api_entry_preview():
    """What Add would log for a food, Portion and Quantity: the preview's figures (README).

    A quantity that can't be logged is an answer too ("ok": false, with the Add form's own
    message), not an HTTP error: the preview shows it before Add is pressed.
    """
    raw_id = request.args.get("food", "")
    if not raw_id.isdigit() and recipe_choice_id(raw_id) is None:
        return jsonify(ok=False, field="food_id", message=CHOOSE_A_FOOD)
    food = operations.loggable_for(raw_id, current_user)
    if food is None:
        return jsonify(error="No such food."), 404
    portion = request.args.get("portion", "")[:20]
    quantity = request.args.get("quantity", "")[:QUANTITY_TEXT_LENGTH]
    try:
        amount = operations.entry_amount(food, portion, quantity)
    except ValidationError as error:
        return jsonify(ok=False, field=error.field, message=error.message)
    return jsonify(
        ok=True,
        grams=float(amount.grams),
        magnesium_mg=None if amount.magnesium_mg is None else float(amount.magnesium_mg),
        amount_text=amount.amount_text,
        magnesium_text=amount.magnesium_text,
        text=f"{amount.amount_text}, {amount.magnesium_text}",
    )


@bp.route("/entries/<int:entry_id>/edit", methods=["GET", "POST"])
@login_required
def edit_entry(entry_id: int):
    entry = operations.food_entry_or_404(current_user, entry_id)
    if operations.is_quick_add(entry):
        # A quick add has no food or portion to edit: its own form edits the mg.
        return redirect(url_for("diary.edit_quick_entry", entry_id=entry.id))
    food = operations.entry_food(entry, current_user)

    weightless = operations.has_no_weight(entry)
    # No grams to scale (an imported "1 bowl"): its one amount is kept, meal and time edited.
    portions = [(KEPT_AMOUNT, entry.portion_label)] if weightless else None

    def filled(formdata=None) -> EditFoodEntryForm:
        form = EditFoodEntryForm(formdata=formdata)
        form.portion.choices = portions or choices(operations.portion_choices(food))
        if formdata is None:
            form.portion.data = (
                KEPT_AMOUNT if weightless else operations.portion_key_of(entry, food)
            )
            form.quantity.data = entry.quantity_text
            form.meal.data = entry.meal or ""
            form.time.data = entry.time
        return form

    form = filled() if request.method == "GET" else EditFoodEntryForm()
    form.portion.choices = portions or choices(operations.portion_choices(food))
    conflict = None
    if request.method == "POST" and form.validate_on_submit():
        try:
            claim_unchanged(entry, request.form.get(VERSION_FIELD))
            if weightless:
                operations.update_meal_and_time(entry, form.meal.data or None, form.time.data)
            else:
                operations.update_food_entry(entry, _entry_input(form, food))
        except EditConflict:
            conflict = differences(filled(), form)
        except ValidationError as error:
            show_error(form, error)
        else:
            notify(f"Saved {entry.item_name}.", section="entries")
            return redirect(url_for("diary.day_page", day=entry.day) + "#entries")
    status = 409 if conflict else 400 if form.errors else 200
    page = render_template(
        "diary/edit_entry.html",
        form=form,
        entry=entry,
        food=food,
        conflict=conflict,
        version=version_of(entry),
        weightless=weightless,
    )
    return page, status


@bp.post("/entries/<int:entry_id>/delete")
@login_required
def delete_entry(entry_id: int):
    entry = operations.food_entry_or_404(current_user, entry_id)
    form = DeleteForm()
    if not form.validate_on_submit():
        abort(400)
    day, name, meal = entry.day, entry.item_name, entry.meal
    undo = offer_undo("food-entry", entry)
    operations.delete_food_entry(entry)
    if form.return_to.data == ADD_SECTION:
        # Undo of an Add: the confirmation stays by the Add form, where it was pressed.
        notify(f"Removed {name}.", section=ADD_SECTION, undo=undo)
        return redirect(_add_form_url(day, meal))
    notify(f"Deleted {name}.", section="entries", undo=undo)
    return redirect(url_for("diary.day_page", day=day) + "#entries")


# --- faster logging: log again, favourites, copy, quick add, completed ---------------------


def _render_with(day: date, name: str, form: FlaskForm):
    """The day page again with one faster-logging form's errors, as a 400."""
    return render_day_page(day, status=400, logging_forms={name: form})


@bp.post("/day/<day:day>/log-again")
@login_required
def log_again(day: date):
    form = LogAgainForm()
    if form.validate_on_submit():
        try:
            entry = operations.log_food_again(
                current_user, day, required(form.food_id.data), form.meal.data or ""
            )
        except ValidationError as error:
            add_error(form.food_id, error.message)
        else:
            added = f"Added {entry.item_name}: {operations.logged_text(entry)}."
            if form.return_to.data == ADD_SECTION:
                # From the top of the Add form: answered there, as an Add is.
                notify(added, section=ADD_SECTION, remove=_undo_of(entry))
                return redirect(_add_form_url(day, entry.meal))
            # Back to the list, kept open, so several foods can be logged one after another.
            notify(added, section="quick-log")
            return redirect(url_for("diary.day_page", day=day) + "#quick-log")
    return _render_with(day, "log_again", form)


@bp.post("/favourites/<int:food_id>")
@login_required
def favourite(food_id: int):
    operations.food_or_404(current_user, food_id)  # another user's food: 404 before anything
    form = FavouriteForm()
    if not form.validate_on_submit():
        abort(400)
    starred = form.action.data == "star"
    food = operations.set_favourite(current_user, food_id, starred)
    notify(
        f"Starred {food.name}." if starred else f"Removed the star from {food.name}.",
        section="quick-log",
    )
    day = form.return_day.data or local_today(current_user)
    return redirect(url_for("diary.day_page", day=day) + "#quick-log")


@bp.post("/day/<day:day>/complete")
@login_required
def complete_day(day: date):
    form = CompleteDayForm()
    if not form.validate_on_submit():
        abort(400)
    completed = form.completed.data == "1"
    operations.set_day_completed(current_user, day, completed)
    notify(
        "Marked this day complete." if completed else "This day is no longer marked complete.",
        section="entries",
    )
    return redirect(url_for("diary.day_page", day=day) + "#entries")


@bp.post("/day/<day:day>/copy")
@login_required
def copy_entries(day: date):
    form = CopyEntriesForm()
    if form.validate_on_submit():
        try:
            result = operations.copy_food_entries(
                current_user, required(form.source_day.data), day, form.what.data or None
            )
        except ValidationError as error:
            field = form.what if error.field == "meal" else form.source_day
            add_error(field, error.message)
        else:
            parts = []
            if result.foods or not result.supplements:
                parts.append(counted(result.foods, "food"))
            if result.supplements:
                parts.append(counted(result.supplements, "supplement"))
            copied = " and ".join(parts)
            source = required(form.source_day.data)
            notify(f"Copied {copied} from {long_day(source)}.", section="entries")
            return redirect(url_for("diary.day_page", day=day) + "#entries")
    return _render_with(day, "copy", form)


def _quick_input(form: QuickAddForm) -> operations.QuickAddInput:
    return operations.QuickAddInput(
        description=form.description.data or "",
        magnesium_text=form.magnesium_mg.data or "",
        meal=form.meal.data or None,
        time=form.time.data,
    )


@bp.post("/day/<day:day>/quick-add")
@login_required
def quick_add(day: date):
    form = QuickAddForm()
    if form.validate_on_submit():
        try:
            entry = operations.add_quick_entry(current_user, day, _quick_input(form))
        except ValidationError as error:
            show_error(form, error)
        else:
            notify(f"Added {entry.item_name}.", section="entries")
            return redirect(url_for("diary.day_page", day=day) + "#entries")
    return _render_with(day, "quick_add", form)


@bp.route("/entries/<int:entry_id>/quick-edit", methods=["GET", "POST"])
@login_required
def edit_quick_entry(entry_id: int):
    entry = operations.food_entry_or_404(current_user, entry_id)
    if not operations.is_quick_add(entry):
        return redirect(url_for("diary.edit_entry", entry_id=entry.id))

    def saved() -> QuickAddForm:
        form = QuickAddForm(formdata=None)
        form.description.data = entry.item_name
        form.magnesium_mg.data = operations.quick_add_mg_text(entry)
        form.meal.data = entry.meal or ""
        form.time.data = entry.time
        return form

    form = saved() if request.method == "GET" else QuickAddForm()
    form.submit.label.text = "Save changes"
    conflict = None
    if request.method == "POST" and form.validate_on_submit():
        try:
            claim_unchanged(entry, request.form.get(VERSION_FIELD))
            operations.update_quick_entry(entry, _quick_input(form))
        except EditConflict:
            conflict = differences(saved(), form)
        except ValidationError as error:
            show_error(form, error)
        else:
            notify(f"Saved {entry.item_name}.", section="entries")
            return redirect(url_for("diary.day_page", day=entry.day) + "#entries")
    status = 409 if conflict else 400 if form.errors else 200
    page = render_template(
        "diary/edit_quick_entry.html",
        form=form,
        entry=entry,
        conflict=conflict,
        version=version_of(entry),
    )
    return page, status
