"""Loads a user's week or month as SQL sums per day and hands them to the domain.

Every query is scoped to the user and to a date range on the (user_id, day) indexes, and sums
in the database (GROUP BY day), so a page costs the same with three years of history as with
one week. Nothing here loops over a user's whole history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func

from tracker.auth.operations import profile_of
from tracker.domain.bone_nutrients import BonePeriod
from tracker.domain.cautions import Caution, conflict_days
from tracker.domain.periods import (
    DAYS_PER_WEEK,
    FIRST_DAY,
    WeekStart,
    month_days,
    next_month,
    previous_month,
    trend_week_starts,
    week_days,
    week_start,
    within_range,
)
from tracker.domain.summary import (
    TOP_SOURCES,
    TREND_WEEKS,
    DayIntake,
    PeriodSummary,
    SourceTotal,
    WeekAverage,
    period_cautions,
    summarize_days,
    weekly_trend,
)
from tracker.domain.totals import ug_to_mg
from tracker.extensions import db
from tracker.formatting import day_month, day_month_year, month_year
from tracker.localtime import local_today
from tracker.models import DayStatus, FoodEntry, SupplementEntry, User
from tracker.regimens.operations import ItemAdherence, adherence_between
from tracker.summaries.bone import bone_period_of
from tracker.summaries.charts import BarChart, marker_legend, period_chart, trend_chart
from tracker.supplements.day import spacing_conflicts


@dataclass(frozen=True)
class WeekPage:
    summary: PeriodSummary
    chart: BarChart
    trend: list[WeekAverage]
    trend_chart: BarChart
    cautions: list[Caution]
    today: date
    marker_legend: str
    trend_marker_legend: str
    week_starts_on: WeekStart
    previous_start: date | None
    next_start: date | None
    # Planned doses of My regimen: taken, skipped, not recorded (tracker.regimens).
    adherence: list[ItemAdherence] = field(default_factory=list)
    # Calcium and vitamin D daily averages; None when hidden in the profile.
    bone: BonePeriod | None = None


@dataclass(frozen=True)
class MonthPage:
    summary: PeriodSummary
    chart: BarChart
    cautions: list[Caution]
    first_day: date
    today: date
    marker_legend: str
    previous_first: date | None
    next_first: date | None
    adherence: list[ItemAdherence] = field(default_factory=list)
    bone: BonePeriod | None = None


# --- Queries ------------------------------------------------------------------------------------


def day_intakes(user: User, start: date, end: date) -> dict[date, DayIntake]:
    """Food and supplemental sums per day from start to end, inclusive, two GROUP BY queries."""
    food_rows = db.session.execute(
        db.select(
            FoodEntry.day,
            func.sum(FoodEntry.magnesium_ug),
            func.count(),
            # A recipe serving missing some ingredients' values counts as not fully known.
            func.count(case((FoodEntry.magnesium_unknown_in.is_(None), FoodEntry.magnesium_ug))),
        )
        .where(FoodEntry.user_id == user.id, FoodEntry.day.between(start, end))
        .group_by(FoodEntry.day)
    )
    food = {day: (food_ug or 0, entries, known) for day, food_ug, entries, known in food_rows}
    supplements = {
        day: (supplemental_ug or 0, entries)
        for day, supplemental_ug, entries in db.session.execute(
            db.select(SupplementEntry.day, func.sum(SupplementEntry.magnesium_ug), func.count())
            .where(SupplementEntry.user_id == user.id, SupplementEntry.day.between(start, end))
            .group_by(SupplementEntry.day)
        )
    }
    intakes = {}
    for day in food.keys() | supplements.keys():
        food_ug, food_entries, known = food.get(day, (0, 0, 0))
        supplemental_ug, supplemental_entries = supplements.get(day, (0, 0))
        intakes[day] = DayIntake(
            day=day,
            food_mg=ug_to_mg(food_ug),
            food_entries=food_entries,
            unknown_food_entries=food_entries - known,
            supplemental_mg=ug_to_mg(supplemental_ug),
            supplemental_entries=supplemental_entries,
        )
    return intakes


def food_sources(user: User, start: date, end: date, limit: int = TOP_SOURCES) -> list[SourceTotal]:
    """The foods with the most magnesium from start to end, summed in SQL.

    Entries of a database food group by the food (its name may have changed between data
    loads); quick adds and foods since deleted group by the name they were logged with.
    """
    by_name = case((FoodEntry.food_id.is_(None), FoodEntry.item_name), else_=None)
    mg_sum = func.sum(FoodEntry.magnesium_ug)
    name = func.max(FoodEntry.item_name)
    rows = db.session.execute(
        db.select(name, mg_sum)
        .where(
            FoodEntry.user_id == user.id,
            FoodEntry.day.between(start, end),
            FoodEntry.magnesium_ug.is_not(None),
        )
        .group_by(FoodEntry.food_id, by_name)
        .order_by(mg_sum.desc(), name)
        .limit(limit)
    )
    return [SourceTotal(name=row_name, mg=ug_to_mg(ug)) for row_name, ug in rows]


def completed_days(user: User, start: date, end: date) -> set[date]:
    """Days from start to end that the user marked complete."""
    return set(
        db.session.execute(
            db.select(DayStatus.day).where(
                DayStatus.user_id == user.id,
                DayStatus.day.between(start, end),
                DayStatus.completed.is_(True),
            )
        ).scalars()
    )


def spacing_days(user: User, start: date, end: date) -> set[date]:
    """Days from start to end with a magnesium dose logged too close to a medicine dose."""
    return {
        day
        for conflict in spacing_conflicts(user, start, end)
        for day in conflict_days(conflict)
        if start <= day <= end
    }


def period_summary(
    user: User, days: list[date], today: date, intakes: dict[date, DayIntake] | None = None
) -> PeriodSummary:
    """Summarize consecutive days of a user's log (`intakes` when already loaded)."""
    start, end = days[0], days[-1]
    return summarize_days(
        days,
        day_intakes(user, start, end) if intakes is None else intakes,
        profile_of(user),
        completed=completed_days(user, start, end),
        spacing_caution_days=spacing_days(user, start, end),
        sources=food_sources(user, start, end),
        today=today,
    )


# --- Pages --------------------------------------------------------------------------------------


def week_page(user: User, day: date) -> WeekPage:
    """The week containing `day` (weeks start on the user's chosen day) and its 12-week trend."""
    today = local_today(user)
    days = week_days(day, user.week_starts_on)
    starts = trend_week_starts(days[0], TREND_WEEKS)
    trend_first = max(starts[0], FIRST_DAY)
    # One pair of GROUP BY queries covers the week and the eleven weeks before it.
    intakes = day_intakes(user, trend_first, days[-1])
    summary = period_summary(user, days, today, intakes)
    trend = weekly_trend([s for s in starts if s >= FIRST_DAY], intakes, profile_of(user), today)
    title = f"Magnesium per day, week of {day_month_year(days[0])}"
    return WeekPage(
        summary=summary,
        chart=period_chart("week-chart", title, summary, month=False),
        trend=trend,
        trend_chart=trend_chart("trend-chart", trend),
        cautions=period_cautions(
            summary, f"the week of {day_month(days[0])}", bool(user.kidney_condition)
        ),
        today=today,
        marker_legend=marker_legend(summary.limits),
        trend_marker_legend=marker_legend(
            [limit for week in trend for limit in week.limits] or summary.limits, by_week=True
        ),
        week_starts_on=user.week_starts_on,
        previous_start=within_range(days[0] - timedelta(days=DAYS_PER_WEEK)),
        next_start=within_range(days[-1] + timedelta(days=1)),
        adherence=adherence_between(user, days[0], days[-1]),
        bone=_bone(user, days),
    )


def month_page(user: User, first_day: date) -> MonthPage:
    """A calendar month of the user's log."""
    today = local_today(user)
    days = month_days(first_day.year, first_day.month)
    summary = period_summary(user, days, today)
    title = f"Magnesium per day, {month_year(first_day)}"
    return MonthPage(
        summary=summary,
        chart=period_chart("month-chart", title, summary, month=True),
        cautions=period_cautions(summary, month_year(first_day), bool(user.kidney_condition)),
        first_day=first_day,
        today=today,
        marker_legend=marker_legend(summary.limits),
        previous_first=within_range(previous_month(first_day)),
        next_first=within_range(next_month(first_day)),
        adherence=adherence_between(user, days[0], days[-1]),
        bone=_bone(user, days),
    )


def _bone(user: User, days: list[date]) -> BonePeriod | None:
    return bone_period_of(user, days[0], days[-1]) if user.show_bone_companions else None


def current_week_start(user: User) -> date:
    """The first day of the user's current local week."""
    return week_start(local_today(user), user.week_starts_on)
