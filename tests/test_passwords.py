"""Password hashing (argon2id, OWASP's parameters; older hashes upgraded at login) and changing
the password."""

from __future__ import annotations

import pytest
from werkzeug.security import generate_password_hash

from tests import mail_server
from tests.account_helpers import fresh_user
from tests.helpers import PASSWORD, login
from tracker.auth.hashing import Hasher
from tracker.auth.sessions import REMEMBER_COOKIE
from tracker.extensions import db
from tracker.models import User

mailbox = mail_server.mailbox  # a fixture
NEW_PASSWORD = "a brand new passphrase"


def test_the_production_default_is_argon2id_with_owasps_parameters():
    production = Hasher("argon2id")
    stored = production.hash(PASSWORD)
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert production.verify(stored, PASSWORD)
    assert not production.verify(stored, PASSWORD + "!")
    assert not production.needs_rehash(stored)
    assert production.needs_rehash(Hasher("argon2id:m=8,t=1,p=1").hash(PASSWORD))


@pytest.mark.parametrize("stored", ["", "plain text", "$argon2id$v=19$broken", "pbkdf2:sha256:x$y"])
def test_a_damaged_hash_never_matches(stored):
    assert Hasher("argon2id:m=8,t=1,p=1").verify(stored, PASSWORD) is False


@pytest.mark.parametrize("method", ["scrypt", "pbkdf2:sha256:1000", "argon2id:m=16,t=1,p=1"])
def test_an_older_hash_is_upgraded_at_the_next_successful_login(app, user, method):
    with app.app_context():
        row = db.session.get(User, user.id)
        row.password_hash = (
            Hasher(method).hash(PASSWORD)
            if method.startswith("argon2id")
            else generate_password_hash(PASSWORD, method=method)
        )
        db.session.commit()
        old = row.password_hash
    failed = app.test_client().post("/login", data={"email": user.email, "password": "nope"})
    assert failed.status_code == 400
    assert fresh_user(app, user.email).password_hash == old  # a wrong password changes nothing
    login(app.test_client(), user.email)
    upgraded = fresh_user(app, user.email).password_hash
    assert upgraded != old and upgraded.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    login(app.test_client(), user.email)


def test_change_password(app, user, mailbox):
    here = app.test_client()
    login(here, user.email)
    elsewhere = app.test_client()
    elsewhere.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    remembered = elsewhere.get_cookie(REMEMBER_COOKIE).value
    page = here.get("/account/password").get_data(as_text=True)
    for label in ("Current password", "New password", "Confirm new password"):
        assert f">{label}</label>" in page
    assert 'value="Change password"' in page

    wrong = here.post(
        "/account/password",
        data={"current_password": "not it", "new_password": NEW_PASSWORD,
              "confirm_new_password": NEW_PASSWORD},
    )  # fmt: skip
    assert wrong.status_code == 400
    assert "That is not your current password." in wrong.text
    common = here.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "password1",
              "confirm_new_password": "password1"},
    )  # fmt: skip
    assert common.status_code == 400 and "list of common passwords" in common.text
    too_long = here.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "x" * 201,
              "confirm_new_password": "x" * 201},
    )  # fmt: skip
    assert "Use at most 200 characters." in too_long.text
    assert "at least" not in too_long.text
    assert elsewhere.get("/profile").status_code == 200  # refusals change nothing

    done = here.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD,
              "confirm_new_password": NEW_PASSWORD},
    )  # fmt: skip
    assert done.status_code == 302
    profile = here.get("/profile")
    assert profile.status_code == 200  # this one lives, and says so
    assert "Every other device where you were logged in is now logged out" in profile.text
    assert elsewhere.get("/profile").status_code == 302
    stale = app.test_client()
    stale.set_cookie(REMEMBER_COOKIE, remembered)
    assert stale.get("/profile").status_code == 302
    login(app.test_client(), user.email, NEW_PASSWORD)
    [notice] = mailbox.wait_for(1)
    assert notice["Subject"] == "Your Magnesium Tracker password was changed"


def test_a_remembered_login_stays_remembered_after_a_password_change(app, user):
    client = app.test_client()
    client.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD,
              "confirm_new_password": NEW_PASSWORD},
    )  # fmt: skip
    reopened = app.test_client()
    reopened.set_cookie(REMEMBER_COOKIE, client.get_cookie(REMEMBER_COOKIE).value)
    assert reopened.get("/profile").status_code == 200
