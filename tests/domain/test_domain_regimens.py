"""The regimen domain: the days and times each kind of plan puts doses on (month ends, leap
days, daylight-saving changes in the user's zone), plan versions, the planning-time spacing
check (both directions, across midnight, the user's gap, antibiotics), and adherence counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tracker.domain.cautions import (
    LOGGED,
    MagnesiumDose,
    MedicineClass,
    MedicineDose,
    find_spacing_conflicts,
    spacing_caution,
)
from tracker.domain.errors import ValidationError
from tracker.domain.regimens import (
    DoseStatus,
    Plan,
    PlannedItem,
    PlanVersion,
    SchedulePattern,
    check_plan,
    describe_plan,
    dose_counts,
    doses_on,
    due_at,
    occurrences,
    plan_on,
    planned_spacing,
    takes_dose_on,
    weekday_mask,
    weekdays_of,
)

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")  # daylight saving moves the clock 30 minutes
FIRST = date(1900, 1, 1)
TWO_HOURS = timedelta(hours=2)
MONDAY = 0


def _plan(pattern: str, start: date, *times: time, **options) -> Plan:
    return check_plan(pattern, start=start, end=options.pop("end", None), times=times, **options)


def _versions(*plans: tuple[date, Plan]) -> list[PlanVersion]:
    return [PlanVersion(effective_from, plan) for effective_from, plan in plans]


def _days(plan: Plan, first: date, last: date) -> list[date]:
    return sorted({day for day, _ in occurrences(_versions((FIRST, plan)), first, last)})


# --- Each kind of plan over a range -------------------------------------------------------------


def test_every_day_across_a_month_end_and_a_leap_day():
    plan = _plan("daily", date(2028, 2, 27), time(8), time(20))
    found = occurrences(_versions((FIRST, plan)), date(2028, 2, 26), date(2028, 3, 1))
    assert found == [
        (date(2028, 2, 27), time(8)),
        (date(2028, 2, 27), time(20)),
        (date(2028, 2, 28), time(8)),
        (date(2028, 2, 28), time(20)),
        (date(2028, 2, 29), time(8)),
        (date(2028, 2, 29), time(20)),
        (date(2028, 3, 1), time(8)),
        (date(2028, 3, 1), time(20)),
    ]


def test_chosen_weekdays_across_a_month_and_a_year_end():
    plan = _plan("weekdays", date(2026, 12, 1), time(7), weekdays=[0, 3])  # Mon, Thu
    assert _days(plan, date(2026, 12, 24), date(2027, 1, 8)) == [
        date(2026, 12, 24),  # Thursday
        date(2026, 12, 28),
        date(2026, 12, 31),
        date(2027, 1, 4),
        date(2027, 1, 7),
    ]


@pytest.mark.parametrize(
    ("start", "every", "first", "last", "expected"),
    [
        # Every 3 days from 30 January: over the month end and February's 28 days.
        (
            date(2026, 1, 30),
            3,
            date(2026, 1, 28),
            date(2026, 3, 3),
            [
                date(2026, 1, 30),
                date(2026, 2, 2),
                date(2026, 2, 5),
                date(2026, 2, 8),
                date(2026, 2, 11),
                date(2026, 2, 14),
                date(2026, 2, 17),
                date(2026, 2, 20),
                date(2026, 2, 23),
                date(2026, 2, 26),
                date(2026, 3, 1),
            ],
        ),
        # The count keeps from the start date, even for a range that begins later.
        (
            date(2024, 2, 27),
            2,
            date(2024, 3, 1),
            date(2024, 3, 6),
            [date(2024, 3, 2), date(2024, 3, 4), date(2024, 3, 6)],
        ),
        # Every 365 days crosses a leap day: not the same date the next year.
        (
            date(2027, 3, 1),
            365,
            date(2027, 1, 1),
            date(2029, 12, 31),
            [date(2027, 3, 1), date(2028, 2, 29), date(2029, 2, 28)],
        ),
    ],
)
def test_every_n_days_from_the_start(start, every, first, last, expected):
    assert _days(_plan("interval", start, time(9), interval_days=every), first, last) == expected


def test_as_needed_puts_no_dose_on_any_day():
    plan = _plan("as_needed", date(2026, 1, 1), time(9))  # a time given is not part of it
    assert plan.times == ()
    assert occurrences(_versions((FIRST, plan)), date(2026, 1, 1), date(2026, 12, 31)) == []


def test_start_and_end_dates_are_both_included():
    plan = _plan("daily", date(2026, 3, 30), time(8), end=date(2026, 4, 2))
    assert _days(plan, date(2026, 3, 1), date(2026, 4, 30)) == [
        date(2026, 3, 30),
        date(2026, 3, 31),
        date(2026, 4, 1),
        date(2026, 4, 2),
    ]
    assert not takes_dose_on(plan, date(2026, 3, 29))
    assert not takes_dose_on(plan, date(2026, 4, 3))


@pytest.mark.parametrize(
    ("zone", "day", "at", "utc"),
    [
        # New York springs forward at 02:00 on 8 March 2026: 02:30 is never on the clock, so
        # the dose is due when the clock would have shown it, 07:30 UTC (03:30 EDT).
        (NEW_YORK, date(2026, 3, 8), time(2, 30), datetime(2026, 3, 8, 7, 30, tzinfo=UTC)),
        (NEW_YORK, date(2026, 3, 8), time(1, 30), datetime(2026, 3, 8, 6, 30, tzinfo=UTC)),
        (NEW_YORK, date(2026, 3, 8), time(3, 30), datetime(2026, 3, 8, 7, 30, tzinfo=UTC)),
        # It falls back at 02:00 on 1 November: 01:30 is on the clock twice; the first counts.
        (NEW_YORK, date(2026, 11, 1), time(1, 30), datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),
        (NEW_YORK, date(2026, 11, 1), time(7), datetime(2026, 11, 1, 12, 0, tzinfo=UTC)),
        (NEW_YORK, date(2026, 10, 31), time(7), datetime(2026, 10, 31, 11, 0, tzinfo=UTC)),
        (LONDON, date(2026, 3, 29), time(1, 30), datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
        (LONDON, date(2026, 3, 29), time(7), datetime(2026, 3, 29, 6, 0, tzinfo=UTC)),
        # Lord Howe moves 30 minutes: 02:15 on 4 October 2026 is in the gap (02:00-02:30).
        (LORD_HOWE, date(2026, 10, 4), time(2, 15), datetime(2026, 10, 3, 15, 45, tzinfo=UTC)),
    ],
)
def test_a_planned_time_is_due_at_one_instant_whatever_the_clock_change(zone, day, at, utc):
    assert due_at(day, at, zone) == utc


def test_a_daily_dose_across_both_clock_changes_keeps_its_wall_clock_time():
    plan = _plan("daily", date(2026, 1, 1), time(2, 30))
    found = occurrences(_versions((FIRST, plan)), date(2026, 3, 7), date(2026, 3, 9))
    # One dose a day at 02:30 on the clock, the spring-forward day included, no day doubled.
    assert found == [(date(2026, 3, d), time(2, 30)) for d in (7, 8, 9)]
    due = [due_at(day, at, NEW_YORK) for day, at in found]
    assert [moment.hour for moment in due] == [7, 7, 6]  # EST, the gap, then EDT
    autumn = occurrences(_versions((FIRST, plan)), date(2026, 10, 31), date(2026, 11, 2))
    assert len(autumn) == 3  # the repeated hour does not repeat the dose
    assert len({due_at(day, at, NEW_YORK) for day, at in autumn}) == 3


def test_weekday_masks_round_trip():
    assert weekday_mask([0, 3, 3, 6]) == 0b1001001
    assert weekdays_of(0b1001001) == (0, 3, 6)
    assert weekdays_of(weekday_mask(range(7))) == tuple(range(7))


# --- Plan versions: history is never rewritten --------------------------------------------------


def test_a_new_version_takes_over_from_its_day_and_the_days_before_keep_theirs():
    mondays = _plan("weekdays", date(2026, 3, 2), time(7), weekdays=[MONDAY])
    tuesdays = _plan("weekdays", date(2026, 3, 2), time(8), weekdays=[1])
    versions = _versions((FIRST, mondays), (date(2026, 3, 10), tuesdays))
    assert plan_on(versions, date(2026, 3, 9)) == mondays
    assert plan_on(versions, date(2026, 3, 10)) == tuesdays
    assert doses_on(versions, date(2026, 3, 9)) == (time(7),)  # the Monday before the edit
    assert doses_on(versions, date(2026, 3, 16)) == ()  # a Monday after it
    assert doses_on(versions, date(2026, 3, 17)) == (time(8),)
    assert plan_on(versions, date(1899, 12, 31)) is None


# --- Checking what the user entered -------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "options", "field", "message"),
    [
        ("weekdays", {"weekdays": []}, "days", "Choose at least one day of the week."),
        ("weekdays", {"weekdays": [7]}, "days", "Choose days of the week from the list."),
        ("interval", {"interval_days": None}, "interval_days", "from 2 to 365"),
        ("interval", {"interval_days": 1}, "interval_days", "choose “Every day”"),
        ("interval", {"interval_days": 366}, "interval_days", "from 2 to 365"),
        ("daily", {"times": []}, "time_1", "Enter the time of the dose"),
        ("daily", {"times": [None, None]}, "time_1", "Enter the time of the dose"),
        ("daily", {"times": [time(7), None, time(7)]}, "time_3", "07:00 is entered twice"),
        ("daily", {"end": date(2026, 2, 28)}, "end_day", "on or after the start date"),
        ("daily", {"start": None}, "start_day", "Enter the date the schedule starts."),
        ("monthly", {}, "pattern", "Choose how often"),
        ("", {}, "pattern", "Choose how often"),
    ],
)
def test_a_plan_that_cannot_work_is_refused_with_the_field_to_correct(
    pattern, options, field, message
):
    values = {"start": date(2026, 3, 1), "end": None, "times": [time(7)], **options}
    with pytest.raises(ValidationError) as refused:
        check_plan(pattern, **values)
    assert refused.value.field == field
    assert message in refused.value.message


def test_times_are_kept_in_order_once_each():
    plan = _plan("daily", date(2026, 3, 1), time(21), None, time(7, 30))
    assert plan.times == (time(7, 30), time(21))
    assert describe_plan(plan, date(2026, 3, 1)) == "Every day at 07:30 and 21:00"


@pytest.mark.parametrize(
    ("plan", "text"),
    [
        (_plan("weekdays", date(2026, 3, 2), time(7), weekdays=[0]), "Mondays at 07:00"),
        (
            _plan("weekdays", date(2026, 3, 2), time(8), time(14), time(20), weekdays=[0, 3, 5]),
            "Mondays, Thursdays and Saturdays at 08:00, 14:00 and 20:00",
        ),
        (_plan("weekdays", date(2026, 3, 2), time(7), weekdays=range(7)), "Every day at 07:00"),
        (
            _plan("interval", date(2026, 3, 4), time(9), interval_days=3),
            "Every 3 days at 09:00, counting from Wednesday 4 March 2026",
        ),
        (_plan("as_needed", date(2026, 3, 1)), "As needed"),
        (
            _plan("daily", date(2026, 4, 1), time(8), end=date(2026, 4, 10)),
            "Every day at 08:00, from 1 April 2026, until 10 April 2026",
        ),
    ],
)
def test_a_plan_in_words(plan, text):
    assert describe_plan(plan, today=date(2026, 3, 2)) == text


# --- The spacing check while planning -----------------------------------------------------------

WEDNESDAY = date(2026, 3, 4)


def _item(key, label, plan, medicine_class=None) -> PlannedItem:
    return PlannedItem(key, label, plan, medicine_class)


def _alendronate(at: time = time(7), **options) -> PlannedItem:
    plan = _plan("weekdays", WEDNESDAY, at, weekdays=options.pop("weekdays", [MONDAY]), **options)
    return _item(1, "Alendronate", plan, MedicineClass.BISPHOSPHONATE)


def _magnesium(*times: time, pattern="daily", **options) -> PlannedItem:
    return _item(2, "Magnesium glycinate", _plan(pattern, WEDNESDAY, *times, **options))


def test_monday_alendronate_and_daily_magnesium_half_an_hour_later():
    [found] = planned_spacing(
        [_alendronate(time(7)), _magnesium(time(7, 30))], WEDNESDAY, TWO_HOURS
    )
    assert (found.medicine_key, found.magnesium_key) == (1, 2)
    assert found.days == "On Mondays"
    assert found.first_day == date(2026, 3, 9)  # the first Monday from today
    assert found.caution.title == "Timing: “Alendronate” and magnesium"
    assert found.caution.message.startswith(
        "“Alendronate” (07:00) and “Magnesium glycinate” (07:30) would be taken 30 minutes "
        "apart. Magnesium can reduce how much of a bisphosphonate the body absorbs"
    )
    assert found.caution.source.name == "NIH Office of Dietary Supplements"


def test_the_plan_caution_is_the_day_page_caution_but_for_the_tense():
    """One rule and one text: the logged doses on that Monday give the same message."""
    [planned] = planned_spacing(
        [_alendronate(time(7)), _magnesium(time(7, 30))], WEDNESDAY, TWO_HOURS
    )
    monday = date(2026, 3, 9)
    [logged] = find_spacing_conflicts(
        [MagnesiumDose("Magnesium glycinate", datetime.combine(monday, time(7, 30)))],
        [
            MedicineDose(
                "Alendronate", datetime.combine(monday, time(7)), MedicineClass.BISPHOSPHONATE
            )
        ],
        TWO_HOURS,
        LOGGED,
    )
    assert planned.caution.message == logged.message.replace("were logged", "would be taken")
    assert planned.caution.title == spacing_caution(logged).title


@pytest.mark.parametrize(
    ("medicine_at", "magnesium_at", "expected"),
    [
        (time(7), time(5, 1), "1 hour 59 minutes apart"),  # magnesium first
        (time(7), time(8, 59), "1 hour 59 minutes apart"),  # magnesium after
        (time(7), time(7), "at the same time"),
        (time(7), time(9), None),  # exactly 2 hours: fine
        (time(7), time(5), None),
    ],
)
def test_a_bisphosphonate_either_side_of_magnesium(medicine_at, magnesium_at, expected):
    found = planned_spacing(
        [_alendronate(medicine_at), _magnesium(magnesium_at)], WEDNESDAY, TWO_HOURS
    )
    if expected is None:
        assert found == []
    else:
        [conflict] = found
        assert f"would be taken {expected}" in conflict.caution.message


def test_across_midnight_in_both_directions():
    late = planned_spacing(
        [_alendronate(time(23, 30)), _magnesium(time(0, 30))], WEDNESDAY, TWO_HOURS
    )
    [after] = late
    assert "“Alendronate” (23:30) and “Magnesium glycinate” (00:30 the next day)" in (
        after.caution.message
    )
    assert after.days == "On Mondays"
    early = planned_spacing(
        [_alendronate(time(0, 15)), _magnesium(time(23, 45))], WEDNESDAY, TWO_HOURS
    )
    [before] = early
    assert "“Alendronate” (00:15 the next day) and “Magnesium glycinate” (23:45)" in (
        before.caution.message
    )
    assert "30 minutes apart" in before.caution.message


def test_the_users_own_gap_decides():
    items = [_alendronate(time(7)), _magnesium(time(10))]
    assert planned_spacing(items, WEDNESDAY, TWO_HOURS) == []
    [found] = planned_spacing(items, WEDNESDAY, timedelta(hours=4))
    assert "would be taken 3 hours apart" in found.caution.message
    assert "at least 4 hours apart" in found.caution.message


@pytest.mark.parametrize(
    ("antibiotic_at", "magnesium_at", "words"),
    [
        (time(8), time(9), "with the antibiotic 1 hour before the magnesium"),
        (time(13), time(8), "with the antibiotic 5 hours after the magnesium"),
        (time(6), time(8), None),  # 2 hours before: fine
        (time(14), time(8), None),  # 6 hours after: fine
    ],
)
def test_antibiotics_two_hours_before_or_six_after(antibiotic_at, magnesium_at, words):
    antibiotic = _item(
        3, "Doxycycline", _plan("daily", WEDNESDAY, antibiotic_at), MedicineClass.TETRACYCLINE
    )
    found = planned_spacing([antibiotic, _magnesium(magnesium_at)], WEDNESDAY, TWO_HOURS)
    if words is None:
        assert found == []
    else:
        [conflict] = found
        assert conflict.days == "Every day"
        assert f"would be taken {words}" in conflict.caution.message
        assert "Tetracycline and quinolone antibiotics bind magnesium" in conflict.caution.message


def test_plans_that_meet_only_some_days_name_the_next_one():
    antibiotic = _item(
        3, "Ciprofloxacin", _plan("daily", WEDNESDAY, time(8)), MedicineClass.QUINOLONE
    )
    every_fifth = _magnesium(time(9), pattern="interval", interval_days=5)
    [found] = planned_spacing([antibiotic, every_fifth], WEDNESDAY, TWO_HOURS)
    assert found.days == "Next on Wednesday 4 March 2026"
    weekly = _alendronate(time(7))
    every_third = _item(
        2, "Magnesium", _plan("interval", date(2026, 3, 5), time(7, 30), interval_days=3)
    )
    [met] = planned_spacing([weekly, every_third], WEDNESDAY, TWO_HOURS)
    # Every 3 days from Thursday 5 March meets a Monday first on 23 March.
    assert met.days == "Next on Monday 23 March 2026"


def test_plans_that_never_meet_or_have_ended_raise_nothing():
    weekends = _magnesium(time(7, 30), pattern="weekdays", weekdays=[5, 6])
    assert planned_spacing([_alendronate(time(7)), weekends], WEDNESDAY, TWO_HOURS) == []
    ended = _item(2, "Magnesium", _plan("daily", date(2026, 2, 1), time(7), end=date(2026, 3, 1)))
    assert planned_spacing([_alendronate(time(7)), ended], WEDNESDAY, TWO_HOURS) == []
    as_needed = _item(2, "Antacid", _plan("as_needed", WEDNESDAY))
    assert planned_spacing([_alendronate(time(7)), as_needed], WEDNESDAY, TWO_HOURS) == []
    two_medicines = [
        _alendronate(time(7)),
        _item(3, "Doxycycline", _plan("daily", WEDNESDAY, time(7)), MedicineClass.TETRACYCLINE),
    ]
    assert planned_spacing(two_medicines, WEDNESDAY, TWO_HOURS) == []


def test_two_weekdays_two_times_each_pair_once():
    alendronate = _alendronate(time(7), weekdays=[0, 3])
    found = planned_spacing([alendronate, _magnesium(time(7, 30), time(21))], WEDNESDAY, TWO_HOURS)
    assert [(c.days, c.conflict.magnesium.at.time()) for c in found] == [
        ("On Mondays and Thursdays", time(7, 30))
    ]


# --- Adherence ----------------------------------------------------------------------------------


def test_taken_skipped_not_recorded_and_still_to_come():
    planned = [(date(2026, 3, d), time(8)) for d in (2, 3, 4, 5, 6)]
    recorded = {
        (date(2026, 3, 2), time(8)): DoseStatus.TAKEN,
        (date(2026, 3, 3), time(8)): DoseStatus.SKIPPED,
        (date(2026, 3, 6), time(8)): DoseStatus.TAKEN,  # marked early counts as taken
        (date(2026, 3, 4), time(14)): DoseStatus.TAKEN,  # an extra dose, as needed
    }
    counts = dose_counts(planned, recorded, now=datetime(2026, 3, 5, 7, 59))
    assert (counts.due, counts.taken, counts.skipped) == (3, 3, 1)
    assert counts.not_recorded == 1  # 4 March: its time came, nothing marked
    assert counts.upcoming == 1  # 5 March 08:00 is a minute away; 6 March is marked
    at_eight = dose_counts(planned, recorded, now=datetime(2026, 3, 5, 8, 0))
    assert (at_eight.due, at_eight.not_recorded, at_eight.upcoming) == (4, 2, 0)


def test_pattern_labels_are_the_forms():
    assert SchedulePattern.DAILY.label == "Every day"
    assert SchedulePattern.AS_NEEDED.label == "As needed (no set times)"
