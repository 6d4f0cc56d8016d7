"""Shared fixtures: one app and database per test session, emptied of user data after each test.

The database is SQLite in a temporary folder, or PostgreSQL when TRACKER_TEST_DATABASE_URL is
set (CI runs the suite both ways). It is built with the real migrations and the real USDA data
file once per session; each test then starts with no users, entries or custom foods.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import delete, text

_INSTANCE_DIR = tempfile.mkdtemp(prefix="tracker-test-instance-")
# Set before the app is imported anywhere, so no test touches the real instance/ folder.
os.environ["TRACKER_INSTANCE_PATH"] = _INSTANCE_DIR
os.environ.pop("TRACKER_DATABASE_URL", None)

from tests.helpers import PASSWORD, login, make_user  # noqa: E402
from tracker import create_app  # noqa: E402
from tracker.extensions import db  # noqa: E402
from tracker.foods.catalog import forget_catalog  # noqa: E402
from tracker.foods.operations import load_usda_foods  # noqa: E402
from tracker.models import Food, FoodDataVersion, FoodPortion, User  # noqa: E402

# Tables that hold the shared food database rather than anybody's data.
SHARED_TABLES = {Food.__tablename__, FoodPortion.__tablename__, FoodDataVersion.__tablename__}


def database_url_for_tests() -> str:
    """Return the database the suite runs against."""
    return os.environ.get("TRACKER_TEST_DATABASE_URL") or (
        f"sqlite:///{Path(_INSTANCE_DIR) / 'test.sqlite3'}"
    )


def _reset_postgres_schema(app: Flask) -> None:
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session")
def app() -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": database_url_for_tests(),
            "WTF_CSRF_ENABLED": False,
            # argon2id at its cheapest (OWASP's parameters cost ~25 ms a hash); the production
            # default is tested on its own (tests/test_passwords.py).
            "PASSWORD_HASH_METHOD": "argon2id:m=8,t=1,p=1",
            # Every test logs in from one address; tests/test_security.py turns limits on.
            "RATE_LIMITS_ENABLED": False,
        }
    )
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        _reset_postgres_schema(app)
    with app.app_context():
        upgrade()
        load_usda_foods()
    forget_catalog()
    yield app
    with app.app_context():
        db.session.remove()
        # Close pooled connections now, not at interpreter exit (ResourceWarning on psycopg).
        db.engine.dispose()


def _delete_user_data(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in SHARED_TABLES:
                db.session.execute(delete(table))
        db.session.execute(delete(Food).where(Food.owner_id.is_not(None)))
        db.session.commit()
        db.session.remove()


@pytest.fixture(autouse=True)
def _clean_user_data(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "app" in request.fixturenames:
        _delete_user_data(request.getfixturevalue("app"))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def csrf_enabled(app: Flask) -> Iterator[None]:
    """Turn CSRF protection on for one test (the app's real setting), then restore it.

    Restoring what was there (rather than forcing it off) keeps this composable with the
    browser tests, which turn CSRF on for each of their tests in the same way.
    """
    previous = app.config["WTF_CSRF_ENABLED"]
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = previous


@pytest.fixture
def user(app: Flask) -> User:
    return make_user(app, "ada@example.org")


@pytest.fixture
def other_user(app: Flask) -> User:
    return make_user(app, "grace@example.org")


@pytest.fixture
def auth_client(app: Flask, user: User) -> FlaskClient:
    """A client logged in as `user`."""
    client = app.test_client()
    login(client, user.email, PASSWORD)
    return client
