"""Backups of the SQLite database with SQLite's online backup API, and restoring one.

The online backup copies a consistent snapshot while the app keeps serving (WAL readers do
not block writers). PostgreSQL has its own tools (pg_dump / pg_restore): see
postgres_instructions() and the README's Deployment section.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from tracker.files import create_private_file, private_folder

# Tables whose presence tells a tracker database from any other SQLite file.
REQUIRED_TABLES = {"alembic_version", "users", "food_entries"}


class BackupError(Exception):
    """A backup or restore that was refused or failed; nothing was overwritten."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    bytes: int
    users: int
    food_entries: int
    revision: str


def sqlite_file(engine: Engine) -> Path | None:
    """Return the database file of a SQLite engine, or None for any other database."""
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError("Only a SQLite database in a file can be backed up.")
    return Path(database)


def postgres_instructions(engine: Engine) -> str:
    """Explain how to back up and restore a PostgreSQL database with its own tools."""
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=True)
    return (
        "flask backup copies SQLite databases only; this app uses "
        f"{engine.dialect.name}. Use PostgreSQL's own tools:\n"
        f'  pg_dump --format=custom --file=tracker-$(date +%Y%m%d-%H%M%S).dump "{url}"\n'
        "and to restore into an empty database:\n"
        f'  pg_restore --clean --if-exists --no-owner --dbname="{url}" tracker-….dump\n'
        "(the password can come from PGPASSWORD or ~/.pgpass; see the README, Deployment)."
    )


# The names default_backup_path() gives: the UTC time sorts them oldest first.
BACKUP_NAME = re.compile(r"tracker-[0-9]{8}-[0-9]{6}\.sqlite3")


def backup_folder(instance_path: Path) -> Path:
    """instance/backups/: where `flask backup` writes by default, and what --prune tidies."""
    return instance_path / "backups"


def default_backup_path(instance_path: Path) -> Path:
    """instance/backups/tracker-YYYYMMDD-HHMMSS.sqlite3 (UTC)."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return backup_folder(instance_path) / f"tracker-{stamp}.sqlite3"


def prune_backups(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups that `flask backup` named in folder.

    Only files named like tracker-YYYYMMDD-HHMMSS.sqlite3 count (newest by that name);
    anything else in the folder is left alone. Returns the deleted files, oldest first.
    """
    if keep < 1:
        raise BackupError("Keep at least one backup (--prune 1 or more).")
    if not folder.is_dir():
        return []
    backups = sorted(path for path in folder.iterdir() if BACKUP_NAME.fullmatch(path.name))
    removed = backups[:-keep]
    for path in removed:
        path.unlink()
    return removed


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    else:
        connection = sqlite3.connect(path)
    connection.execute("PRAGMA busy_timeout=10000")
    return connection


def _describe(connection: sqlite3.Connection, path: Path) -> BackupSummary:
    """Check a tracker database and count what it holds, or raise BackupError."""
    try:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if not tables >= REQUIRED_TABLES:
            raise BackupError(f"{path} is not a Magnesium Tracker database.")
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise BackupError(f"{path} fails PRAGMA integrity_check: {problems[:3]}")
        users = connection.execute("SELECT count(*) FROM users").fetchone()[0]
        entries = connection.execute("SELECT count(*) FROM food_entries").fetchone()[0]
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a readable SQLite database: {error}") from error
    return BackupSummary(path, path.stat().st_size, users, entries, revision[0] if revision else "")


def backup_sqlite(source: Path, target: Path) -> BackupSummary:
    """Copy a live SQLite database to a new file; never overwrite one that exists."""
    if target.exists():
        raise BackupError(f"{target} already exists: choose a new file name (nothing was written).")
    private_folder(target.parent)
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    partial.unlink(missing_ok=True)
    # A copy of everyone's health data: 0600 from the start (SQLite would make it 0644), and
    # the hard link below keeps the mode.
    create_private_file(partial)
    try:
        with _connect(source) as live, _connect(partial) as copy:
            live.backup(copy)
            # A single self-contained file: no -wal or -shm beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
            summary = _describe(copy, partial)
        live.close()
        copy.close()
        try:
            # A hard link fails if the name was taken meanwhile, so it can never overwrite.
            os.link(partial, target)
        except FileExistsError as error:
            raise BackupError(f"{target} already exists: nothing was written.") from error
    finally:
        partial.unlink(missing_ok=True)
    return replace(summary, path=target, bytes=target.stat().st_size)


def inspect_backup(path: Path) -> BackupSummary:
    """Check a backup file without changing it, and count what it holds."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    with _connect(path, read_only=True) as connection:
        summary = _describe(connection, path)
    connection.close()
    return summary


def restore_sqlite(backup: Path, live: Path, engine: Engine) -> tuple[BackupSummary, Path]:
    """Replace the live database's contents with a backup's, keeping a copy of the old ones.

    Returns the restored backup's summary and the path of the safety copy made first.
    """
    summary = inspect_backup(backup)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    safety = backup_sqlite(live, live.with_name(f"{live.name}.before-restore-{stamp}")).path
    # Pooled connections would keep reading the old pages through their own caches.
    engine.dispose()
    with _connect(backup, read_only=True) as source, _connect(live) as destination:
        source.backup(destination)
        problems = [row[0] for row in destination.execute("PRAGMA integrity_check")]
    source.close()
    destination.close()
    if problems != ["ok"]:
        raise BackupError(f"The restored database fails integrity_check; the old one is {safety}")
    return summary, safety
