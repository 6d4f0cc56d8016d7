"""My regimen in a real Chromium: alendronate on Mondays at 07:00 and magnesium glycinate every
day at 07:30 show the spacing caution while planning; on a Monday's page both planned doses
show, "Taken" on each logs it, and the day's spacing caution appears as for doses logged by
hand. Also on a 390 px phone, with the keyboard alone, and the form's parts for each schedule."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from tests.browser.support import PHONE
from tests.browser.ui import Page, expect, has_no_horizontal_scroll, register

PHONE_LOOK = {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def _today(page: Page) -> date:
    # The page's own heading names today in the account's zone ("Today, Tuesday 1 ...").
    page.goto("/")
    link = page.get_by_role("link", name=re.compile("Previous day")).get_attribute("href")
    return date.fromisoformat(link.rsplit("/", 1)[1]) + timedelta(days=1)


def _last_weeks_monday(today: date) -> date:
    return today - timedelta(days=today.weekday() + 7)


def _save_supplement(page: Page, day: date) -> None:
    """Log magnesium glycinate once (so it is in My supplements), the day before the plan."""
    page.goto(f"/day/{day.isoformat()}")
    disclosure = page.locator("details.add-supplement")
    if disclosure.get_attribute("open") is None:
        disclosure.locator("summary").click()
    form = page.locator("form.supplement-form")
    form.get_by_label("Supplement or medicine name").fill("Magnesium glycinate")
    form.get_by_label("Form").select_option(label="Glycinate / bisglycinate")
    form.get_by_label("Magnesium per unit (mg)").fill("120")
    form.get_by_label("Units taken").fill("1")
    form.get_by_label("Time taken").fill("21:00")
    form.get_by_role("button", name="Add supplement").click()
    expect(page.locator(".flash-success")).to_have_text("Added Magnesium glycinate.")


def _schedule(page: Page, item: str, start: date, at: str, monday_only: bool = False) -> None:
    form = page.locator("form.schedule-form")
    form.get_by_label("Supplement or medicine").select_option(label=item)
    if monday_only:
        form.get_by_label("On chosen days of the week").check()
        form.get_by_role("group", name="Days").get_by_label("Monday").check()
    else:
        form.get_by_label("Every day").check()
    form.get_by_label("Time", exact=True).fill(at)
    form.get_by_label("Units").fill("1")
    form.get_by_label("Start date").fill(start.isoformat())
    form.get_by_role("button", name="Save schedule").click()
    expect(page.locator(".flash-success")).to_contain_text(f"Saved the schedule for {item}.")


def _plan_the_two(page: Page) -> date:
    """Register, save the supplement, plan both; return last week's Monday."""
    register(page)
    monday = _last_weeks_monday(_today(page))
    start = monday - timedelta(days=7)
    _save_supplement(page, start - timedelta(days=1))
    # The way there from the day, in its supplements section.
    page.get_by_test_id("regimen-link").get_by_role(
        "link", name="plan it once in My regimen"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My regimen")
    _schedule(page, "Alendronate", start, "07:00", monday_only=True)
    expect(page.get_by_test_id("planned-caution")).to_have_count(0)
    _schedule(page, "Magnesium glycinate", start, "07:30")
    return monday


def test_plan_see_the_clash_then_take_both_on_a_monday(page: Page, artifacts: Path) -> None:
    monday = _plan_the_two(page)
    # The caution, while planning: on both schedules, in the day page's words.
    cautions = page.get_by_test_id("planned-caution")
    expect(cautions).to_have_count(2)
    card = page.get_by_test_id("schedule").filter(
        has=page.get_by_role("heading", name="Magnesium glycinate", exact=True)
    )
    caution = card.get_by_test_id("planned-caution")
    expect(caution.get_by_role("heading")).to_have_text("Timing: “Alendronate” and magnesium")
    expect(caution).to_contain_text(
        "On Mondays: “Alendronate” (07:00) and “Magnesium glycinate” (07:30) would be taken "
        "30 minutes apart."
    )
    expect(caution).to_contain_text("at least 2 hours apart")
    expect(caution.get_by_role("link", name="NIH Office of Dietary Supplements")).to_be_visible()
    expect(card.get_by_test_id("schedule-plan")).to_have_text("Every day at 07:30")
    page.screenshot(path=artifacts / "regimen-with-caution.png", full_page=True)

    page.goto(f"/day/{monday.isoformat()}")
    planned = page.get_by_test_id("planned-doses")
    expect(planned.get_by_test_id("planned-dose")).to_have_count(2)
    expect(planned.get_by_test_id("planned-dose").nth(0)).to_contain_text("07:00 Alendronate")
    expect(planned.get_by_test_id("planned-dose").nth(1)).to_contain_text(
        "07:30 Magnesium glycinate"
    )
    expect(page.get_by_test_id("unconfirmed-planned")).to_contain_text(
        "2 planned doses not yet confirmed"
    )
    expect(page.get_by_test_id("day-supplemental-mg")).to_have_text("0")
    expect(page.get_by_test_id("caution-spacing")).to_have_count(0)
    page.screenshot(path=artifacts / "day-planned-doses.png", full_page=True)

    planned.get_by_role("button", name="Taken Alendronate at 07:00").click()
    expect(page.locator(".flash-success")).to_have_text(
        "Logged Alendronate at 07:00: marked as taken."
    )
    expect(page.get_by_test_id("unconfirmed-planned")).to_contain_text(
        "1 planned dose not yet confirmed"
    )
    page.get_by_role("button", name="Taken Magnesium glycinate at 07:30").click()
    expect(page.locator(".flash-success")).to_have_text(
        "Logged Magnesium glycinate at 07:30: marked as taken."
    )
    expect(page.get_by_test_id("unconfirmed-planned")).to_have_count(0)
    expect(page.get_by_test_id("day-supplemental-mg")).to_have_text("120")
    # As for doses logged by hand: the same caution, with the logged times.
    spacing = page.get_by_test_id("caution-spacing")
    expect(spacing).to_have_count(1)
    expect(spacing).to_contain_text(
        "“Alendronate” (07:00) and “Magnesium glycinate” (07:30) were logged 30 minutes apart"
    )
    expect(page.locator("table.supplement-entries")).to_contain_text("07:30")
    expect(page.locator("table.medicine-doses")).to_contain_text("Alendronate")
    expect(planned.get_by_text("✓ Taken")).to_have_count(2)
    page.screenshot(path=artifacts / "day-planned-doses-taken.png", full_page=True)

    # The week counts them.
    page.goto(f"/week/{monday.isoformat()}")
    adherence = page.get_by_test_id("adherence")
    expect(adherence.get_by_role("row", name=re.compile("^Alendronate"))).to_contain_text("1")
    page.screenshot(path=artifacts / "week-adherence.png", full_page=True)


def test_the_form_shows_only_what_the_chosen_schedule_uses(page: Page) -> None:
    register(page)
    page.goto("/regimen")
    form = page.locator("form.schedule-form")
    days = form.get_by_role("group", name="Days")
    every = form.get_by_label("Every how many days")
    expect(days).to_be_hidden()
    expect(every).to_be_hidden()
    form.get_by_label("On chosen days of the week").check()
    expect(days).to_be_visible()
    form.get_by_label("Every few days").check()
    expect(every).to_be_visible()
    expect(days).to_be_hidden()
    form.get_by_label("As needed").check()
    expect(form.get_by_label("Time", exact=True)).to_be_hidden()
    # The typed name is for an "Other …" medicine only.
    name = form.get_by_label("Name, if it is not listed (optional)")
    expect(name).to_be_hidden()
    form.get_by_label("Supplement or medicine").select_option(label="Alendronate")
    expect(name).to_be_hidden()
    form.get_by_label("Supplement or medicine").select_option(label="Other bisphosphonate")
    expect(name).to_be_visible()
    name.fill("Zoledronate")
    form.get_by_label("Supplement or medicine").select_option(label="Alendronate")
    expect(name).to_be_visible()  # what was typed is never hidden away


def test_bad_input_in_the_browser(page: Page, page_problems) -> None:
    page_problems.allow("status of 400")
    register(page)
    page.goto("/regimen")
    form = page.locator("form.schedule-form")
    form.get_by_label("Supplement or medicine").select_option(label="Alendronate")
    form.get_by_label("On chosen days of the week").check()
    form.get_by_label("Time", exact=True).fill("07:00")
    form.get_by_label("Units").fill("0")
    form.get_by_role("button", name="Save schedule").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Choose at least one day of the week.")
    expect(page.get_by_test_id("schedule")).to_have_count(0)
    # The answer keeps what was typed, and the Days stay open for the correction.
    expect(page.locator("form.schedule-form").get_by_role("group", name="Days")).to_be_visible()


def test_a_phone_fits_the_regimen_and_the_planned_doses(
    open_page: Callable[..., Page], artifacts: Path
) -> None:
    page = open_page(**PHONE_LOOK)
    monday = _plan_the_two(page)
    too_wide = []
    for path, name in (
        ("/regimen", "regimen"),
        (f"/day/{monday.isoformat()}", "day-planned"),
        (f"/week/{monday.isoformat()}", "week-adherence"),
    ):
        page.goto(path)
        page.screenshot(path=artifacts / f"phone-{name}.png", full_page=True)
        if not has_no_horizontal_scroll(page):
            too_wide.append(path)
    assert not too_wide
    page.goto("/regimen")
    page.get_by_test_id("schedule").first.screenshot(path=artifacts / "phone-regimen-card.png")
    page.locator("form.schedule-form").screenshot(path=artifacts / "phone-regimen-form.png")
    page.goto(f"/day/{monday.isoformat()}")
    page.get_by_test_id("planned-doses").screenshot(path=artifacts / "phone-planned-doses.png")
    taken = page.get_by_role("button", name="Taken Alendronate at 07:00")
    box = taken.bounding_box()
    assert box is not None and box["height"] >= 44  # a finger-sized target
    taken.tap()
    expect(page.locator(".flash-success")).to_contain_text("Logged Alendronate at 07:00")
    expect(page.locator(".flash-success")).to_be_in_viewport()


def _tab_to(page: Page, target, most: int = 20) -> None:
    """Press Tab until `target` has the focus (failing after `most` presses)."""
    for _ in range(most):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    expect(target).to_be_focused()


def test_plan_and_take_with_the_keyboard_alone(page: Page) -> None:
    register(page)
    monday = _last_weeks_monday(_today(page))
    page.goto("/regimen")
    form = page.locator("form.schedule-form")
    _tab_to(page, form.get_by_label("Supplement or medicine"))
    # A closed select changes with the arrow keys: down to Doxycycline, wherever the list has it.
    item = form.get_by_label("Supplement or medicine")
    for _ in range(len(item.locator("option").all())):
        if item.input_value() == "medicine-doxycycline":
            break
        page.keyboard.press("ArrowDown")
    expect(item).to_have_value("medicine-doxycycline")
    _tab_to(page, form.get_by_label("Every day"), most=3)
    page.keyboard.press("ArrowDown")
    expect(form.get_by_label("On chosen days of the week")).to_be_checked()
    page.keyboard.press("Tab")
    expect(form.get_by_role("group", name="Days").get_by_label("Monday")).to_be_focused()
    page.keyboard.press("Space")
    # The hidden "Every how many days" is not in the way: on through the days to the time.
    _tab_to(page, form.get_by_label("Time", exact=True), most=8)
    page.keyboard.type("0800A")  # hours, minutes, AM: this Chromium shows a 12-hour field
    _tab_to(page, form.get_by_label("Start date"), most=30)  # through each time's parts
    page.keyboard.type(f"{monday:%m%d%Y}")
    _tab_to(page, form.get_by_role("button", name="Save schedule"), most=12)
    page.keyboard.press("Enter")
    expect(page.locator(".flash-success")).to_contain_text("Saved the schedule for Doxycycline.")
    expect(page.get_by_test_id("schedule-plan")).to_have_text("Mondays at 08:00")

    page.goto(f"/day/{monday.isoformat()}")
    taken = page.get_by_role("button", name="Taken Doxycycline at 08:00")
    _tab_to(page, taken, most=60)
    page.keyboard.press("Enter")
    expect(page.locator(".flash-success")).to_have_text(
        "Logged Doxycycline at 08:00: marked as taken."
    )
    # The confirmation has the focus (feedback.js), so the next Tab goes on from there.
    expect(page.locator(".flashes[data-section='supplements']")).to_be_focused()
    page.keyboard.press("Tab")
    expect(
        page.get_by_role("link", name=re.compile("Edit the logged dose of Doxycycline"))
    ).to_be_focused()
