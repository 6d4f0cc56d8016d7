"""Small factories for tests: users, logins, entries.

Shared by many test modules: a helper that more than one module needs lives here, never in
a test module that others import (importing one test module from another runs its tests'
module-level setup twice and couples their constants, such as a default day).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, time

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from werkzeug.test import TestResponse

from tests.databases import database_url_for_tests
from tracker import create_app
from tracker.auth.operations import ProfileChanges, register_user, update_profile
from tracker.extensions import db
from tracker.models import Food, User

PASSWORD = "correct horse battery staple"


def make_user(
    app: Flask,
    email: str,
    *,
    password: str = PASSWORD,
    birth_year: int | None = None,
    birth_month: int | None = None,
    sex: str | None = None,
    reproductive_status: str = "none",
    timezone: str = "UTC",
    kidney_condition: bool = False,
) -> User:
    """Create a user (and profile), returning a detached copy safe to read outside a request."""
    with app.app_context():
        created = register_user(email, password, timezone=timezone)
        update_profile(
            created,
            ProfileChanges(
                display_name=None,
                birth_year=birth_year,
                birth_month=birth_month,
                sex=sex,
                reproductive_status=reproductive_status,
                timezone=timezone,
                kidney_condition=kidney_condition,
            ),
        )
        db.session.refresh(created)
        db.session.expunge(created)
        return created


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> None:
    """Log a test client in through the real login form."""
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)


def food_id(app: Flask, ndb_number: str) -> int:
    """Return the database id of a USDA food."""
    with app.app_context():
        return db.session.execute(db.select(Food.id).filter_by(ndb_number=ndb_number)).scalar_one()


def add_food(
    client: FlaskClient,
    day: date,
    food: int,
    portion: str,
    quantity: str = "1",
    meal: str = "",
    at: time | None = None,
) -> TestResponse:
    """Post the day page's add form."""
    return client.post(
        f"/day/{day.isoformat()}/entries",
        data={
            "food_id": str(food),
            "portion": portion,
            "quantity": quantity,
            "meal": meal,
            "time": at.strftime("%H:%M") if at else "",
        },
    )


def add_supplement(
    client: FlaskClient,
    day: date,
    *,
    name: str = "Magnesium glycinate",
    form: str = "glycinate",
    mg: str = "100",
    units: str = "1",
    at: time | None = None,
    preset: str = "",
) -> TestResponse:
    """Post the day page's supplement form."""
    return client.post(
        f"/day/{day.isoformat()}/supplements",
        data={
            "supplement-preset": preset,
            "supplement-name": name,
            "supplement-form": form,
            "supplement-magnesium_per_unit": mg,
            "supplement-units": units,
            "supplement-time": at.strftime("%H:%M") if at else "",
        },
    )


def add_medicine(
    client: FlaskClient, day: date, medicine: str, at: time | None, other_name: str = ""
) -> TestResponse:
    """Post the day page's medicine-dose form."""
    return client.post(
        f"/day/{day.isoformat()}/medicines",
        data={
            "medicine-medicine": medicine,
            "medicine-other_name": other_name,
            "medicine-time": at.strftime("%H:%M") if at else "",
        },
    )


@contextmanager
def postgres_scratch_app(prefix: str) -> Iterator[Flask]:
    """An app on a PostgreSQL schema of its own in this process's database, dropped after.

    The schema is first on the search_path, so migrations run there and the session's tables
    (in `public`) are untouched. The app's connections are closed before the schema is dropped.
    """
    schema = f"{prefix}_{secrets.token_hex(4)}"
    url = database_url_for_tests()
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        app = create_app(
            {
                "TESTING": True,
                "SQLALCHEMY_DATABASE_URI": url,
                "SQLALCHEMY_ENGINE_OPTIONS": {
                    "connect_args": {"options": f"-csearch_path={schema}"}
                },
            }
        )
        try:
            yield app
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
