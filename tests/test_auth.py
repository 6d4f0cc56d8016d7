"""Accounts: register, log in, log out, profile."""

from __future__ import annotations

import re

import pytest

from tests.helpers import PASSWORD, login, make_user
from tracker.auth.hashing import hasher
from tracker.extensions import db
from tracker.models import User


def _users(app) -> list[User]:
    with app.app_context():
        return list(db.session.execute(db.select(User)).scalars())


def test_register_lands_on_today_and_can_log(app, client):
    response = client.post(
        "/register",
        data={
            "email": " New.Person@Example.org ",
            "password": PASSWORD,
            "confirm_password": PASSWORD,
            "timezone": "Europe/Paris",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert 'data-testid="day-total-mg">0<' in page
    assert "General adult Daily Value" in page
    assert "Add your year and month of birth and sex</a> to compare" in page
    [user] = _users(app)
    assert user.email == "new.person@example.org"
    assert user.timezone == "Europe/Paris"
    assert user.password_hash.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    with app.app_context():
        assert hasher().verify(user.password_hash, PASSWORD)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "", "password": PASSWORD, "confirm_password": PASSWORD}, "Enter your email"),
        (
            {"email": "not-an-email", "password": PASSWORD, "confirm_password": PASSWORD},
            "Enter an email address such as",
        ),
        (
            {"email": "a@example.org", "password": "short", "confirm_password": "short"},
            "at least 8",
        ),
        (
            {"email": "a@example.org", "password": PASSWORD, "confirm_password": "different!"},
            "do not match",
        ),
        (
            {"email": "a@example.org", "password": "x" * 201, "confirm_password": "x" * 201},
            "Use at most 200 characters",
        ),
        (
            {
                "email": "a" * 250 + "@example.org",
                "password": PASSWORD,
                "confirm_password": PASSWORD,
            },
            "email",
        ),
    ],
)
def test_register_rejects_bad_input(app, client, data, message):
    response = client.post("/register", data=data)
    assert response.status_code == 400
    assert message.lower() in response.get_data(as_text=True).lower()
    assert _users(app) == []


def test_register_twice_does_not_create_a_second_account(app, client, user):
    response = client.post(
        "/register",
        data={"email": "ADA@example.org", "password": PASSWORD, "confirm_password": PASSWORD},
    )
    assert response.status_code == 400
    assert len(_users(app)) == 1


def test_register_ignores_an_unknown_time_zone(app, client):
    client.post(
        "/register",
        data={
            "email": "tz@example.org",
            "password": PASSWORD,
            "confirm_password": PASSWORD,
            "timezone": "Mars/Olympus_Mons",
        },
    )
    assert _users(app)[0].timezone == "UTC"


def test_login_and_logout(client, user):
    assert client.get("/profile").status_code == 302
    login(client, "ADA@example.org")
    assert client.get("/profile").status_code == 200
    response = client.post("/logout")
    assert response.status_code == 302
    assert client.get("/profile").status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_message(client, user):
    wrong = client.post("/login", data={"email": user.email, "password": "wrong password"})
    unknown = client.post("/login", data={"email": "nobody@example.org", "password": "whatever1"})
    assert wrong.status_code == unknown.status_code == 400
    message = "That email and password do not match an account."
    assert message in wrong.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)


def test_login_only_follows_local_next_urls(client, user):
    response = client.post(
        "/login?next=https://evil.example/", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = client.post("/login?next=/profile", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/profile"


@pytest.mark.parametrize(
    "path", ["/", "/welcome", "/about", "/login", "/register", "/api/foods?q=kale"]
)
def test_public_pages_need_no_login(client, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/profile", "/day/2026-01-01", "/foods/mine", "/entries/1/edit"])
def test_private_pages_need_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_profile_selects_the_reference_row(app, auth_client):
    response = auth_client.post(
        "/profile",
        data={
            "birth_year": "1960",
            "birth_month": "5",
            "sex": "female",
            "reproductive_status": "none",
            "timezone": "America/New_York",
            "kidney_condition": "y",
            "display_name": "Ada",
        },
    )
    assert response.status_code == 302
    page = auth_client.get("/").get_data(as_text=True)
    assert "Women 51 and older: 320 mg a day (NIH Office of Dietary Supplements)" in page
    [user] = _users(app)
    assert (user.birth_year, user.birth_month, user.sex) == (1960, 5, "female")
    assert user.kidney_condition is True
    assert user.timezone == "America/New_York"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"birth_year": "3000", "birth_month": "1"}, "cannot be in the future"),
        ({"birth_year": "1850", "birth_month": "1"}, "from 1900"),
        ({"birth_year": "abc", "birth_month": "1"}, "Not a valid integer"),
        ({"birth_year": "1980", "birth_month": ""}, "month of birth too"),
        ({"birth_year": "1980", "birth_month": "13"}, "Not a valid choice"),
        ({"sex": "male", "reproductive_status": "pregnant"}, "only with sex set to female"),
        ({"timezone": "Not/AZone"}, "Not a valid choice"),
        ({"display_name": "x" * 81}, "80 characters"),
    ],
)
def test_profile_rejects_bad_input_and_changes_nothing(app, auth_client, changes, message):
    data = {
        "birth_year": "",
        "birth_month": "",
        "sex": "",
        "reproductive_status": "none",
        "timezone": "UTC",
        **changes,
    }
    response = auth_client.post("/profile", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    [user] = _users(app)
    assert (user.birth_year, user.sex, user.timezone) == (None, None, "UTC")


def test_missing_csrf_token_is_refused(app, client, csrf_enabled):
    response = client.post(
        "/register",
        data={"email": "x@example.org", "password": PASSWORD, "confirm_password": PASSWORD},
    )
    assert response.status_code == 400
    assert "Nothing was changed" in response.get_data(as_text=True)
    assert _users(app) == []


def test_forged_csrf_token_is_refused(app, client, user, csrf_enabled):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    ok = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert ok.status_code == 302
    forged = app.test_client().post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token[:-2] + "xx"}
    )
    assert forged.status_code == 400


def test_make_user_factory_sets_profile(app):
    made = make_user(app, "p@example.org", birth_year=1990, birth_month=2, sex="male")
    assert (made.birth_year, made.sex) == (1990, "male")


def test_production_default_is_argon2id(tmp_path, monkeypatch):
    from tracker.config import load_config

    monkeypatch.delenv("TRACKER_SECRET_KEY", raising=False)
    config = load_config(tmp_path)
    assert config["PASSWORD_HASH_METHOD"] == "argon2id"
    # The secret key is generated once, kept private in the instance folder, then reused.
    key_file = tmp_path / "secret_key"
    assert key_file.read_text() == config["SECRET_KEY"]
    assert len(config["SECRET_KEY"]) == 64
    assert key_file.stat().st_mode & 0o077 == 0
    assert load_config(tmp_path)["SECRET_KEY"] == config["SECRET_KEY"]


def test_environment_overrides(tmp_path, monkeypatch):
    from tracker.config import load_config

    monkeypatch.setenv("TRACKER_SECRET_KEY", "from-env")
    monkeypatch.setenv("TRACKER_DATABASE_URL", "postgresql://u:p@db.example/tracker")
    config = load_config(tmp_path)
    assert config["SECRET_KEY"] == "from-env"
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db.example/tracker"
    assert not (tmp_path / "secret_key").exists()
