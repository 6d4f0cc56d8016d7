"""The printable report as a PDF (fpdf2), in A4 or US Letter, readable in black and white.

It draws what tracker.reports.operations.build_report gathered; the chart reuses the bar
geometry of the summary pages' SVG chart (tracker.summaries.charts), scaled onto the page and
drawn with rectangles and lines. Meaning never rests on colour: food bars are solid grey,
supplements and medicines hatched, the reference a dashed line, days over the upper limit a
triangle with "!", and days not logged a dashed outline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import XPos, YPos
from fpdf.fonts import TTFFont

from tracker.reports.blocks import (
    Block,
    CautionText,
    Paragraph,
    ReportText,
    Stats,
    Subheading,
    Table,
)
from tracker.reports.operations import Report
from tracker.reports.text import report_text
from tracker.summaries.charts import BarChart

FONT_DIR = Path(__file__).resolve().parent.parent / "data" / "fonts"
FONT = "DejaVu"
PAPER_SIZES = {"a4": "A4", "letter": "Letter"}
PAPER_LABELS = {"a4": "A4", "letter": "US Letter"}


def default_paper(timezone: str) -> str:
    """US Letter for users in the Americas (where it is the usual paper), A4 elsewhere."""
    return "letter" if timezone.startswith("America/") else "a4"


MARGIN = 16.0
BODY_SIZE = 9.5
SMALL_SIZE = 8.0
LINE = 4.8
# Greys, not colours: the report is read on paper from an office printer.
BLACK = 0
FOOD_GREY = 95
GRID_GREY = 205
HEADING_FILL = 232
CHART_HEIGHT = 58.0
AXIS_WIDTH = 13.0
HATCH_STEP = 1.3


FOOTER_DISCLAIMER_SIZE = 6.8
# Room at the foot of every page for the disclaimer (up to three lines) and the page line.
BOTTOM_MARGIN = 27


class _ReportPDF(FPDF):
    """An FPDF with the report's footer on every page: the medical disclaimer (a page printed
    or copied alone still carries it), the range and "Page X of N"."""

    footer_text = ""
    disclaimer_text = ""

    def footer(self) -> None:
        self.set_y(-BOTTOM_MARGIN + 4)
        self.set_draw_color(GRID_GREY)
        self.set_line_width(0.2)
        self.line(self.l_margin, self.get_y(), self.l_margin + self.epw, self.get_y())
        self.set_draw_color(BLACK)
        self.ln(1)
        self.set_font(FONT, "", FOOTER_DISCLAIMER_SIZE)
        self.set_text_color(BLACK)
        self.multi_cell(
            0, 3.1, self.disclaimer_text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L"
        )
        self.set_y(-12)
        self.set_font(FONT, "", SMALL_SIZE)
        self.cell(0, 5, self.footer_text, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")


def _new_pdf(paper: str, report: Report, footer_disclaimer: str) -> _ReportPDF:
    pdf = _ReportPDF(format=PAPER_SIZES[paper])
    pdf.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
    pdf.set_margins(MARGIN, 15, MARGIN)
    pdf.set_auto_page_break(True, margin=BOTTOM_MARGIN)
    pdf.set_title(f"Magnesium report, {report.range.text}")
    pdf.set_creator("Magnesium Tracker")
    pdf.set_lang("en")
    pdf.footer_text = f"Magnesium report · {report.range.text}"
    pdf.disclaimer_text = footer_disclaimer
    pdf.add_page()
    return pdf


def _text(pdf: FPDF, text: str, size: float = BODY_SIZE, bold: bool = False) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    _text(pdf, text, 13, bold=True)
    pdf.ln(1)


def _bullets(pdf: FPDF, lines: tuple[str, ...] | list[str]) -> None:
    pdf.set_font(FONT, "", BODY_SIZE)
    for line in lines:
        pdf.set_x(pdf.l_margin + 3)
        pdf.multi_cell(0, LINE, f"•  {line}", new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")


def _table(
    pdf: FPDF,
    headings: tuple[str, ...],
    rows: list[tuple[str, ...]],
    widths: tuple[float, ...],
    align: tuple[str, ...],
) -> None:
    pdf.set_font(FONT, "", SMALL_SIZE + 0.5)
    with pdf.table(
        col_widths=widths,
        text_align=align,
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL),
        line_height=4.4,
        padding=(1, 1.5),
        width=pdf.epw,
    ) as table:
        head = table.row()
        for heading in headings:
            head.cell(heading)
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.ln(2)


# --- Sections -----------------------------------------------------------------------------------


def _hatch(pdf: FPDF, x: float, y: float, w: float, h: float) -> None:
    """A white box with diagonal lines: the supplemental part of a bar."""
    pdf.set_fill_color(255)
    pdf.rect(x, y, w, h, style="F")
    pdf.set_line_width(0.18)
    with pdf.rect_clip(x, y, w, h):
        offset = -h
        while offset < w:
            pdf.line(x + offset, y + h, x + offset + h, y)
            offset += HATCH_STEP
    pdf.set_line_width(0.25)
    pdf.rect(x, y, w, h, style="D")


def _triangle(pdf: FPDF, center: float, base_y: float, size: float) -> None:
    pdf.set_fill_color(BLACK)
    pdf.polygon(
        [(center, base_y - size), (center + size * 0.6, base_y), (center - size * 0.6, base_y)],
        style="F",
    )
    pdf.set_text_color(255)
    pdf.set_font(FONT, "B", size * 1.7)
    pdf.set_xy(center - size, base_y - size * 0.72)
    pdf.cell(size * 2, size * 0.7, "!", align="C")
    pdf.set_text_color(BLACK)


def _chart(pdf: FPDF, report: Report) -> None:
    chart: BarChart = report.chart
    left = pdf.l_margin + AXIS_WIDTH
    width = pdf.epw - AXIS_WIDTH
    top = pdf.get_y() + 6
    height = CHART_HEIGHT - 14
    scale_x = width / (chart.plot_right - chart.plot_left)
    scale_y = height / (chart.plot_bottom - chart.plot_top)

    def x_of(svg_x: float) -> float:
        return left + (svg_x - chart.plot_left) * scale_x

    def y_of(svg_y: float) -> float:
        return top + (svg_y - chart.plot_top) * scale_y

    bottom = y_of(chart.plot_bottom)
    # Grid and axis labels.
    pdf.set_font(FONT, "", 7)
    pdf.set_draw_color(GRID_GREY)
    pdf.set_line_width(0.15)
    for tick in chart.ticks:
        y = y_of(tick.y)
        pdf.line(left, y, left + width, y)
        pdf.set_xy(pdf.l_margin, y - 1.6)
        pdf.cell(AXIS_WIDTH - 1.5, 3.2, tick.label, align="R")
    pdf.set_xy(pdf.l_margin, top - 5.5)
    pdf.cell(AXIS_WIDTH - 1.5, 3.2, "mg", align="R")
    pdf.set_draw_color(BLACK)

    scale_max = chart.scale_max_mg or 1
    slot_width = width / max(1, len(chart.bars))
    for bar in chart.bars:
        slot = bar.slot
        x, w = x_of(bar.x), max(bar.width * scale_x, 0.3)
        center = x + w / 2
        if slot.logged:
            if bar.food_height > 0:
                pdf.set_fill_color(FOOD_GREY)
                pdf.rect(x, y_of(bar.food_y), w, bar.food_height * scale_y, style="F")
            if bar.supplemental_height > 0:
                _hatch(pdf, x, y_of(bar.supplemental_y), w, bar.supplemental_height * scale_y)
            if slot.marked:
                _triangle(pdf, center, y_of(bar.top_y) - 0.8, min(3.2, max(1.6, slot_width)))
        elif not slot.future:
            pdf.set_line_width(0.2)
            pdf.set_dash_pattern(dash=0.6, gap=0.5)
            pdf.rect(x, bottom - 2.2, w, 2.2, style="D")
            pdf.set_dash_pattern()
        pdf.set_font(FONT, "", 6.5)
        if slot.show_label:
            pdf.set_xy(center - 6, bottom + 1)
            pdf.cell(12, 3, slot.label, align="C")
        if slot.sublabel:
            pdf.set_xy(center - 6, bottom + 4)
            pdf.cell(12, 3, slot.sublabel, align="C")
        if slot.completed and slot_width >= 2.4:
            pdf.set_font(FONT, "B", 6.5)
            pdf.set_xy(center - 3, bottom + (7 if slot.sublabel else 4))
            pdf.cell(6, 3, "✓", align="C")
    # The reference intake: one dashed step line, each slot at its own value (a birthday can
    # move a person to another life stage during the range).
    pdf.set_line_width(0.45)
    pdf.set_dash_pattern(dash=1.4, gap=0.9)
    points: list[tuple[float, float]] = []
    for index, bar in enumerate(chart.bars):
        reference_y = bottom - bar.slot.reference_mg / scale_max * height
        slot_left = left + index * slot_width
        points += [(slot_left, reference_y), (slot_left + slot_width, reference_y)]
    pdf.polyline(points)
    pdf.set_dash_pattern()
    pdf.set_line_width(0.35)
    pdf.line(left, bottom, left + width, bottom)
    pdf.set_y(bottom + (11 if any(bar.slot.sublabel for bar in chart.bars) else 8))
    _legend(pdf, report)
    _text(pdf, chart.description, SMALL_SIZE)


def _legend(pdf: FPDF, report: Report) -> None:
    by_week = report.chart_by_week
    pdf.set_font(FONT, "", SMALL_SIZE)
    x, y = pdf.l_margin, pdf.get_y()
    items = [
        ("food", "Food"),
        ("hatch", "Supplements and medicines"),
        ("reference", "Recommended intake"),
        ("limit", report.marker_legend),
        ("not-logged", "No day logged that week" if by_week else "Not logged"),
    ]
    if not by_week:
        items.append(("complete", "Marked complete"))
    for kind, label in items:
        label_width = pdf.get_string_width(label) + 9
        if x + label_width > pdf.l_margin + pdf.epw:
            x, y = pdf.l_margin, y + 5
        if kind == "food":
            pdf.set_fill_color(FOOD_GREY)
            pdf.rect(x, y + 0.5, 4, 3, style="F")
        elif kind == "hatch":
            _hatch(pdf, x, y + 0.5, 4, 3)
        elif kind == "reference":
            pdf.set_line_width(0.45)
            pdf.set_dash_pattern(dash=1.4, gap=0.9)
            pdf.line(x, y + 2, x + 5, y + 2)
            pdf.set_dash_pattern()
        elif kind == "limit":
            _triangle(pdf, x + 2, y + 3.6, 3.2)
        elif kind == "not-logged":
            pdf.set_line_width(0.2)
            pdf.set_dash_pattern(dash=0.6, gap=0.5)
            pdf.rect(x, y + 1.2, 4, 2.2, style="D")
            pdf.set_dash_pattern()
        else:
            pdf.set_font(FONT, "B", SMALL_SIZE)
            pdf.set_xy(x, y)
            pdf.cell(4, 4, "✓", align="C")
        pdf.set_font(FONT, "", SMALL_SIZE)
        pdf.set_xy(x + 6, y)
        pdf.cell(label_width - 6, 4, label)
        x += label_width + 2
    pdf.set_xy(pdf.l_margin, y + 6)


# Column widths (mm) of the report's tables, by name (tracker.reports.text).
TABLE_WIDTHS = {
    "daily": (24, 16, 26, 16, 24, 34),
    "sources": (100, 30, 40),
    "supplements": (25, 21, 21, 38, 14, 23, 28),
    "medicines": (36, 66, 13, 55),
    "regimen": (90, 30, 16, 18, 24),
}
# (size, bold) of each paragraph style.
STYLES = {
    "body": (BODY_SIZE, False),
    "lead": (10.5, True),
    "note": (SMALL_SIZE, False),
    "notice": (BODY_SIZE, False),
    "empty": (BODY_SIZE, False),
}
HEADER_STYLES = {"report-name": (11, True), "report-range": (11, False)}


def _paragraph(pdf: FPDF, paragraph: Paragraph) -> None:
    size, bold = HEADER_STYLES.get(paragraph.testid or "", STYLES[paragraph.style])
    _text(pdf, paragraph.text, size, bold)


def _caution(pdf: FPDF, caution: CautionText) -> None:
    _text(pdf, caution.title, 10.5, bold=True)
    _text(pdf, caution.message)
    pdf.ln(0.5)
    _bullets(pdf, caution.details)
    _paragraph(pdf, caution.source)
    pdf.ln(2.5)


def _block(pdf: FPDF, report: Report, block: Block) -> None:
    if isinstance(block, Paragraph):
        _paragraph(pdf, block)
        pdf.ln(0.8)
    elif isinstance(block, Stats):
        pdf.ln(0.2)
        _bullets(pdf, [stat.text for stat in block.items])
    elif isinstance(block, Table):
        _table(
            pdf,
            tuple(column.heading for column in block.columns),
            [row.cells for row in block.rows],
            TABLE_WIDTHS[block.name],
            tuple("RIGHT" if column.numeric else "LEFT" for column in block.columns),
        )
    elif isinstance(block, Subheading):
        pdf.ln(2)
        _text(pdf, block.text, bold=True)
        pdf.ln(1)
    elif isinstance(block, CautionText):
        _caution(pdf, block)
    else:
        _chart(pdf, report)


# A heading stays on the page of what it introduces: its first paragraphs and the header and
# first rows of its table (or its chart, or a caution's message and first lines).
KEPT_ROWS = 3
KEPT_DETAILS = 2


def lead_in(blocks: Sequence[Block]) -> list[Block]:
    """What a heading must share its page with: the blocks up to the first table, chart,
    figures or caution, that one cut to its first rows or lines."""
    kept: list[Block] = []
    for block in blocks:
        if isinstance(block, Table):
            kept.append(replace(block, rows=block.rows[:KEPT_ROWS]))
            break
        if isinstance(block, CautionText):
            kept.append(replace(block, details=block.details[:KEPT_DETAILS]))
            break
        kept.append(block)
        if not isinstance(block, Paragraph | Subheading):
            break  # a chart or the figures
    return kept


class _Layout:
    """Where a report's PDF is drawn, and a scratch copy of it (same paper, fonts and
    margins) on which a heading and its lead-in are drawn first, to see if they fit."""

    def __init__(self, paper: str, report: Report, disclaimer: str) -> None:
        self.paper = paper
        self.report = report
        self.disclaimer = disclaimer
        self.pdf = _new_pdf(paper, report, disclaimer)
        self._scratch: _ReportPDF | None = None

    def fits(self, heading: str | None, blocks: Sequence[Block]) -> bool:
        """True if the heading and its lead-in fit below the current position of the page.

        Drawn on a fresh page of the scratch copy, from the same height: a page break there
        means they would not fit here. (Cheaper than fpdf2's offset_rendering, which copies
        the whole document, fonts included, twice for each trial.)
        """
        if self._scratch is None:
            self._scratch = _new_pdf(self.paper, self.report, self.disclaimer)
        else:
            self._scratch.add_page()
        scratch = self._scratch
        page = scratch.page
        scratch.set_y(self.pdf.get_y())
        if heading is not None:
            _heading(scratch, heading)
        for block in lead_in(blocks):
            _block(scratch, self.report, block)
        return scratch.page == page

    def close(self) -> None:
        """Close the scratch copy's font files (the real PDF closes its own in output())."""
        if self._scratch is not None:
            for font in self._scratch.fonts.values():
                if isinstance(font, TTFFont):
                    font.close()

    def start_on_a_page_that_fits(self, heading: str | None, blocks: Sequence[Block]) -> None:
        """Go on to the next page unless the heading and its lead-in fit on this one (or this
        page is still empty: a lead-in taller than a page then starts here)."""
        if self.pdf.get_y() > self.pdf.t_margin and not self.fits(heading, blocks):
            self.pdf.add_page()


def render_pdf(report: Report, paper: str = "a4") -> bytes:
    """The report as PDF bytes on A4 ("a4") or US Letter ("letter") paper."""
    text = report_text(report)
    layout = _Layout(paper, report, text.disclaimer.text)
    try:
        return _draw(layout, text)
    finally:
        layout.close()


def _draw(layout: _Layout, text: ReportText) -> bytes:
    pdf, report = layout.pdf, layout.report
    _text(pdf, text.title, 18, bold=True)
    pdf.ln(1)
    for paragraph in text.header:
        _paragraph(pdf, paragraph)
    for section in text.sections:
        layout.start_on_a_page_that_fits(section.heading, section.blocks)
        _heading(pdf, section.heading)
        for index, block in enumerate(section.blocks):
            if index and isinstance(block, Subheading | CautionText):
                # A subheading or a caution's title, likewise kept with what follows it.
                layout.start_on_a_page_that_fits(None, section.blocks[index:])
            _block(pdf, report, block)
    # The disclaimer is in the footer of every page (_ReportPDF.footer), not only the last.
    return bytes(pdf.output())
