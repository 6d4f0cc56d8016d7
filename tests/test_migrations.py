"""Migrations: an empty database upgraded to head has exactly the models' schema."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from tests.databases import database_url_for_tests, uses_postgresql
from tests.helpers import postgres_scratch_app
from tracker import MIGRATIONS_DIR, create_app
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


def _revisions_base_to_head() -> list[str]:
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


def _step_up_and_down(app) -> None:
    """Upgrade one revision at a time to head, then downgrade one at a time to base."""
    revisions = _revisions_base_to_head()
    assert len(revisions) >= 2
    with app.app_context():
        tables_at = {}
        for revision in revisions:
            upgrade(revision=revision)
            tables_at[revision] = set(inspect(db.engine).get_table_names())
        assert _schema_differences(db.engine) == []
        assert {table.name for table in db.metadata.sorted_tables} <= tables_at[revisions[-1]]
        steps = list(zip(["base", *revisions[:-1]], revisions, strict=True))
        for previous, revision in reversed(steps):
            downgrade(revision=previous)
            expected = {"alembic_version"} if previous == "base" else tables_at[previous]
            assert set(inspect(db.engine).get_table_names()) == expected, revision
        upgrade()
        assert _schema_differences(db.engine) == []
        db.session.remove()
        db.engine.dispose()


def test_sqlite_migrates_one_step_at_a_time(tmp_path):
    _step_up_and_down(
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 's.db'}"})
    )


@pytest.mark.skipif(
    not uses_postgresql(),
    reason="PostgreSQL runs only when TRACKER_TEST_DATABASE_URL is a PostgreSQL URL (CI does)",
)
def test_postgresql_migrates_up_and_down_in_a_scratch_schema(app):
    # A schema of its own (first on the search_path) in this process's database, so the
    # session's tables are untouched.
    with postgres_scratch_app("migration_test") as scratch:
        with scratch.app_context(), db.engine.connect() as connection:
            # The scratch schema, not public, is where the migrations go.
            schema = connection.execute(text("SELECT current_schema()")).scalar()
            assert schema is not None and schema.startswith("migration_test_")
        _step_up_and_down(scratch)
    admin = create_engine(database_url_for_tests())
    with admin.connect() as connection:
        # The session's tables are still where they were.
        assert "users" in inspect(connection).get_table_names(schema="public")
    admin.dispose()


ACCOUNTS_REVISION = "c0227ead2aa3"  # random session tokens, AUTOINCREMENT on SQLite


def _insert_users_before_accounts_revision(app) -> None:
    user_row = (
        "INSERT INTO users (id, email, password_hash, reproductive_status, timezone, "
        "kidney_condition, bisphosphonate_gap_minutes, week_starts_on, created_at, "
        "session_version) VALUES (:id, :email, 'x', 'none', 'UTC', false, 120, 'monday', "
        "'2024-01-01 00:00:00', 3)"
    )
    with app.app_context(), db.engine.begin() as connection:
        for user_id in (1, 2, 3):
            connection.execute(text(user_row), {"id": user_id, "email": f"u{user_id}@example.org"})
            connection.execute(
                text(
                    "INSERT INTO day_statuses (user_id, day, completed, updated_at) "
                    "VALUES (:id, '2024-01-01', true, '2024-01-01 00:00:00')"
                ),
                {"id": user_id},
            )
        connection.execute(text("DELETE FROM day_statuses WHERE user_id = 3"))
        connection.execute(text("DELETE FROM users WHERE id = 3"))


def _check_accounts_revision_kept_everything(app) -> None:
    with app.app_context(), db.engine.connect() as connection:
        users = connection.execute(text("SELECT id, session_token FROM users ORDER BY id")).all()
        assert [row.id for row in users] == [1, 2]  # the same ids ...
        tokens = {row.session_token for row in users}
        assert len(tokens) == 2 and all(len(token) == 43 for token in tokens)  # ... new tokens
        # ... and every row that refers to them (the rebuild must not cascade a delete).
        days = connection.execute(text("SELECT user_id FROM day_statuses ORDER BY user_id"))
        assert [row.user_id for row in days] == [1, 2]


def test_sqlite_accounts_migration_keeps_every_row_and_never_reuses_ids(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'a.db'}"})
    with app.app_context():
        upgrade(revision="3d932c9a5e2f")
        _insert_users_before_accounts_revision(app)
        upgrade(revision=ACCOUNTS_REVISION)
        _check_accounts_revision_kept_everything(app)
        with db.engine.begin() as connection:
            schema = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'users'")
            ).scalar_one()
            assert "AUTOINCREMENT" in schema
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
            new_user = (
                "INSERT INTO users (email, password_hash, reproductive_status, timezone, "
                "kidney_condition, bisphosphonate_gap_minutes, week_starts_on, created_at, "
                "session_token) VALUES (:email, 'x', 'none', 'UTC', 0, 120, 'monday', "
                "'2024-01-01', :token)"
            )
            connection.execute(text(new_user), {"email": "n1@example.org", "token": "a" * 43})
            connection.execute(text("DELETE FROM users WHERE email = 'n1@example.org'"))
            connection.execute(text(new_user), {"email": "n2@example.org", "token": "b" * 43})
            ids = connection.execute(text("SELECT id FROM users ORDER BY id")).scalars().all()
        assert ids == [1, 2, 4]  # 3 went to n1 and is never handed out again
        downgrade(revision="3d932c9a5e2f")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM day_statuses")).scalar() == 2
        db.session.remove()
        db.engine.dispose()


@pytest.mark.skipif(
    not uses_postgresql(),
    reason="PostgreSQL runs only when TRACKER_TEST_DATABASE_URL is a PostgreSQL URL (CI does)",
)
def test_postgresql_accounts_migration_keeps_every_row(app):
    with postgres_scratch_app("migration_test") as scratch, scratch.app_context():
        upgrade(revision="3d932c9a5e2f")
        _insert_users_before_accounts_revision(scratch)
        upgrade(revision=ACCOUNTS_REVISION)
        _check_accounts_revision_kept_everything(scratch)
