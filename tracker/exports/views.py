"""The export page and its CSV downloads."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_login import current_user, login_required

from tracker.auth import limits
from tracker.domain.periods import MAX_RANGE_DAYS
from tracker.exports.choice import RangeChoice, default_range
from tracker.exports.csv_export import daily_totals_csv
from tracker.exports.entries_stream import entries_csv_chunks
from tracker.reports.operations import build_report
from tracker.sharing.forms import RevokeForm, ShareLinkForm
from tracker.sharing.operations import local_time_text, share_links_of
from tracker.web import download, private, streamed_download

bp = Blueprint("exports", __name__)


def render_export_page(
    choice: RangeChoice,
    status: int = 200,
    share_form: ShareLinkForm | None = None,
    new_link: str | None = None,
) -> Response:
    """The export page for a choice, with a share-link form's errors or a new link."""
    chosen = choice.range or default_range()
    if share_form is None:
        # The page's one form sends the expiry along with every button: keep it as chosen.
        share_form = ShareLinkForm(formdata=request.args if request.args else None)
    response = render_template(
        "exports/export.html",
        form=choice.form,
        chosen=chosen,
        share_form=share_form,
        revoke_form=RevokeForm(),
        links=share_links_of(current_user),
        new_link=new_link,
        new_link_range=chosen,
        time_text=lambda moment: local_time_text(current_user, moment),
        max_days=MAX_RANGE_DAYS,
    )
    return private(Response(response, status=status))


def chosen_or_page() -> tuple[RangeChoice, Response | None]:
    """The choice of the query string, or the export page with its errors (400) to answer."""
    choice = RangeChoice()
    if choice.range is None:
        return choice, render_export_page(choice, 400)
    return choice, None


@bp.get("/export")
@login_required
def export_page():
    choice = RangeChoice()
    return render_export_page(choice, 400 if choice.form.errors else 200)


@bp.get("/export/entries.csv")
@login_required
@limits.large_downloads
def download_entries():
    choice, refused = chosen_or_page()
    if refused is not None:
        return refused
    assert choice.range is not None
    return streamed_download(
        entries_csv_chunks(current_user, choice.range.start, choice.range.end),
        "text/csv",
        f"magnesium-entries-{choice.range.slug}.csv",
    )


@bp.get("/export/daily-totals.csv")
@login_required
@limits.large_downloads
def download_daily_totals():
    choice, refused = chosen_or_page()
    if refused is not None:
        return refused
    assert choice.range is not None
    report = build_report(current_user, choice.range)
    return download(
        daily_totals_csv(report),
        "text/csv",
        f"magnesium-daily-totals-{choice.range.slug}.csv",
    )
