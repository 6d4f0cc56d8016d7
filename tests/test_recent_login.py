"""The password asked again (tracker.auth.recent): making a share link or downloading all data
when the password was last entered more than 15 minutes ago, for a POST without losing the
person's choices, rate-limited like every other password check."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta

import pytest
from flask import Flask

from tests.account_helpers import Codes, client_from, password_step, rate_limits, turn_on_two_step
from tests.helpers import PASSWORD, login
from tests.routes import row_counts
from tracker.auth.recent import PASSWORD_AT
from tracker.auth.sessions import REMEMBER_COOKIE
from tracker.config import ConfigError, load_config
from tracker.extensions import db
from tracker.models import ShareLink

__all__ = ["rate_limits"]  # a fixture used here

# The export page's one form, as "Make a share link" sends it: the dates and how long it works.
SHARE = {
    "period": "custom",
    "start": "2024-03-01",
    "end": "2024-03-07",
    "share-valid_days": "30",
}
DOWNLOAD = "/account/data/export.json"


def _entered_minutes_ago(client, minutes: float) -> None:
    with client.session_transaction() as session:
        session[PASSWORD_AT] = int(time.time() - minutes * 60)


def _hidden(page: str) -> dict[str, str]:
    """The hidden fields of the confirmation form (not the log-out button's in the header)."""
    form = page[page.index('<form method="post" action="/export/share-links') :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))


def _links(app: Flask) -> list[ShareLink]:
    with app.app_context():
        return list(db.session.execute(db.select(ShareLink)).scalars())


def test_a_fresh_login_shares_and_downloads_at_once(auth_client):
    _entered_minutes_ago(auth_client, 14)
    assert auth_client.post("/export/share-links", data=SHARE).status_code == 201
    response = auth_client.get(DOWNLOAD)
    assert response.status_code == 200 and response.is_json


def test_making_a_share_link_asks_again_and_keeps_the_choices(app, auth_client):
    _entered_minutes_ago(auth_client, 16)
    asked = auth_client.post("/export/share-links?paper=letter", data=SHARE)
    assert asked.status_code == 200
    page = asked.text
    assert "Confirm your password" in page
    assert "To make a share link, enter your password again." in page
    assert "Once you confirm, the link is made for the dates you chose" in page
    assert 'action="/export/share-links?paper=letter"' in page
    assert _hidden(page) == SHARE  # every field sent, nothing else
    assert row_counts(app)["share_links"] == 0

    # A wrong password: asked again, choices still kept, nothing made.
    wrong = auth_client.post(
        "/export/share-links?paper=letter", data=_hidden(page) | {"reauth_password": "nope"}
    )
    assert wrong.status_code == 400
    assert "That is not your password." in wrong.text
    assert _hidden(wrong.text) == SHARE
    assert row_counts(app)["share_links"] == 0

    done = auth_client.post(
        "/export/share-links?paper=letter", data=_hidden(page) | {"reauth_password": PASSWORD}
    )
    assert done.status_code == 201
    assert 'data-testid="new-link"' in done.text
    [link] = _links(app)
    assert (link.start_day, link.end_day) == (date(2024, 3, 1), date(2024, 3, 7))
    expires_in = link.expires_at.replace(tzinfo=None) - link.created_at.replace(tzinfo=None)
    assert abs(expires_in - timedelta(days=30)) < timedelta(minutes=1)
    # The password was just entered: the next link needs no confirmation.
    assert auth_client.post("/export/share-links", data=SHARE).status_code == 201


def test_downloading_all_data_asks_again_then_goes_on(auth_client):
    _entered_minutes_ago(auth_client, 60)
    sent = auth_client.get(DOWNLOAD)
    assert sent.status_code == 302
    assert sent.headers["Location"] == "/account/confirm-password?next=/account/data/export.json"
    page = auth_client.get(sent.headers["Location"])
    assert page.status_code == 200
    assert "To download all your data, enter your password again." in page.text
    assert "Cancel and go back to Your data" in page.text
    assert auth_client.get(DOWNLOAD).status_code == 302  # still not confirmed

    wrong = auth_client.post(sent.headers["Location"], data={"reauth_password": "nope"})
    assert wrong.status_code == 400 and "That is not your password." in wrong.text
    confirmed = auth_client.post(sent.headers["Location"], data={"reauth_password": PASSWORD})
    assert confirmed.status_code == 200
    assert "Password confirmed" in confirmed.text
    assert '<meta http-equiv="refresh" content="0; url=/account/data/export.json">' in (
        confirmed.text
    )
    download = auth_client.get(DOWNLOAD)
    assert download.status_code == 200 and download.is_json


def test_a_login_restored_from_keep_me_logged_in_asks_again(app, user):
    browser = app.test_client()
    login(browser, user.email)
    remembered = app.test_client()
    password_step(remembered, user.email, remember="y")
    later = app.test_client()  # the next day: the session cookie is gone, the remembered one not
    later.set_cookie(REMEMBER_COOKIE, remembered.get_cookie(REMEMBER_COOKIE).value)
    assert later.get("/export").status_code == 200
    assert later.get(DOWNLOAD).status_code == 302
    assert later.post("/export/share-links", data=SHARE).status_code == 200
    assert row_counts(app)["share_links"] == 0


def test_only_safe_next_addresses_are_followed(auth_client):
    response = auth_client.post(
        "/account/confirm-password?next=https://evil.example/",
        data={"reauth_password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_two_step_accounts_confirm_with_the_password_alone(app, user, monkeypatch):
    key, _ = turn_on_two_step(app, user.email)
    client = app.test_client()
    password_step(client, user.email)
    response = client.post("/login/two-step", data={"code": Codes(key).next(monkeypatch)})
    assert response.status_code == 302
    # The password was entered at the first step: a share link is made at once.
    assert client.post("/export/share-links", data=SHARE).status_code == 201
    _entered_minutes_ago(client, 20)
    asked = client.get("/account/confirm-password?next=/account/data/export.json").text
    assert "Authentication code" not in asked
    confirmed = client.post(
        "/account/confirm-password?next=/account/data/export.json",
        data={"reauth_password": PASSWORD},
    )
    assert confirmed.status_code == 200


def test_wrong_passwords_are_rate_limited(app, user, rate_limits):
    client = client_from(app, "203.0.113.9")
    login(client, user.email)
    _entered_minutes_ago(client, 30)
    # The action's own refusals (a bad range) are not password guesses, and do not count.
    for _ in range(12):
        bad = client.post("/export/share-links", data=SHARE | {"share-end": "2024-02-01"})
        assert bad.status_code == 200  # asked for the password first
    for _ in range(10):
        wrong = client.post("/export/share-links", data=SHARE | {"reauth_password": "guess"})
        assert wrong.status_code == 400
    blocked = client.post("/export/share-links", data=SHARE | {"reauth_password": PASSWORD})
    assert blocked.status_code == 429
    assert row_counts(app)["share_links"] == 0
    # The confirmation page counts the same way.
    for _ in range(10):
        client.post("/account/confirm-password", data={"reauth_password": "guess"})
    assert (
        client.post("/account/confirm-password", data={"reauth_password": PASSWORD}).status_code
        == 429
    )


def test_the_time_is_configurable(tmp_path, monkeypatch):
    assert load_config(tmp_path)["RECENT_LOGIN"] == timedelta(minutes=15)
    monkeypatch.setenv("TRACKER_REAUTH_MINUTES", "30")
    assert load_config(tmp_path)["RECENT_LOGIN"] == timedelta(minutes=30)
    for bad in ("0", "-5", "ten", "1.5"):
        monkeypatch.setenv("TRACKER_REAUTH_MINUTES", bad)
        with pytest.raises(ConfigError, match="TRACKER_REAUTH_MINUTES"):
            load_config(tmp_path)


def test_a_shorter_setting_applies(app, auth_client, monkeypatch):
    monkeypatch.setitem(app.config, "RECENT_LOGIN", timedelta(minutes=5))
    _entered_minutes_ago(auth_client, 6)
    assert auth_client.get(DOWNLOAD).status_code == 302
