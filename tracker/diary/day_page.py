"""The day page, assembled in one place: the day's numbers, its entries, the food search, the
supplement and medicine forms, the faster-logging aids, and whichever form just failed.

Every view that answers with the day page (a food, a supplement, a medicine, a quick add,
a copy) calls render_day_page here, so no feature reaches back into another's views.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import render_template, request
from flask_login import current_user
from flask_wtf import FlaskForm

from tracker.diary import operations
from tracker.diary.forms import (
    CopyEntriesForm,
    DeleteForm,
    FoodEntryForm,
    LogAgainForm,
    QuickAddForm,
)
from tracker.foods.catalog import CatalogFood
from tracker.foods.operations import food_for, search_foods
from tracker.formtools import choices
from tracker.localtime import local_today
from tracker.regimens.operations import planned_day
from tracker.supplements.forms import DayForms, day_forms

SEARCH_RESULTS_ON_PAGE = 15
MAX_QUERY_LENGTH = 200


def chosen_food(form: FoodEntryForm) -> CatalogFood | None:
    """The food the add form (or ?food=) names, if it is one the user may log."""
    raw = form.food_id.data or request.args.get("food", "")
    if not str(raw).isdigit():
        return None
    return food_for(int(raw), current_user)


def _logging_context(day: date, forms: dict[str, FlaskForm]) -> dict[str, object]:
    """What the faster-logging partials of the day page need; failed forms keep their input."""
    return {
        "logging": operations.logging_aids(current_user, day, local_today(current_user)),
        "log_again_form": forms.get("log_again") or LogAgainForm(formdata=None),
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
    form = food_form or FoodEntryForm(formdata=None)
    query = request.args.get("q", "")[:MAX_QUERY_LENGTH].strip()
    results = search_foods(query, SEARCH_RESULTS_ON_PAGE, current_user) if query else []
    chosen = chosen_food(form)
    if chosen is not None:
        form.food_id.data = str(chosen.id)
        form.portion.choices = choices(operations.portion_choices(chosen))
    return (
        render_template(
            "diary/day.html",
            view=operations.day_view(current_user, day),
            planned=planned_day(current_user, day),
            form=form,
            chosen=chosen,
            query=query,
            results=results,
            delete_form=DeleteForm(),
            supplement_forms=supplement_forms
            or day_forms(current_user, day, preset_key=request.args.get("preset")),
            is_today=day == local_today(current_user),
            previous_day=day - timedelta(days=1),
            next_day=day + timedelta(days=1),
            **_logging_context(day, logging_forms or {}),
        ),
        status,
    )
