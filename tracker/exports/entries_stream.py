"""The entries CSV as it is sent: chunks of about 64 KiB written as the rows are read.

The same bytes as csv_export.entries_csv(entries.entry_lines(...)), the plain reading the
tests compare it with, at a fraction of the cost: each table is read in its file order (the
database sorts), in batches, with only the columns shown and no per-row objects (text
columns as stored, no enum or Decimal per row); stored integers are written by integer
arithmetic (formatting.scaled_text, totals.display_quantity_micro). Years of heavy logging
(30,000 rows) cost a worker a few hundred milliseconds, its memory stays flat and the first
bytes leave at once (bench/bench_exports.py).
"""

from __future__ import annotations

import csv
import functools
import heapq
import io
from collections.abc import Iterator, Sequence
from datetime import date
from operator import itemgetter
from typing import Any

from sqlalchemy import String, case, type_coerce

from tracker.domain.cautions import MedicineClass
from tracker.domain.cronometer import imported_from
from tracker.domain.entries import EntryKind, Meal, meal_rank
from tracker.domain.supplements import ProductKind, SupplementForm
from tracker.domain.totals import display_quantity_micro, shown_amount_text
from tracker.exports.csv_export import BOM, ENTRY_COLUMNS, neutralise
from tracker.exports.entries import (
    KIND_FOOD,
    KIND_MEDICINE,
    KIND_QUICK_ADD,
    KIND_RECIPE,
    KIND_SUPPLEMENT,
    SOURCE_CUSTOM,
)
from tracker.extensions import db
from tracker.formatting import clock, plural, scaled_text
from tracker.models import Food, FoodEntry, SupplementEntry, User
from tracker.models import MedicineDose as MedicineDoseRow

CHUNK_BYTES = 64 * 1024
BATCH_ROWS = 1000  # rows fetched from the database at a time


def _read(query: Any) -> Iterator[Any]:
    """The rows of a query, fetched in batches (a server-side cursor on PostgreSQL)."""
    return iter(db.session.connection().execute(query.execution_options(yield_per=BATCH_ROWS)))


def _raw(column: Any) -> Any:
    # An enum column as its stored text: no member made and checked per row.
    return type_coerce(column, String)


def _number(units: int | None, places: int) -> str:
    return "" if units is None else scaled_text(units, places)


def _food_query(user: User, start: date, end: date) -> Any:
    # Ordered as entries._line_order: by meal (breakfast to snack, then none), untimed last.
    rank = case(
        {meal: meal_rank(meal) for meal in Meal}, value=FoodEntry.meal, else_=meal_rank(None)
    )
    return (
        db.select(
            FoodEntry.day,
            FoodEntry.time,
            _raw(FoodEntry.meal),
            _raw(FoodEntry.kind),
            FoodEntry.item_name,
            FoodEntry.quantity_micro,
            FoodEntry.portion_label,
            FoodEntry.grams_milli,
            FoodEntry.magnesium_ug,
            Food.ndb_number,
            FoodEntry.origin,
        )
        .outerjoin(Food, Food.id == FoodEntry.food_id)
        .where(FoodEntry.user_id == user.id, FoodEntry.day.between(start, end))
        .order_by(FoodEntry.day, rank, FoodEntry.time.is_(None), FoodEntry.time, FoodEntry.id)
    )


def _units_text(units_micro: int) -> str:
    units = display_quantity_micro(units_micro)
    return f"{units} {plural(units, 'unit')}"


def _timed_key(day: date, at: Any, row_id: int) -> tuple[Any, ...]:
    # entries._line_order of a supplement or medicine dose (group 1, no meal).
    return (day, 1, at is None, at, row_id)


def _supplement_rows(
    user: User, start: date, end: date
) -> Iterator[tuple[tuple[Any, ...], list[str]]]:
    query = (
        db.select(
            SupplementEntry.id,
            SupplementEntry.day,
            SupplementEntry.time,
            _raw(SupplementEntry.kind),
            SupplementEntry.name,
            _raw(SupplementEntry.form),
            SupplementEntry.units_micro,
            SupplementEntry.magnesium_ug,
            SupplementEntry.magnesium_ug_per_unit,
            SupplementEntry.origin,
        )
        .where(SupplementEntry.user_id == user.id, SupplementEntry.day.between(start, end))
        .order_by(
            SupplementEntry.day,
            SupplementEntry.time.is_(None),
            SupplementEntry.time,
            SupplementEntry.id,
        )
    )
    text = functools.lru_cache(maxsize=4096)(neutralise)
    units = functools.lru_cache(maxsize=1024)(_units_text)
    medicine_kind, supplement_kind = text(KIND_MEDICINE), text(KIND_SUPPLEMENT)
    forms = {form.value: text(form.label) for form in SupplementForm}
    source = functools.lru_cache(maxsize=64)(imported_from)
    for row_id, day, at, kind, name, form, units_micro, magnesium, per_unit, origin in _read(query):
        yield (
            _timed_key(day, at, row_id),
            [
                day.isoformat(),
                "" if at is None else clock(at),
                "",
                medicine_kind if kind == ProductKind.MEDICINE.value else supplement_kind,
                text(name),
                text(SOURCE_CUSTOM),
                text(units(units_micro)),
                "",
                _number(magnesium, 3),
                forms[form],
                _number(per_unit, 3),
                source(origin),
            ],
        )


def _dose_rows(user: User, start: date, end: date) -> Iterator[tuple[tuple[Any, ...], list[str]]]:
    query = (
        db.select(
            MedicineDoseRow.id,
            MedicineDoseRow.day,
            MedicineDoseRow.time,
            MedicineDoseRow.medicine_name,
            _raw(MedicineDoseRow.medicine_class),
        )
        .where(MedicineDoseRow.user_id == user.id, MedicineDoseRow.day.between(start, end))
        .order_by(MedicineDoseRow.day, MedicineDoseRow.time, MedicineDoseRow.id)
    )
    text = functools.lru_cache(maxsize=1024)(neutralise)
    classes = {
        medicine.value: text(f"{medicine.label}; logged for timing, no magnesium")
        for medicine in MedicineClass
    }
    for row_id, day, at, name, medicine_class in _read(query):
        yield (
            _timed_key(day, at, row_id),
            [
                day.isoformat(),
                "" if at is None else clock(at),
                "",
                text(KIND_MEDICINE),
                text(name),
                text(SOURCE_CUSTOM),
                text("1 dose"),
                "",
                "",
                classes[medicine_class],
                "",
                "",
            ],
        )


def _entry_rows(user: User, start: date, end: date) -> Iterator[Sequence[str]]:
    """The CSV's rows in the file's order: each day's foods, then its supplements and doses."""
    # Supplements and medicine doses merged by time (on equal places supplements first, as
    # the stable sort of entry_lines leaves them).
    timed = heapq.merge(
        _supplement_rows(user, start, end), _dose_rows(user, start, end), key=itemgetter(0)
    )
    next_timed = next(timed, None)
    text = functools.lru_cache(maxsize=8192)(neutralise)
    at = functools.lru_cache(maxsize=2048)(clock)
    meals = {meal.value: text(meal.label) for meal in Meal} | {None: ""}
    food_kind = text(KIND_FOOD)
    # As entry_lines: a quick add and a recipe serving by name; every other kind is a food.
    kinds = {
        EntryKind.QUICK_ADD.value: text(KIND_QUICK_ADD),
        EntryKind.RECIPE.value: text(KIND_RECIPE),
    }
    custom = text(SOURCE_CUSTOM)
    quick_add = EntryKind.QUICK_ADD.value
    source = functools.lru_cache(maxsize=64)(imported_from)
    for day, at_time, meal, kind, item, micro, label, grams, magnesium, ndb, origin in _read(
        _food_query(user, start, end)
    ):
        while next_timed is not None and next_timed[0][0] < day:
            yield next_timed[1]
            next_timed = next(timed, None)
        yield (
            day.isoformat(),
            "" if at_time is None else at(at_time),
            meals[meal],
            kinds.get(kind, food_kind),
            text(item),
            text(ndb) if ndb else custom,
            ""
            if kind == quick_add
            else neutralise(shown_amount_text(display_quantity_micro(micro), label)),
            "" if grams is None else scaled_text(grams, 3),
            "" if magnesium is None else scaled_text(magnesium, 3),
            "",
            "",
            source(origin) if origin else "",
        )
    while next_timed is not None:
        yield next_timed[1]
        next_timed = next(timed, None)


def entries_csv_chunks(user: User, start: date, end: date) -> Iterator[bytes]:
    """The entries CSV of the range in chunks of about CHUNK_BYTES (the first with the BOM)."""
    db.session.flush()
    buffer = io.StringIO(newline="")
    buffer.write(BOM)
    writer = csv.writer(buffer, dialect="excel", lineterminator="\r\n")
    writer.writerow(ENTRY_COLUMNS)
    for row in _entry_rows(user, start, end):
        writer.writerow(row)
        if buffer.tell() >= CHUNK_BYTES:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
