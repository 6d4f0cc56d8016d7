"""Checks on the committed USDA SR24 magnesium data file and its provenance.

The reproducibility test rebuilds the file from the SR24 source when it is available
(``$TRACKER_SR24_DIR`` or ``.cache/sr24/usda_sr24``); it skips otherwise, unless
``TRACKER_REQUIRE_SR24=1`` is set, in which case a missing source is a failure.
"""

import hashlib
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT / "tracker" / "data"
DATA_FILE = DATA_DIR / "usda_sr24_magnesium.jsonl"
PROVENANCE_FILE = DATA_DIR / "usda_sr24_magnesium.provenance.json"
SCRIPT = REPO_ROOT / "scripts" / "build_food_data.py"

KEYS = [
    "ndb",
    "name",
    "group",
    "mg",
    "ca",
    "kcal",
    "vitd_iu",
    "retired",
    "portions",
    "racc",
    "racc_g",
    "racc_basis",
    "default_portion",
    "default_quantity",
]
GROUPS = {
    "Dairy and egg products",
    "Spices and herbs",
    "Baby foods",
    "Fats and oils",
    "Poultry products",
    "Soups, sauces and gravies",
    "Sausages and luncheon meats",
    "Breakfast cereals",
    "Fruits and fruit juices",
    "Pork products",
    "Vegetables and vegetable products",
    "Nut and seed products",
    "Beef products",
    "Beverages",
    "Finfish and shellfish products",
    "Legumes and legume products",
    "Lamb, veal and game products",
    "Baked products",
    "Sweets",
    "Cereal grains and pasta",
    "Fast foods",
    "Meals, entrees and side dishes",
    "Snacks",
    "American Indian/Alaska Native foods",
    "Restaurant foods",
    "Other",
}


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@pytest.fixture(scope="module")
def raw() -> bytes:
    return DATA_FILE.read_bytes()


@pytest.fixture(scope="module")
def rows(raw) -> list[dict]:
    return [json.loads(line) for line in raw.decode("utf-8").split("\n")[:-1]]


@pytest.fixture(scope="module")
def provenance() -> dict:
    return json.loads(PROVENANCE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def by_ndb(rows) -> dict[str, dict]:
    return {row["ndb"]: row for row in rows}


def _load_script():
    spec = importlib.util.spec_from_file_location("build_food_data", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_file_format(raw, rows):
    assert raw.endswith(b"\n")
    assert b"\r" not in raw
    assert rows
    for row in rows:
        assert list(row) == KEYS


def test_sha256_matches_provenance(raw, provenance):
    assert hashlib.sha256(raw).hexdigest() == provenance["sha256"]


def test_provenance_fields(provenance):
    assert provenance["source"] == (
        "USDA National Nutrient Database for Standard Reference, Release 24 (2011)"
    )
    assert "public domain" in provenance["license"].lower()
    assert provenance["debian_package"]["name"] == "cronometer"
    assert provenance["debian_package"]["version"] == "0.9.9+dfsg1-1"
    assert provenance["generator"] == "scripts/build_food_data.py"
    assert (REPO_ROOT / provenance["generator"]).is_file()
    assert (REPO_ROOT / provenance["data_file"]) == DATA_FILE


def test_counts_match_provenance(rows, provenance):
    counts = provenance["counts"]
    assert counts["foods_with_magnesium"] == len(rows)
    assert counts["current"] == sum(1 for r in rows if not r["retired"])
    assert counts["retired"] == sum(1 for r in rows if r["retired"])
    assert counts["current"] + counts["retired"] == len(rows)
    assert counts["foods_with_portions"] == sum(1 for r in rows if r["portions"])
    assert counts["portions"] == sum(len(r["portions"]) for r in rows)
    assert (
        counts["food_files"]
        == counts["foods_with_magnesium"] + (counts["foods_without_magnesium_skipped"])
    )


def test_expected_sr24_counts(provenance):
    # The figures docs/food-data.md gives for SR24.
    counts = provenance["counts"]
    assert counts["food_files"] == 8858
    assert counts["foods_with_magnesium"] == 7879
    assert counts["current"] == 7228


def test_spinach(by_ndb):
    spinach = by_ndb["11457"]
    assert spinach["name"] == "Spinach, raw"
    assert spinach["group"] == "Vegetables and vegetable products"
    assert spinach["mg"] == 79.0
    assert spinach["ca"] == 99.0
    assert spinach["kcal"] == 23.0
    assert spinach["retired"] is False
    assert ["1 cup", 30.0] in spinach["portions"]
    assert spinach["portions"][:2] == [["1 cup", 30.0], ["1 bunch", 340.0]]


def test_almonds(by_ndb):
    almonds = by_ndb["12061"]
    assert almonds["name"] == "Nuts, almonds"
    assert almonds["group"] == "Nut and seed products"
    assert almonds["mg"] == 268


def test_every_food_has_magnesium(rows):
    for row in rows:
        assert _is_number(row["mg"]), row["ndb"]
        assert row["mg"] >= 0, row["ndb"]


def test_optional_nutrients_are_number_or_null(rows):
    for row in rows:
        for key in ("ca", "kcal", "vitd_iu"):
            assert row[key] is None or (_is_number(row[key]) and row[key] >= 0), row["ndb"]


def test_ndb_unique_and_sorted(rows):
    ndbs = [row["ndb"] for row in rows]
    assert all(len(n) == 5 and n.isdigit() for n in ndbs)
    assert len(set(ndbs)) == len(ndbs)
    assert ndbs == sorted(ndbs, key=int)


def test_names_and_groups(rows):
    for row in rows:
        name = row["name"]
        assert name and name == " ".join(name.split()), row["ndb"]
        assert row["group"] in GROUPS, row["ndb"]
        assert isinstance(row["retired"], bool)
        if row["ndb"].startswith(("13", "23")):
            assert row["group"] == "Beef products"


def test_portions(rows):
    for row in rows:
        pairs = [tuple(p) for p in row["portions"]]
        assert len(pairs) == len(set(pairs)), row["ndb"]
        for label, grams in pairs:
            assert isinstance(label, str) and label.strip() == label and label, row["ndb"]
            assert not label.split(" ", 1)[0].endswith(".0"), (row["ndb"], label)
            assert _is_number(grams) and grams > 0, (row["ndb"], label)


def _source_dir() -> Path:
    env = os.environ.get("TRACKER_SR24_DIR")
    return Path(env) if env else REPO_ROOT / ".cache" / "sr24" / "usda_sr24"


def test_build_reproduces_committed_files(raw):
    source = _source_dir()
    if not (source / "foods.index").is_file():
        reason = (
            f"SR24 source not found at {source} (set TRACKER_SR24_DIR or run "
            "`python scripts/build_food_data.py`, which fetches it into .cache/)"
        )
        if os.environ.get("TRACKER_REQUIRE_SR24") == "1":
            pytest.fail(reason + "; TRACKER_REQUIRE_SR24=1 requires it")
        pytest.skip(reason)

    script = _load_script()
    text, provenance = script.build(source)
    assert text.encode("utf-8") == raw
    assert script.render_provenance(provenance).encode("utf-8") == (PROVENANCE_FILE.read_bytes())


def _write_food(folder: Path, ndb: str, name: str, measures: list[tuple[str, str]], mg: str):
    measure_xml = "".join(
        f'<measure amount="{label.split()[0]}" name="{label.split(" ", 1)[1]}" grams="{grams}"/>'
        for label, grams in measures
    )
    (folder / f"{ndb}.xml").write_text(
        f'<food uid="{ndb}" name="{name}">{measure_xml}'
        f'<nutrient amount="{mg}" name="Magnesium"/><nutrient amount="9.0" name="Calcium"/></food>',
        encoding="utf-8",
    )


def test_the_generator_runs_on_the_standard_library_alone(tmp_path):
    """The script imports the domain rules without Flask: it runs with no site-packages (-S)."""
    source = tmp_path / "usda_sr24"
    source.mkdir()
    _write_food(
        source,
        "12061",
        "Nuts, almonds",
        [("1.0 cup, ground", "95.0"), ("1.0 oz", "28.35")],
        "268.0",
    )
    _write_food(source, "13000", "Beef, composite, cooked", [], "21.0")
    (source / "foods.index").write_text("12061|Nuts, almonds\r\n13000|Beef, composite, cooked\r\n")
    (source / "deprecated.index").write_text("")
    output = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-S", "-I", str(SCRIPT), "--source", str(source), "--output", str(output)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in (output / DATA_FILE.name).read_text().splitlines()]
    assert [
        (r["ndb"], r["racc"], r["racc_g"], r["default_portion"], r["default_quantity"])
        for r in rows
    ] == [
        ("12061", "nuts", 30, "1", "1"),  # 1 oz of almonds, not "1 cup, ground"
        ("13000", "meat", 85, "oz", "3"),  # 3 oz of cooked beef, not 1 g
    ]
