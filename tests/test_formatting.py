"""How numbers, counts and dates are written: one rule each, and nobody writes their own."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker import formatting
from tracker.formatting import (
    clock,
    counted,
    day_month,
    day_month_year,
    exact_or_none,
    exact_text,
    long_date,
    long_day,
    moment_text,
    month_name,
    month_year,
    number,
    plural,
    scaled_text,
    short_date,
    short_day,
    short_day_month,
    short_weekday,
    times_text,
)
from tracker.web import template_filters

TRACKER = Path(formatting.__file__).parent


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("23.700"), "23.7"),
        (Decimal("30"), "30"),
        (Decimal("30.000"), "30"),
        (Decimal("1E+2"), "100"),
        (Decimal("0.021"), "0.021"),
        (Decimal("0.000"), "0"),
        (Decimal("12.25"), "12.25"),
        (Decimal("1234567.5"), "1234567.5"),
    ],
)
def test_exact_text_keeps_every_digit_and_drops_trailing_zeros(value, text):
    assert exact_text(value) == text
    assert Decimal(text) == value


@settings(max_examples=300)
@given(st.integers(min_value=-(10**15), max_value=10**15), st.sampled_from([0, 2, 3, 6]))
def test_scaled_text_is_exact_text_of_the_stored_number(units, places):
    assert scaled_text(units, places) == exact_text(Decimal(units).scaleb(-places))


def test_exact_text_groups_thousands_only_when_asked():
    assert exact_text(Decimal("1250.50"), grouped=True) == "1,250.5"
    assert exact_text(Decimal("1250.50")) == "1250.5"
    assert exact_or_none(None) is None
    assert exact_or_none(Decimal("2.50")) == "2.5"


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, "0 days"), (1, "1 day"), (2, "2 days"), (1096, "1,096 days")],
)
def test_counted(count, text):
    assert counted(count, "day") == text


def test_plural_forms():
    assert plural(1, "entry", "entries") == "entry"
    assert plural(3, "entry", "entries") == "entries"
    assert plural("1", "unit") == "unit"  # as displayed
    assert plural("0.5", "unit") == "units"
    assert plural(Decimal(1), "unit") == "unit"
    assert counted(2, "logged day") == "2 logged days"
    assert times_text(1) == "once" and times_text(12) == "12 times"
    assert number(1096) == "1,096"


def test_date_formats():
    day = date(2024, 3, 5)
    assert long_date(day) == "Tuesday 5 March 2024"
    assert long_day(day) == "Tuesday 5 March"
    assert day_month_year(day) == "5 March 2024"
    assert day_month(day) == "5 March"
    assert short_date(day) == "Tue 5 Mar 2024"
    assert short_day(day) == "Tue 5 Mar"
    assert short_day_month(day) == "5 Mar"
    assert short_weekday(day) == "Tue"
    assert month_year(day) == "March 2024"
    assert month_name(day) == "March"
    assert clock(time(8, 5)) == "08:05"
    assert moment_text(datetime(2024, 3, 5, 14, 5)) == "5 Mar 2024, 14:05"


def test_every_formatting_rule_is_a_template_filter():
    filters = template_filters()
    public = {
        name
        for name, value in vars(formatting).items()
        if callable(value) and getattr(value, "__module__", "") == formatting.__name__
    }
    registered = {f.__name__ for f in filters.values()}
    # scaled_text writes stored integers for the exports; templates show domain values.
    assert public - {"exact_or_none", "times_text", "moment_text", "scaled_text"} <= registered


# Text formats written by hand outside tracker.formatting: a strftime pattern, a day/days
# choice. Each is the next copy of a rule that already has one home. Machine formats (file
# names, ISO dates) are allowed where listed.
_HAND_FORMAT = re.compile(
    r"strftime\(|\{[^{}]*:%[aAbBdHMYy]|'day' if|\"day\" if|[!=]= 1 else|'s' if|\"s\" if"
)
_ALLOWED = {
    "formatting.py": "the rules themselves",
    "backup.py": "machine time stamps in backup file names",
    "mail.py": "machine time stamps in .eml file names",
    "security.py": '"a minute", "an hour": the wording of a wait',
    "form_html.py": "min/max of date inputs in the field's own HTML format, as WTForms writes them",
}


def test_no_page_or_module_formats_dates_or_plurals_by_hand():
    found = []
    for path in sorted([*TRACKER.rglob("*.py"), *TRACKER.rglob("*.html")]):
        relative = path.relative_to(TRACKER).as_posix()
        if relative in _ALLOWED:
            continue
        for number_, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _HAND_FORMAT.search(line):
                found.append(f"{relative}:{number_}: {line.strip()}")
    assert not found, "use tracker.formatting (a filter in templates):\n" + "\n".join(found)
