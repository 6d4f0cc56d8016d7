"""Feedback after changes: the confirmation is on screen where the person is, a deletion offers
Undo, and all of it works without JavaScript (a supplement logged, deleted and restored)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from tests.browser.ui import Page, add_food, entry_rows, expect, register
from tests.helpers import food_id

ALMONDS = "12061"  # 1 oz (28.35 g): 75.978 mg
SPINACH_RAW = "11457"  # 1 cup (30 g): 23.7 mg


def test_delete_then_undo_a_food(page: Page, app: Flask) -> None:
    register(page)
    add_food(page, food_id(app, ALMONDS), "1 oz (23 whole kernels)", "1", meal="Snack")
    add_food(page, food_id(app, SPINACH_RAW), "1 cup", "2", meal="Lunch")
    expect(page.get_by_test_id("day-total-mg")).to_have_text("123")  # 75.978 + 47.4

    page.get_by_role("button", name="Delete Nuts, almonds").click()
    flash = page.locator(".flash-success")
    expect(flash).to_have_text("Deleted Nuts, almonds.")
    expect(flash).to_be_in_viewport()
    expect(page.get_by_test_id("day-total-mg")).to_have_text("47")
    # The message is inside the Logged foods section the page scrolled to, and has focus
    # (tracker/static/js/feedback.js), so a screen reader reads it.
    expect(page.locator("section.entries-card .flashes")).to_be_focused()
    undo = page.get_by_role("button", name="Undo deleting Nuts, almonds")
    expect(undo).to_be_in_viewport()
    form = page.locator("form.undo-form")
    sent = {
        name: form.locator(f"input[name={name}]").get_attribute("value")
        for name in ("csrf_token", "kind", "token")
    }
    undo.click()

    expect(page.locator(".flash-success")).to_have_text("Restored Nuts, almonds.")
    expect(page.get_by_test_id("day-total-mg")).to_have_text("123")
    snack = page.locator("tbody.meal-group").filter(
        has=page.locator("tr.meal-row", has_text="Snack")
    )
    row = snack.locator("tr.entry-row").filter(has_text="Nuts, almonds")
    expect(row).to_contain_text("1 oz (23 whole kernels)")

    # The same Undo sent again (a double click, the back button) restores nothing more.
    again = page.request.post("/undo", form=sent)
    assert again.ok
    assert "Nuts, almonds is already back." in again.text()
    page.reload()
    expect(entry_rows(page)).to_have_count(2)
    expect(page.get_by_test_id("day-total-mg")).to_have_text("123")


def test_supplement_without_javascript(open_page: Callable[..., Page]) -> None:
    page = open_page(java_script_enabled=False)
    register(page)
    form = page.locator("form.supplement-form")
    form.get_by_label("Supplement or medicine name").fill("Magnesium glycinate")
    form.get_by_label("Form").select_option(label="Glycinate / bisglycinate")
    form.get_by_label("Magnesium per unit (mg)").fill("120")
    form.get_by_label("Units taken").fill("2")
    form.get_by_label("Time taken").fill("21:30")
    form.get_by_role("button", name="Add supplement").click()

    expect(page.locator(".flash-success")).to_have_text("Added Magnesium glycinate.")
    expect(page.locator(".flash-success")).to_be_in_viewport()
    expect(page.get_by_test_id("day-supplemental-mg")).to_have_text("240")

    # Logged again in one step from My supplements, then deleted and restored.
    product = page.locator(".product").filter(has_text="Magnesium glycinate")
    product.get_by_label("Units of Magnesium glycinate").fill("1")
    product.get_by_role("button", name="Log again Magnesium glycinate").click()
    expect(page.get_by_test_id("day-supplemental-mg")).to_have_text("360")

    rows = page.locator("table.supplement-entries tbody tr")
    expect(rows).to_have_count(2)
    evening = rows.filter(has_text="21:30")  # the 2 × 120 mg
    evening.get_by_role("button", name="Delete Magnesium glycinate").click()
    expect(page.locator(".flash-success")).to_have_text("Deleted Magnesium glycinate.")
    expect(page.get_by_test_id("day-supplemental-mg")).to_have_text("120")
    page.get_by_role("button", name="Undo deleting Magnesium glycinate").click()
    expect(page.locator(".flash-success")).to_have_text("Restored Magnesium glycinate.")
    expect(page.get_by_test_id("day-supplemental-mg")).to_have_text("360")
