"""Keyboard only: a food and a supplement logged with Tab, Shift+Tab, typing, arrows, Enter and
Space (no mouse, no .click(), no .fill()); focus is visible on every stop of the day page."""

from __future__ import annotations

import re

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

    # The food, typed with its amount: the amount read is announced with the matches.
    tab_to(page, lambda f: f["id"] == "food-search")
    page.keyboard.type("1 cup raw spinach", delay=20)
    listbox = page.get_by_role("listbox", name="Matching foods")
    expect(listbox).to_be_visible()
    search = page.get_by_label("Search foods")
    expect(page.locator("#food-search-status")).to_have_text(
        re.compile(r"^Amount read: 1 cup\. \d+ foods? match\. Use the up and down arrows")
    )
    for _ in range(15):
        page.keyboard.press("ArrowDown")
        active = search.get_attribute("aria-activedescendant")
        if active and page.locator(f"#{active}").inner_text().startswith("Spinach, raw —"):
            break
    else:
        raise AssertionError("ArrowDown never reached Spinach, raw")
    # The option says what Add will log: 30 g × 79 mg / 100 g = 23.7 mg.
    expect(page.locator(f"#{active}")).to_have_text("Spinach, raw — 1 cup (30 g), 24 mg")
    page.keyboard.press("Enter")
    expect(page.locator("#chosen-food")).to_have_text("Chosen food: Spinach, raw")
    # Chosen: focus on Add, which is described by what it will log.
    add = page.locator("#entry-form").get_by_role("button", name="Add", exact=True)
    expect(add).to_be_focused()
    expect(add).to_have_accessible_description("Adds 1 cup (30 g): 24 mg")
    expect(page.get_by_label("Portion").locator("option:checked")).to_have_text("1 cup (30 g)")

    # Back to Quantity: a second cup, and the preview (a live region) follows.
    tab_to(page, _label("Quantity"), backwards=True)
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    expect(page.get_by_test_id("entry-preview-mg")).to_have_text("47 mg")
    expect(page.locator("#entry-preview")).to_have_attribute("aria-live", "polite")
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
    confirmation = page.locator("#flashes-add .flash-success")
    expect(confirmation).to_have_text("Added Spinach, raw: 2 × 1 cup (60 g), 47 mg.")
    expect(confirmation).to_be_in_viewport()
    # Focus is back in "Search foods", which names the confirmation for a screen reader.
    expect(search).to_be_focused()
    expect(search).to_have_accessible_description(
        re.compile(r"^Added Spinach, raw: 2 × 1 cup \(60 g\), 47 mg\. Undo adding Spinach, raw")
    )
    expect(page.locator("#entry-form").get_by_label("Meal")).to_have_value("lunch")
    expect(page.locator("tr.meal-row").filter(has_text="Lunch")).to_have_count(1)

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
