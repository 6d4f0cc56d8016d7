"""Views for supplements, magnesium-containing medicines and medicine doses."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.diary.day_page import render_day_page
from tracker.domain.bone_nutrients import VitaminDUnit
from tracker.domain.errors import ValidationError
from tracker.edits import VERSION_FIELD, EditConflict, claim_unchanged, differences, version_of
from tracker.feedback import notify
from tracker.formtools import add_error, show_error
from tracker.supplements import operations
from tracker.supplements.day import products_of
from tracker.supplements.forms import (
    MEDICINE_PREFIX,
    SUPPLEMENT_PREFIX,
    DayForms,
    DeleteForm,
    LogAgainForm,
    MedicineDoseForm,
    SupplementEntryForm,
    day_forms,
)
from tracker.undo.operations import offer_undo

bp = Blueprint("supplements", __name__)


def _day_url(day: date, anchor: str) -> str:
    return url_for("diary.day_page", day=day) + anchor


def _render_day_with(day: date, forms: DayForms):
    """The day page again, with a failed form and its errors (HTTP 400)."""
    return render_day_page(day, status=400, supplement_forms=forms)


def _supplement_input(form: SupplementEntryForm) -> operations.SupplementInput:
    return operations.SupplementInput(
        name=form.name.data or "",
        form=form.form.data or "",
        mg_per_unit_text=form.magnesium_per_unit.data or "",
        units_text=form.units.data or "",
        time=form.time.data,
        preset_key=form.preset.data or None,
        calcium_per_unit_text=form.calcium_per_unit.data or "",
        vitamin_d_per_unit_text=form.vitamin_d_per_unit.data or "",
        vitamin_d_unit=form.vitamin_d_unit.data or VitaminDUnit.UG.value,
    )


def _medicine_input(form: MedicineDoseForm) -> operations.MedicineInput:
    return operations.MedicineInput(
        medicine_key=form.medicine.data or "",
        other_name=form.other_name.data or "",
        time=form.time.data,
    )


@bp.post("/day/<day:day>/supplements")
@login_required
def add_supplement(day: date):
    form = SupplementEntryForm(prefix=SUPPLEMENT_PREFIX)
    if form.validate_on_submit():
        try:
            entry = operations.add_supplement_entry(current_user, day, _supplement_input(form))
        except ValidationError as error:
            show_error(form, error)
        else:
            notify(f"Added {entry.name}.", section="supplements")
            return redirect(_day_url(day, "#supplements"))
    return _render_day_with(day, day_forms(current_user, day, supplement=form))


@bp.post("/day/<day:day>/supplements/<int:product_id>/again")
@login_required
def log_again(day: date, product_id: int):
    product = operations.product_or_404(current_user, product_id)
    form = LogAgainForm()
    if form.validate_on_submit():
        try:
            entry = operations.log_product_again(
                current_user, day, product, form.units.data or "", form.time.data
            )
        except ValidationError as error:
            add_error(form.units, error.message)
        else:
            notify(f"Added {entry.name}.", section="supplements")
            return redirect(_day_url(day, "#supplements"))
    errors = [message for messages in form.errors.values() for message in messages]
    return _render_day_with(day, day_forms(current_user, day, again_errors={product.id: errors}))


@bp.route("/supplement-entries/<int:entry_id>/edit", methods=["GET", "POST"])
@login_required
def edit_supplement(entry_id: int):
    entry = operations.supplement_entry_or_404(current_user, entry_id)
    start = operations.entry_form_values(entry) if request.method == "GET" else None
    form = SupplementEntryForm(prefix=SUPPLEMENT_PREFIX, data=start)
    conflict = None
    if form.validate_on_submit():
        try:
            claim_unchanged(entry, request.form.get(VERSION_FIELD))
            operations.update_supplement_entry(current_user, entry, _supplement_input(form))
        except EditConflict:
            saved = operations.entry_form_values(entry)
            conflict = differences(
                SupplementEntryForm(prefix=SUPPLEMENT_PREFIX, formdata=None, data=saved), form
            )
        except ValidationError as error:
            show_error(form, error)
        else:
            notify(f"Saved {entry.name}.", section="supplements")
            return redirect(_day_url(entry.day, "#supplements"))
    status = 409 if conflict else 400 if form.errors else 200
    page = render_template(
        "supplements/edit_entry.html",
        form=form,
        entry=entry,
        conflict=conflict,
        version=version_of(entry),
    )
    return page, status


@bp.post("/supplement-entries/<int:entry_id>/delete")
@login_required
def delete_supplement(entry_id: int):
    entry = operations.supplement_entry_or_404(current_user, entry_id)
    if not DeleteForm().validate_on_submit():
        abort(400)
    day, name = entry.day, entry.name
    undo = offer_undo("supplement-entry", entry)
    operations.delete_supplement_entry(entry)
    notify(f"Deleted {name}.", section="supplements", undo=undo)
    return redirect(_day_url(day, "#supplements"))


@bp.post("/day/<day:day>/medicines")
@login_required
def add_medicine(day: date):
    form = MedicineDoseForm(prefix=MEDICINE_PREFIX)
    if form.validate_on_submit():
        try:
            dose = operations.add_medicine_dose(current_user, day, _medicine_input(form))
        except ValidationError as error:
            show_error(form, error)
        else:
            notify(f"Added {dose.medicine_name}.", section="medicines")
            return redirect(_day_url(day, "#medicines"))
    return _render_day_with(day, day_forms(current_user, day, medicine=form))


@bp.route("/medicine-doses/<int:dose_id>/edit", methods=["GET", "POST"])
@login_required
def edit_medicine(dose_id: int):
    dose = operations.medicine_dose_or_404(current_user, dose_id)
    start = operations.dose_form_values(dose) if request.method == "GET" else None
    form = MedicineDoseForm(prefix=MEDICINE_PREFIX, data=start)
    conflict = None
    if form.validate_on_submit():
        try:
            claim_unchanged(dose, request.form.get(VERSION_FIELD))
            operations.update_medicine_dose(dose, _medicine_input(form))
        except EditConflict:
            saved = operations.dose_form_values(dose)
            conflict = differences(
                MedicineDoseForm(prefix=MEDICINE_PREFIX, formdata=None, data=saved), form
            )
        except ValidationError as error:
            show_error(form, error)
        else:
            notify(f"Saved {dose.medicine_name}.", section="medicines")
            return redirect(_day_url(dose.day, "#medicines"))
    status = 409 if conflict else 400 if form.errors else 200
    page = render_template(
        "supplements/edit_dose.html",
        form=form,
        dose=dose,
        conflict=conflict,
        version=version_of(dose),
    )
    return page, status


@bp.post("/medicine-doses/<int:dose_id>/delete")
@login_required
def delete_medicine(dose_id: int):
    dose = operations.medicine_dose_or_404(current_user, dose_id)
    if not DeleteForm().validate_on_submit():
        abort(400)
    day, name = dose.day, dose.medicine_name
    undo = offer_undo("medicine-dose", dose)
    operations.delete_medicine_dose(dose)
    notify(f"Deleted {name}.", section="medicines", undo=undo)
    return redirect(_day_url(day, "#medicines"))


@bp.get("/supplements")
@login_required
def my_supplements():
    return render_template("supplements/products.html", products=products_of(current_user))


@bp.post("/supplements/<int:product_id>/delete")
@login_required
def delete_product(product_id: int):
    product = operations.product_or_404(current_user, product_id)
    if not DeleteForm().validate_on_submit():
        abort(400)
    name = product.name
    operations.delete_product(product)
    flash(f"Removed {name} from My supplements. Days it was logged on keep it.", "success")
    return redirect(url_for("supplements.my_supplements"))
