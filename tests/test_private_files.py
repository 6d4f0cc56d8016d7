"""Files holding people's data are the app's user's alone: the SQLite database with its -wal and
-shm files, backups, the mail in instance/mail/ and the secret key are created 0600 in 0700
folders whatever the umask, and start-up warns about any that other local users could read."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade

from tracker import create_app, mail
from tracker.auth.operations import register_user
from tracker.extensions import db


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The common umask (022), under which files are 0644 unless the app says otherwise."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _app(instance: Path, monkeypatch) -> Flask:
    monkeypatch.setenv("TRACKER_INSTANCE_PATH", str(instance))
    monkeypatch.delenv("TRACKER_SECRET_KEY", raising=False)
    return create_app({"TESTING": True, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})


@pytest.fixture
def fresh_app(tmp_path: Path, monkeypatch, usual_umask) -> Iterator[Flask]:
    """An app on a new instance folder, with the default SQLite database inside it."""
    app = _app(tmp_path / "instance", monkeypatch)
    with app.app_context():
        upgrade()
        register_user("ada@example.org", "mauve kettle on the stairs")
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_the_database_and_its_wal_files_are_private(fresh_app):
    instance = Path(fresh_app.instance_path)
    database = instance / "tracker.sqlite3"
    # A reader keeps the -wal and -shm files in place while their modes are read.
    with fresh_app.app_context(), db.engine.connect() as connection:
        connection.exec_driver_sql("SELECT count(*) FROM users").one()
        files = [database, instance / "tracker.sqlite3-wal", instance / "tracker.sqlite3-shm"]
        assert {path.name: mode(path) for path in files} == {p.name: 0o600 for p in files}
    assert mode(instance) == 0o700
    assert mode(instance / "secret_key") == 0o600


def test_a_database_outside_the_instance_folder_is_private_too(tmp_path, monkeypatch, usual_umask):
    folder = tmp_path / "var" / "tracker"
    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{folder / 'live.sqlite3'}")
    app = _app(tmp_path / "instance", monkeypatch)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    assert mode(folder) == 0o700
    assert mode(folder / "live.sqlite3") == 0o600


def test_backups_are_private(fresh_app, tmp_path):
    runner = fresh_app.test_cli_runner()
    assert runner.invoke(args=["backup"]).exit_code == 0
    folder = Path(fresh_app.instance_path) / "backups"
    [made] = folder.glob("tracker-*.sqlite3")
    assert (mode(folder), mode(made)) == (0o700, 0o600)
    elsewhere = tmp_path / "offsite" / "monday.sqlite3"
    assert runner.invoke(args=["backup", str(elsewhere)]).exit_code == 0
    assert (mode(elsewhere.parent), mode(elsewhere)) == (0o700, 0o600)


def test_mail_files_are_private(fresh_app):
    with fresh_app.test_request_context():
        assert mail.send("ada@example.org", "Hello", "A reset link would be here.")
    folder = Path(fresh_app.instance_path) / "mail"
    [message] = folder.glob("*.eml")
    assert (mode(folder), mode(message)) == (0o700, 0o600)


def test_start_up_warns_about_files_others_can_read(fresh_app, monkeypatch, caplog):
    instance = Path(fresh_app.instance_path)
    with fresh_app.test_request_context():
        mail.send("ada@example.org", "Hello", "text")
    with caplog.at_level(logging.WARNING, logger=fresh_app.logger.name):
        _app(instance, monkeypatch)
    assert not [r for r in caplog.records if "not private" in r.message]

    # As an older version (or a copy by hand) left them.
    database = instance / "tracker.sqlite3"
    database.chmod(0o644)
    instance.chmod(0o755)
    (instance / "mail").chmod(0o755)
    [message] = (instance / "mail").glob("*.eml")
    message.chmod(0o644)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger=fresh_app.logger.name):
        app = _app(instance, monkeypatch)
    warnings = [r.getMessage() for r in caplog.records if "not private" in r.getMessage()]
    assert any(f"chmod 600 {database}" in w and "mode 644" in w for w in warnings), warnings
    assert any(f"chmod 700 {instance}" in w for w in warnings), warnings
    assert any(f"chmod 700 {instance / 'mail'}" in w for w in warnings), warnings
    assert any(f"1 file(s) in {instance / 'mail'}" in w for w in warnings), warnings
    assert len(warnings) == 4, warnings
    # Nothing is changed behind the operator's back: the warning says what to do.
    assert mode(database) == 0o644
    with app.app_context():
        db.engine.dispose()
