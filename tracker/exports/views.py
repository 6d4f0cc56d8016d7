"""Views of the export page, the downloads, share links and the "Your data" page."""

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

from tracker.auth.recent import recent_login_required
from tracker.exports import data_export, operations
from tracker.exports.csv_export import daily_totals_csv, entries_csv
from tracker.exports.forms import ImportForm, RangeForm, RevokeForm, ShareLinkForm
from tracker.exports.pdf_report import PAPER_LABELS, PAPER_SIZES, render_pdf
from tracker.extensions import csrf
from tracker.localtime import local_today
from tracker.urls import link_for_others

bp = Blueprint("exports", __name__)

INVALID_LINK_STATUS = 404


def _private(response: Response) -> Response:
    # Health data: never kept by a browser cache or a proxy.
    response.headers["Cache-Control"] = "no-store"
    return response


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _private(response)


# --- The export page ----------------------------------------------------------------------------


class _Choice:
    """The range form as submitted, and the range and options it resolves to."""

    def __init__(self) -> None:
        self.form = RangeForm(formdata=request.args if request.args else None)
        if not request.args:
            self.form.name.data = current_user.display_name or ""
            self.form.paper.data = operations.default_paper(current_user)
        self.range: operations.DateRange | None = None
        if self.form.validate():
            try:
                self.range = operations.resolve_range(
                    local_today(current_user),
                    self.form.period.data,
                    self.form.start.data,
                    self.form.end.data,
                )
            except operations.RangeError as error:
                getattr(self.form, error.field).errors.append(error.message)
        if self.range is not None and self.form.period.data != operations.CUSTOM_PERIOD:
            # Show the dates a preset stands for, so "custom" starts from them.
            self.form.start.data, self.form.end.data = self.range.start, self.range.end
            # The date inputs show raw_data when there is any: show the preset's dates.
            self.form.start.raw_data = self.form.end.raw_data = None

    @property
    def name(self) -> str | None:
        return (self.form.name.data or "").strip() or None

    @property
    def paper(self) -> str:
        return self.form.paper.data if self.form.paper.data in PAPER_SIZES else "a4"

    def query(self, **extra: str) -> dict[str, str]:
        """The query string that reproduces this choice (explicit dates)."""
        assert self.range is not None
        values = {
            "period": operations.CUSTOM_PERIOD,
            "start": self.range.start.isoformat(),
            "end": self.range.end.isoformat(),
            "paper": self.paper,
        }
        if self.name:
            values["name"] = self.name
        return values | extra


def _export_page(
    choice: _Choice,
    status: int = 200,
    share_form: ShareLinkForm | None = None,
    new_link: str | None = None,
):
    chosen = choice.range or operations.default_range(current_user)
    if share_form is None:
        share_form = ShareLinkForm(formdata=None)
    share_form.start.data = chosen.start.isoformat()
    share_form.end.data = chosen.end.isoformat()
    response = render_template(
        "exports/export.html",
        form=choice.form,
        choice=choice if choice.range is not None else None,
        chosen=chosen,
        paper_label=PAPER_LABELS[choice.paper],
        share_form=share_form,
        revoke_form=RevokeForm(),
        links=operations.share_links_of(current_user),
        new_link=new_link,
        time_text=lambda moment: operations.local_time_text(current_user, moment),
        max_days=operations.MAX_RANGE_DAYS,
    )
    return _private(Response(response, status=status))


@bp.get("/export")
@login_required
def export_page():
    choice = _Choice()
    return _export_page(choice, 400 if choice.form.errors else 200)


def _chosen_or_page() -> tuple[_Choice, Response | None]:
    choice = _Choice()
    if choice.range is None:
        return choice, _export_page(choice, 400)
    return choice, None


@bp.get("/export/entries.csv")
@login_required
def download_entries():
    choice, refused = _chosen_or_page()
    if refused is not None:
        return refused
    lines = operations.entry_lines(current_user, choice.range.start, choice.range.end)
    return _download(
        entries_csv(lines),
        "text/csv",
        f"magnesium-entries-{choice.range.slug}.csv",
    )


@bp.get("/export/daily-totals.csv")
@login_required
def download_daily_totals():
    choice, refused = _chosen_or_page()
    if refused is not None:
        return refused
    report = operations.build_report(current_user, choice.range)
    return _download(
        daily_totals_csv(report),
        "text/csv",
        f"magnesium-daily-totals-{choice.range.slug}.csv",
    )


@bp.get("/export/report.pdf")
@login_required
def download_report():
    choice, refused = _chosen_or_page()
    if refused is not None:
        return refused
    report = operations.build_report(current_user, choice.range, choice.name)
    return _download(
        render_pdf(report, choice.paper),
        "application/pdf",
        f"magnesium-report-{choice.range.slug}-{choice.paper}.pdf",
    )


@bp.get("/export/report")
@login_required
def preview_report():
    choice, refused = _chosen_or_page()
    if refused is not None:
        return refused
    report = operations.build_report(current_user, choice.range, choice.name)
    page = render_template(
        "exports/report.html",
        report=report,
        pdf_links=[
            (label, url_for("exports.download_report", **choice.query(paper=paper)))
            for paper, label in PAPER_LABELS.items()
        ],
        back_url=url_for("exports.export_page", **choice.query()),
        shared=False,
    )
    return _private(Response(page))


# --- Share links --------------------------------------------------------------------------------


@bp.post("/export/share-links")
@login_required
@recent_login_required(
    "make a share link",
    back="exports.export_page",
    back_label="Export and share",
    then="the link is made for the dates you chose, and stops working when you chose",
)
def create_share_link():
    share_form = ShareLinkForm()
    choice = _Choice()
    if share_form.validate_on_submit():
        try:
            chosen = operations.resolve_range(
                local_today(current_user),
                operations.CUSTOM_PERIOD,
                operations.parse_day(share_form.start.data),
                operations.parse_day(share_form.end.data),
            )
            _link, token = operations.create_share_link(
                current_user, chosen, int(share_form.valid_days.data)
            )
        except operations.RangeError as error:
            share_form.start.errors.append(error.message)
        except operations.ShareLinkError as error:
            share_form.valid_days.errors.append(str(error))
        else:
            # The token is shown on this response only: it is not stored, so it can't be shown
            # again (no redirect, which would need it in the session or the URL).
            choice.range = chosen
            choice.form.period.data = operations.CUSTOM_PERIOD
            choice.form.start.data, choice.form.end.data = chosen.start, chosen.end
            choice.form.start.raw_data = choice.form.end.raw_data = None
            return _export_page(
                choice,
                201,
                # TRACKER_PUBLIC_URL when set, never the request's Host (tracker.urls).
                new_link=link_for_others("exports.shared_report", token=token),
            )
    return _export_page(choice, 400, share_form=share_form)


@bp.post("/export/share-links/<int:link_id>/revoke")
@login_required
def revoke_share_link(link_id: int):
    link = operations.share_link_or_404(current_user, link_id)
    if not RevokeForm().validate_on_submit():
        return _export_page(_Choice(), 400)
    operations.revoke_share_link(link)
    flash("The link is revoked: it no longer opens the report.", "success")
    return redirect(url_for("exports.export_page") + "#share-links")


def _shared_headers(response: Response) -> Response:
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    # The token is in the URL: never send it on to the sites the report links to.
    response.headers["Referrer-Policy"] = "no-referrer"
    return _private(response)


def _invalid_link() -> Response:
    page = render_template("exports/share_invalid.html")
    return _shared_headers(Response(page, status=INVALID_LINK_STATUS))


@bp.get("/share/<token>")
def shared_report(token: str):
    opened = operations.open_share_link(token)
    if opened is None:
        return _invalid_link()
    owner, chosen = opened
    report = operations.build_report(owner, chosen, owner.display_name)
    page = render_template(
        "exports/report.html",
        report=report,
        pdf_links=[
            (label, url_for("exports.shared_report_pdf", token=token, paper=paper))
            for paper, label in PAPER_LABELS.items()
        ],
        back_url=None,
        shared=True,
    )
    return _shared_headers(Response(page))


@bp.get("/share/<token>/report.pdf")
def shared_report_pdf(token: str):
    opened = operations.open_share_link(token)
    if opened is None:
        return _invalid_link()
    owner, chosen = opened
    paper = request.args.get("paper", "a4")
    paper = paper if paper in PAPER_SIZES else "a4"
    report = operations.build_report(owner, chosen, owner.display_name)
    return _shared_headers(
        _download(
            render_pdf(report, paper),
            "application/pdf",
            f"magnesium-report-{chosen.slug}-{paper}.pdf",
        )
    )


# --- Your data ----------------------------------------------------------------------------------


def _your_data(import_form: ImportForm | None = None, status: int = 200):
    page = render_template(
        "exports/your_data.html",
        import_form=import_form or ImportForm(formdata=None),
        empty=data_export.account_is_empty(current_user),
        max_megabytes=data_export.IMPORT_MAX_BYTES // (1024 * 1024),
    )
    return _private(Response(page, status=status))


@bp.get("/account/data")
@login_required
def your_data():
    return _your_data()


@bp.get("/account/data/export.json")
@login_required
@recent_login_required("download all your data", back="exports.your_data", back_label="Your data")
def download_data():
    return _download(
        data_export.export_json(current_user),
        "application/json",
        f"magnesium-tracker-data-{local_today(current_user).isoformat()}.json",
    )


@bp.post("/account/data/import")
@csrf.exempt
@login_required
def import_data():
    # A data file may be larger than the app-wide upload limit; the CSRF check is made here,
    # after raising the limit, because the global check would read the body first.
    request.max_content_length = data_export.IMPORT_MAX_BYTES
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    form = ImportForm()
    upload = request.files.get(form.file.name)
    if upload is None or not upload.filename:
        form.file.errors = ["Choose the data file to import."]
        return _your_data(import_form=form, status=400)
    try:
        counts = data_export.import_user_data(
            current_user, upload.read(), local_today(current_user)
        )
    except data_export.DataImportError as error:
        form.file.errors = [str(error)]
        return _your_data(import_form=form, status=400)
    flash(
        f"Imported {counts['food_entries']:,} food entries, {counts['supplement_entries']:,} "
        f"supplement entries, {counts['medicine_doses']:,} medicine doses and "
        f"{counts['custom_foods']:,} custom foods.",
        "success",
    )
    return redirect(url_for("exports.your_data"))
