"""My regimen through the real stack: planning (with the spacing check), the day's planned
doses (Taken, Skipped, Undo), totals that count only what was taken, edits that never rewrite
history, adherence on the week and month pages and in the report, the data file, bad input
and other people's schedules."""

from __future__ import annotations

import html
import io
import json
import re
from datetime import date, time, timedelta

import pytest
from pypdf import PdfReader

from tests.helpers import add_supplement, login, make_user
from tests.routes import snapshot
from tracker.extensions import db
from tracker.localtime import local_today
from tracker.models import (
    DoseConfirmation,
    MedicineDose,
    Schedule,
    SchedulePlan,
    SupplementEntry,
    SupplementProduct,
    User,
)

GLYCINATE_MG = "120"


def visible(response) -> str:
    """A page's text as a reader sees it, in one line."""
    inline = re.sub(r"</?(strong|a|span)\b[^>]*>", "", response.get_data(as_text=True))
    text = re.sub(r"<[^>]+>", " ", inline)
    return " ".join(html.unescape(text).split())


def _today(app, user) -> date:
    with app.app_context():
        return local_today(db.session.get(User, user.id))


def _last_monday(app, user) -> date:
    """The Monday of last week: its whole week is past, so every dose can be marked."""
    today = _today(app, user)
    return today - timedelta(days=today.weekday() + 7)


def _product(app, user) -> str:
    with app.app_context():
        product_id = db.session.execute(
            db.select(SupplementProduct.id).where(SupplementProduct.user_id == user.id)
        ).scalar_one()
    return f"product-{product_id}"


def plan(client, **fields):
    """Post the My regimen form (every field as the page names it)."""
    data = {"pattern": "daily", "units": "1", **fields}
    return client.post("/regimen", data=data)


def _schedule_ids(app, user) -> dict[str, int]:
    with app.app_context():
        return dict(
            db.session.execute(
                db.select(Schedule.name, Schedule.id).where(Schedule.user_id == user.id)
            ).all()
        )


@pytest.fixture
def regimen(app, auth_client, user):
    """Alendronate on Mondays at 07:00 and magnesium glycinate daily at 07:30, from the
    Monday before last (so last Monday can be marked)."""
    start = _last_monday(app, user) - timedelta(days=7)
    add_supplement(auth_client, start - timedelta(days=1), mg=GLYCINATE_MG, at=time(21))
    first = plan(
        auth_client,
        item="medicine-alendronate",
        pattern="weekdays",
        days=["0"],
        start_day=start.isoformat(),
        time_1="07:00",
    )
    second = plan(
        auth_client,
        item=_product(app, user),
        start_day=start.isoformat(),
        time_1="07:30",
    )
    assert first.status_code == second.status_code == 302
    return _schedule_ids(app, user)


def _mark(client, day: date, schedule_id: int, at: str, status: str):
    return client.post(
        f"/day/{day.isoformat()}/regimen/{schedule_id}", data={"time": at, "status": status}
    )


def _supplement_rows(app, user):
    with app.app_context():
        return db.session.execute(
            db.select(SupplementEntry.day, SupplementEntry.time, SupplementEntry.magnesium_ug)
            .where(SupplementEntry.user_id == user.id)
            .order_by(SupplementEntry.day, SupplementEntry.time)
        ).all()


# --- Planning -----------------------------------------------------------------------------------


def test_the_clash_is_shown_on_the_schedule_while_planning(app, auth_client, user, regimen):
    page = auth_client.get("/regimen")
    text = visible(page)
    assert "Alendronate" in text and "Mondays at 07:00" in text and "Every day at 07:30" in text
    # The day page's own words and source, in the words of a plan; shown on both schedules.
    words = (
        "On Mondays: “Alendronate” (07:00) and “Magnesium glycinate” (07:30) would be taken "
        "30 minutes apart. Magnesium can reduce how much of a bisphosphonate the body absorbs. "
        "The general guidance from the NIH Office of Dietary Supplements is to keep a "
        "bisphosphonate and magnesium at least 2 hours apart. Ask your healthcare provider or "
        "pharmacist about the timing of your medicines."
    )
    assert text.count(words) == 2
    assert page.get_data(as_text=True).count('data-testid="planned-caution"') == 2
    assert "NIH Office of Dietary Supplements" in text
    # Information, never a block: both schedules were saved as planned.
    assert len(regimen) == 2


def test_saving_a_clash_says_so_and_saves_it(app, auth_client, user, regimen):
    response = plan(
        auth_client,
        item="medicine-doxycycline",
        start_day=_today(app, user).isoformat(),
        time_1="08:00",
    )
    assert response.status_code == 302
    followed = visible(auth_client.get(response.headers["Location"]))
    assert "Saved the schedule for Doxycycline. Its planned times are closer" in followed
    assert "with the antibiotic 30 minutes after the magnesium" in followed
    # No new time or dose is ever suggested.
    assert not re.search(r"\b(try|instead|move it|take it at)\b", followed, re.IGNORECASE)


def test_the_users_gap_setting_is_the_one_checked(app, auth_client, user):
    add_supplement(auth_client, _today(app, user), mg="100", at=time(9))
    today = _today(app, user).isoformat()
    plan(auth_client, item="medicine-risedronate", start_day=today, time_1="07:00")
    plan(auth_client, item=_product(app, user), start_day=today, time_1="10:00")
    assert 'data-testid="planned-caution"' not in auth_client.get("/regimen").text
    auth_client.post(
        "/profile",
        data={
            "reproductive_status": "none",
            "timezone": "UTC",
            "bisphosphonate_gap_minutes": "240",
        },
    )
    text = visible(auth_client.get("/regimen"))
    assert "would be taken 3 hours apart" in text
    # The general guidance, and apart from it the user's own setting (issue 12).
    assert "is to keep a bisphosphonate and magnesium at least 2 hours apart" in text
    assert "Your own setting in your profile" in text and "is at least 4 hours apart" in text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"pattern": "weekdays", "days": []}, "Choose at least one day of the week."),
        ({"time_1": "25:00"}, "Enter a time of day, such as 07:30 or 21:00 (hours 00 to 23)."),
        ({"time_1": "7.30"}, "Enter a time of day, such as 07:30"),
        ({"time_1": ""}, "Enter the time of the dose, such as 07:30"),
        ({"units": "0"}, "The amount must be more than zero."),
        ({"units": "lots"}, "isn't an amount we can read"),
        ({"end_day": "2026-02-01"}, "The end date must be on or after the start date."),
        ({"start_day": "2026-02-30"}, "Enter a date, such as 2026-03-09."),
        ({"pattern": "interval", "interval_days": "0"}, "Enter a number of days from 2 to 365"),
        ({"pattern": "fortnightly"}, "Choose how often"),
        ({"item": "medicine-aspirin"}, "Choose one of the supplements or medicines listed."),
        ({"item": "product-999999"}, "Choose one of the supplements or medicines listed."),
        ({"time_2": "07:00"}, "07:00 is entered twice"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(app, auth_client, user, fields, message):
    before = snapshot(app)
    data = {"item": "medicine-alendronate", "start_day": "2026-03-02", "time_1": "07:00"}
    response = plan(auth_client, **{**data, **fields})
    assert response.status_code == 400
    assert message in visible(response)
    assert 'aria-invalid="true"' in response.text or "has-error" in response.text
    assert snapshot(app) == before


def _error_summary(response) -> list[str]:
    """The items of the form's "Please fix the following" list, in order."""
    summary = re.search(r'<div class="form-errors" role="alert">(.*?)</div>', response.text, re.S)
    assert summary is not None
    return [
        " ".join(html.unescape(item).split())
        for item in re.findall(r"<li>(.*?)</li>", summary[1], re.S)
    ]


def test_every_field_to_correct_is_named_at_once(app, auth_client, user):
    """One answer names each problem (the form's own and the plan's), so nobody corrects one
    field, submits, and only then learns of the next."""
    before = snapshot(app)
    response = plan(
        auth_client,
        item="",
        pattern="weekdays",
        days=[],
        start_day="2026-03-02",
        end_day="2026-03-01",
        time_1="25:00",
        units="0",
    )
    assert response.status_code == 400
    assert _error_summary(response) == [
        "Choose one of the supplements or medicines listed.",
        "Choose at least one day of the week.",
        "Enter a time of day, such as 07:30 or 21:00 (hours 00 to 23).",
        "The amount must be more than zero.",
        "The end date must be on or after the start date.",
    ]
    assert snapshot(app) == before


def test_an_edit_names_every_field_to_correct_and_changes_nothing(app, auth_client, user, regimen):
    before = snapshot(app)
    response = auth_client.post(
        f"/regimen/{regimen['Alendronate']}/edit",
        data={"pattern": "interval", "interval_days": "1", "start_day": "2026-03-02", "units": ""},
    )
    assert response.status_code == 400
    assert _error_summary(response) == [
        "Enter a number of days from 2 to 365 (for a dose every day, choose “Every day”).",
        "Enter the time of the dose, such as 07:30 (or choose “As needed”).",
        "Enter how many units each time, such as 1, 2 or 0.5.",
    ]
    assert snapshot(app) == before


def test_units_that_would_log_an_impossible_amount_are_refused_when_planned(app, auth_client, user):
    add_supplement(auth_client, _today(app, user), mg="5000", at=time(9))
    before = snapshot(app)
    response = plan(
        auth_client, item=_product(app, user), start_day="2026-03-02", time_1="07:00", units="11"
    )
    assert response.status_code == 400
    assert "more than 50,000 mg of magnesium in one entry" in visible(response)
    assert snapshot(app) == before


def test_another_users_product_cannot_be_planned_nor_their_schedule_reached(
    app, auth_client, user, regimen
):
    stranger = make_user(app, "stranger@example.org")
    other = app.test_client()
    login(other, stranger.email)
    before = snapshot(app)
    product = _product(app, user)
    refused = plan(other, item=product, start_day="2026-03-02", time_1="07:00")
    assert refused.status_code == 400
    schedule = regimen["Alendronate"]
    monday = _last_monday(app, user).isoformat()
    for response in (
        other.get(f"/regimen/{schedule}/edit"),
        other.post(f"/regimen/{schedule}/edit", data={"pattern": "daily", "time_1": "09:00"}),
        other.get(f"/regimen/{schedule}/remove"),
        other.post(f"/regimen/{schedule}/remove"),
        other.post(f"/day/{monday}/regimen/{schedule}", data={"time": "07:00", "status": "taken"}),
    ):
        assert response.status_code == 404
    assert snapshot(app) == before
    assert 'data-testid="schedule"' not in other.get("/regimen").text


# --- The day's planned doses --------------------------------------------------------------------


def test_a_mondays_page_lists_both_and_counts_neither_until_taken(app, auth_client, user, regimen):
    monday = _last_monday(app, user)
    page = auth_client.get(f"/day/{monday.isoformat()}")
    body = page.get_data(as_text=True)
    planned = body[body.index('data-testid="planned-doses"') :]
    planned = planned[: planned.index("</ul>")]
    assert planned.index("07:00") < planned.index("Alendronate") < planned.index("07:30")
    assert "Magnesium glycinate" in planned
    text = visible(page)
    # What each dose would log, as the day page counts it (120 mg a unit, 1 unit).
    assert "07:30 Magnesium glycinate 1 unit · 120 mg magnesium" in text
    assert "07:00 Alendronate 1 unit · medicine to space from magnesium" in text
    assert "2 planned doses not yet confirmed" in text
    assert 'data-testid="day-supplemental-mg">0<' in body
    assert 'data-testid="caution-spacing"' not in body  # planned, not logged: no caution yet
    # Tuesday has the daily supplement only.
    tuesday = visible(auth_client.get(f"/day/{(monday + timedelta(days=1)).isoformat()}"))
    assert "1 planned dose not yet confirmed" in tuesday


def test_taken_logs_each_at_its_planned_time_and_the_days_caution_appears(
    app, auth_client, user, regimen
):
    monday = _last_monday(app, user)
    assert _mark(auth_client, monday, regimen["Alendronate"], "07:00", "taken").status_code == 302
    response = _mark(auth_client, monday, regimen["Magnesium glycinate"], "07:30", "taken")
    assert response.headers["Location"].endswith(f"/day/{monday.isoformat()}#supplements")
    page = auth_client.get(f"/day/{monday.isoformat()}")
    body, text = page.get_data(as_text=True), visible(page)
    assert "Logged Magnesium glycinate at 07:30: marked as taken." in text
    assert 'data-testid="day-supplemental-mg">120<' in body  # 1 × 120 mg, now counted
    assert "not yet confirmed" not in text
    # As for hand-logged doses: the same caution, the same words.
    assert 'data-testid="caution-spacing"' in body
    assert (
        "“Alendronate” (07:00) and “Magnesium glycinate” (07:30) were logged 30 minutes apart."
        in text
    )
    with app.app_context():
        [dose] = db.session.execute(
            db.select(MedicineDose).where(MedicineDose.user_id == user.id)
        ).scalars()
        assert (dose.day, dose.time, dose.medicine_name) == (monday, time(7), "Alendronate")
    assert (monday, time(7, 30), 120_000) in _supplement_rows(app, user)


def test_a_taken_dose_is_an_ordinary_entry_editable_and_deletable(app, auth_client, user, regimen):
    monday = _last_monday(app, user)
    _mark(auth_client, monday, regimen["Magnesium glycinate"], "07:30", "taken")
    with app.app_context():
        entry = db.session.execute(
            db.select(SupplementEntry).where(
                SupplementEntry.user_id == user.id, SupplementEntry.day == monday
            )
        ).scalar_one()
        entry_id = entry.id
    page = auth_client.get(f"/day/{monday.isoformat()}").text
    assert f"/supplement-entries/{entry_id}/edit" in page
    # Taken at 07:45 in fact: edited like any entry, and the planned dose says so.
    edit = auth_client.post(
        f"/supplement-entries/{entry_id}/edit",
        data={
            "supplement-name": "Magnesium glycinate",
            "supplement-form": "glycinate",
            "supplement-magnesium_per_unit": GLYCINATE_MG,
            "supplement-units": "1",
            "supplement-time": "07:45",
        },
    )
    assert edit.status_code == 302
    assert "✓ Taken, logged at 07:45" in visible(auth_client.get(f"/day/{monday.isoformat()}"))
    # Deleting the logged dose makes the planned dose unconfirmed again.
    auth_client.post(f"/supplement-entries/{entry_id}/delete")
    text = visible(auth_client.get(f"/day/{monday.isoformat()}"))
    assert "2 planned doses not yet confirmed" in text
    with app.app_context():
        assert db.session.execute(db.select(DoseConfirmation)).first() is None


def test_skipped_logs_nothing_and_undo_forgets(app, auth_client, user, regimen):
    monday = _last_monday(app, user)
    glycinate = regimen["Magnesium glycinate"]
    assert _mark(auth_client, monday, glycinate, "07:30", "skipped").status_code == 302
    text = visible(auth_client.get(f"/day/{monday.isoformat()}"))
    assert "Marked Magnesium glycinate at 07:30 as skipped." in text
    assert "1 planned dose not yet confirmed" in text
    assert _supplement_rows(app, user)[-1][0] != monday
    _mark(auth_client, monday, glycinate, "07:30", "undo")
    text = visible(auth_client.get(f"/day/{monday.isoformat()}"))
    assert "Magnesium glycinate at 07:30 is no longer marked as skipped." in text
    assert "2 planned doses not yet confirmed" in text
    # Taken, then Undo: the dose it logged goes with it.
    _mark(auth_client, monday, glycinate, "07:30", "taken")
    _mark(auth_client, monday, glycinate, "07:30", "undo")
    assert all(day != monday for day, *_ in _supplement_rows(app, user))
    again = _mark(auth_client, monday, glycinate, "07:30", "undo")
    assert again.status_code == 302
    assert "Nothing was recorded for that dose." in visible(auth_client.get(f"/day/{monday}"))


def test_a_second_tap_logs_nothing_more(app, auth_client, user, regimen):
    monday = _last_monday(app, user)
    glycinate = regimen["Magnesium glycinate"]
    _mark(auth_client, monday, glycinate, "07:30", "taken")
    before = snapshot(app)
    for status in ("taken", "skipped"):
        response = _mark(auth_client, monday, glycinate, "07:30", status)
        assert response.status_code == 302
        assert snapshot(app) == before
    text = visible(auth_client.get(f"/day/{monday}"))
    assert "Magnesium glycinate at 07:30 is already marked as taken." in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"time": "08:00", "status": "taken"}, "No dose of Magnesium glycinate is planned at"),
        ({"time": "", "status": "taken"}, "Enter the time the dose was taken"),
        ({"time": "07:30", "status": "forgot"}, "Choose Taken or Skipped."),
        ({"time": "07:30"}, "Choose Taken or Skipped."),
    ],
)
def test_a_dose_that_is_not_planned_is_refused(app, auth_client, user, regimen, data, message):
    monday = _last_monday(app, user)
    before = snapshot(app)
    response = auth_client.post(
        f"/day/{monday}/regimen/{regimen['Magnesium glycinate']}", data=data
    )
    assert response.status_code == 400
    assert message in visible(response)
    assert snapshot(app) == before


def test_a_day_ahead_shows_the_plan_but_cannot_be_marked(app, auth_client, user, regimen):
    ahead = _today(app, user) + timedelta(days=7 - _today(app, user).weekday())  # next Monday
    page = auth_client.get(f"/day/{ahead.isoformat()}")
    text = visible(page)
    assert "Alendronate" in text and "You can mark these on the day." in text
    assert "regimen/" + str(regimen["Alendronate"]) not in page.text  # no Taken form
    assert "not yet confirmed" not in text
    before = snapshot(app)
    refused = _mark(auth_client, ahead, regimen["Alendronate"], "07:00", "taken")
    assert refused.status_code == 400
    assert "on its day or later, not ahead" in visible(refused)
    assert snapshot(app) == before


def test_as_needed_is_taken_at_the_time_given(app, auth_client, user):
    today = _today(app, user)
    plan(
        auth_client, item="medicine-ciprofloxacin", pattern="as_needed", start_day=today.isoformat()
    )
    schedule = _schedule_ids(app, user)["Ciprofloxacin"]
    page = auth_client.get(f"/day/{today}")
    assert 'name="taken_at"' in page.text
    assert "not yet confirmed" not in visible(page)
    done = auth_client.post(
        f"/day/{today}/regimen/{schedule}", data={"taken_at": "14:05", "status": "taken"}
    )
    assert done.status_code == 302
    refused = auth_client.post(
        f"/day/{today}/regimen/{schedule}", data={"taken_at": "14:05", "status": "skipped"}
    )
    assert refused.status_code == 302  # already marked: said, nothing changed
    bad = auth_client.post(
        f"/day/{today}/regimen/{schedule}", data={"taken_at": "25:00", "status": "taken"}
    )
    assert bad.status_code == 400
    with app.app_context():
        [dose] = db.session.execute(db.select(MedicineDose)).scalars()
        assert (dose.time, dose.medicine_name) == (time(14, 5), "Ciprofloxacin")
    text = visible(auth_client.get(f"/day/{today}"))
    assert "14:05 Ciprofloxacin" in text and "as needed" in text


# --- Edits never rewrite history -----------------------------------------------------------------


def test_an_edit_changes_today_on_and_the_past_keeps_its_plan_and_its_record(
    app, auth_client, user, regimen
):
    monday = _last_monday(app, user)
    tuesday = monday + timedelta(days=1)
    glycinate = regimen["Magnesium glycinate"]
    _mark(auth_client, monday, glycinate, "07:30", "taken")
    _mark(auth_client, tuesday, glycinate, "07:30", "skipped")
    week = _row(auth_client.get(f"/week/{monday}").text, glycinate)
    before_rows = _supplement_rows(app, user)
    monday_before = visible(auth_client.get(f"/day/{monday}"))

    form = auth_client.get(f"/regimen/{glycinate}/edit").text
    assert 'value="07:30"' in form and 'value="1"' in form
    edited = auth_client.post(
        f"/regimen/{glycinate}/edit",
        data={
            "pattern": "daily",
            "start_day": (monday - timedelta(days=7)).isoformat(),
            "time_1": "10:00",
            "units": "2",
        },
        follow_redirects=True,  # the confirmation is shown, and not on the pages below
    )
    assert "Saved the schedule for Magnesium glycinate." in visible(edited)
    # The past: the same planned doses, the same record, the same logged dose.
    assert visible(auth_client.get(f"/day/{monday}")) == monday_before
    assert "07:30 Magnesium glycinate" in visible(auth_client.get(f"/day/{tuesday}"))
    assert _supplement_rows(app, user) == before_rows
    assert _row(auth_client.get(f"/week/{monday}").text, glycinate) == week
    # Today on: the new plan.
    today = _today(app, user)
    text = visible(auth_client.get(f"/day/{today}"))
    assert "10:00 Magnesium glycinate 2 units" in text
    assert "07:30 Magnesium glycinate" not in text
    assert "Every day at 10:00" in visible(auth_client.get("/regimen"))
    with app.app_context():
        plans = db.session.execute(
            db.select(SchedulePlan.effective_from).where(SchedulePlan.schedule_id == glycinate)
        ).scalars()
        assert sorted(plans) == [date(1900, 1, 1), today]
    # A second edit the same day changes today's version in place.
    auth_client.post(
        f"/regimen/{glycinate}/edit",
        data={"pattern": "daily", "start_day": monday.isoformat(), "time_1": "10:30", "units": "2"},
    )
    with app.app_context():
        count = db.session.execute(
            db.select(db.func.count()).where(SchedulePlan.schedule_id == glycinate)
        ).scalar_one()
    assert count == 2


def test_a_schedule_not_begun_is_changed_in_place(app, auth_client, user):
    later = (_today(app, user) + timedelta(days=3)).isoformat()
    plan(auth_client, item="medicine-alendronate", start_day=later, time_1="07:00")
    schedule = _schedule_ids(app, user)["Alendronate"]
    auth_client.post(
        f"/regimen/{schedule}/edit",
        data={"pattern": "daily", "start_day": later, "time_1": "06:30", "units": "1"},
    )
    with app.app_context():
        [only] = db.session.execute(
            db.select(SchedulePlan).where(SchedulePlan.schedule_id == schedule)
        ).scalars()
        assert only.times == (time(6, 30),)


def test_removing_a_schedule_keeps_the_logged_doses(app, auth_client, user, regimen):
    monday = _last_monday(app, user)
    _mark(auth_client, monday, regimen["Magnesium glycinate"], "07:30", "taken")
    rows = _supplement_rows(app, user)
    ask = auth_client.get(f"/regimen/{regimen['Magnesium glycinate']}/remove")
    assert "The doses you marked as taken stay in your log" in visible(ask)
    done = auth_client.post(f"/regimen/{regimen['Magnesium glycinate']}/remove")
    assert done.status_code == 302
    assert "Removed Magnesium glycinate from My regimen." in visible(auth_client.get("/regimen"))
    assert _supplement_rows(app, user) == rows
    assert "Magnesium glycinate" not in _schedule_ids(app, user)


def test_a_product_removed_from_my_supplements_stays_planned(app, auth_client, user, regimen):
    product = int(_product(app, user).split("-")[1])
    auth_client.post(f"/supplements/{product}/delete")
    page = visible(auth_client.get("/regimen"))
    assert "Removed from My supplements: the schedule keeps the name" in page
    monday = _last_monday(app, user)
    assert (
        _mark(auth_client, monday, regimen["Magnesium glycinate"], "07:30", "taken").status_code
        == 302
    )
    assert (monday, time(7, 30), 120_000) in _supplement_rows(app, user)


# --- Adherence ----------------------------------------------------------------------------------


def _row(body: str, schedule_id: int) -> dict[str, str]:
    row = body[body.index(f'data-schedule="{schedule_id}"') :]
    row = row[: row.index("</tr>")]
    return {
        col: " ".join(re.sub(r"<[^>]+>", " ", cell).split())
        for col, cell in re.findall(r'data-col="([a-z-]+)">(.*?)</td>', row)
    }


def test_the_week_and_month_count_taken_skipped_and_not_recorded(app, auth_client, user, regimen):
    monday = _last_monday(app, user)
    glycinate, alendronate = regimen["Magnesium glycinate"], regimen["Alendronate"]
    _mark(auth_client, monday, glycinate, "07:30", "taken")
    _mark(auth_client, monday + timedelta(days=1), glycinate, "07:30", "skipped")
    _mark(auth_client, monday + timedelta(days=2), glycinate, "07:30", "taken")
    _mark(auth_client, monday, alendronate, "07:00", "taken")
    week = auth_client.get(f"/week/{monday}").get_data(as_text=True)
    assert 'data-testid="adherence"' in week
    # Seven daily doses in a past week: 2 taken, 1 skipped, 4 marked neither.
    assert _row(week, glycinate) == {
        "due": "7",
        "taken": "2",
        "skipped": "1",
        "not-recorded": "4",
    }
    assert _row(week, alendronate) == {
        "due": "1",
        "taken": "1",
        "skipped": "0",
        "not-recorded": "0",
    }
    assert "some may have been taken without being marked" in visible(
        auth_client.get(f"/week/{monday}")
    )
    earlier = auth_client.get(f"/week/{monday - timedelta(days=7)}").get_data(as_text=True)
    assert _row(earlier, glycinate)["not-recorded"] == "7"
    month = auth_client.get(f"/month/{monday:%Y-%m}").get_data(as_text=True)
    assert _row(month, glycinate)["taken"] == "2"


def test_the_day_and_my_supplements_lead_to_my_regimen(app, auth_client, user):
    """My regimen is reached from the day's supplements section and from My supplements (the
    main menu keeps the food search on a phone's first screen)."""
    today = _today(app, user)
    day = visible(auth_client.get(f"/day/{today.isoformat()}"))
    assert "For a supplement or medicine you use on a regular schedule: plan it once" in day
    assert 'href="/regimen"' in auth_client.get("/supplements").text
    # With a schedule that plans nothing on a day, the day says so.
    plan(
        auth_client,
        item="medicine-alendronate",
        pattern="weekdays",
        days=[str((today.weekday() + 1) % 7)],
        start_day=today.isoformat(),
        time_1="07:00",
    )
    day = visible(auth_client.get(f"/day/{today.isoformat()}"))
    assert "Nothing is planned for this day in My regimen." in day
    assert "plan it once" not in day


def test_a_user_without_a_regimen_sees_no_adherence(app, auth_client, user):
    assert 'data-testid="adherence"' not in auth_client.get("/week").text
    report = auth_client.get("/export/report").text
    assert 'data-testid="report-regimen"' not in report


def test_the_report_page_and_pdf_show_planned_doses(app, auth_client, user, regimen):
    monday = _last_monday(app, user)
    _mark(auth_client, monday, regimen["Magnesium glycinate"], "07:30", "taken")
    _mark(auth_client, monday, regimen["Alendronate"], "07:00", "skipped")
    query = {
        "period": "custom",
        "start": monday.isoformat(),
        "end": (monday + timedelta(days=6)).isoformat(),
    }
    page = visible(auth_client.get("/export/report", query_string=query))
    assert "Planned doses" in page
    assert "Magnesium glycinate (Every day at 07:30) 7 1 0 6" in page
    assert "Alendronate (Mondays at 07:00) 1 0 1 0" in page
    pdf = auth_client.get("/export/report.pdf", query_string=query).data
    printed = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Planned doses" in printed
    assert "some may have been taken without being marked" in printed


# --- The data file ------------------------------------------------------------------------------


def test_schedules_round_trip_through_the_data_file(app, auth_client, user, regimen):
    monday = _last_monday(app, user)
    _mark(auth_client, monday, regimen["Magnesium glycinate"], "07:30", "taken")
    _mark(auth_client, monday, regimen["Alendronate"], "07:00", "taken")
    _mark(
        auth_client, monday + timedelta(days=1), regimen["Magnesium glycinate"], "07:30", "skipped"
    )
    auth_client.post(
        f"/regimen/{regimen['Magnesium glycinate']}/edit",
        data={
            "pattern": "weekdays",
            "days": ["1", "3"],
            "start_day": monday.isoformat(),
            "time_1": "09:00",
            "time_2": "21:00",
            "units": "1/2",
            "reminders": "y",
        },
    )
    exported = auth_client.get("/account/data/export.json").get_data()
    data = json.loads(exported)
    [glycinate] = [s for s in data["schedules"] if s["name"] == "Magnesium glycinate"]
    assert [p["pattern"] for p in glycinate["plans"]] == ["daily", "weekdays"]
    assert glycinate["plans"][1]["weekdays"] == ["tuesday", "thursday"]
    assert glycinate["plans"][1]["times"] == ["09:00:00", "21:00:00"]
    assert glycinate["plans"][1]["units"] == "0.5"
    taken = [c for c in glycinate["confirmations"] if c["status"] == "taken"]
    assert data["supplement_entries"][taken[0]["logged_as"]]["time"] == "07:30:00"

    newcomer = make_user(app, "newcomer@example.org")
    fresh = app.test_client()
    login(fresh, newcomer.email)
    answer = fresh.post(
        "/account/data/import",
        data={"file": (io.BytesIO(exported), "data.json")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302, answer.text
    again = json.loads(fresh.get("/account/data/export.json").get_data())
    data.pop("exported_at"), again.pop("exported_at")
    assert again == data
    # The link survives: deleting the imported dose unconfirms its planned dose.
    text = visible(fresh.get(f"/day/{monday}"))
    assert "✓ Taken" in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s["plans"][0].update(times=[]), "Enter the time of the dose"),
        (lambda s: s["plans"][0].update(end_day="1999-01-01"), "on or after the start date"),
        (lambda s: s.update(product="product-99"), "refers to no product"),
        (lambda s: s["confirmations"][0].update(logged_as=999), "refers to no logged dose"),
        (lambda s: s.update(medicine_class="quinolone"), "a product needs its form"),
        (lambda s: s.update(ref="plan-1"), 'must be a unique "schedule-N" reference'),
    ],
)
def test_a_broken_schedule_in_a_data_file_imports_nothing(
    app, auth_client, user, regimen, change, message
):
    _mark(auth_client, _last_monday(app, user), regimen["Magnesium glycinate"], "07:30", "taken")
    data = json.loads(auth_client.get("/account/data/export.json").get_data())
    [glycinate] = [s for s in data["schedules"] if s["name"] == "Magnesium glycinate"]
    change(glycinate)
    newcomer = make_user(app, "newcomer@example.org")
    fresh = app.test_client()
    login(fresh, newcomer.email)
    before = snapshot(app)
    answer = fresh.post(
        "/account/data/import",
        data={"file": (io.BytesIO(json.dumps(data).encode()), "data.json")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 400
    assert message in visible(answer)
    assert snapshot(app) == before
