"""The entries CSV opened by a real LibreOffice Calc (headless), when one is installed.

Skipped without `soffice` (`apt-get install libreoffice-calc-nogui` brings it); `.ci/run`
installs it and sets TRACKER_REQUIRE_LIBREOFFICE=1, which turns the skip into a failure.
Calc reads the file as UTF-8 (the byte-order mark
is dropped, not shown as "ï»¿"), dates, times and milligrams become dates, times and numbers,
and a name that looks like a formula stays text.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date, time
from decimal import Decimal

import pytest

from tracker.exports.csv_export import entries_csv
from tracker.exports.entries import EntryLine

SOFFICE = shutil.which("soffice")
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _cells(path) -> list[list[tuple[str, str]]]:
    """(text, value type) of every non-empty row of a flat ODF spreadsheet."""
    rows = []
    for row in ET.parse(path).iter(f"{{{TABLE}}}table-row"):
        cells = []
        for cell in row.findall(f"{{{TABLE}}}table-cell"):
            repeated = int(cell.get(f"{{{TABLE}}}number-columns-repeated", "1"))
            text = "".join(p.text or "" for p in cell.findall(f"{{{TEXT}}}p"))
            kind = cell.get(f"{{{OFFICE}}}value-type") or ""
            if cell.get(f"{{{TABLE}}}formula"):
                kind = "formula"
            cells += [(text, kind)] * min(repeated, 11)
        if any(text for text, _kind in cells):
            rows.append(cells[:11])
    return rows


@pytest.mark.skipif(
    SOFFICE is None and os.environ.get("TRACKER_REQUIRE_LIBREOFFICE") != "1",
    reason="LibreOffice (soffice) is not installed",
)
def test_libreoffice_calc_reads_the_entries_csv_cleanly(tmp_path):
    lines = [
        EntryLine(
            date(2024, 3, 1), time(8), "Lunch", "food", "Spinach, raw", "11457",
            "2 × 1 cup", Decimal("60.000"), Decimal("47.400"), "", None,
        ),
        EntryLine(
            date(2024, 3, 1), None, "", "supplement", '=HYPERLINK("http://x.test","click")',
            "custom", "2 units", None, Decimal("240.000"), "Glycinate / bisglycinate",
            Decimal("120.000"),
        ),
        EntryLine(
            date(2024, 3, 1), None, "", "quick add", 'Crème brûlée "maison", 1 pot', "custom",
            "", None, Decimal("0.125"), "", None,
        ),
    ]  # fmt: skip
    (tmp_path / "entries.csv").write_bytes(entries_csv(lines))
    subprocess.run(
        [
            SOFFICE, "--headless", "--infilter=CSV:44,34,UTF8", "--convert-to", "fods",
            "--outdir", str(tmp_path), str(tmp_path / "entries.csv"),
        ],
        check=True, capture_output=True, timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip
    header, spinach, formula, dessert = _cells(tmp_path / "entries.fods")
    assert header[0] == ("Date", "string")  # no "ï»¿": the byte-order mark was understood
    assert spinach[0][1] == "date" and spinach[1][1] == "time"
    assert spinach[6] == ("2 × 1 cup", "string")
    assert spinach[7] == ("60", "float") and spinach[8] == ("47.4", "float")
    assert formula[4] == ('\'=HYPERLINK("http://x.test","click")', "string")
    assert all(kind != "formula" for row in (spinach, formula, dessert) for _text, kind in row)
    assert dessert[4] == ('Crème brûlée "maison", 1 pot', "string")
    assert dessert[8] == ("0.125", "float")
