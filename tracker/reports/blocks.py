"""The pieces the report's text is made of: paragraphs of spans, figures, tables, cautions.

Built by tracker.reports.text; drawn by the report page and by the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A run of text; strong runs are the figures a reader looks for."""

    text: str
    strong: bool = False
    testid: str | None = None  # marks the figure on the page, for tests
    href: str | None = None  # a link on screen; on paper the address is printed after it


@dataclass(frozen=True)
class Paragraph:
    """A sentence or two. style: "body", "lead" (the headline figure), "note" (small print),
    "notice" (something to pay attention to) or "empty" (nothing to show)."""

    spans: tuple[Span, ...]
    style: str = "body"
    testid: str | None = None
    kind: str = "paragraph"

    @property
    def text(self) -> str:
        """The paragraph as plain text, links with their address (for paper)."""
        return "".join(
            f"{span.text} ({span.href})" if span.href else span.text for span in self.spans
        )


@dataclass(frozen=True)
class Stat:
    label: str
    value: int
    detail: str
    testid: str

    @property
    def text(self) -> str:
        """ "Days logged: 4 of 30"."""
        return f"{self.label}: {self.value} {self.detail}".rstrip()


@dataclass(frozen=True)
class Stats:
    items: tuple[Stat, ...]
    kind: str = "stats"


@dataclass(frozen=True)
class Column:
    heading: str
    key: str  # the cell's data-col on the page
    numeric: bool = False


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    key: str = ""  # the row's day, for the daily totals


@dataclass(frozen=True)
class Table:
    name: str  # which table: the PDF gives each its column widths
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    testid: str
    kind: str = "table"


@dataclass(frozen=True)
class Subheading:
    text: str
    kind: str = "subheading"


@dataclass(frozen=True)
class CautionText:
    key: str
    title: str
    message: str
    details: tuple[str, ...]
    source: Paragraph
    kind: str = "caution"


@dataclass(frozen=True)
class Chart:
    """Where the chart goes; the chart itself is report.chart."""

    kind: str = "chart"


Block = Paragraph | Stats | Table | Subheading | CautionText | Chart


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    blocks: tuple[Block, ...] = field(default=())


@dataclass(frozen=True)
class ReportText:
    title: str
    header: tuple[Paragraph, ...]
    sections: tuple[Section, ...]
    disclaimer: Paragraph
