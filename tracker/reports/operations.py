"""The report for a date range: everything the report page and the PDF show, gathered once.

Numbers are not recomputed here: day sums, summaries and top sources come from
tracker.summaries.operations and tracker.domain.summary, cautions from tracker.domain.cautions
and reference values from tracker.auth.operations. This module gathers them for one date range,
scoped to one user.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from tracker.auth.operations import profile_of
from tracker.domain.bone_nutrients import (
    BoneDay,
    BoneLimit,
    BonePeriod,
    BoneReference,
    Nutrient,
    bone_period,
    bone_reference,
    bone_upper_limit,
)
from tracker.domain.cautions import (
    ASK_PROVIDER_TIMING,
    MEDICAL_DISCLAIMER,
    Caution,
    SpacingConflict,
    conflict_days,
    day_cautions,
    describe_duration,
)
from tracker.domain.guidance import GENERAL_CAUTIONS
from tracker.domain.periods import DateRange, week_starts_between
from tracker.domain.reference import NIH_ODS, UpperLimit, missing_for_life_stage
from tracker.domain.summary import (
    DayIntake,
    PeriodSummary,
    period_cautions,
    summarize_days,
    weekly_trend,
)
from tracker.domain.supplements import ProductKind
from tracker.domain.totals import micro_to_quantity, ug_to_mg
from tracker.extensions import db
from tracker.formatting import (
    clock,
    counted,
    exact_text,
    short_date,
    short_day_month,
    times_text,
)
from tracker.localtime import local_today
from tracker.models import MedicineDose as MedicineDoseRow
from tracker.models import SupplementEntry, SupplementProduct, User
from tracker.regimens.operations import ItemAdherence, adherence_between
from tracker.summaries.bone import bone_days
from tracker.summaries.charts import (
    BarChart,
    bar_chart,
    day_slots,
    marker_legend,
    period_description,
    week_slot,
)
from tracker.summaries.operations import completed_days, day_intakes, food_sources
from tracker.supplements.day import spacing_conflicts

# Past this many days the chart shows weekly averages: daily bars would be thinner than a line.
MAX_DAILY_BARS = 93
DAILY_LABEL_DAYS = 14


# --- The report ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductUse:
    """A supplement or magnesium-containing medicine as logged over the range."""

    name: str
    is_medicine: bool
    form_label: str
    mg_per_unit: str  # the label's figure, exactly as logged ("62.5")
    doses: int
    times: str  # "08:00 (12 times), 21:00 (3 times)"
    per_unit_mg: Decimal = Decimal(0)  # the same figure, to multiply
    unit_name: str | None = None  # the saved product's unit ("capsule"), if it has one
    # (units a dose, how many doses of that size), most frequent first
    dose_sizes: tuple[tuple[Decimal, int], ...] = ()
    # the least and the most of it on a day it was taken (exact milligrams)
    day_mg_range: tuple[Decimal, Decimal] = (Decimal(0), Decimal(0))
    days_taken: int = 0

    @property
    def kind_label(self) -> str:
        """ "Supplement" or "Medicine"."""
        return "Medicine" if self.is_medicine else "Supplement"


@dataclass(frozen=True)
class MedicineUse:
    """A medicine logged for its timing (bisphosphonate or antibiotic): it has no magnesium."""

    name: str
    class_label: str
    doses: int
    times: str


@dataclass(frozen=True)
class ReportCaution:
    """A caution that fired in the range, with the days or doses it fired for."""

    key: str
    title: str
    message: str
    source_name: str
    source_url: str
    details: tuple[str, ...]


@dataclass(frozen=True)
class BoneSummary:
    """Calcium and vitamin D of a report: averages, each logged day, the values compared with."""

    period: BonePeriod
    days: dict[date, BoneDay]
    # On the range's last day (a report spanning a birthday says so in the magnesium part).
    references: tuple[BoneReference, BoneReference]
    limits: tuple[BoneLimit, BoneLimit]


def bone_summary(user: User, start: date, end: date) -> BoneSummary:
    """Calcium and vitamin D of a range, with the life stage's values on its last day."""
    days = bone_days(user, start, end)
    profile = profile_of(user)
    return BoneSummary(
        period=bone_period(days, profile),
        days=days,
        references=(
            bone_reference(Nutrient.CALCIUM, profile, end),
            bone_reference(Nutrient.VITAMIN_D, profile, end),
        ),
        limits=(
            bone_upper_limit(Nutrient.CALCIUM, profile, end),
            bone_upper_limit(Nutrient.VITAMIN_D, profile, end),
        ),
    )


@dataclass(frozen=True)
class Report:
    """Everything a report shows, for the HTML page and the PDF alike."""

    name: str | None
    range: DateRange
    prepared_on: date
    summary: PeriodSummary
    limits: tuple[UpperLimit, ...]
    chart: BarChart
    chart_by_week: bool
    supplements: tuple[ProductUse, ...]
    medicines: tuple[MedicineUse, ...]
    cautions: tuple[ReportCaution, ...]
    kidney_flag: bool
    disclaimer: str = MEDICAL_DISCLAIMER
    # What the profile lacks for a life stage on a day compared with a Daily Value ("sex").
    life_stage_missing: tuple[str, ...] = ()
    # Planned doses of My regimen over the range (tracker.regimens); empty without schedules.
    adherence: tuple[ItemAdherence, ...] = ()
    # Calcium and vitamin D over the range (issue 16).
    bone: BoneSummary | None = None

    @property
    def marker_legend(self) -> str:
        """What the chart's warning triangle marks (over the UL, or an infant's supplements)."""
        return marker_legend(self.limits, by_week=self.chart_by_week)

    @property
    def logged_days(self):
        """The days with something logged (the daily totals table lists these)."""
        return self.summary.logged_days

    @property
    def not_logged_count(self) -> int:
        """Days of the range with nothing logged."""
        return len(self.summary.days) - self.summary.logged_count


def _times_text(counts: Counter, limit: int = 4) -> str:
    """Times of day, most frequent first: "08:00 (12 times), 21:00 (once), no time given"."""
    timed = sorted(
        ((at, count) for at, count in counts.items() if at is not None),
        key=lambda item: (-item[1], item[0]),
    )
    parts = [f"{clock(at)} ({times_text(count)})" for at, count in timed[:limit]]
    if len(timed) > limit:
        rest = sum(count for _at, count in timed[limit:])
        parts.append(f"{len(timed) - limit} other times of day ({times_text(rest)})")
    if counts.get(None):
        parts.append(f"no time given ({times_text(counts[None])})")
    return ", ".join(parts)


def _times_by(model, user: User, start: date, end: date, *columns) -> dict[tuple, Counter]:
    """How often each group of `columns` was logged at each time of day, counted in SQL."""
    rows = db.session.execute(
        db.select(*columns, model.time, db.func.count())
        .where(model.user_id == user.id, model.day.between(start, end))
        .group_by(*columns, model.time)
    )
    grouped: dict[tuple, Counter] = {}
    for *key, at, count in rows:
        grouped.setdefault(tuple(key), Counter())[at] += count
    return grouped


def _most_used_first(uses: list) -> tuple:
    return tuple(sorted(uses, key=lambda use: (-use.doses, use.name.casefold())))


def product_uses(user: User, start: date, end: date) -> tuple[ProductUse, ...]:
    """Supplements and magnesium-containing medicines logged in the range, grouped in SQL.

    Each is one name, kind, form and label figure, with its dose sizes (units a dose), the
    magnesium of it on the days it was taken, and the unit name of its saved product.
    """
    keys = (
        SupplementEntry.name,
        SupplementEntry.kind,
        SupplementEntry.form,
        SupplementEntry.magnesium_ug_per_unit,
    )
    in_range = (SupplementEntry.user_id == user.id, SupplementEntry.day.between(start, end))
    grouped = _times_by(SupplementEntry, user, start, end, *keys)
    # Per name, kind, form and label figure: how many doses of each size, and each day's mg.
    sizes: dict[tuple, Counter] = {}
    day_ug: dict[tuple, Counter] = {}
    for *group, day, units_micro, count, magnesium_ug in db.session.execute(
        db.select(
            *keys,
            SupplementEntry.day,
            SupplementEntry.units_micro,
            db.func.count(),
            db.func.sum(SupplementEntry.magnesium_ug),
        )
        .where(*in_range)
        .group_by(*keys, SupplementEntry.day, SupplementEntry.units_micro)
    ):
        sizes.setdefault(tuple(group), Counter())[micro_to_quantity(units_micro)] += count
        day_ug.setdefault(tuple(group), Counter())[day] += magnesium_ug
    unit_names = {
        tuple(group): unit_name
        for *group, unit_name in db.session.execute(
            db.select(*keys, db.func.max(SupplementProduct.unit_name))
            .join(SupplementProduct, SupplementProduct.id == SupplementEntry.product_id)
            .where(*in_range)
            .group_by(*keys)
        )
    }
    uses = []
    for key, counts in grouped.items():
        name, kind, form, per_unit_ug = key
        per_day = [ug_to_mg(ug) for ug in day_ug[key].values()]
        uses.append(
            ProductUse(
                name=name,
                is_medicine=kind is ProductKind.MEDICINE,
                form_label=form.label,
                mg_per_unit=exact_text(ug_to_mg(per_unit_ug)),
                doses=sum(counts.values()),
                times=_times_text(counts),
                per_unit_mg=ug_to_mg(per_unit_ug),
                unit_name=unit_names.get(key),
                dose_sizes=tuple(sorted(sizes[key].items(), key=lambda size: (-size[1], size[0]))),
                day_mg_range=(min(per_day), max(per_day)),
                days_taken=len(per_day),
            )
        )
    return _most_used_first(uses)


def medicine_uses(user: User, start: date, end: date) -> tuple[MedicineUse, ...]:
    """Medicines logged for their timing in the range (no magnesium), grouped in SQL."""
    grouped = _times_by(
        MedicineDoseRow,
        user,
        start,
        end,
        MedicineDoseRow.medicine_name,
        MedicineDoseRow.medicine_class,
    )
    return _most_used_first(
        [
            MedicineUse(
                name=name,
                class_label=medicine_class.label,
                doses=sum(counts.values()),
                times=_times_text(counts),
            )
            for (name, medicine_class), counts in grouped.items()
        ]
    )


def _conflict_line(conflict: SpacingConflict) -> str:
    first_day = conflict.first_at.date()

    def when(moment: datetime) -> str:
        # The date is repeated only for a dose on the other side of midnight.
        if moment.date() == first_day:
            return clock(moment)
        return f"{clock(moment)} on {short_date(moment.date())}"

    apart = (
        "at the same time"
        if conflict.minutes_apart == 0
        else f"{describe_duration(timedelta(minutes=conflict.minutes_apart))} apart"
    )
    return (
        f"{short_date(first_day)}: {conflict.medicine.label} at {when(conflict.medicine.at)} "
        f"and {conflict.magnesium.label} at {when(conflict.magnesium.at)}, {apart} "
        f"({conflict.rule.summary})."
    )


def _spacing_checked(conflicts: list[SpacingConflict]) -> str:
    """For the reader of the report: where the tracker checks more than NIH's guidance."""
    sentences = []
    rules = {conflict.rule for conflict in conflicts}
    for rule in sorted(rules, key=lambda rule: rule.medicine_class.value):
        if rule.own_setting:
            sentences.append(
                f"For bisphosphonates the person set a gap of their own in the tracker "
                f"({rule.checked}, for example from the medicine's leaflet or a pharmacist); "
                f"the general guidance is {rule.guidance}."
            )
    if any(rule.medicine_class.is_antibiotic for rule in rules):
        antibiotic = next(rule for rule in rules if rule.medicine_class.is_antibiotic)
        sentences.append(
            f"For antibiotics the general guidance is {antibiotic.guidance}; the tracker "
            f"checks the cautious end, {describe_duration(antibiotic.after)} after."
        )
    return "".join(f"{sentence} " for sentence in sentences)


# A long range can fire a caution every day: the report lists the first ones and counts the
# rest, and the daily totals table still marks every day.
MAX_CAUTION_DETAILS = 31


def _at_most(lines: list[str], what: str) -> tuple[str, ...]:
    if len(lines) <= MAX_CAUTION_DETAILS:
        return tuple(lines)
    rest = len(lines) - MAX_CAUTION_DETAILS
    return (
        *lines[:MAX_CAUTION_DETAILS],
        f"… and {rest:,} more {what}, marked in the daily totals.",
    )


def report_cautions(
    user: User,
    summary: PeriodSummary,
    intakes: dict[date, DayIntake],
    conflicts: list[SpacingConflict],
) -> tuple[ReportCaution, ...]:
    """Every caution the day pages raised in the range, grouped, with the days they fired on."""
    kidney = bool(user.kidney_condition)
    by_day: dict[date, list[SpacingConflict]] = {}
    for conflict in conflicts:
        for day in conflict_days(conflict):
            by_day.setdefault(day, []).append(conflict)
    fired: dict[str, list[tuple[date, Caution]]] = {}
    for summary_day in summary.days:
        intake = intakes.get(summary_day.day)
        for caution in day_cautions(
            summary_day.supplemental_mg or Decimal(0),
            summary_day.limit,
            kidney,
            intake is not None and intake.supplemental_entries > 0,
            by_day.get(summary_day.day, []),
        ):
            fired.setdefault(caution.key, []).append((summary_day.day, caution))

    period_name = "this range"
    by_key = {caution.key: caution for caution in period_cautions(summary, period_name)}
    cautions: list[ReportCaution] = []
    if "upper-limit" in fired:
        general = by_key["upper-limit"]
        over = [day for day in summary.days if day.over_limit]
        cautions.append(
            ReportCaution(
                key="upper-limit",
                title=general.title,
                message=general.message,
                source_name=general.source.name,
                source_url=general.source.url,
                details=_at_most(
                    [
                        f"{short_date(day.day)}: {day.supplemental_text} mg from "
                        f"supplements and medicines (upper limit {day.limit.mg:,} mg)"
                        for day in over
                    ],
                    "days",
                ),
            )
        )
    if "infant-supplement" in fired:
        first = fired["infant-supplement"][0][1]
        cautions.append(
            ReportCaution(
                key="infant-supplement",
                title=first.title,
                message=first.message,
                source_name=first.source.name,
                source_url=first.source.url,
                details=_at_most(
                    [
                        f"{short_date(day)}: supplemental magnesium logged"
                        for day, _c in fired["infant-supplement"]
                    ],
                    "days",
                ),
            )
        )
    if "kidney" in fired:
        general = next(c for c in GENERAL_CAUTIONS if c.key == "kidney")
        count = len(fired["kidney"])
        cautions.append(
            ReportCaution(
                key="kidney",
                title=fired["kidney"][0][1].title,
                message=general.message,
                source_name=general.source.name,
                source_url=general.source.url,
                details=(
                    "The profile notes reduced kidney function, and magnesium from supplements "
                    f"or medicines was logged on {counted(count, 'day')} of this range.",
                ),
            )
        )
    if "spacing" in fired:
        days = {day for day, _c in fired["spacing"]}
        cautions.append(
            ReportCaution(
                key="spacing",
                title="Timing of magnesium and medicines",
                message=(
                    f"On {counted(len(days), 'day')} of this range, a magnesium supplement or "
                    "medicine was logged closer to a bisphosphonate or an antibiotic than the "
                    "spacing the tracker checks. Magnesium can keep these medicines from being "
                    f"absorbed. {_spacing_checked(conflicts)}The doses are listed below, each "
                    f"with the general guidance and what was checked. {ASK_PROVIDER_TIMING}"
                ),
                source_name=NIH_ODS.name,
                source_url=NIH_ODS.url,
                details=_at_most([_conflict_line(c) for c in conflicts], "pairs of doses"),
            )
        )
    return tuple(cautions)


def _week_slots(summary: PeriodSummary, intakes: dict[date, DayIntake], user: User):
    """Weekly averages for a long range, from the domain's weekly trend."""
    starts = week_starts_between(summary.start, summary.end, user.week_starts_on)
    trend = weekly_trend(starts, intakes, profile_of(user), today=local_today(user))
    every = max(1, len(trend) // 8)
    return [week_slot(week, show_label=index % every == 0) for index, week in enumerate(trend)]


def build_report(user: User, chosen: DateRange, name: str | None = None) -> Report:
    """Gather a user's report for a date range from the summaries, cautions and reference values."""
    today = local_today(user)
    intakes = day_intakes(user, chosen.start, chosen.end)
    conflicts = spacing_conflicts(user, chosen.start, chosen.end)
    # As summaries.operations.period_summary, with the spacing days taken from the conflicts
    # already found rather than searched for a second time.
    summary = summarize_days(
        chosen.days,
        intakes,
        profile_of(user),
        completed=completed_days(user, chosen.start, chosen.end),
        spacing_caution_days={
            day
            for conflict in conflicts
            for day in conflict_days(conflict)
            if chosen.start <= day <= chosen.end
        },
        sources=food_sources(user, chosen.start, chosen.end),
        today=today,
    )
    by_week = chosen.day_count > MAX_DAILY_BARS
    if by_week:
        slots = _week_slots(summary, intakes, user)
        title = f"Daily average per week, {chosen.text}"
        description = (
            f"Stacked bars of the daily average, food and supplemental, for each week of the "
            f"{chosen.day_count} days, drawn against the reference intake. "
            f"{summary.logged_count} of {chosen.day_count} days logged."
        )
    else:
        slots = day_slots(summary, month=chosen.day_count > DAILY_LABEL_DAYS)
        if chosen.day_count > DAILY_LABEL_DAYS:
            # Up to two weeks every bar has its weekday and date; longer ranges cross months,
            # so about eight bars are labelled with day and month.
            step = max(7, math.ceil(chosen.day_count / 8))
            slots = [
                replace(slot, label=short_day_month(day.day), show_label=index % step == 0)
                for index, (slot, day) in enumerate(zip(slots, summary.days, strict=True))
            ]
        title = f"Magnesium per day, {chosen.text}"
        description = period_description(summary)
    return Report(
        name=(name or "").strip() or None,
        range=chosen,
        prepared_on=today,
        summary=summary,
        limits=summary.limits,
        chart=bar_chart("report-chart", title, description, slots, label_font_size=12),
        chart_by_week=by_week,
        supplements=product_uses(user, chosen.start, chosen.end),
        medicines=medicine_uses(user, chosen.start, chosen.end),
        cautions=report_cautions(user, summary, intakes, conflicts),
        kidney_flag=bool(user.kidney_condition),
        life_stage_missing=next(
            (
                missing_for_life_stage(profile_of(user), day.day)
                for day in summary.days
                if day.reference.is_daily_value
            ),
            (),
        ),
        adherence=tuple(adherence_between(user, chosen.start, chosen.end)),
        bone=bone_summary(user, chosen.start, chosen.end),
    )
