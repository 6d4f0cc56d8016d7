"""Column types shared by the models, and the limits of the columns, read from the models.

Timestamps are UTC everywhere: UTCDateTime stores aware datetimes in UTC and hands them back
aware (SQLite keeps no zone, so its values are marked UTC as they are read). Limits such as
the longest name or the largest number of micrograms are read from the model's columns, so a
form, the data file and a URL converter never restate them.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, DateTime, Enum, Integer, String
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.types import TypeDecorator

# The largest value of each integer type the models use (PostgreSQL's limits; SQLite stores
# every integer in 64 bits, so these are the binding ones).
INTEGER_MAX = 2**31 - 1
BIG_INTEGER_MAX = 2**63 - 1
# Row ids are Integer primary keys: larger ids cannot exist, so they are looked up nowhere
# (a 404, never an overflow).
MAX_ROW_ID = INTEGER_MAX


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp with its zone, always UTC: aware in, aware out, on every database."""

    impl = DateTime(timezone=True)
    cache_ok = True

    @property
    def python_type(self) -> type[datetime]:
        return datetime

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            # A naive time could be anybody's wall clock: only aware times are written.
            raise ValueError("UTCDateTime needs an aware datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        # SQLite hands timestamps back without their zone; they were written in UTC.
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def enum_type(members: type[StrEnum], *, length: int, name: str) -> Enum:
    """A text column that holds one of `members`' values, read back as the member.

    Stored as the value in a VARCHAR of `length` (no database enum type: adding a member is
    a new CHECK, not an ALTER TYPE), with a CHECK constraint "ck_<table>_<name>" so the
    database refuses anything else; Python refuses it before it is sent.
    """
    return Enum(
        members,
        native_enum=False,
        validate_strings=True,
        create_constraint=True,
        length=length,
        name=name,
        values_callable=lambda enum: [member.value for member in enum],
    )


def _column_type(column: InstrumentedAttribute[Any]) -> Any:
    return column.property.columns[0].type


def max_length(column: InstrumentedAttribute[Any]) -> int:
    """The most characters a text column holds (its String length)."""
    column_type = _column_type(column)
    if not isinstance(column_type, String) or column_type.length is None:
        raise TypeError(f"{column} is not a String column with a length")
    return column_type.length


def max_value(column: InstrumentedAttribute[Any]) -> int:
    """The largest number an integer column holds."""
    column_type = _column_type(column)
    if isinstance(column_type, BigInteger):
        return BIG_INTEGER_MAX
    if isinstance(column_type, Integer):
        return INTEGER_MAX
    raise TypeError(f"{column} is not an integer column")


class TimeList(TypeDecorator[tuple[time, ...]]):
    """Times of day, in order, kept as one text value ("07:00,19:30"): a plan's times are one
    value, read and written whole, never searched one by one."""

    impl = String(64)
    cache_ok = True

    @property
    def python_type(self) -> type[tuple]:
        return tuple

    def process_bind_param(self, value: tuple[time, ...] | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return ",".join(at.isoformat(timespec="minutes") for at in sorted(value))

    def process_result_value(self, value: str | None, dialect: Dialect) -> tuple[time, ...] | None:
        if value is None:
            return None
        return tuple(time.fromisoformat(part) for part in value.split(",") if part)
