"""A food logged before, again in two actions from the top of a freshly loaded day page
(issue 11): choose the meal, click the food's "Log again" button at the top of the Add form.

Every action counted is one click or one choice; nothing else is done between.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from tests.browser.support import PHONE
from tests.browser.ui import Page, expect, register, search_box

SCREEN = {"width": 1280, "height": 800}


def _log_almonds_once(page: Page) -> None:
    """At breakfast (the meal the form starts with depends on the clock)."""
    page.locator("#entry-form").get_by_label("Meal").select_option("breakfast")
    search = search_box(page)
    search.fill("1 oz almonds")
    page.get_by_role("listbox", name="Matching foods").get_by_role("option").filter(
        has_text="Nuts, almonds —"
    ).first.click()
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_test_id("day-total-mg")).to_have_text("76")


def _again_button(page: Page):
    return page.get_by_test_id("log-again-top").get_by_role(
        "button", name=re.compile(r"^Log again: Nuts, almonds")
    )


def test_a_recent_food_in_two_actions_from_the_top(
    open_page: Callable[..., Page], artifacts: Path
) -> None:
    page = open_page(viewport=SCREEN)
    register(page)
    _log_almonds_once(page)

    page.goto("/")  # a freshly loaded day page, at its top
    page.wait_for_load_state("load")
    again = _again_button(page)
    # Seen without scrolling on a 1280 × 800 screen, above "Search foods".
    assert page.evaluate("window.scrollY") == 0
    box = again.bounding_box()
    assert box is not None and box["y"] + box["height"] <= SCREEN["height"]
    page.screenshot(path=artifacts / "log-again-top-1280.png")

    actions = 0
    page.locator("#entry-form").get_by_label("Meal").select_option("dinner")
    actions += 1
    # The buttons log to the meal chosen in the Add form, and say so.
    expect(page.locator("#again-top-hint")).to_contain_text("Meal chosen below: Dinner")
    again.click()
    actions += 1
    assert actions == 2

    # Logged with its usual portion (1 oz = 28.35 g × 268 mg / 100 g = 75.978 mg), to Dinner.
    expect(page.locator("#flashes-add .flash-success")).to_have_text(
        "Added Nuts, almonds: 1 oz (23 whole kernels, 28.4 g), 76 mg."
    )
    expect(page.get_by_test_id("day-total-mg")).to_have_text("152")
    expect(page.get_by_test_id("meal-mg-dinner")).to_have_text("76 mg")
    expect(page.get_by_test_id("meal-mg-breakfast")).to_have_text("76 mg")
    # Back at the Add form: focus in "Search foods", the meal kept, the buttons still there.
    expect(page.get_by_label("Search foods")).to_be_focused()
    expect(page.locator("#entry-form").get_by_label("Meal")).to_have_value("dinner")
    expect(page.locator("#again-top-hint")).to_contain_text("Meal chosen below: Dinner")
    page.screenshot(path=artifacts / "log-again-top-after-1280.png")

    # Its Undo, right there, takes it back.
    page.locator("#flashes-add").get_by_role("button", name="Undo adding Nuts, almonds").click()
    expect(page.get_by_test_id("day-total-mg")).to_have_text("76")


def test_log_again_early_on_a_phone_and_by_keyboard(
    open_page: Callable[..., Page], artifacts: Path
) -> None:
    page = open_page(viewport=PHONE)
    register(page)
    _log_almonds_once(page)
    page.goto("/")
    page.wait_for_load_state("load")
    again = _again_button(page)
    # Before "Search foods" in the page's order, and the first thing the Add form offers.
    assert again.evaluate(
        "(button) => Boolean(button.compareDocumentPosition(document.getElementById('food-search'))"
        " & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    again.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "log-again-top-390.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Keyboard only: Tab reaches it, Enter logs it.
    page.goto("/")
    page.wait_for_load_state("load")
    for _ in range(40):
        page.keyboard.press("Tab")
        if again.evaluate("(button) => button === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the Log again button")
    page.keyboard.press("Enter")
    expect(page.locator("#flashes-add .flash-success")).to_contain_text("Added Nuts, almonds: ")
    expect(page.get_by_test_id("day-total-mg")).to_have_text("152")
