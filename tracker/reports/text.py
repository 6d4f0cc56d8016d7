"""The report's words, built once: sections of paragraphs, figures, tables and cautions.

The report page (templates/reports/report.html) and the PDF (tracker/reports/pdf.py) draw
these same sections, each in its own medium, so a sentence can't say one thing on screen and
another on paper. Nothing here rounds or counts: the numbers come from the Report.
"""

from __future__ import annotations

from tracker.domain.bone_nutrients import IOM_2011
from tracker.domain.regimens import NOT_RECORDED_NOTE
from tracker.domain.summary import DaySummary
from tracker.domain.supplements import dose_text
from tracker.domain.totals import display_mg
from tracker.formatting import counted, exact_text, long_date, plural, short_date
from tracker.reports.blocks import (
    Block,
    CautionText,
    Chart,
    Column,
    Paragraph,
    ReportText,
    Row,
    Section,
    Span,
    Stat,
    Stats,
    Subheading,
    Table,
)
from tracker.reports.operations import ProductUse, Report


def _p(*parts: str | Span, style: str = "body", testid: str | None = None) -> Paragraph:
    spans = tuple(part if isinstance(part, Span) else Span(part) for part in parts)
    return Paragraph(spans, style, testid)


def _empty(key: str, heading: str, sentence: str) -> Section:
    """A section with nothing to show, saying so."""
    return Section(key, heading, (_p(sentence, style="empty"),))


def _strong(text: str, testid: str | None = None) -> Span:
    return Span(text, strong=True, testid=testid)


def _joined(texts: list[str]) -> list[str | Span]:
    """Strong texts joined by "; then " (a value that changes during the range)."""
    parts: list[str | Span] = []
    for index, text in enumerate(texts):
        if index:
            parts.append("; then ")
        parts.append(_strong(text))
    return parts


# --- Sections -----------------------------------------------------------------------------------


def _header(report: Report) -> tuple[Paragraph, ...]:
    paragraphs = []
    if report.name:
        paragraphs.append(_p("Name: ", _strong(report.name), testid="report-name"))
    paragraphs.append(
        _p(
            "Dates: ",
            _strong(report.range.text),
            f" ({counted(report.range.day_count, 'day')})",
            testid="report-range",
        )
    )
    paragraphs.append(
        _p(
            f"Prepared on {long_date(report.prepared_on)} with Magnesium Tracker, from the "
            "person's own log of foods, supplements and medicines.",
            style="note",
        )
    )
    return tuple(paragraphs)


def _references(report: Report) -> Section:
    references = report.summary.references
    together = "Recommended intake (food, supplements and medicines together)"
    if len(references) == 1:
        intake = _p(f"{together}: ", _strong(references[0].description), ".")
    else:
        intake = _p(
            f"{together} changes during these dates, so each day is compared with its own value: ",
            *_joined([reference.description for reference in references]),
            ".",
        )
    blocks: list[Block] = [intake]
    if report.life_stage_missing:
        # Only when a Daily Value is really used: a child's or a pregnant woman's RDA needs
        # no sex, and is not a Daily Value.
        blocks.append(
            _p(
                "The profile does not say the person's "
                f"{' and '.join(report.life_stage_missing)}, so a US FDA Daily Value, named "
                "above, is used instead of the recommended intake for a life stage.",
                style="notice",
            )
        )
    blocks.append(
        _p(
            "Upper limit, for magnesium from supplements and medicines only (never food): ",
            *_joined([limit.description for limit in report.limits]),
            ".",
        )
    )
    if report.kidney_flag and not any(c.key == "kidney" for c in report.cautions):
        blocks.append(_p("The profile notes reduced kidney function."))
    source = references[-1].source
    blocks.append(
        _p("Source: ", Span(source.name, href=source.url), f". {source.detail}.", style="note")
    )
    return Section("reference", "Reference values used", tuple(blocks))


def _limit_stats(report: Report) -> tuple[Stat, ...]:
    """Days over the upper limit, and (under 12 months, no limit) days with an infant's doses."""
    summary = report.summary
    stats = []
    if summary.has_upper_limit:
        stats.append(
            Stat(
                "Days over the upper limit for supplemental magnesium",
                summary.days_over_limit,
                "",
                "days-over-limit",
            )
        )
    if summary.has_days_without_limit:
        stats.append(
            Stat(
                "Days with supplements or medicines for an infant (no upper limit is set under "
                "12 months)",
                summary.days_infant_supplement,
                "",
                "days-infant-supplement",
            )
        )
    return tuple(stats)


def _summary(report: Report) -> Section:
    summary = report.summary
    days, logged = len(summary.days), summary.logged_count
    blocks: list[Block] = []
    if summary.average_total_mg is None:
        blocks.append(
            _p("Nothing was logged on these dates, so there are no averages.", style="empty")
        )
    else:
        blocks.append(
            _p(
                "Daily average: ",
                _strong(display_mg(summary.average_total_mg), "report-average-mg"),
                " mg",
                style="lead",
            )
        )
        blocks.append(
            _p(
                f"Food {display_mg(summary.average_food_mg)} mg and supplements and medicines "
                f"{display_mg(summary.average_supplemental_mg)} mg a day on average, over the ",
                _strong(str(logged), "report-logged-days"),
                f" logged {plural(logged, 'day')} of {days}. Days with nothing logged are left "
                "out of the averages, not counted as 0 mg.",
            )
        )
    blocks.append(
        Stats(
            (
                Stat("Days logged", logged, f"of {days}", "days-logged"),
                Stat(
                    "Days at or above the recommended intake",
                    summary.days_at_reference,
                    f"of {logged} logged",
                    "days-at-reference",
                ),
                *_limit_stats(report),
                Stat(
                    "Days with a medicine-timing caution",
                    summary.days_with_spacing_cautions,
                    "",
                    "days-spacing",
                ),
                Stat(
                    "Days marked as completely logged",
                    summary.completed_days,
                    f"of {days}",
                    "days-completed",
                ),
            )
        )
    )
    if summary.days_with_unknown_food:
        blocks.append(
            _p(
                f"On {counted(summary.days_with_unknown_food, 'day')} some foods have no "
                "magnesium value, so those totals are a minimum.",
                style="notice",
            )
        )
    return Section("summary", "Summary", tuple(blocks))


def _bone(report: Report) -> Section | None:
    """Calcium and vitamin D: daily averages over the logged days, and the values compared."""
    bone = report.bone
    if bone is None or not bone.period.calcium.logged_days:
        return None
    calcium, vitamin_d = bone.period.nutrients
    logged = calcium.logged_days
    blocks: list[Block] = [
        _p(
            "Daily averages over the ",
            f"{counted(logged, 'logged day')}, from the values that are known: calcium ",
            _strong(calcium.average_text, "report-calcium"),
            ", vitamin D ",
            _strong(vitamin_d.average_text, "report-vitamin-d"),
            ".",
        )
    ]
    for average in bone.period.nutrients:
        if average.over_limit_text:
            blocks.append(_p(average.over_limit_text, style="notice"))
        if average.days_with_unknown:
            blocks.append(
                _p(f"{average.coverage}, so the average leaves some out.", style="notice")
            )
    for reference, limit in zip(bone.references, bone.limits, strict=True):
        blocks.append(
            _p(
                f"{reference.nutrient.label} compared with: {reference.description}. Upper "
                f"limit: {limit.description}.",
                style="note",
            )
        )
    calcium_source, vitamin_d_source = (limit.source for limit in bone.limits)
    blocks.append(
        _p(
            f"Source: {calcium_source.name}, ",
            Span("Calcium", href=calcium_source.url),
            " and ",
            Span("Vitamin D", href=vitamin_d_source.url),
            f" fact sheets ({IOM_2011}). Unlike magnesium's, these upper limits count food too.",
            style="note",
        )
    )
    return Section("bone", "Calcium and vitamin D", tuple(blocks))


def day_notes(day: DaySummary) -> str:
    """The notes of a day's row: over the limit, timing, unknown values, completed."""
    notes = []
    if day.over_limit:
        notes.append("Over the upper limit")
    if day.infant_supplement:
        notes.append("Supplements for an infant")
    if day.spacing_caution:
        notes.append("Timing caution")
    if day.unknown_food_entries:
        notes.append(f"{day.unknown_food_entries} without a value")
    if day.completed:
        notes.append("✓ Complete")
    return "; ".join(notes)


def _daily(report: Report) -> Section:
    days = report.logged_days
    if not days:
        return _empty("daily", "Daily totals", "Nothing was logged on these dates.")
    blocks: list[Block] = []
    if report.not_logged_count:
        blocks.append(
            _p(
                f"Days with something logged; the {counted(report.not_logged_count, 'day')} "
                "with nothing logged are left out.",
                style="note",
            )
        )
    blocks.append(
        Table(
            name="daily",
            caption="Daily totals, in milligrams",
            columns=(
                Column("Date", "date"),
                Column("Food (mg)", "food", numeric=True),
                Column("Supplements and medicines (mg)", "supplemental", numeric=True),
                Column("Total (mg)", "total", numeric=True),
                Column("% of recommended", "percent", numeric=True),
                Column("Notes", "notes"),
            ),
            rows=tuple(
                Row(
                    (
                        short_date(day.day),
                        display_mg(day.food_mg),
                        day.supplemental_text,
                        day.total_text,
                        f"{day.percent_text}% of {day.reference.mg:,}",
                        day_notes(day),
                    ),
                    key=day.day.isoformat(),
                )
                for day in days
            ),
            testid="report-daily-table",
        )
    )
    return Section("daily", "Daily totals", tuple(blocks))


def _sources(report: Report) -> Section:
    summary = report.summary
    if not summary.top_sources:
        return _empty(
            "sources",
            "Top food sources",
            "No foods with a known magnesium content were logged on these dates.",
        )
    table = Table(
        name="sources",
        caption="Top food sources",
        columns=(
            Column("Food", "food"),
            Column("Magnesium (mg)", "mg", numeric=True),
            Column("Share of all magnesium logged", "share", numeric=True),
        ),
        rows=tuple(
            Row((source.name, display_mg(source.mg), f"{source.share_percent}%"))
            for source in summary.top_sources
        ),
        testid="top-sources",
    )
    note = _p(
        f"Shares are of all magnesium logged on these dates ({display_mg(summary.total_mg)} "
        "mg), supplements and medicines included.",
        style="note",
    )
    return Section("sources", "Top food sources", (table, note))


def per_dose_text(use: ProductUse) -> str:
    """ "2 capsules × 120 mg = 240 mg"; with more than one dose size, each with its count."""
    texts = [dose_text(units, use.per_unit_mg, use.unit_name) for units, _n in use.dose_sizes]
    if len(texts) == 1:
        return texts[0]
    return "; ".join(
        f"{text} ({counted(count, 'dose')})"
        for text, (_units, count) in zip(texts, use.dose_sizes, strict=True)
    )


def per_day_text(use: ProductUse) -> str:
    """ "240 mg on 24 days", or "120 to 360 mg on 24 days" when days differ (label figures)."""
    low, high = (exact_text(mg, grouped=True) for mg in use.day_mg_range)
    amount = f"{low} mg" if low == high else f"{low} to {high} mg"
    return f"{amount} on {counted(use.days_taken, 'day')}"


def _supplements(report: Report) -> Section:
    blocks: list[Block] = []
    if report.supplements:
        blocks.append(
            Table(
                name="supplements",
                caption="Supplements and medicines",
                columns=(
                    Column("Name", "name"),
                    Column("Kind", "kind"),
                    Column("Form", "form"),
                    Column("Per dose", "per-dose"),
                    Column("Doses", "doses", numeric=True),
                    Column("Per day taken", "per-day"),
                    Column("Times taken", "times"),
                ),
                rows=tuple(
                    Row(
                        (
                            use.name,
                            use.kind_label,
                            use.form_label,
                            per_dose_text(use),
                            str(use.doses),
                            per_day_text(use),
                            use.times,
                        )
                    )
                    for use in report.supplements
                ),
                testid="report-supplements",
            )
        )
        blocks.append(
            _p(
                "Per dose: the units taken times the elemental magnesium per unit the person "
                "read on the label. Per day taken: all of it on a day it was taken.",
                style="note",
            )
        )
    else:
        blocks.append(
            _p(
                "No supplements or magnesium-containing medicines were logged on these dates.",
                style="empty",
            )
        )
    if report.medicines:
        blocks.append(Subheading("Medicines logged for their timing"))
        blocks.append(
            _p(
                "These contain no magnesium; they are logged so their spacing from magnesium "
                "can be checked.",
                style="note",
            )
        )
        blocks.append(
            Table(
                name="medicines",
                caption="Medicines logged for their timing",
                columns=(
                    Column("Medicine", "name"),
                    Column("Type", "type"),
                    Column("Doses", "doses", numeric=True),
                    Column("Times taken", "times"),
                ),
                rows=tuple(
                    Row((use.name, use.class_label, str(use.doses), use.times))
                    for use in report.medicines
                ),
                testid="report-medicines",
            )
        )
    return Section("supplements", "Supplements and medicines", tuple(blocks))


def _regimen(report: Report) -> Section:
    """Planned doses of My regimen: taken, skipped and not recorded, per item."""
    rows = []
    for item in report.adherence:
        counts = item.counts
        if item.as_needed:
            cells = ("as needed", str(counts.taken), "–", "–")
        else:
            due = f"{counts.due}" + (f" (+{counts.upcoming} to come)" if counts.upcoming else "")
            cells = (due, str(counts.taken), str(counts.skipped), str(counts.not_recorded))
        rows.append(Row((f"{item.name} ({item.plan_text})", *cells)))
    table = Table(
        name="regimen",
        caption="Planned doses, per item of My regimen",
        columns=(
            Column("Item and plan", "item"),
            Column("Planned so far", "due", numeric=True),
            Column("Taken", "taken", numeric=True),
            Column("Skipped", "skipped", numeric=True),
            Column("Not recorded", "not-recorded", numeric=True),
        ),
        rows=tuple(rows),
        testid="report-regimen",
    )
    note = _p(
        "From the person's plan (My regimen), as it stood on each day: each planned dose "
        f"marked taken or skipped. {NOT_RECORDED_NOTE}",
        style="note",
    )
    return Section("regimen", "Planned doses", (table, note))


def _cautions(report: Report) -> Section:
    if not report.cautions:
        return _empty(
            "cautions",
            "Cautions on these dates",
            "None: no day was over the upper limit for supplemental magnesium, and no "
            "magnesium dose was logged too close to a bisphosphonate or an antibiotic.",
        )
    return Section(
        "cautions",
        "Cautions on these dates",
        tuple(
            CautionText(
                key=caution.key,
                title=caution.title,
                message=caution.message,
                details=caution.details,
                source=_p(
                    "Source: ", Span(caution.source_name, href=caution.source_url), style="note"
                ),
            )
            for caution in report.cautions
        ),
    )


def _about() -> Section:
    return Section(
        "about",
        "About this report",
        (
            _p(
                "The numbers come from what the person logged: foods (magnesium from the USDA "
                "National Nutrient Database, Standard Reference, or from a label they entered), "
                "and the elemental magnesium of supplements and medicines from their labels. The "
                "recommended intake is compared with food, supplements and medicines together; "
                "the upper limit applies to supplements and medicines only. Milligrams are "
                "rounded to whole numbers for display only; where a whole number would land on "
                "the other side of a limit than the exact figure, a decimal is shown instead "
                "(350.4 mg, over an upper limit of 350 mg), and the day's total is shown to "
                "the same decimal."
            ),
        ),
    )


def chart_heading(report: Report) -> str:
    """What the chart shows: days, or weekly averages past a few months."""
    return "Chart: daily average per week" if report.chart_by_week else "Chart: magnesium per day"


def report_text(report: Report) -> ReportText:
    """Every word of the report, in order, for the page and the PDF alike."""
    sections = [_references(report), _summary(report)]
    bone = _bone(report)
    if bone is not None:
        sections.append(bone)
    if report.logged_days:
        sections.append(Section("chart", chart_heading(report), (Chart(),)))
    sections += [
        _daily(report),
        _sources(report),
        _supplements(report),
        *([_regimen(report)] if report.adherence else []),
        _cautions(report),
        _about(),
    ]
    return ReportText(
        title="Magnesium intake report",
        header=_header(report),
        sections=tuple(sections),
        disclaimer=_p("Medical disclaimer: ", Span(report.disclaimer), style="lead"),
    )
