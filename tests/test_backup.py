"""`flask backup` and `flask restore`: a SQLite round trip; on PostgreSQL, pointers to pg_dump."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade

from tracker import create_app
from tracker.auth.operations import register_user
from tracker.extensions import db
from tracker.models import FoodEntry, User

DAY = date(2024, 3, 5)


def _app_on_own_file(tmp_path: Path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.sqlite3'}",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def sqlite_app(tmp_path: Path):
    """An app on its own SQLite file (whatever database the rest of the suite uses)."""
    yield from _app_on_own_file(tmp_path)


def _quick_add(user_id: int, magnesium_mg: int, day: date = DAY) -> None:
    db.session.add(
        FoodEntry(
            user_id=user_id,
            day=day,
            kind="quick_add",
            item_name=f"Quick add {magnesium_mg} mg",
            portion_label="",
            quantity_text="1",
            quantity_micro=1_000_000,
            magnesium_ug=magnesium_mg * 1000,
        )
    )


def _contents(app: Flask) -> dict[str, list[tuple]]:
    with app.app_context():
        users = db.session.execute(db.select(User.id, User.email).order_by(User.id)).all()
        entries = db.session.execute(
            db.select(
                FoodEntry.id, FoodEntry.user_id, FoodEntry.day, FoodEntry.magnesium_ug
            ).order_by(FoodEntry.id)
        ).all()
        db.session.remove()
    return {"users": [tuple(u) for u in users], "entries": [tuple(e) for e in entries]}


def _fill(app: Flask) -> None:
    with app.app_context():
        ada = register_user("ada@example.org", "mauve kettle on the stairs")
        grace = register_user("grace@example.org", "mauve kettle on the stairs")
        for mg in (120, 80, 45):
            _quick_add(ada.id, mg)
        _quick_add(grace.id, 300)
        db.session.commit()
        db.session.remove()


def test_backup_and_restore_round_trip(sqlite_app, tmp_path):
    _fill(sqlite_app)
    saved = _contents(sqlite_app)
    runner = sqlite_app.test_cli_runner()
    target = tmp_path / "backups" / "monday.sqlite3"

    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "Backed up 2 users and 4 food entries" in result.output
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert copy.execute("SELECT sum(magnesium_ug) FROM food_entries").fetchone() == (545_000,)
    copy.close()
    assert not list(target.parent.glob(".*partial*"))

    # Life goes on: an entry is deleted, another added, a user joins.
    with sqlite_app.app_context():
        db.session.delete(db.session.get(FoodEntry, saved["entries"][0][0]))
        _quick_add(saved["users"][0][0], 999)
        register_user("new@example.org", "mauve kettle on the stairs")
        db.session.commit()
        db.session.remove()
    changed = _contents(sqlite_app)
    assert changed != saved

    declined = runner.invoke(args=["restore", str(target)], input="n\n")
    assert declined.exit_code == 1
    assert "Aborted" in declined.output
    assert _contents(sqlite_app) == changed

    result = runner.invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    assert _contents(sqlite_app) == saved
    # The database as it was before the restore is kept, and is itself a good backup.
    [safety] = tmp_path.glob("live.sqlite3.before-restore-*")
    assert str(safety) in result.output
    with sqlite3.connect(safety) as before:
        assert before.execute("SELECT count(*) FROM users").fetchone() == (3,)
        assert before.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    before.close()
    # The app keeps working on the restored database.
    with sqlite_app.app_context():
        _quick_add(saved["users"][0][0], 10)
        db.session.commit()
    assert len(_contents(sqlite_app)["entries"]) == 5


def test_backup_never_overwrites(sqlite_app, tmp_path):
    target = tmp_path / "taken.sqlite3"
    target.write_bytes(b"precious")
    result = sqlite_app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert target.read_bytes() == b"precious"


def test_backup_defaults_to_the_instance_folder(sqlite_app):
    result = sqlite_app.test_cli_runner().invoke(args=["backup"])
    assert result.exit_code == 0, result.output
    [made] = (Path(sqlite_app.instance_path) / "backups").glob("tracker-*.sqlite3")
    assert str(made) in result.output
    made.unlink()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "is not a Magnesium Tracker database"),
        (b"SQLite format 3\x00" + b"\xff" * 200, "not a readable SQLite database"),
        (b"hello", "not a readable SQLite database"),
    ],
)
def test_restore_refuses_what_is_not_a_tracker_backup(sqlite_app, tmp_path, content, message):
    _fill(sqlite_app)
    before = _contents(sqlite_app)
    bogus = tmp_path / "bogus.sqlite3"
    if content is None:
        sqlite3.connect(bogus).execute("CREATE TABLE notes (body TEXT)").connection.close()
    else:
        bogus.write_bytes(content)
    result = sqlite_app.test_cli_runner().invoke(args=["restore", str(bogus), "--yes"])
    assert result.exit_code == 1
    assert message in result.output
    assert _contents(sqlite_app) == before
    assert not list(tmp_path.glob("live.sqlite3.before-restore-*"))


def test_postgresql_backup_points_at_pg_dump(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            # Never connected to: the command answers from the URL alone.
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://tracker:s3cret@db.internal:5432/tracker",
        }
    )
    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", str(tmp_path / "x.sqlite3")])
    assert result.exit_code == 1
    assert "pg_dump --format=custom" in result.output
    assert "postgresql://tracker:***@db.internal:5432/tracker" in result.output
    assert "s3cret" not in result.output
    assert not (tmp_path / "x.sqlite3").exists()
    restore = runner.invoke(args=["restore", str(tmp_path / "x.sqlite3"), "--yes"])
    assert restore.exit_code != 0
    with app.app_context():
        db.engine.dispose()


# --- flask backup --prune N ---------------------------------------------------------------


@pytest.fixture
def app_with_own_instance(tmp_path: Path, monkeypatch):
    """An app whose instance folder (and so instance/backups/) is this test's alone."""
    monkeypatch.setenv("TRACKER_INSTANCE_PATH", str(tmp_path / "instance"))
    yield from _app_on_own_file(tmp_path)


def _old_backups(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"tracker-2024010{day}-030000.sqlite3" for day in range(1, 6)]
    for name in names:
        (folder / name).write_bytes(b"an old backup")
    return names


def test_prune_keeps_the_newest_n_backups(app_with_own_instance):
    folder = Path(app_with_own_instance.instance_path) / "backups"
    old = _old_backups(folder)
    # Files `flask backup` did not name are never touched.
    (folder / "notes.txt").write_text("keep me")
    (folder / "tracker-before-upgrade.sqlite3").write_bytes(b"kept by hand")

    result = app_with_own_instance.test_cli_runner().invoke(args=["backup", "--prune", "3"])
    assert result.exit_code == 0, result.output
    [new] = [p.name for p in folder.glob("tracker-2*.sqlite3") if p.name not in old]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [*old[3:], new, "notes.txt", "tracker-before-upgrade.sqlite3"]
    )
    assert f"Kept the newest 3 backups in {folder}; removed 3:" in result.output
    for name in old[:3]:
        assert f"  {name}" in result.output


def test_prune_with_fewer_backups_removes_nothing(app_with_own_instance):
    result = app_with_own_instance.test_cli_runner().invoke(args=["backup", "--prune", "7"])
    assert result.exit_code == 0, result.output
    assert "Nothing removed" in result.output
    assert len(list((Path(app_with_own_instance.instance_path) / "backups").iterdir())) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--prune", "0"], "0 is not in the range x>=1"),
        (["--prune", "-2"], "-2 is not in the range x>=1"),
        (["--prune", "three"], "'three' is not a valid integer"),
        (["--prune"], "requires an argument"),
        (["--prune", "2", "elsewhere.sqlite3"], "leave out PATH"),
    ],
)
def test_prune_refuses_nonsense(app_with_own_instance, args, message):
    folder = Path(app_with_own_instance.instance_path) / "backups"
    old = _old_backups(folder)
    result = app_with_own_instance.test_cli_runner().invoke(args=["backup", *args])
    assert result.exit_code == 2
    assert message in result.output
    # Nothing backed up, nothing removed.
    assert sorted(p.name for p in folder.iterdir()) == old
