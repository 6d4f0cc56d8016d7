"""The report for the dates chosen on the export page: on screen and as a PDF."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, url_for
from flask_login import current_user, login_required

from tracker.auth import limits
from tracker.exports.views import chosen_or_page
from tracker.reports.fhir import MIME_TYPE as FHIR_MIME_TYPE
from tracker.reports.fhir import fhir_json
from tracker.reports.operations import Report, build_report
from tracker.reports.pdf import PAPER_LABELS, render_pdf
from tracker.reports.text import report_text
from tracker.web import download, private

bp = Blueprint("reports", __name__)


def report_page(
    report: Report, pdf_urls: dict[str, str], fhir_url: str, back_url: str | None
) -> str:
    """The report as a page, with its downloads (PDF per paper, FHIR) and the way back, if any."""
    return render_template(
        "reports/report.html",
        report=report,
        text=report_text(report),
        pdf_links=[(PAPER_LABELS[paper], url) for paper, url in pdf_urls.items()],
        fhir_url=fhir_url,
        back_url=back_url,
    )


@bp.get("/export/report.pdf")
@login_required
@limits.large_downloads
def download_report():
    choice, refused = chosen_or_page()
    if refused is not None:
        return refused
    assert choice.range is not None
    report = build_report(current_user, choice.range, choice.name)
    return download(
        render_pdf(report, choice.paper),
        "application/pdf",
        f"magnesium-report-{choice.range.slug}-{choice.paper}.pdf",
    )


@bp.get("/export/fhir.json")
@login_required
def download_fhir():
    choice, refused = chosen_or_page()
    if refused is not None:
        return refused
    assert choice.range is not None
    # The Patient holds the name typed on the export page, or is left out with it.
    report = build_report(current_user, choice.range, choice.name)
    return download(fhir_json(report), FHIR_MIME_TYPE, f"magnesium-fhir-{choice.range.slug}.json")


@bp.get("/export/report")
@login_required
def preview_report():
    choice, refused = chosen_or_page()
    if refused is not None:
        return refused
    assert choice.range is not None
    report = build_report(current_user, choice.range, choice.name)
    page = report_page(
        report,
        {
            paper: url_for("reports.download_report", **choice.query(paper=paper))
            for paper in PAPER_LABELS
        },
        fhir_url=url_for("reports.download_fhir", **choice.query()),
        back_url=url_for("exports.export_page", **choice.query()),
    )
    return private(Response(page))
