"""Import from Cronometer in a real Chromium: choose servings.csv on "Your data", read the
preview, press Import, and find the entries and their total on the day page; on a desktop
and a phone, axe-core clean, with screenshots to look at."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.browser.demo_pages import axe_available, axe_violations
from tests.browser.support import PHONE
from tests.browser.ui import (
    Page,
    duplicate_ids,
    expect,
    has_no_horizontal_scroll,
    misdirected_labels,
    register,
)
from tests.cronometer_files import BANANA, TYPICAL_ROWS, servings_csv

UPLOAD_LABEL = "Cronometer export (servings.csv)"


def _check_page(page: Page, where: str) -> None:
    assert duplicate_ids(page) == [], where
    assert misdirected_labels(page) == [], where
    assert has_no_horizontal_scroll(page), where
    assert axe_violations(page) == [], where


def _choose_and_preview(page: Page, file: Path) -> None:
    page.goto("/account/data")
    expect(page.get_by_role("heading", name="Import from Cronometer")).to_be_visible()
    page.get_by_label(UPLOAD_LABEL).set_input_files(str(file))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import from Cronometer")


def test_import_from_cronometer_to_the_day_page(
    open_page: Callable[..., Page], artifacts: Path, tmp_path: Path
) -> None:
    axe_available()
    file = tmp_path / "servings.csv"
    skipped = {**BANANA, "Day": "03/01/2024"}
    file.write_bytes(servings_csv([*TYPICAL_ROWS, skipped]))
    page = open_page()
    register(page)

    _choose_and_preview(page, file)
    expect(page.get_by_test_id("preview-entries")).to_have_text("5 entries over 2 days")
    expect(page.get_by_test_id("preview-first-day")).to_have_text("Friday 1 March 2024")
    expect(page.get_by_test_id("preview-last-day")).to_have_text("Saturday 2 March 2024")
    expect(page.get_by_test_id("preview-skipped")).to_contain_text(
        "1 row: the day “03/01/2024” is not a date in the form YYYY-MM-DD (row 7)"
    )
    expect(page.get_by_test_id("preview-groups")).to_contain_text("Supper")
    _check_page(page, "preview, desktop")
    page.screenshot(path=str(artifacts / "cronometer-preview-desktop.png"), full_page=True)

    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2 March 2024")
    expect(page.get_by_text("Imported 5 entries from Cronometer")).to_be_visible()
    expect(page.get_by_test_id("day-total-mg")).to_have_text("197")  # 76.55 + 120
    expect(page.locator(".imported-tag")).to_have_count(3)
    expect(page.locator(".item-name", has_text="Magnesium Glycinate 120 mg")).to_be_visible()
    _check_page(page, "day page after the import")
    page.screenshot(path=str(artifacts / "cronometer-day-desktop.png"), full_page=True)

    # An entry without grams keeps its amount and magnesium when its meal is changed.
    page.get_by_role("link", name="Edit Grandma's lentil soup").click()
    expect(page.get_by_test_id("kept-amount")).to_contain_text("Amount: 1.5 bowl")
    _check_page(page, "edit an entry without grams")
    page.get_by_label("Meal").select_option("Lunch")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("meal-mg-lunch")).to_be_visible()
    expect(page.get_by_test_id("day-total-mg")).to_have_text("197")

    page.get_by_role("link", name="Previous day").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("1 March 2024")
    expect(page.get_by_test_id("day-total-mg")).to_have_text("188")  # 31.86 + 156.6
    expect(page.get_by_role("cell", name="1 medium banana (118 g)")).to_be_visible()

    # The same file again: nothing new, and no Import button to press.
    _choose_and_preview(page, file)
    expect(page.get_by_test_id("preview-new")).to_have_text(
        "Nothing new: every entry of this file is in your log already."
    )
    expect(page.get_by_role("button", name="Import", exact=True)).to_have_count(0)


def test_the_import_pages_on_a_phone(
    open_page: Callable[..., Page], page_problems, artifacts: Path, tmp_path: Path
) -> None:
    axe_available()
    page_problems.allow("status of 400")  # the wrong file's page, as it should be
    file = tmp_path / "servings.csv"
    file.write_bytes(servings_csv())
    page = open_page(viewport=PHONE)
    register(page)
    page.goto("/account/data")
    page.get_by_text("How to export from Cronometer").click()
    _check_page(page, "your data, phone")
    page.get_by_role("heading", name="Import from Cronometer").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "cronometer-your-data-phone.png"), full_page=True)

    # A wrong file: the message is on the form, nothing else changes.
    wrong = tmp_path / "dailysummary.csv"
    wrong.write_text("Date,Energy (kcal),Magnesium (mg)\r\n2024-03-01,1800,310\r\n")
    page.get_by_label(UPLOAD_LABEL).set_input_files(str(wrong))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.locator("#cronometer-file-error")).to_contain_text(
        "This file has daily totals only; export Food & Recipe Entries"
    )
    _check_page(page, "wrong file, phone")

    _choose_and_preview(page, file)
    _check_page(page, "preview, phone")
    page.screenshot(path=str(artifacts / "cronometer-preview-phone.png"), full_page=True)
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_test_id("day-total-mg")).to_have_text("197")
    _check_page(page, "day page, phone")
    page.screenshot(path=str(artifacts / "cronometer-day-phone.png"), full_page=True)
