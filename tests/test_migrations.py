"""Migrations: an empty database upgraded to head has exactly the models' schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from tracker import create_app
from tracker.extensions import db


def _schema_differences(engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_session_database_built_by_migrations_matches_models(app):
    # The session database (SQLite or PostgreSQL) was created by `upgrade()` alone.
    with app.app_context():
        assert _schema_differences(db.engine) == []


def test_empty_sqlite_upgrades_to_head_and_back(tmp_path):
    fresh = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"}
    )
    with fresh.app_context():
        upgrade()
        assert _schema_differences(db.engine) == []
        tables = set(inspect(db.engine).get_table_names())
        assert {table.name for table in db.metadata.sorted_tables} <= tables
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) == {"alembic_version"}
        upgrade()
        assert _schema_differences(db.engine) == []
        db.session.remove()
        db.engine.dispose()
