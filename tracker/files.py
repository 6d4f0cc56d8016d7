"""Files that hold people's data, readable by the app's own user only.

The SQLite database (and its -wal and -shm files, which SQLite creates with the database
file's permissions), backups, the mail written to instance/mail/ and the secret key are
created 0600 in folders created 0700, whatever the umask. Files made before, or by hand,
are not changed: check_private_files() says at start-up which are open to other local users
and how to close them.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from sqlalchemy import Engine

PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700
# Anything for the group or for others.
_SHARED_BITS = stat.S_IRWXG | stat.S_IRWXO
# Folders whose files check_private_files() looks at (under the instance folder).
DATA_FOLDERS = ("backups", "mail")


def private_folder(path: Path) -> Path:
    """Create a folder (and its parents) that only the app's user may open, if missing."""
    path.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    return path


def create_private_file(path: Path) -> bool:
    """Create an empty file only the app's user may read, unless it exists; whether it was made.

    O_EXCL: never truncates or changes a file that is there already.
    """
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        return False
    os.close(descriptor)
    return True


def sqlite_database_file(engine: Engine) -> Path | None:
    """The file of a SQLite engine's database; None for other databases and in-memory ones."""
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def prepare_sqlite_file(engine: Engine) -> None:
    """Create a new SQLite database file 0600 (in a 0700 folder) before SQLite does.

    SQLite itself would create it 0644 and give its -wal and -shm files the same mode.
    An empty file is a valid empty database.
    """
    path = sqlite_database_file(engine)
    if path is None or path.exists():
        return
    private_folder(path.parent)
    create_private_file(path)


def _mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None


def _exposed(path: Path) -> bool:
    mode = _mode(path)
    return mode is not None and bool(mode & _SHARED_BITS)


def private_file_problems(instance_path: Path, database: Path | None) -> list[str]:
    """Say which data files and folders other local users may read, with the fix for each."""
    problems = []
    folders = [instance_path, *(instance_path / name for name in DATA_FOLDERS)]
    files = [instance_path / "secret_key"]
    if database is not None:
        if database.parent.resolve() != instance_path.resolve():
            folders.append(database.parent)
        files += [database, *(database.with_name(database.name + s) for s in ("-wal", "-shm"))]
    for folder in folders:
        if _exposed(folder):
            problems.append(
                f"{folder} can be opened by other users of this machine (mode "
                f"{_mode(folder):o}): chmod 700 {folder}"
            )
    for file in files:
        if _exposed(file):
            problems.append(
                f"{file} can be read by other users of this machine (mode {_mode(file):o}): "
                f"chmod 600 {file}"
            )
    for name in DATA_FOLDERS:
        folder = instance_path / name
        exposed = sorted(f.name for f in folder.glob("*") if f.is_file() and _exposed(f))
        if exposed:
            problems.append(
                f"{len(exposed)} file(s) in {folder} can be read by other users of this machine "
                f"(such as {exposed[0]}): chmod 600 {folder}/*"
            )
    return problems


def check_private_files(logger: logging.Logger, instance_path: Path, engine: Engine) -> None:
    """Log a warning for every data file or folder that other local users may read."""
    for problem in private_file_problems(instance_path, sqlite_database_file(engine)):
        logger.warning("Health data not private: %s", problem)
