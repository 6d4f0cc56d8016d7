"""Week and month summaries: each day against its own reference, averages over logged days.

Pure arithmetic on per-day sums that the caller got from SQL (GROUP BY day), so a summary
costs the same for a user with one week of history as for one with years of it. A day with
nothing logged is "not logged", never 0 mg: it is left out of every average, and the averages
say how many days they cover. Reference intakes can change inside a period (a birthday that
crosses a life-stage boundary), so every day is compared with its own value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Context, Decimal, localcontext

from tracker.domain.cautions import (
    ASK_PROVIDER_TIMING,
    DEFAULT_BISPHOSPHONATE_GAP,
    Caution,
    MagnesiumDose,
    MedicineDose,
    conflict_days,
    find_spacing_conflicts,
    infant_supplement_caution,
    kidney_caution,
    upper_limit_caution,
    upper_limit_words,
)
from tracker.domain.periods import DAYS_PER_WEEK, days_from
from tracker.domain.reference import (
    NIH_ODS,
    Profile,
    ReferenceIntake,
    UpperLimit,
    reference_intake,
    upper_limit,
)
from tracker.domain.totals import (
    display_percent_of_reference,
    display_supplemental_mg,
    display_total_mg,
    is_over_upper_limit,
    percent_of,
    reaches_reference,
)
from tracker.formatting import counted

_CONTEXT = Context(prec=28)

TREND_WEEKS = 12
TOP_SOURCES = 5


# --- Inputs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayIntake:
    """One day's sums as SQL returned them, in exact milligrams, with the counts behind them."""

    day: date
    food_mg: Decimal = Decimal(0)
    food_entries: int = 0
    unknown_food_entries: int = 0
    supplemental_mg: Decimal = Decimal(0)
    supplemental_entries: int = 0

    @property
    def logged(self) -> bool:
        """True when anything at all was logged: a food (even of unknown magnesium) or a dose."""
        return self.food_entries > 0 or self.supplemental_entries > 0


@dataclass(frozen=True)
class SourceTotal:
    """One food's magnesium over a period, as SQL summed it."""

    name: str
    mg: Decimal


# --- Outputs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DaySummary:
    """One day of a period: its numbers, the values it is compared with, and its flags."""

    day: date
    logged: bool
    food_mg: Decimal | None  # None: not logged (never 0 mg)
    supplemental_mg: Decimal | None
    total_mg: Decimal | None
    unknown_food_entries: int
    reference: ReferenceIntake
    limit: UpperLimit
    completed: bool
    spacing_caution: bool
    future: bool
    supplemental_entries: int = 0

    @property
    def at_reference(self) -> bool:
        """True when the day's total (food + supplemental) is at or above its reference."""
        return reaches_reference(self.total_mg, self.reference)

    @property
    def over_limit(self) -> bool:
        """True when the day's supplemental magnesium is above its UL (food never counts)."""
        return self.supplemental_mg is not None and is_over_upper_limit(
            self.supplemental_mg, self.limit
        )

    @property
    def infant_supplement(self) -> bool:
        """True when supplements or medicines were logged on a day with no UL (under 1 year)."""
        return self.limit.mg is None and self.supplemental_entries > 0

    @property
    def supplement_marked(self) -> bool:
        """True when the day's supplements get a caution mark: over the UL, or for an infant."""
        return self.over_limit or self.infant_supplement

    @property
    def supplemental_text(self) -> str:
        """Supplemental mg as shown beside the upper-limit verdict ("350", "350.4")."""
        return display_supplemental_mg(self.supplemental_mg, self.limit)

    @property
    def total_text(self) -> str:
        """The total as shown beside "at or above the reference" ("319.6" below 320), with at
        least the decimals of the supplemental figure beside it ("350.4", never "350")."""
        return display_total_mg(self.total_mg, self.reference, [self.supplemental_text])

    @property
    def percent_text(self) -> str:
        """The total as a percent of the reference, never 100 below it ("99.9")."""
        return display_percent_of_reference(self.total_mg, self.reference)

    @property
    def percent_of_reference(self) -> int | None:
        """The total as a whole percent of the day's reference; None when not logged."""
        return percent_of(self.total_mg, self.reference.mg)


@dataclass(frozen=True)
class FoodSource:
    """A top food source of a period: its magnesium and share of all magnesium logged."""

    name: str
    mg: Decimal
    share_percent: int | None


@dataclass(frozen=True)
class PeriodSummary:
    """A week or a month: the days, averages over the logged ones, counts and top sources."""

    start: date
    end: date
    days: tuple[DaySummary, ...]
    top_sources: tuple[FoodSource, ...] = field(default=())

    @property
    def logged_days(self) -> tuple[DaySummary, ...]:
        """The days with something logged; every average is over these only."""
        return tuple(day for day in self.days if day.logged)

    @property
    def logged_count(self) -> int:
        """How many days of the period have something logged."""
        return len(self.logged_days)

    def _average(self, values: Iterable[Decimal | None]) -> Decimal | None:
        known = [value for value in values if value is not None]
        if not known:
            return None
        with localcontext(_CONTEXT):
            return sum(known, Decimal(0)) / len(known)

    @property
    def average_total_mg(self) -> Decimal | None:
        """Daily average of food + supplemental over the logged days; None when none are."""
        return self._average(day.total_mg for day in self.logged_days)

    @property
    def average_food_mg(self) -> Decimal | None:
        """Daily average of food magnesium over the logged days."""
        return self._average(day.food_mg for day in self.logged_days)

    @property
    def average_supplemental_mg(self) -> Decimal | None:
        """Daily average of supplemental magnesium over the logged days."""
        return self._average(day.supplemental_mg for day in self.logged_days)

    @property
    def total_mg(self) -> Decimal:
        """All magnesium logged in the period, food and supplemental."""
        with localcontext(_CONTEXT):
            return sum((day.total_mg for day in self.logged_days if day.total_mg), Decimal(0))

    @property
    def days_at_reference(self) -> int:
        """Logged days whose total is at or above that day's reference intake."""
        return sum(1 for day in self.days if day.at_reference)

    @property
    def days_over_limit(self) -> int:
        """Days whose supplemental magnesium is above that day's upper limit."""
        return sum(1 for day in self.days if day.over_limit)

    @property
    def days_infant_supplement(self) -> int:
        """Days under 1 year of age (no UL) with supplements or medicines logged."""
        return sum(1 for day in self.days if day.infant_supplement)

    @property
    def days_with_supplements(self) -> int:
        """Days with a supplement or magnesium-containing medicine logged."""
        return sum(1 for day in self.days if day.supplemental_entries)

    @property
    def has_upper_limit(self) -> bool:
        """True when some day of the period has an upper limit (every day from age 1)."""
        return any(day.limit.mg is not None for day in self.days)

    @property
    def has_days_without_limit(self) -> bool:
        """True when some day of the period has no upper limit (before the first birthday)."""
        return any(day.limit.mg is None for day in self.days)

    @property
    def limits(self) -> tuple[UpperLimit, ...]:
        """The distinct upper limits of the days, in date order."""
        return tuple(dict.fromkeys(day.limit for day in self.days))

    @property
    def days_with_spacing_cautions(self) -> int:
        """Days with a magnesium dose logged too close to a medicine that it affects."""
        return sum(1 for day in self.days if day.spacing_caution)

    @property
    def completed_days(self) -> int:
        """Days the user marked complete."""
        return sum(1 for day in self.days if day.completed)

    @property
    def days_with_unknown_food(self) -> int:
        """Logged days with a food of unknown magnesium, whose totals are a minimum."""
        return sum(1 for day in self.logged_days if day.unknown_food_entries)

    @property
    def references(self) -> tuple[ReferenceIntake, ...]:
        """The distinct reference intakes the days are compared with, in date order."""
        return tuple(dict.fromkeys(day.reference for day in self.days))

    @property
    def reference(self) -> ReferenceIntake:
        """The reference of the period's last day (the one to quote when they differ)."""
        return self.days[-1].reference

    @property
    def limit(self) -> UpperLimit:
        """The upper limit of the period's last day."""
        return self.days[-1].limit


@dataclass(frozen=True)
class WeekAverage:
    """One week of the trend: the daily average over its logged days."""

    start: date
    end: date
    logged_days: int
    average_food_mg: Decimal | None
    average_supplemental_mg: Decimal | None
    average_total_mg: Decimal | None
    reference: ReferenceIntake
    any_over_limit: bool
    future: bool
    any_infant_supplement: bool = False
    limits: tuple[UpperLimit, ...] = ()  # the upper limits of its days

    @property
    def at_reference(self) -> bool:
        """True when the week's daily average is at or above the reference of its last day."""
        return reaches_reference(self.average_total_mg, self.reference)

    @property
    def average_total_text(self) -> str:
        """The daily average as shown beside "at or above the reference"."""
        return display_total_mg(self.average_total_mg, self.reference)


# --- Building summaries -------------------------------------------------------------------------


class _Values:
    """Reference intake and UL per day; both depend only on the month (age in whole months)."""

    def __init__(self, profile: Profile | None) -> None:
        self.profile = profile
        self._cache: dict[tuple[int, int], tuple[ReferenceIntake, UpperLimit]] = {}

    def on(self, day: date) -> tuple[ReferenceIntake, UpperLimit]:
        key = (day.year, day.month)
        if key not in self._cache:
            self._cache[key] = (
                reference_intake(self.profile, day),
                upper_limit(self.profile, day),
            )
        return self._cache[key]


def _day_summary(
    day: date,
    intake: DayIntake | None,
    values: _Values,
    completed: bool,
    spacing_caution: bool,
    today: date | None,
) -> DaySummary:
    reference, limit = values.on(day)
    logged = intake is not None and intake.logged
    food: Decimal | None = None
    supplemental: Decimal | None = None
    total: Decimal | None = None
    unknown = 0
    supplemental_entries = 0
    if intake is not None and logged:
        with localcontext(_CONTEXT):
            total = intake.food_mg + intake.supplemental_mg
        food, supplemental = intake.food_mg, intake.supplemental_mg
        unknown = intake.unknown_food_entries
        supplemental_entries = intake.supplemental_entries
    return DaySummary(
        day=day,
        logged=logged,
        food_mg=food,
        supplemental_mg=supplemental,
        total_mg=total,
        unknown_food_entries=unknown,
        reference=reference,
        limit=limit,
        completed=completed,
        spacing_caution=spacing_caution,
        future=today is not None and day > today,
        supplemental_entries=supplemental_entries,
    )


def summarize_days(
    days: Sequence[date],
    intakes: Mapping[date, DayIntake],
    profile: Profile | None,
    *,
    completed: Iterable[date] = (),
    spacing_caution_days: Iterable[date] = (),
    sources: Sequence[SourceTotal] = (),
    today: date | None = None,
) -> PeriodSummary:
    """Summarize consecutive days from their SQL sums; missing days are "not logged"."""
    if not days:
        raise ValueError("a period needs at least one day")
    values = _Values(profile)
    completed_set, spacing_set = set(completed), set(spacing_caution_days)
    summaries = tuple(
        _day_summary(day, intakes.get(day), values, day in completed_set, day in spacing_set, today)
        for day in days
    )
    period = PeriodSummary(start=days[0], end=days[-1], days=summaries)
    if not sources:
        return period
    # The shares are of everything logged in the period, supplements included.
    return replace(period, top_sources=top_food_sources(sources, period.total_mg))


def top_food_sources(
    sources: Iterable[SourceTotal], total_mg: Decimal, limit: int = TOP_SOURCES
) -> tuple[FoodSource, ...]:
    """The foods that gave the most magnesium, with their share of all magnesium logged."""
    ranked = sorted(
        (source for source in sources if source.mg > 0),
        key=lambda source: (-source.mg, source.name.casefold()),
    )
    return tuple(
        FoodSource(name=source.name, mg=source.mg, share_percent=percent_of(source.mg, total_mg))
        for source in ranked[:limit]
    )


def weekly_trend(
    week_starts: Sequence[date],
    intakes: Mapping[date, DayIntake],
    profile: Profile | None,
    today: date | None = None,
) -> list[WeekAverage]:
    """Daily averages of consecutive weeks, each over its own logged days."""
    trend = []
    for start in week_starts:
        week = summarize_days(days_from(start, DAYS_PER_WEEK), intakes, profile, today=today)
        trend.append(
            WeekAverage(
                start=week.start,
                end=week.end,
                logged_days=week.logged_count,
                average_food_mg=week.average_food_mg,
                average_supplemental_mg=week.average_supplemental_mg,
                average_total_mg=week.average_total_mg,
                reference=week.reference,
                any_over_limit=week.days_over_limit > 0,
                future=today is not None and start > today,
                any_infant_supplement=week.days_infant_supplement > 0,
                limits=week.limits,
            )
        )
    return trend


def spacing_caution_days(
    magnesium_doses: Iterable[MagnesiumDose],
    medicine_doses: Iterable[MedicineDose],
    bisphosphonate_gap: timedelta = DEFAULT_BISPHOSPHONATE_GAP,
) -> set[date]:
    """Days on which a magnesium dose or a medicine dose is part of a spacing conflict."""
    return {
        day
        for conflict in find_spacing_conflicts(magnesium_doses, medicine_doses, bisphosphonate_gap)
        for day in conflict_days(conflict)
    }


def period_cautions(
    summary: PeriodSummary, period_name: str, kidney_flag: bool = False
) -> list[Caution]:
    """General cautions for a period: over the UL, an infant's supplements, the kidney flag
    with supplements logged, and spacing conflicts; each counts the days it fired on."""
    cautions: list[Caution] = []
    over = [day for day in summary.days if day.over_limit]
    if over:
        limits = list(dict.fromkeys(day.limit for day in over))
        highest = max(over, key=lambda day: day.supplemental_mg or 0)
        # A birthday can move a child to another limit during the period: name each one.
        each = ", each on its own days" if len(limits) > 1 else ""
        cautions.append(
            upper_limit_caution(
                f"On {counted(len(over), 'day')} of {period_name}, magnesium logged from "
                f"supplements and medicines was above "
                f"{' and '.join(upper_limit_words(limit) for limit in limits)}{each} (highest: "
                f"{highest.supplemental_text} mg).",
                limits[-1],
            )
        )
    infant_days = [day for day in summary.days if day.infant_supplement]
    if infant_days:
        cautions.append(
            infant_supplement_caution(
                infant_days[-1].limit, f"on {counted(len(infant_days), 'day')} of {period_name}"
            )
        )
    if kidney_flag and summary.days_with_supplements:
        cautions.append(
            kidney_caution(
                "magnesium from supplements or medicines was logged on "
                f"{counted(summary.days_with_supplements, 'day')} of {period_name}"
            )
        )
    if summary.days_with_spacing_cautions:
        cautions.append(
            Caution(
                key="spacing",
                title="Timing of magnesium and medicines",
                message=(
                    f"On {counted(summary.days_with_spacing_cautions, 'day')} of {period_name}, a "
                    "magnesium supplement or medicine was logged closer to a bisphosphonate or "
                    "an antibiotic than the spacing the tracker checks; the day pages show the "
                    f"times, the general guidance and the check. {ASK_PROVIDER_TIMING}"
                ),
                source=NIH_ODS,
            )
        )
    return cautions
