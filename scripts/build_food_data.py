#!/usr/bin/env python3
"""Build the tracker's built-in food database from USDA SR24.

Source: USDA National Nutrient Database for Standard Reference, Release 24 (2011), as the
plain-XML copy shipped in Debian's ``cronometer`` package (see docs/food-data.md).

Usage::

    python scripts/build_food_data.py [--source DIR] [--output DIR]

``--source`` is the unpacked ``usda_sr24`` folder (one ``NNNNN.xml`` per food plus
``foods.index`` and ``deprecated.index``). Default: ``$TRACKER_SR24_DIR``, else
``.cache/sr24/usda_sr24`` in the repository; when that default is missing it is fetched with
``apt-get download`` + ``dpkg -x`` (see :func:`fetch_source`).

Writes ``usda_sr24_magnesium.jsonl`` and ``usda_sr24_magnesium.provenance.json`` to
``--output`` (default ``tracker/data``). Each food also gets its reference amount customarily
consumed and its default portion, from the rules in ``tracker/domain`` (``racc.py``,
``default_portions.py``, ``units.py``; pure Python, loaded without the Flask app). The output
depends only on the source files and those rules, so re-running reproduces the committed files
byte for byte. Standard library only.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import types
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path, PurePosixPath

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO_ROOT / ".cache" / "sr24" / "usda_sr24"
DEFAULT_OUTPUT = REPO_ROOT / "tracker" / "data"
SOURCE_ENV = "TRACKER_SR24_DIR"

DATA_FILENAME = "usda_sr24_magnesium.jsonl"
PROVENANCE_FILENAME = "usda_sr24_magnesium.provenance.json"
GENERATOR = "scripts/build_food_data.py"

DEB_PACKAGE = "cronometer"
DEB_VERSION = "0.9.9+dfsg1-1"
DEB_FILENAME = f"{DEB_PACKAGE}_{DEB_VERSION}_all.deb"
DEB_SHA256 = "6d66c9fe6722c52e100cf563e4d3ced7ce0f585b8594f9bca0b3f76704b8c0ab"
JAR_MEMBER = "usr/share/cronometer/usda_sr24.jar"
JAR_SHA256 = "4944801587983e4fc3f277bdf165e0a171acadda1fe2a38c3b37e6e8e97f20b7"
JAR_FOLDER = "usda_sr24"

# Nutrient names exactly as they appear in the SR24 XML (all per 100 g edible portion).
NUTRIENTS = {"mg": "Magnesium", "ca": "Calcium", "kcal": "Energy", "vitd_iu": "Vitamin D"}

# SR food-group code = first two digits of the NDB number. 23xxx are later beef cuts.
GROUPS = {
    "01": "Dairy and egg products",
    "02": "Spices and herbs",
    "03": "Baby foods",
    "04": "Fats and oils",
    "05": "Poultry products",
    "06": "Soups, sauces and gravies",
    "07": "Sausages and luncheon meats",
    "08": "Breakfast cereals",
    "09": "Fruits and fruit juices",
    "10": "Pork products",
    "11": "Vegetables and vegetable products",
    "12": "Nut and seed products",
    "13": "Beef products",
    "14": "Beverages",
    "15": "Finfish and shellfish products",
    "16": "Legumes and legume products",
    "17": "Lamb, veal and game products",
    "18": "Baked products",
    "19": "Sweets",
    "20": "Cereal grains and pasta",
    "21": "Fast foods",
    "22": "Meals, entrees and side dishes",
    "23": "Beef products",
    "25": "Snacks",
    "35": "American Indian/Alaska Native foods",
    "36": "Restaurant foods",
}
OTHER_GROUP = "Other"


def _import_domain() -> types.ModuleType:
    """Import tracker.domain.default_portions without running tracker/__init__ (Flask).

    The domain package is pure Python; registering its parent packages by path keeps this
    script runnable with nothing but the standard library.
    """
    if "tracker" not in sys.modules:
        for name, folder in (("tracker", "tracker"), ("tracker.domain", "tracker/domain")):
            package = types.ModuleType(name)
            package.__path__ = [str(REPO_ROOT / folder)]
            sys.modules[name] = package
    import tracker.domain.default_portions as default_portions

    return default_portions


_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_FOOD_FILE = re.compile(r"[0-9]{5}\.xml")


class SourceError(Exception):
    """The source folder is missing or does not look like SR24."""


def _number(text: str, where: str) -> str:
    """Return the source's decimal text unchanged after checking it is a valid JSON number."""
    if not _JSON_NUMBER.fullmatch(text):
        raise SourceError(f"{where}: not a plain decimal number: {text!r}")
    return text


def _clean(text: str) -> str:
    """Strip and collapse runs of whitespace (a few SR24 names have double spaces)."""
    return " ".join(text.split())


def _natural_amount(text: str) -> str:
    """'1.0' -> '1', '0.50' -> '0.5', '10.0' -> '10', '0.333' -> '0.333'."""
    if "." in text and "e" not in text.lower():
        text = text.rstrip("0").rstrip(".")
    return text


def _read_index(path: Path) -> tuple[dict[str, str], int]:
    """Parse an ``NDB|name`` index (CRLF lines). Returns ({ndb: name}, number of lines)."""
    entries: dict[str, str] = {}
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for line in lines:
        ndb, sep, name = line.partition("|")
        ndb = ndb.strip()
        if not sep or not ndb.isdigit():
            raise SourceError(f"{path.name}: bad line {line!r}")
        ndb = ndb.zfill(5)
        if entries.get(ndb, name) != name:
            raise SourceError(f"{path.name}: NDB {ndb} listed with two different names")
        entries[ndb] = name
    return entries, len(lines)


def _json_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _default_kind(portion: int | str) -> str:
    if portion == "g":
        return "grams"
    if portion == "oz":
        return "ounces"
    return "household measure"


def _grams_text(grams: Fraction) -> str:
    """Grams to the milligram, as a plain JSON number ("32.25", "30")."""
    value = (Decimal(grams.numerator) / Decimal(grams.denominator)).quantize(
        Decimal("0.001"), rounding=ROUND_HALF_UP
    )
    return _natural_amount(f"{value:f}")


def build(source_dir) -> tuple[str, dict]:
    """Read the unpacked ``usda_sr24`` folder; return (jsonl text, provenance dict)."""
    source = Path(source_dir)
    foods_index = source / "foods.index"
    deprecated_index = source / "deprecated.index"
    if not foods_index.is_file() or not deprecated_index.is_file():
        raise SourceError(f"{source}: no foods.index/deprecated.index; not an SR24 folder")

    current, foods_index_lines = _read_index(foods_index)
    deprecated, deprecated_index_lines = _read_index(deprecated_index)
    food_files = sorted(p for p in source.iterdir() if _FOOD_FILE.fullmatch(p.name))
    if not food_files:
        raise SourceError(f"{source}: no NNNNN.xml food files")

    digest_lines = []
    rows = []
    file_ndbs = set()
    counts = {
        "food_files": len(food_files),
        "foods_index_lines": foods_index_lines,
        "deprecated_index_lines": deprecated_index_lines,
        "deprecated_index_unique": len(deprecated),
        "in_both_indexes": len(current.keys() & deprecated.keys()),
        "foods_without_magnesium_skipped": 0,
        "portions_skipped_nonpositive_grams": 0,
        "portions_skipped_duplicate": 0,
    }

    for path in food_files:
        raw = path.read_bytes()
        digest_lines.append(f"{hashlib.sha256(raw).hexdigest()}  {path.name}\n")
        root = ET.fromstring(raw)
        ndb = (root.get("uid") or "").strip().zfill(5)
        if root.tag != "food" or ndb != path.stem:
            raise SourceError(f"{path.name}: expected <food uid={path.stem!r}>")
        file_ndbs.add(ndb)

        nutrients: dict[str, str] = {}
        portions: list[tuple[str, str]] = []
        skipped = {"nonpositive_grams": 0, "duplicate": 0}
        for child in root:
            if child.tag == "nutrient":
                name = child.get("name", "")
                if name in nutrients:
                    raise SourceError(f"{path.name}: nutrient {name!r} given twice")
                nutrients[name] = child.get("amount", "")
            elif child.tag == "measure":
                where = f"{path.name} measure {child.get('name')!r}"
                grams = _number(child.get("grams", ""), where)
                amount = _number(child.get("amount", ""), where)
                if Decimal(grams) <= 0:
                    skipped["nonpositive_grams"] += 1
                    continue
                label = _clean(f"{_natural_amount(amount)} {child.get('name', '')}")
                if (label, grams) in portions:
                    skipped["duplicate"] += 1
                    continue
                portions.append((label, grams))

        if NUTRIENTS["mg"] not in nutrients:
            counts["foods_without_magnesium_skipped"] += 1
            continue
        for reason, n in skipped.items():
            counts[f"portions_skipped_{reason}"] += n
        values = {
            key: None if name not in nutrients else _number(nutrients[name], f"{path.name} {name}")
            for key, name in NUTRIENTS.items()
        }
        retired = ndb not in current
        # Current foods: the foods.index name (identical to the XML name in SR24). Retired
        # foods: deprecated.index only has the old ALL-CAPS abbreviations
        # ("MARGARINE,REG,HARD,CORN (HYDR)"), but the XML keeps the readable long form.
        name = _clean(root.get("name", "") if retired else current[ndb])
        if not name:
            raise SourceError(f"{path.name}: food has no name")
        rows.append((int(ndb), ndb, name, values, retired, portions))

    rows.sort()
    domain = _import_domain()
    lines = []
    defaults: Counter[str] = Counter()
    racc_bases: Counter[str] = Counter()
    for _, ndb, name, values, retired, portions in rows:
        group = GROUPS.get(ndb[:2], OTHER_GROUP)
        default = domain.default_portion(name, group, [(lb, Decimal(g)) for lb, g in portions])
        choice = default.choice
        defaults[_default_kind(choice.portion)] += 1
        racc_bases[default.racc_basis] += 1
        fields = [
            f'"ndb":{_json_str(ndb)}',
            f'"name":{_json_str(name)}',
            f'"group":{_json_str(group)}',
            *(f'"{key}":{"null" if v is None else v}' for key, v in values.items()),
            f'"retired":{"true" if retired else "false"}',
            '"portions":[' + ",".join(f"[{_json_str(lb)},{g}]" for lb, g in portions) + "]",
            f'"racc":{_json_str(default.racc_key)}',
            f'"racc_g":{_grams_text(default.racc_grams)}',
            f'"racc_basis":{_json_str(default.racc_basis)}',
            f'"default_portion":{_json_str(choice.key)}',
            f'"default_quantity":{_json_str(choice.quantity_text)}',
        ]
        lines.append("{" + ",".join(fields) + "}\n")
    text = "".join(lines)

    counts.update(
        {
            "foods_with_magnesium": len(rows),
            "current": sum(1 for r in rows if not r[4]),
            "retired": sum(1 for r in rows if r[4]),
            "foods_with_portions": sum(1 for r in rows if r[5]),
            "foods_without_portions": sum(1 for r in rows if not r[5]),
            "portions": sum(len(r[5]) for r in rows),
            "deprecated_index_without_file": len(deprecated.keys() - file_ndbs),
            "default_portions": dict(sorted(defaults.items())),
            "racc_basis": dict(sorted(racc_bases.items())),
        }
    )
    for index_file in (foods_index, deprecated_index):
        digest_lines.append(
            f"{hashlib.sha256(index_file.read_bytes()).hexdigest()}  {index_file.name}\n"
        )
    digest_lines.sort(key=lambda line: line.split("  ", 1)[1])

    provenance = {
        "source": "USDA National Nutrient Database for Standard Reference, Release 24 (2011)",
        "publisher": "U.S. Department of Agriculture, Agricultural Research Service",
        "release": "SR24",
        "release_year": 2011,
        "license": (
            "Public domain: USDA food composition data is a work of the U.S. Government "
            "and is not subject to copyright."
        ),
        "debian_package": {
            "name": DEB_PACKAGE,
            "version": DEB_VERSION,
            "file": DEB_FILENAME,
            "sha256": DEB_SHA256,
            "archive_member": JAR_MEMBER,
            "archive_member_sha256": JAR_SHA256,
            "folder_in_archive_member": JAR_FOLDER + "/",
        },
        "source_files_sha256": hashlib.sha256("".join(digest_lines).encode()).hexdigest(),
        "source_files_sha256_method": (
            "in usda_sr24/ (NNNNN.xml, foods.index, deprecated.index): "
            "LC_ALL=C sha256sum -- * | sha256sum"
        ),
        "generator": GENERATOR,
        "data_file": f"tracker/data/{DATA_FILENAME}",
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "counts": counts,
        "fields": {
            "ndb": "USDA NDB number (5 digits); rows sorted by it",
            "name": "food name; foods.index for current foods, XML long name for retired ones",
            "group": "SR food group from the first two NDB digits (23xxx beef); else 'Other'",
            "mg": "magnesium, mg per 100 g (always present)",
            "ca": "calcium, mg per 100 g, or null if not in the source",
            "kcal": "energy, kcal per 100 g, or null if not in the source",
            "vitd_iu": "vitamin D, IU per 100 g, or null if not in the source",
            "retired": "true if the NDB number is not in foods.index (USDA retired it)",
            "portions": "USDA household measures in source order: [label, grams]",
            "racc": (
                "the food's reference amount customarily consumed: a key of "
                "tracker/domain/racc.py (21 CFR 101.12(b); 9 CFR 317.312, 381.412)"
            ),
            "racc_g": "the reference amount in grams for this food, to the milligram",
            "racc_basis": (
                "weight: the table gives grams; measure: a volume converted through the "
                "food's own household measure; nominal: a typical weight (no measure to "
                "convert with), used to pick a portion but never to judge a claim"
            ),
            "default_portion": (
                "the portion preselected for the food: a position in portions, 'g' or 'oz'"
            ),
            "default_quantity": "how many of default_portion, as the Quantity field reads it",
        },
        "notes": [
            "Numbers are the source's decimal text, unchanged, per 100 g of edible portion.",
            "Foods without a Magnesium value are left out, never counted as 0 mg.",
            "Portions with grams <= 0 and exact duplicate (label, grams) pairs are skipped; "
            "whitespace in names and labels is collapsed.",
            "racc, racc_g, racc_basis, default_portion and default_quantity are computed by "
            "tracker/domain/default_portions.py (the rule is in its docstring and in "
            "tracker/data/README.md).",
        ],
    }
    return text, provenance


def render_provenance(provenance: dict) -> str:
    return json.dumps(provenance, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def fetch_source(cache_dir) -> Path:
    """Fetch SR24 into ``cache_dir/sr24/usda_sr24`` from Debian's cronometer package.

    Runs ``apt-get download cronometer=<version>`` (unless the .deb is already in
    ``cache_dir``), ``dpkg -x``, then extracts ``usda_sr24/`` from the jar with zipfile.
    Needs apt package lists (``apt-get update``); no install, no Java.
    """
    cache_dir = Path(cache_dir).resolve()
    target = cache_dir / "sr24"
    source = target / JAR_FOLDER
    if (source / "foods.index").is_file():
        return source
    cache_dir.mkdir(parents=True, exist_ok=True)

    deb = cache_dir / DEB_FILENAME
    if not deb.is_file():
        print(f"fetching {DEB_PACKAGE}={DEB_VERSION} with apt-get download", file=sys.stderr)
        subprocess.run(
            ["apt-get", "download", f"{DEB_PACKAGE}={DEB_VERSION}"], cwd=cache_dir, check=True
        )
    if _sha256_file(deb) != DEB_SHA256:
        raise SourceError(f"{deb}: sha256 differs from the recorded {DEB_SHA256}")

    with tempfile.TemporaryDirectory(dir=cache_dir) as tmp:
        pkg = Path(tmp) / "pkg"
        subprocess.run(["dpkg", "-x", str(deb), str(pkg)], check=True)
        jar = pkg / JAR_MEMBER
        if _sha256_file(jar) != JAR_SHA256:
            raise SourceError(f"{JAR_MEMBER}: sha256 differs from the recorded {JAR_SHA256}")
        staging = Path(tmp) / "sr24"
        with zipfile.ZipFile(jar) as zf:
            for info in zf.infolist():
                member = PurePosixPath(info.filename)
                if info.is_dir() or member.parts[:1] != (JAR_FOLDER,):
                    continue
                if member.is_absolute() or ".." in member.parts:
                    raise SourceError(f"{JAR_MEMBER}: unsafe member name {info.filename!r}")
                dest = staging.joinpath(*member.parts)
                dest.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, dest.open("wb") as out:
                    shutil.copyfileobj(src, out)
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    return source


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(text.encode("utf-8"))
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--source",
        type=Path,
        help=f"unpacked usda_sr24 folder (default: ${SOURCE_ENV} or .cache/sr24/usda_sr24)",
    )
    parser.add_argument(
        "--output", type=Path, default=DEFAULT_OUTPUT, help="output folder (tracker/data)"
    )
    args = parser.parse_args(argv)

    source = args.source or (Path(os.environ[SOURCE_ENV]) if os.environ.get(SOURCE_ENV) else None)
    if source is None:
        source = DEFAULT_SOURCE
        if not (source / "foods.index").is_file():
            source = fetch_source(REPO_ROOT / ".cache")
    elif not (source / "foods.index").is_file():
        parser.error(f"{source} is not an unpacked usda_sr24 folder (no foods.index)")

    text, provenance = build(source)
    args.output.mkdir(parents=True, exist_ok=True)
    _write(args.output / DATA_FILENAME, text)
    _write(args.output / PROVENANCE_FILENAME, render_provenance(provenance))
    counts = provenance["counts"]
    print(
        f"wrote {args.output / DATA_FILENAME}: {counts['foods_with_magnesium']} foods "
        f"({counts['current']} current, {counts['retired']} retired), "
        f"{counts['portions']} portions, sha256 {provenance['sha256']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
