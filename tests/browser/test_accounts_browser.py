"""Accounts in a real browser: a forgotten password reset through the .eml file the app writes
into instance/mail/, two-step login set up from the QR code page, the account pages by keyboard
and at 390 px, and axe-core on each of them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.account_helpers import Codes, eml_files, read_eml
from tests.browser.demo_pages import axe_available, axe_violations, describe, report
from tests.browser.support import DESKTOP, PHONE
from tests.browser.test_keyboard import tab_to
from tests.browser.ui import Page, expect, has_no_horizontal_scroll, new_email, register
from tests.helpers import PASSWORD
from tests.mail_server import Inbox

NEW_PASSWORD = "violet lantern by the river"


@pytest.fixture
def public_url(app: Flask, live_server: str) -> Iterator[str]:
    """The operator's TRACKER_PUBLIC_URL: where this app is served (the live server)."""
    saved = app.config["PUBLIC_URL"]
    app.config["PUBLIC_URL"] = live_server
    yield live_server
    app.config["PUBLIC_URL"] = saved


def _shoot(page: Page, artifacts: Path, name: str) -> None:
    """Desktop and 390 px screenshots of the page as it is; no sideways scrolling on a phone."""
    page.screenshot(path=str(artifacts / f"{name}-desktop.png"), full_page=True)
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    assert has_no_horizontal_scroll(page), name
    page.screenshot(path=str(artifacts / f"{name}-phone.png"), full_page=True)
    page.set_viewport_size(size or DESKTOP)


def _axe(page: Page, where: str, problems: list[str]) -> None:
    found = axe_violations(page)
    if found:
        problems.append(describe(where, found))


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.locator(".flash-success")).to_contain_text("You are logged out")


def _newest_mail_to(app: Flask, email: str, before: set[Path]) -> str:
    """The text of the newest .eml the app wrote to this address (it is written before the page
    answers, so it is there when the "Check your email" page shows)."""
    new = [path for path in eml_files(app) if path not in before]
    messages = [read_eml(path) for path in new]
    mine = [m for m in messages if m["To"] == email]
    assert mine, f"no message to {email} in {app.config['MAIL_FILE_PATH']}"
    return Inbox.text(mine[-1])


def test_a_forgotten_password_is_reset_from_the_emailed_link(
    page: Page, app: Flask, public_url: str, artifacts: Path, page_problems
) -> None:
    axe_available()
    problems: list[str] = []
    email = register(page)
    _log_out(page)

    page.get_by_role("link", name="Log in").first.click()
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forgot your password?")
    _axe(page, "/password/forgot", problems)
    _shoot(page, artifacts, "forgot-password")
    before = set(eml_files(app))
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Send reset link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    _axe(page, "check your email", problems)
    _shoot(page, artifacts, "check-email")

    text = _newest_mail_to(app, email, before)
    [link] = re.findall(r"http://\S+/password/reset/\S+", text)
    assert link.startswith(public_url)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    _axe(page, "/password/reset/<token>", problems)
    _shoot(page, artifacts, "reset-password")
    page_problems.allow("status of 400")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill("not the same")
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_role("alert")).to_contain_text("The two passwords do not match.")
    _axe(page, "/password/reset/<token> with errors", problems)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today, ")
    expect(page.locator(".flash-success")).to_contain_text("Your new password is set")

    # The link worked once; the old password no longer works, the new one does.
    page_problems.allow("status of 404")
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link is no longer valid")
    expect(page.get_by_role("link", name="Ask for a new link")).to_be_visible()
    _axe(page, "a used reset link", problems)
    _shoot(page, artifacts, "link-invalid")
    page.goto("/")
    _log_out(page)
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("do not match an account")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today, ")
    assert not problems, report(problems)


def test_two_step_login_from_the_qr_code_page(
    page: Page, app: Flask, artifacts: Path, monkeypatch, page_problems
) -> None:
    axe_available()
    problems: list[str] = []
    email = register(page)
    page.goto("/profile")
    page.get_by_role("link", name="Set up two-step login").click()
    _axe(page, "/account/two-step (off)", problems)
    page.get_by_role("link", name="Set up two-step login").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step login")
    qr = page.get_by_role("img", name=re.compile("^QR code of your two-step key"))
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box and box["width"] >= 150 and abs(box["width"] - box["height"]) < 2
    key = page.get_by_test_id("two-step-key").inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{32}", key)
    _axe(page, "/account/two-step/setup", problems)
    _shoot(page, artifacts, "two-step-setup")

    codes = Codes(key)
    page.get_by_label("Authentication code").fill(codes.next(monkeypatch))
    page.get_by_role("button", name="Turn on two-step login").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    recovery = page.get_by_test_id("recovery-codes").locator("code").all_inner_texts()
    assert len(recovery) == 10
    _axe(page, "recovery codes", problems)
    _shoot(page, artifacts, "recovery-codes")
    page.get_by_role("link", name="Done").click()
    expect(page.get_by_test_id("two-step-on")).to_contain_text("Recovery codes left: 10")
    _axe(page, "/account/two-step (on)", problems)
    _shoot(page, artifacts, "two-step-settings")
    _log_out(page)

    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step login")
    expect(page.get_by_label("Authentication code")).to_be_focused()
    _axe(page, "/login/two-step", problems)
    _shoot(page, artifacts, "login-two-step")
    page_problems.allow("status of 400")
    page.get_by_label("Authentication code").fill("000000")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    _axe(page, "/login/two-step with an error", problems)
    page.get_by_label("Authentication code").fill(codes.next(monkeypatch))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today, ")
    assert not problems, report(problems)


def test_the_account_pages_by_keyboard_and_on_a_phone(
    page: Page, app: Flask, artifacts: Path, page_problems
) -> None:
    axe_available()
    problems: list[str] = []
    register(page)
    for path, name in (
        ("/account/password", "change-password"),
        ("/account/email", "change-email"),
        ("/account/delete", "delete-account"),
        ("/profile", "profile-account"),
    ):
        page.goto(path)
        _axe(page, path, problems)
        _shoot(page, artifacts, name)

    # Change the password with the keyboard only: Tab to each field, type, Enter.
    page.goto("/account/password")
    tab_to(page, lambda f: f["label"] == "Current password")
    page.keyboard.type(PASSWORD)
    tab_to(page, lambda f: f["label"] == "New password")
    page.keyboard.type(NEW_PASSWORD)
    tab_to(page, lambda f: f["label"] == "Confirm new password")
    page.keyboard.type(NEW_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator(".flash-success")).to_contain_text("Your password is changed")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")

    # The new-email form by keyboard: a wrong password is explained next to the field.
    page_problems.allow("status of 400")
    page.goto("/account/email")
    tab_to(page, lambda f: f["label"] == "New email")
    page.keyboard.type(new_email())
    tab_to(page, lambda f: f["label"] == "Current password")
    page.keyboard.type(PASSWORD)  # the old one
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("That is not your current password.")
    _axe(page, "/account/email with errors", problems)
    _shoot(page, artifacts, "change-email-error")
    tab_to(page, lambda f: f["label"] == "Current password")
    page.keyboard.type(NEW_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator(".flash-success")).to_contain_text("We sent a link to")
    assert not problems, report(problems)
