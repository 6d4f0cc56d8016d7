"""Regimens: a plan of doses (every day, chosen weekdays, every N days, as needed), the days
and times it puts doses on, their spacing checked while planning, and adherence.

Planned times are wall-clock times in the user's time zone, as logged doses are: a dose
planned for 07:00 is at 07:00 on the clock of the day, whatever the offset from UTC that day.
Only reminders need an instant, due_at: a time the clock skips in spring (02:30 when clocks go
from 02:00 to 03:00) is due when the clock would have shown it without the change, 03:30, and
a time the clock shows twice in autumn is due the first time (zoneinfo's fold=0, PEP 495).

A plan never names a dose to take: it holds what the user chose (times and units), and the
spacing check only points out planned times closer than the general guidance, in the same
words and by the same rule as the day page's caution (tracker.domain.cautions).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from tracker.domain.cautions import (
    PLANNED,
    Caution,
    MagnesiumDose,
    MedicineClass,
    MedicineDose,
    SpacingConflict,
    find_spacing_conflicts,
    spacing_caution,
)
from tracker.domain.errors import ValidationError
from tracker.domain.periods import DAYS_PER_WEEK
from tracker.formatting import clock, day_month_year, long_date, plural


class ScheduleItem(StrEnum):
    """What a schedule plans: a saved product of "My supplements", or a medicine to space."""

    PRODUCT = "product"
    SPACED_MEDICINE = "spaced_medicine"


class SchedulePattern(StrEnum):
    DAILY = "daily"
    WEEKDAYS = "weekdays"
    INTERVAL = "interval"
    AS_NEEDED = "as_needed"

    @property
    def label(self) -> str:
        """The choice as the form offers it."""
        return _PATTERN_LABELS[self]


_PATTERN_LABELS = {
    SchedulePattern.DAILY: "Every day",
    SchedulePattern.WEEKDAYS: "On chosen days of the week",
    SchedulePattern.INTERVAL: "Every few days (every 2 days, every 3 days …)",
    SchedulePattern.AS_NEEDED: "As needed (no set times)",
}


class DoseStatus(StrEnum):
    """What the user recorded for a planned dose; no record at all is "not recorded"."""

    TAKEN = "taken"
    SKIPPED = "skipped"


class Weekday(StrEnum):
    """A day of the week, as the data file names it; .number is date.weekday()'s."""

    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @property
    def number(self) -> int:
        """Monday 0 ... Sunday 6."""
        return list(Weekday).index(self)


# date.weekday(): Monday is 0.
WEEKDAY_NAMES = tuple(day.value.capitalize() for day in Weekday)
ALL_WEEKDAYS = frozenset(range(DAYS_PER_WEEK))

# Up to four times a day: enough for a dose with each meal and one at bedtime.
MAX_TIMES_PER_DAY = 4
TIME_FIELDS = tuple(f"time_{number}" for number in range(1, MAX_TIMES_PER_DAY + 1))
MIN_INTERVAL_DAYS = 2
MAX_INTERVAL_DAYS = 365
# The spacing check looks this far ahead for two plans that meet only now and then (every 5
# and every 7 days meet every 35 days); plans that repeat by the week need only 9 days.
MAX_CHECK_DAYS = 2 * 366


def weekday_mask(weekdays: Iterable[int]) -> int:
    """Weekdays (Monday 0 ... Sunday 6) as a number, one bit a day, as the database keeps them."""
    return sum(1 << day for day in set(weekdays))


def weekdays_of(mask: int) -> tuple[int, ...]:
    """The weekdays (Monday 0 ... Sunday 6) a weekday_mask holds."""
    return tuple(day for day in range(DAYS_PER_WEEK) if mask & (1 << day))


@dataclass(frozen=True)
class Plan:
    """When doses are planned: the pattern, its days, the times of day, start and end."""

    pattern: SchedulePattern
    start: date
    end: date | None = None
    times: tuple[time, ...] = ()
    weekdays: tuple[int, ...] = ()
    interval_days: int | None = None

    @property
    def is_timed(self) -> bool:
        """True when the plan puts doses at set times (everything but "as needed")."""
        return self.pattern is not SchedulePattern.AS_NEEDED

    @property
    def period_days(self) -> int:
        """After how many days the plan repeats itself."""
        if self.pattern is SchedulePattern.WEEKDAYS:
            return DAYS_PER_WEEK
        if self.pattern is SchedulePattern.INTERVAL and self.interval_days:
            return self.interval_days
        return 1


class PlanErrors(ValidationError):
    """Every field of a schedule to correct, so the form shows them all at once.

    A ValidationError itself (its field and message are the first one's), so a caller that
    shows one error still works; `errors` holds one per field, in the order found.
    """

    def __init__(self, errors: Iterable[ValidationError]) -> None:
        found: dict[str, ValidationError] = {}
        for error in errors:
            for each in getattr(error, "errors", (error,)):
                found.setdefault(each.field, each)
        if not found:
            raise ValueError("PlanErrors needs at least one error")
        self.errors = tuple(found.values())
        super().__init__(self.errors[0].field, self.errors[0].message)


def check_plan(
    pattern: SchedulePattern | str | None,
    *,
    start: date | None,
    end: date | None,
    times: Sequence[time | None],
    weekdays: Iterable[int] = (),
    interval_days: int | None = None,
) -> Plan:
    """The plan the user chose, or PlanErrors naming every field to correct.

    The fields are the form's: "pattern", "days", "interval_days", "start_day", "end_day" and
    the times "time_1" to "time_4" (empty ones are left out; a time entered twice is refused).
    An "as needed" plan has no times: any entered are not part of it.
    """
    errors: list[ValidationError] = []
    chosen: SchedulePattern | None
    try:
        chosen = SchedulePattern(pattern or "")
    except ValueError:
        chosen = None
        errors.append(
            ValidationError(
                "pattern",
                "Choose how often: every day, on chosen days, every few days, or as needed.",
            )
        )
    if start is None:
        errors.append(ValidationError("start_day", "Enter the date the schedule starts."))
    elif end is not None and end < start:
        errors.append(
            ValidationError("end_day", "The end date must be on or after the start date.")
        )
    days = tuple(sorted(set(weekdays)))
    if chosen is SchedulePattern.WEEKDAYS:
        if not days:
            errors.append(ValidationError("days", "Choose at least one day of the week."))
        elif not set(days) <= ALL_WEEKDAYS:
            errors.append(ValidationError("days", "Choose days of the week from the list."))
    every = None
    if chosen is SchedulePattern.INTERVAL:
        if interval_days is None or not MIN_INTERVAL_DAYS <= interval_days <= MAX_INTERVAL_DAYS:
            errors.append(
                ValidationError(
                    "interval_days",
                    f"Enter a number of days from {MIN_INTERVAL_DAYS} to {MAX_INTERVAL_DAYS} "
                    "(for a dose every day, choose “Every day”).",
                )
            )
        every = interval_days
    planned: tuple[time, ...] = ()
    if chosen is not None and chosen is not SchedulePattern.AS_NEEDED:
        try:
            planned = _check_times(times)
        except ValidationError as error:
            errors.append(error)
    if errors or chosen is None or start is None:
        raise PlanErrors(errors)
    return Plan(
        pattern=chosen,
        start=start,
        end=end,
        times=planned,
        weekdays=days if chosen is SchedulePattern.WEEKDAYS else (),
        interval_days=every,
    )


def _check_times(times: Sequence[time | None]) -> tuple[time, ...]:
    if len(times) > MAX_TIMES_PER_DAY:
        raise ValidationError("time_1", f"Enter at most {MAX_TIMES_PER_DAY} times a day.")
    seen: set[time] = set()
    for field, at in zip(TIME_FIELDS, times, strict=False):
        if at is None:
            continue
        minute = at.replace(second=0, microsecond=0, tzinfo=None)
        if minute in seen:
            raise ValidationError(field, f"{clock(minute)} is entered twice: enter each time once.")
        seen.add(minute)
    if not seen:
        raise ValidationError(
            "time_1", "Enter the time of the dose, such as 07:30 (or choose “As needed”)."
        )
    return tuple(sorted(seen))


# --- The days and times of a plan --------------------------------------------------------------


def takes_dose_on(plan: Plan, day: date) -> bool:
    """True when the plan has doses at set times on this day."""
    if day < plan.start or (plan.end is not None and day > plan.end):
        return False
    if plan.pattern is SchedulePattern.DAILY:
        return True
    if plan.pattern is SchedulePattern.WEEKDAYS:
        return day.weekday() in plan.weekdays
    if plan.pattern is SchedulePattern.INTERVAL and plan.interval_days:
        return (day - plan.start).days % plan.interval_days == 0
    return False


@dataclass(frozen=True)
class PlanVersion:
    """A plan as it stood from a day on: editing a schedule starts a new version, so the days
    before keep the plan they had (history is never rewritten)."""

    effective_from: date
    plan: Plan


def plan_on(versions: Iterable[PlanVersion], day: date) -> Plan | None:
    """The plan in force on a day: the latest version that took effect on or before it."""
    current = None
    for version in versions:
        if version.effective_from <= day and (
            current is None or version.effective_from >= current.effective_from
        ):
            current = version
    return None if current is None else current.plan


def doses_on(versions: Sequence[PlanVersion], day: date) -> tuple[time, ...]:
    """The planned times of one day (none for "as needed" or outside the plan's dates)."""
    plan = plan_on(versions, day)
    if plan is None or not takes_dose_on(plan, day):
        return ()
    return plan.times


def occurrences(
    versions: Sequence[PlanVersion], first: date, last: date
) -> list[tuple[date, time]]:
    """Every planned dose (day, time) from first to last, both included, in order."""
    found: list[tuple[date, time]] = []
    day = first
    while day <= last:
        found.extend((day, at) for at in doses_on(versions, day))
        day += timedelta(days=1)
    return found


def due_at(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The instant (UTC) a dose planned for a wall-clock time in the user's zone is due.

    fold=0 (PEP 495): a time the clock skips in spring is due as if the clock had not changed
    (02:30 on the day clocks go from 02:00 to 03:00 is due at 03:30); a time the clock shows
    twice in autumn is due the first time.
    """
    return datetime.combine(day, at.replace(tzinfo=None, fold=0), tzinfo=zone).astimezone(UTC)


# --- Words --------------------------------------------------------------------------------------


def and_list(words: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def weekdays_text(weekdays: Iterable[int]) -> str:
    """ "Mondays", "Mondays and Thursdays", "every day" (all seven)."""
    days = sorted(set(weekdays))
    if set(days) == ALL_WEEKDAYS:
        return "every day"
    return and_list([f"{WEEKDAY_NAMES[day]}s" for day in days])


def describe_plan(plan: Plan, today: date) -> str:
    """The plan in words: "Every day at 07:30", "Mondays at 07:00, until 30 June 2026"."""
    at = f" at {and_list([clock(t) for t in plan.times])}" if plan.times else ""
    if plan.pattern is SchedulePattern.DAILY:
        text = f"Every day{at}"
    elif plan.pattern is SchedulePattern.WEEKDAYS:
        days = weekdays_text(plan.weekdays)
        text = f"{days[:1].upper()}{days[1:]}{at}"
    elif plan.pattern is SchedulePattern.INTERVAL:
        text = f"Every {plan.interval_days} days{at}, counting from {long_date(plan.start)}"
    else:
        text = "As needed"
    if plan.start > today and plan.pattern is not SchedulePattern.INTERVAL:
        text += f", from {day_month_year(plan.start)}"
    if plan.end is not None:
        text += f", until {day_month_year(plan.end)}"
    return text


def units_text(units: str) -> str:
    """ "1 unit", "2 units", "0.5 units": the units as the user planned them."""
    return f"{units} {plural(units, 'unit')}"


# --- The spacing check while planning -----------------------------------------------------------


@dataclass(frozen=True)
class PlannedItem:
    """A scheduled item as the planning check sees it: magnesium, or a medicine to space."""

    key: int  # the schedule's id
    label: str
    plan: Plan
    medicine_class: MedicineClass | None = None  # None: it contains magnesium


@dataclass(frozen=True)
class PlannedConflict:
    """Two schedules whose planned times would be closer than the general guidance."""

    medicine_key: int
    magnesium_key: int
    days: str  # "On Mondays", "Every day", "Next on Monday 9 March 2026"
    first_day: date
    conflict: SpacingConflict

    @property
    def caution(self) -> Caution:
        """The same caution the day page shows, in the words of a plan."""
        return spacing_caution(self.conflict)

    def involves(self, key: int) -> bool:
        """True when the schedule with this key is one of the two."""
        return key in (self.medicine_key, self.magnesium_key)


def _doses_between(item: PlannedItem, first: date, last: date) -> list[datetime]:
    moments: list[datetime] = []
    day = first
    while day <= last:
        if takes_dose_on(item.plan, day):
            moments.extend(datetime.combine(day, at) for at in item.plan.times)
        day += timedelta(days=1)
    return moments


def _pair_window(medicine: PlannedItem, magnesium: PlannedItem, today: date) -> tuple[date, date]:
    first = max(today, medicine.plan.start, magnesium.plan.start)
    # At least a week, to name the weekdays; one day more, as a gap can cross midnight.
    period = math.lcm(medicine.plan.period_days, magnesium.plan.period_days)
    last = first + timedelta(days=min(max(period, DAYS_PER_WEEK), MAX_CHECK_DAYS))
    ends = [plan.end for plan in (medicine.plan, magnesium.plan) if plan.end is not None]
    return first, min([last, *(end + timedelta(days=1) for end in ends)])


def _days_text(moments: list[datetime], weekly: bool) -> str:
    if not weekly:
        return f"Next on {long_date(moments[0].date())}"
    days = weekdays_text(moment.weekday() for moment in moments)
    return "Every day" if days == "every day" else f"On {days}"


def _pair_conflicts(
    medicine: PlannedItem, magnesium: PlannedItem, today: date, gap: timedelta
) -> list[PlannedConflict]:
    first, last = _pair_window(medicine, magnesium, today)
    if last < first or medicine.medicine_class is None:
        return []
    medicine_doses = [
        MedicineDose(medicine.label, at, medicine.medicine_class)
        for at in _doses_between(medicine, first, last)
    ]
    magnesium_doses = [
        MagnesiumDose(magnesium.label, at)
        for at in _doses_between(magnesium, first - timedelta(days=1), last + timedelta(days=1))
    ]
    # The same clash repeats on every day both are planned: one caution for each pair of
    # times (and, for plans that repeat by the week, for the weekdays it falls on).
    groups: dict[tuple, list[SpacingConflict]] = {}
    for conflict in find_spacing_conflicts(magnesium_doses, medicine_doses, gap, PLANNED):
        if conflict.first_at.date() < today:
            continue
        offset = (conflict.magnesium.at.date() - conflict.medicine.at.date()).days
        shape = (conflict.medicine.at.time(), conflict.magnesium.at.time(), offset)
        groups.setdefault(shape, []).append(conflict)
    weekly = DAYS_PER_WEEK % math.lcm(medicine.plan.period_days, magnesium.plan.period_days) == 0
    return [
        PlannedConflict(
            medicine_key=medicine.key,
            magnesium_key=magnesium.key,
            days=_days_text([c.medicine.at for c in found], weekly),
            first_day=found[0].first_at.date(),
            conflict=found[0],
        )
        for found in groups.values()
    ]


def planned_spacing(
    items: Iterable[PlannedItem], today: date, gap: timedelta
) -> list[PlannedConflict]:
    """Every pair of planned times, from today on, closer than the general spacing guidance.

    Both directions (magnesium before or after the medicine) and across midnight, with the
    user's gap for bisphosphonates: the rule of tracker.domain.cautions, applied to the doses
    the plans would put on the days ahead. "As needed" items have no planned times to check.
    """
    timed = [item for item in items if item.plan.is_timed]
    medicines = [item for item in timed if item.medicine_class is not None]
    magnesium = [item for item in timed if item.medicine_class is None]
    found = [
        conflict
        for medicine in medicines
        for supplement in magnesium
        for conflict in _pair_conflicts(medicine, supplement, today, gap)
    ]
    return sorted(
        found,
        key=lambda c: (c.first_day, c.conflict.medicine.at.time(), c.conflict.magnesium.label),
    )


# --- Adherence ----------------------------------------------------------------------------------

# What "not recorded" means, on the week and month pages and in the report alike.
NOT_RECORDED_NOTE = (
    "“Not recorded” counts planned doses whose time has come that were marked neither taken "
    "nor skipped: some may have been taken without being marked. Only doses marked taken are "
    "in the day's totals."
)


@dataclass(frozen=True)
class DoseCounts:
    """A scheduled item's planned doses over some days: what was recorded, what was not."""

    due: int  # planned doses whose time has come
    taken: int
    skipped: int
    not_recorded: int  # due, and neither marked taken nor skipped
    upcoming: int  # planned, time still to come, not marked yet


def dose_counts(
    planned: Iterable[tuple[date, time]],
    recorded: Mapping[tuple[date, time], DoseStatus],
    now: datetime,
) -> DoseCounts:
    """Count a schedule's doses: `planned` (day, time) pairs, `recorded` statuses, `now` local.

    Every recorded dose counts as taken or skipped (one taken as needed, or at a time a later
    edit of the plan dropped, too); a planned dose is "not recorded" only once its time has
    come (did not take and forgot to record are different things: only the user knows which).
    """
    due = not_recorded = upcoming = 0
    for day, at in planned:
        is_due = datetime.combine(day, at) <= now.replace(tzinfo=None)
        due += is_due
        if (day, at) not in recorded:
            if is_due:
                not_recorded += 1
            else:
                upcoming += 1
    statuses = list(recorded.values())
    return DoseCounts(
        due=due,
        taken=statuses.count(DoseStatus.TAKEN),
        skipped=statuses.count(DoseStatus.SKIPPED),
        not_recorded=not_recorded,
        upcoming=upcoming,
    )
