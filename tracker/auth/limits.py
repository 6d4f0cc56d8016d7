"""Rate limits of the account pages (Flask-Limiter; counts in TRACKER_RATELIMIT_STORAGE_URI).

- Failed logins: per address (LOGIN_RATE_LIMIT) and per account (LOGIN_ACCOUNT_RATE_LIMIT).
  A browser the owner has logged in from before (tracker.auth.devices) counts in a bucket of
  its own instead of the account's, so a stranger's guessing never locks the owner out; when
  the account's bucket trips, the owner is emailed (at most once an hour).
- Wrong two-step codes: per address and per account (TWO_STEP_RATE_LIMIT), the same way.
- Pages that check the password of a logged-in user: per address and per account; so does
  the password asked again before sharing or downloading everything (tracker.auth.recent).
- Requests that send an email: per address (MAIL_REQUEST_RATE_LIMIT) and per email address
  written to (MAIL_TO_ADDRESS_RATE_LIMIT), so nobody can flood someone's inbox.
- Heavy work, per account: importing a data file (IMPORT_RATE_LIMIT) and the large downloads
  (EXPORT_RATE_LIMIT: all data, the entries and daily-totals CSV, the PDF report). Each costs
  up to seconds of a worker's CPU; without a limit one logged-in user could stall the site.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Response, current_app, g, request, session
from flask_limiter import RequestLimit
from flask_login import current_user

from tracker.auth import devices, tokens
from tracker.auth.operations import alert_owner_of_paused_logins
from tracker.extensions import db, limiter
from tracker.models import User
from tracker.security import limit_value

TWO_STEP_PENDING = "two_step_pending"

Decorator = Callable[[Callable], Callable]


def _refused(response: Response) -> bool:
    # A refused attempt re-renders its form with 400: a wrong password or code, a bad form.
    return response.status_code == 400


def _form_email(field: str = "email") -> str:
    return (request.form.get(field) or "").strip().lower()[:254]


def _bucket(kind: str, user_id: int | None, name: object) -> str:
    """The account's own bucket, or this browser's if the account logged in from it before."""
    device = devices.known_for(user_id)
    return f"{kind}-device:{device}:{name}" if device else f"{kind}:{name}"


def _stranger(key: str) -> bool:
    """Whether a bucket is the account's own (strangers), not a known browser's."""
    return not key.split(":", 1)[0].endswith("-device")


# --- Logging in ---------------------------------------------------------------------------


def _login_user_id() -> int | None:
    if devices.this_device() is None:
        return None  # no cookie: no need to look the account up
    return db.session.execute(
        db.select(User.id).where(User.email == _form_email())
    ).scalar_one_or_none()


def login_account_key() -> str:
    """The per-account bucket of failed logins for the email in the form."""
    return _bucket("login", _login_user_id(), _form_email())


def _alert_after_failed_logins(limit: RequestLimit) -> None:
    if _stranger(login_account_key()):
        alert_owner_of_paused_logins(email=_form_email())


def pending_user_id() -> int | None:
    """The account waiting for its two-step code in this session, if any."""
    pending = session.get(TWO_STEP_PENDING)
    user_id = pending.get("u") if isinstance(pending, dict) else None
    return user_id if isinstance(user_id, int) else None


def _reset_user_id() -> int | None:
    found = tokens.account_of(
        tokens.Purpose.PASSWORD_RESET, (request.view_args or {}).get("token", "")
    )
    return None if found is None else found[0].id


def _code_user_id() -> int | None:
    """Whose two-step code this request checks: a pending login, a reset link or the user."""
    if request.endpoint == "auth.reset_password":
        return _reset_user_id()
    if current_user.is_authenticated:
        return current_user.id
    return pending_user_id()


def two_step_key() -> str:
    user_id = _code_user_id()
    return _bucket("two-step", user_id, user_id)


def _alert_after_wrong_codes(limit: RequestLimit) -> None:
    if _stranger(two_step_key()):
        alert_owner_of_paused_logins(user_id=_code_user_id())


def _per_address(config_key: str, **options) -> Decorator:
    return limiter.limit(limit_value(config_key), methods=["POST"], **options)


def _refusals(
    account_limit: str,
    key_func: Callable[[], str],
    on_breach=None,
    refused: Callable[[Response], bool] = _refused,
    exempt_when: Callable[[], bool] | None = None,
) -> Decorator:
    """Refused attempts, counted per address and per account (key_func's bucket)."""

    def decorate(view: Callable) -> Callable:
        view = _per_address(
            account_limit,
            deduct_when=refused,
            key_func=key_func,
            on_breach=on_breach,
            exempt_when=exempt_when,
        )(view)
        return _per_address("LOGIN_RATE_LIMIT", deduct_when=refused, exempt_when=exempt_when)(view)

    return decorate


# Failed logins: per address and per account (known devices apart).
login_attempts = _refusals(
    "LOGIN_ACCOUNT_RATE_LIMIT", login_account_key, on_breach=_alert_after_failed_logins
)
# Wrong two-step codes (and other refusals on the same forms): per address and per account.
code_attempts = _refusals("TWO_STEP_RATE_LIMIT", two_step_key, on_breach=_alert_after_wrong_codes)


# --- Logged in ----------------------------------------------------------------------------


def _current_user_key() -> str:
    return f"password-check:{getattr(current_user, 'id', 'anonymous')}"


# A logged-in user's forms that check the password: per address and per account.
password_checks = _refusals("LOGIN_ACCOUNT_RATE_LIMIT", _current_user_key)

# The password asked again before an action (tracker.auth.recent): the same limits, counted
# only for requests that carry it and refuse it (the action's own 400s are not guesses).
REAUTH_REFUSED = "reauth_refused"
REAUTH_FIELD = "reauth_password"
reauth_checks = _refusals(
    "LOGIN_ACCOUNT_RATE_LIMIT",
    _current_user_key,
    refused=lambda response: bool(g.get(REAUTH_REFUSED)),
    exempt_when=lambda: REAUTH_FIELD not in request.form,
)


# --- Requests that send mail --------------------------------------------------------------


def mail_requests(field: str = "email", only_when: Callable[[], bool] | None = None) -> Decorator:
    """Every POST that may send an email: per address, and per email address written to."""

    def exempt() -> bool:
        return only_when is not None and not only_when()

    def decorate(view: Callable) -> Callable:
        view = _per_address(
            "MAIL_TO_ADDRESS_RATE_LIMIT",
            key_func=lambda: f"mail-to:{_form_email(field)}",
            exempt_when=exempt,
        )(view)
        return _per_address("MAIL_REQUEST_RATE_LIMIT", exempt_when=exempt)(view)

    return decorate


def registration_by_email() -> bool:
    return bool(current_app.config.get("REGISTRATION_BY_EMAIL"))


# --- Heavy work ---------------------------------------------------------------------------

# The 429 page's words for these limits (tracker.errors fills in the wait).
HEAVY_WORK_MESSAGE = (
    "You have {what} many times in a short while. To keep the tracker quick for everyone, "
    "please wait {wait} and try again."
)


def heavy_work(config_key: str, what: str) -> Decorator:
    """Every request to a view that does heavy work, per account (config_key's limit, its own
    bucket). Place it under @login_required."""
    return limiter.limit(
        limit_value(config_key),
        key_func=lambda: f"heavy-{config_key}:{getattr(current_user, 'id', 'anonymous')}",
        error_message=HEAVY_WORK_MESSAGE.replace("{what}", what),
    )


imports = heavy_work("IMPORT_RATE_LIMIT", "imported a data file")
large_downloads = heavy_work("EXPORT_RATE_LIMIT", "downloaded large exports")
