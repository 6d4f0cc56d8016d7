"""Share links: made and revoked on the export page; the shared report and its PDF."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.auth.recent import recent_login_required
from tracker.domain.errors import ValidationError
from tracker.exports.choice import RangeChoice
from tracker.exports.views import render_export_page
from tracker.formtools import add_error
from tracker.reports.fhir import MIME_TYPE as FHIR_MIME_TYPE
from tracker.reports.fhir import fhir_json
from tracker.reports.operations import Report, build_report
from tracker.reports.pdf import PAPER_LABELS, PAPER_SIZES, render_pdf
from tracker.reports.views import report_page
from tracker.sharing import operations
from tracker.sharing.forms import RevokeForm, ShareLinkForm
from tracker.urls import link_for_others
from tracker.web import download, private

bp = Blueprint("sharing", __name__)

INVALID_LINK_STATUS = 404


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
    # The dates are the export page's own fields, sent with this button like any download's.
    choice = RangeChoice()
    if choice.range is not None and share_form.validate_on_submit():
        try:
            _link, token = operations.create_share_link(
                current_user, choice.range, int(share_form.valid_days.data)
            )
        except ValidationError as error:
            add_error(share_form.valid_days, error.message)
        else:
            # The token is shown on this response only: it is not stored, so it can't be shown
            # again (no redirect, which would need it in the session or the URL).
            return render_export_page(
                choice,
                201,
                # TRACKER_PUBLIC_URL when set, never the request's Host (tracker.urls).
                new_link=link_for_others("sharing.shared_report", token=token),
            )
    return render_export_page(choice, 400, share_form=share_form)


@bp.post("/export/share-links/<int:link_id>/revoke")
@login_required
def revoke_share_link(link_id: int):
    link = operations.share_link_or_404(current_user, link_id)
    if not RevokeForm().validate_on_submit():
        return render_export_page(RangeChoice(), 400)
    operations.revoke_share_link(link)
    flash("The link is revoked: it no longer opens the report.", "success")
    return redirect(url_for("exports.export_page") + "#share-links")


def _shared_headers(response: Response) -> Response:
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    # The token is in the URL: never send it on to the sites the report links to.
    response.headers["Referrer-Policy"] = "no-referrer"
    return private(response)


def _invalid_link() -> Response:
    page = render_template("sharing/invalid.html")
    return _shared_headers(Response(page, status=INVALID_LINK_STATUS))


def _shared_report(token: str) -> Report | None:
    """The report a live link opens (noting the access), or None for any other token.

    It carries the name from the owner's profile, as every shared page and file does.
    """
    opened = operations.open_share_link(token)
    if opened is None:
        return None
    owner, chosen = opened
    return build_report(owner, chosen, owner.display_name)


@bp.get("/share/<token>")
def shared_report(token: str):
    report = _shared_report(token)
    if report is None:
        return _invalid_link()
    page = report_page(
        report,
        {
            paper: url_for("sharing.shared_report_pdf", token=token, paper=paper)
            for paper in PAPER_LABELS
        },
        fhir_url=url_for("sharing.shared_fhir", token=token),
        back_url=None,
    )
    return _shared_headers(Response(page))


@bp.get("/share/<token>/report.pdf")
def shared_report_pdf(token: str):
    report = _shared_report(token)
    if report is None:
        return _invalid_link()
    paper = request.args.get("paper", "a4")
    paper = paper if paper in PAPER_SIZES else "a4"
    name = f"magnesium-report-{report.range.slug}-{paper}.pdf"
    return _shared_headers(download(render_pdf(report, paper), "application/pdf", name))


@bp.get("/share/<token>/fhir.json")
def shared_fhir(token: str):
    report = _shared_report(token)
    if report is None:
        return _invalid_link()
    name = f"magnesium-fhir-{report.range.slug}.json"
    return _shared_headers(download(fhir_json(report), FHIR_MIME_TYPE, name))
