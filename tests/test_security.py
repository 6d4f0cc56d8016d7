"""Security: rate limits, sessions, cookies and the password policy."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator

import pytest
from flask import Flask

from tests.helpers import PASSWORD, login, make_user
from tracker.auth.forms import MIN_PASSWORD_LENGTH
from tracker.auth.passwords import COMMON_PASSWORDS_FILE, common_passwords
from tracker.auth.sessions import REMEMBER_COOKIE, parse_login_id
from tracker.extensions import db, limiter
from tracker.models import User

NEW_PASSWORD = "mauve kettle on the stairs"


@pytest.fixture
def rate_limits(app: Flask) -> Iterator[None]:
    """Turn rate limits on for one test, on a fresh count, then restore the suite's setting."""
    previous = app.config["RATE_LIMITS_ENABLED"]
    app.config["RATE_LIMITS_ENABLED"] = True
    limiter.reset()
    yield
    limiter.reset()
    app.config["RATE_LIMITS_ENABLED"] = previous


@pytest.fixture
def limits(app: Flask) -> Iterator[dict]:
    """Let a test change a limit (e.g. LOGIN_ACCOUNT_RATE_LIMIT) for itself."""
    saved = {key: app.config[key] for key in app.config if key.endswith("_RATE_LIMIT")}
    yield app.config
    app.config.update(saved)


def _client_from(app: Flask, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _users(app: Flask) -> list[User]:
    with app.app_context():
        return list(db.session.execute(db.select(User)).scalars())


def _csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


# --- Rate limits --------------------------------------------------------------------------


def test_defaults_match_the_documented_limits(app):
    from tracker.config import load_config

    config = load_config(__import__("pathlib").Path(app.instance_path))
    assert config["LOGIN_RATE_LIMIT"] == "10 per minute"
    assert config["LOGIN_ACCOUNT_RATE_LIMIT"] == "50 per hour"
    assert config["REGISTER_RATE_LIMIT"] == "20 per hour"
    assert config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert config["RATE_LIMITS_ENABLED"] is True


def test_rate_limit_settings_come_from_the_environment(tmp_path, monkeypatch):
    from tracker.config import load_config

    monkeypatch.setenv("TRACKER_RATELIMIT_STORAGE_URI", "redis://cache.internal:6379/0")
    monkeypatch.setenv("TRACKER_LOGIN_RATE_LIMIT", "5 per minute")
    monkeypatch.setenv("TRACKER_RATELIMIT_ENABLED", "0")
    monkeypatch.setenv("TRACKER_TRUSTED_PROXIES", "1")
    config = load_config(tmp_path)
    assert config["RATELIMIT_STORAGE_URI"] == "redis://cache.internal:6379/0"
    assert config["LOGIN_RATE_LIMIT"] == "5 per minute"
    assert config["RATE_LIMITS_ENABLED"] is False
    assert config["TRUSTED_PROXIES"] == 1


def test_ten_failed_logins_from_one_address_then_429(app, user, rate_limits):
    attacker = _client_from(app, "203.0.113.7")
    for _ in range(10):
        response = attacker.post("/login", data={"email": user.email, "password": "guess-123"})
        assert response.status_code == 400
    # The eleventh attempt is refused before the password is even checked, right or wrong.
    blocked = attacker.post("/login", data={"email": user.email, "password": PASSWORD})
    assert blocked.status_code == 429
    page = blocked.get_data(as_text=True)
    assert "Too many attempts" in page
    assert "please wait a minute" in page
    assert 0 < int(blocked.headers["Retry-After"]) <= 60
    assert "Content-Security-Policy" in blocked.headers
    # The login page itself still opens, and another address is not affected.
    assert attacker.get("/login").status_code == 200
    login(_client_from(app, "198.51.100.20"), user.email)


def test_successful_logins_do_not_count(app, user, rate_limits):
    client = _client_from(app, "203.0.113.8")
    for _ in range(12):
        login(client, user.email)
        client.post("/logout")
    for _ in range(9):
        assert client.post("/login", data={"email": user.email, "password": "x"}).status_code == 400
    login(client, user.email)


def test_failed_logins_for_one_account_are_limited_across_addresses(
    app, user, other_user, rate_limits, limits
):
    limits["LOGIN_ACCOUNT_RATE_LIMIT"] = "5 per hour"
    for attempt in range(5):
        client = _client_from(app, f"203.0.113.{attempt + 1}")
        response = client.post("/login", data={"email": user.email.upper(), "password": "nope"})
        assert response.status_code == 400
    fresh_address = _client_from(app, "198.51.100.99")
    blocked = fresh_address.post("/login", data={"email": user.email, "password": PASSWORD})
    assert blocked.status_code == 429
    assert "wait an hour" in blocked.get_data(as_text=True)
    # Other accounts can still log in from that address.
    login(fresh_address, other_user.email)


def test_registration_is_limited_per_address(app, rate_limits):
    client = _client_from(app, "203.0.113.50")
    for number in range(20):
        response = client.post(
            "/register",
            data={"email": f"p{number}@example.org", "password": "short", "confirm_password": ""},
        )
        assert response.status_code == 400
    blocked = client.post(
        "/register",
        data={
            "email": "real@example.org",
            "password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert blocked.status_code == 429
    assert _users(app) == []
    assert client.get("/register").status_code == 200


def test_limits_are_off_in_the_rest_of_the_suite(app, user):
    client = _client_from(app, "203.0.113.9")
    for _ in range(15):
        client.post("/login", data={"email": user.email, "password": "wrong"})
    login(client, user.email)


def test_proxy_headers_are_trusted_only_when_configured(tmp_path):
    from tracker import create_app

    behind_proxy = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite3'}",
            "TRUSTED_PROXIES": 1,
        }
    )

    @behind_proxy.get("/_address")
    def _address():
        from flask import request

        return request.remote_addr or ""

    proxied = behind_proxy.test_client().get("/_address", headers={"X-Forwarded-For": "192.0.2.44"})
    assert proxied.get_data(as_text=True) == "192.0.2.44"


# --- Sessions and cookies -----------------------------------------------------------------


def test_login_starts_a_new_session(app, client, user):
    with client.session_transaction() as before:
        before["planted"] = "by someone else"
    login(client, user.email)
    with client.session_transaction() as after:
        assert "planted" not in after
        login_id = parse_login_id(after["_user_id"])
    with app.app_context():
        fresh = db.session.get(User, user.id)
        assert (login_id.user_id, login_id.session_token) == (fresh.id, fresh.session_token)


def test_a_csrf_token_from_before_login_is_not_valid_after(app, client, user, csrf_enabled):
    token_before = _csrf_token(client.get("/login").get_data(as_text=True))
    ok = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token_before}
    )
    assert ok.status_code == 302
    reused = client.post("/logout", data={"csrf_token": token_before})
    assert reused.status_code == 400
    assert client.get("/profile").status_code == 200


def test_logout_ends_the_session(app, client, user):
    login(client, user.email)
    assert client.get("/profile").status_code == 200
    client.post("/logout")
    assert client.get("/profile").status_code == 302
    with client.session_transaction() as after:
        assert "_user_id" not in after


def test_a_cookie_copied_before_logout_no_longer_authenticates(app, client, user):
    login(client, user.email)
    stolen = client.get_cookie("session").value
    other_device = app.test_client()
    login(other_device, user.email)
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get("/profile").status_code == 200
    client.post("/logout")
    assert replay.get("/profile").status_code == 302
    # Logging out ends the account's sessions everywhere, remember-me cookies included.
    assert other_device.get("/profile").status_code == 302
    login(client, user.email)
    assert client.get("/profile").status_code == 200


@pytest.mark.parametrize("session_id", ["1", "1.x", "x.0", "99999999999.0", "", ".", "1.0"])
def test_malformed_session_ids_are_anonymous(app, user, session_id):
    from tracker.auth.views import load_user

    with app.app_context():
        assert load_user(session_id) is None


def _set_cookie_headers(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


def test_session_cookie_is_httponly_and_samesite_lax(app, client, user):
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "remember": "y"}
    )
    cookies = {header.split("=", 1)[0]: header for header in _set_cookie_headers(response)}
    for name in ("session", REMEMBER_COOKIE, "known_device"):
        assert "HttpOnly" in cookies[name]
        assert "SameSite=Lax" in cookies[name]
        assert "Secure" not in cookies[name]


def test_secure_cookies_when_configured(tmp_path, monkeypatch):
    from tracker.config import load_config

    monkeypatch.setenv("TRACKER_SECURE_COOKIES", "1")
    assert load_config(tmp_path)["SESSION_COOKIE_SECURE"] is True
    monkeypatch.setenv("TRACKER_SECURE_COOKIES", "0")
    assert load_config(tmp_path)["SESSION_COOKIE_SECURE"] is False


def test_secure_flag_reaches_the_cookie(app, client, user):
    app.config["SESSION_COOKIE_SECURE"] = True
    try:
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    finally:
        app.config["SESSION_COOKIE_SECURE"] = False
    [session_cookie] = [h for h in _set_cookie_headers(response) if h.startswith("session=")]
    assert "; Secure" in session_cookie


# --- Passwords ----------------------------------------------------------------------------


def _register(client, email: str, password: str):
    return client.post(
        "/register", data={"email": email, "password": password, "confirm_password": password}
    )


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("a" * (MIN_PASSWORD_LENGTH - 1), False),  # 7: too short
        ("mauvekit", True),  # 8, not common
        ("password1", False),
        ("PassWord1", False),  # the list is compared without case
        ("  trustno1  ", False),
        ("basketball", False),
        ("12345678", False),
        ("new@example.org", False),  # the email itself
        ("magnesium", False),  # the name of the service
        ("mauve kettle on the stairs", True),
        ("correcthorsebatterystaple" * 2 + "🦴", True),  # long, any characters
        ("alllowercasenodigits", True),  # no composition rules
    ],
)
def test_password_policy(app, client, password, accepted):
    response = _register(client, "new@example.org", password)
    assert (response.status_code == 302) is accepted, response.get_data(as_text=True)
    assert len(_users(app)) == (1 if accepted else 0)


def test_common_password_message_is_plain(client):
    page = _register(client, "new@example.org", "iloveyou1").get_data(as_text=True)
    assert "list of common passwords" in page
    # No composition advice (NIST SP 800-63B): never ask for digits, symbols or capitals.
    for rule in ("uppercase", "capital", "symbol", "special character", "a digit"):
        assert rule not in page.lower()


def test_common_password_list_is_shipped_with_its_provenance():
    passwords = common_passwords()
    assert len(passwords) == 8354
    assert all(len(p) >= MIN_PASSWORD_LENGTH and p == p.lower() for p in passwords)
    provenance = json.loads(
        COMMON_PASSWORDS_FILE.with_name("common_passwords.provenance.json").read_text()
    )
    assert provenance["sha256"] == hashlib.sha256(COMMON_PASSWORDS_FILE.read_bytes()).hexdigest()
    licence = COMMON_PASSWORDS_FILE.with_name("common_passwords.LICENSE").read_text()
    assert "Copyright (c) Django Software Foundation" in licence


def test_registering_a_taken_email_does_not_say_so(app, client, user):
    taken = _register(client, user.email.upper(), NEW_PASSWORD)
    assert taken.status_code == 400
    errors = re.findall(r'<p class="error"[^>]*>(.*?)</p>', taken.get_data(as_text=True))
    assert errors, "the refusal is explained next to the field"
    for giveaway in ("already", "exists", "taken", "in use", "registered"):
        assert giveaway not in " ".join(errors).lower()
    assert len(_users(app)) == 1


def test_the_password_of_a_taken_email_is_hashed_too(app, client, user, monkeypatch):
    # Same work either way, so the response time does not tell whether the email is known.
    from tracker.auth.hashing import Hasher

    calls = []
    real = Hasher.hash
    monkeypatch.setattr(Hasher, "hash", lambda *a, **k: calls.append(1) or real(*a, **k))
    _register(client, user.email, NEW_PASSWORD)
    _register(client, "fresh@example.org", NEW_PASSWORD)
    assert len(calls) == 2


def test_login_and_registration_never_confirm_an_account(app, client, user):
    wrong = client.post("/login", data={"email": user.email, "password": "not it at all"})
    unknown = client.post("/login", data={"email": "nobody@example.org", "password": "whatever"})
    strip = re.compile(r'value="[^"]*"')
    assert strip.sub("", wrong.get_data(as_text=True)) == strip.sub(
        "", unknown.get_data(as_text=True)
    )


def test_make_user_passwords_are_not_common(app):
    made = make_user(app, "helper@example.org")
    assert PASSWORD not in common_passwords()
    assert made.email == "helper@example.org"


# --- Input no field can use ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ([1, 2], 400),
        (True, 400),
        ({"email": ["a@example.org"], "password": PASSWORD}, 400),
        ({"email": "ada@example.org", "password": 12345678}, 400),
        ({"email": "ada@example.org", "password": PASSWORD}, 302),  # a flat object is a form
    ],
)
def test_json_bodies_must_be_flat_objects_of_text(client, user, body, status):
    response = client.post("/login", data=json.dumps(body), content_type="application/json")
    assert response.status_code == status


def test_malformed_json_is_400(client, user):
    response = client.post("/login", data="{nope", content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize("field", ["display_name"])
def test_control_characters_are_a_form_error(app, auth_client, field):
    response = auth_client.post(
        "/profile", data={field: "Ada\x00", "timezone": "UTC", "reproductive_status": "none"}
    )
    assert response.status_code == 400
    assert "Use letters, numbers and punctuation only." in response.get_data(as_text=True)
    assert [u.display_name for u in _users(app)] == [None]


def test_a_value_the_database_refuses_is_a_400_and_changes_nothing(app, auth_client, monkeypatch):
    # A backstop for values a form lets through but the database refuses (on PostgreSQL: NUL
    # in text, integers out of range): rolled back, and a plain 400, never a 500.
    from sqlalchemy.exc import DataError

    from tracker.auth import operations

    def refuse(*args, **kwargs):
        raise DataError("UPDATE users ...", {}, Exception("value out of range"))

    monkeypatch.setattr(operations.db.session, "commit", refuse)
    response = auth_client.post(
        "/profile", data={"display_name": "Ada", "timezone": "UTC", "reproductive_status": "none"}
    )
    assert response.status_code == 400
    assert "could not be understood" in response.get_data(as_text=True)
    monkeypatch.undo()
    assert [u.display_name for u in _users(app)] == [None]


def test_common_password_list_is_reproduced_from_its_source(tmp_path):
    import importlib.util

    script = COMMON_PASSWORDS_FILE.parents[2] / "scripts" / "build_common_passwords.py"
    spec = importlib.util.spec_from_file_location("build_common_passwords", script)
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    wheel = builder.CACHE / builder.WHEEL_NAME
    if not wheel.exists():
        reason = f"{wheel.name} not in .cache/ (python scripts/build_common_passwords.py)"
        if os.environ.get("TRACKER_REQUIRE_PASSWORD_SOURCE") == "1":
            pytest.fail(reason + "; TRACKER_REQUIRE_PASSWORD_SOURCE=1 requires it")
        pytest.skip(reason)
    data, provenance = builder.build(wheel, tmp_path)
    assert data.read_bytes() == COMMON_PASSWORDS_FILE.read_bytes()
    assert provenance.read_bytes() == COMMON_PASSWORDS_FILE.with_name(provenance.name).read_bytes()
