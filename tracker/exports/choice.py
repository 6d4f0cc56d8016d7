"""The dates and report options chosen on the export page, read from the query string.

The export page, its downloads, the report preview and share links all start from this one
choice, so the same query string gives the same range everywhere.
"""

from __future__ import annotations

from typing import Any

from flask import request
from flask_login import current_user

from tracker.domain.errors import ValidationError
from tracker.domain.periods import CUSTOM_PERIOD, DEFAULT_PERIOD, DateRange
from tracker.domain.periods import resolve_range as resolve
from tracker.exports.forms import RangeForm
from tracker.formtools import show_error
from tracker.localtime import local_today
from tracker.reports.pdf import PAPER_SIZES, default_paper


def default_range() -> DateRange:
    """The last 30 days, today included, in the user's time zone."""
    return resolve(local_today(current_user), DEFAULT_PERIOD, None, None)


class RangeChoice:
    """The range form as submitted, and the range and options it resolves to."""

    def __init__(self) -> None:
        # A download or the report asks with GET; making a share link posts the same fields.
        sent = request.form if request.method == "POST" else request.args
        self.form = RangeForm(formdata=sent if sent else None)
        if not sent:
            self.form.name.data = current_user.display_name or ""
            self.form.paper.data = default_paper(current_user.timezone)
        self.range: DateRange | None = None
        if self.form.validate():
            try:
                self.range = resolve(
                    local_today(current_user),
                    self.form.period.data,
                    self.form.start.data,
                    self.form.end.data,
                )
            except ValidationError as error:
                show_error(self.form, error)
        if self.range is not None and self.form.period.data != CUSTOM_PERIOD:
            # Show the dates a preset stands for, so "custom" starts from them.
            self.show(self.range, custom=False)

    def show(self, chosen: DateRange, *, custom: bool = True) -> None:
        """Make the form show `chosen` as its dates (and choose "custom" when asked)."""
        self.range = chosen
        if custom:
            self.form.period.data = CUSTOM_PERIOD
        self.form.start.data, self.form.end.data = chosen.start, chosen.end
        # The date inputs show raw_data when there is any: show these dates instead.
        self.form.start.raw_data = self.form.end.raw_data = None

    @property
    def name(self) -> str | None:
        """The name to print on the report, if any."""
        return (self.form.name.data or "").strip() or None

    @property
    def paper(self) -> str:
        """The PDF's paper: "a4" or "letter"."""
        return self.form.paper.data if self.form.paper.data in PAPER_SIZES else "a4"

    def query(self, **extra: str) -> dict[str, Any]:
        """The query string that reproduces this choice (explicit dates)."""
        assert self.range is not None
        values = {
            "period": CUSTOM_PERIOD,
            "start": self.range.start.isoformat(),
            "end": self.range.end.isoformat(),
            "paper": self.paper,
        }
        if self.name:
            values["name"] = self.name
        return values | extra
