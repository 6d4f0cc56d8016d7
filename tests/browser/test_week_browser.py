"""The week summary in a real Chromium: log through the day page's faster-logging tools, then
read the week's chart and numbers, on a desktop and a phone, with screenshots to look at."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask

from tests.browser.support import PHONE
from tests.browser.ui import Page, add_food, expect, has_no_horizontal_scroll, register
from tests.helpers import food_id

SPINACH_RAW = "11457"  # 79 mg per 100 g; "1 cup" is 30 g
ALMONDS = "12061"  # 268 mg per 100 g; "1 oz (23 whole kernels)" is 28.35 g


def test_week_page_after_fast_logging(page: Page, app: Flask, artifacts: Path) -> None:
    register(page)
    add_food(page, food_id(app, ALMONDS), "1 oz (23 whole kernels)", "2", "Breakfast")
    add_food(page, food_id(app, SPINACH_RAW), "1 cup", "1", "Lunch")

    # Log the spinach again in one step, from the recent list near the top of the page.
    recent = page.get_by_test_id("recent-foods")
    recent.get_by_role("button", name=re.compile(r"^Log Spinach, raw")).click()
    expect(page.locator(".flash-success")).to_have_text("Added Spinach, raw: 1 cup (30 g), 24 mg.")

    # Star it from the same list (the star button posts the log-again form elsewhere).
    recent.get_by_role("button", name="Star Spinach, raw").click()
    expect(page.locator(".flash-success")).to_have_text("Starred Spinach, raw.")
    favourites = page.get_by_test_id("favourite-foods")
    expect(favourites.get_by_role("button", name=re.compile(r"^Log Spinach, raw"))).to_be_visible()

    # Quick add, behind its disclosure.
    page.get_by_text("Quick add: type the magnesium in mg").click()
    page.get_by_label("Description").fill("Cocoa drink (label)")
    page.get_by_label("Magnesium (mg)").fill("40")
    page.get_by_role("button", name="Quick add", exact=True).click()
    expect(page.locator(".flash-success")).to_have_text("Added Cocoa drink (label).")
    # 151.956 + 23.7 + 23.7 + 40 = 239.356 mg
    expect(page.get_by_test_id("day-total-mg")).to_have_text("239")

    page.get_by_role("button", name="Mark this day complete").click()
    expect(page.get_by_test_id("day-completed")).to_contain_text("You marked this day complete")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Week").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Week of ")
    expect(page.get_by_test_id("week-average-mg")).to_have_text("239")
    expect(page.get_by_test_id("average-covers")).to_contain_text("logged day of 7")
    chart = page.get_by_role("img", name=re.compile(r"^Magnesium per day, week of .*1 of 7 days"))
    expect(chart).to_be_visible()
    expect(page.get_by_role("img", name=re.compile(r"^Daily average per week"))).to_be_visible()
    today_row = page.locator("#week-table tbody tr").filter(has=page.locator("[data-col=total]"))
    expect(today_row).to_have_count(1)
    expect(today_row.locator("[data-col=total]")).to_have_text("239 mg")
    expect(today_row.locator("[data-col=notes]")).to_have_text("✓ Completed")
    expect(page.locator("#week-table tbody tr.not-logged")).to_have_count(6)
    sources = page.get_by_test_id("top-sources").locator("tbody tr")
    expect(sources.first).to_contain_text("Nuts, almonds")
    expect(sources.first).to_contain_text("152 mg")
    page.screenshot(path=str(artifacts / "week-desktop.png"), full_page=True)

    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.get_by_test_id("week-average-mg")).to_have_text("239")
    assert has_no_horizontal_scroll(page)
    page.screenshot(path=str(artifacts / "week-phone.png"), full_page=True)

    page.emulate_media(color_scheme="dark")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(artifacts / "week-dark.png"), full_page=True)

    # The month view of the same data, reached from the week.
    page.get_by_role("link", name=re.compile(r"^\w+ \d{4}$")).first.click()
    expect(page.get_by_test_id("month-average-mg")).to_have_text("239")
