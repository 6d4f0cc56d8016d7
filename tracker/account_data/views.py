"""The "Your data" page: download everything and import a data file (deletion: tracker.auth)."""

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

from tracker.account_data import operations
from tracker.account_data.forms import ImportForm
from tracker.auth import limits
from tracker.auth.recent import recent_login_required
from tracker.extensions import csrf
from tracker.localtime import local_today
from tracker.web import private, streamed_download

bp = Blueprint("account_data", __name__)


def _your_data(import_form: ImportForm | None = None, status: int = 200):
    page = render_template(
        "account_data/your_data.html",
        import_form=import_form or ImportForm(formdata=None),
        empty=operations.account_is_empty(current_user),
        max_megabytes=operations.IMPORT_MAX_BYTES // (1024 * 1024),
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
    # A data file may be larger than the app-wide upload limit; the CSRF check is made here,
    # after raising the limit, because the global check would read the body first.
    request.max_content_length = operations.IMPORT_MAX_BYTES
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
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
