"""Geometry of the server-rendered SVG bar charts; the markup is templates/summaries/_chart.html.

No JavaScript and no chart library: this module turns a summary into rectangles, a
reference-intake step line and axis ticks in SVG user units, and the template draws them.
Coordinates are presentation only (floats, rounded to 0.1 unit); the milligrams every label
and data table shows are rounded by tracker.domain.totals, like everywhere else.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from tracker.domain.reference import UpperLimit
from tracker.domain.summary import DaySummary, PeriodSummary, WeekAverage
from tracker.domain.totals import display_mg, whole_mg
from tracker.formatting import counted, day_month_year, long_day, short_day_month, short_weekday

# Narrow on purpose: the SVG scales to the card, and a phone shrinks it least this way.
VIEW_WIDTH = 400
PLOT_LEFT = 40
PLOT_RIGHT = 394
PLOT_TOP = 24
PLOT_BOTTOM = 178
VIEW_HEIGHT = PLOT_BOTTOM + 58
BAR_SHARE = 0.62  # of a slot's width; the rest is the gap between bars
NOT_LOGGED_HEIGHT = 10
MAX_TICKS = 5
_STEPS = (10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000)


@dataclass(frozen=True)
class ChartSlot:
    """One bar's worth of data: a day, or a week's daily average."""

    key: str  # ISO date of the day or the week's first day
    label: str
    sublabel: str
    show_label: bool
    food_mg: Decimal | None  # None: nothing logged
    supplemental_mg: Decimal | None
    reference_mg: int
    over_limit: bool = False
    completed: bool = False
    future: bool = False
    description: str = ""
    # Supplements or medicines logged before the first birthday, when no UL exists.
    infant_supplement: bool = False

    @property
    def logged(self) -> bool:
        """True when the slot has a value to draw."""
        return self.food_mg is not None

    @property
    def marked(self) -> bool:
        """True when the bar gets the warning triangle: over the UL, or an infant's supplements."""
        return self.over_limit or self.infant_supplement


@dataclass(frozen=True)
class Bar:
    """A slot placed on the chart: a food segment with a supplemental one stacked on top."""

    slot: ChartSlot
    x: float
    width: float
    center: float
    food_y: float
    food_height: float
    supplemental_y: float
    supplemental_height: float
    top_y: float
    food_whole_mg: int | None
    supplemental_whole_mg: int | None

    @property
    def marker_path(self) -> str:
        """A warning triangle above the bar: over the UL is shown by shape, not colour alone."""
        apex, base = _round(self.top_y - 19), _round(self.top_y - 4)
        right, left = _round(self.center + 8), _round(self.center - 8)
        return f"M{self.center},{apex}L{right},{base}L{left},{base}Z"

    @property
    def marker_text_y(self) -> float:
        return _round(self.top_y - 6.5)


@dataclass(frozen=True)
class Tick:
    y: float
    mg: int
    label: str


@dataclass(frozen=True)
class BarChart:
    """Everything the SVG template needs; `description` is the chart's <desc>."""

    id: str
    title: str
    description: str
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    scale_max_mg: int  # the milligrams at the top of the axis (the last tick)
    reference_path: str
    label_font_size: float
    show_not_logged_text: bool
    width: int = VIEW_WIDTH
    height: int = VIEW_HEIGHT
    plot_left: int = PLOT_LEFT
    plot_right: int = PLOT_RIGHT
    plot_top: int = PLOT_TOP
    plot_bottom: int = PLOT_BOTTOM
    not_logged_height: int = NOT_LOGGED_HEIGHT

    @property
    def label_y(self) -> float:
        return self.plot_bottom + self.label_font_size + 4

    @property
    def sublabel_y(self) -> float:
        return self.label_y + self.label_font_size + 2

    @property
    def completed_y(self) -> float:
        return self.sublabel_y + self.label_font_size + 4


def _scale_max(values: Sequence[Decimal | int]) -> tuple[int, int]:
    """A round top for the axis and the step between ticks, leaving headroom for markers."""
    top = max((Decimal(v) for v in values), default=Decimal(0)) * Decimal("1.08")
    for step in _STEPS:
        count = max(1, math.ceil(top / step))
        if count <= MAX_TICKS:
            return step * count, step
    step = _STEPS[-1]
    return step * max(1, math.ceil(top / step)), step


def _round(value: float) -> float:
    return round(value, 1)


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    slots: Sequence[ChartSlot],
    *,
    label_font_size: float = 14,
) -> BarChart:
    """Place stacked bars and the reference step line for the slots, left to right."""
    totals = [(slot.food_mg or 0) + (slot.supplemental_mg or 0) for slot in slots if slot.logged]
    scale_max, step = _scale_max([*totals, *(slot.reference_mg for slot in slots)])
    plot_height = PLOT_BOTTOM - PLOT_TOP
    slot_width = (PLOT_RIGHT - PLOT_LEFT) / max(1, len(slots))
    bar_width = slot_width * BAR_SHARE

    def y_of(mg: Decimal | int) -> float:
        return PLOT_BOTTOM - float(mg) / scale_max * plot_height

    bars = []
    path = []
    for index, slot in enumerate(slots):
        left = PLOT_LEFT + index * slot_width
        food = slot.food_mg or Decimal(0)
        supplemental = slot.supplemental_mg or Decimal(0)
        food_top = y_of(food)
        top = y_of(food + supplemental)
        bars.append(
            Bar(
                slot=slot,
                x=_round(left + (slot_width - bar_width) / 2),
                width=_round(bar_width),
                center=_round(left + slot_width / 2),
                food_y=_round(food_top),
                food_height=_round(PLOT_BOTTOM - food_top),
                supplemental_y=_round(top),
                supplemental_height=_round(food_top - top),
                top_y=_round(top),
                food_whole_mg=whole_mg(slot.food_mg) if slot.food_mg is not None else None,
                supplemental_whole_mg=(
                    whole_mg(slot.supplemental_mg) if slot.supplemental_mg is not None else None
                ),
            )
        )
        reference_y = _round(y_of(slot.reference_mg))
        # A step line: each slot gets its own reference, so a birthday mid-period shows.
        if index == 0:
            path.append(f"M{_round(left)},{reference_y}")
        else:
            path.append(f"V{reference_y}")
        path.append(f"H{_round(left + slot_width)}")
    ticks = tuple(
        Tick(y=_round(y_of(value)), mg=value, label=f"{value:,}")
        for value in range(0, scale_max + 1, step)
    )
    return BarChart(
        id=chart_id,
        title=title,
        description=description,
        bars=tuple(bars),
        ticks=ticks,
        scale_max_mg=scale_max,
        reference_path="".join(path),
        label_font_size=label_font_size,
        show_not_logged_text=slot_width >= 50,
    )


# --- The charts of the summary pages ------------------------------------------------------------


def _reference_words(summary: PeriodSummary) -> str:
    references = summary.references
    if len(references) == 1:
        return f"the reference intake of {references[0].mg:,} mg a day"
    values = " and ".join(f"{reference.mg:,} mg" for reference in references)
    return f"each day's reference intake ({values}; it changes during the period)"


def period_description(summary: PeriodSummary) -> str:
    """The chart's <desc>: what is drawn, and the numbers a reader would look for."""
    parts = [
        f"Stacked bars of food and supplemental magnesium for each of the "
        f"{len(summary.days)} days, drawn against {_reference_words(summary)}.",
        f"{summary.logged_count} of {len(summary.days)} days logged; days not logged have no bar.",
    ]
    if summary.average_total_mg is not None:
        parts.append(
            f"Daily average over the logged days: {display_mg(summary.average_total_mg)} mg."
        )
    marked = []
    if summary.has_upper_limit:
        marked.append(
            f"{counted(summary.days_over_limit, 'day')} over the upper limit for supplemental "
            "magnesium"
        )
    if summary.has_days_without_limit:
        marked.append(
            f"{counted(summary.days_infant_supplement, 'day')} with supplements or medicines "
            "for an infant, for whom no upper limit is set"
        )
    parts.append(
        f"{counted(summary.days_at_reference, 'day')} at or above the reference; "
        f"{' and '.join(marked)}, marked with a warning triangle."
    )
    return " ".join(parts)


def marker_legend(limits: Sequence[UpperLimit], *, by_week: bool = False) -> str:
    """What the warning triangle marks, for the legend: over the UL, or an infant's supplements."""
    values = list(dict.fromkeys(f"{limit.mg:,}" for limit in limits if limit.mg is not None))
    parts = []
    if values:
        parts.append(f"over the upper limit ({', '.join(values)} mg a day)")
    if any(limit.mg is None for limit in limits):
        parts.append("logged for an infant under 12 months (no upper limit is set)")
    text = "supplements and medicines " + ", or ".join(parts)
    return f"A day that week: {text}" if by_week else text[:1].upper() + text[1:]


def _day_description(day: DaySummary) -> str:
    when = long_day(day.day)
    if not day.logged:
        return f"{when}: {'not logged yet' if day.future else 'not logged'}"
    text = (
        f"{when}: {day.total_text} mg (food "
        f"{display_mg(day.food_mg)} mg, supplemental {day.supplemental_text} mg)"
    )
    if day.over_limit:
        text += ", over the upper limit"
    if day.infant_supplement:
        text += ", supplements or medicines for an infant (no upper limit is set)"
    if day.completed:
        text += ", marked complete"
    return text


def day_slots(summary: PeriodSummary, *, month: bool = False) -> list[ChartSlot]:
    """One slot per day: weekday and date under each bar of a week, every 7th date of a month."""
    return [
        ChartSlot(
            key=day.day.isoformat(),
            label=str(day.day.day) if month else short_weekday(day.day),
            sublabel="" if month else str(day.day.day),
            show_label=not month or (day.day.day - 1) % 7 == 0,
            food_mg=day.food_mg,
            supplemental_mg=day.supplemental_mg,
            reference_mg=day.reference.mg,
            over_limit=day.over_limit,
            completed=day.completed,
            future=day.future,
            description=_day_description(day),
            infant_supplement=day.infant_supplement,
        )
        for day in summary.days
    ]


def period_chart(chart_id: str, title: str, summary: PeriodSummary, *, month: bool) -> BarChart:
    """The day-by-day chart of a week or a month."""
    return bar_chart(
        chart_id,
        title,
        period_description(summary),
        day_slots(summary, month=month),
        label_font_size=12 if month else 14,
    )


def week_description(week: WeekAverage) -> str:
    """A week's bar in words: "Week of 4 March 2024: 250 mg a day on average over 5 logged days"."""
    when = f"Week of {day_month_year(week.start)}"
    if week.average_total_mg is None:
        return f"{when}: not logged"
    average = week.average_total_text
    return f"{when}: {average} mg a day on average over {counted(week.logged_days, 'logged day')}"


def week_slot(week: WeekAverage, *, show_label: bool) -> ChartSlot:
    """One week's bar: its daily average, food and supplemental, against its reference."""
    return ChartSlot(
        key=week.start.isoformat(),
        label=short_day_month(week.start),
        sublabel="",
        show_label=show_label,
        food_mg=week.average_food_mg,
        supplemental_mg=week.average_supplemental_mg,
        reference_mg=week.reference.mg,
        over_limit=week.any_over_limit,
        future=week.future,
        description=week_description(week),
        infant_supplement=week.any_infant_supplement,
    )


def trend_chart(chart_id: str, trend: Sequence[WeekAverage]) -> BarChart:
    """The 12-week trend: each week's daily average (food + supplemental) as a stacked bar."""
    slots = [
        # Every other week, counting back from the latest, so the dates don't collide.
        week_slot(week, show_label=(len(trend) - 1 - index) % 2 == 0)
        for index, week in enumerate(trend)
    ]
    logged = [week for week in trend if week.average_total_mg is not None]
    description = (
        f"Stacked bars of the daily average, food and supplemental, for each of the last "
        f"{len(trend)} weeks, drawn against the reference intake. {len(logged)} of "
        f"{len(trend)} weeks have logged days; weeks without any have no bar."
    )
    if logged:
        latest = logged[-1]
        description += (
            f" Latest logged week: {display_mg(latest.average_total_mg)} mg a day on average."
        )
    return bar_chart(
        chart_id,
        f"Daily average per week, last {len(trend)} weeks",
        description,
        slots,
        label_font_size=12,
    )
