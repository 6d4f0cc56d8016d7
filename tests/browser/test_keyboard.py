"""Keyboard only: a food and a supplement logged with Tab, Shift+Tab, typing, arrows, Enter and
Space (no mouse, no .click(), no .fill()); focus is visible on every stop of the day page."""

from __future__ import annotations

from flask import Flask

from tests.browser.ui import Page, add_food, expect, register
from tests.helpers import food_id

MAX_TABS = 250
ALMONDS = "12061"


def _focused(page: Page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const label = el.labels && el.labels.length ? el.labels[0].textContent.trim() : "";
            return {tag: el.tagName.toLowerCase(), id: el.id, label: label,
                    text: (el.innerText || el.value || "").trim()};
        }"""
    )


def tab_to(page: Page, matches, *, backwards: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until the focused element matches; fail after MAX_TABS."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        focused = _focused(page)
        if matches(focused):
            return focused
    raise AssertionError(f"Tab never reached the element (last: {_focused(page)})")


def _label(text: str):
    return lambda focused: focused["label"].startswith(text)


def _button(text: str):
    return lambda focused: focused["tag"] in ("button", "input") and focused["text"] == text


def test_log_a_food_and_a_supplement_with_the_keyboard_only(page: Page) -> None:
    register(page)
    page.goto("/")

    # The food: search, arrow to "Spinach, raw", Enter picks it and moves to Portion.
    tab_to(page, lambda f: f["id"] == "food-search")
    page.keyboard.type("spinach raw", delay=20)
    listbox = page.get_by_role("listbox", name="Matching foods")
    expect(listbox).to_be_visible()
    search = page.get_by_label("Search foods")
    for _ in range(15):
        page.keyboard.press("ArrowDown")
        active = search.get_attribute("aria-activedescendant")
        if active and page.locator(f"#{active}").inner_text().startswith("Spinach, raw\n"):
            break
    else:
        raise AssertionError("ArrowDown never reached Spinach, raw")
    page.keyboard.press("Enter")
    expect(page.locator("#chosen-food")).to_have_text("Chosen food: Spinach, raw")
    portion = page.get_by_label("Portion")
    expect(portion).to_be_focused()
    expect(portion.locator("option:checked")).to_have_text("1 cup")

    page.keyboard.press("Tab")
    expect(page.get_by_label("Quantity")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    expect(page.locator("#entry-form").get_by_label("Meal")).to_be_focused()
    page.keyboard.type("Lunch")  # typing selects in a closed <select>
    # Go past Time to the Add button, then back with Shift+Tab and forward again.
    tab_to(page, _button("Add"))
    page.keyboard.press("Shift+Tab")
    expect(page.locator("#entry-form").get_by_label("Time")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    # 2 × 30 g × 79 mg / 100 g = 47.4 mg
    expect(page.get_by_test_id("day-total-mg")).to_have_text("47")
    expect(page.locator(".flash-success")).to_have_text("Added Spinach, raw.")
    expect(page.locator(".flash-success")).to_be_in_viewport()
    expect(page.locator("table.entries tbody tr")).to_contain_text("Lunch")

    # The supplement: the add form is open for a first supplement.
    tab_to(page, _label("Supplement or medicine name"))
    page.keyboard.type("Magnesium citrate")
    page.keyboard.press("Tab")
    expect(page.locator("form.supplement-form").get_by_label("Form")).to_be_focused()
    page.keyboard.type("Citrate")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Magnesium per unit (mg)")).to_be_focused()
    page.keyboard.type("150")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Units taken")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    tab_to(page, _button("Add supplement"))
    page.keyboard.press("Space")

    expect(page.locator(".flash-success")).to_have_text("Added Magnesium citrate.")
    expect(page.locator(".flash-success")).to_be_in_viewport()
    expect(page.get_by_test_id("day-supplemental-mg")).to_have_text("300")
    expect(page.get_by_test_id("day-total-mg")).to_have_text("347")  # 47.4 + 300


def test_focus_is_always_visible(page: Page, app: Flask) -> None:
    """Every Tab stop of the day page (with entries) shows a focus outline of at least 2px."""
    register(page)
    add_food(page, food_id(app, ALMONDS), "1 oz (23 whole kernels)", "1")
    page.goto("/")
    page.locator("body").focus()
    invisible = []
    seen = 0
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        style = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (el === document.body) { return null; }
                // A time input's picker button sits in its shadow DOM: the input shows the ring.
                const css = getComputedStyle(el);
                return {what: el.outerHTML.slice(0, 80), style: css.outlineStyle,
                        width: parseFloat(css.outlineWidth), shadow: css.boxShadow};
            }"""
        )
        if style is None:
            break  # past the last stop
        seen += 1
        if (style["style"] == "none" or style["width"] < 2) and style["shadow"] == "none":
            invisible.append(style["what"])
    assert seen > 20, f"only {seen} Tab stops on the day page"
    assert not invisible, f"focus not visible on: {invisible}"
