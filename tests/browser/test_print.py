"""Printing the day, week and month pages: totals, tables, charts and cautions on paper;
navigation, forms, buttons and the logging tools left out. A PDF of each goes to
test-artifacts/ for a person to look at."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Flask

from tests.browser.demo_pages import log_in, make_demo
from tests.browser.ui import Page, expect


def test_day_week_and_month_print_as_records(
    open_page: Callable[..., Page], app: Flask, artifacts: Path
) -> None:
    demo = make_demo(app)
    page = open_page()
    log_in(page, demo.email)
    page.emulate_media(media="print")

    page.goto(f"/day/{demo.conflict_day}")
    for hidden in ("nav[aria-label=Main]", "#entry-form", "form.supplement-form",
                   "form.medicine-form", ".more-tools", ".day-nav"):  # fmt: skip
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.get_by_role("button")).to_have_count(0)  # none visible on paper
    expect(page.get_by_test_id("day-total-mg")).to_be_visible()
    expect(page.get_by_role("progressbar").first).to_be_visible()
    expect(page.locator("table.entries")).to_be_visible()
    expect(page.locator("table.supplement-entries")).to_be_visible()
    expect(page.get_by_test_id("caution-spacing")).to_be_visible()
    page.pdf(path=artifacts / "print-day.pdf", format="A4")

    for path, name, table in (("/week", "week", "#week-table"), ("/month", "month", "table")):
        page.goto(path)
        expect(page.locator("nav[aria-label=Main]")).to_be_hidden()
        expect(page.locator(".day-nav").first).to_be_hidden()
        expect(page.locator("svg.chart").first).to_be_visible()
        expect(page.locator(table).first).to_be_visible()
        page.pdf(path=artifacts / f"print-{name}.pdf", format="A4")
