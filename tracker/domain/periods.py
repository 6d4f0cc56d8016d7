"""The days the tracker works with: the dates it accepts, date ranges, weeks and months.

Days are the user's local calendar days (tracker.localtime turns "now" into one). Everything
that takes a day from a person (a URL, an export range, a data file) checks it against the same
FIRST_DAY and LAST_DAY.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from tracker.domain.errors import ValidationError
from tracker.formatting import day_month_year

# The dates a day page, a report or a data file may name: wide enough for any birth year
# or plan, narrow enough that date arithmetic never overflows.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)

DAYS_PER_WEEK = 7


class WeekStart(StrEnum):
    """The day a user's weeks start on."""

    MONDAY = "monday"
    SUNDAY = "sunday"

    @property
    def label(self) -> str:
        """ "Monday" or "Sunday"."""
        return self.value.capitalize()


WEEK_STARTS: tuple[WeekStart, ...] = tuple(WeekStart)
# date.weekday(): Monday is 0, Sunday is 6.
_FIRST_WEEKDAY = {WeekStart.MONDAY: 0, WeekStart.SUNDAY: 6}


def within_range(day: date) -> date | None:
    """The day itself when the tracker accepts it, else None."""
    return day if FIRST_DAY <= day <= LAST_DAY else None


_DAY_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(text: str | None) -> date | None:
    """A YYYY-MM-DD day, or None for anything else (an impossible date included)."""
    if not text or not _DAY_RE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# --- Date ranges --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateRange:
    """Days from start to end, both included, in the user's calendar."""

    start: date
    end: date

    @property
    def day_count(self) -> int:
        """How many days the range covers."""
        return (self.end - self.start).days + 1

    @property
    def days(self) -> list[date]:
        """Every day of the range, oldest first."""
        return days_from(self.start, self.day_count)

    @property
    def text(self) -> str:
        """E.g. "1 March 2024 to 30 March 2024"."""
        return f"{day_month_year(self.start)} to {day_month_year(self.end)}"

    @property
    def slug(self) -> str:
        """E.g. "2024-03-01-to-2024-03-30", for file names."""
        return f"{self.start.isoformat()}-to-{self.end.isoformat()}"


PRESET_PERIODS = {"7": 7, "30": 30, "90": 90}
CUSTOM_PERIOD = "custom"
DEFAULT_PERIOD = "30"
# Three years, leap day included: a doctor's report rarely needs more, and it bounds the work.
MAX_RANGE_DAYS = 3 * 365 + 1


def resolve_range(
    today: date, period: str | None, start: date | None, end: date | None
) -> DateRange:
    """The range a user chose: the last 7, 30 or 90 days (today included) or their own dates."""
    if not period:
        period = CUSTOM_PERIOD if start or end else DEFAULT_PERIOD
    if period in PRESET_PERIODS:
        return DateRange(today - timedelta(days=PRESET_PERIODS[period] - 1), today)
    if period != CUSTOM_PERIOD:
        raise ValidationError("period", "Choose the last 7, 30 or 90 days, or your own dates.")
    if start is None:
        raise ValidationError("start", "Enter the first day of the range.")
    if end is None:
        raise ValidationError("end", "Enter the last day of the range.")
    for field, day in (("start", start), ("end", end)):
        if within_range(day) is None:
            raise ValidationError(field, f"Enter a date from {FIRST_DAY.year} to {LAST_DAY.year}.")
    if end < start:
        raise ValidationError("end", "The last day must be on or after the first day.")
    chosen = DateRange(start, end)
    if chosen.day_count > MAX_RANGE_DAYS:
        raise ValidationError(
            "end", f"Choose at most {MAX_RANGE_DAYS:,} days (3 years) for one export."
        )
    return chosen


# --- Weeks and months ---------------------------------------------------------------------------


def week_start(day: date, starts_on: WeekStart = WeekStart.MONDAY) -> date:
    """The first day of the week containing `day`; weeks start on Monday or Sunday."""
    first = _FIRST_WEEKDAY[WeekStart(starts_on)]
    return day - timedelta(days=(day.weekday() - first) % DAYS_PER_WEEK)


def days_from(start: date, count: int) -> list[date]:
    """`count` consecutive days beginning with `start`."""
    return [start + timedelta(days=offset) for offset in range(count)]


def week_days(day: date, starts_on: WeekStart = WeekStart.MONDAY) -> list[date]:
    """The seven days of the week containing `day`."""
    return days_from(week_start(day, starts_on), DAYS_PER_WEEK)


def week_starts_between(
    start: date, end: date, starts_on: WeekStart = WeekStart.MONDAY
) -> list[date]:
    """The first days of the weeks that hold any day from start to end, oldest first."""
    first = week_start(start, starts_on)
    return [first + timedelta(weeks=n) for n in range((end - first).days // DAYS_PER_WEEK + 1)]


def month_start(year: int, month: int) -> date | None:
    """The first day of a month the tracker accepts, or None.

    The numbers are checked before a date is made of them: date() itself refuses year 0
    (a ValueError deep inside a URL converter was a 500).
    """
    if not 1 <= month <= 12:
        return None
    if not (FIRST_DAY.year, FIRST_DAY.month) <= (year, month) <= (LAST_DAY.year, LAST_DAY.month):
        return None
    return date(year, month, 1)


def month_days(year: int, month: int) -> list[date]:
    """Every day of a calendar month."""
    return days_from(date(year, month, 1), calendar.monthrange(year, month)[1])


def trend_week_starts(current_week_start: date, weeks: int) -> list[date]:
    """Start days of the `weeks` weeks ending with the current one, oldest first."""
    return [current_week_start - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]


def previous_month(first_day: date) -> date:
    """The first day of the month before."""
    return (first_day - timedelta(days=1)).replace(day=1)


def next_month(first_day: date) -> date:
    """The first day of the month after."""
    return (first_day.replace(day=28) + timedelta(days=4)).replace(day=1)
