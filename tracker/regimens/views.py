"""Views of "My regimen" and of the day page's planned doses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.diary.day_page import render_day_page
from tracker.domain.errors import ValidationError
from tracker.domain.regimens import DoseStatus
from tracker.feedback import notify
from tracker.formatting import clock
from tracker.formtools import show_error
from tracker.localtime import local_today
from tracker.models import Schedule
from tracker.regimens import operations
from tracker.regimens.forms import (
    TIME_HELP,
    DoseForm,
    ScheduleForm,
    new_schedule_form,
    planned_time,
)
from tracker.regimens.operations import ScheduleInput
from tracker.supplements.forms import DeleteForm

bp = Blueprint("regimens", __name__)


def _regimen_url(schedule_id: int | None = None) -> str:
    anchor = f"#schedule-{schedule_id}" if schedule_id else ""
    return url_for("regimens.regimen") + anchor


def _saved_message(schedule: Schedule) -> str:
    name = schedule.name
    if not operations.conflicts_for(current_user, schedule):
        return f"Saved the schedule for {name}."
    return (
        f"Saved the schedule for {name}. Its planned times are closer to another item than "
        "the general guidance on spacing: see the timing note with it below."
    )


def _show_errors(form: ScheduleForm, error: ValidationError, *, keep_form_errors: bool) -> None:
    """Show each field's problem on it; with keep_form_errors, only on the fields whose input
    the form itself accepted (a time like 25:00 already has its message)."""
    for each in getattr(error, "errors", (error,)):
        if not (keep_form_errors and form[each.field].errors):
            show_error(form, each)


def _check_all(form: ScheduleForm, check: Callable[[ScheduleInput], object]) -> None:
    """A form refused for its own fields shows the operation's problems with the rest too,
    so every field to correct is named at once."""
    try:
        check(form.schedule_input())
    except ValidationError as error:
        _show_errors(form, error, keep_form_errors=True)


@bp.route("/regimen", methods=["GET", "POST"])
@login_required
def regimen():
    products = operations.product_choices(current_user)
    form = new_schedule_form(products, local_today(current_user))
    if form.validate_on_submit():
        try:
            schedule = operations.create_schedule(current_user, form.schedule_input())
        except ValidationError as error:
            _show_errors(form, error, keep_form_errors=False)
        else:
            flash(_saved_message(schedule), "success")
            return redirect(_regimen_url(schedule.id))
    elif form.is_submitted():
        _check_all(form, lambda data: operations.check_new_schedule(current_user, data))
    status = 400 if form.errors else 200
    page = operations.regimen_page(current_user)
    return (
        render_template("regimens/regimen.html", page=page, form=form, has_products=bool(products)),
        status,
    )


@bp.route("/regimen/<int:schedule_id>/edit", methods=["GET", "POST"])
@login_required
def edit_schedule(schedule_id: int):
    schedule = operations.schedule_or_404(current_user, schedule_id)
    today = local_today(current_user)
    start = operations.schedule_form_values(schedule, today) if request.method == "GET" else None
    form = ScheduleForm(data=start)
    if form.validate_on_submit():
        try:
            operations.update_schedule(current_user, schedule, form.schedule_input())
        except ValidationError as error:
            _show_errors(form, error, keep_form_errors=False)
        else:
            flash(_saved_message(schedule), "success")
            return redirect(_regimen_url(schedule.id))
    elif form.is_submitted():
        _check_all(form, lambda data: operations.check_schedule_change(schedule, data))
    status = 400 if form.errors else 200
    return (
        render_template(
            "regimens/edit.html",
            form=form,
            schedule=schedule,
            cautions=operations.conflicts_for(current_user, schedule),
        ),
        status,
    )


@bp.route("/regimen/<int:schedule_id>/remove", methods=["GET", "POST"])
@login_required
def remove_schedule(schedule_id: int):
    schedule = operations.schedule_or_404(current_user, schedule_id)
    form = DeleteForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        name = schedule.name
        operations.delete_schedule(schedule)
        flash(f"Removed {name} from My regimen. The doses you logged stay in your log.", "success")
        return redirect(_regimen_url())
    return render_template("regimens/remove.html", schedule=schedule, form=form)


_DONE = {
    DoseStatus.TAKEN: "Logged {name} at {time}: marked as taken.",
    DoseStatus.SKIPPED: "Marked {name} at {time} as skipped.",
}
_ALREADY = {
    DoseStatus.TAKEN: "{name} at {time} is already marked as taken.",
    DoseStatus.SKIPPED: "{name} at {time} is already marked as skipped.",
}


def _refused(day: date, message: str):
    """The day page again with why nothing was recorded (HTTP 400)."""
    notify(message, section="supplements", category="error")
    return render_day_page(day, status=400)


def _undo(day: date, schedule: Schedule, at: time | None):
    undone = operations.undo_dose(current_user, schedule, day, at)
    if undone is None or at is None:
        notify("Nothing was recorded for that dose.", section="supplements", category="info")
    else:
        logged = "; the dose it logged was deleted" if undone is DoseStatus.TAKEN else ""
        notify(
            f"{schedule.name} at {clock(at)} is no longer marked as {undone.value}{logged}.",
            section="supplements",
        )
    return redirect(_day_url(day))


def _day_url(day: date) -> str:
    return url_for("diary.day_page", day=day) + "#supplements"


@bp.post("/day/<day:day>/regimen/<int:schedule_id>")
@login_required
def record_dose(day: date, schedule_id: int):
    """Taken, Skipped or Undo for one planned dose (or an "as needed" dose, taken now)."""
    schedule = operations.schedule_or_404(current_user, schedule_id)
    form = DoseForm()
    if not form.validate_on_submit():
        return _refused(day, " ".join(form.taken_at.errors) or TIME_HELP)
    at = planned_time(form.time.data) if form.time.data else form.taken_at.data
    if form.status.data == "undo":
        return _undo(day, schedule, at)
    try:
        status = DoseStatus(form.status.data or "")
    except ValueError:
        return _refused(day, "Choose Taken or Skipped.")
    try:
        operations.record_dose(current_user, schedule, day, at, status)
    except operations.AlreadyRecorded as already:
        words = _ALREADY[already.status].format(name=schedule.name, time=clock(at) if at else "")
        notify(words, section="supplements", category="info")
        return redirect(_day_url(day))
    except ValidationError as error:
        return _refused(day, error.message)
    words = _DONE[status].format(name=schedule.name, time=clock(at) if at else "")
    notify(words, section="supplements")
    return redirect(_day_url(day))
