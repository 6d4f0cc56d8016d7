"""The mail layer: the embedded default (.eml files), real SMTP on loopback, failures, settings,
and absolute links from TRACKER_PUBLIC_URL."""

from __future__ import annotations

import logging
import socket

import pytest

from tests import mail_server
from tests.account_helpers import eml_files, read_eml
from tracker import mail
from tracker.config import ConfigError, load_config
from tracker.urls import external_url

mailbox = mail_server.mailbox  # a fixture


def test_the_embedded_default_writes_one_rfc5322_file_per_message(app, caplog):
    before = set(eml_files(app))
    with app.app_context(), caplog.at_level(logging.WARNING, logger="tracker"):
        assert mail.send("ada@example.org", "First", "Hello,\nfirst message é")
        assert mail.send("ada@example.org", "Second", "second", html="<p>second</p>")
    new = [path for path in eml_files(app) if path not in before]
    assert len(new) == 2
    first, second = (read_eml(path) for path in new)  # sorted by name: newest last
    assert (first["Subject"], second["Subject"]) == ("First", "Second")
    assert first["To"] == "ada@example.org"
    assert first["From"] == "Magnesium Tracker <no-reply@127.0.0.1>"
    assert first["Date"] and first["Message-ID"]
    # CRLF line ends on disk, as RFC 5322 has them on the wire.
    assert new[0].read_bytes().count(b"\r\n") > 5
    assert mail_server.Inbox.text(first) == "Hello,\nfirst message é"
    assert second.get_body(preferencelist=("html",)).get_content().strip() == "<p>second</p>"
    assert all(path.stat().st_mode & 0o077 == 0 for path in new)  # sign-in links inside
    assert not list(new[0].parent.glob(".*.part"))
    logged = [r.getMessage() for r in caplog.records if "written to" in r.getMessage()]
    assert any(str(new[0]) in line for line in logged)


def test_smtp_delivers_over_a_real_socket(app, mailbox):
    with app.app_context():
        assert mail.send("grace@example.org", "Over SMTP", "text", html="<b>html</b>")
    [message] = mailbox.wait_for(1)
    assert message["Subject"] == "Over SMTP"
    assert mailbox.envelopes[0] == ("no-reply@127.0.0.1", ["grace@example.org"])
    assert message.get_body(preferencelist=("html",)).get_content().strip() == "<b>html</b>"


def test_a_mail_server_that_is_down_is_logged_not_a_crash(app, mailbox, caplog):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    app.extensions["mailman"].port = closed_port
    with app.app_context(), caplog.at_level(logging.ERROR, logger="tracker"):
        assert mail.send("ada@example.org", "Lost", "text") is False
    assert "Could not send mail 'Lost' to ada@example.org" in caplog.text


def test_a_reset_request_gets_its_usual_answer_when_the_mail_server_is_down(
    app, client, user, mailbox
):
    app.extensions["mailman"].port = 9  # discard: nothing listens
    response = client.post("/password/forgot", data={"email": user.email})
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)


def test_mail_settings_come_from_the_environment(tmp_path, monkeypatch):
    defaults = load_config(tmp_path)
    assert defaults["MAIL_BACKEND"] == "tracker.mail.EmlFileEmailBackend"
    assert defaults["MAIL_FILE_PATH"] == str(tmp_path / "mail")
    assert defaults["PUBLIC_URL"] == "http://127.0.0.1:5000"
    assert defaults["REGISTRATION_BY_EMAIL"] is False
    for name, value in {
        "MAIL_SERVER": "smtp.example.org",
        "MAIL_PORT": "2525",
        "MAIL_TLS": "ssl",
        "MAIL_USERNAME": "tracker",
        "MAIL_PASSWORD": "secret",
        "MAIL_SENDER": "Tracker <tracker@example.org>",
        "PUBLIC_URL": "https://tracker.example.org/",
    }.items():
        monkeypatch.setenv(f"TRACKER_{name}", value)
    config = load_config(tmp_path)
    assert config["MAIL_BACKEND"] == "smtp"
    assert (config["MAIL_SERVER"], config["MAIL_PORT"]) == ("smtp.example.org", 2525)
    assert (config["MAIL_USE_SSL"], config["MAIL_USE_TLS"]) == (True, False)
    assert (config["MAIL_USERNAME"], config["MAIL_PASSWORD"]) == ("tracker", "secret")
    assert config["MAIL_DEFAULT_SENDER"] == "Tracker <tracker@example.org>"
    assert config["PUBLIC_URL"] == "https://tracker.example.org"
    assert config["REGISTRATION_BY_EMAIL"] is True
    monkeypatch.delenv("TRACKER_MAIL_TLS")
    monkeypatch.delenv("TRACKER_MAIL_PORT")
    starttls = load_config(tmp_path)
    assert (starttls["MAIL_PORT"], starttls["MAIL_USE_TLS"]) == (587, True)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MAIL_SERVER": "smtp.example.org"}, "TRACKER_PUBLIC_URL must be set"),
        ({"PUBLIC_URL": "tracker.example.org"}, "not a plain http(s) address"),
        ({"PUBLIC_URL": "javascript:alert(1)"}, "not a plain http(s) address"),
        ({"PUBLIC_URL": "https://example.org/?next=x"}, "not a plain http(s) address"),
        ({"MAIL_TLS": "maybe"}, "TRACKER_MAIL_TLS must be one of"),
    ],
)
def test_settings_that_cannot_work_are_refused_at_start(tmp_path, monkeypatch, env, message):
    for name, value in env.items():
        monkeypatch.setenv(f"TRACKER_{name}", value)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_config(tmp_path)


def test_external_urls_come_from_the_public_url_only(app):
    with app.test_request_context("/", headers={"Host": "evil.example"}):
        assert external_url("auth.login") == "http://127.0.0.1:5000/login"
    app.config["PUBLIC_URL"] = "https://tracker.example.org/mg"
    try:
        with app.app_context():  # no request at all (the CLI)
            assert external_url("auth.reset_password", token="abc") == (
                "https://tracker.example.org/mg/password/reset/abc"
            )
    finally:
        app.config["PUBLIC_URL"] = "http://127.0.0.1:5000"
