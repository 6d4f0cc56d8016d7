"""The password asked again, in a real Chromium: a share link made 16 minutes after logging in
(by keyboard only, the chosen dates and expiry kept), and "Download all my data" on a phone,
with screenshots to look at."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest

from tests.browser.clock import Clock, moved_clock
from tests.browser.support import PHONE
from tests.browser.ui import Page, expect, has_no_horizontal_scroll, misdirected_labels, register
from tests.helpers import PASSWORD


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return moved_clock(monkeypatch)


def test_a_share_link_after_16_minutes_by_keyboard(
    page: Page, clock: Clock, page_problems, artifacts: Path
) -> None:
    register(page)
    page.goto("/export")
    # Ticked, not applied with "Show these dates": the link is still for these 7 days.
    page.get_by_label("Last 7 days").check()
    page.get_by_label("30 days", exact=True).check()

    clock.later(16)
    page.get_by_role("button", name="Make a share link").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your password")
    expect(page.get_by_text("To make a share link, enter your password again.")).to_be_visible()
    password = page.get_by_label("Password")
    expect(password).to_be_focused()
    assert misdirected_labels(page) == []
    page.screenshot(path=str(artifacts / "confirm-password-desktop.png"), full_page=True)

    page_problems.allow("status of 400")  # the wrong password is sent back with its message
    page.keyboard.type("not my password")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("That is not your password.")
    expect(page.get_by_label("Password")).to_have_attribute("aria-invalid", "true")

    page.get_by_label("Password").focus()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    link_field = page.get_by_label(re.compile("^Link to your report"))
    expect(link_field).to_be_focused()
    expect(page.get_by_role("heading", level=1)).to_have_text("Export and share")
    row = page.get_by_test_id("share-links").locator("tbody tr")
    expect(row).to_have_count(1)
    # The dates ticked before the password was asked for: the last 7 days.
    chosen = row.locator("th").inner_text()
    first, last = (datetime.strptime(day, "%d %B %Y") for day in chosen.split(" to "))
    assert (last - first).days == 6, chosen
    expect(page.get_by_text(f"Link to your report ({chosen})")).to_be_visible()
    made, expires = row.locator("td").nth(0).inner_text(), row.locator("td").nth(1).inner_text()
    assert made != expires
    page.screenshot(path=str(artifacts / "confirm-password-share-made.png"), full_page=True)

    # Confirmed a moment ago: the next link is made at once.
    page.get_by_role("button", name="Make a share link").click()
    expect(page.get_by_label(re.compile("^Link to your report"))).to_be_visible()


def test_downloading_all_data_on_a_phone(page: Page, clock: Clock, artifacts: Path) -> None:
    register(page)
    page.set_viewport_size(PHONE)
    page.goto("/account/data")
    clock.later(20)
    page.get_by_role("link", name="Download all my data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your password")
    expect(
        page.get_by_text("To download all your data, enter your password again.")
    ).to_be_visible()
    assert has_no_horizontal_scroll(page)
    page.screenshot(path=str(artifacts / "confirm-password-phone.png"), full_page=True)

    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_download() as download:
        page.get_by_role("button", name="Confirm").click()
    data = json.loads(Path(download.value.path()).read_text())
    assert data["format"] == "magnesium-tracker-data"
    assert re.fullmatch(
        r"magnesium-tracker-data-\d{4}-\d{2}-\d{2}\.json", download.value.suggested_filename
    )
    # The page says it worked, with a way back; the form is not left on the screen.
    expect(page.get_by_role("heading", level=1)).to_have_text("Password confirmed")
    assert has_no_horizontal_scroll(page)
    page.screenshot(path=str(artifacts / "password-confirmed-phone.png"), full_page=True)
    page.get_by_role("link", name="Back to Your data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data")
