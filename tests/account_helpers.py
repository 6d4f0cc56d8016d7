"""Shared by the account tests: rate limits on for one test, mail written by the embedded
default, and two-step login for a test user."""

from __future__ import annotations

import email
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.helpers import PASSWORD
from tracker.auth import two_step
from tracker.extensions import db, limiter
from tracker.models import User, utcnow


@pytest.fixture
def rate_limits(app: Flask) -> Iterator[dict]:
    """Rate limits on for one test, on fresh counts; the test may change a limit for itself."""
    saved = {key: app.config[key] for key in app.config if key.endswith("_RATE_LIMIT")}
    previous = app.config["RATE_LIMITS_ENABLED"]
    app.config["RATE_LIMITS_ENABLED"] = True
    limiter.reset()
    yield app.config
    limiter.reset()
    app.config["RATE_LIMITS_ENABLED"] = previous
    app.config.update(saved)


def client_from(app: Flask, address: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def eml_files(app: Flask) -> list[Path]:
    """The messages the embedded default wrote, oldest first (by name)."""
    return sorted(Path(app.config["MAIL_FILE_PATH"]).glob("*.eml"))


def read_eml(path: Path) -> EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=default_policy)


def fresh_user(app: Flask, email: str) -> User:
    with app.app_context():
        found = db.session.execute(db.select(User).filter_by(email=email)).scalar_one()
        db.session.expunge(found)
        return found


def turn_on_two_step(app: Flask, email: str) -> tuple[str, list[str]]:
    """Give the account two-step login; return its key and recovery codes."""
    key = two_step.new_key()
    with app.app_context():
        user = db.session.execute(db.select(User).filter_by(email=email)).scalar_one()
        codes = two_step.turn_on(user, key, confirmed_step=0)
    return key, codes


class Codes:
    """Codes of one key for successive time steps, so each test code is a fresh one."""

    def __init__(self, key: str) -> None:
        self.totp = pyotp.TOTP(key)
        self.at = utcnow()

    def next(self, monkeypatch: pytest.MonkeyPatch) -> str:
        """The code of the next time step, with the app's clock moved there."""
        self.at += timedelta(seconds=30)
        moment = self.at
        monkeypatch.setattr(two_step, "utcnow", lambda: moment)
        return self.totp.at(moment)


def password_step(client: FlaskClient, email: str, password: str = PASSWORD, **extra):
    response = client.post("/login", data={"email": email, "password": password, **extra})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response
