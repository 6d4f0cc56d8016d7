"""The per-account limit on failed logins cannot lock the owner out: a browser that has logged
in to the account before keeps its own count. When the account's limit trips, the owner is
emailed, at most once an hour whichever process notices."""

from __future__ import annotations

from datetime import timedelta

from tests import account_helpers, mail_server
from tests.account_helpers import client_from, fresh_user
from tests.helpers import PASSWORD, login
from tracker.auth import operations
from tracker.auth.devices import COOKIE
from tracker.extensions import db
from tracker.models import User, utcnow

mailbox, rate_limits = mail_server.mailbox, account_helpers.rate_limits  # fixtures


def _fail(client, email: str, times: int = 1) -> None:
    for _ in range(times):
        assert (
            client.post("/login", data={"email": email, "password": "a wrong guess"}).status_code
            == 400
        )


def test_a_stranger_cannot_lock_the_owner_out(app, user, rate_limits, mailbox):
    rate_limits["LOGIN_ACCOUNT_RATE_LIMIT"] = "5 per hour"
    owner = client_from(app, "198.51.100.7")
    login(owner, user.email)
    assert owner.get_cookie(COOKIE) is not None  # this browser is now known to the account
    owner.post("/logout")

    for number in range(5):
        _fail(client_from(app, f"203.0.113.{number + 1}"), user.email)
    stranger = client_from(app, "203.0.113.99")
    assert (
        stranger.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 429
    )
    # A stranger with the right password is refused; so is the owner on a new browser ...
    new_browser = client_from(app, "198.51.100.7")
    assert (
        new_browser.post("/login", data={"email": user.email, "password": PASSWORD}).status_code
        == 429
    )
    # ... but never the owner's known browser, even after a typo of its own.
    _fail(owner, user.email)
    login(owner, user.email)
    assert owner.get("/profile").status_code == 200

    [alert] = mailbox.wait_for(1)
    assert alert["To"] == user.email
    assert "browser you have used before" in mail_server.Inbox.text(alert)
    # The limit trips again and again: still one email within the hour.
    for _ in range(3):
        stranger.post("/login", data={"email": user.email, "password": "x"})
    assert len(mailbox.to(user.email)) == 1


def test_a_known_browser_has_a_limit_of_its_own(app, user, rate_limits):
    rate_limits["LOGIN_ACCOUNT_RATE_LIMIT"] = "3 per hour"
    rate_limits["LOGIN_RATE_LIMIT"] = "100 per minute"
    owner = client_from(app, "198.51.100.8")
    login(owner, user.email)
    owner.post("/logout")
    _fail(owner, user.email, times=3)
    assert owner.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 429
    # Its guessing used its own count, not the account's: strangers are not limited by it.
    login(client_from(app, "203.0.113.5"), user.email)


def test_a_forged_or_foreign_known_device_cookie_does_not_exempt(
    app, user, other_user, rate_limits
):
    rate_limits["LOGIN_ACCOUNT_RATE_LIMIT"] = "2 per hour"
    elsewhere = app.test_client()
    login(elsewhere, other_user.email)  # known to another account only
    foreign = elsewhere.get_cookie(COOKIE).value
    _fail(client_from(app, "203.0.113.1"), user.email, times=2)
    for value in (foreign, foreign[:-2] + "xx", "garbage"):
        client = app.test_client()
        client.set_cookie(COOKIE, value)
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 429, value


def test_the_alert_is_claimed_once_an_hour_across_processes(app, user, mailbox, monkeypatch):
    # Each process claims the alert with one conditional UPDATE; only one of them wins.
    with app.app_context():
        assert operations.alert_owner_of_paused_logins(email=user.email) is True
        assert operations.alert_owner_of_paused_logins(email=user.email) is False
        later = utcnow() + timedelta(minutes=61)
        monkeypatch.setattr(operations, "utcnow", lambda: later)
        assert operations.alert_owner_of_paused_logins(user_id=user.id) is True
        assert operations.alert_owner_of_paused_logins(email="nobody@example.org") is False
    assert len(mailbox.wait_for(2)) == 2
    assert fresh_user(app, user.email).failed_login_alert_at is not None
    with app.app_context():
        assert db.session.get(User, user.id).failed_login_alert_at is not None
