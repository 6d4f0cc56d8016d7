"""Supplements and medicines in a real Chromium: the upper-limit and spacing cautions appear as
a user logs things through the page, and the pages fit a phone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.browser.support import PHONE
from tests.browser.ui import Page, expect, has_no_horizontal_scroll, register


def _add_supplement(page: Page, name: str, mg: str, units: str = "1", at: str = "") -> None:
    # With a saved supplement, "Log again" is the quick way and this form is one click away.
    disclosure = page.locator("details.add-supplement")
    if disclosure.get_attribute("open") is None:
        disclosure.locator("summary").click()
    form = page.locator("form.supplement-form")
    form.get_by_label("Supplement or medicine name").fill(name)
    form.get_by_label("Form").select_option(label="Glycinate / bisglycinate")
    form.get_by_label("Magnesium per unit (mg)").fill(mg)
    form.get_by_label("Units taken").fill(units)
    form.get_by_label("Time taken").fill(at)
    form.get_by_role("button", name="Add supplement").click()
    expect(page.locator(".flash-success")).to_have_text(f"Added {name}.")


def test_a_supplement_above_the_upper_limit_shows_the_caution(page: Page) -> None:
    register(page)
    expect(page.get_by_test_id("caution-upper-limit")).to_have_count(0)

    _add_supplement(page, "Magnesium glycinate", mg="200", units="1.5")  # 300 mg: not over
    expect(page.get_by_test_id("day-supplemental-mg")).to_have_text("300")
    expect(page.get_by_test_id("caution-upper-limit")).to_have_count(0)

    _add_supplement(page, "Milk of magnesia", mg="51")  # 351 mg: over the adult 350 mg
    expect(page.get_by_test_id("day-supplemental-mg")).to_have_text("351")
    expect(page.get_by_test_id("day-food-mg")).to_have_text("0")
    expect(page.get_by_test_id("day-total-mg")).to_have_text("351")
    caution = page.get_by_test_id("caution-upper-limit")
    expect(caution).to_be_visible()
    expect(caution.get_by_role("heading")).to_have_text(
        "Above the upper limit for supplemental magnesium"
    )
    expect(caution).to_contain_text("351 mg, above the general upper limit of 350 mg a day")
    expect(caution).to_contain_text("adults (general value)")
    expect(caution).to_contain_text("Ask your healthcare provider")
    expect(caution.get_by_role("link", name="NIH Office of Dietary Supplements")).to_be_visible()
    expect(page.get_by_role("note")).to_have_count(1)

    # Deleting one entry brings the day back under the limit.
    page.get_by_role("button", name="Delete Milk of magnesia").click()
    expect(page.get_by_test_id("day-supplemental-mg")).to_have_text("300")
    expect(page.get_by_test_id("caution-upper-limit")).to_have_count(0)


def test_a_bisphosphonate_an_hour_before_magnesium_shows_the_spacing_caution(page: Page) -> None:
    register(page)
    medicines = page.locator("form.medicine-form")
    medicines.get_by_label("Medicine").select_option(label="Alendronate")
    medicines.get_by_label("Time of dose").fill("07:00")
    medicines.get_by_role("button", name="Add medicine dose").click()
    expect(page.locator(".flash-success")).to_have_text("Added Alendronate.")
    expect(page.get_by_test_id("caution-spacing")).to_have_count(0)

    _add_supplement(page, "Magnesium glycinate", mg="100", at="08:00")
    caution = page.get_by_test_id("caution-spacing")
    expect(caution).to_have_count(1)
    expect(caution).to_be_visible()
    expect(caution.get_by_role("heading")).to_have_text("Timing: “Alendronate” and magnesium")
    expect(caution).to_contain_text(
        "“Alendronate” (07:00) and “Magnesium glycinate” (08:00) were logged 1 hour apart"
    )
    expect(caution).to_contain_text("at least 2 hours apart")
    expect(caution).to_contain_text("Ask your healthcare provider or pharmacist")

    # Logged again in one step from My supplements, at 10:00: no new conflict for that dose.
    product = page.locator(".product").filter(has_text="Magnesium glycinate")
    product.get_by_label("Time for Magnesium glycinate").fill("10:00")
    product.get_by_role("button", name="Log again Magnesium glycinate").click()
    expect(page.get_by_test_id("day-supplemental-mg")).to_have_text("200")
    expect(page.get_by_test_id("caution-spacing")).to_have_count(1)


def test_supplement_pages_fit_a_phone(open_page: Callable[..., Page], artifacts: Path) -> None:
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    register(page)
    _add_supplement(page, "Magnesium glycinate", mg="400", at="08:00")
    medicines = page.locator("form.medicine-form")
    medicines.get_by_label("Medicine").select_option(label="Doxycycline")
    medicines.get_by_label("Time of dose").fill("09:00")
    medicines.get_by_role("button", name="Add medicine dose").click()
    expect(page.get_by_test_id("caution-spacing")).to_be_visible()
    too_wide = []
    for path, name in (
        ("/", "day-with-cautions"),
        ("/?preset=milk-of-magnesia", "day-preset"),
        ("/supplements", "my-supplements"),
        ("/guidance", "guidance"),
        ("/foods/rich", "rich-foods"),
        ("/profile", "profile"),
    ):
        page.goto(path)
        page.screenshot(path=artifacts / f"phone-supplements-{name}.png", full_page=True)
        if not has_no_horizontal_scroll(page):
            too_wide.append(path)
    assert not too_wide, f"horizontal scroll on a {PHONE['width']}px phone: {too_wide}"


def test_log_a_rich_food_in_one_step(page: Page) -> None:
    register(page)
    page.goto("/foods/rich")
    seeds = page.get_by_role("row").filter(has_text="Seeds, pumpkin and squash seed kernels, dried")
    expect(seeds).to_contain_text("178 mg")
    expect(seeds).to_contain_text("Excellent source")
    seeds.get_by_role(
        "button",
        name="Log 30 g (about 1 oz) of Seeds, pumpkin and squash seed kernels, dried today",
    ).click()
    expect(page.locator(".flash-success")).to_contain_text("Added Seeds, pumpkin")
    expect(page.get_by_test_id("day-food-mg")).to_have_text("178")
