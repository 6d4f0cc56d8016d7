"""My recipes in Chromium (issue 17): a new user builds "Morning porridge" with the day page's
search and amount rules, logs it from "Search foods" in three actions, and the day's total is
the three ingredients' USDA magnesium added up."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal

from tests.browser.ui import (
    Page,
    entry_rows,
    expect,
    has_no_horizontal_scroll,
    register,
    search_box,
)
from tracker.foods.operations import USDA_DATA_FILE

# Cooked oats 27 mg/100 g × 234 g, whole milk 10 × 122 g (½ × 244 g), banana 27 × 118 g.
INGREDIENTS = (
    ("1 cup cooked oatmeal", "08121", Decimal(234)),
    ("1/2 cup whole milk", "01077", Decimal(122)),
    ("1 medium banana", "09040", Decimal(118)),
)


def _expected_mg() -> Decimal:
    """The three ingredients' magnesium from the USDA data file itself."""
    wanted = {ndb for _line, ndb, _grams in INGREDIENTS}
    mg_per_100g = {}
    for line in USDA_DATA_FILE.read_text(encoding="utf-8").splitlines():
        record = json.loads(line, parse_float=Decimal)
        if record["ndb"] in wanted:
            mg_per_100g[record["ndb"]] = Decimal(record["mg"])
    return sum((mg_per_100g[ndb] * grams / 100 for _l, ndb, grams in INGREDIENTS), Decimal(0))


def test_a_new_user_builds_morning_porridge_and_logs_it_from_search_foods(
    page: Page, artifacts
) -> None:
    expected = _expected_mg()  # 63.18 + 12.2 + 31.86 = 107.24
    register(page)
    page.get_by_role("link", name="My recipes").first.click()
    page.get_by_role("link", name="New recipe").click()
    page.get_by_label("Recipe name").fill("Morning porridge")
    page.get_by_label("Servings").fill("1")
    for line, _ndb, _grams in INGREDIENTS:
        page.get_by_label("Add an ingredient").fill(line)
        page.get_by_role("button", name="Find", exact=True).click()
        page.locator("#ingredient-results button[name=add]").first.click()
    rows = page.get_by_test_id("ingredient-row")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Cereals, oats")
    expect(rows.nth(1)).to_contain_text("Milk, whole")
    expect(rows.nth(2)).to_contain_text("Bananas, raw")
    shown = str(expected.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    expect(page.get_by_test_id("recipe-serving")).to_have_text(f"{shown} mg")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(artifacts / f"recipe-editor-{width}.png"), full_page=True)
        assert has_no_horizontal_scroll(page) or width == 1280
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Save recipe").click()
    expect(page.get_by_test_id("recipe-per-serving")).to_have_text(f"{shown} mg")
    page.screenshot(path=str(artifacts / "recipes-1280.png"), full_page=True)

    page.get_by_role("link", name="Today").first.click()
    page.wait_for_load_state("load")
    search = search_box(page)
    search.fill("morning porridge")  # 1: type
    option = page.get_by_role("listbox", name="Matching foods").get_by_role("option").first
    expect(option).to_contain_text("Morning porridge")
    expect(option).to_contain_text("Recipe")
    option.click()  # 2: choose
    expect(page.get_by_test_id("entry-preview-mg")).to_have_text(f"{shown} mg")
    page.get_by_role("button", name="Add", exact=True).click()  # 3: Add
    expect(entry_rows(page)).to_have_count(1)
    expect(page.get_by_test_id("day-total-mg")).to_have_text(shown)
    page.screenshot(path=str(artifacts / "day-with-recipe-1280.png"), full_page=True)


def test_the_recipe_editor_with_the_keyboard_only_and_on_a_phone(open_page, artifacts) -> None:
    page = open_page(viewport={"width": 390, "height": 844})
    register(page)
    page.goto("/recipes/new")
    page.get_by_label("Recipe name").focus()
    page.keyboard.type("Banana snack")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # Servings keeps its 1
    expect(page.get_by_label("Add an ingredient")).to_be_focused()
    page.keyboard.type("1 medium banana")
    page.keyboard.press("Enter")  # the form's first button: Find
    first = page.locator("#ingredient-results button[name=add]").first
    expect(first).to_contain_text("Bananas, raw")
    page.get_by_label("Add an ingredient").focus()
    page.keyboard.press("Tab")  # Find
    page.keyboard.press("Tab")  # the first suggestion
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("ingredient-row")).to_have_count(1)
    # 27 mg/100 g × 118 g = 31.86 mg
    expect(page.get_by_test_id("recipe-serving")).to_have_text("32 mg")
    assert has_no_horizontal_scroll(page)
    page.screenshot(path=str(artifacts / "recipe-editor-keyboard-390.png"), full_page=True)
    save = page.get_by_role("button", name="Save recipe")
    save.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("recipe-per-serving")).to_have_text("32 mg")
    assert has_no_horizontal_scroll(page)
    page.screenshot(path=str(artifacts / "recipes-390.png"), full_page=True)
