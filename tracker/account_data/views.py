"""The "Your data" page: download everything, import a data file or a Cronometer export
(deletion: tracker.auth)."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from tracker.account_data import cronometer, operations
from tracker.account_data.forms import CronometerImportForm, CronometerUploadForm, ImportForm
from tracker.auth import limits
from tracker.auth.recent import recent_login_required
from tracker.domain.errors import ValidationError
from tracker.extensions import csrf
from tracker.formatting import counted, long_date
from tracker.localtime import local_today
from tracker.web import private, streamed_download

bp = Blueprint("account_data", __name__)


def _cronometer_form(formdata: object = None) -> CronometerUploadForm:
    # Prefixed: the page's other upload field is "file" too, and ids must be unique.
    return CronometerUploadForm(formdata=formdata, prefix="cronometer")


def _your_data(
    import_form: ImportForm | None = None,
    status: int = 200,
    cronometer_form: CronometerUploadForm | None = None,
):
    page = render_template(
        "account_data/your_data.html",
        import_form=import_form or ImportForm(formdata=None),
        cronometer_form=cronometer_form or _cronometer_form(),
        empty=operations.account_is_empty(current_user),
        max_megabytes=operations.IMPORT_MAX_BYTES // (1024 * 1024),
        cronometer_megabytes=cronometer.MAX_BYTES // (1024 * 1024),
    )
    return private(Response(page, status=status))


@bp.get("/account/data")
@login_required
def your_data():
    return _your_data()


@bp.get("/account/data/export.json")
@login_required
@limits.large_downloads
@recent_login_required(
    "download all your data", back="account_data.your_data", back_label="Your data"
)
def download_data():
    return streamed_download(
        operations.export_json_chunks(current_user),
        "application/json",
        f"magnesium-tracker-data-{local_today(current_user).isoformat()}.json",
    )


@bp.post("/account/data/import")
@csrf.exempt
@login_required
@limits.imports
def import_data():
    _large_upload(operations.IMPORT_MAX_BYTES)
    form = ImportForm()
    upload = request.files.get(form.file.name)
    if upload is None or not upload.filename:
        form.file.errors = ["Choose the data file to import."]
        return _your_data(import_form=form, status=400)
    try:
        counts = operations.import_user_data(current_user, upload.read(), local_today(current_user))
    except operations.DataImportError as error:
        form.file.errors = [str(error)]
        return _your_data(import_form=form, status=400)
    flash(
        f"Imported {counts['food_entries']:,} food entries, {counts['supplement_entries']:,} "
        f"supplement entries, {counts['medicine_doses']:,} medicine doses and "
        f"{counts['custom_foods']:,} custom foods.",
        "success",
    )
    return redirect(url_for("account_data.your_data"))


def _large_upload(max_bytes: int) -> None:
    # An upload larger than the app-wide limit: raise it for this request, then make the CSRF
    # check here (the global check, before the view, would read the body under the old limit).
    request.max_content_length = max_bytes
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()


def _cronometer_error(message: str):
    form = _cronometer_form()
    form.file.errors = [message]
    return _your_data(cronometer_form=form, status=400)


@bp.post("/account/data/cronometer")
@csrf.exempt
@login_required
@limits.imports
def cronometer_preview():
    """Read a Cronometer export and show what importing it would add; nothing is imported."""
    _large_upload(cronometer.MAX_BYTES)
    form = _cronometer_form(request.form)
    upload = request.files.get(form.file.name)
    if upload is None or not upload.filename:
        return _cronometer_error("Choose the servings.csv file you exported from Cronometer.")
    try:
        preview = cronometer.upload(current_user, upload.filename, upload.read())
    except ValidationError as error:
        return _cronometer_error(error.message)
    confirm = CronometerImportForm(formdata=None, token=preview.token)
    page = render_template("account_data/cronometer_preview.html", preview=preview, form=confirm)
    return private(Response(page))


@bp.post("/account/data/cronometer/import")
@login_required
@limits.imports
def cronometer_import():
    """Import the upload the preview showed, in one transaction (or forget it: Cancel)."""
    form = CronometerImportForm()
    token = form.token.data or ""
    if form.cancel.data:
        cronometer.cancel(current_user, token)
        flash("Nothing was imported.", "info")
        return redirect(url_for("account_data.your_data"))
    try:
        result = cronometer.import_pending(current_user, token)
    except ValidationError as error:
        return _cronometer_error(error.message)
    if result.last_day is None:
        flash("Nothing new to import: every entry of that file is in your log already.", "info")
        return redirect(url_for("account_data.your_data"))
    assert result.first_day is not None
    flash(
        f"Imported {counted(result.entries, 'entry', 'entries')} from Cronometer "
        f"({counted(result.foods, 'food')}, {counted(result.supplements, 'supplement')}), "
        f"{long_date(result.first_day)} to {long_date(result.last_day)}. "
        "This is the last day imported.",
        "success",
    )
    return redirect(url_for("diary.day_page", day=result.last_day))
