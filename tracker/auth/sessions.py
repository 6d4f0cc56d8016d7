"""Logins: the login id a cookie carries, the one rule that says whether it is still valid,
and starting, renewing and ending sessions (with "Keep me logged in").

A login id is "<user id>.<session token>.<expiry>": the account's id (never reused), its
random session token (tracker.models.User.session_token, replaced when every session must
end) and the Unix time after which the login is refused, whatever the browser still sends.
The session cookie holds it (signed by Flask); "Keep me logged in" adds a signed cookie of its
own (REMEMBER_COOKIE) holding the same id, so both die together. Flask-Login's own
remember-me cookie is not used: it has no expiry the server checks.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, request, session
from flask_login import login_user, logout_user
from itsdangerous import BadData
from sqlalchemy import BindParameter, ColumnElement, bindparam

from tracker.auth import cookies
from tracker.extensions import db
from tracker.models import User, new_session_token, utcnow

REMEMBER_COOKIE = "remember_login"
_LOGIN_ID = re.compile(
    r"(?P<user_id>[1-9][0-9]{0,9})\.(?P<token>[A-Za-z0-9_-]{43})\.(?P<expiry>[0-9]{10})"
)
_REMEMBERED = "_remembered"


@dataclass(frozen=True)
class LoginId:
    user_id: int
    session_token: str
    expires_at: int  # Unix time

    def __str__(self) -> str:
        return f"{self.user_id}.{self.session_token}.{self.expires_at}"


def parse_login_id(value: str | None) -> LoginId | None:
    """Read a login id; None if it is not one."""
    match = _LOGIN_ID.fullmatch(value or "")
    if match is None:
        return None
    return LoginId(int(match["user_id"]), match["token"], int(match["expiry"]))


def _unexpired(value: str | None, now: datetime | None = None) -> LoginId | None:
    """The login id a value holds, if it is one and has not expired."""
    login_id = parse_login_id(value)
    now = now or utcnow()
    if login_id is None or login_id.expires_at <= now.timestamp():
        return None
    return login_id


def _session_rule(
    user_id: int | BindParameter[int], session_token: str | BindParameter[str]
) -> tuple[ColumnElement[bool], ...]:
    """The account a login id names, while its session token is still the one it carries."""
    return (User.id == user_id, User.session_token == session_token)


def login_conditions(value: str | None, now: datetime | None = None) -> tuple | None:
    """The session-validity rule, as conditions on the users table; None if it cannot hold.

    A login id is valid while it has not expired and names an account whose session token is
    still the one it carries. Every reader of a login id (the user loader's statement, the
    food search's single query) applies this rule (_unexpired, _session_rule), so it exists
    here only. The token is a 256-bit random value compared by the database after a
    primary-key lookup.
    """
    login_id = _unexpired(value, now)
    if login_id is None:
        return None
    return _session_rule(login_id.user_id, login_id.session_token)


# The user loader runs on every request: its statement is built once, with the rule's values
# as bound parameters (an inline statement and its cache key cost Python time each request).
_USER_OF_LOGIN = db.select(User).where(
    *_session_rule(bindparam("user_id"), bindparam("session_token"))
)


def user_for_login_id(value: str | None) -> User | None:
    """The account a login id opens, or None."""
    login_id = _unexpired(value)
    if login_id is None:
        return None
    return db.session.execute(
        _USER_OF_LOGIN,
        {"user_id": login_id.user_id, "session_token": login_id.session_token},
    ).scalar_one_or_none()


def _login_id(user: User, lifetime: timedelta) -> LoginId:
    expires = utcnow() + lifetime
    return LoginId(user.id, user.session_token, int(expires.timestamp()))


def _serializer():
    return cookies.signer("remember-login")


def _write(login_id: LoginId, remembered: bool) -> None:
    session["_user_id"] = str(login_id)
    session[_REMEMBERED] = remembered
    if remembered:
        # Rounded up: the cookie may outlive the login by under a second, never the reverse.
        lifetime = timedelta(seconds=math.ceil(login_id.expires_at - utcnow().timestamp()))
        cookies.set_cookie(REMEMBER_COOKIE, _serializer().dumps(str(login_id)), lifetime)
    elif REMEMBER_COOKIE in request.cookies:
        cookies.delete_cookie(REMEMBER_COOKIE)


def start_session(user: User, remember: bool = False) -> None:
    """Log a user in on a new session: nothing from before login carries over (fixation)."""
    session.clear()
    # Flask-Login's bookkeeping (current_user, the fresh flag, its signal); then our login id.
    login_user(user)
    lifetime = current_app.config["REMEMBER_LIFETIME" if remember else "LOGIN_LIFETIME"]
    _write(_login_id(user, lifetime), remembered=remember)


def end_every_session(user: User) -> None:
    """Give the account a new session token: every login id issued so far stops working."""
    user.session_token = new_session_token()


def keep_this_session(user: User) -> None:
    """After end_every_session, keep the current browser logged in (same expiry and choice)."""
    current = parse_login_id(session.get("_user_id"))
    remembered = bool(session.get(_REMEMBERED))
    lifetime = current_app.config["REMEMBER_LIFETIME" if remembered else "LOGIN_LIFETIME"]
    expires_at = current.expires_at if current else _login_id(user, lifetime).expires_at
    _write(LoginId(user.id, user.session_token, expires_at), remembered=remembered)


def end_session() -> None:
    """Log this browser out: the session and the remember-me cookie go."""
    logout_user()
    session.clear()
    if REMEMBER_COOKIE in request.cookies:
        cookies.delete_cookie(REMEMBER_COOKIE)


def restore_remembered_login() -> None:
    """Before a request: a browser with no login but a valid remember-me cookie is logged in.

    The cookie's signature must be valid and younger than REMEMBER_LIFETIME, and the login id
    inside it must pass the session-validity rule; otherwise the cookie is deleted.
    """
    cookie = request.cookies.get(REMEMBER_COOKIE)
    if not cookie or "_user_id" in session:
        return
    max_age = current_app.config["REMEMBER_LIFETIME"]
    try:
        value = _serializer().loads(cookie, max_age=int(max_age.total_seconds()))
    except BadData:
        value = None
    user = user_for_login_id(value) if isinstance(value, str) else None
    if user is None:
        cookies.delete_cookie(REMEMBER_COOKIE)
        return
    session["_user_id"] = value
    session["_fresh"] = False
    session[_REMEMBERED] = True
