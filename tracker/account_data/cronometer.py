"""Import from Cronometer: keep an upload, preview it, then import it in one transaction.

The file is read by tracker.domain.cronometer. Between the preview and the Import button it
waits in the database (PendingImport: one per user, an hour at most), named by a random token
the preview page carries; only its SHA-256 is stored, and the Import looks it up among the
user's own rows only. The Import reads the kept bytes again (never anything the browser sends
back about them), locks the account, leaves out every row whose origin is already there, and
writes the rest in one transaction: the same file imported twice, or the button pressed twice,
adds nothing the second time.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, delete, select, union_all

from tracker.dbtypes import max_length
from tracker.domain.cronometer import (
    ORIGIN_PREFIX,
    CronometerFile,
    CronometerRow,
    RowNote,
    read_servings,
)
from tracker.domain.entries import EntryKind, Meal
from tracker.domain.errors import ValidationError
from tracker.domain.supplements import ProductKind, SupplementForm
from tracker.domain.totals import grams_to_milligrams, mg_to_ug
from tracker.extensions import RowLockTimeout, db, lock_row
from tracker.models import FoodEntry, PendingImport, SupplementEntry, User, utcnow

SOURCE = "cronometer"
# Cronometer writes 70+ columns a row, about 540 bytes with every nutrient filled: ten years of
# 15 foods a day are 28.4 MiB (bench/bench_cronometer.py). Anything larger than this is
# refused (413) before it is read.
MAX_BYTES = 40 * 1024 * 1024
KEPT_FOR = timedelta(hours=1)
ONE_UNIT_MICRO = 1_000_000
SHOWN_ROWS_PER_REASON = 8

EXPIRED = (
    "This preview is no longer waiting to be imported (it was imported already, replaced by "
    "another upload, or it is more than an hour old). Choose the file again to see what it "
    "would add."
)
BUSY = (
    "Another change to your account is still being saved, so nothing was imported. Wait a "
    "minute, then choose the file again: what is already imported will not be added twice."
)


@dataclass(frozen=True)
class SkipGroup:
    """Rows left out for one reason: how many, and the first few row numbers."""

    reason: str  # the kind of reason, values left out: "the day “…” is not a date"
    count: int
    lines: tuple[int, ...]
    example: str  # the first row's own reason: "the day “03/01/2024” is not a date"


@dataclass(frozen=True)
class GroupMeal:
    group: str  # as Cronometer wrote it ("" for none)
    meal: Meal | None
    entries: int


@dataclass(frozen=True)
class Preview:
    """What an import of the file would add, before anything is written."""

    token: str
    filename: str
    entries: int  # rows of the file that can be imported (foods and supplements)
    foods: int
    supplements: int
    with_magnesium: int
    without_magnesium: int  # foods whose magnesium Cronometer left empty: unknown
    days: int
    first_day: date
    last_day: date
    already_imported: int
    new_entries: int
    new_days: int
    skipped: tuple[SkipGroup, ...]
    notes: tuple[SkipGroup, ...]
    groups: tuple[GroupMeal, ...]

    @property
    def skipped_rows(self) -> int:
        return sum(group.count for group in self.skipped)


@dataclass(frozen=True)
class ImportResult:
    foods: int
    supplements: int
    first_day: date | None
    last_day: date | None

    @property
    def entries(self) -> int:
        return self.foods + self.supplements


def read_file(raw: bytes) -> CronometerFile:
    """The file as the tracker reads it, with the lengths of the columns that will hold it."""
    return read_servings(
        raw,
        name_length=max_length(FoodEntry.item_name),
        amount_length=max_length(FoodEntry.portion_label),
        supplement_name_length=max_length(SupplementEntry.name),
    )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _locked(user: User) -> None:
    try:
        lock_row(User, user.id)
    except RowLockTimeout:
        raise ValidationError("file", BUSY) from None


def upload(user: User, filename: str, raw: bytes, now: datetime | None = None) -> Preview:
    """Read an upload, keep it for the Import (replacing the user's earlier one), and preview it.

    ValidationError (field "file") when the file can't be imported; nothing is kept then.
    """
    file = read_file(raw)
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    name = (filename or "servings.csv")[: max_length(PendingImport.filename)]
    _locked(user)
    try:
        # One waiting upload per user; and nobody's upload waits past its hour.
        db.session.execute(
            delete(PendingImport).where(
                (PendingImport.user_id == user.id) | (PendingImport.created_at < now - KEPT_FOR)
            )
        )
        db.session.add(
            PendingImport(
                user_id=user.id,
                token_sha256=_token_hash(token),
                source=SOURCE,
                filename=name,
                content=raw,
                created_at=now,
            )
        )
        preview = _preview(user, file, token, name)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return preview


def cancel(user: User, token: str) -> None:
    """Forget the user's waiting upload named by the token (nothing when there is none)."""
    db.session.execute(
        delete(PendingImport).where(
            PendingImport.user_id == user.id, PendingImport.token_sha256 == _token_hash(token)
        )
    )
    db.session.commit()


def _pending(user: User, token: str, now: datetime) -> PendingImport:
    pending = db.session.execute(
        select(PendingImport).where(
            PendingImport.user_id == user.id,
            PendingImport.token_sha256 == _token_hash(token or ""),
            PendingImport.source == SOURCE,
            PendingImport.created_at >= now - KEPT_FOR,
        )
    ).scalar_one_or_none()
    if pending is None:
        raise ValidationError("file", EXPIRED)
    return pending


def _imported_origins(user: User) -> set[str]:
    """Every origin of a Cronometer row the user has imported already."""
    query = union_all(
        select(FoodEntry.origin).where(
            FoodEntry.user_id == user.id, FoodEntry.origin.startswith(ORIGIN_PREFIX)
        ),
        select(SupplementEntry.origin).where(
            SupplementEntry.user_id == user.id, SupplementEntry.origin.startswith(ORIGIN_PREFIX)
        ),
    )
    return {origin for (origin,) in db.session.execute(query) if origin is not None}


def _grouped(notes: tuple[RowNote, ...]) -> tuple[SkipGroup, ...]:
    lines: dict[str, list[int]] = {}
    examples: dict[str, str] = {}
    for note in notes:
        # "the day “2024-13-01” is not a date": one group for each kind of reason.
        key = _reason_kind(note.reason)
        lines.setdefault(key, []).append(note.line)
        examples.setdefault(key, note.reason)
    return tuple(
        SkipGroup(reason, len(found), tuple(found[:SHOWN_ROWS_PER_REASON]), examples[reason])
        for reason, found in lines.items()
    )


def _reason_kind(reason: str) -> str:
    # Values in quotes differ from row to row; the reason around them is the kind.
    if "“" in reason and "”" in reason:
        start, end = reason.index("“"), reason.rindex("”")
        return reason[: start + 1] + "…" + reason[end:]
    return reason


def _preview(user: User, file: CronometerFile, token: str, filename: str) -> Preview:
    rows = file.rows
    done = _imported_origins(user)
    new = [row for row in rows if row.origin not in done]
    supplements = sum(row.supplement for row in rows)
    with_mg = sum(row.magnesium_mg is not None for row in rows)
    days = {row.day for row in rows}
    group_counts = Counter(row.group for row in rows)
    return Preview(
        token=token,
        filename=filename,
        entries=len(rows),
        foods=len(rows) - supplements,
        supplements=supplements,
        with_magnesium=with_mg,
        without_magnesium=len(rows) - with_mg,
        days=len(days),
        first_day=min(days),
        last_day=max(days),
        already_imported=len(rows) - len(new),
        new_entries=len(new),
        new_days=len({row.day for row in new}),
        skipped=_grouped(file.skipped),
        notes=_grouped(file.notes),
        groups=tuple(
            GroupMeal(group, file.groups.get(group), count)
            for group, count in sorted(group_counts.items(), key=lambda item: -item[1])
        ),
    )


def _thousandths(amount: Decimal | None) -> int | None:
    # Calcium mg as µg, vitamin D µg as ng (tracker.domain.bone_nutrients); None: unknown.
    return None if amount is None else mg_to_ug(amount)


def _bone_values(row: CronometerRow) -> dict[str, int | None]:
    return {
        "calcium_ug": _thousandths(row.calcium_mg),
        "vitamin_d_ng": _thousandths(row.vitamin_d_ug),
    }


def _food_values(user: User, row: CronometerRow, now: datetime) -> dict[str, Any]:
    grams = None if row.grams is None else grams_to_milligrams(row.grams)
    return {
        "user_id": user.id,
        "day": row.day,
        "time": row.time,
        "meal": row.meal,
        "kind": EntryKind.FOOD,
        "food_id": None,
        "item_name": row.food_name,
        "portion_label": row.amount,
        "portion_grams_milli": grams,
        "quantity_text": "1",
        "quantity_micro": ONE_UNIT_MICRO,
        "grams_milli": grams,
        "magnesium_ug": None if row.magnesium_mg is None else mg_to_ug(row.magnesium_mg),
        **_bone_values(row),
        "origin": row.origin,
        "created_at": now,
        "updated_at": now,
    }


def _supplement_values(user: User, row: CronometerRow, now: datetime) -> dict[str, Any]:
    assert row.magnesium_mg is not None  # the domain leaves out supplements without it
    ug = mg_to_ug(row.magnesium_mg)
    return {
        "user_id": user.id,
        "day": row.day,
        "time": row.time,
        "product_id": None,
        "name": row.food_name,
        "form": SupplementForm.OTHER,
        "kind": ProductKind.SUPPLEMENT,
        "magnesium_ug_per_unit": ug,
        "units_text": "1",
        "units_micro": ONE_UNIT_MICRO,
        "magnesium_ug": ug,
        # One unit of what Cronometer logged: per unit and for the unit alike.
        **_bone_values(row),
        "calcium_ug_per_unit": _thousandths(row.calcium_mg),
        "vitamin_d_ng_per_unit": _thousandths(row.vitamin_d_ug),
        "origin": row.origin,
        "created_at": now,
        "updated_at": now,
    }


def _table(model: type) -> Table:
    return db.metadata.tables[model.__tablename__]  # type: ignore[attr-defined]


def import_pending(user: User, token: str, now: datetime | None = None) -> ImportResult:
    """Import the user's waiting upload named by the token, all or nothing.

    Under the account's lock: the upload is looked up again (a second press finds it gone),
    rows already imported are left out, the rest written and the upload deleted, then one
    commit. ValidationError (field "file") when nothing waits under that token.
    """
    now = now or utcnow()
    _locked(user)
    try:
        pending = _pending(user, token, now)
        file = read_file(pending.content)
        done = _imported_origins(user)
        new = [row for row in file.rows if row.origin not in done]
        foods = [_food_values(user, row, now) for row in new if not row.supplement]
        supplements = [_supplement_values(user, row, now) for row in new if row.supplement]
        # Core inserts of the tables, not ORM bulk inserts: rows whose None values differ
        # would be split into thousands of statements; this is one executemany each.
        if foods:
            db.session.execute(_table(FoodEntry).insert(), foods)
        if supplements:
            db.session.execute(_table(SupplementEntry).insert(), supplements)
        db.session.delete(pending)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    days = [row.day for row in new]
    return ImportResult(
        foods=len(foods),
        supplements=len(supplements),
        first_day=min(days) if days else None,
        last_day=max(days) if days else None,
    )
