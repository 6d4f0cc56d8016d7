"""Changing the email address (confirmed from the new address), and registration that does not
say whether an email has an account where mail reaches people."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from tests import mail_server
from tests.account_helpers import fresh_user
from tests.helpers import PASSWORD, login, make_user
from tests.routes import snapshot

mailbox = mail_server.mailbox  # a fixture
NEW_EMAIL = "ada.lovelace@example.net"


def _change(client, new_email: str = NEW_EMAIL, password: str = PASSWORD):
    return client.post(
        "/account/email", data={"new_email": new_email, "current_password": password}
    )


def _confirm_path(mailbox, count: int = 1) -> str:
    message = mailbox.wait_for(count)[-1]
    return mail_server.Inbox.link(message, "/account/email/confirm/").removeprefix(
        "http://127.0.0.1:5000"
    )


def test_profile_links_to_the_account_pages(auth_client):
    page = auth_client.get("/profile").get_data(as_text=True)
    for link in ("/account/email", "/account/password", "/account/two-step", "/account/delete"):
        assert f'href="{link}"' in page
    assert ">Change password</a>" in page and ">Change email</a>" in page


def test_a_new_email_is_used_once_confirmed_from_it(app, auth_client, user, mailbox):
    page = auth_client.get("/account/email").get_data(as_text=True)
    assert "New email" in page and "Current password" in page
    refused = _change(auth_client, password="not my password")
    assert refused.status_code == 400
    assert "That is not your current password." in refused.get_data(as_text=True)
    assert _change(auth_client, new_email=user.email.upper()).status_code == 400

    response = _change(auth_client)
    assert response.status_code == 302
    assert f"We sent a link to {NEW_EMAIL}" in auth_client.get("/profile").text
    [message] = mailbox.wait_for(1)
    assert message["To"] == NEW_EMAIL
    # Until the link is opened the old address stays.
    assert fresh_user(app, user.email).email == user.email
    path = _confirm_path(mailbox)
    page = auth_client.get(path)
    assert page.status_code == 200 and NEW_EMAIL in page.text
    assert fresh_user(app, user.email).email == user.email  # opening the page changes nothing
    confirmed = auth_client.post(path)
    assert confirmed.status_code == 302 and confirmed.headers["Location"] == "/profile"
    assert fresh_user(app, NEW_EMAIL).id == user.id
    notice = mailbox.wait_for(2)[1]
    assert notice["To"] == user.email
    assert NEW_EMAIL in mail_server.Inbox.text(notice)
    login(app.test_client(), NEW_EMAIL)
    old = app.test_client().post("/login", data={"email": user.email, "password": PASSWORD})
    assert old.status_code == 400
    assert auth_client.post(path).status_code == 404  # the link worked once


def test_an_address_that_has_an_account_gets_the_same_answer(app, auth_client, user, mailbox):
    other = make_user(app, "taken@example.org")
    response = _change(auth_client, new_email=other.email)
    assert response.status_code == 302
    assert f"We sent a link to {other.email}" in auth_client.get("/profile").text
    [message] = mailbox.wait_for(1)
    assert message["To"] == other.email
    assert "already belongs to an account" in mail_server.Inbox.text(message)
    assert "/account/email/confirm/" not in mail_server.Inbox.text(message)


def test_an_address_taken_before_the_link_is_opened_changes_nothing(
    app, auth_client, user, mailbox
):
    _change(auth_client)
    path = _confirm_path(mailbox)
    make_user(app, NEW_EMAIL)
    before = snapshot(app)
    response = auth_client.post(path)
    assert response.status_code == 400
    assert "Another account uses this address now" in response.text
    assert snapshot(app) == before


def test_an_altered_link_changes_nothing(app, auth_client, mailbox):
    _change(auth_client)
    path = _confirm_path(mailbox)
    before = snapshot(app)
    assert auth_client.post(path[:-2] + "xx").status_code == 404
    assert snapshot(app) == before


# --- Registration where mail reaches people -------------------------------------------------


@pytest.fixture
def registration_by_email(app: Flask) -> Iterator[None]:
    app.config["REGISTRATION_BY_EMAIL"] = True
    yield
    app.config["REGISTRATION_BY_EMAIL"] = False


def test_registration_does_not_say_whether_an_email_has_an_account(
    app, client, user, mailbox, registration_by_email
):
    form = client.get("/register").get_data(as_text=True)
    assert 'name="password"' not in form  # the password comes after the link
    known = client.post("/register", data={"email": user.email})
    unknown = client.post("/register", data={"email": "newcomer@example.org"})
    assert known.status_code == unknown.status_code == 200

    def without(response, email):
        return response.get_data(as_text=True).replace(email, "EMAIL")

    assert without(known, user.email) == without(unknown, "newcomer@example.org")
    messages = mailbox.wait_for(2)
    [existing] = [m for m in messages if m["To"] == user.email]
    assert "You already have an account" in mail_server.Inbox.text(existing)
    assert "/register/finish/" not in mail_server.Inbox.text(existing)
    [invite] = [m for m in messages if m["To"] == "newcomer@example.org"]
    path = mail_server.Inbox.link(invite, "/register/finish/").removeprefix("http://127.0.0.1:5000")

    page = client.get(path)
    assert page.status_code == 200 and "newcomer@example.org" in page.text
    created = client.post(
        path,
        data={
            "password": "mauve kettle on the stairs",
            "confirm_password": "mauve kettle on the stairs",
            "timezone": "Europe/Paris",
        },
    )
    assert created.status_code == 302 and created.headers["Location"] == "/"
    assert fresh_user(app, "newcomer@example.org").timezone == "Europe/Paris"
    assert client.get("/profile").status_code == 200
    assert app.test_client().get(path).status_code == 404  # used


def test_the_finishing_page_applies_the_password_policy(client, mailbox, registration_by_email):
    client.post("/register", data={"email": "newcomer@example.org"})
    [invite] = mailbox.wait_for(1)
    path = mail_server.Inbox.link(invite, "/register/finish/").removeprefix("http://127.0.0.1:5000")
    for password in ("short", "newcomer@example.org", "iloveyou1"):
        response = client.post(path, data={"password": password, "confirm_password": password})
        assert response.status_code == 400
