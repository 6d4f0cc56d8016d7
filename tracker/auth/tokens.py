"""Tokens for links sent by email: password reset, email change, registration.

Each is signed with the app's secret key for its purpose alone and carries its time of issue,
so it expires (LIFETIMES). Tokens for an account also carry a fingerprint of the account's
email and password hash: a reset link dies once it has been used (the password changed) or
the password changed some other way, and every link dies once the email changes.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from enum import Enum
from typing import Any

from itsdangerous import BadData

from tracker.auth import cookies
from tracker.dbtypes import MAX_ROW_ID
from tracker.extensions import db
from tracker.models import User


class Purpose(Enum):
    PASSWORD_RESET = "password-reset"
    EMAIL_CHANGE = "email-change"
    REGISTRATION = "registration"


LIFETIMES = {
    Purpose.PASSWORD_RESET: timedelta(hours=1),
    Purpose.EMAIL_CHANGE: timedelta(hours=24),
    Purpose.REGISTRATION: timedelta(hours=24),
}


def fingerprint(user: User) -> str:
    """What a link for this account is bound to: its email and password hash as they are now."""
    material = f"{user.email}\n{user.password_hash}".encode()
    return hashlib.sha256(material).hexdigest()[:32]


def make(purpose: Purpose, **payload: Any) -> str:
    """A signed, timed token for one purpose."""
    return cookies.signer(f"link.{purpose.value}").dumps(payload)


def read(purpose: Purpose, token: str) -> dict[str, Any] | None:
    """The payload of a genuine token for this purpose that has not expired, else None."""
    try:
        payload = cookies.signer(f"link.{purpose.value}").loads(
            token, max_age=int(LIFETIMES[purpose].total_seconds())
        )
    except BadData:
        return None
    return payload if isinstance(payload, dict) else None


def for_account(user: User, purpose: Purpose, **payload: Any) -> str:
    """A token for a link about one account, bound to its current fingerprint."""
    return make(purpose, u=user.id, f=fingerprint(user), **payload)


def account_of(purpose: Purpose, token: str) -> tuple[User, dict[str, Any]] | None:
    """The account a token is for, with its payload, while its fingerprint still matches."""
    payload = read(purpose, token)
    if payload is None:
        return None
    user_id, bound_to = payload.get("u"), payload.get("f")
    if not isinstance(user_id, int) or not 0 < user_id <= MAX_ROW_ID:
        return None
    user = db.session.get(User, user_id)
    if user is None or not isinstance(bound_to, str):
        return None
    if not hmac.compare_digest(fingerprint(user), bound_to):
        return None
    return user, payload
