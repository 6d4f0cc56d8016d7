"""The report's words are built once: the page and the PDF say the same sentences."""

from __future__ import annotations

import html
import io
import re
from datetime import timedelta

from pypdf import PdfReader

from tracker.demo import create_demo_account, demo_user
from tracker.domain.periods import DateRange
from tracker.extensions import db
from tracker.localtime import local_today
from tracker.reports.blocks import CautionText, Paragraph, ReportText, Stats, Subheading, Table
from tracker.reports.operations import build_report
from tracker.reports.pdf import render_pdf
from tracker.reports.text import report_text


def _flat(text: str) -> str:
    return " ".join(text.split())


def _words(app, days: int) -> tuple[list[str], str, str]:
    with app.app_context():
        create_demo_account(password="demo-password-123")
        user = demo_user()
        today = local_today(user)
        chosen = DateRange(today - timedelta(days=days - 1), today)
        text = report_text(build_report(user, chosen, "Demo"))
        sentences = [_flat(p.text) for p in text.header]
        for section in text.sections:
            sentences.append(section.heading)
            for block in section.blocks:
                if isinstance(block, Paragraph):
                    sentences.append(_flat(block.text))
                elif isinstance(block, Stats):
                    sentences += [stat.label for stat in block.items]
                elif isinstance(block, Table):
                    sentences += [" ".join(row.cells[:4]) for row in block.rows[:3]]
        query = {"period": "custom", "start": chosen.start.isoformat(), "end": today.isoformat()}
        db.session.remove()
    client = app.test_client()
    client.post("/login", data={"email": "demo@example.org", "password": "demo-password-123"})
    page = client.get("/export/report", query_string={**query, "name": "Demo"}).text
    inline = re.sub(r"</?(strong|a|span)\b[^>]*>", "", page)
    visible = _flat(html.unescape(re.sub(r"<[^>]+>", " ", inline)))
    pdf = client.get("/export/report.pdf", query_string={**query, "name": "Demo"}).data
    printed = _flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    return sentences, visible, printed


def test_the_page_and_the_pdf_say_the_same_sentences(app):
    for days in (30, 120):  # daily bars, then weekly averages
        sentences, visible, printed = _words(app, days)
        assert len(sentences) > 20
        for sentence in sentences:
            # On paper a link's address follows it; on screen the name is the link.
            on_screen = re.sub(r" \(https?://[^)]*\)", "", sentence)
            assert on_screen in visible, on_screen
            assert sentence in printed, sentence


def _lead_lines(text: ReportText) -> set[str]:
    """The lines that must never end a page: headings, subheadings, cautions' titles and the
    header rows of tables (each must share its page with what it introduces)."""
    lines = set()
    for section in text.sections:
        lines.add(section.heading)
        for block in section.blocks:
            if isinstance(block, Subheading):
                lines.add(block.text)
            elif isinstance(block, CautionText):
                lines.add(block.title)
            elif isinstance(block, Table):
                lines.add(" ".join(column.heading for column in block.columns))
    return lines


def test_pdf_headings_stay_with_what_they_introduce(app):
    """Over ranges of 1 to 32 days (each a row more in the daily totals, so every heading
    after them moves down the page, across page breaks), on A4 and some on US Letter, no page
    of the PDF ends with a heading, a subheading, a caution's title or a table's header row.
    (Without the keeping, this sweep finds such pages on both papers.)"""
    alone = []
    with app.app_context():
        create_demo_account(password="demo-password-123")
        user = demo_user()
        today = local_today(user)
        page_breaks = 0
        sweep = [(days, "a4") for days in range(1, 33)]
        sweep += [(days, "letter") for days in range(1, 33, 3)]
        for days, paper in sweep:
            report = build_report(user, DateRange(today - timedelta(days=days - 1), today))
            lead = _lead_lines(report_text(report))
            pages = PdfReader(io.BytesIO(render_pdf(report, paper))).pages
            page_breaks += len(pages) - 1
            for number, page in enumerate(pages[:-1], start=1):
                # Each page ends with its footer ("Magnesium report · ... Page n of m").
                *body, footer = page.extract_text().splitlines()
                assert footer.startswith("Magnesium report"), footer
                if _flat(body[-1]) in lead:
                    alone.append(f"{days} days, {paper}, page {number}: {body[-1]!r}")
        db.session.remove()
    assert page_breaks > len(sweep)
    assert not alone, alone
