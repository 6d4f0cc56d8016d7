"""A 390 x 844 phone: no page scrolls sideways (every GET route of the app, for a visitor and
for a user with four weeks of data), and a food is logged end to end with touch."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Flask

from tests.browser.demo_pages import VISITOR_PAGES, log_in, make_demo, member_pages
from tests.browser.support import PHONE
from tests.browser.ui import (
    Page,
    choose_portion,
    entry_rows,
    expect,
    has_no_horizontal_scroll,
    register,
    search_box,
)
from tests.helpers import food_id
from tests.routes import app_rules, build_for
from tracker.extensions import db
from tracker.models import User

PHONE_LOOK = {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
SPINACH_RAW = "11457"


def _route_pages(app: Flask, owner_email: str) -> list[str]:
    """Every GET route of the app, built with real objects of the owner (tests/routes.py)."""
    with app.app_context():
        owner = db.session.execute(db.select(User).filter_by(email=owner_email)).scalar_one()
        db.session.expunge(owner)
    paths = []
    for rule in app_rules(app):
        if "GET" in (rule.methods or ()):
            url, _ = build_for(app, rule, owner)
            paths.append(url)
    return paths


def _too_wide(page: Page, paths: list[str], shots: Path | None = None) -> list[str]:
    found = []
    for path in dict.fromkeys(paths):
        answer = page.context.request.get(path)
        if not answer.headers.get("content-type", "").startswith("text/html"):
            continue  # downloads (CSV, PDF, JSON) and the search API
        page.goto(path)
        if not has_no_horizontal_scroll(page):
            width = page.evaluate("document.documentElement.scrollWidth")
            found.append(f"{path}: {width}px wide")
            if shots is not None:
                name = path.strip("/").replace("/", "-").replace("?", "-") or "today"
                page.screenshot(path=shots / f"too-wide-{name}.png", full_page=True)
    return found


def test_no_page_scrolls_sideways_on_a_phone(
    open_page: Callable[..., Page], app: Flask, page_problems, artifacts: Path
) -> None:
    page_problems.allow("status of 404")
    page_problems.allow("404 (NOT FOUND)")
    demo = make_demo(app)
    visitor = open_page(**PHONE_LOOK)
    too_wide = _too_wide(visitor, VISITOR_PAGES, artifacts)

    member = open_page(**PHONE_LOOK)
    log_in(member, demo.email)
    paths = member_pages(demo, food_id(app, SPINACH_RAW)) + _route_pages(app, demo.email)
    assert len(paths) > 30
    too_wide += _too_wide(member, paths, artifacts)
    assert not too_wide, f"pages wider than a {PHONE['width']}px phone: {too_wide}"


def test_log_a_food_on_a_phone(open_page: Callable[..., Page], artifacts: Path) -> None:
    page = open_page(**PHONE_LOOK)
    register(page)
    # The add-a-food search is within the first screen, right under the day's total.
    search = search_box(page)
    expect(search).to_be_in_viewport()
    search.tap()
    search.press_sequentially("almonds", delay=20)
    listbox = page.get_by_role("listbox", name="Matching foods")
    expect(listbox).to_be_visible()
    listbox.get_by_role("option").filter(has=page.get_by_text("Nuts, almonds", exact=True)).tap()
    choose_portion(page, "1 oz (23 whole kernels)")
    page.get_by_label("Quantity").fill("2")
    page.locator("#entry-form").get_by_label("Meal").select_option(label="Snack")
    page.get_by_role("button", name="Add", exact=True).tap()

    # 2 × 28.35 g × 268 mg / 100 g = 151.956 mg; the confirmation is on screen.
    flash = page.locator(".flash-success")
    expect(flash).to_have_text("Added Nuts, almonds: 2 × 1 oz (23 whole kernels) = 56.7 g, 152 mg.")
    expect(flash).to_be_in_viewport()
    expect(page.get_by_test_id("day-total-mg")).to_have_text("152")
    expect(entry_rows(page)).to_contain_text("2 × 1 oz (23 whole kernels)")
    page.screenshot(path=artifacts / "phone-after-adding-a-food.png")
    assert has_no_horizontal_scroll(page)
