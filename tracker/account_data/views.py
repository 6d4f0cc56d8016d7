"""The "Your data" page: download everything, import a data file, delete the account."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, logout_user

from tracker.account_data import operations
from tracker.account_data.forms import DeleteAccountForm, ImportForm
from tracker.extensions import csrf, limiter
from tracker.formtools import add_error
from tracker.localtime import local_today
from tracker.security import limit_value
from tracker.web import download, private

bp = Blueprint("account_data", __name__)


def _your_data(
    import_form: ImportForm | None = None,
    delete_form: DeleteAccountForm | None = None,
    status: int = 200,
):
    page = render_template(
        "account_data/your_data.html",
        import_form=import_form or ImportForm(formdata=None),
        delete_form=delete_form or DeleteAccountForm(formdata=None),
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
def download_data():
    return download(
        operations.export_json(current_user),
        "application/json",
        f"magnesium-tracker-data-{local_today(current_user).isoformat()}.json",
    )


@bp.post("/account/data/import")
@csrf.exempt
@login_required
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


def _refused(response: Response) -> bool:
    return response.status_code == 400


@bp.post("/account/delete")
@limiter.limit(limit_value("LOGIN_RATE_LIMIT"), deduct_when=_refused)
@login_required
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if operations.delete_account(current_user, form.password.data or ""):
            logout_user()
            session.clear()
            flash("Your account and everything in it are deleted.", "success")
            return redirect(url_for("pages.home"))
        add_error(form.password, "That password is not right. Nothing was deleted.")
    return _your_data(delete_form=form, status=400)
