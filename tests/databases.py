"""Which database this test process uses, and a parallel worker's own PostgreSQL database.

The suite runs serially (`pytest`) or in parallel (`pytest -n auto`, pytest-xdist: `make test`),
each worker a process of its own named by PYTEST_XDIST_WORKER ("gw0", "gw1", ...). Each
process has its own database, so tests never see each other's rows:

- **SQLite** (the default): a file in this process's temporary instance folder.
- **PostgreSQL** (TRACKER_TEST_DATABASE_URL, one empty database the suite may take over): run
  serially, the suite uses that database. In parallel, each worker makes a database of its
  own beside it, named after it with the worker's name (`tracker_test_gw0`, ...), created
  fresh when the worker starts and dropped when it ends; the role needs CREATEDB for that.

Use `database_url_for_tests()` for the URL of this process's database (a subprocess, such as
gunicorn, gets it in TRACKER_DATABASE_URL); never TRACKER_TEST_DATABASE_URL itself, which under
xdist is only the name the workers' databases are made from.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, create_engine, make_url, text

# "gw0", "gw1", ... in a pytest-xdist worker; None when the suite runs in one process.
WORKER = os.environ.get("PYTEST_XDIST_WORKER")
GIVEN_URL = os.environ.get("TRACKER_TEST_DATABASE_URL", "")

# This process's instance folder (the SQLite database, the secret key), never the real one.
INSTANCE_DIR = Path(tempfile.mkdtemp(prefix=f"tracker-test-{WORKER or 'serial'}-"))


def uses_postgresql() -> bool:
    """True when the suite runs against PostgreSQL (TRACKER_TEST_DATABASE_URL)."""
    return GIVEN_URL.startswith("postgresql")


def database_url_for_tests() -> str:
    """Return the URL of this process's test database."""
    if not GIVEN_URL:
        return f"sqlite:///{INSTANCE_DIR / 'test.sqlite3'}"
    if WORKER is None:
        return GIVEN_URL
    given = make_url(GIVEN_URL)
    worker_url = given.set(database=f"{given.database}_{WORKER}")
    return worker_url.render_as_string(hide_password=False)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@contextmanager
def _on_given_database() -> Iterator[Connection]:
    """A connection to the given database, outside any transaction (CREATE DATABASE needs it)."""
    admin = create_engine(GIVEN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            yield connection
    finally:
        admin.dispose()


def _worker_database_name() -> str:
    return make_url(database_url_for_tests()).database or ""


def create_worker_database() -> None:
    """Make this worker's PostgreSQL database afresh, like the given one (encoding, locale).

    From template0, which nobody connects to, so workers can create theirs at the same time.
    A database left by a run that was killed is dropped first.
    """
    name = _quoted(_worker_database_name())
    with _on_given_database() as connection:
        encoding, collate, ctype = connection.execute(
            text(
                "SELECT pg_encoding_to_char(encoding), datcollate, datctype"
                " FROM pg_database WHERE datname = current_database()"
            )
        ).one()
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(
            text(
                f"CREATE DATABASE {name} TEMPLATE template0 ENCODING {_literal(encoding)}"
                f" LC_COLLATE {_literal(collate)} LC_CTYPE {_literal(ctype)}"
            )
        )


def drop_worker_database() -> None:
    """Drop this worker's PostgreSQL database, closing any connection still open to it."""
    with _on_given_database() as connection:
        connection.execute(
            text(f"DROP DATABASE IF EXISTS {_quoted(_worker_database_name())} WITH (FORCE)")
        )
