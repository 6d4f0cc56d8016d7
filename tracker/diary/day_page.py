"""The day page, assembled in one place: the day's numbers, its entries, the food search, the
supplement and medicine forms, the faster-logging aids, and whichever form just failed.

Every view that answers with the day page (a food, a supplement, a medicine, a quick add,
a copy) calls render_day_page here, so no feature reaches back into another's views.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import render_template, request
from flask_login import current_user
from flask_wtf import FlaskForm

from tracker.diary import operations
from tracker.diary.forms import (
    CopyEntriesForm,
    FoodEntryForm,
    LogAgainForm,
    QuickAddForm,
)
from tracker.diary.suggestions import LineSearch, LogChoice, choice, search_line, usual_choice
from tracker.domain.entries import Meal, meal_for_time
from tracker.domain.errors import ValidationError
from tracker.foods.catalog import CatalogFood
from tracker.formtools import choices
from tracker.localtime import local_now, local_today
from tracker.models import User
from tracker.regimens.operations import planned_day
from tracker.supplements.forms import DayForms, day_forms

SEARCH_RESULTS_ON_PAGE = 15
MAX_QUERY_LENGTH = 200
# ?meal=none keeps "No meal" chosen after an Add (an empty value would mean "not given").
NO_MEAL = operations.NO_MEAL_KEY


def chosen_food(form: FoodEntryForm) -> CatalogFood | None:
    """The food (or recipe) the add form (or ?food=) names, if it is one the user may log."""
    raw = form.food_id.data or request.args.get("food", "")
    return operations.loggable_for(str(raw), current_user)


def meal_to_preselect(user: User, day: date) -> str:
    """The Meal option to start the add form with: the one kept from the last Add (?meal=),
    else, on today's page, the meal of the time of day where the user lives; else none."""
    kept = request.args.get("meal", "")
    if kept == NO_MEAL:
        return ""
    if kept in {meal.value for meal in Meal}:
        return kept
    if day == local_today(user):
        return meal_for_time(local_now(user).time()).value
    return ""


@dataclass(frozen=True)
class Preview:
    """What Add would log with the form as it is: its amount, weight and magnesium, or why not."""

    amount: str = ""  # "2 × 1 large (100 g)"
    magnesium: str = ""  # "12 mg"
    problem: str = ""  # the Add form's own message when it can't be logged


def _preselect(form: FoodEntryForm, food: CatalogFood) -> Preview:
    """Fill Portion and Quantity for a chosen food (unless the form was sent), and preview."""
    form.food_id.data = food.choice_id
    form.portion.choices = choices(operations.portion_choices(food))
    if not form.is_submitted():
        wanted = (request.args.get("portion", ""), request.args.get("quantity", ""))
        start: LogChoice | None = None
        if all(wanted):
            try:
                start = choice(food, *wanted, "amount")
            except ValidationError:
                start = None
        if start is None:
            last = operations.last_entry_of(current_user, food.id)
            start = usual_choice(
                food, operations.repeat_portion(last, food) if last is not None else None
            )
        form.portion.data = start.portion_key
        form.quantity.data = start.quantity_text
    try:
        amount = operations.entry_amount(food, form.portion.data or "", form.quantity.data or "")
    except ValidationError as error:
        return Preview(problem=error.message)
    return Preview(amount=amount.amount_text, magnesium=amount.magnesium_text)


def _logging_context(
    user: User, view: operations.DayView, forms: dict[str, FlaskForm], meal: str
) -> dict[str, object]:
    """What the faster-logging partials of the day page need; failed forms keep their input."""
    day = view.day
    log_again = forms.get("log_again")
    if log_again is None:
        log_again = LogAgainForm(formdata=None)
        if meal:
            log_again.meal.data = meal
    return {
        "logging": operations.logging_aids(user, day, local_today(user), view.food_ids),
        "log_again_form": log_again,
        "quick_add_form": forms.get("quick_add") or QuickAddForm(formdata=None),
        "copy_form": forms.get("copy")
        or CopyEntriesForm(formdata=None, source_day=day - timedelta(days=1)),
    }


def render_day_page(
    day: date,
    *,
    status: int = 200,
    food_form: FoodEntryForm | None = None,
    supplement_forms: DayForms | None = None,
    logging_forms: dict[str, FlaskForm] | None = None,
) -> tuple[str, int]:
    """The day page of the current user, with a failed form and its errors when given."""
    # The user itself, not the current_user proxy: every attribute read through the proxy runs
    # Flask-Login's user lookup (the request's g) again, and the loaders read many of them.
    user: User = current_user._get_current_object()
    form = food_form or FoodEntryForm(formdata=None)
    meal = meal_to_preselect(user, day)
    if not form.is_submitted():
        form.meal.data = meal
    query = request.args.get("q", "")[:MAX_QUERY_LENGTH].strip()
    search: LineSearch | None = None
    if query:
        search = search_line(query, SEARCH_RESULTS_ON_PAGE, user=user)
    chosen = chosen_food(form)
    preview = _preselect(form, chosen) if chosen is not None else None
    view = operations.day_view(user, day)
    return (
        render_template(
            "diary/day.html",
            view=view,
            planned=planned_day(user, day),
            form=form,
            chosen=chosen,
            preview=preview,
            query=query,
            search=search,
            supplement_forms=supplement_forms
            or day_forms(user, day, preset_key=request.args.get("preset")),
            is_today=day == local_today(user),
            previous_day=day - timedelta(days=1),
            next_day=day + timedelta(days=1),
            **_logging_context(user, view, logging_forms or {}, form.meal.data or meal),
        ),
        status,
    )
