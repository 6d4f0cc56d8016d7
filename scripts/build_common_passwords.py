#!/usr/bin/env python3
"""Build the list of common passwords that registration refuses (NIST SP 800-63B 5.1.1.2).

Source: ``django/contrib/auth/common-passwords.txt.gz`` inside the Django 5.2.19 wheel from
PyPI (BSD-3-Clause; the list is "20,000 common passwords, unhexed, lowercased and
deduplicated, created by Royce Williams", ordered most common first). The wheel is fetched
with ``pip download`` into ``.cache/`` when missing and checked against its SHA-256.

Usage::

    python scripts/build_common_passwords.py [--wheel FILE] [--output DIR]

Writes ``common_passwords.txt`` (one lower-case password a line, most common first, only
those of at least 8 characters: shorter ones are refused by the length rule already) and
``common_passwords.provenance.json`` to ``--output`` (default ``tracker/data``). Re-running
reproduces both files byte for byte. Standard library only.
"""

import argparse
import gzip
import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = REPO_ROOT / "tracker" / "data"
CACHE = REPO_ROOT / ".cache" / "django"

DJANGO_VERSION = "5.2.19"
WHEEL_NAME = f"django-{DJANGO_VERSION}-py3-none-any.whl"
WHEEL_SHA256 = "5965d974a5218a2b68a11dd1276434707f23886525c23f0598eccedaf4f4ca00"
MEMBER = "django/contrib/auth/common-passwords.txt.gz"
MEMBER_SHA256 = "3c1baed62596de36860824eb3f436d5932d37ca8b06e59df78f5a44ec175afe4"
# Mirrors tracker.auth.forms.MIN_PASSWORD_LENGTH; shorter entries could never be chosen anyway.
MIN_LENGTH = 8

DATA_FILENAME = "common_passwords.txt"
PROVENANCE_FILENAME = "common_passwords.provenance.json"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch_wheel() -> Path:
    """Download the pinned Django wheel from PyPI into .cache/ (no dependencies, no install)."""
    wheel = CACHE / WHEEL_NAME
    if not wheel.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                "--only-binary=:all:", "--dest", str(CACHE), f"django=={DJANGO_VERSION}",
            ],
            check=True,
        )  # fmt: skip
    return wheel


def build(wheel: Path, output: Path) -> tuple[Path, Path]:
    """Extract, filter and write the list and its provenance; return both paths."""
    raw_wheel = wheel.read_bytes()
    if _sha256(raw_wheel) != WHEEL_SHA256:
        raise SystemExit(f"{wheel} is not the pinned Django {DJANGO_VERSION} wheel")
    with zipfile.ZipFile(wheel) as archive:
        member = archive.read(MEMBER)
        licence = archive.read(f"django-{DJANGO_VERSION}.dist-info/licenses/LICENSE")
    if _sha256(member) != MEMBER_SHA256:
        raise SystemExit(f"{MEMBER} in {wheel} does not match the pinned digest")
    source_lines = gzip.decompress(member).decode("utf-8").splitlines()

    kept: list[str] = []
    seen: set[str] = set()
    for line in source_lines:
        password = line.strip().lower()
        if len(password) >= MIN_LENGTH and password not in seen:
            seen.add(password)
            kept.append(password)
    text = "".join(f"{password}\n" for password in kept)

    output.mkdir(parents=True, exist_ok=True)
    data_path = output / DATA_FILENAME
    data_path.write_text(text, encoding="utf-8")
    (output / "common_passwords.LICENSE").write_bytes(licence)
    provenance = {
        "data_file": f"tracker/data/{DATA_FILENAME}",
        "generator": "scripts/build_common_passwords.py",
        "source": {
            "description": (
                "Django's CommonPasswordValidator list: 20,000 common passwords (unhexed, "
                "lowercased and deduplicated) created by Royce Williams, most common first"
            ),
            "list_origin": "https://gist.github.com/roycewilliams/226886fd01572964e1431ac8afc999ce",
            "package": f"Django {DJANGO_VERSION} (PyPI wheel)",
            "wheel": WHEEL_NAME,
            "wheel_sha256": WHEEL_SHA256,
            "member": MEMBER,
            "member_sha256": MEMBER_SHA256,
            "licence": "BSD-3-Clause (Django), see tracker/data/common_passwords.LICENSE",
        },
        "filter": f"lower-cased, trimmed, at least {MIN_LENGTH} characters, source order kept",
        "counts": {"source_lines": len(source_lines), "kept": len(kept)},
        "sha256": _sha256(text.encode("utf-8")),
    }
    provenance_path = output / PROVENANCE_FILENAME
    provenance_path.write_text(json.dumps(provenance, indent=2, sort_keys=True) + "\n")
    return data_path, provenance_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help=f"a local {WHEEL_NAME}")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    data_path, _ = build(args.wheel or fetch_wheel(), args.output)
    print(f"Wrote {data_path}")


if __name__ == "__main__":
    main()
