"""Reading a Cronometer "Food & Recipe Entries" export (servings.csv): pure Python.

Cronometer's export has one row per logged serving and 70+ columns whose set and order change
between versions (new nutrients, "µ" written as U+00B5 or U+03BC), so it is read by header
name, never by position. The tracker needs seven of them: Day, Time, Group, Food Name, Amount,
Magnesium (mg) and Category. Each usable row becomes a CronometerRow; each row that can't be
used is listed with its reason, so the preview can say what will be left out before anything
is written. A file that is not a servings export at all is refused with ValidationError, with
the words that say which file it is and which one to export instead.

Each row carries its origin: a hash of its normalised values and its occurrence number among
identical rows, so importing the same file (or an overlapping later export) again finds the
rows already there and adds nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, time
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from tracker.domain.entries import Meal
from tracker.domain.errors import ValidationError
from tracker.domain.periods import parse_day, within_range
from tracker.domain.text import TextError, clean_text
from tracker.domain.totals import MAX_GRAMS_PER_ENTRY, MAX_MG_PER_SERVING

# Calcium and vitamin D, when the export has them (tracker.domain.bone_nutrients): optional,
# an empty or unreadable cell is unknown, never 0. Vitamin D is in IU in most versions, in µg
# in some (header_key folds µ and μ alike).
CALCIUM = "calcium (mg)"
VITAMIN_D_IU = "vitamin d (iu)"
VITAMIN_D_UG = "vitamin d (\u03bcg)"
MAX_CALCIUM_MG_PER_ROW = Decimal(100_000)
MAX_VITAMIN_D_UG_PER_ROW = Decimal(100_000)

ORIGIN_PREFIX = "cronometer:"
SOURCE_NAME = "Cronometer"
FIELD = "file"

DAY, TIME, GROUP, FOOD_NAME, AMOUNT, MAGNESIUM, CATEGORY = (
    "day",
    "time",
    "group",
    "food name",
    "amount",
    "magnesium (mg)",
    "category",
)

# Users rename Cronometer's four groups (Breakfast, Lunch, Dinner, Snacks); these names, in
# any case and spacing, are read as the tracker's meals. "Supper" is the evening meal, so
# dinner; any group whose last word is "snack" or "snacks" ("Afternoon snack") is a snack.
# Every other name ("Pre-workout", "Uncategorized", "Meal 4") is logged with no meal.
MEAL_NAMES = {
    "breakfast": Meal.BREAKFAST,
    "lunch": Meal.LUNCH,
    "dinner": Meal.DINNER,
    "supper": Meal.DINNER,
    "snack": Meal.SNACK,
    "snacks": Meal.SNACK,
}
_SNACK_WORDS = {"snack", "snacks"}

# "1 medium banana (118 g)", "2 cups (488g)", "1.5 oz (42.5 g)"; and a plain "100 g".
_GRAMS_IN_BRACKETS = re.compile(r"\(\s*([0-9]+(?:\.[0-9]+)?)\s*g\s*\)\s*$", re.IGNORECASE)
_PLAIN_GRAMS = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*(?:g|grams?)$", re.IGNORECASE)
_TWELVE_HOUR = re.compile(r"^([0-9]{1,2}):([0-9]{2})(?::[0-9]{2})?\s*([AaPp])\.?\s*[Mm]\.?$")
_TWENTY_FOUR_HOUR = re.compile(r"^([0-9]{1,2}):([0-9]{2})(?::[0-9]{2})?$")
_NUMBER = re.compile(r"^[0-9]+(?:\.[0-9]+)?$|^\.[0-9]+$")

DAILY_TOTALS_ONLY = (
    "This file has daily totals only; export Food & Recipe Entries. In Cronometer (web): "
    "More → Account → Export Data, then “Export Food & Recipe Entries” (servings.csv)."
)
NOT_SERVINGS = (
    "This is not a Cronometer “Food & Recipe Entries” export: it has no Day and Food Name "
    "columns. In Cronometer (web): More → Account → Export Data, then “Export Food & Recipe "
    "Entries”, and choose the servings.csv it downloads."
)


@dataclass(frozen=True)
class CronometerRow:
    """One usable row: a food, or a supplement (one unit of that magnesium)."""

    line: int  # the row's line in the file (the header is line 1)
    day: date
    time: time | None
    group: str  # as Cronometer wrote it
    meal: Meal | None
    food_name: str
    amount: str  # as Cronometer wrote it: "1 medium banana (118 g)"
    grams: Decimal | None  # from the amount, when it names them
    magnesium_mg: Decimal | None  # the total for the amount; None: unknown, never 0
    supplement: bool
    origin: str = ""
    calcium_mg: Decimal | None = None  # the total for the amount; None: unknown
    vitamin_d_ug: Decimal | None = None


@dataclass(frozen=True)
class RowNote:
    """A row left out (or, for a note, imported with less), and why."""

    line: int
    reason: str


@dataclass(frozen=True)
class CronometerFile:
    """What a servings.csv holds for the tracker."""

    rows: tuple[CronometerRow, ...]
    skipped: tuple[RowNote, ...] = ()
    notes: tuple[RowNote, ...] = ()  # imported, but without a value that could not be read
    groups: dict[str, Meal | None] = field(default_factory=dict)  # group name → meal


@lru_cache(maxsize=256)
def meal_for_group(group: str) -> Meal | None:
    """The meal a Cronometer group name stands for, or None (see MEAL_NAMES)."""
    key = " ".join(group.casefold().replace("_", " ").split()).strip(" .:-")
    if key in MEAL_NAMES:
        return MEAL_NAMES[key]
    words = key.split()
    if words and words[-1] in _SNACK_WORDS:
        return Meal.SNACK
    return None


def header_key(name: str) -> str:
    """A header as compared: compatibility form (µ and μ alike), case folded, spaces single."""
    return " ".join(unicodedata.normalize("NFKC", name).replace("\ufeff", "").casefold().split())


def grams_in_amount(amount: str) -> Decimal | None:
    """The grams an amount names ("1 medium banana (118 g)", "100 g"), else None."""
    found = _GRAMS_IN_BRACKETS.search(amount) or _PLAIN_GRAMS.match(amount.strip())
    if found is None:
        return None
    grams = Decimal(found.group(1))
    return grams if 0 < grams <= MAX_GRAMS_PER_ENTRY else None


@lru_cache(maxsize=2048)
def read_clock(text: str) -> time | None:
    """ "8:05 AM", "12:30 pm", "20:15" as a time of day; None when it is not one."""
    text = text.strip()
    twelve = _TWELVE_HOUR.match(text)
    if twelve:
        hour, minute = int(twelve.group(1)), int(twelve.group(2))
        if not 1 <= hour <= 12 or minute > 59:
            return None
        hour = hour % 12 + (12 if twelve.group(3) in "Pp" else 0)
        return time(hour, minute)
    plain = _TWENTY_FOUR_HOUR.match(text)
    if plain:
        hour, minute = int(plain.group(1)), int(plain.group(2))
        return time(hour, minute) if hour <= 23 and minute <= 59 else None
    return None


@lru_cache(maxsize=256)
def _is_supplement(category: str) -> bool:
    return header_key(category).startswith("supplement")


def _decode(raw: bytes) -> str:
    if not raw.strip():
        raise ValidationError(FIELD, "The file is empty. Choose the servings.csv from Cronometer.")
    if raw.startswith(b"PK\x03\x04"):
        raise ValidationError(
            FIELD,
            "This is a spreadsheet or zip file, not a CSV file. Choose the servings.csv "
            "Cronometer downloads, as it is (not opened and saved in a spreadsheet).",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            FIELD,
            "This file is not UTF-8 text, as Cronometer writes its exports. Download "
            "servings.csv from Cronometer again and choose it as it is (a spreadsheet that "
            "saved it may have changed its encoding).",
        ) from None
    if "\x00" in text:
        raise ValidationError(FIELD, "This is not a CSV text file. Choose servings.csv.")
    return text


def _header(text: str) -> tuple[dict[str, int], Iterator[list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    for cells in reader:
        if any(cell.strip() for cell in cells):
            columns: dict[str, int] = {}
            for position, name in enumerate(cells):
                columns.setdefault(header_key(name), position)
            return columns, reader
    raise ValidationError(FIELD, "The file is empty. Choose the servings.csv from Cronometer.")


def _refuse_other_files(columns: dict[str, int]) -> None:
    names = set(columns)
    if DAY in names and FOOD_NAME in names:
        if MAGNESIUM not in names:
            raise ValidationError(
                FIELD,
                "This file has no “Magnesium (mg)” column, so it holds no magnesium to import. "
                "Export Food & Recipe Entries from Cronometer's website, which writes every "
                "nutrient.",
            )
        return
    if "date" in names and ("energy (kcal)" in names or MAGNESIUM in names):
        raise ValidationError(FIELD, DAILY_TOTALS_ONLY)
    if DAY in names and names & {"exercise", "metric", "note"}:
        kind = next(k for k in ("exercise", "metric", "note") if k in names)
        what = {"exercise": "exercises", "metric": "biometrics", "note": "notes"}[kind]
        raise ValidationError(
            FIELD, f"This is Cronometer's {what} export, not Food & Recipe Entries. " + NOT_SERVINGS
        )
    if "meal" in names and "calories" in names:
        raise ValidationError(
            FIELD,
            "This looks like a MyFitnessPal export, which has no magnesium per food. Only "
            "Cronometer's “Food & Recipe Entries” export (servings.csv) can be imported here.",
        )
    raise ValidationError(FIELD, NOT_SERVINGS)


class _Skip(Exception):
    pass


def _text(value: str, what: str, max_length: int) -> str:
    try:
        cleaned = clean_text(value)
    except TextError as error:
        raise _Skip(f"the {what} {error}") from None
    if len(cleaned) > max_length:
        raise _Skip(f"the {what} is longer than {max_length} characters")
    return cleaned


def _magnesium(value: str) -> Decimal | None:
    value = value.strip()
    if not value:
        return None
    if not _NUMBER.match(value):
        raise _Skip(f"the magnesium “{value[:20]}” is not a number")
    try:
        mg = Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise _Skip(f"the magnesium “{value[:20]}” is not a number") from None
    if mg > MAX_MG_PER_SERVING:
        raise _Skip(f"{value} mg of magnesium in one entry is more than any food or dose holds")
    return mg


def _optional_amount(value: str, maximum: Decimal) -> Decimal | None:
    # A companion nutrient's cell: None when empty, unreadable or past what any food holds.
    value = value.strip()
    if not value or not _NUMBER.match(value):
        return None
    amount = Decimal(value)
    return amount if amount <= maximum else None


def _normalised_mg(mg: Decimal | None) -> str:
    if mg is None:
        return ""
    text = format(mg.normalize(), "f")
    return text


def _origin_parts(row: CronometerRow) -> tuple[str, ...]:
    return (
        row.day.isoformat(),
        "" if row.time is None else f"{row.time.hour:02}:{row.time.minute:02}",
        row.group.casefold(),
        row.food_name,
        row.amount,
        _normalised_mg(row.magnesium_mg),
        "supplement" if row.supplement else "food",
    )


def origin_of(row: CronometerRow, occurrence: int) -> str:
    """The row's origin: its normalised values and its occurrence among identical rows (1, 2…)."""
    text = "\x1f".join((*_origin_parts(row), str(occurrence)))
    return ORIGIN_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:48]


@dataclass
class _Reader:
    columns: dict[str, int]
    name_length: int
    amount_length: int
    supplement_name_length: int
    skipped: list[RowNote] = field(default_factory=list)
    notes: list[RowNote] = field(default_factory=list)
    groups: dict[str, Meal | None] = field(default_factory=dict)

    def cell(self, cells: list[str], name: str) -> str:
        position = self.columns.get(name)
        return cells[position] if position is not None and position < len(cells) else ""

    def row(self, line: int, cells: list[str]) -> CronometerRow:
        day_text = self.cell(cells, DAY).strip()
        day = parse_day(day_text)
        if day is None or within_range(day) is None:
            raise _Skip(f"the day “{day_text[:20]}” is not a date in the form YYYY-MM-DD")
        name = _text(self.cell(cells, FOOD_NAME), "food name", self.name_length)
        if not name:
            raise _Skip("it has no food name")
        amount = _text(self.cell(cells, AMOUNT), "amount", self.amount_length)
        magnesium = _magnesium(self.cell(cells, MAGNESIUM))
        supplement = _is_supplement(self.cell(cells, CATEGORY))
        if supplement and not magnesium:
            raise _Skip(f"“{name}” is a supplement without magnesium")
        if supplement and len(name) > self.supplement_name_length:
            limit = self.supplement_name_length
            raise _Skip(f"the supplement name is longer than {limit} characters")
        time_text = self.cell(cells, TIME).strip()
        at = read_clock(time_text) if time_text else None
        if time_text and at is None:
            self.notes.append(
                RowNote(line, f"the time “{time_text[:20]}” is not a time: imported without one")
            )
        calcium = _optional_amount(self.cell(cells, CALCIUM), MAX_CALCIUM_MG_PER_ROW)
        vitamin_d = _optional_amount(self.cell(cells, VITAMIN_D_UG), MAX_VITAMIN_D_UG_PER_ROW)
        if vitamin_d is None:
            iu = _optional_amount(self.cell(cells, VITAMIN_D_IU), MAX_VITAMIN_D_UG_PER_ROW * 40)
            vitamin_d = None if iu is None else iu / 40  # 1 µg is 40 IU
        group = _text(self.cell(cells, GROUP), "group", self.name_length)
        meal = meal_for_group(group)
        self.groups.setdefault(group, meal)
        return CronometerRow(
            line=line,
            day=day,
            time=at,
            group=group,
            meal=meal,
            food_name=name,
            amount=amount,
            grams=None if supplement else grams_in_amount(amount),
            magnesium_mg=magnesium,
            supplement=supplement,
            calcium_mg=calcium,
            vitamin_d_ug=vitamin_d,
        )

    def rows(self, lines: Iterable[list[str]]) -> Iterator[CronometerRow]:
        for line, cells in enumerate(lines, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            try:
                yield self.row(line, cells)
            except _Skip as reason:
                self.skipped.append(RowNote(line, str(reason)))


def read_servings(
    raw: bytes,
    *,
    name_length: int = 200,
    amount_length: int = 120,
    supplement_name_length: int = 120,
) -> CronometerFile:
    """Read a servings.csv; ValidationError (field "file") when it is not one, or holds
    nothing that can be imported. Rows that can't be used are listed in `skipped`."""
    columns, lines = _header(_decode(raw))
    _refuse_other_files(columns)
    reader = _Reader(columns, name_length, amount_length, supplement_name_length)
    try:
        parsed = list(reader.rows(lines))
    except csv.Error as error:
        raise ValidationError(FIELD, f"This CSV file can't be read: {error}.") from None
    if not parsed:
        if reader.skipped:
            first = reader.skipped[0]
            raise ValidationError(
                FIELD,
                f"Nothing in this file can be imported: row {first.line}: {first.reason}.",
            )
        raise ValidationError(FIELD, "This file has a header but no entries.")
    seen: Counter[tuple[str, ...]] = Counter()
    rows = []
    for row in parsed:
        key = _origin_parts(row)
        seen[key] += 1
        rows.append(replace(row, origin=origin_of(row, seen[key])))
    return CronometerFile(
        rows=tuple(rows),
        skipped=tuple(reader.skipped),
        notes=tuple(reader.notes),
        groups=reader.groups,
    )


def is_from_cronometer(origin: str | None) -> bool:
    """True for a row imported from a Cronometer export."""
    return bool(origin) and str(origin).startswith(ORIGIN_PREFIX)


def imported_from(origin: str | None) -> str:
    """Where an imported row came from ("Cronometer"), or "" for a row logged here."""
    return SOURCE_NAME if is_from_cronometer(origin) else ""
