"""Data safety on SQLite with a real server: concurrent writers, and kill -9 in mid-write.

gunicorn (2 workers x 4 threads, as `make serve` but with threads for more contention) serves
a SQLite file of its own; writer processes (tests/http_writer.py) log in and add entries,
recording each one the server acknowledged. Afterwards every acknowledged entry must be in
the database exactly once, and the file must pass PRAGMA integrity_check.

These run against SQLite whatever TRACKER_TEST_DATABASE_URL says: they test SQLite's WAL
mode and busy timeout (tracker.extensions.tune_sqlite), which PostgreSQL does not need.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from tests.databases import database_url_for_tests, uses_postgresql
from tests.helpers import make_user
from tests.http_writer import Session
from tests.servers import REPO, Server
from tracker import create_app
from tracker.auth.operations import register_user
from tracker.extensions import db
from tracker.foods.operations import load_usda_foods

PASSWORD = "mauve kettle on the stairs"
USERS = [f"writer{number}@example.org" for number in range(4)]
FIRST_DAYS = [date(2024, 1, 1), date(2024, 6, 1)]  # two writer processes per user
SPINACH = "11457"


@pytest.fixture(scope="module")
def seeded_database(tmp_path_factory) -> tuple[Path, int]:
    """A migrated SQLite file with the USDA foods and four users; returns it and a food id."""
    folder = tmp_path_factory.mktemp("seed")
    path = folder / "seed.sqlite3"
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    with app.app_context():
        upgrade()
        load_usda_foods()
        for email in USERS:
            register_user(email, PASSWORD)
        from tracker.models import Food

        food = db.session.execute(db.select(Food.id).filter_by(ndb_number=SPINACH)).scalar_one()
        db.session.remove()
        db.engine.dispose()
    # Fold the WAL into the main file so a plain copy carries everything.
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return path, food


def _start_writers(server: Server, food: int, count: int, folder: Path):
    writers = []
    for email in USERS:
        for first_day in FIRST_DAYS:
            acks = folder / f"acks-{email}-{first_day}.txt"
            process = subprocess.Popen(
                [
                    sys.executable, "-m", "tests.http_writer", "--base", server.base,
                    "--email", email, "--password", PASSWORD, "--food-id", str(food),
                    "--first-day", first_day.isoformat(), "--count", str(count),
                    "--acks", str(acks),
                ],
                cwd=REPO, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            writers.append((email, acks, process))
    return writers


def _acknowledged(writers) -> Counter:
    acked: Counter = Counter()
    for email, acks, _ in writers:
        if acks.exists():
            for line in acks.read_text().splitlines():
                day, at = line.split()
                acked[(email, day, at)] += 1
    return acked


def _stored(database: Path | str) -> Counter:
    url = database if isinstance(database, str) else f"sqlite:///{database}"
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT users.email, food_entries.day, food_entries.time FROM food_entries "
                "JOIN users ON users.id = food_entries.user_id"
            )
        ).all()
    engine.dispose()
    # SQLite hands back text, PostgreSQL date and time objects: compare as "YYYY-MM-DD", "HH:MM".
    return Counter((email, str(day), str(at)[:5]) for email, day, at in rows)


def _integrity(database: Path) -> list[str]:
    with sqlite3.connect(database) as connection:
        result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    connection.close()
    return result


def test_concurrent_writers_lose_nothing_and_duplicate_nothing(seeded_database, tmp_path):
    seed, food = seeded_database
    database = tmp_path / "tracker.sqlite3"
    shutil.copy(seed, database)
    per_writer = 40
    server = Server(database, tmp_path)
    try:
        writers = _start_writers(server, food, per_writer, tmp_path)
        for email, _, process in writers:
            _, errors = process.communicate(timeout=240)
            assert process.returncode == 0, f"{email}: {errors}"
    finally:
        server.stop()
    acked = _acknowledged(writers)
    # 4 users x 2 processes x 40, all at once, and every one acknowledged.
    assert sum(acked.values()) == len(USERS) * len(FIRST_DAYS) * per_writer == 320
    assert set(acked.values()) == {1}
    stored = _stored(database)
    assert stored == acked  # each acknowledged entry exactly once, and nothing else
    assert _integrity(database) == ["ok"]


def test_kill_9_in_mid_write_keeps_every_acknowledged_entry(seeded_database, tmp_path):
    seed, food = seeded_database
    database = tmp_path / "tracker.sqlite3"
    shutil.copy(seed, database)
    server = Server(database, tmp_path)
    try:
        writers = _start_writers(server, food, 100_000, tmp_path)
        deadline = time.monotonic() + 60
        while sum(_acknowledged(writers).values()) < 150 and time.monotonic() < deadline:
            time.sleep(0.05)
        # Writers are mid-request now: kill the master and both workers at once.
        server.kill_9()
        for email, _, process in writers:
            _, errors = process.communicate(timeout=60)
            assert process.returncode == 3, f"{email} should have lost its server: {errors}"
    finally:
        server.stop()
    acked = _acknowledged(writers)
    assert sum(acked.values()) >= 150
    assert _integrity(database) == ["ok"]
    stored = _stored(database)
    missing = acked - stored
    assert not missing, f"acknowledged but lost: {sorted(missing)[:5]}"
    # A write in flight may have committed without its answer arriving, but never twice.
    assert set(stored.values()) == {1}
    assert sum(stored.values()) - sum(acked.values()) <= len(USERS) * len(FIRST_DAYS)

    # The app starts again on the same file and keeps writing.
    again = Server(database, tmp_path)
    try:
        session = Session(again.base)
        session.login(USERS[0], PASSWORD)
        token = session.token("/day/2025-01-01")
        status, _ = session.request(
            "/day/2025-01-01/entries",
            {"food_id": str(food), "portion": "g", "quantity": "50", "csrf_token": token},
        )
        assert status == 302
    finally:
        again.stop()
    assert sum(_stored(database).values()) == sum(stored.values()) + 1


@pytest.mark.skipif(
    not uses_postgresql(),
    reason="PostgreSQL runs only when TRACKER_TEST_DATABASE_URL is a PostgreSQL URL (CI does)",
)
def test_concurrent_writers_on_postgresql(app, tmp_path):
    """The same check against the session's PostgreSQL database (cleaned after the test)."""
    for email in USERS:
        make_user(app, email, password=PASSWORD)
    with app.app_context():
        from tracker.models import Food

        food = db.session.execute(db.select(Food.id).filter_by(ndb_number=SPINACH)).scalar_one()
        db.session.remove()
    url = database_url_for_tests()
    per_writer = 25
    server = Server(url, tmp_path)
    try:
        writers = _start_writers(server, food, per_writer, tmp_path)
        for email, _, process in writers:
            _, errors = process.communicate(timeout=240)
            assert process.returncode == 0, f"{email}: {errors}"
    finally:
        server.stop()
    acked = _acknowledged(writers)
    assert sum(acked.values()) == len(USERS) * len(FIRST_DAYS) * per_writer
    assert _stored(url) == acked
