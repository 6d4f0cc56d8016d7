"""A forgotten password: the same answer for any email, a link by real SMTP that works once for
an hour, limits, links built from TRACKER_PUBLIC_URL, and the operator's `flask reset-link`."""

from __future__ import annotations

import re

from itsdangerous import TimestampSigner

from tests import account_helpers, mail_server
from tests.account_helpers import client_from
from tests.helpers import PASSWORD, login, make_user
from tests.routes import snapshot
from tracker.auth.sessions import REMEMBER_COOKIE

mailbox, rate_limits = mail_server.mailbox, account_helpers.rate_limits  # fixtures
NEW_PASSWORD = "a brand new passphrase"
NEW = {"new_password": NEW_PASSWORD, "confirm_new_password": NEW_PASSWORD}
INVALID = "This link is no longer valid"


def _ask(client, email: str):
    return client.post("/password/forgot", data={"email": email})


def _reset_path(mailbox, to: str, count: int = 1) -> str:
    message = [m for m in mailbox.wait_for(count) if to in m["To"]][-1]
    link = mail_server.Inbox.link(message, "/password/reset/")
    assert link.startswith("http://127.0.0.1:5000/password/reset/")
    return link.removeprefix("http://127.0.0.1:5000")


def test_the_login_page_links_to_the_forgotten_password_page(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'href="/password/forgot">Forgot your password?</a>' in page
    form = client.get("/password/forgot").get_data(as_text=True)
    assert ">Email<" in form and 'value="Send reset link"' in form


def test_the_answer_is_the_same_whether_or_not_the_email_has_an_account(client, user, mailbox):
    known = _ask(client, user.email)
    unknown = _ask(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 200

    def without_email(response, email):
        return response.get_data(as_text=True).replace(email, "EMAIL")

    assert without_email(known, user.email) == without_email(unknown, "nobody@example.org")
    [message] = mailbox.wait_for(1)
    assert message["To"] == user.email
    assert message["Subject"] == "Reset your Magnesium Tracker password"
    assert message["From"] == "Magnesium Tracker <no-reply@127.0.0.1>"
    assert "one hour" in mailbox.text(message)
    assert mailbox.to("nobody@example.org") == []


def test_the_link_sets_a_new_password_once_and_ends_other_sessions(app, client, user, mailbox):
    other_device = app.test_client()
    other_device.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    remembered = other_device.get_cookie(REMEMBER_COOKIE).value
    _ask(client, user.email)
    path = _reset_path(mailbox, user.email)
    page = client.get(path)
    assert page.status_code == 200
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert page.headers["Cache-Control"] == "no-store"
    text = page.get_data(as_text=True)
    assert "New password" in text and "Confirm new password" in text
    assert 'value="Set new password"' in text

    mismatch = client.post(path, data={**NEW, "confirm_new_password": "something else"})
    assert mismatch.status_code == 400
    done = client.post(path, data=NEW)
    assert done.status_code == 302 and done.headers["Location"] == "/"
    assert "Your new password is set and you are logged in" in client.get("/").text
    assert client.get("/profile").status_code == 200  # logged in by the reset
    assert other_device.get("/profile").status_code == 302  # every other session ended
    stale = app.test_client()
    stale.set_cookie(REMEMBER_COOKIE, remembered)
    assert stale.get("/profile").status_code == 302
    # The old password no longer works; the new one does.
    assert (
        app.test_client()
        .post("/login", data={"email": user.email, "password": PASSWORD})
        .status_code
        == 400
    )
    login(app.test_client(), user.email, NEW_PASSWORD)
    # The link works once.
    again = app.test_client().get(path)
    assert again.status_code == 404
    assert INVALID in again.get_data(as_text=True)
    assert 'href="/password/forgot"' in again.get_data(as_text=True)
    assert app.test_client().post(path, data=NEW).status_code == 404
    # The owner is told.
    notice = mailbox.wait_for(2)[1]
    assert notice["Subject"] == "Your Magnesium Tracker password was changed"


def test_the_link_expires_after_an_hour(app, client, user, mailbox, monkeypatch):
    _ask(client, user.email)
    path = _reset_path(mailbox, user.email)
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real(self) + 3540)
    assert client.get(path).status_code == 200
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real(self) + 3601)
    before = snapshot(app)
    assert client.get(path).status_code == 404
    assert client.post(path, data=NEW).status_code == 404
    assert snapshot(app) == before


def test_the_link_dies_when_the_password_changes(app, client, user, mailbox):
    _ask(client, user.email)
    path = _reset_path(mailbox, user.email)
    owner = app.test_client()
    login(owner, user.email)
    changed = owner.post(
        "/account/password",
        data={"current_password": PASSWORD, **NEW},
    )
    assert changed.status_code == 302
    assert client.get(path).status_code == 404


def test_an_altered_link_is_refused(app, client, user, mailbox):
    _ask(client, user.email)
    path = _reset_path(mailbox, user.email)
    before = snapshot(app)
    # Not the last character: its low bits are base64 padding, and changing only those leaves
    # the signature as it was (the test then failed one run in a few).
    flipped = path[:-5] + ("A" if path[-5] != "A" else "B") + path[-4:]
    for altered in (flipped, path + "x", path[:-10]):
        assert client.get(altered).status_code == 404
        assert client.post(altered, data=NEW).status_code == 404
    assert snapshot(app) == before


def test_the_link_ignores_the_host_header(app, user, mailbox):
    # Password-reset poisoning: the Host header is the attacker's choice.
    attacker = app.test_client()
    attacker.post(
        "/password/forgot",
        data={"email": user.email},
        headers={"Host": "evil.example", "X-Forwarded-Host": "evil.example"},
    )
    [message] = mailbox.wait_for(1)
    assert "evil.example" not in mailbox.text(message)
    app.config["PUBLIC_URL"] = "https://tracker.example.org/mg"
    try:
        attacker.post("/password/forgot", data={"email": user.email})
        second = mailbox.wait_for(2)[1]
    finally:
        app.config["PUBLIC_URL"] = "http://127.0.0.1:5000"
    assert mail_server.Inbox.link(second, "/password/reset/").startswith(
        "https://tracker.example.org/mg/password/reset/"
    )


def test_reset_requests_are_limited_per_address_and_per_email(app, user, rate_limits, mailbox):
    rate_limits["MAIL_TO_ADDRESS_RATE_LIMIT"] = "2 per hour"
    rate_limits["MAIL_REQUEST_RATE_LIMIT"] = "4 per hour"
    for number in range(2):
        assert _ask(client_from(app, f"203.0.113.{number + 1}"), user.email).status_code == 200
    # A third request for the same email, from anywhere, is refused: no third message.
    assert _ask(client_from(app, "203.0.113.9"), user.email).status_code == 429
    one_address = client_from(app, "198.51.100.1")
    for number in range(4):
        assert _ask(one_address, f"someone{number}@example.org").status_code == 200
    assert _ask(one_address, "someone-else@example.org").status_code == 429
    assert len(mailbox.wait_for(2)) == 2
    assert len(mailbox.to(user.email)) == 2


def test_reset_link_command_prints_a_working_link(app, runner, user):
    result = runner.invoke(args=["reset-link", user.email.upper()])
    assert result.exit_code == 0, result.output
    link = re.search(r"http://127\.0\.0\.1:5000(/password/reset/\S+)", result.output).group(1)
    assert "works once, for one hour" in result.output
    client = app.test_client()
    assert client.post(link, data=NEW).status_code == 302
    login(app.test_client(), user.email, NEW_PASSWORD)
    unknown = runner.invoke(args=["reset-link", "nobody@example.org"])
    assert unknown.exit_code != 0
    assert "No account has the email nobody@example.org" in unknown.output


def test_a_reset_sets_a_password_under_the_same_policy(app, client, user, mailbox):
    make_user(app, "second@example.org")
    _ask(client, user.email)
    path = _reset_path(mailbox, user.email)
    for password, message in (
        ("short", "Use at least 8 characters."),
        ("x" * 201, "Use at most 200 characters."),
        ("password1", "list of common passwords"),
        (user.email, "not your email address"),
    ):
        response = client.post(
            path, data={"new_password": password, "confirm_new_password": password}
        )
        assert response.status_code == 400
        assert message in response.get_data(as_text=True), password
    assert client.get(path).status_code == 200  # nothing was used up
