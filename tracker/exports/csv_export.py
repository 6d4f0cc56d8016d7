"""The two CSV files: every logged entry, and one row of totals per day.

UTF-8 with a byte-order mark (Excel needs it to read UTF-8; LibreOffice and Python's
"utf-8-sig" skip it), CRLF line ends and RFC 4180 quoting by the csv module. Text that a
spreadsheet would run as a formula is neutralised. Entries carry the exact stored milligrams
and grams; daily totals are shown exactly as the day page shows them (whole milligrams, with a
decimal only where a whole number would contradict the verdict beside it: 350.4 mg over a
350 mg limit), so the two agree. Each day's row names its reference intake and upper limit,
the group they are for and their source, so a row read alone still says what it is judged by.
"""

from __future__ import annotations

import csv
import functools
import io
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal

from tracker.domain.bone_nutrients import BoneDay, display_iu, whole_amount
from tracker.domain.reference import ReferenceIntake, Source
from tracker.domain.summary import DaySummary
from tracker.domain.totals import whole_mg
from tracker.exports.entries import EntryLine
from tracker.formatting import clock, exact_text
from tracker.reports.operations import Report

BOM = "\ufeff"
ENTRY_COLUMNS = (
    "Date",
    "Time",
    "Meal",
    "Kind",
    "Item",
    "Source",
    "Amount",
    "Grams",
    "Magnesium (mg)",
    "Form",
    "Magnesium per unit (mg)",
    "Imported from",
)
DAILY_COLUMNS = (
    "Date",
    "Food magnesium (mg)",
    "Supplemental magnesium (mg)",
    "Total magnesium (mg)",
    "Reference intake (mg)",
    "% of reference",
    "Reference intake for",
    "Reference intake source",
    "Supplemental UL (mg)",
    "Over supplemental UL",
    "Supplemental UL for",
    "Supplemental UL source",
    "Completed",
    # Calcium and vitamin D (issue 16): the known total; items without a value are counted.
    "Calcium, known values (mg)",
    "Entries without a calcium value",
    "Vitamin D, known values (µg)",
    "Vitamin D, known values (IU)",
    "Entries without a vitamin D value",
)
# A cell starting with one of these is read as a formula by Excel, LibreOffice or Google Sheets
# (tab and carriage return too, which some of them strip before looking).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe (OWASP).

    The first character is compared in its compatibility form (NFKC), so the full-width and
    small forms that spreadsheets read as the ASCII ones (＝ ＋ － ＠, ﹦ ﹢ ﹣ ﹫) are caught too.
    """
    if text[:1] < "\x80":  # ASCII (or empty) is its own compatibility form
        return "'" + text if text.startswith(FORMULA_STARTS) else text
    first = unicodedata.normalize("NFKC", text[:1])
    return (
        "'" + text if text.startswith(FORMULA_STARTS) or first.startswith(FORMULA_STARTS) else text
    )


def exact_number(value: Decimal | None) -> str:
    """An exact number cell ("23.7", "30"); empty for None (unknown, or none at all)."""
    return "" if value is None else exact_text(value)


def _source(source: Source) -> str:
    return f"{source.name} ({source.url})"


def _reference_for(reference: ReferenceIntake) -> str:
    # "Women 51 and older (RDA)"; a Daily Value says so in its own name.
    if reference.is_daily_value:
        return reference.group_label
    return f"{reference.group_label} ({reference.kind.value})"


def _daily_row(day: DaySummary) -> tuple[str, ...]:
    # Not logged (None) is an empty cell, never 0 mg. No thousands separator: a spreadsheet
    # reads "1,234" as text.
    limit = day.limit
    return (
        day.day.isoformat(),
        "" if day.food_mg is None else str(whole_mg(day.food_mg)),
        "" if day.supplemental_mg is None else day.supplemental_text.replace(",", ""),
        "" if day.total_mg is None else day.total_text.replace(",", ""),
        str(day.reference.mg),
        day.percent_text.replace(",", ""),
        neutralise(_reference_for(day.reference)),
        neutralise(_source(day.reference.source)),
        "" if limit.mg is None else str(limit.mg),
        _yes_no(day.over_limit),
        neutralise(
            limit.group_label
            if limit.mg is not None
            else f"{limit.group_label}: no upper limit is set"
        ),
        neutralise(_source(limit.source)),
        _yes_no(day.completed),
    )


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _write(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    return (BOM + buffer.getvalue()).encode("utf-8")


def entries_csv(lines: Iterable[EntryLine]) -> bytes:
    """The entries CSV: one row per logged item; text cells neutralised, numbers exact."""
    # Years of logging repeat the same names, amounts, times and numbers: each distinct value
    # is written once per export.
    text = functools.lru_cache(maxsize=8192)(neutralise)
    number = functools.lru_cache(maxsize=8192)(exact_number)
    at = functools.lru_cache(maxsize=2048)(clock)
    return _write(
        ENTRY_COLUMNS,
        (
            (
                line.day.isoformat(),
                "" if line.time is None else at(line.time),
                text(line.meal),
                text(line.kind),
                text(line.item),
                text(line.source),
                text(line.amount),
                number(line.grams),
                number(line.magnesium_mg),
                text(line.form),
                number(line.mg_per_unit),
                line.imported_from,
            )
            for line in lines
        ),
    )


def _bone_cells(day: BoneDay | None) -> tuple[str, ...]:
    # Not logged: empty cells, never 0. Whole mg and µg as the day page shows them.
    if day is None:
        return ("", "", "", "", "")
    calcium, vitamin_d = day.calcium, day.vitamin_d
    return (
        str(whole_amount(calcium.total_amount)),
        str(calcium.food.unknown + calcium.supplements.unknown),
        str(whole_amount(vitamin_d.total_amount)),
        display_iu(vitamin_d.known_total).removesuffix(" IU").replace(",", ""),
        str(vitamin_d.food.unknown + vitamin_d.supplements.unknown),
    )


def daily_totals_csv(report: Report) -> bytes:
    """The daily totals CSV: every day of the range; a day with nothing logged has no mg."""
    bone_days = report.bone.days if report.bone is not None else {}
    return _write(
        DAILY_COLUMNS,
        [(*_daily_row(day), *_bone_cells(bone_days.get(day.day))) for day in report.summary.days],
    )
