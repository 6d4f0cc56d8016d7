"""The day page in a real Chromium: registering, the food search combobox, the no-script path,
editing and deleting entries, a phone-sized screen, and screenshots for a human to look at."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from flask import Flask

from tests.browser.support import DESKTOP, PHONE
from tests.browser.ui import (
    Page,
    Route,
    add_food,
    choose_portion,
    duplicate_ids,
    entry_rows,
    expect,
    has_no_horizontal_scroll,
    misdirected_labels,
    register,
    search_box,
    wait_until,
)
from tests.helpers import food_id

SPINACH_RAW = "11457"  # 79 mg per 100 g; "1 cup" is 30 g
ALMONDS = "12061"  # 268 mg per 100 g; "1 oz (23 whole kernels)" is 28.35 g
API = "/api/foods"
# What the combobox script is doing: typing (the pause after a keystroke), searching (a
# request out), closing (after the box lost focus), idle. Wait for it, never for a time.
SEARCH_STATE = "data-search-state"
COUNT_ANNOUNCEMENT = re.compile(r"^\d+ foods? match\. Use the up and down arrows to choose\.$")


def _entry_rows(page: Page):
    return entry_rows(page)


def test_register_search_pick_and_add(page: Page) -> None:
    register(page)
    expect(page.locator(".flash-success")).to_contain_text("Your account is ready")
    expect(page.get_by_test_id("day-total-mg")).to_have_text("0")

    search_box(page).press_sequentially("spinach", delay=30)
    listbox = page.get_by_role("listbox", name="Matching foods")
    expect(listbox).to_be_visible()
    spinach = listbox.get_by_role("option").filter(has=page.get_by_text("Spinach, raw", exact=True))
    # What choosing it and pressing Add would log: its default portion, 30 g × 0.79 mg/g.
    expect(spinach).to_contain_text("Spinach, raw — 1 cup (30 g), 24 mg")
    spinach.click()

    expect(listbox).to_be_hidden()
    expect(page.locator("#chosen-food")).to_have_text("Chosen food: Spinach, raw")
    expect(page.get_by_label("Portion")).to_have_value("0")
    expect(page.get_by_test_id("entry-preview-mg")).to_have_text("24 mg")
    choose_portion(page, "1 cup")
    page.get_by_label("Quantity").fill("2")
    # The preview follows Quantity: 2 × 30 g × 79 mg / 100 g = 47.4 mg.
    expect(page.get_by_test_id("entry-preview-mg")).to_have_text("47 mg")
    expect(page.get_by_test_id("entry-preview-amount")).to_have_text("2 × 1 cup (60 g)")
    page.get_by_role("button", name="Add", exact=True).click()

    # 2 × 30 g × 79 mg / 100 g = 47.4 mg, shown as a whole number.
    expect(page.get_by_test_id("day-total-mg")).to_have_text("47")
    expect(page.locator(".flash-success")).to_have_text(
        "Added Spinach, raw: 2 × 1 cup (60 g), 47 mg."
    )
    # Back at the Add form, ready for the next food.
    expect(search_box(page)).to_be_focused()
    rows = _entry_rows(page)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Spinach, raw")
    expect(rows.first).to_contain_text("2 × 1 cup")
    expect(rows.first).to_contain_text("60 g")
    expect(rows.first).to_contain_text("47 mg")


def test_combobox_keyboard(page: Page) -> None:
    register(page)
    search = search_box(page)
    listbox = page.get_by_role("listbox", name="Matching foods")
    live_region = page.get_by_role("status").filter(has_text=COUNT_ANNOUNCEMENT)

    expect(search).to_have_attribute("role", "combobox")
    expect(search).to_have_attribute("aria-expanded", "false")
    expect(search).to_have_attribute("aria-controls", "food-suggestions")

    search.press_sequentially("almonds", delay=30)
    expect(listbox).to_be_visible()
    expect(search).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    count = options.count()
    assert count > 1
    expect(live_region).to_have_text(f"{count} foods match. Use the up and down arrows to choose.")

    # Escape closes the list and keeps what was typed; ArrowDown opens it again.
    search.press("Escape")
    expect(listbox).to_be_hidden()
    expect(search).to_have_attribute("aria-expanded", "false")
    expect(search).to_have_value("almonds")
    expect(search).to_be_focused()

    search.press("ArrowDown")
    expect(listbox).to_be_visible()
    expect(search).to_have_attribute("aria-expanded", "true")
    expect(search).to_have_attribute("aria-activedescendant", "food-option-0")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(options.nth(1)).to_have_attribute("aria-selected", "false")

    # ArrowUp from the first option wraps to the last, ArrowDown from there back to the first.
    search.press("ArrowUp")
    expect(search).to_have_attribute("aria-activedescendant", f"food-option-{count - 1}")
    expect(options.last).to_have_attribute("aria-selected", "true")
    search.press("ArrowDown")
    expect(search).to_have_attribute("aria-activedescendant", "food-option-0")

    first_name = options.first.locator("span").first.inner_text()
    search.press("Enter")

    expect(listbox).to_be_hidden()
    expect(search).to_have_attribute("aria-expanded", "false")
    expect(search).not_to_have_attribute("aria-activedescendant", re.compile(".*"))
    expect(search).to_have_value(first_name)
    expect(page.locator("#chosen-food")).to_have_text(f"Chosen food: {first_name}")
    portion = page.get_by_label("Portion")
    assert portion.locator("option").count() > 1
    # Chosen: ready to Add, the button described by what it will log.
    add = page.get_by_role("button", name="Add", exact=True)
    expect(add).to_be_focused()
    expect(add).to_have_accessible_description(re.compile(r"^Adds .+: \d+(\.\d)? mg$"))
    # Enter picked a food: it did not submit the search form.
    assert "q=" not in page.url

    # The keyboard finishes the job: Enter on Add (test_keyboard.py changes a quantity too).
    page.keyboard.press("Enter")
    expect(page.locator(".flash-success")).to_contain_text(f"Added {first_name}: ")
    expect(_entry_rows(page)).to_have_count(1)
    expect(search).to_be_focused()


def test_combobox_announces_no_match_and_ignores_short_queries(page: Page) -> None:
    register(page)
    search = search_box(page)
    listbox = page.get_by_role("listbox", name="Matching foods")

    search.press_sequentially("zzqx", delay=30)
    expect(page.get_by_role("status").filter(has_text="No foods match zzqx.")).to_have_count(1)
    expect(listbox).to_be_hidden()
    expect(search).to_have_attribute("aria-expanded", "false")

    search.fill("")
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if API in request.url else None)
    search.press_sequentially("k", delay=30)
    # The typing pause has run, and "k" was too short to ask for: nothing is left to happen.
    expect(search).to_have_attribute(SEARCH_STATE, "idle")
    expect(listbox).to_be_hidden()
    assert asked == []


def test_combobox_drops_an_answer_that_comes_too_late(page: Page) -> None:
    """A search answer that arrives after the query was cleared must not reopen the list."""
    register(page)
    search = search_box(page)
    listbox = page.get_by_role("listbox", name="Matching foods")
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    page.route(f"**{API}?*", hold)

    search.press_sequentially("almonds", delay=10)
    wait_until(page, lambda: bool(held), "the combobox asks the API")
    expect(search).to_have_attribute(SEARCH_STATE, "searching")
    search.fill("")  # the script is "typing" from here: the pause after the input
    # The pause has run with the short query; the old request is still out.
    expect(search).to_have_attribute(SEARCH_STATE, "searching")

    for route in held:
        with page.expect_response(route.request.url) as answer:
            route.continue_()
        assert answer.value.ok
    # The script has read the late answer (and dropped it): nothing is left to happen.
    expect(search).to_have_attribute(SEARCH_STATE, "idle")
    expect(listbox).to_be_hidden()
    expect(search).to_have_attribute("aria-expanded", "false")


def test_combobox_list_is_not_a_tab_stop(page: Page) -> None:
    register(page)
    search = search_box(page)
    listbox = page.get_by_role("listbox", name="Matching foods")
    search.press_sequentially("almonds", delay=10)
    expect(listbox).to_be_visible()
    # Pressing on the list (its padding or scrollbar, not an option) keeps it open.
    box = listbox.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] - 3, box["y"] + 2)
    # Had the press taken focus from the search box, the list would be closing now.
    expect(search).to_have_attribute(SEARCH_STATE, "idle")
    expect(listbox).to_be_visible()
    expect(search).to_be_focused()

    search.press("Tab")
    expect(page.get_by_role("button", name="Search", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(listbox).to_be_hidden()
    expect(page.get_by_role("link", name="Add your own food from its label")).to_be_focused()


def test_content_security_policy_violations_fail_tests(page: Page, page_problems) -> None:
    """The CSP blocks inline script, and the fixtures notice it (as they would in any test)."""
    page.goto("/about")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.inlineRan = true";
            document.body.appendChild(script);
        }"""
    )
    assert page.evaluate("window.inlineRan === undefined")
    wait_until(  # the console message arrives asynchronously
        page,
        lambda: any("Content Security Policy" in m for m in page_problems.messages),
        "the browser reports the blocked script",
    )
    page_problems.allow("Content Security Policy")


def test_without_javascript(open_page: Callable[..., Page]) -> None:
    page = open_page(java_script_enabled=False)
    register(page)
    search = page.get_by_label("Search foods")
    expect(search).not_to_have_attribute("role", "combobox")

    search.fill("spinach")
    page.get_by_role("button", name="Search", exact=True).click()
    results = page.locator("#search-results")
    expect(results.get_by_role("heading", level=3)).to_have_text("Results for “spinach”")
    results.get_by_role("link", name="Spinach, raw — 1 cup (30 g), 24 mg", exact=True).click()

    expect(page.locator("#chosen-food")).to_have_text("Chosen food: Spinach, raw")
    expect(page.get_by_test_id("entry-preview-mg")).to_have_text("24 mg")
    choose_portion(page, "1 cup")
    page.get_by_label("Quantity").fill("2")
    # Without the script the preview is a button away.
    page.get_by_role("button", name="Show grams and magnesium").click()
    expect(page.get_by_test_id("entry-preview-mg")).to_have_text("47 mg")
    expect(page.get_by_test_id("day-total-mg")).to_have_text("0")
    page.get_by_role("button", name="Add", exact=True).click()

    expect(page.get_by_test_id("day-total-mg")).to_have_text("47")
    expect(_entry_rows(page)).to_have_count(1)
    expect(_entry_rows(page).first).to_contain_text("Spinach, raw")


def test_invalid_quantity_is_explained(page: Page, app: Flask, page_problems) -> None:
    # The form answers 400, which Chromium reports on the console: expected here.
    page_problems.allow("status of 400")
    register(page)
    page.goto(f"/?food={food_id(app, SPINACH_RAW)}")
    choose_portion(page, "1 cup")
    page.get_by_label("Quantity").fill("lots")
    page.get_by_role("button", name="Add", exact=True).click()

    expect(page.get_by_role("alert")).to_contain_text("Please fix the following")
    quantity = page.get_by_label("Quantity")
    expect(quantity).to_have_attribute("aria-invalid", "true")
    expect(quantity).to_have_value("lots")
    expect(page.locator("#chosen-food")).to_have_text("Chosen food: Spinach, raw")
    expect(page.get_by_test_id("day-total-mg")).to_have_text("0")


def test_edit_and_delete_an_entry(page: Page, app: Flask) -> None:
    register(page)
    add_food(page, food_id(app, SPINACH_RAW), "1 cup", "2")
    add_food(page, food_id(app, ALMONDS), "1 oz (23 whole kernels)", "1")
    # 47.4 + 28.35 × 2.68 = 47.4 + 75.978 = 123.378
    expect(page.get_by_test_id("day-total-mg")).to_have_text("123")

    page.get_by_role("link", name="Edit Spinach, raw").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit entry")
    expect(page.get_by_label("Portion")).to_have_value(re.compile(".+"))
    expect(page.get_by_label("Quantity")).to_have_value("2")
    page.get_by_label("Quantity").fill("3")
    page.get_by_label("Meal").select_option(label="Lunch")
    page.get_by_role("button", name="Save changes").click()

    expect(page.locator(".flash-success")).to_have_text("Saved Spinach, raw.")
    # 3 × 30 g × 0.79 = 71.1, plus 75.978 = 147.078
    expect(page.get_by_test_id("day-total-mg")).to_have_text("147")
    spinach_row = _entry_rows(page).filter(has_text="Spinach, raw")
    expect(spinach_row).to_contain_text("3 × 1 cup")
    lunch = page.locator("tbody.meal-group").filter(
        has=page.locator("tr.meal-row", has_text="Lunch")
    )
    expect(lunch.locator("tr.entry-row")).to_contain_text("Spinach, raw")

    page.get_by_role("button", name="Delete Spinach, raw").click()
    expect(page.locator(".flash-success")).to_have_text("Deleted Spinach, raw.")
    expect(page.get_by_test_id("day-total-mg")).to_have_text("76")
    expect(_entry_rows(page)).to_have_count(1)

    page.get_by_role("button", name="Delete Nuts, almonds").click()
    expect(page.get_by_test_id("day-total-mg")).to_have_text("0")
    expect(page.get_by_text("Nothing logged yet today")).to_be_visible()


def test_day_page_ids_and_labels_are_unique(page: Page, app: Flask) -> None:
    """The entry, log-again, quick-add and copy forms share the page without sharing ids."""
    register(page)
    add_food(page, food_id(app, SPINACH_RAW), "1 cup", "1")
    # The log-again list is on the page now; the entry form's Meal must still be its own.
    add_food(page, food_id(app, ALMONDS), "1 oz (23 whole kernels)", "1", meal="Snack")
    page.goto("/")
    assert duplicate_ids(page) == []
    assert misdirected_labels(page) == []


def test_phone_has_no_horizontal_scroll(
    open_page: Callable[..., Page], app: Flask, artifacts: Path
) -> None:
    page = open_page(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        timezone_id="America/New_York",
    )
    too_wide = []

    def check(name: str) -> None:
        page.screenshot(path=artifacts / f"phone-{name.replace(' ', '-')}.png", full_page=True)
        if not has_no_horizontal_scroll(page):
            width = page.evaluate("document.documentElement.scrollWidth")
            too_wide.append(f"{name}: {width}px wide in a {PHONE['width']}px viewport")

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check("landing")
    page.goto("/login")
    check("login")
    page.goto("/register")
    check("register")

    register(page)
    search_box(page).press_sequentially("spinach", delay=30)
    listbox = page.get_by_role("listbox", name="Matching foods")
    expect(listbox).to_be_visible()
    check("day page with suggestions open")
    listbox.get_by_role("option").filter(has=page.get_by_text("Spinach, raw", exact=True)).tap()
    choose_portion(page, "1 package (10 oz)")
    page.get_by_label("Quantity").fill("1 1/2")
    page.get_by_role("button", name="Add", exact=True).click()
    # 1.5 × 284 g × 0.79 = 336.54
    expect(page.get_by_test_id("day-total-mg")).to_have_text("337")
    add_food(page, food_id(app, ALMONDS), "1 oz (23 whole kernels)", "1", meal="Breakfast")
    check("day page with entries")

    for path, name in [
        ("/profile", "profile"),
        ("/foods/mine", "my foods"),
        ("/about", "about"),
    ]:
        page.goto(path)
        check(name)
        if name == "profile":
            # The registration form sent the browser's time zone along.
            expect(page.get_by_label("Time zone")).to_have_value("America/New_York")
    page.goto("/")
    page.get_by_role("link", name=re.compile(r"^Edit Spinach, raw")).click()
    check("edit entry")
    assert not too_wide, too_wide


SCREENSHOT_LOOKS = {
    "desktop": {"viewport": DESKTOP},
    "desktop-dark": {"viewport": DESKTOP, "color_scheme": "dark"},
    "phone": {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2},
}


def test_day_page_screenshots(open_page: Callable[..., Page], app: Flask, artifacts: Path) -> None:
    """Screenshots of a day with a few entries, saved to test-artifacts/ for a person to look at.

    One account logs the entries; the other looks reuse its login (storage state).
    """
    page = open_page()
    register(page)
    add_food(page, food_id(app, SPINACH_RAW), "1 cup", "2", meal="Lunch")
    add_food(page, food_id(app, ALMONDS), "1 oz (23 whole kernels)", "1", meal="Breakfast")
    add_food(page, food_id(app, SPINACH_RAW), "1 package (10 oz)", "1/2", meal="Dinner")
    logged_in = page.context.storage_state()

    for name, options in SCREENSHOT_LOOKS.items():
        look = open_page(**options, storage_state=logged_in)
        look.goto("/")
        expect(_entry_rows(look)).to_have_count(3)
        look.screenshot(path=artifacts / f"day-{name}.png", full_page=True)
        assert has_no_horizontal_scroll(look), name

        search_box(look).press_sequentially("almonds", delay=20)
        expect(look.get_by_role("listbox", name="Matching foods")).to_be_visible()
        look.keyboard.press("ArrowDown")
        look.screenshot(path=artifacts / f"day-{name}-suggestions.png")
        assert has_no_horizontal_scroll(look), name
