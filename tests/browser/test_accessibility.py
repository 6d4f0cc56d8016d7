"""axe-core (npm, used by the tests only) on every page in each state that matters, in light and
dark: any violation of impact serious or critical fails, listed rule by rule and element by
element. Also: text equivalents for the progress bar and the charts."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from flask import Flask

from tests.browser.clock import moved_clock
from tests.browser.demo_pages import (
    VISITOR_PAGES,
    axe_available,
    axe_violations,
    describe,
    log_in,
    make_demo,
    member_pages,
    report,
)
from tests.browser.support import DESKTOP
from tests.browser.ui import Page, add_food, expect, register, search_box
from tests.helpers import PASSWORD, food_id

SPINACH_RAW = "11457"
LOOKS = {"light": {"viewport": DESKTOP}, "dark": {"viewport": DESKTOP, "color_scheme": "dark"}}


def _check(page: Page, where: str, problems: list[str]) -> None:
    found = axe_violations(page)
    if found:
        problems.append(describe(where, found))


def _walk(page: Page, paths: list[str], look: str, problems: list[str]) -> None:
    for path in paths:
        page.goto(path)
        _check(page, f"{path} ({look})", problems)


def test_axe_pages_for_visitors(open_page: Callable[..., Page], page_problems) -> None:
    axe_available()
    page_problems.allow("404 (NOT FOUND)")
    page_problems.allow("status of 404")
    problems: list[str] = []
    for look, options in LOOKS.items():
        page = open_page(**options)
        _walk(page, VISITOR_PAGES, look, problems)
        # A form sent back with errors (HTTP 400): messages, aria-invalid, the summary.
        page_problems.allow("status of 400")
        page.goto("/register")
        page.get_by_role("button", name="Create account").click()
        expect(page.get_by_role("alert")).to_be_visible()
        _check(page, f"/register with errors ({look})", problems)
    assert not problems, report(problems)


def test_axe_new_account_empty_pages(open_page: Callable[..., Page], page_problems) -> None:
    axe_available()
    page_problems.allow("status of 404")
    page_problems.allow("404 (NOT FOUND)")
    page = open_page()
    register(page)
    empty = [
        "/",
        "/week",
        "/month",
        "/profile",
        "/foods/mine",
        "/recipes",
        "/recipes/new",
        "/supplements",
        "/regimen",
        "/export",
    ]
    problems: list[str] = []
    state = page.context.storage_state()
    for look, options in LOOKS.items():
        looker = open_page(**options, storage_state=state)
        _walk(looker, empty, look, problems)
    assert not problems, report(problems)


def test_axe_pages_with_four_weeks_of_data(
    open_page: Callable[..., Page], app: Flask, page_problems
) -> None:
    axe_available()
    page_problems.allow("status of 404")
    page_problems.allow("404 (NOT FOUND)")
    page_problems.allow("status of 400")
    demo = make_demo(app)
    paths = member_pages(demo, food_id(app, SPINACH_RAW))
    page = open_page()
    log_in(page, demo.email)
    state = page.context.storage_state()
    problems: list[str] = []
    for look, options in LOOKS.items():
        looker = open_page(**options, storage_state=state)
        _walk(looker, paths, look, problems)

        # The day page's states after actions: a form error, a deletion with its Undo button,
        # the food search's suggestions open.
        looker.goto(f"/?food={food_id(app, SPINACH_RAW)}")
        looker.locator("#entry-form").get_by_label("Quantity").fill("lots")
        looker.get_by_role("button", name="Add", exact=True).click()
        expect(looker.get_by_role("alert")).to_be_visible()
        _check(looker, f"day page with a form error ({look})", problems)

        looker.goto(f"/day/{demo.conflict_day}")
        looker.locator("table.entries").get_by_role(
            "button", name=re.compile("^Delete")
        ).first.click()
        expect(looker.get_by_role("button", name=re.compile("^Undo"))).to_be_visible()
        _check(looker, f"day page after a deletion, Undo offered ({look})", problems)
        looker.get_by_role("button", name=re.compile("^Undo")).click()
        expect(looker.locator(".flash-success")).to_contain_text("Restored ")

        looker.goto("/")
        search_box(looker).press_sequentially("almonds", delay=20)
        expect(looker.get_by_role("listbox", name="Matching foods")).to_be_visible()
        looker.keyboard.press("ArrowDown")
        _check(looker, f"day page with suggestions open ({look})", problems)

        # The logging flow (issue 11): an amount read, a food chosen with its preview, the
        # confirmation with Undo at the Add form, the usual foods, a medicine suggested.
        search = looker.get_by_label("Search foods")
        search.fill("2 large eggs")
        options = looker.get_by_role("listbox", name="Matching foods").get_by_role("option")
        expect(looker.locator("#food-search-note")).to_contain_text("Amount read")
        _check(looker, f"day page with an amount read ({look})", problems)
        options.first.click()
        expect(looker.get_by_test_id("entry-preview-mg")).to_have_text("12 mg")
        _check(looker, f"day page with a preview before Add ({look})", problems)
        looker.get_by_role("button", name="Add", exact=True).click()
        expect(looker.locator("#flashes-add")).to_contain_text("Added ")
        _check(looker, f"day page after Add, Undo offered ({look})", problems)
        looker.goto("/")
        looker.get_by_label("Search foods").click()
        expect(options.filter(has_text="Recent").first).to_be_visible()
        _check(looker, f"day page with the usual foods offered ({look})", problems)
        looker.get_by_label("Search foods").fill("milk of magnesia")
        expect(options.filter(has_text="Medicine")).to_have_count(1)
        _check(looker, f"day page with a medicine suggested ({look})", problems)
    assert not problems, report(problems)


def test_axe_confirm_your_password(
    open_page: Callable[..., Page], page_problems, monkeypatch
) -> None:
    """The password asked again: for a download (GET), with a wrong password, once confirmed,
    and for a share link (a POST, the choices carried in the form)."""
    axe_available()
    page_problems.allow("status of 400")
    clock = moved_clock(monkeypatch)
    page = open_page()
    register(page)
    state = page.context.storage_state()
    problems: list[str] = []
    for look, options in LOOKS.items():
        looker = open_page(**options, storage_state=state)
        clock.later(20)
        looker.goto("/account/data")
        looker.get_by_role("link", name="Download all my data").click()
        expect(looker.get_by_role("heading", level=1)).to_have_text("Confirm your password")
        _check(looker, f"confirm your password ({look})", problems)
        looker.get_by_label("Password").fill("not my password")
        looker.get_by_role("button", name="Confirm").click()
        expect(looker.get_by_role("alert")).to_be_visible()
        _check(looker, f"confirm your password, wrong ({look})", problems)
        looker.get_by_label("Password").fill(PASSWORD)
        with looker.expect_download():
            looker.get_by_role("button", name="Confirm").click()
        expect(looker.get_by_role("heading", level=1)).to_have_text("Password confirmed")
        _check(looker, f"password confirmed ({look})", problems)
        clock.later(20)
        looker.goto("/export")
        looker.get_by_role("button", name="Make a share link").click()
        expect(looker.get_by_text("Once you confirm, the link is made")).to_be_visible()
        _check(looker, f"confirm your password for a share link ({look})", problems)
    assert not problems, report(problems)


def test_progress_bar_and_charts_have_text_equivalents(page: Page, app: Flask) -> None:
    register(page)
    add_food(page, food_id(app, SPINACH_RAW), "1 cup", "2")  # 47.4 mg of the 420 mg DV: 11%
    meter = page.get_by_role("progressbar", name=re.compile("^Magnesium"))
    expect(meter).to_have_accessible_name("Magnesium 47 of 420 mg, 11%")
    page.goto("/week")
    chart = page.get_by_role("img", name=re.compile(r"^Magnesium per day, week of "))
    expect(chart).to_be_visible()
    # Every chart has its numbers in a table beside it, for screen readers and for print.
    expect(page.locator("#week-table")).to_contain_text("47 mg")


def test_axe_my_regimen_and_the_planned_doses(
    open_page: Callable[..., Page], page_problems
) -> None:
    """A schedule with its planning-time caution, the form with errors, the day's planned
    doses before and after Taken and Skipped, and the week's adherence table."""
    axe_available()
    page_problems.allow("status of 400")
    page = open_page()
    register(page)
    day = date.fromisoformat(
        page.get_by_role("link", name=re.compile("Previous day")).get_attribute("href")[-10:]
    )
    # A supplement logged once is in My supplements, to plan against the alendronate.
    page.goto(f"/day/{(day - timedelta(days=1)).isoformat()}")
    supplement = page.locator("form.supplement-form")
    supplement.get_by_label("Supplement or medicine name").fill("Magnesium citrate")
    supplement.get_by_label("Magnesium per unit (mg)").fill("100")
    supplement.get_by_label("Units taken").fill("1")
    supplement.get_by_role("button", name="Add supplement").click()
    expect(page.locator(".flash-success")).to_have_text("Added Magnesium citrate.")
    form = page.locator("form.schedule-form")
    page.goto("/regimen")
    for item, at in (("Alendronate", "07:00"), ("Magnesium citrate", "07:30")):
        form.get_by_label("Supplement or medicine").select_option(label=item)
        form.get_by_label("Time", exact=True).fill(at)
        form.get_by_label("Start date").fill(day.isoformat())
        form.get_by_role("button", name="Save schedule").click()
        expect(page.locator(".flash-success")).to_contain_text(f"Saved the schedule for {item}")
    problems: list[str] = []
    state = page.context.storage_state()
    for look, options in LOOKS.items():
        looker = open_page(**options, storage_state=state)
        looker.goto("/regimen")
        expect(looker.get_by_test_id("planned-caution")).to_have_count(2)
        _check(looker, f"/regimen with schedules and a timing caution ({look})", problems)
        looker.locator("form.schedule-form").get_by_role("button", name="Save schedule").click()
        expect(looker.get_by_role("alert")).to_be_visible()
        _check(looker, f"/regimen with form errors ({look})", problems)
        looker.goto(f"/day/{day.isoformat()}")
        expect(looker.get_by_test_id("planned-doses")).to_be_visible()
        _check(looker, f"day with planned doses ({look})", problems)
        looker.get_by_role("button", name="Taken Alendronate at 07:00").click()
        expect(looker.locator(".flash-success")).to_be_visible()
        looker.get_by_role("button", name="Skipped Magnesium citrate at 07:30").click()
        expect(looker.locator(".flash-success")).to_contain_text("as skipped")
        _check(looker, f"day with doses taken and skipped ({look})", problems)
        looker.goto(f"/week/{day.isoformat()}")
        expect(looker.get_by_test_id("adherence")).to_be_visible()
        _check(looker, f"week with adherence ({look})", problems)
        for name in (
            "Undo Alendronate at 07:00, marked taken",
            "Undo Magnesium citrate at 07:30, marked skipped",
        ):
            looker.goto(f"/day/{day.isoformat()}")
            looker.get_by_role("button", name=name).click()
            expect(looker.locator(".flash-success")).to_contain_text("no longer marked")
    assert not problems, report(problems)


def test_axe_the_recipe_editor_with_results_rows_and_errors(
    open_page: Callable[..., Page], page_problems
) -> None:
    axe_available()
    page_problems.allow("status of 400")
    problems: list[str] = []
    for look, options in LOOKS.items():
        page = open_page(**options)
        register(page)
        page.goto("/recipes/new")
        page.get_by_label("Add an ingredient").fill("1 cup cooked oatmeal")
        page.get_by_role("button", name="Find", exact=True).click()
        # Find reloads the page: wait for its results, or axe reads a page half loaded.
        expect(page.locator("#ingredient-results button[name=add]").first).to_be_visible()
        _check(page, f"/recipes/new with results ({look})", problems)
        page.locator("#ingredient-results button[name=add]").first.click()
        expect(page.get_by_test_id("ingredient-row")).to_have_count(1)
        page.get_by_role("button", name="Save recipe").click()  # no name: an error
        expect(page.get_by_role("alert")).to_be_visible()
        _check(page, f"/recipes/new with a row and an error ({look})", problems)
        page.get_by_label("Recipe name").fill("Oats")
        page.get_by_role("button", name="Save recipe").click()
        expect(page.get_by_test_id("recipe-list")).to_be_visible()
        _check(page, f"/recipes with a recipe ({look})", problems)
    assert not problems, report(problems)
