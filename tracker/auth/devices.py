"""The "known device" cookie: which accounts have logged in from this browser before.

OWASP's device cookies against slow password guessing: a stranger's failed logins count
against the account (and, past the limit, pause logins from unknown browsers), but a browser
the owner has logged in from keeps a count of its own, so nobody can lock the owner out.
The cookie is signed (it cannot be made up or changed), lives KNOWN_DEVICE_LIFETIME, names
this browser with a random id and lists the accounts (ids, never reused) logged in from it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, request
from itsdangerous import BadData

from tracker.auth import cookies

COOKIE = "known_device"
MAX_ACCOUNTS = 10


@dataclass(frozen=True)
class KnownDevice:
    device_id: str
    account_ids: tuple[int, ...]


def _lifetime() -> timedelta:
    return current_app.config["KNOWN_DEVICE_LIFETIME"]


def this_device() -> KnownDevice | None:
    """The known-device cookie this request carries, if it is genuine and not too old."""
    cookie = request.cookies.get(COOKIE)
    if not cookie:
        return None
    try:
        data = cookies.signer("known-device").loads(
            cookie, max_age=int(_lifetime().total_seconds())
        )
    except BadData:
        return None
    if not isinstance(data, dict):
        return None
    device_id, accounts = data.get("d"), data.get("a")
    if not isinstance(device_id, str) or not isinstance(accounts, list):
        return None
    return KnownDevice(device_id, tuple(a for a in accounts if isinstance(a, int)))


def known_for(user_id: int | None) -> str | None:
    """This browser's device id if the account has logged in from it before, else None."""
    device = this_device()
    if user_id is None or device is None or user_id not in device.account_ids:
        return None
    return device.device_id


def remember_account(user_id: int) -> None:
    """After a successful login: add the account to this browser's cookie (newest first)."""
    device = this_device()
    device_id = device.device_id if device else secrets.token_urlsafe(16)
    others = [a for a in (device.account_ids if device else ()) if a != user_id]
    value = cookies.signer("known-device").dumps(
        {"d": device_id, "a": [user_id, *others][:MAX_ACCOUNTS]}
    )
    cookies.set_cookie(COOKIE, value, _lifetime())
