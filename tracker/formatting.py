"""How the tracker writes exact numbers, counts and dates for people: one rule for each.

The pages, the report, the PDF, the CSV files, the data file and the domain's own messages
all write these through here, so "3 days", "Tue 5 Mar 2024" or "62.5" read the same wherever
they appear. Milligrams rounded for display are tracker.domain.totals' (display_mg and
friends); tracker.web registers both as the templates' filters, in one place.

Pure functions of the standard library only, so the domain may use them too.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

# --- Exact decimals -----------------------------------------------------------------------------


def exact_text(value: Decimal, *, grouped: bool = False) -> str:
    """A decimal as it is, without exponent or trailing zeros: "23.7", "30", "0.021".

    grouped adds thousands separators ("1,250"), for display only: the app reads a comma
    typed into a form as a decimal comma, so text meant to be typed back has none.
    """
    text = f"{value:,f}" if grouped else f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def scaled_text(units: int, places: int) -> str:
    """A stored whole number of 10**-places as exact_text writes it: (1500, 3) -> "1.5".

    The same text as exact_text(Decimal(units).scaleb(-places)) in integer arithmetic, for
    exports that write tens of thousands of stored numbers.
    """
    if units < 0:
        return "-" + scaled_text(-units, places)
    digits = str(units).rjust(places + 1, "0")
    fraction = digits[-places:].rstrip("0") if places else ""
    return f"{digits[:-places]}.{fraction}" if fraction else digits[: len(digits) - places]


def exact_or_none(value: Decimal | None) -> str | None:
    """exact_text, with None (unknown) left as None."""
    return None if value is None else exact_text(value)


def number(count: int) -> str:
    """A whole number with thousands separators: "1,096"."""
    return f"{count:,}"


# --- Counts -------------------------------------------------------------------------------------


def plural(count: int | Decimal | str, singular: str, plural_form: str | None = None) -> str:
    """The word for `count` things: "day" for 1, "days" otherwise (or the plural given).

    count may be the number as shown ("1", "0.5"): an amount shown as "1" reads "1 unit".
    """
    if count == 1 or count == "1":
        return singular
    return plural_form if plural_form is not None else singular + "s"


def counted(count: int, singular: str, plural_form: str | None = None) -> str:
    """A count with its word: "1 day", "3 days", "1,096 days", "2 entries"."""
    return f"{count:,} {plural(count, singular, plural_form)}"


def and_list(items: list[str] | tuple[str, ...]) -> str:
    """Items as a sentence lists them: "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def times_text(count: int) -> str:
    """How often: "once", "2 times"."""
    return "once" if count == 1 else f"{count:,} times"


# --- Dates and times ----------------------------------------------------------------------------
# British order, no leading zeros: "Tuesday 5 March 2024". Each shape has one function.


def long_date(day: date) -> str:
    """ "Tuesday 5 March 2024": page titles and headings."""
    return f"{long_day(day)} {day.year}"


def long_day(day: date) -> str:
    """ "Tuesday 5 March": a day whose year is plain from the page."""
    return f"{day:%A} {day.day} {day:%B}"


def day_month_year(day: date) -> str:
    """ "5 March 2024": date ranges and weeks."""
    return f"{day_month(day)} {day.year}"


def day_month(day: date) -> str:
    """ "5 March"."""
    return f"{day.day} {day:%B}"


def short_date(day: date) -> str:
    """ "Tue 5 Mar 2024": the rows of the report's tables."""
    return f"{short_day(day)} {day.year}"


def short_day(day: date) -> str:
    """ "Tue 5 Mar": the rows of the week and month tables."""
    return f"{short_weekday(day)} {short_day_month(day)}"


def short_weekday(day: date) -> str:
    """ "Tue": under a week chart's bars."""
    return f"{day:%a}"


def short_day_month(day: date) -> str:
    """ "5 Mar": chart labels."""
    return f"{day.day} {day:%b}"


def month_name(day: date) -> str:
    """ "March"."""
    return f"{day:%B}"


def month_year(day: date) -> str:
    """ "March 2024"."""
    return f"{month_name(day)} {day.year}"


def clock(at: time | datetime) -> str:
    """A time of day on the 24-hour clock: "08:30"."""
    return f"{at:%H:%M}"


def moment_text(moment: datetime) -> str:
    """A date and time (already in the reader's zone): "5 Mar 2024, 14:05"."""
    return f"{moment.day} {moment:%b %Y}, {clock(moment)}"
