"""Logging what you ate in a real browser (issue 11): the number of actions, the diary lines
table typed into "Search foods", the usual foods of the empty box, supplements from the
food search, and staying at the Add form after Add.

Every action counted is one click, one tap, or one line typed; nothing else is done between.
"""

from __future__ import annotations

import csv
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

from tests.browser.ui import Page, entry_rows, expect, register, search_box

LINES = Path(__file__).resolve().parents[1] / "data" / "diary_lines.csv"
# The whole table takes minutes in a browser; the suite types every SAMPLE_EVERY-th line and
# TRACKER_ALL_DIARY_LINES=1 types them all (the score in the note came from that).
SAMPLE_EVERY = 8
MIN_SCORE = Decimal("0.9")


def _suggestions(page: Page):
    return page.get_by_role("listbox", name="Matching foods").get_by_role("option")


def test_a_new_food_with_its_amount_takes_three_actions(page: Page) -> None:
    register(page)
    page.locator("#entry-form").get_by_label("Meal").select_option("dinner")
    search = search_box(page)

    search.fill("2 large eggs")  # 1: type the line
    first = _suggestions(page).first
    # 2 × 50 g × 12 mg / 100 g = 12 mg
    expect(first).to_have_text("Egg, whole, raw, fresh — 2 × 1 large (100 g), 12 mg")
    expect(page.locator("#food-search-note")).to_have_text(
        "Amount read: 2 large. Each food says what Add will log."
    )
    first.click()  # 2: choose
    expect(page.get_by_test_id("entry-preview-mg")).to_have_text("12 mg")
    expect(page.get_by_test_id("entry-preview-amount")).to_have_text("2 × 1 large (100 g)")
    before = page.evaluate("window.scrollY")
    page.get_by_role("button", name="Add", exact=True).click()  # 3: Add

    expect(page.locator("#flashes-add .flash-success")).to_have_text(
        "Added Egg, whole, raw, fresh: 2 × 1 large (100 g), 12 mg."
    )
    expect(entry_rows(page)).to_have_count(1)
    expect(entry_rows(page).first).to_contain_text("2 × 1 large")
    expect(page.get_by_test_id("day-total-mg")).to_have_text("12")
    # Where the person was: the Add form on screen, focus in "Search foods", the meal kept.
    expect(page.get_by_label("Search foods")).to_be_focused()
    expect(page.locator("#flashes-add")).to_be_in_viewport()
    expect(page.locator("#entry-form").get_by_label("Meal")).to_have_value("dinner")
    # No jump down to the list: the page is about where it was before Add.
    assert abs(page.evaluate("window.scrollY") - before) < 400


def test_a_recent_food_from_the_empty_search_box(page: Page) -> None:
    register(page)
    search = search_box(page)
    search.fill("1 oz almonds")
    _suggestions(page).filter(has_text="Nuts, almonds —").first.click()
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("#flashes-add .flash-success")).to_contain_text("Added Nuts, almonds")

    page.goto("/")  # from the top of the page
    search = search_box(page)
    search.click()  # 1: the empty box offers the usual foods
    recent = _suggestions(page).filter(has_text="Recent")
    expect(recent).to_have_count(1)
    # 1 oz (23 whole kernels) = 28.35 g × 268 mg / 100 g = 75.978 mg
    expect(recent).to_have_text("Nuts, almonds — 1 oz (23 whole kernels, 28.4 g), 76 mg · Recent")
    recent.click()  # 2: choose; Add is focused, described by what it will log
    add = page.get_by_role("button", name="Add", exact=True)
    expect(add).to_be_focused()
    expect(add).to_have_accessible_description("Adds 1 oz (23 whole kernels, 28.4 g): 76 mg")
    page.keyboard.press("Enter")  # 3: Add
    expect(page.get_by_test_id("day-total-mg")).to_have_text("152")

    # "Log again in one step", right under the Add form: one click from the top of the page.
    page.goto("/")
    again = page.get_by_test_id("recent-foods").get_by_role(
        "button", name=re.compile(r"^Log Nuts, almonds")
    )
    again.click()  # 1
    expect(page.locator(".flash-success")).to_contain_text("Added Nuts, almonds: ")
    expect(page.get_by_test_id("day-total-mg")).to_have_text("228")


def test_a_medicine_named_in_the_food_search(page: Page) -> None:
    register(page)
    search = search_box(page)
    search.fill("milk of magnesia")
    options = _suggestions(page)
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("Milk of magnesia")
    expect(options.first).to_contain_text("Medicine")
    options.first.click()
    expect(page.get_by_label("Supplement or medicine name")).to_have_value(
        re.compile(r"^Milk of magnesia")
    )


def test_a_food_the_database_lacks(page: Page) -> None:
    register(page)
    search_box(page).fill("almond milk")
    first = _suggestions(page).first
    expect(first).to_have_text(
        "Almond milk is not in the USDA 2011 database: add it from its label."
    )
    first.click()
    expect(page.get_by_label("Food name")).to_have_value("Almond milk")


def _lines() -> list[dict[str, str]]:
    with LINES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if os.environ.get("TRACKER_ALL_DIARY_LINES") == "1":
        return rows
    return rows[::SAMPLE_EVERY]


def _log_lines(page: Page, rows: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    """Type each line, choose the first suggestion, Add; the lines whose mg is off."""
    register(page)
    page.locator("#entry-form").get_by_label("Meal").select_option("lunch")
    misses = []
    for row in rows:
        search = search_box(page)
        search.fill(row["line"])
        expect(page.get_by_label("Search foods")).to_have_attribute("data-search-state", "idle")
        first = _suggestions(page).first
        expect(first).to_be_visible()
        first.click()
        expect(page.get_by_test_id("entry-preview-mg")).not_to_have_text("")
        # The page before holds the last line's confirmation: wait for the new page.
        with page.expect_navigation():
            page.get_by_role("button", name="Add", exact=True).click()
        flash = page.locator("#flashes-add .flash-success")
        expect(flash).to_contain_text("Added ")
        text = flash.inner_text()
        found = re.search(r", ([<\d.,]+) mg\.$", text)
        logged = Decimal(found.group(1).replace(",", "").lstrip("<")) if found else None
        expected, tolerance = Decimal(row["expected_mg"]), Decimal(row["tolerance"])
        # The confirmation shows whole mg from 10 mg: half a mg of rounding allowed.
        if logged is None or abs(logged - expected) > tolerance * expected + Decimal("0.5"):
            misses.append((row["line"], row["expected_mg"], text))
    return misses


def test_diary_lines_typed_chosen_and_added(open_page) -> None:
    """Each line typed, the first suggestion chosen, Add pressed without touching Portion or
    Quantity: the mg logged within the line's tolerance of the hand-worked USDA figure (10%
    with an amount) for at least 90% of the lines. Bare names (30% of one typical serving)
    are logged by a second new user: the first one's habits would rightly win for them."""
    rows = _lines()
    with_amount = [row for row in rows if Decimal(row["tolerance"]) < Decimal("0.3")]
    bare = [row for row in rows if Decimal(row["tolerance"]) >= Decimal("0.3")]
    misses = _log_lines(open_page(), with_amount) + _log_lines(open_page(), bare)
    score = Decimal(len(rows) - len(misses)) / len(rows)
    print(f"diary lines: {len(rows) - len(misses)} of {len(rows)} within tolerance ({score:.1%})")
    for miss in misses:
        print("  miss:", *miss)
    assert score >= MIN_SCORE, misses


@pytest.mark.parametrize("width", [1280, 390])
def test_the_day_page_after_logging_has_no_sideways_scroll(open_page, width, artifacts) -> None:
    from tests.browser.ui import has_no_horizontal_scroll

    page = open_page(viewport={"width": width, "height": 844})
    register(page)
    search_box(page).fill("1 cup brown rice")
    _suggestions(page).first.click()
    expect(page.get_by_test_id("entry-preview-mg")).not_to_have_text("")
    page.screenshot(path=artifacts / f"logging-preview-{width}.png", full_page=True)
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("#flashes-add .flash-success")).to_contain_text("Added ")
    page.screenshot(path=artifacts / f"logging-after-add-{width}.png", full_page=True)
    assert has_no_horizontal_scroll(page)
