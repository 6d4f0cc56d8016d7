"""Week and month summaries in the domain: no app, no database, numbers worked out by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from tracker.domain.cautions import ASK_PROVIDER, MagnesiumDose, MedicineClass, MedicineDose
from tracker.domain.periods import (
    month_days,
    next_month,
    previous_month,
    trend_week_starts,
    week_days,
    week_start,
)
from tracker.domain.reference import Profile
from tracker.domain.summary import (
    DayIntake,
    SourceTotal,
    period_cautions,
    spacing_caution_days,
    summarize_days,
    top_food_sources,
    weekly_trend,
)
from tracker.domain.totals import whole_mg
from tracker.summaries.charts import bar_chart, day_slots, period_chart

WOMAN_1958 = Profile(birth_year=1958, birth_month=3, sex="female")  # 320 mg in 2026
MAN_JUNE_1995 = Profile(birth_year=1995, birth_month=6, sex="male")  # 400 mg, 420 from 31


def intake(day: date, food: str = "0", supplemental: str = "0", *, foods=1, doses=0, unknown=0):
    return DayIntake(
        day=day,
        food_mg=Decimal(food),
        food_entries=foods,
        unknown_food_entries=unknown,
        supplemental_mg=Decimal(supplemental),
        supplemental_entries=doses,
    )


@pytest.mark.parametrize(
    ("day", "starts_on", "expected"),
    [
        (date(2026, 3, 9), "monday", date(2026, 3, 9)),  # a Monday
        (date(2026, 3, 15), "monday", date(2026, 3, 9)),  # the Sunday ending it
        (date(2026, 3, 15), "sunday", date(2026, 3, 15)),  # a Sunday starts its own week
        (date(2026, 3, 14), "sunday", date(2026, 3, 8)),  # Saturday
        (date(2026, 1, 1), "monday", date(2025, 12, 29)),  # across the new year
        (date(2026, 1, 1), "sunday", date(2025, 12, 28)),
    ],
)
def test_week_start(day, starts_on, expected):
    assert week_start(day, starts_on) == expected
    days = week_days(day, starts_on)
    assert days[0] == expected and len(days) == 7 and days[-1] == expected + timedelta(days=6)


def test_an_unknown_week_start_is_an_error_not_monday():
    # The setting is a typed column (WeekStart): nothing else can be stored, so nothing is
    # quietly read as Monday.
    with pytest.raises(ValueError):
        week_start(date(2026, 3, 11), "nonsense")


@pytest.mark.parametrize(
    ("year", "month", "count"), [(2024, 2, 29), (2026, 2, 28), (2026, 4, 30), (2026, 12, 31)]
)
def test_month_days(year, month, count):
    days = month_days(year, month)
    assert len(days) == count and days[0] == date(year, month, 1)


def test_previous_and_next_month_roll_over_the_year():
    assert previous_month(date(2026, 1, 1)) == date(2025, 12, 1)
    assert next_month(date(2026, 12, 1)) == date(2027, 1, 1)
    assert next_month(date(2026, 1, 1)) == date(2026, 2, 1)


def test_trend_weeks_end_with_the_current_one():
    starts = trend_week_starts(date(2026, 3, 9), 12)
    assert len(starts) == 12
    assert starts[-1] == date(2026, 3, 9) and starts[0] == date(2025, 12, 22)


def test_a_hand_computed_week():
    days = week_days(date(2026, 3, 9))
    intakes = {
        date(2026, 3, 9): intake(date(2026, 3, 9), "272.356", "200", foods=2, doses=1),
        date(2026, 3, 10): intake(date(2026, 3, 10), "23.7"),
        # Thursday: only a supplement, over the UL
        date(2026, 3, 12): intake(date(2026, 3, 12), "0", "400", foods=0, doses=1),
        date(2026, 3, 13): intake(date(2026, 3, 13), "136.178", foods=2),
        # Sunday: exactly the UL is not over it
        date(2026, 3, 15): intake(date(2026, 3, 15), "47.4", "350", doses=1),
    }
    summary = summarize_days(
        days,
        intakes,
        WOMAN_1958,
        completed=[date(2026, 3, 13), date(2026, 3, 14)],
        sources=[
            SourceTotal("Spinach, raw", Decimal("71.1")),
            SourceTotal("Nuts, almonds", Decimal("227.934")),
            SourceTotal("Beans, black", Decimal("180.6")),
        ],
    )
    assert summary.logged_count == 5
    assert [d.logged for d in summary.days] == [True, True, False, True, True, False, True]
    # Not logged is None, never 0 mg.
    assert summary.days[2].total_mg is None and summary.days[5].food_mg is None
    assert summary.total_mg == Decimal("1429.634")
    assert summary.average_total_mg == Decimal("285.9268")
    assert whole_mg(summary.average_total_mg) == 286
    assert summary.average_food_mg == Decimal("95.9268")
    assert summary.average_supplemental_mg == Decimal(190)
    assert summary.days_at_reference == 3  # Mon 472.356, Thu 400, Sun 397.4 against 320
    assert summary.days_over_limit == 1  # Thursday's 400; Sunday's 350 is not over
    assert summary.completed_days == 2
    # Saturday is marked complete but has nothing logged: still not logged, not 0 mg.
    assert summary.days[5].completed and not summary.days[5].logged
    assert [(s.name, s.mg, s.share_percent) for s in summary.top_sources] == [
        ("Nuts, almonds", Decimal("227.934"), 16),  # 15.94 %
        ("Beans, black", Decimal("180.6"), 13),  # 12.63 %
        ("Spinach, raw", Decimal("71.1"), 5),  # 4.97 %
    ]
    assert summary.days[0].percent_of_reference == 148  # 472.356 / 320


def test_nothing_logged_has_no_average():
    summary = summarize_days(week_days(date(2026, 3, 9)), {}, WOMAN_1958)
    assert summary.logged_count == 0
    assert summary.average_total_mg is None and summary.average_food_mg is None
    assert summary.days_at_reference == 0 and summary.total_mg == 0


def test_only_unknown_food_is_logged_but_adds_nothing():
    day = date(2026, 3, 9)
    summary = summarize_days([day], {day: intake(day, "0", unknown=1)}, WOMAN_1958)
    assert summary.logged_count == 1
    assert summary.days[0].total_mg == 0 and summary.days[0].unknown_food_entries == 1
    assert summary.days_with_unknown_food == 1


def test_each_day_uses_its_own_reference_across_a_birthday():
    # He turns 31 in June 2026: 400 mg (19-30) until 31 May, 420 mg (31-50) from 1 June.
    days = [date(2026, 5, 31), date(2026, 6, 1)]
    intakes = {day: intake(day, "410") for day in days}
    summary = summarize_days(days, intakes, MAN_JUNE_1995)
    assert [d.reference.mg for d in summary.days] == [400, 420]
    assert [d.at_reference for d in summary.days] == [True, False]
    assert [r.mg for r in summary.references] == [400, 420]
    assert summary.reference.mg == 420  # the last day's, for the period's headline


@pytest.mark.parametrize(
    ("supplemental", "over"), [("350", False), ("350.001", True), ("0", False)]
)
def test_upper_limit_boundary(supplemental, over):
    day = date(2026, 3, 9)
    summary = summarize_days([day], {day: intake(day, "0", supplemental, doses=1)}, WOMAN_1958)
    assert summary.days[0].over_limit is over
    assert summary.days_over_limit == int(over)


def test_future_days_are_marked():
    days = week_days(date(2026, 3, 9))
    summary = summarize_days(days, {}, WOMAN_1958, today=date(2026, 3, 11))
    assert [d.future for d in summary.days] == [False, False, False, True, True, True, True]


def test_top_sources_ties_sort_by_name_and_limit():
    sources = [SourceTotal(name, Decimal(10)) for name in ("b", "A", "c")] + [
        SourceTotal("zero", Decimal(0))
    ]
    ranked = top_food_sources(sources, Decimal(40), limit=2)
    assert [(s.name, s.share_percent) for s in ranked] == [("A", 25), ("b", 25)]


def test_weekly_trend_averages_each_week_over_its_logged_days():
    starts = [date(2026, 3, 2), date(2026, 3, 9)]
    intakes = {
        date(2026, 3, 2): intake(date(2026, 3, 2), "100"),
        date(2026, 3, 4): intake(date(2026, 3, 4), "301"),
        date(2026, 3, 10): intake(date(2026, 3, 10), "0", "351", foods=0, doses=1),
    }
    trend = weekly_trend(starts, intakes, WOMAN_1958, today=date(2026, 3, 10))
    assert [w.logged_days for w in trend] == [2, 1]
    assert trend[0].average_total_mg == Decimal("200.5")
    assert trend[1].average_total_mg == Decimal(351)
    assert [w.at_reference for w in trend] == [False, True]
    assert [w.any_over_limit for w in trend] == [False, True]
    empty = weekly_trend([date(2026, 3, 16)], intakes, WOMAN_1958, today=date(2026, 3, 10))
    assert empty[0].average_total_mg is None and empty[0].future


def test_spacing_days_include_both_sides_of_midnight():
    magnesium = [MagnesiumDose("Glycinate", datetime(2026, 3, 9, 23, 30))]
    medicine = [
        MedicineDose("Alendronate", datetime(2026, 3, 10, 0, 30), MedicineClass.BISPHOSPHONATE),
        MedicineDose("Alendronate", datetime(2026, 3, 12, 7, 0), MedicineClass.BISPHOSPHONATE),
    ]
    assert spacing_caution_days(magnesium, medicine) == {date(2026, 3, 9), date(2026, 3, 10)}


def test_period_cautions_are_general_and_cite_a_source():
    day = date(2026, 3, 12)
    summary = summarize_days(
        [day], {day: intake(day, "0", "400", doses=1)}, WOMAN_1958, spacing_caution_days=[day]
    )
    cautions = period_cautions(summary, "the week of 9 March")
    assert [c.key for c in cautions] == ["upper-limit", "spacing"]
    assert "On 1 day of the week of 9 March" in cautions[0].message
    assert "350 mg a day for ages 9 and older (highest: 400 mg)" in cautions[0].message
    assert cautions[0].message.endswith(ASK_PROVIDER)
    for caution in cautions:
        assert caution.source.url.startswith("https://")
        assert "you should" not in caution.message.lower()
        assert "take " not in caution.message.lower().replace("intake", "")


# --- chart geometry ---------------------------------------------------------------------------


def test_bar_heights_are_proportional_to_the_numbers_and_the_reference_steps():
    days = [date(2026, 5, 31), date(2026, 6, 1), date(2026, 6, 2)]
    intakes = {
        days[0]: intake(days[0], "300", "100", doses=1),
        days[2]: intake(days[2], "150"),
    }
    summary = summarize_days(days, intakes, MAN_JUNE_1995)
    chart = period_chart("c", "Title", summary, month=False)
    first, missing, third = chart.bars
    # Scale: 420 mg × 1.08 = 453.6 → ticks of 100 up to 500; 154 units of height.
    assert [t.label for t in chart.ticks] == ["0", "100", "200", "300", "400", "500"]
    assert first.food_height == pytest.approx(300 / 500 * 154, abs=0.1)
    assert first.supplemental_height == pytest.approx(100 / 500 * 154, abs=0.1)
    assert third.food_height == pytest.approx(150 / 500 * 154, abs=0.1)
    assert (first.food_whole_mg, first.supplemental_whole_mg) == (300, 100)
    assert not missing.slot.logged and missing.food_whole_mg is None
    # The reference line steps from 400 to 420 between the first and second day.
    y400, y420 = round(178 - 400 / 500 * 154, 1), round(178 - 420 / 500 * 154, 1)
    assert chart.reference_path.startswith(f"M40.0,{y400}H")
    assert f"V{y420}H" in chart.reference_path
    assert "1 day at or above the reference; 0 days over the upper limit" in chart.description
    assert "2 of 3 days logged" in chart.description


def test_month_slots_label_every_seventh_day():
    summary = summarize_days(month_days(2026, 3), {}, WOMAN_1958)
    slots = day_slots(summary, month=True)
    assert [s.label for s in slots if s.show_label] == ["1", "8", "15", "22", "29"]


def test_empty_chart_still_has_an_axis():
    chart = bar_chart("c", "t", "d", [])
    assert chart.bars == () and chart.ticks[0].label == "0"
