"""The value types of the data file: exact decimals as text, days, times, moments, names.

Each checks a value as the file has it (a JSON string for a decimal, never a number) and
says what is wrong in words the import shows after the value's place in the file; the
decimals write themselves back as exact text. Limits come from the model columns and the
domain. Each also declares what the file holds for the JSON Schema (DataFile's
model_json_schema(): formats, patterns, lengths, ranges), from which the tests generate files.
Every check looks at the type of a value before anything else (a list where a name should be
is "expected text", never a 500).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, PlainSerializer, PlainValidator, StringConstraints, ValidationInfo
from typing_extensions import TypedDict

from tracker.dbtypes import max_length, max_value
from tracker.domain.periods import FIRST_DAY, LAST_DAY
from tracker.domain.text import clean_text
from tracker.domain.totals import (
    MAX_GRAMS_PER_ENTRY,
    MAX_MG_PER_100G,
    MAX_MG_PER_SERVING,
    MAX_PERCENT_DV,
    MAX_SERVING_GRAMS,
    MIN_SERVING_GRAMS,
    ug_to_mg,
)
from tracker.formatting import exact_text
from tracker.localtime import VALID_TIMEZONES
from tracker.models import Food, FoodEntry

MAX_NUTRIENT_PER_100G = 1_000_000.0

_DECIMAL_RE = re.compile(r"[0-9]{1,12}(?:\.[0-9]{1,12})?")
_TIME_RE = re.compile(r"[0-9]{2}:[0-9]{2}(?::[0-9]{2})?")
_DAY_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _text_checker(limit: int, empty: bool) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError("expected text.")
        # As a form would store it: the one rule for text (tracker.domain.text).
        value = clean_text(value)
        if not value and not empty:
            raise ValueError("must not be empty.")
        if len(value) > limit:
            raise ValueError(f"longer than {limit} characters.")
        return value

    return check


def text(limit: int, *, empty: bool = False) -> PlainValidator:
    """Text of at most `limit` characters as a form would store it (tracker.domain.text:
    zero-width characters stripped, whitespace made single spaces; lone surrogates, control
    and bidirectional control characters refused)."""
    shape = Annotated[str, StringConstraints(min_length=0 if empty else 1, max_length=limit)]
    return PlainValidator(_text_checker(limit, empty), json_schema_input_type=shape)


def _decimal_checker(
    places: int, high: Decimal, positive: bool, low: Decimal
) -> Callable[[Any], Decimal]:
    within_places = re.compile(rf"[0-9]{{1,12}}(?:\.[0-9]{{1,{places}}})?")

    def check(value: Any) -> Decimal:
        if isinstance(value, Decimal):  # already a number (the export builds the file so)
            return value
        if not isinstance(value, str) or not _DECIMAL_RE.fullmatch(value):
            raise ValueError('expected a decimal number written as text, such as "23.7".')
        if not within_places.fullmatch(value):
            raise ValueError(f"at most {places} decimal places.")
        number = Decimal(value)
        if number > high or number < low or (positive and number == 0):
            limit = f"at least {low:,}" if low else ("more than 0" if positive else "at least 0")
            raise ValueError(f"must be {limit} and at most {high:,}.")
        return number

    return check


def exact(
    places: int, high: Decimal, *, positive: bool = False, low: Decimal = Decimal(0)
) -> PlainValidator:
    """An exact decimal written as text, from `low` (0, or above 0) to `high`, to `places`
    places."""
    shape = Annotated[str, StringConstraints(pattern=rf"^[0-9]{{1,12}}(\.[0-9]{{1,{places}}})?$")]
    return PlainValidator(
        _decimal_checker(places, high, positive, low), json_schema_input_type=shape
    )


AS_TEXT = PlainSerializer(exact_text, return_type=str)


def import_today(info: ValidationInfo) -> date:
    """The day the import runs (in the user's calendar), given as the validation context."""
    if not isinstance(info.context, dict) or not isinstance(info.context.get("today"), date):
        raise TypeError('validate with context={"today": <the user\'s date>}')
    return info.context["today"]


def _whole_checker(low: int, high: int | None) -> Callable[[Any, ValidationInfo], int]:
    def check(value: Any, info: ValidationInfo) -> int:
        top = high if high is not None else import_today(info).year
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= top:
            raise ValueError(f"expected a whole number from {low} to {top}.")
        return value

    return check


def whole(low: int, high: int | None) -> PlainValidator:
    """A whole number from low to high (None: to this year)."""
    shape = (
        Annotated[int, Field(ge=low)] if high is None else Annotated[int, Field(ge=low, le=high)]
    )
    return PlainValidator(_whole_checker(low, high), json_schema_input_type=shape)


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false.")
    return value


def _day(value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        if not isinstance(value, str) or not _DAY_RE.fullmatch(value):
            raise ValueError
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError('expected a date such as "2024-03-05".') from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"must be from {FIRST_DAY.year} to {LAST_DAY.year}.")
    return day


def _time_of_day(value: Any) -> time:
    if isinstance(value, time):
        return value
    try:
        if not isinstance(value, str) or not _TIME_RE.fullmatch(value):
            raise ValueError
        return time.fromisoformat(value)
    except ValueError:
        raise ValueError('expected a time of day such as "08:30:00".') from None


def _moment(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    try:
        if not isinstance(value, str) or len(value) > 40:
            raise ValueError
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("expected a date and time with its UTC offset.") from None
    if moment.tzinfo is None:
        raise ValueError("the date and time needs its UTC offset.")
    # Checked before the time is moved to UTC: an offset may carry it past year 9999.
    if not FIRST_DAY <= moment.date() <= LAST_DAY:
        raise ValueError(f"must be from {FIRST_DAY.year} to {LAST_DAY.year}.")
    return moment.astimezone(UTC)


def _nutrient(value: Any) -> float | None:
    """A nutrient shown for context only: a JSON number, or null."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("expected a number or null.")
    if not 0 <= value <= MAX_NUTRIENT_PER_100G:
        raise ValueError(f"expected a number from 0 to {MAX_NUTRIENT_PER_100G:,.0f}.")
    return float(value)


def _timezone(value: Any) -> str:
    if not isinstance(value, str) or value not in VALID_TIMEZONES:
        raise ValueError("is not a time zone this tracker knows (such as Europe/London).")
    return value


def _food_link(value: Any) -> tuple[str, str]:
    """{"usda_ndb_number": "11457"} or {"custom_food": "food-1"}, as ("usda" | "custom", ...)."""
    if isinstance(value, tuple):
        return value
    if not isinstance(value, dict) or len(value) != 1:
        raise ValueError('expected null, {"usda_ndb_number": …} or {"custom_food": …}.')
    ((key, target),) = value.items()
    if key == "usda_ndb_number":
        if not isinstance(target, str) or not target.isascii() or not target.isdigit():
            raise ValueError("expected the digits of an NDB number.")
        if len(target) > max_length(Food.ndb_number):
            raise ValueError("expected the digits of an NDB number.")
        return ("usda", target)
    if key == "custom_food":
        return ("custom", _text_checker(max_length(Food.name), False)(target))
    raise ValueError('expected "usda_ndb_number" or "custom_food".')


class _UsdaLink(TypedDict):
    usda_ndb_number: Annotated[str, StringConstraints(pattern="^[0-9]{1,8}$")]


class _CustomLink(TypedDict):
    custom_food: Annotated[str, StringConstraints(min_length=1, max_length=max_length(Food.name))]


def _link_json(link: tuple[str, str]) -> dict[str, str]:
    kind, target = link
    return {"usda_ndb_number": target} if kind == "usda" else {"custom_food": target}


Flag = Annotated[bool, PlainValidator(_flag, json_schema_input_type=bool)]
Day = Annotated[
    date,
    PlainValidator(_day, json_schema_input_type=date),
    PlainSerializer(date.isoformat, return_type=str),
]
TimeOfDay = Annotated[
    time,
    PlainValidator(_time_of_day, json_schema_input_type=time),
    PlainSerializer(time.isoformat, return_type=str),
]
Moment = Annotated[
    datetime,
    PlainValidator(_moment, json_schema_input_type=datetime),
    PlainSerializer(lambda moment: moment.astimezone(UTC).isoformat(), return_type=str),
]
Nutrient = Annotated[
    float | None,
    PlainValidator(
        _nutrient,
        json_schema_input_type=Annotated[float, Field(ge=0, le=MAX_NUTRIENT_PER_100G)] | None,
    ),
]
TimeZoneName = Annotated[
    str,
    PlainValidator(
        _timezone,
        json_schema_input_type=Literal[tuple(sorted(VALID_TIMEZONES))],
    ),
]
FoodLink = Annotated[
    tuple[str, str],
    PlainValidator(_food_link, json_schema_input_type=_UsdaLink | _CustomLink),
    PlainSerializer(_link_json, return_type=dict),
]

# Milligrams in a column of whole micrograms; grams of food at most 5 kg an entry.
Milligrams = Annotated[Decimal, exact(3, ug_to_mg(max_value(FoodEntry.magnesium_ug))), AS_TEXT]
Grams = Annotated[Decimal, exact(3, MAX_GRAMS_PER_ENTRY), AS_TEXT]
# Calcium in mg kept as whole µg, vitamin D in µg kept as whole ng (tracker.domain.bone_nutrients);
# at most what their integer columns hold.
CalciumMilligrams = Annotated[Decimal, exact(3, ug_to_mg(max_value(FoodEntry.calcium_ug))), AS_TEXT]
VitaminDMicrograms = Annotated[
    Decimal, exact(3, ug_to_mg(max_value(FoodEntry.vitamin_d_ng))), AS_TEXT
]
PositiveGrams = Annotated[Decimal, exact(3, MAX_GRAMS_PER_ENTRY, positive=True), AS_TEXT]
Ref = Annotated[str, text(40)]


# A custom food's label, with the limits the form has (tracker.domain.totals).
ServingGrams = Annotated[Decimal, exact(3, MAX_SERVING_GRAMS, low=MIN_SERVING_GRAMS), AS_TEXT]
MilligramsPer100g = Annotated[Decimal, exact(3, MAX_MG_PER_100G), AS_TEXT]
MilligramsPerServing = Annotated[Decimal, exact(3, MAX_MG_PER_SERVING), AS_TEXT]
PercentDailyValue = Annotated[Decimal, exact(2, MAX_PERCENT_DV), AS_TEXT]
