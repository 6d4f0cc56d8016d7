"""The report, the CSV rows and share links: every query behind the export page and shared links.

Numbers are not recomputed here: day sums, summaries and top sources come from
tracker.summaries.operations and tracker.domain.summary, cautions from tracker.domain.cautions
and reference values from tracker.auth.operations. This module gathers them for one date range,
scoped to one user, and adds the per-entry rows of the CSV and the share-link bookkeeping.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from tracker.auth.operations import profile_of
from tracker.diary.operations import MEAL_LABELS, MEALS, QUICK_ADD_KIND, amount_text
from tracker.domain.cautions import (
    ASK_PROVIDER_TIMING,
    GENERAL_CAUTIONS,
    MEDICAL_DISCLAIMER,
    Caution,
    MagnesiumDose,
    MedicineClass,
    MedicineDose,
    SpacingConflict,
    day_cautions,
    describe_duration,
    find_spacing_conflicts,
)
from tracker.domain.reference import NIH_ODS, UpperLimit
from tracker.domain.summary import (
    DayIntake,
    PeriodSummary,
    local_moment,
    period_cautions,
    summarize_days,
    week_start,
    weekly_trend,
)
from tracker.domain.supplements import SupplementForm
from tracker.domain.totals import (
    display_mg,
    display_quantity,
    micro_to_quantity,
    milligrams_to_grams,
    ug_to_mg,
)
from tracker.extensions import db
from tracker.localtime import local_today, user_zone
from tracker.models import (
    Food,
    FoodEntry,
    ShareLink,
    SupplementEntry,
    User,
    utcnow,
)
from tracker.models import MedicineDose as MedicineDoseRow
from tracker.summaries.charts import BarChart, ChartSlot, bar_chart, day_slots, period_description
from tracker.summaries.operations import completed_days, day_intakes, food_sources
from tracker.supplements.operations import bisphosphonate_gap_of, mg_input_text
from tracker.web import FIRST_DAY, LAST_DAY

# --- Date ranges --------------------------------------------------------------------------------

PRESET_PERIODS = {"7": 7, "30": 30, "90": 90}
CUSTOM_PERIOD = "custom"
DEFAULT_PERIOD = "30"
# Three years, leap day included: a doctor's report rarely needs more, and it bounds the work.
MAX_RANGE_DAYS = 3 * 365 + 1
# Past this many days the chart shows weekly averages: daily bars would be thinner than a line.
MAX_DAILY_BARS = 93
DAILY_LABEL_DAYS = 14


class RangeError(ValueError):
    """A date range that can't be used; the message is user-facing."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class DateRange:
    """Days from start to end, both included, in the user's calendar."""

    start: date
    end: date

    @property
    def day_count(self) -> int:
        """How many days the range covers."""
        return (self.end - self.start).days + 1

    @property
    def days(self) -> list[date]:
        """Every day of the range, oldest first."""
        return [self.start + timedelta(days=offset) for offset in range(self.day_count)]

    @property
    def text(self) -> str:
        """E.g. "1 March 2024 to 30 March 2024"."""
        return f"{_long(self.start)} to {_long(self.end)}"

    @property
    def slug(self) -> str:
        """E.g. "2024-03-01-to-2024-03-30", for file names."""
        return f"{self.start.isoformat()}-to-{self.end.isoformat()}"


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def resolve_range(
    today: date, period: str | None, start: date | None, end: date | None
) -> DateRange:
    """The range a user chose: the last 7, 30 or 90 days (today included) or their own dates."""
    if not period:
        period = CUSTOM_PERIOD if start or end else DEFAULT_PERIOD
    if period in PRESET_PERIODS:
        return DateRange(today - timedelta(days=PRESET_PERIODS[period] - 1), today)
    if period != CUSTOM_PERIOD:
        raise RangeError("period", "Choose the last 7, 30 or 90 days, or your own dates.")
    if start is None:
        raise RangeError("start", "Enter the first day of the range.")
    if end is None:
        raise RangeError("end", "Enter the last day of the range.")
    for field, day in (("start", start), ("end", end)):
        if not FIRST_DAY <= day <= LAST_DAY:
            raise RangeError(field, f"Enter a date from {FIRST_DAY.year} to {LAST_DAY.year}.")
    if end < start:
        raise RangeError("end", "The last day must be on or after the first day.")
    chosen = DateRange(start, end)
    if chosen.day_count > MAX_RANGE_DAYS:
        raise RangeError("end", f"Choose at most {MAX_RANGE_DAYS:,} days (3 years) for one export.")
    return chosen


_DAY_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(text: str | None) -> date | None:
    """A YYYY-MM-DD day, or None for anything else (an impossible date included)."""
    if not text or not _DAY_RE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def default_range(user: User) -> DateRange:
    """The last 30 days, today included, in the user's time zone."""
    return resolve_range(local_today(user), DEFAULT_PERIOD, None, None)


def default_paper(user: User) -> str:
    """US Letter for users in the Americas (where it is the usual paper), A4 elsewhere."""
    return "letter" if (user.timezone or "").startswith("America/") else "a4"


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

    @property
    def logged_days(self):
        """The days with something logged (the daily totals table lists these)."""
        return self.summary.logged_days

    @property
    def not_logged_count(self) -> int:
        """Days of the range with nothing logged."""
        return len(self.summary.days) - self.summary.logged_count


def short_date(day: date) -> str:
    """E.g. "Tue 5 Mar 2024"."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def _times_text(counts: Counter, limit: int = 4) -> str:
    """Times of day, most frequent first: "08:00 (12 times), 21:00 (once), no time given"."""

    def times(count: int) -> str:
        return "once" if count == 1 else f"{count} times"

    timed = sorted(
        ((at, count) for at, count in counts.items() if at is not None),
        key=lambda item: (-item[1], item[0]),
    )
    parts = [f"{at:%H:%M} ({times(count)})" for at, count in timed[:limit]]
    if len(timed) > limit:
        rest = sum(count for _at, count in timed[limit:])
        parts.append(f"{len(timed) - limit} other times of day ({times(rest)})")
    if counts.get(None):
        parts.append(f"no time given ({times(counts[None])})")
    return ", ".join(parts)


def _form_label(value: str) -> str:
    try:
        return SupplementForm(value).label
    except ValueError:
        return value


def _class_label(value: str) -> str:
    try:
        return MedicineClass(value).label
    except ValueError:
        return value


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
    """Supplements and magnesium-containing medicines logged in the range, grouped in SQL."""
    grouped = _times_by(
        SupplementEntry,
        user,
        start,
        end,
        SupplementEntry.name,
        SupplementEntry.kind,
        SupplementEntry.form,
        SupplementEntry.magnesium_ug_per_unit,
    )
    return _most_used_first(
        [
            ProductUse(
                name=name,
                is_medicine=kind == "medicine",
                form_label=_form_label(form),
                mg_per_unit=mg_input_text(per_unit_ug),
                doses=sum(counts.values()),
                times=_times_text(counts),
            )
            for (name, kind, form, per_unit_ug), counts in grouped.items()
        ]
    )


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
                class_label=_class_label(medicine_class),
                doses=sum(counts.values()),
                times=_times_text(counts),
            )
            for (name, medicine_class), counts in grouped.items()
        ]
    )


def spacing_conflicts(user: User, start: date, end: date) -> list[SpacingConflict]:
    """Magnesium and medicine doses logged too close together, with either dose in the range.

    One day either side is read too, because a gap can cross midnight (as on the day page).
    Each medicine dose is compared only with the magnesium doses of its own day and the days
    either side (no gap the domain allows is longer than 24 hours), so three years of daily
    doses cost thousands of comparisons, not millions.
    """
    first, last = start - timedelta(days=1), end + timedelta(days=1)
    medicines: dict[date, list[MedicineDose]] = {}
    for day, at, medicine_class, name in db.session.execute(
        db.select(
            MedicineDoseRow.day,
            MedicineDoseRow.time,
            MedicineDoseRow.medicine_class,
            MedicineDoseRow.medicine_name,
        ).where(MedicineDoseRow.user_id == user.id, MedicineDoseRow.day.between(first, last))
    ):
        try:
            kind = MedicineClass(medicine_class)
        except ValueError:
            continue
        medicines.setdefault(day, []).append(
            MedicineDose(label=name, at=local_moment(day, at), medicine_class=kind)
        )
    if not medicines:
        return []
    doses: dict[date, list[MagnesiumDose]] = {}
    for day, at, name in db.session.execute(
        db.select(SupplementEntry.day, SupplementEntry.time, SupplementEntry.name).where(
            SupplementEntry.user_id == user.id,
            SupplementEntry.day.between(first - timedelta(days=1), last + timedelta(days=1)),
            SupplementEntry.time.is_not(None),
        )
    ):
        doses.setdefault(day, []).append(MagnesiumDose(label=name, at=local_moment(day, at)))
    gap = bisphosphonate_gap_of(user)
    conflicts = []
    for day, day_medicines in medicines.items():
        nearby = [dose for offset in (-1, 0, 1) for dose in doses.get(day + timedelta(offset), [])]
        conflicts += find_spacing_conflicts(nearby, day_medicines, gap)
    conflicts.sort(
        key=lambda c: (
            c.first_at,
            max(c.magnesium.at, c.medicine.at),
            c.medicine.label,
            c.magnesium.label,
        )
    )
    return [
        conflict
        for conflict in conflicts
        if start <= conflict.magnesium.at.date() <= end
        or start <= conflict.medicine.at.date() <= end
    ]


def _conflict_days(conflict: SpacingConflict) -> set[date]:
    return {conflict.magnesium.at.date(), conflict.medicine.at.date()}


def _conflict_line(conflict: SpacingConflict) -> str:
    first_day = conflict.first_at.date()

    def when(moment: datetime) -> str:
        # The date is repeated only for a dose on the other side of midnight.
        if moment.date() == first_day:
            return f"{moment:%H:%M}"
        return f"{moment:%H:%M} on {short_date(moment.date())}"

    apart = (
        "at the same time"
        if conflict.minutes_apart == 0
        else f"{describe_duration(timedelta(minutes=conflict.minutes_apart))} apart"
    )
    return (
        f"{short_date(first_day)}: {conflict.medicine.label} at {when(conflict.medicine.at)} "
        f"and {conflict.magnesium.label} at {when(conflict.magnesium.at)}, {apart} "
        f"(general guidance: {conflict.required_gap})."
    )


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


def _days_word(count: int) -> str:
    return f"{count} {'day' if count == 1 else 'days'}"


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
        for day in _conflict_days(conflict):
            by_day.setdefault(day, []).append(conflict)
    fired: dict[str, list[tuple[date, Caution]]] = {}
    for day in summary.days:
        intake = intakes.get(day.day)
        todays_conflicts = by_day.get(day.day, [])
        for caution in day_cautions(
            day.supplemental_mg or Decimal(0),
            day.limit,
            kidney,
            intake is not None and intake.supplemental_entries > 0,
            todays_conflicts,
        ):
            fired.setdefault(caution.key, []).append((day.day, caution))

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
                        f"{short_date(day.day)}: {display_mg(day.supplemental_mg)} mg from "
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
                    f"or medicines was logged on {_days_word(count)} of this range.",
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
                    f"On {_days_word(len(days))} of this range, a magnesium supplement or "
                    "medicine was logged closer to a bisphosphonate or an antibiotic than the "
                    "general guidance on spacing them. Magnesium can keep these medicines from "
                    f"being absorbed. The doses are listed below. {ASK_PROVIDER_TIMING}"
                ),
                source_name=NIH_ODS.name,
                source_url=NIH_ODS.url,
                details=_at_most([_conflict_line(c) for c in conflicts], "pairs of doses"),
            )
        )
    return tuple(cautions)


def _week_slots(summary: PeriodSummary, intakes: dict[date, DayIntake], user: User):
    """Weekly averages for a long range, from the domain's weekly trend."""
    starts_on = user.week_starts_on or "monday"
    first = week_start(summary.start, starts_on)
    starts = []
    while first <= summary.end:
        starts.append(first)
        first += timedelta(days=7)
    trend = weekly_trend(starts, intakes, profile_of(user), today=local_today(user))
    every = max(1, len(trend) // 8)
    return [
        ChartSlot(
            key=week.start.isoformat(),
            label=f"{week.start.day} {week.start:%b}",
            sublabel="",
            show_label=index % every == 0,
            food_mg=week.average_food_mg,
            supplemental_mg=week.average_supplemental_mg,
            reference_mg=week.reference.mg,
            over_limit=week.any_over_limit,
            future=week.future,
            description=(
                f"Week of {_long(week.start)}: not logged"
                if week.average_total_mg is None
                else f"Week of {_long(week.start)}: {display_mg(week.average_total_mg)} mg a "
                f"day on average over {_days_word(week.logged_days)} logged"
            ),
        )
        for index, week in enumerate(trend)
    ]


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
            for day in _conflict_days(conflict)
            if chosen.start <= day <= chosen.end
        },
        sources=food_sources(user, chosen.start, chosen.end),
        today=today,
    )
    limits: list[UpperLimit] = []
    for day in summary.days:
        if day.limit not in limits:
            limits.append(day.limit)
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
                replace(slot, label=f"{day.day.day} {day.day:%b}", show_label=index % step == 0)
                for index, (slot, day) in enumerate(zip(slots, summary.days, strict=True))
            ]
        title = f"Magnesium per day, {chosen.text}"
        description = period_description(summary)
    return Report(
        name=(name or "").strip() or None,
        range=chosen,
        prepared_on=today,
        summary=summary,
        limits=tuple(limits),
        chart=bar_chart("report-chart", title, description, slots, label_font_size=12),
        chart_by_week=by_week,
        supplements=product_uses(user, chosen.start, chosen.end),
        medicines=medicine_uses(user, chosen.start, chosen.end),
        cautions=report_cautions(user, summary, intakes, conflicts),
        kidney_flag=bool(user.kidney_condition),
    )


# --- Entries for the CSV ------------------------------------------------------------------------

KIND_FOOD = "food"
KIND_QUICK_ADD = "quick add"
KIND_SUPPLEMENT = "supplement"
KIND_MEDICINE = "medicine"
SOURCE_CUSTOM = "custom"


@dataclass(frozen=True)
class EntryLine:
    """One logged item as the entries CSV shows it; numbers are exact, as stored."""

    day: date
    time: time | None
    meal: str
    kind: str
    item: str
    source: str
    amount: str
    grams: Decimal | None
    magnesium_mg: Decimal | None  # None: unknown (a food) or none at all (a medicine dose)
    form: str
    mg_per_unit: Decimal | None
    order: tuple = ()


def _line_order(day: date, meal: str | None, at: time | None, group: int, row_id: int) -> tuple:
    # As on the day page: foods by meal (breakfast to snack, then none) and time, then
    # supplements and medicines by time; untimed items after timed ones.
    meal_rank = MEALS.index(meal) if meal in MEALS else len(MEALS)
    return (day, group, meal_rank, at is None, at or time.min, row_id)


def entry_lines(user: User, start: date, end: date) -> list[EntryLine]:
    """Every food, quick add, supplement, medicine and medicine dose logged in the range."""
    lines: list[EntryLine] = []
    for entry, ndb_number in db.session.execute(
        db.select(FoodEntry, Food.ndb_number)
        .outerjoin(Food, Food.id == FoodEntry.food_id)
        .where(FoodEntry.user_id == user.id, FoodEntry.day.between(start, end))
    ):
        quick = entry.kind == QUICK_ADD_KIND
        lines.append(
            EntryLine(
                day=entry.day,
                time=entry.time,
                meal=MEAL_LABELS.get(entry.meal or "", ""),
                kind=KIND_QUICK_ADD if quick else KIND_FOOD,
                item=entry.item_name,
                source=ndb_number or SOURCE_CUSTOM,
                amount="" if quick else amount_text(entry),
                grams=None if entry.grams_milli is None else milligrams_to_grams(entry.grams_milli),
                magnesium_mg=None if entry.magnesium_ug is None else ug_to_mg(entry.magnesium_ug),
                form="",
                mg_per_unit=None,
                order=_line_order(entry.day, entry.meal, entry.time, 0, entry.id),
            )
        )
    for entry in db.session.execute(
        db.select(SupplementEntry).where(
            SupplementEntry.user_id == user.id, SupplementEntry.day.between(start, end)
        )
    ).scalars():
        units = display_quantity(micro_to_quantity(entry.units_micro))
        lines.append(
            EntryLine(
                day=entry.day,
                time=entry.time,
                meal="",
                kind=KIND_MEDICINE if entry.kind == "medicine" else KIND_SUPPLEMENT,
                item=entry.name,
                source=SOURCE_CUSTOM,
                amount=f"{units} {'unit' if units == '1' else 'units'}",
                grams=None,
                magnesium_mg=ug_to_mg(entry.magnesium_ug),
                form=_form_label(entry.form),
                mg_per_unit=ug_to_mg(entry.magnesium_ug_per_unit),
                order=_line_order(entry.day, None, entry.time, 1, entry.id),
            )
        )
    for dose in db.session.execute(
        db.select(MedicineDoseRow).where(
            MedicineDoseRow.user_id == user.id, MedicineDoseRow.day.between(start, end)
        )
    ).scalars():
        lines.append(
            EntryLine(
                day=dose.day,
                time=dose.time,
                meal="",
                kind=KIND_MEDICINE,
                item=dose.medicine_name,
                source=SOURCE_CUSTOM,
                amount="1 dose",
                grams=None,
                magnesium_mg=None,
                form=f"{_class_label(dose.medicine_class)}; logged for timing, no magnesium",
                mg_per_unit=None,
                order=_line_order(dose.day, None, dose.time, 1, dose.id),
            )
        )
    return sorted(lines, key=lambda line: line.order)


# --- Share links --------------------------------------------------------------------------------

SHARE_DAYS = (7, 30)
MAX_LIVE_LINKS = 20
SHOWN_LINKS = 50
# secrets.token_urlsafe(32): 32 random bytes (256 bits) as 43 URL-safe base64 characters.
TOKEN_BYTES = 32
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")


class ShareLinkError(ValueError):
    """A share link that can't be made; the message is user-facing."""


def token_hash(token: str) -> str:
    """The SHA-256 of a token, as stored: the token itself is never kept."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands timestamps back without their zone; they were written in UTC.
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class ShareLinkRow:
    """A share link as the export page lists it."""

    id: int
    range: DateRange
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_accessed_at: datetime | None
    status: str  # "active", "expired" or "revoked"

    @property
    def active(self) -> bool:
        """True while the link opens the report."""
        return self.status == "active"


def _status(link: ShareLink, now: datetime) -> str:
    if link.revoked_at is not None:
        return "revoked"
    if _aware(link.expires_at) <= now:
        return "expired"
    return "active"


def live_link_count(user: User, now: datetime) -> int:
    """How many of the user's links still open a report."""
    return db.session.execute(
        db.select(db.func.count())
        .select_from(ShareLink)
        .where(
            ShareLink.user_id == user.id,
            ShareLink.revoked_at.is_(None),
            ShareLink.expires_at > now,
        )
    ).scalar_one()


def create_share_link(
    user: User, chosen: DateRange, valid_days: int, now: datetime | None = None
) -> tuple[ShareLink, str]:
    """Make a share link for a range; return it with its token, which is shown once only."""
    now = now or utcnow()
    if valid_days not in SHARE_DAYS:
        raise ShareLinkError("Choose 7 or 30 days.")
    if live_link_count(user, now) >= MAX_LIVE_LINKS:
        raise ShareLinkError(
            f"You have {MAX_LIVE_LINKS} links that still work. Revoke one you no longer need "
            "before making another."
        )
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = ShareLink(
        user_id=user.id,
        token_sha256=token_hash(token),
        start_day=chosen.start,
        end_day=chosen.end,
        created_at=now,
        expires_at=now + timedelta(days=valid_days),
    )
    db.session.add(link)
    db.session.commit()
    return link, token


def share_links_of(user: User, now: datetime | None = None) -> list[ShareLinkRow]:
    """The user's share links, newest first, with whether each still works."""
    now = now or utcnow()
    links = db.session.execute(
        db.select(ShareLink)
        .where(ShareLink.user_id == user.id)
        .order_by(ShareLink.created_at.desc(), ShareLink.id.desc())
        .limit(SHOWN_LINKS)
    ).scalars()
    return [
        ShareLinkRow(
            id=link.id,
            range=DateRange(link.start_day, link.end_day),
            created_at=_aware(link.created_at),
            expires_at=_aware(link.expires_at),
            revoked_at=_aware(link.revoked_at),
            last_accessed_at=_aware(link.last_accessed_at),
            status=_status(link, now),
        )
        for link in links
    ]


def share_link_or_404(user: User, link_id: int) -> ShareLink:
    """One of the user's share links, or abort with 404 (another user's id included)."""
    return db.first_or_404(
        db.select(ShareLink).where(ShareLink.id == link_id, ShareLink.user_id == user.id)
    )


def revoke_share_link(link: ShareLink, now: datetime | None = None) -> ShareLink:
    """Revoke a link so it no longer opens the report (revoking again changes nothing)."""
    if link.revoked_at is None:
        link.revoked_at = now or utcnow()
        db.session.commit()
    return link


def open_share_link(token: str, now: datetime | None = None) -> tuple[User, DateRange] | None:
    """The owner and range of a live link, noting the access; None for any other token.

    Unknown, revoked and expired tokens all give None, so callers cannot tell them apart.
    """
    if not TOKEN_RE.fullmatch(token or ""):
        return None
    now = now or utcnow()
    link = db.session.execute(
        db.select(ShareLink).where(ShareLink.token_sha256 == token_hash(token))
    ).scalar_one_or_none()
    if link is None or _status(link, now) != "active":
        return None
    link.last_accessed_at = now
    db.session.commit()
    user = db.session.get(User, link.user_id)
    return user, DateRange(link.start_day, link.end_day)


def local_time_text(user: User, moment: datetime | None) -> str:
    """A moment in the user's time zone, e.g. "5 Mar 2024, 14:05"; "never" for None."""
    if moment is None:
        return "never"
    local = _aware(moment).astimezone(user_zone(user))
    return f"{local.day} {local:%b %Y, %H:%M}"
