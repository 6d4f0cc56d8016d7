"""Every change to accounts and profiles goes through here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.domain.cautions import check_bisphosphonate_gap
from tracker.domain.periods import WeekStart
from tracker.domain.reference import (
    Profile,
    ReferenceIntake,
    ReproductiveStatus,
    Sex,
    UpperLimit,
    reference_intake,
    upper_limit,
)
from tracker.extensions import db
from tracker.models import User

_dummy_hashes: dict[str, str] = {}


def _password_method() -> str:
    # scrypt by default (config.py); the test suite picks a cheaper method to stay fast.
    return current_app.config["PASSWORD_HASH_METHOD"]


def _dummy_hash() -> str:
    """A hash to check against when the email is unknown, so a login takes as long either way."""
    method = _password_method()
    if method not in _dummy_hashes:
        _dummy_hashes[method] = generate_password_hash("not a real password", method=method)
    return _dummy_hashes[method]


class EmailTakenError(Exception):
    """An account with this email already exists."""


def normalize_email(email: str) -> str:
    """Return the email as stored: trimmed and lower-cased."""
    return email.strip().lower()


def register_user(email: str, password: str, timezone: str = "UTC") -> User:
    """Create an account, or raise EmailTakenError."""
    user = User(
        email=normalize_email(email),
        password_hash=generate_password_hash(password, method=_password_method()),
        timezone=timezone,
    )
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise EmailTakenError(email) from error
    return user


def authenticate(email: str, password: str) -> User | None:
    """Return the user for these credentials, or None."""
    user = db.session.execute(
        db.select(User).filter_by(email=normalize_email(email))
    ).scalar_one_or_none()
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    return user


@dataclass(frozen=True)
class ProfileChanges:
    display_name: str | None
    birth_year: int | None
    birth_month: int | None
    sex: str | None
    reproductive_status: str
    timezone: str
    kidney_condition: bool
    week_starts_on: str | None = None  # None keeps the saved value
    bisphosphonate_gap_minutes: int | None = None  # None keeps the saved value


def update_profile(user: User, changes: ProfileChanges) -> None:
    """Save the profile fields of a user."""
    user.display_name = changes.display_name or None
    user.birth_year = changes.birth_year
    user.birth_month = changes.birth_month
    user.sex = Sex(changes.sex) if changes.sex else None
    user.reproductive_status = ReproductiveStatus(changes.reproductive_status)
    user.timezone = changes.timezone
    user.kidney_condition = changes.kidney_condition
    if changes.week_starts_on is not None:
        user.week_starts_on = WeekStart(changes.week_starts_on)
    if changes.bisphosphonate_gap_minutes is not None:
        check_bisphosphonate_gap(timedelta(minutes=changes.bisphosphonate_gap_minutes))
        user.bisphosphonate_gap_minutes = changes.bisphosphonate_gap_minutes
    db.session.commit()


def profile_of(user: User) -> Profile:
    """Return the domain profile (life-stage inputs) of a user."""
    return Profile(
        birth_year=user.birth_year,
        birth_month=user.birth_month,
        sex=user.sex,
        reproductive_status=user.reproductive_status,
    )


def reference_intake_for(user: User, on: date) -> ReferenceIntake:
    """Return the general reference intake row that applies to this user on a day."""
    return reference_intake(profile_of(user), on)


def upper_limit_for(user: User, on: date) -> UpperLimit:
    """Return the supplemental upper limit that applies to this user on a day."""
    return upper_limit(profile_of(user), on)


def end_all_sessions(user: User) -> None:
    """Invalidate every session and remember-me cookie of this user."""
    user.session_version += 1
    db.session.commit()


def parse_session_id(session_id: str | None) -> tuple[int, int] | None:
    """Split a session's login id "<user id>.<session version>"; None if malformed."""
    user_id, _, version = (session_id or "").partition(".")
    if not (user_id.isdigit() and version.isdigit()) or len(user_id) > 10 or len(version) > 10:
        return None
    return int(user_id), int(version)
