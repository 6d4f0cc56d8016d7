"""The diary-line table (tests/data/diary_lines.csv), checked as far as the domain goes.

Each row is a line a person might type, the USDA food it means (NDB number), the portion and
quantity that should be logged without touching Portion or Quantity, and the magnesium worked
out by hand from USDA values (mg per 100 g x grams, written out in the note). Bare names are
checked against one typical serving, within 30%; lines with an amount within 10%.

Here the food is given (the row's NDB); finding it from the words is the search's part, which
the browser test of the whole flow measures with the same file.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from tracker.domain.amounts import NoPortion, choose_portion, parse_line
from tracker.domain.portions import PortionChoice, measure_choice
from tracker.domain.units import read_measures

ROOT = Path(__file__).resolve().parents[2]
LINES_FILE = ROOT / "tests" / "data" / "diary_lines.csv"
DATA_FILE = ROOT / "tracker" / "data" / "usda_sr24_magnesium.jsonl"
COLUMNS = [
    "line",
    "expected_ndb",
    "expected_portion",
    "expected_quantity",
    "expected_mg",
    "tolerance",
    "note",
]


def _rows() -> list[dict[str, str]]:
    with LINES_FILE.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == COLUMNS
        return list(reader)


ROWS = _rows()


@pytest.fixture(scope="module")
def foods() -> dict[str, dict]:
    lines = DATA_FILE.read_text(encoding="utf-8").splitlines()
    return {row["ndb"]: row for row in (json.loads(line, parse_float=Decimal) for line in lines)}


def test_the_table_covers_what_people_type():
    kinds = [row["note"].split(":", 1)[0] for row in ROWS]
    assert len(ROWS) >= 60
    assert {kind: kinds.count(kind) for kind in set(kinds)} == {
        "explicit": 63,
        "bare name": 16,
        "typo": 8,
        "British": 15,
    }
    assert len({row["line"] for row in ROWS}) == len(ROWS)


def _default(row: dict, measures) -> PortionChoice:
    key, quantity = row["default_portion"], Fraction(row["default_quantity"])
    if key == "g":
        return PortionChoice("g", "g", Fraction(1), quantity)
    if key == "oz":
        return PortionChoice("oz", "oz", Fraction("28.35"), quantity)
    return measure_choice(measures[int(key)], quantity)


def _logged(line: str, food: dict) -> tuple[PortionChoice, bool]:
    """What is logged for a line: the amount typed, else the food's default portion."""
    measures = read_measures(food["portions"])
    default = _default(food, measures)
    parsed = parse_line(line)
    assert parsed.problem is None
    if parsed.amount is None:
        return default, False
    choice = choose_portion(parsed.amount, measures, default=default, line=line)
    assert not isinstance(choice, NoPortion), (line, choice)
    return choice, True


@pytest.mark.parametrize("row", ROWS, ids=[row["line"] for row in ROWS])
def test_each_line_logs_the_expected_portion_and_magnesium(row, foods):
    food = foods[row["expected_ndb"]]
    choice, typed = _logged(row["line"], food)
    # A line without an amount logs the default portion, judged against one typical serving.
    assert Decimal(row["tolerance"]) == (Decimal("0.10") if typed else Decimal("0.30"))
    assert typed or row["note"].startswith(("bare name", "typo", "British"))
    assert parse_line(row["line"]).food, "the food words are left for the search"
    assert (choice.label, choice.quantity) == (
        row["expected_portion"],
        Fraction(row["expected_quantity"]),
    )
    mg = Decimal(str(float(food["mg"]))) * Decimal(str(float(choice.grams))) / 100
    expected = Decimal(row["expected_mg"])
    assert abs(mg - expected) <= expected * Decimal(row["tolerance"]), (mg, expected)
    # The note's arithmetic is the row's figure: mg per 100 g x grams.
    assert f"= {float(expected)} mg" in row["note"]


def test_score_at_the_domain_level(foods):
    """The share of lines within tolerance once the food is known (the browser adds search)."""
    within = 0
    for row in ROWS:
        choice, _typed = _logged(row["line"], foods[row["expected_ndb"]])
        mg = Fraction(str(foods[row["expected_ndb"]]["mg"])) * choice.grams / 100
        expected = Fraction(row["expected_mg"])
        within += abs(mg - expected) <= expected * Fraction(row["tolerance"])
    assert within == len(ROWS)
