"""Every change to accounts and profiles goes through here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy.exc import IntegrityError

from tracker.auth import hashing, messages, sessions, tokens
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
from tracker.extensions import checkpoint_sqlite, db, rows_changed
from tracker.models import User, new_session_token, utcnow

# At most one "logins are paused" email an hour to an account, however many processes see
# the limit trip: the time it was last sent is in users.failed_login_alert_at.
ALERT_INTERVAL = timedelta(hours=1)


class EmailTakenError(Exception):
    """An account with this email already exists."""


def normalize_email(email: str) -> str:
    """Return the email as stored: trimmed and lower-cased."""
    return email.strip().lower()


def user_by_email(email: str) -> User | None:
    """The account with this email, if any."""
    return db.session.execute(
        db.select(User).filter_by(email=normalize_email(email))
    ).scalar_one_or_none()


def register_user(email: str, password: str, timezone: str = "UTC") -> User:
    """Create an account, or raise EmailTakenError (the password is hashed either way)."""
    user = User(
        email=normalize_email(email),
        password_hash=hashing.hasher().hash(password),
        timezone=timezone,
    )
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise EmailTakenError(email) from error
    return user


def password_is_right(user: User, password: str) -> bool:
    """Whether this is the user's password (for pages that ask for it again)."""
    return hashing.hasher().verify(user.password_hash, password or "")


def authenticate(email: str, password: str) -> User | None:
    """Return the user for these credentials, or None; upgrade an outdated hash on success."""
    user = user_by_email(email)
    configured = hashing.hasher()
    if user is None:
        configured.verify(hashing.dummy_hash(), password)
        return None
    if not configured.verify(user.password_hash, password):
        return None
    if configured.needs_rehash(user.password_hash):
        # Only if the hash is still the one just checked (no password change in between).
        db.session.execute(
            db.update(User)
            .where(User.id == user.id, User.password_hash == user.password_hash)
            .values(password_hash=configured.hash(password))
        )
        db.session.commit()
        db.session.refresh(user)
    return user


def log_out_everywhere(user: User) -> None:
    """End every session and remember-me cookie of this user, on every device."""
    sessions.end_every_session(user)
    db.session.commit()


def change_password(user: User, new_password: str) -> None:
    """Set a new password (the caller checked the current one); every session ends."""
    user.password_hash = hashing.hasher().hash(new_password)
    sessions.end_every_session(user)
    db.session.commit()
    messages.security_notice(user, "password_changed")


# --- Password reset by email --------------------------------------------------------------


def request_password_reset(email: str) -> None:
    """Email a reset link if an account has this email; the caller answers the same anyway."""
    user = user_by_email(email)
    if user is not None:
        messages.password_reset(user)


def account_for_reset(token: str) -> User | None:
    """The account a reset link is for, while the link is valid (unused, unexpired, intact)."""
    found = tokens.account_of(tokens.Purpose.PASSWORD_RESET, token)
    return None if found is None else found[0]


def reset_password(user: User, password_hash_seen: str, new_password: str) -> bool:
    """Set a new password through a reset link, once: False if the password changed meanwhile.

    One conditional UPDATE, so two requests with the same link cannot both succeed. Every
    session ends (the caller logs this browser in on a new one).
    """
    changed = rows_changed(
        db.update(User)
        .where(User.id == user.id, User.password_hash == password_hash_seen)
        .values(
            password_hash=hashing.hasher().hash(new_password),
            session_token=new_session_token(),
        )
    )
    db.session.commit()
    if changed != 1:
        return False
    db.session.refresh(user)
    messages.security_notice(user, "password_changed")
    return True


# --- Registration confirmed by email (where mail reaches people) -----------------------------


def request_registration(email: str) -> None:
    """Email a link to finish registering, or tell an existing owner; answer the same anyway."""
    existing = user_by_email(email)
    if existing is not None:
        messages.registration_existing(existing)
    else:
        messages.registration_link(normalize_email(email))


def email_for_registration(token: str) -> str | None:
    """The email a registration link is for, while it is valid and the email still free."""
    payload = tokens.read(tokens.Purpose.REGISTRATION, token)
    email = payload.get("e") if payload else None
    if not isinstance(email, str) or user_by_email(email) is not None:
        return None
    return email


# --- Changing the email address -----------------------------------------------------------


def request_email_change(user: User, new_email: str) -> None:
    """Send the confirmation link to the new address (the old one stays until confirmed)."""
    new_email = normalize_email(new_email)
    if user_by_email(new_email) is not None:
        messages.email_change_taken(new_email)
    else:
        messages.email_change(user, new_email)


def pending_email_change(token: str) -> tuple[User, str] | None:
    """The account and new email of a valid email-change link, or None."""
    found = tokens.account_of(tokens.Purpose.EMAIL_CHANGE, token)
    if found is None or not isinstance(found[1].get("e"), str):
        return None
    return found[0], found[1]["e"]


def change_email(user: User, new_email: str) -> None:
    """Use the confirmed new email, or raise EmailTakenError; the old address is told."""
    old_email = user.email
    user.email = normalize_email(new_email)
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise EmailTakenError(new_email) from error
    messages.security_notice(
        user, "email_changed", to=old_email, old_email=old_email, new_email=user.email
    )


# --- Lockout alerts and deleting the account ----------------------------------------------


def alert_owner_of_paused_logins(email: str | None = None, user_id: int | None = None) -> bool:
    """Tell the owner that logins are paused, at most once an hour; whether it was sent."""
    user = db.session.get(User, user_id) if user_id else user_by_email(email or "")
    if user is None:
        return False
    now = utcnow()
    claimed = rows_changed(
        db.update(User)
        .where(
            User.id == user.id,
            db.or_(
                User.failed_login_alert_at.is_(None),
                User.failed_login_alert_at <= now - ALERT_INTERVAL,
            ),
        )
        .values(failed_login_alert_at=now)
        # The database compares the times; the loaded row may hold a naive one (SQLite).
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if claimed != 1:
        return False
    return messages.security_notice(user, "logins_paused")


def delete_account(user: User, password: str) -> bool:
    """Delete the user and every row of theirs, if the password is right; return whether it was.

    One DELETE of the user row: every table that refers to users does so ON DELETE CASCADE
    (tests/test_account.py checks each one), so every row of theirs goes in the same
    statement, and their sessions, remember-me cookies and links open nothing afterwards (ids
    are never reused). On SQLite the rows are overwritten (secure_delete) and the WAL, which
    still holds them, is checkpointed and emptied (README, "Backups and deleted data").
    """
    if not password_is_right(user, password):
        return False
    user_id = user.id
    db.session.execute(db.delete(User).where(User.id == user_id))
    db.session.commit()
    db.session.expunge_all()
    if not checkpoint_sqlite(db.engine):
        # Readers kept old pages in use; the next automatic checkpoint folds them in.
        current_app.logger.warning(
            "Account %s deleted, but the SQLite WAL could not be emptied yet: its old pages "
            "go at the next checkpoint",
            user_id,
        )
    return True


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
    show_bone_companions: bool | None = None  # None keeps the saved value


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
    if changes.show_bone_companions is not None:
        user.show_bone_companions = changes.show_bone_companions
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
