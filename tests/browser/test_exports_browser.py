"""Export and share in a real Chromium: download the CSV files and the PDF, make a share link
and open it as a visitor, revoke it, and delete the account, on a desktop and a phone, with
screenshots to look at."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from flask import Flask

from tests.browser.support import PHONE
from tests.browser.ui import (
    Page,
    add_food,
    duplicate_ids,
    expect,
    has_no_horizontal_scroll,
    misdirected_labels,
    register,
)
from tests.helpers import PASSWORD, food_id

ALMONDS = "12061"  # 1 oz (28.35 g): 75.978 mg


def _download(page: Page, button_name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=button_name, exact=True).click()
    return Path(info.value.path()).read_bytes()


def test_export_share_and_delete(
    page: Page, open_page, page_problems, app: Flask, artifacts: Path
) -> None:
    register(page)
    add_food(page, food_id(app, ALMONDS), "1 oz (23 whole kernels)", "2", "Snack")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Export").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Export and share")
    assert duplicate_ids(page) == []
    assert misdirected_labels(page) == []
    # The dates as ticked now apply to every download, without "Show these dates" first.
    expect(page.get_by_label("Last 30 days")).to_be_checked()
    page.get_by_label("Last 7 days").check()
    expect(page.get_by_test_id("downloads")).to_be_visible()

    entries = _download(page, "Download CSV").decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(entries)))
    assert (row["Item"], row["Magnesium (mg)"], row["Grams"]) == (
        "Nuts, almonds",
        "151.956",
        "56.7",
    )
    daily = list(
        csv.DictReader(
            io.StringIO(_download(page, "Download daily totals CSV").decode("utf-8-sig"))
        )
    )
    assert len(daily) == 7
    assert daily[-1]["Total magnesium (mg)"] == "152"
    assert _download(page, "Download PDF report").startswith(b"%PDF-")
    fhir = json.loads(_download(page, "Download for health records (FHIR)"))
    # The day's magnesium Observation (LOINC 81005-1); calcium has its own (81137-2).
    [observation] = [
        e["resource"]
        for e in fhir["entry"]
        if e["resource"]["code"]["coding"][0]["code"] == "81005-1"
    ]
    assert observation["valueQuantity"]["value"] == 152
    page.screenshot(path=str(artifacts / "export-desktop.png"), full_page=True)

    page.get_by_label("30 days", exact=True).check()
    page.get_by_role("button", name="Make a share link").click()
    link_field = page.get_by_label(re.compile("^Link to your report"))
    # Where the person is looking: at the top of the page, in view and focused.
    expect(link_field).to_be_in_viewport()
    expect(link_field).to_be_focused()
    url = link_field.input_value()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/share/[A-Za-z0-9_-]{43}", url)
    # The copy button appears only with JavaScript; the field works without it.
    expect(page.get_by_role("button", name="Copy link")).to_be_visible()
    page.screenshot(path=str(artifacts / "export-share-created.png"), full_page=True)

    visitor = open_page()
    visitor.goto(url)
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Magnesium intake report")
    expect(visitor.get_by_test_id("report-average-mg")).to_have_text("152")
    expect(visitor.get_by_role("navigation")).to_have_count(0)
    expect(visitor.get_by_role("img", name=re.compile(r"^Magnesium per day"))).to_be_visible()
    visitor.screenshot(path=str(artifacts / "share-report-desktop.png"), full_page=True)
    visitor.set_viewport_size(PHONE)
    visitor.reload()
    assert has_no_horizontal_scroll(visitor)
    visitor.screenshot(path=str(artifacts / "share-report-phone.png"), full_page=True)

    page.goto("/export")
    links = page.get_by_test_id("share-links")
    expect(links.locator("[data-col=status]")).to_have_text("Works")
    expect(links.locator("[data-col=last-access]")).not_to_have_text("never")
    page.set_viewport_size(PHONE)
    page.reload()
    assert has_no_horizontal_scroll(page)
    page.screenshot(path=str(artifacts / "export-phone.png"), full_page=True)
    links.get_by_role("button", name=re.compile("^Revoke")).click()
    expect(page.locator(".flash-success")).to_contain_text("The link is revoked")
    page_problems.allow("/share/")  # the revoked link answers 404, as it should
    visitor.reload()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("This link is no longer valid")
    visitor.screenshot(path=str(artifacts / "share-invalid-phone.png"), full_page=True)

    page.goto("/account/data")
    assert has_no_horizontal_scroll(page)
    assert misdirected_labels(page) == []
    page.screenshot(path=str(artifacts / "your-data-phone.png"), full_page=True)
    page.get_by_role("link", name="Delete my account").click()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label(re.compile("^I understand")).check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.locator(".flash-success")).to_contain_text("Your account and everything in it")
