"""The supplements section of the day page, and the one loader of the spacing caution.

The day's supplements, medicine doses, saved products, supplemental milligrams and cautions;
spacing_doses turns the rows of a few days into the doses and medicine timings the domain
compares, for the day page, the week and month pages and the report alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Protocol

from sqlalchemy import BindParameter, bindparam

from tracker.auth.operations import upper_limit_for
from tracker.domain.bone_nutrients import BoneSnapshot, label_text
from tracker.domain.cautions import (
    DEFAULT_BISPHOSPHONATE_GAP,
    Caution,
    MagnesiumDose,
    MedicineClass,
    SpacingConflict,
    check_bisphosphonate_gap,
    day_cautions,
    spacing_checks_text,
    spacing_conflicts_between,
)
from tracker.domain.cautions import MedicineDose as MedicineTiming
from tracker.domain.cronometer import imported_from
from tracker.domain.reference import UpperLimit
from tracker.domain.supplements import ProductKind, SupplementForm
from tracker.domain.totals import (
    day_totals,
    display_quantity,
    display_supplemental_mg,
    micro_to_quantity,
    ug_to_mg,
)
from tracker.extensions import db, read_rows
from tracker.formatting import exact_text
from tracker.models import MedicineDose, SupplementEntry, SupplementProduct, User


def bisphosphonate_gap_of(user: User) -> timedelta:
    """The user's gap between a bisphosphonate and magnesium (2 hours unless they set more)."""
    try:
        return check_bisphosphonate_gap(timedelta(minutes=user.bisphosphonate_gap_minutes))
    except ValueError:
        # Only the profile form writes this, within the limits; anything else is ignored.
        return DEFAULT_BISPHOSPHONATE_GAP


# --- the day ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SupplementRow:
    id: int
    name: str
    form_label: str
    is_medicine: bool
    time: time | None
    amount: str
    magnesium: str
    imported_from: str = ""  # "Cronometer" for a dose imported from it (origin)


@dataclass(frozen=True)
class DoseRow:
    id: int
    name: str
    class_label: str
    time: time


@dataclass(frozen=True)
class ProductRow:
    id: int
    name: str
    form_label: str
    mg_per_unit: str
    unit_name: str | None
    is_medicine: bool
    # The units the user logged last time: "log again" repeats the user's own entry.
    last_units: str = "1"
    # The label's calcium and vitamin D per unit, when given ("600 mg calcium, ...").
    bone_per_unit: str = ""


@dataclass(frozen=True)
class SupplementDay:
    """A day's supplements, medicine doses, saved products, supplemental mg and cautions."""

    entries: list[SupplementRow]
    doses: list[DoseRow]
    products: list[ProductRow]
    supplemental_mg_values: list[Decimal]
    supplemental_mg: Decimal
    upper_limit: UpperLimit
    cautions: list[Caution]
    untimed_entries: int
    kidney_flag: bool
    spacing_checks: str  # when a spacing caution shows, in the domain's words
    # The entries themselves, for their calcium and vitamin D (tracker.domain.bone_nutrients).
    bone_items: tuple[BoneSnapshot, ...] = ()

    @property
    def has_entries(self) -> bool:
        """True when a supplement or magnesium-containing medicine is logged this day."""
        return bool(self.entries)


class _SupplementTimeRow(Protocol):
    """A supplement entry as spacing reads it (a row of _SUPPLEMENT_TIMES or _SUPPLEMENTS_NEAR)."""

    day: date
    time: time | None
    name: str


class _ShownSupplement(_SupplementTimeRow, Protocol):
    """A supplement entry as the day page reads it (a row of _SUPPLEMENTS_NEAR)."""

    id: int
    form: SupplementForm
    kind: ProductKind
    magnesium_ug_per_unit: int
    units_micro: int
    magnesium_ug: int
    origin: str | None
    calcium_ug: int | None
    vitamin_d_ng: int | None


class _MedicineTimeRow(Protocol):
    """A medicine dose as spacing reads it (a row of _MEDICINE_DOSES)."""

    day: date
    time: time
    medicine_class: MedicineClass
    medicine_name: str


def _amount_text(entry: _ShownSupplement) -> str:
    """E.g. "2 × 120 mg" or "120 mg"."""
    # The label's figure exactly as entered (62.5 stays 62.5); totals are rounded for display.
    per_unit = f"{exact_text(ug_to_mg(entry.magnesium_ug_per_unit))} mg"
    units = display_quantity(micro_to_quantity(entry.units_micro))
    return per_unit if units == "1" else f"{units} \u00d7 {per_unit}"


def _entry_order(entry: _ShownSupplement) -> tuple[time, int]:
    return (entry.time or time.max, entry.id)


# The day page's queries, built once (SQLAlchemy builds an inline statement and its cache
# key in Python on every call): the user and the days are bound parameters.
_USER_ID: BindParameter[int] = bindparam("user_id")
_DAY_RANGE: tuple[BindParameter[date], BindParameter[date]] = (
    bindparam("first"),
    bindparam("last"),
)
# The newest entry of each of the user's products (ids only grow).
_LAST_ENTRY = (
    db.select(SupplementEntry.product_id, db.func.max(SupplementEntry.id).label("entry_id"))
    .where(SupplementEntry.user_id == _USER_ID, SupplementEntry.product_id.is_not(None))
    .group_by(SupplementEntry.product_id)
    .subquery()
)
_LAST_ENTRY_OF_PRODUCT = db.aliased(SupplementEntry)
# Each product's columns the lists show, with the units of its newest entry: one statement.
_PRODUCTS = (
    db.select(
        SupplementProduct.id,
        SupplementProduct.name,
        SupplementProduct.form,
        SupplementProduct.kind,
        SupplementProduct.magnesium_ug_per_unit,
        SupplementProduct.unit_name,
        SupplementProduct.calcium_ug_per_unit,
        SupplementProduct.vitamin_d_ng_per_unit,
        _LAST_ENTRY_OF_PRODUCT.units_text.label("last_units"),
    )
    .outerjoin(_LAST_ENTRY, _LAST_ENTRY.c.product_id == SupplementProduct.id)
    .outerjoin(_LAST_ENTRY_OF_PRODUCT, _LAST_ENTRY_OF_PRODUCT.id == _LAST_ENTRY.c.entry_id)
    .where(SupplementProduct.user_id == _USER_ID)
    .order_by(SupplementProduct.last_used_at.desc(), SupplementProduct.id.desc())
)
# The medicine doses of some days, in the order the day page lists them.
_MEDICINE_DOSES = (
    db.select(
        MedicineDose.day,
        MedicineDose.time,
        MedicineDose.medicine_class,
        MedicineDose.medicine_name,
        MedicineDose.id,
    )
    .where(MedicineDose.user_id == _USER_ID, MedicineDose.day.between(*_DAY_RANGE))
    .order_by(MedicineDose.day, MedicineDose.time, MedicineDose.medicine_name, MedicineDose.id)
)
_SUPPLEMENT_TIMES = db.select(
    SupplementEntry.day, SupplementEntry.time, SupplementEntry.name
).where(
    SupplementEntry.user_id == _USER_ID,
    SupplementEntry.day.between(*_DAY_RANGE),
    SupplementEntry.time.is_not(None),
)
# The supplement entries of some days with the columns the day page shows (column rows: the
# page only reads them, so no ORM objects are built).
_SUPPLEMENTS_NEAR = db.select(
    SupplementEntry.id,
    SupplementEntry.day,
    SupplementEntry.time,
    SupplementEntry.name,
    SupplementEntry.form,
    SupplementEntry.kind,
    SupplementEntry.magnesium_ug_per_unit,
    SupplementEntry.units_micro,
    SupplementEntry.magnesium_ug,
    SupplementEntry.origin,
    SupplementEntry.calcium_ug,
    SupplementEntry.vitamin_d_ng,
).where(SupplementEntry.user_id == _USER_ID, SupplementEntry.day.between(*_DAY_RANGE))


def products_of(user: User) -> list[ProductRow]:
    """The user's saved products, most recently used first, each with its last units."""
    return [
        ProductRow(
            id=product.id,
            name=product.name,
            form_label=product.form.label,
            mg_per_unit=exact_text(ug_to_mg(product.magnesium_ug_per_unit)),
            unit_name=product.unit_name,
            is_medicine=product.kind is ProductKind.MEDICINE,
            last_units="1" if product.last_units is None else product.last_units,
            bone_per_unit=label_text(product.calcium_ug_per_unit, product.vitamin_d_ng_per_unit),
        )
        for product in read_rows(_PRODUCTS, {"user_id": user.id})
    ]


@dataclass(frozen=True)
class SpacingDoses:
    """Timed magnesium doses and medicine doses of some days, as the domain compares them."""

    magnesium: list[MagnesiumDose]
    medicines: list[MedicineTiming]


def _days_around(user: User, start: date, end: date) -> dict[str, object]:
    """The parameters of the days whose doses can touch start to end: one day either side,
    as a gap can cross midnight (no gap allowed is longer than a day)."""
    return {"user_id": user.id, "first": start - timedelta(days=1), "last": end + timedelta(days=1)}


def spacing_doses(user: User, start: date, end: date) -> SpacingDoses:
    """The doses whose spacing can touch the days from start to end: one day either side too.

    The one loader of the spacing caution (the day page, the week and month pages and the
    report all call it, then tracker.domain.cautions.spacing_conflicts_between). Medicine doses
    are few, so they are read first; supplement times only when there are some.
    """
    days = _days_around(user, start, end)
    medicines = read_rows(_MEDICINE_DOSES, days).all()
    if not medicines:
        return SpacingDoses(magnesium=[], medicines=[])
    return _spacing_doses_of(medicines, read_rows(_SUPPLEMENT_TIMES, days))


def _spacing_doses_of(
    medicines: Iterable[_MedicineTimeRow], supplements: Iterable[_SupplementTimeRow]
) -> SpacingDoses:
    """The doses as the domain compares them, from rows of _MEDICINE_DOSES and of supplement
    entries (any with a day, time and name) of the days spacing_doses reads."""
    return SpacingDoses(
        magnesium=[
            MagnesiumDose(label=row.name, at=datetime.combine(row.day, row.time))
            for row in supplements
            if row.time is not None
        ],
        medicines=[
            MedicineTiming(
                label=row.medicine_name,
                at=datetime.combine(row.day, row.time),
                medicine_class=row.medicine_class,
            )
            for row in medicines
        ],
    )


def spacing_conflicts(
    user: User, start: date, end: date, doses: SpacingDoses | None = None
) -> list[SpacingConflict]:
    """The user's spacing conflicts with either dose from start to end, in page order."""
    doses = doses or spacing_doses(user, start, end)
    return spacing_conflicts_between(
        doses.magnesium, doses.medicines, start, end, bisphosphonate_gap_of(user)
    )


def supplement_day(user: User, day: date) -> SupplementDay:
    """Load a user's supplements and medicines for a day and work out its cautions.

    Spacing is checked with the previous and next days' doses too, so a bisphosphonate at
    23:30 and magnesium at 00:30 are caught on both days.
    """
    # The spacing loader's days, read once: the day's own rows are among them.
    days = _days_around(user, day, day)
    nearby_entries = read_rows(_SUPPLEMENTS_NEAR, days).all()
    nearby_doses = read_rows(_MEDICINE_DOSES, days).all()
    entries = sorted((e for e in nearby_entries if e.day == day), key=_entry_order)
    doses = [dose for dose in nearby_doses if dose.day == day]
    nearby = _spacing_doses_of(nearby_doses, nearby_entries)
    conflicts = spacing_conflicts(user, day, day, nearby)
    values = [ug_to_mg(entry.magnesium_ug) for entry in entries]
    supplemental_mg = day_totals([], values).supplemental_mg
    limit = upper_limit_for(user, day)
    return SupplementDay(
        entries=[
            SupplementRow(
                id=entry.id,
                name=entry.name,
                form_label=entry.form.label,
                is_medicine=entry.kind is ProductKind.MEDICINE,
                time=entry.time,
                amount=_amount_text(entry),
                # As beside the upper limit: one 350.4 mg entry is not shown as 350.
                magnesium=display_supplemental_mg(value, limit),
                imported_from=imported_from(entry.origin),
            )
            for entry, value in zip(entries, values, strict=True)
        ],
        doses=[
            DoseRow(
                id=dose.id,
                name=dose.medicine_name,
                class_label=dose.medicine_class.label,
                time=dose.time,
            )
            for dose in doses
        ],
        products=products_of(user),
        supplemental_mg_values=values,
        supplemental_mg=supplemental_mg,
        upper_limit=limit,
        cautions=day_cautions(
            supplemental_mg, limit, bool(user.kidney_condition), bool(entries), conflicts
        ),
        untimed_entries=sum(1 for e in entries if e.time is None) if nearby.medicines else 0,
        kidney_flag=bool(user.kidney_condition),
        spacing_checks=spacing_checks_text(bisphosphonate_gap_of(user)),
        bone_items=tuple(entries),
    )
