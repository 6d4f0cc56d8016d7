"""Sessions: the account-takeover regression, remember-me lifetime, the session-validity rule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.helpers import PASSWORD, login, make_user
from tracker.auth import sessions
from tracker.auth.sessions import REMEMBER_COOKIE, login_conditions, parse_login_id
from tracker.extensions import db
from tracker.models import Food, User, utcnow

NEW_PASSWORD = "mauve kettle on the stairs"


def _saved_cookies(client: FlaskClient) -> dict[str, str]:
    return {
        name: cookie.value
        for name in ("session", REMEMBER_COOKIE)
        if (cookie := client.get_cookie(name)) is not None
    }


def _replay(app: Flask, cookies: dict[str, str]) -> FlaskClient:
    replay = app.test_client()
    for name, value in cookies.items():
        replay.set_cookie(name, value)
    return replay


def _is_logged_out(client: FlaskClient) -> bool:
    response = client.get("/profile")
    return response.status_code == 302 and response.headers["Location"].startswith("/login")


def _user(app: Flask, email: str) -> User:
    with app.app_context():
        found = db.session.execute(db.select(User).filter_by(email=email)).scalar_one()
        db.session.expunge(found)
        return found


def test_a_deleted_accounts_cookies_never_open_the_next_account(app):
    """The attack of issue 10, step by step: every saved cookie gets the login page."""
    make_user(app, "earlier@example.org")
    attacker = make_user(app, "attacker@example.org")  # the newest account
    saved: list[dict[str, str]] = []
    for _ in range(4):
        device = app.test_client()
        response = device.post(
            "/login", data={"email": attacker.email, "password": PASSWORD, "remember": "y"}
        )
        assert response.status_code == 302
        saved.append(_saved_cookies(device))
        assert REMEMBER_COOKIE in saved[-1]
        device.post("/logout")  # a new session token: the next cookies are another "version"
    last = app.test_client()
    last.post("/login", data={"email": attacker.email, "password": PASSWORD, "remember": "y"})
    saved.append(_saved_cookies(last))
    deleted = last.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert deleted.status_code == 302

    victim = app.test_client()
    registered = victim.post(
        "/register",
        data={
            "email": "next@example.org",
            "password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert registered.status_code == 302
    victim.post("/logout")
    login(victim, "next@example.org", NEW_PASSWORD)
    newcomer = _user(app, "next@example.org")
    assert newcomer.id > attacker.id, "ids are never reused"

    for cookies in saved:
        for only in ({"session"}, {REMEMBER_COOKIE}, {"session", REMEMBER_COOKIE}):
            replay = _replay(app, {k: v for k, v in cookies.items() if k in only})
            assert _is_logged_out(replay), (only, cookies)
            assert replay.get("/export").status_code == 302
    assert victim.get("/profile").status_code == 200


def test_ids_are_never_reused(app):
    first = make_user(app, "first@example.org")
    newest = make_user(app, "newest@example.org")
    with app.app_context():
        db.session.execute(db.delete(User).where(User.id == newest.id))
        db.session.commit()
    again = make_user(app, "again@example.org")
    assert again.id > newest.id > first.id


def test_a_login_id_of_an_old_token_opens_nothing_even_with_the_same_id(app, user):
    # The rule does not trust ids alone: an id with any other token is refused.
    expiry = int((utcnow() + timedelta(hours=1)).timestamp())
    with app.app_context():
        fresh = db.session.get(User, user.id)
        assert sessions.user_for_login_id(f"{user.id}.{fresh.session_token}.{expiry}") == fresh
        other_token = "A" * 43
        assert sessions.user_for_login_id(f"{user.id}.{other_token}.{expiry}") is None


def test_the_typeahead_applies_the_same_rule(app, user):
    """The food search reads the login id itself, in one query: old cookies get no custom foods."""
    client = app.test_client()
    login(client, user.email)
    with app.app_context():
        db.session.add(Food(owner_id=user.id, name="Zzyzx seed bar", magnesium_ug_per_100g=1))
        db.session.commit()
    stolen = _saved_cookies(client)

    def custom_names(who: FlaskClient) -> list[str]:
        body = who.get("/api/foods?q=zzyzx").get_json()
        return [food["name"] for food in body["results"] if food["custom"]]

    assert custom_names(_replay(app, stolen)) == ["Zzyzx seed bar"]
    client.post("/logout")
    assert custom_names(_replay(app, stolen)) == []


TOKEN = "A" * 43


@pytest.mark.parametrize(
    "value",
    [
        None, "", "1", "1.0", "1.x.2", f"0.{TOKEN}.9999999999", f"1.{TOKEN}.99",
        f"1.{TOKEN[:-1]}.9999999999", f"1.{TOKEN}.9999999999 ", f"١.{TOKEN}.9999999999",
    ],
)  # fmt: skip
def test_malformed_login_ids_match_no_rule(app, value):
    assert parse_login_id(value) is None or login_conditions(value) is None


def _remembered_client(app: Flask, user: User) -> tuple[FlaskClient, dict[str, str]]:
    client = app.test_client()
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "remember": "y"}
    )
    assert response.status_code == 302
    return client, _saved_cookies(client)


def test_remember_me_works_in_a_new_browser_session(app, user):
    _, cookies = _remembered_client(app, user)
    # The browser was closed: the session cookie is gone, the remember-me cookie is sent.
    reopened = _replay(app, {REMEMBER_COOKIE: cookies[REMEMBER_COOKIE]})
    assert reopened.get("/profile").status_code == 200
    assert reopened.get("/export").status_code == 200  # the session now carries the login


def test_remember_me_is_refused_after_its_lifetime(app, user, monkeypatch):
    _, cookies = _remembered_client(app, user)
    lifetime = app.config["REMEMBER_LIFETIME"]
    assert lifetime == timedelta(days=30)
    start = utcnow()
    monkeypatch.setattr(sessions, "utcnow", lambda: start + lifetime - timedelta(minutes=1))
    assert (
        _replay(app, {REMEMBER_COOKIE: cookies[REMEMBER_COOKIE]}).get("/profile").status_code == 200
    )
    monkeypatch.setattr(sessions, "utcnow", lambda: start + lifetime + timedelta(minutes=1))
    for only in ({REMEMBER_COOKIE}, {"session"}, {"session", REMEMBER_COOKIE}):
        replay = _replay(app, {k: v for k, v in cookies.items() if k in only})
        assert _is_logged_out(replay), only


def test_a_login_without_remember_me_lasts_a_day(app, user, monkeypatch):
    client = app.test_client()
    login(client, user.email)
    assert REMEMBER_COOKIE not in _saved_cookies(client)
    start = utcnow()
    monkeypatch.setattr(sessions, "utcnow", lambda: start + timedelta(hours=23))
    assert client.get("/profile").status_code == 200
    monkeypatch.setattr(sessions, "utcnow", lambda: start + timedelta(hours=25))
    assert _is_logged_out(client)


def test_a_tampered_remember_me_cookie_is_refused_and_deleted(app, user):
    _, cookies = _remembered_client(app, user)
    value = cookies[REMEMBER_COOKIE]
    tampered = _replay(
        app, {REMEMBER_COOKIE: value[:-3] + ("AAA" if value[-3:] != "AAA" else "BBB")}
    )
    response = tampered.get("/profile")
    assert response.status_code == 302
    assert any(h.startswith(f"{REMEMBER_COOKIE}=;") for h in response.headers.getlist("Set-Cookie"))


def test_remember_me_cookie_is_secure_when_configured(app, user):
    app.config["SESSION_COOKIE_SECURE"] = True
    try:
        response = app.test_client().post(
            "/login", data={"email": user.email, "password": PASSWORD, "remember": "y"}
        )
    finally:
        app.config["SESSION_COOKIE_SECURE"] = False
    cookies = {h.split("=", 1)[0]: h for h in response.headers.getlist("Set-Cookie")}
    for name in ("session", REMEMBER_COOKIE, "known_device"):
        assert "; Secure" in cookies[name], name
        assert "HttpOnly" in cookies[name]
    assert "Max-Age=2592000" in cookies[REMEMBER_COOKIE]  # 30 days, stated


def test_logging_in_without_remember_me_drops_an_old_remember_cookie(app, user):
    client, _ = _remembered_client(app, user)
    client.post("/logout")
    assert client.get_cookie(REMEMBER_COOKIE) is None
    _remembered_client(app, user)
    again = app.test_client()
    login(again, user.email)
    assert again.get_cookie(REMEMBER_COOKIE) is None
