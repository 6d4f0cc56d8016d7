"""The data file's "schedules" (My regimen), to and from the tables.

The rows are declared with the rest of the file in tracker.account_data.schema. A taken dose
names the dose it logged by its position in the file's supplement_entries or medicine_doses
(which the export writes in the order of the tables' ids and the import inserts in order), so
a round trip keeps every link.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import selectinload

from tracker.account_data.schema import (
    DataFile,
    DoseConfirmationRow,
    PlanRow,
    ScheduleRow,
)
from tracker.domain.regimens import ScheduleItem, Weekday, weekday_mask, weekdays_of
from tracker.domain.totals import mg_to_ug, micro_to_quantity, quantity_to_micro, ug_to_mg
from tracker.extensions import db
from tracker.models import (
    DoseConfirmation,
    MedicineDose,
    Schedule,
    SchedulePlan,
    SupplementEntry,
    User,
)

WEEKDAYS = list(Weekday)
# Values the file and the tables hold alike.
SCHEDULE_FIELDS = (
    "item", "name", "form", "product_kind", "unit_name", "medicine_class", "reminders",
    "created_at",
)  # fmt: skip
CONFIRMATION_FIELDS = ("day", "planned_time", "status", "name", "units_text")


def _same(row: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in names}


def _positions(ids: list[int]) -> dict[int, int]:
    return {row_id: position for position, row_id in enumerate(ids)}


def export_schedules(
    user: User, product_refs: dict[int, str], entry_ids: list[int], dose_ids: list[int]
) -> list[ScheduleRow]:
    """The user's schedules as rows of the file; entry_ids and dose_ids in the file's order."""
    entries, doses = _positions(entry_ids), _positions(dose_ids)
    schedules = db.session.execute(
        db.select(Schedule)
        .where(Schedule.user_id == user.id)
        .options(selectinload(Schedule.plans))
        .order_by(Schedule.id)
    ).scalars()
    confirmations: dict[int, list[DoseConfirmation]] = {}
    for confirmation in db.session.execute(
        db.select(DoseConfirmation)
        .where(DoseConfirmation.user_id == user.id)
        .order_by(DoseConfirmation.day, DoseConfirmation.planned_time, DoseConfirmation.id)
    ).scalars():
        confirmations.setdefault(confirmation.schedule_id, []).append(confirmation)

    def logged_as(confirmation: DoseConfirmation) -> int | None:
        if confirmation.supplement_entry_id is not None:
            return entries.get(confirmation.supplement_entry_id)
        if confirmation.medicine_dose_id is not None:
            return doses.get(confirmation.medicine_dose_id)
        return None

    return [
        ScheduleRow.model_construct(
            ref=f"schedule-{number}",
            **_same(schedule, SCHEDULE_FIELDS),
            product=product_refs.get(schedule.product_id) if schedule.product_id else None,
            magnesium_mg_per_unit=(
                None
                if schedule.magnesium_ug_per_unit is None
                else ug_to_mg(schedule.magnesium_ug_per_unit)
            ),
            plans=[
                PlanRow.model_construct(
                    effective_from=plan.effective_from,
                    pattern=plan.pattern,
                    weekdays=[WEEKDAYS[day] for day in weekdays_of(plan.weekdays)],
                    interval_days=plan.interval_days,
                    start_day=plan.start_day,
                    end_day=plan.end_day,
                    times=list(plan.times),
                    units_text=plan.units_text,
                    units=micro_to_quantity(plan.units_micro),
                )
                for plan in schedule.plans
            ],
            confirmations=[
                DoseConfirmationRow.model_construct(
                    **_same(confirmation, CONFIRMATION_FIELDS),
                    logged_as=logged_as(confirmation),
                )
                for confirmation in confirmations.get(schedule.id, [])
            ],
        )
        for number, schedule in enumerate(schedules, 1)
    ]


def _ids_in_order(model: Any, user: User) -> list[int]:
    # The account was empty: its rows are the file's, inserted in the file's order.
    return list(
        db.session.execute(
            db.select(model.id).where(model.user_id == user.id).order_by(model.id)
        ).scalars()
    )


def import_schedules(user: User, file: DataFile, product_ids: dict[str, int]) -> None:
    """Add the file's schedules to the running transaction (after its entries and doses)."""
    if not file.schedules:
        return
    entry_ids = _ids_in_order(SupplementEntry, user)
    dose_ids = _ids_in_order(MedicineDose, user)
    for row in file.schedules:
        schedule = Schedule(
            user_id=user.id,
            **_same(row, SCHEDULE_FIELDS),
            product_id=None if row.product is None else product_ids[row.product],
            magnesium_ug_per_unit=(
                None if row.magnesium_mg_per_unit is None else mg_to_ug(row.magnesium_mg_per_unit)
            ),
        )
        schedule.plans = [
            SchedulePlan(
                effective_from=plan.effective_from,
                pattern=plan.pattern,
                weekdays=weekday_mask(day.number for day in plan.weekdays),
                interval_days=plan.interval_days,
                start_day=plan.start_day,
                end_day=plan.end_day,
                times=tuple(plan.times),
                units_text=plan.units_text,
                units_micro=quantity_to_micro(plan.units),
            )
            for plan in row.plans
        ]
        db.session.add(schedule)
        db.session.flush()
        logged = entry_ids if row.item is ScheduleItem.PRODUCT else dose_ids
        link = "supplement_entry_id" if row.item is ScheduleItem.PRODUCT else "medicine_dose_id"
        for dose in row.confirmations:
            db.session.add(
                DoseConfirmation(
                    user_id=user.id,
                    schedule_id=schedule.id,
                    **_same(dose, CONFIRMATION_FIELDS),
                    **({} if dose.logged_as is None else {link: logged[dose.logged_as]}),
                )
            )
