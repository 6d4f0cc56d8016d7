"""My regimen: every read and write of schedules, their plans and dose confirmations.

Scoped to one user throughout. A schedule's plan is kept in versions (SchedulePlan): an edit
that would change days already past adds a version from today, so those days keep the plan
they had. Marking a dose taken logs it as an ordinary supplement entry or medicine dose, in
the same transaction as its confirmation, so a double tap logs it once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import TypeVar

from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from tracker.domain.cautions import describe_duration
from tracker.domain.errors import ValidationError
from tracker.domain.periods import FIRST_DAY, within_range
from tracker.domain.regimens import (
    DoseCounts,
    DoseStatus,
    Plan,
    PlanErrors,
    PlannedConflict,
    PlannedItem,
    PlanVersion,
    ScheduleItem,
    SchedulePattern,
    check_plan,
    describe_plan,
    dose_counts,
    doses_on,
    occurrences,
    plan_on,
    planned_spacing,
    units_text,
    weekday_mask,
    weekdays_of,
)
from tracker.domain.supplements import ProductKind, spaced_medicine, supplemental_mg_for
from tracker.domain.totals import display_mg, quantity_to_micro, ug_to_mg
from tracker.extensions import db
from tracker.localtime import local_now, local_today
from tracker.models import (
    DoseConfirmation,
    MedicineDose,
    Schedule,
    SchedulePlan,
    SupplementEntry,
    SupplementProduct,
    User,
    utcnow,
)
from tracker.supplements.day import bisphosphonate_gap_of
from tracker.supplements.operations import (
    MAX_MEDICINE_NAME_LENGTH,
    clean_name,
    entry_amounts,
    parse_units,
)

T = TypeVar("T")

# Enough for any regimen; a limit so that a page (and the check) stays small.
MAX_SCHEDULES = 40
PRODUCT_PREFIX = "product-"
MEDICINE_PREFIX = "medicine-"


# --- What can be planned ------------------------------------------------------------------------


def product_choices(user: User) -> list[tuple[str, str]]:
    """The user's saved products as the form's choices ("product-12", name), by name."""
    return [
        (f"{PRODUCT_PREFIX}{product_id}", name)
        for product_id, name in db.session.execute(
            db.select(SupplementProduct.id, SupplementProduct.name)
            .where(SupplementProduct.user_id == user.id)
            .order_by(db.func.lower(SupplementProduct.name), SupplementProduct.id)
        )
    ]


def _item_values(user: User, value: str, other_name: str) -> dict[str, object]:
    """The schedule's item columns for a choice of the form, or ValidationError."""
    if value.startswith(PRODUCT_PREFIX) and value[len(PRODUCT_PREFIX) :].isdigit():
        product = db.session.execute(
            db.select(SupplementProduct).where(
                SupplementProduct.user_id == user.id,
                SupplementProduct.id == int(value[len(PRODUCT_PREFIX) :]),
            )
        ).scalar()
        if product is not None:
            return {
                "item": ScheduleItem.PRODUCT,
                "product_id": product.id,
                "name": product.name,
                "form": product.form,
                "product_kind": product.kind,
                "unit_name": product.unit_name,
                "magnesium_ug_per_unit": product.magnesium_ug_per_unit,
            }
    medicine = (
        spaced_medicine(value[len(MEDICINE_PREFIX) :])
        if value.startswith(MEDICINE_PREFIX)
        else None
    )
    if medicine is None:
        raise ValidationError("item", "Choose one of the supplements or medicines listed.")
    typed = clean_name("other_name", other_name, MAX_MEDICINE_NAME_LENGTH)
    return {
        "item": ScheduleItem.SPACED_MEDICINE,
        "name": typed if medicine.is_other and typed else medicine.name,
        "medicine_class": medicine.medicine_class,
    }


# --- Saving a schedule --------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleInput:
    item: str  # the form's choice; ignored when editing (the item stays)
    other_name: str
    pattern: str
    weekdays: Sequence[str | int]
    interval_days: str
    start_day: date | None
    end_day: date | None
    times: Sequence[time | None]
    units_text: str
    reminders: bool


def _whole_days(text: str) -> int | None:
    cleaned = text.strip()
    return int(cleaned) if cleaned.isascii() and cleaned.isdigit() and len(cleaned) < 5 else None


def _weekdays(values: Sequence[str | int]) -> list[int]:
    days = []
    for value in values:
        text = str(value)
        if not (text.isascii() and text.isdigit() and int(text) < 7):
            raise ValidationError("days", "Choose days of the week from the list.")
        days.append(int(text))
    return days


def _checked_plan(data: ScheduleInput) -> Plan:
    out_of_range = [
        ValidationError(field, "Enter a date from 1900 to 2199.")
        for field, day in (("start_day", data.start_day), ("end_day", data.end_day))
        if day is not None and within_range(day) is None
    ]
    if out_of_range:
        raise PlanErrors(out_of_range)
    return check_plan(
        data.pattern,
        start=data.start_day,
        end=data.end_day,
        times=list(data.times),
        weekdays=_weekdays(data.weekdays) if data.pattern == SchedulePattern.WEEKDAYS else (),
        interval_days=_whole_days(data.interval_days),
    )


def _plan_columns(plan: Plan, units: str) -> dict[str, object]:
    return {
        "pattern": plan.pattern,
        "weekdays": weekday_mask(plan.weekdays),
        "interval_days": plan.interval_days,
        "start_day": plan.start,
        "end_day": plan.end,
        "times": plan.times,
        "units_text": units,
        "units_micro": quantity_to_micro(parse_units(units)),
    }


def _checked_units(per_unit_ug: object, text: str) -> str:
    """The units as typed, checked as the day page checks them (and the mg they come to)."""
    units = " ".join(text.split())
    if isinstance(per_unit_ug, int):
        entry_amounts(ug_to_mg(per_unit_ug), units)  # a dose the day could not log: refused now
    else:
        parse_units(units)
    return units


def _attempt(errors: list[ValidationError], check: Callable[[], T]) -> T | None:
    """check()'s result, or None with its ValidationError added to `errors`."""
    try:
        return check()
    except ValidationError as error:
        errors.append(error)
        return None


def check_new_schedule(user: User, data: ScheduleInput) -> tuple[dict[str, object], Plan, str]:
    """A new schedule's item columns, plan and units, or PlanErrors naming every field to
    correct (the item, the plan and the units are checked each on its own)."""
    errors: list[ValidationError] = []
    item = _attempt(errors, lambda: _item_values(user, data.item, data.other_name))
    plan = _attempt(errors, lambda: _checked_plan(data))
    per_unit = item.get("magnesium_ug_per_unit") if item else None
    units = _attempt(errors, lambda: _checked_units(per_unit, data.units_text))
    if item is None or plan is None or units is None:
        raise PlanErrors(errors)
    return item, plan, units


def check_schedule_change(schedule: Schedule, data: ScheduleInput) -> tuple[Plan, str]:
    """An edit's plan and units, or PlanErrors naming every field to correct."""
    errors: list[ValidationError] = []
    plan = _attempt(errors, lambda: _checked_plan(data))
    units = _attempt(
        errors, lambda: _checked_units(schedule.magnesium_ug_per_unit, data.units_text)
    )
    if plan is None or units is None:
        raise PlanErrors(errors)
    return plan, units


def create_schedule(user: User, data: ScheduleInput) -> Schedule:
    """Add a schedule to the user's regimen, or raise ValidationError (nothing saved)."""
    item, plan, units = check_new_schedule(user, data)
    count = db.session.execute(
        db.select(db.func.count()).select_from(Schedule).where(Schedule.user_id == user.id)
    ).scalar_one()
    if count >= MAX_SCHEDULES:
        raise ValidationError(
            "item",
            f"My regimen holds at most {MAX_SCHEDULES} schedules. Remove one you no longer "
            "use first.",
        )
    schedule = Schedule(user_id=user.id, reminders=data.reminders, **item)
    # The first plan holds for every day until an edit: its own dates bound it.
    schedule.plans = [SchedulePlan(effective_from=FIRST_DAY, **_plan_columns(plan, units))]
    db.session.add(schedule)
    db.session.commit()
    return schedule


def update_schedule(user: User, schedule: Schedule, data: ScheduleInput) -> None:
    """Change a schedule from today on, or raise ValidationError (nothing saved).

    The days before today keep the plan they had: when the plan in force today has already
    planned a past day, the change is a new version from today; otherwise (a plan not begun)
    it is changed in place.
    """
    plan, units = check_schedule_change(schedule, data)
    today = local_today(user)
    for later in [version for version in schedule.plans if version.effective_from > today]:
        # Only a change of time zone leaves a version dated after today: it shaped no day.
        schedule.plans.remove(later)
    current = max(
        (version for version in schedule.plans if version.effective_from <= today),
        key=lambda version: version.effective_from,
    )
    columns = _plan_columns(plan, units)
    if max(current.effective_from, current.start_day) < today:
        db.session.flush()
        schedule.plans.append(SchedulePlan(effective_from=today, **columns))
    else:
        for name, value in columns.items():
            setattr(current, name, value)
    schedule.reminders = data.reminders
    schedule.updated_at = utcnow()
    db.session.commit()


def delete_schedule(schedule: Schedule) -> None:
    """Remove a schedule and its record of taken and skipped doses; the logged doses stay."""
    db.session.delete(schedule)
    db.session.commit()


def schedule_or_404(user: User, schedule_id: int) -> Schedule:
    """One of the user's schedules, or abort with 404."""
    return db.first_or_404(
        db.select(Schedule)
        .where(Schedule.id == schedule_id, Schedule.user_id == user.id)
        .options(selectinload(Schedule.plans))
    )


def schedule_versions(schedule: Schedule) -> list[PlanVersion]:
    """A schedule's plans as the domain reads them."""
    return [
        PlanVersion(
            effective_from=version.effective_from,
            plan=Plan(
                pattern=version.pattern,
                start=version.start_day,
                end=version.end_day,
                times=tuple(version.times),
                weekdays=weekdays_of(version.weekdays),
                interval_days=version.interval_days,
            ),
        )
        for version in schedule.plans
    ]


def version_on(schedule: Schedule, day: date) -> SchedulePlan:
    """The plan row in force on a day (the first plan for days before any edit)."""
    candidates = [v for v in schedule.plans if v.effective_from <= day] or schedule.plans[:1]
    return max(candidates, key=lambda version: version.effective_from)


def schedule_form_values(schedule: Schedule, today: date) -> dict[str, object]:
    """What the edit form starts with: the plan in force today."""
    version = version_on(schedule, today)
    times = list(version.times) + [None] * 4
    return {
        "pattern": version.pattern.value,
        "days": [str(day) for day in weekdays_of(version.weekdays)],
        "interval_days": "" if version.interval_days is None else str(version.interval_days),
        "start_day": version.start_day,
        "end_day": version.end_day,
        **{f"time_{number}": times[number - 1] for number in range(1, 5)},
        "units": version.units_text,
        "reminders": schedule.reminders,
    }


# Built once (every day page asks): SQLAlchemy builds an inline statement on every call.
_SCHEDULES = (
    db.select(Schedule)
    .where(Schedule.user_id == bindparam("user_id"))
    .options(selectinload(Schedule.plans))
    .order_by(db.func.lower(Schedule.name), Schedule.id)
)


def _schedules(user: User) -> list[Schedule]:
    return list(db.session.execute(_SCHEDULES, {"user_id": user.id}).scalars())


# --- The regimen page ---------------------------------------------------------------------------


def _kind_label(schedule: Schedule) -> str:
    if schedule.item is ScheduleItem.SPACED_MEDICINE and schedule.medicine_class is not None:
        return schedule.medicine_class.label
    if schedule.product_kind is ProductKind.MEDICINE:
        return "Magnesium-containing medicine, from My supplements"
    return "Supplement, from My supplements"


def _planned_item(schedule: Schedule, today: date) -> PlannedItem:
    return PlannedItem(
        key=schedule.id,
        label=schedule.name,
        plan=plan_on(schedule_versions(schedule), today) or schedule_versions(schedule)[0].plan,
        medicine_class=schedule.medicine_class,
    )


@dataclass(frozen=True)
class ScheduleCard:
    id: int
    name: str
    kind_label: str
    plan_text: str
    units: str
    reminders: bool
    timed: bool
    ended: bool
    product_removed: bool
    cautions: list[PlannedConflict]


@dataclass(frozen=True)
class RegimenPage:
    current: list[ScheduleCard]
    ended: list[ScheduleCard]
    conflicts: list[PlannedConflict]
    gap_text: str
    today: date

    @property
    def count(self) -> int:
        return len(self.current) + len(self.ended)


def regimen_page(user: User) -> RegimenPage:
    """The user's schedules, current and ended, each with its planning-time cautions."""
    today = local_today(user)
    schedules = _schedules(user)
    conflicts = planned_spacing(
        [_planned_item(schedule, today) for schedule in schedules],
        today,
        bisphosphonate_gap_of(user),
    )
    cards = []
    for schedule in schedules:
        version = version_on(schedule, today)
        plan = plan_on(schedule_versions(schedule), today) or schedule_versions(schedule)[0].plan
        cards.append(
            ScheduleCard(
                id=schedule.id,
                name=schedule.name,
                kind_label=_kind_label(schedule),
                plan_text=describe_plan(plan, today),
                units=units_text(version.units_text),
                reminders=schedule.reminders,
                timed=plan.is_timed,
                ended=plan.end is not None and plan.end < today,
                product_removed=schedule.item is ScheduleItem.PRODUCT
                and schedule.product_id is None,
                cautions=[c for c in conflicts if c.involves(schedule.id)],
            )
        )
    return RegimenPage(
        current=[card for card in cards if not card.ended],
        ended=[card for card in cards if card.ended],
        conflicts=conflicts,
        gap_text=describe_duration(bisphosphonate_gap_of(user)),
        today=today,
    )


def conflicts_for(user: User, schedule: Schedule) -> list[PlannedConflict]:
    """The planning-time cautions that involve one schedule."""
    today = local_today(user)
    conflicts = planned_spacing(
        [_planned_item(other, today) for other in _schedules(user)],
        today,
        bisphosphonate_gap_of(user),
    )
    return [conflict for conflict in conflicts if conflict.involves(schedule.id)]


# --- The day's planned doses --------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedDose:
    schedule_id: int
    name: str
    units: str
    is_medicine: bool
    planned_time: time
    status: DoseStatus | None = None
    logged_time: time | None = None  # the logged entry's time, after any edit
    supplement_entry_id: int | None = None
    medicine_dose_id: int | None = None
    as_needed: bool = False
    magnesium: str | None = None  # the magnesium it logs ("240"), for a supplement


@dataclass(frozen=True)
class AsNeeded:
    schedule_id: int
    name: str
    units: str
    is_medicine: bool
    magnesium: str | None = None


def _dose_magnesium(schedule: Schedule, units: str) -> str | None:
    """The magnesium a dose of a saved product logs, as the day page shows it; None for a
    medicine to space (it logs no magnesium)."""
    if schedule.magnesium_ug_per_unit is None:
        return None
    try:
        mg = supplemental_mg_for(ug_to_mg(schedule.magnesium_ug_per_unit), parse_units(units))
    except ValueError:
        return None
    return display_mg(mg)


@dataclass(frozen=True)
class PlannedDay:
    day: date
    doses: list[PlannedDose]
    as_needed: list[AsNeeded]
    can_confirm: bool  # not a day ahead
    has_schedules: bool

    @property
    def unconfirmed(self) -> int:
        """Planned doses neither taken nor skipped: counted in no total."""
        return sum(1 for dose in self.doses if dose.status is None)

    @property
    def shown(self) -> bool:
        return bool(self.doses or self.as_needed)


def _confirmations(user: User, first: date, last: date) -> list[DoseConfirmation]:
    return list(
        db.session.execute(
            db.select(DoseConfirmation).where(
                DoseConfirmation.user_id == user.id, DoseConfirmation.day.between(first, last)
            )
        ).scalars()
    )


def _logged_times(confirmations: Iterable[DoseConfirmation]) -> dict[tuple[str, int], time | None]:
    entry_ids = [c.supplement_entry_id for c in confirmations if c.supplement_entry_id]
    dose_ids = [c.medicine_dose_id for c in confirmations if c.medicine_dose_id]
    times: dict[tuple[str, int], time | None] = {}
    if entry_ids:
        for entry_id, at in db.session.execute(
            db.select(SupplementEntry.id, SupplementEntry.time).where(
                SupplementEntry.id.in_(entry_ids)
            )
        ):
            times[("entry", entry_id)] = at
    if dose_ids:
        for dose_id, at in db.session.execute(
            db.select(MedicineDose.id, MedicineDose.time).where(MedicineDose.id.in_(dose_ids))
        ):
            times[("dose", dose_id)] = at
    return times


def planned_day(user: User, day: date) -> PlannedDay:
    """The doses planned for a day, each with what was recorded; the "as needed" items."""
    schedules = _schedules(user)
    # Doses are listed per schedule: without one there is nothing to look up.
    confirmations = _confirmations(user, day, day) if schedules else []
    logged = _logged_times(confirmations)
    by_key = {(c.schedule_id, c.planned_time): c for c in confirmations}
    doses: list[PlannedDose] = []
    as_needed: list[AsNeeded] = []
    for schedule in schedules:
        versions = schedule_versions(schedule)
        plan = plan_on(versions, day)
        version = version_on(schedule, day)
        units = units_text(version.units_text)
        is_medicine = schedule.item is ScheduleItem.SPACED_MEDICINE
        planned = set(doses_on(versions, day))
        recorded = {at for (key, at) in by_key if key == schedule.id}
        for at in sorted(planned | recorded):
            confirmation = by_key.get((schedule.id, at))
            doses.append(
                PlannedDose(
                    schedule_id=schedule.id,
                    name=schedule.name,
                    units=units if confirmation is None else units_text(confirmation.units_text),
                    is_medicine=is_medicine,
                    planned_time=at,
                    status=None if confirmation is None else confirmation.status,
                    logged_time=_logged_time(confirmation, logged),
                    supplement_entry_id=None
                    if confirmation is None
                    else confirmation.supplement_entry_id,
                    medicine_dose_id=None
                    if confirmation is None
                    else confirmation.medicine_dose_id,
                    as_needed=at not in planned,
                    magnesium=_dose_magnesium(
                        schedule,
                        version.units_text if confirmation is None else confirmation.units_text,
                    ),
                )
            )
        if plan is not None and plan.pattern is SchedulePattern.AS_NEEDED and _in_dates(plan, day):
            as_needed.append(
                AsNeeded(
                    schedule.id,
                    schedule.name,
                    units,
                    is_medicine,
                    _dose_magnesium(schedule, version.units_text),
                )
            )
    doses.sort(key=lambda dose: (dose.planned_time, dose.name.casefold(), dose.schedule_id))
    return PlannedDay(
        day=day,
        doses=doses,
        as_needed=as_needed,
        can_confirm=day <= local_today(user),
        has_schedules=bool(schedules),
    )


def _in_dates(plan: Plan, day: date) -> bool:
    return plan.start <= day and (plan.end is None or day <= plan.end)


def _logged_time(
    confirmation: DoseConfirmation | None, logged: dict[tuple[str, int], time | None]
) -> time | None:
    if confirmation is None:
        return None
    if confirmation.supplement_entry_id:
        return logged.get(("entry", confirmation.supplement_entry_id))
    if confirmation.medicine_dose_id:
        return logged.get(("dose", confirmation.medicine_dose_id))
    return None


# --- Taken, skipped, undo -----------------------------------------------------------------------


class AlreadyRecorded(Exception):
    """The dose was marked already (a second tap, another tab): nothing was changed."""

    def __init__(self, status: DoseStatus) -> None:
        super().__init__(status.value)
        self.status = status


def _check_confirmable(user: User, schedule: Schedule, day: date, at: time | None) -> SchedulePlan:
    if day > local_today(user):
        raise ValidationError("time", "A dose can be marked on its day or later, not ahead.")
    if at is None:
        raise ValidationError("time", "Enter the time the dose was taken, such as 07:30.")
    version = version_on(schedule, day)
    plan = plan_on(schedule_versions(schedule), day)
    if plan is not None and plan.pattern is SchedulePattern.AS_NEEDED and _in_dates(plan, day):
        return version
    if at not in doses_on(schedule_versions(schedule), day):
        raise ValidationError("time", f"No dose of {schedule.name} is planned at that time.")
    return version


def _log_taken(user: User, schedule: Schedule, day: date, at: time, units: str) -> dict[str, int]:
    if schedule.item is ScheduleItem.SPACED_MEDICINE:
        if schedule.medicine_class is None:
            raise ValidationError("time", "This schedule has no medicine to log.")
        dose = MedicineDose(
            user_id=user.id,
            day=day,
            time=at,
            medicine_class=schedule.medicine_class,
            medicine_name=schedule.name[:MAX_MEDICINE_NAME_LENGTH],
        )
        db.session.add(dose)
        db.session.flush()
        return {"medicine_dose_id": dose.id}
    if schedule.magnesium_ug_per_unit is None or schedule.form is None:
        raise ValidationError("time", "This schedule has no supplement to log.")
    product = (
        db.session.get(SupplementProduct, schedule.product_id)
        if schedule.product_id is not None
        else None
    )
    entry = SupplementEntry(
        user_id=user.id,
        day=day,
        time=at,
        product_id=schedule.product_id,
        name=schedule.name,
        form=schedule.form,
        kind=schedule.product_kind or ProductKind.SUPPLEMENT,
        # Calcium and vitamin D from the saved product's label, when it still exists.
        **entry_amounts(
            ug_to_mg(schedule.magnesium_ug_per_unit),
            units,
            None if product is None else product.calcium_ug_per_unit,
            None if product is None else product.vitamin_d_ng_per_unit,
        ),
    )
    db.session.add(entry)
    if product is not None:
        product.last_used_at = utcnow()
    db.session.flush()
    return {"supplement_entry_id": entry.id}


def record_dose(
    user: User, schedule: Schedule, day: date, at: time | None, status: DoseStatus
) -> DoseConfirmation:
    """Mark a planned dose taken (logging it at that time) or skipped; ValidationError or
    AlreadyRecorded change nothing. An "as needed" dose is taken at the time given."""
    version = _check_confirmable(user, schedule, day, at)
    assert at is not None
    existing = _confirmation(user, schedule, day, at)
    if existing is not None:
        raise AlreadyRecorded(existing.status)
    if status is DoseStatus.SKIPPED and version.pattern is SchedulePattern.AS_NEEDED:
        raise ValidationError("time", "An “as needed” dose has nothing to skip.")
    units = version.units_text
    logged = _log_taken(user, schedule, day, at, units) if status is DoseStatus.TAKEN else {}
    confirmation = DoseConfirmation(
        user_id=user.id,
        schedule_id=schedule.id,
        day=day,
        planned_time=at,
        status=status,
        name=schedule.name,
        units_text=units,
        **logged,
    )
    db.session.add(confirmation)
    try:
        db.session.commit()
    except IntegrityError:
        # Another request recorded this dose a moment ago: its record stands, this one goes.
        db.session.rollback()
        raise AlreadyRecorded(status) from None
    return confirmation


def _confirmation(user: User, schedule: Schedule, day: date, at: time) -> DoseConfirmation | None:
    return db.session.execute(
        db.select(DoseConfirmation).where(
            DoseConfirmation.user_id == user.id,
            DoseConfirmation.schedule_id == schedule.id,
            DoseConfirmation.day == day,
            DoseConfirmation.planned_time == at,
        )
    ).scalar()


def undo_dose(user: User, schedule: Schedule, day: date, at: time | None) -> DoseStatus | None:
    """Forget what was recorded for a dose (and delete the dose it logged); None if nothing."""
    confirmation = None if at is None else _confirmation(user, schedule, day, at)
    if confirmation is None:
        return None
    status = confirmation.status
    for model, row_id in (
        (SupplementEntry, confirmation.supplement_entry_id),
        (MedicineDose, confirmation.medicine_dose_id),
    ):
        if row_id is not None:
            db.session.execute(db.delete(model).where(model.id == row_id, model.user_id == user.id))
    db.session.execute(db.delete(DoseConfirmation).where(DoseConfirmation.id == confirmation.id))
    db.session.commit()
    return status


# --- Adherence ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemAdherence:
    """One scheduled item's doses over some days."""

    schedule_id: int
    name: str
    plan_text: str
    as_needed: bool
    counts: DoseCounts


def adherence_between(user: User, start: date, end: date) -> list[ItemAdherence]:
    """Per scheduled item: planned doses taken, skipped and not recorded from start to end."""
    schedules = _schedules(user)
    if not schedules:
        return []
    now = local_now(user).replace(tzinfo=None)
    today = now.date()
    recorded: dict[int, dict[tuple[date, time], DoseStatus]] = {}
    for confirmation in _confirmations(user, start, end):
        recorded.setdefault(confirmation.schedule_id, {})[
            (confirmation.day, confirmation.planned_time)
        ] = confirmation.status
    found = []
    for schedule in schedules:
        versions = schedule_versions(schedule)
        planned = occurrences(versions, start, end)
        marks = recorded.get(schedule.id, {})
        if not planned and not marks:
            continue
        plan = plan_on(versions, min(max(today, start), end)) or versions[0].plan
        found.append(
            ItemAdherence(
                schedule_id=schedule.id,
                name=schedule.name,
                plan_text=describe_plan(plan, today),
                as_needed=not planned,
                counts=dose_counts(planned, marks, now),
            )
        )
    return found
