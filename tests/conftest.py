"""Shared fixtures: one app and database per test process, emptied of user data after each test.

The database is SQLite in a temporary folder, or PostgreSQL when TRACKER_TEST_DATABASE_URL is
set (CI runs the suite both ways). It is built with the real migrations and the real USDA data
file once per process; each test then starts with no users, entries or custom foods.

`make test` runs the suite in parallel (pytest-xdist, `-n auto`): each worker is a process with
its own app and its own database (tests/databases.py: a SQLite file of its own, or on
PostgreSQL a database of its own named after the given one, `<name>_gw0`, ...). A plain
`pytest` runs in one process, as before. For a test to pass in any worker, in any order:
- rely on no other test's rows or order: each test starts with an empty user table;
- use database_url_for_tests() (tests/databases.py) for this process's database URL, also
  for a server started as a subprocess; a scratch schema or database gets a random name
  inside it (tests/test_migrations.py);
- never a fixed port: bind port 0 and read back the port the system chose (the browser
  tests' live server), or hand a subprocess a socket already bound (gunicorn's
  `--bind fd://N`, tests/test_data_safety.py); a test that needs a service (an SMTP server,
  Redis) starts its own that way and stops it;
- files go under tmp_path (or tmp_path_factory), never a fixed path; screenshots in
  test-artifacts/ are named after their test;
- hypothesis is derandomized (the profile below), so every run tries the same examples.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from hypothesis import settings
from sqlalchemy import delete, text

from tests import databases
from tests.databases import database_url_for_tests

# Set before the app is imported anywhere, so no test touches the real instance/ folder.
os.environ["TRACKER_INSTANCE_PATH"] = str(databases.INSTANCE_DIR)
os.environ.pop("TRACKER_DATABASE_URL", None)

from tests.helpers import PASSWORD, login, make_user
from tracker import create_app
from tracker.extensions import db
from tracker.foods.catalog import forget_catalog
from tracker.foods.operations import load_usda_foods
from tracker.models import Food, FoodDataVersion, FoodPortion, User

# Every run tries the same examples, in every worker; a test may ask for more or fewer.
settings.register_profile("tracker", derandomize=True, database=None, deadline=None)
settings.load_profile("tracker")

# Tables that hold the shared food database rather than anybody's data.
SHARED_TABLES = {Food.__tablename__, FoodPortion.__tablename__, FoodDataVersion.__tablename__}


def _reset_postgres_schema(app: Flask) -> None:
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session")
def test_database() -> Iterator[str]:
    """This process's database URL; a parallel worker's PostgreSQL database is made here."""
    worker_database = databases.uses_postgresql() and databases.WORKER is not None
    if worker_database:
        try:
            databases.create_worker_database()
        except Exception as error:
            pytest.fail(
                f"Could not create this worker's PostgreSQL database ({error}). In parallel "
                "each worker makes its own beside TRACKER_TEST_DATABASE_URL's, so the role "
                "needs CREATEDB (ALTER ROLE ... CREATEDB); or run in one process (-n 0).",
                pytrace=False,
            )
    yield database_url_for_tests()
    if worker_database:
        databases.drop_worker_database()


@pytest.fixture(scope="session")
def app(test_database: str) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": test_database,
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
