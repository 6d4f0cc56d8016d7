"""Flask extensions, created unbound and initialised in create_app()."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import CursorResult, Engine, Executable, MetaData, event, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names so Alembic can alter them later (SQLite batch mode needs names).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
# The models' base class: Flask-SQLAlchemy makes db.Model from Base at run time, which a type
# checker cannot follow, so it is told Base (the same columns and typed Mapped attributes).
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
migrate = Migrate(render_as_batch=True)
csrf = CSRFProtect()
# Limits are attached to views (tracker/auth/views.py); storage and switches come from config.
limiter = Limiter(key_func=get_remote_address)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please log in to see that page."
login_manager.login_message_category = "info"


def tune_sqlite(engine: Engine) -> None:
    """Turn on foreign keys, WAL, a busy timeout and secure deletion for every SQLite connection."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        # Without this SQLite ignores ON DELETE CASCADE and lets orphans through.
        cursor.execute("PRAGMA foreign_keys=ON")
        # WAL lets readers work while one writer commits; the timeout waits out the writer.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        # Deleted rows are overwritten with zeros, not left in free space in the file.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()


def checkpoint_sqlite(engine: Engine) -> bool:
    """Copy SQLite's write-ahead log into the database file and empty it; whether it could.

    Until a checkpoint the -wal file keeps the pages as they were before a change, deleted
    rows included. TRUNCATE waits (busy_timeout) for other writers and for readers of older
    pages, then cuts the file to zero bytes. A no-op (True) on other databases.
    """
    if engine.dialect.name != "sqlite":
        return True
    with engine.connect() as connection:
        busy, _log_frames, _done = connection.exec_driver_sql(
            "PRAGMA wal_checkpoint(TRUNCATE)"
        ).one()
    return busy == 0


def read_rows(statement: Executable, parameters: Mapping[str, Any] | None = None) -> Any:
    """Run a SELECT of columns (rows a page only reads, not objects) in the session's transaction.

    Straight on the session's connection, as Core: the ORM's work for each statement (its
    compile state, the bind lookup, the result set-up for objects) is about 50 µs that column
    rows do not need, and the day page reads ten such statements a request. Anything pending
    in the session is flushed first, as Session.execute would (autoflush), so a read never
    misses a change made earlier in the same request. Returns the Core Result (typed Any,
    like the ``db.select`` statements it runs).
    """
    session = db.session
    if session.autoflush:
        session.flush()  # nothing to do, and nearly free, when nothing is pending
    return session.connection().execute(statement, parameters)


def rows_changed(statement: Executable) -> int:
    """Run an UPDATE or DELETE in the session's transaction; how many rows it changed.

    Conditional updates ("set X where X is still what I read") make one request win a race:
    the loser sees 0 rows.
    """
    result = db.session.execute(statement)
    return cast(CursorResult, result).rowcount


class RowLockTimeout(Exception):
    """lock_row() waited longer than the database's timeout for another writer."""


def lock_row(model: type[Base], row_id: int) -> None:
    """Take the write lock on one row (by its ``id``) until the session's transaction ends.

    For "check, then write" steps that must be one atomic step: lock, check again inside the
    transaction, write, commit. A no-op UPDATE of the row does it on every database: on
    PostgreSQL it holds the row's lock (a second request waits for the first to commit, then
    its check sees what the first wrote); on SQLite it opens the transaction with the
    database's single write lock (pysqlite begins a transaction at the first write; the
    reads before it ran outside any transaction, so nothing read is stale). RowLockTimeout
    when another writer held the lock for longer than SQLite's busy timeout.
    """
    id_column = model.__table__.c.id
    try:
        db.session.execute(update(model).where(id_column == row_id).values(id=id_column))
    except OperationalError as error:
        db.session.rollback()
        if "locked" in str(error.orig):
            raise RowLockTimeout(model.__name__) from error
        raise
