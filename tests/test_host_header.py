"""The Host header: malformed ones get the 400 page (the error page itself never fails),
TRACKER_TRUSTED_HOSTS limits which hosts are served, and share links come from
TRACKER_PUBLIC_URL, never from the Host a request carried."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from werkzeug.test import EnvironBuilder, run_wsgi_app

from tests.helpers import login
from tests.routes import row_counts
from tracker.config import ConfigError, load_config
from tracker.security import valid_host_name

# Each of these broke a request before (a 500, or an exception out of the app).
MALFORMED_HOSTS = [
    "a..b",  # an empty label: werkzeug cannot bind the URL map, the error page had no URLs
    ".",
    "a" * 64 + ".example.org",  # a label over 63 octets
    ("abcdefghi." * 26) + "org",  # a name over 253 octets
    "xn--.org",  # an "xn--" label that does not decode: request.url failed
    "xn--zz.example",
    "",
    "exa mple.org",
    "tracker.example.org:99999",
    "tracker.example.org:80:80",
    "[::1",
    "[fe80::zz]",
    "ex\u00e9.org",
]


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    text: str


def raw_get(app: Flask, path: str, host: str, cookie: str | None = None) -> Answer:
    """GET with exactly this Host header, straight through WSGI.

    The test client cannot send some of these: its own cookie handling decodes the host.
    """
    environ = EnvironBuilder(path=path).get_environ()
    environ["HTTP_HOST"] = host
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    body, status, headers = run_wsgi_app(app, environ, buffered=True)
    return Answer(int(status.split()[0]), dict(headers), b"".join(body).decode())


@pytest.fixture
def trusted_hosts(app: Flask) -> Iterator[dict]:
    saved = app.config["TRUSTED_HOSTS"]
    yield app.config
    app.config["TRUSTED_HOSTS"] = saved


@pytest.fixture
def public_url(app: Flask) -> Iterator[dict]:
    saved = app.config["PUBLIC_URL"], app.config["PUBLIC_URL_SET"]
    yield app.config
    app.config["PUBLIC_URL"], app.config["PUBLIC_URL_SET"] = saved


@pytest.mark.parametrize("host", MALFORMED_HOSTS)
def test_a_malformed_host_gets_the_400_page(app, host):
    for path in ("/welcome", "/day/2024-03-05", "/export", "/api/foods?q=kale", "/nowhere"):
        answer = raw_get(app, path, host)
        assert answer.status == 400, (path, answer.status)
        if path.startswith("/api/"):
            assert "error" in answer.text
            continue
        # The real error page, links and all: it was built without the request's host.
        assert "That did not work" in answer.text
        assert '<a href="/today">' in answer.text or 'href="/"' in answer.text
        assert answer.headers["Cache-Control"] == "no-store"
        assert "Content-Security-Policy" in answer.headers


def test_a_logged_in_user_with_a_malformed_host_gets_the_400_page(app, auth_client):
    cookie = f"session={auth_client.get_cookie('session').value}"
    assert raw_get(app, "/export", "localhost", cookie).status == 200
    answer = raw_get(app, "/export", "a..b", cookie)
    assert answer.status == 400
    assert "Log out" in answer.text  # the page knows who is logged in, and still renders


@pytest.mark.parametrize(
    "host",
    ["localhost", "127.0.0.1:5000", "tracker.example.org", "tracker.example.org.", "[::1]:8000"],
)
def test_well_formed_hosts_are_served(app, host):
    assert raw_get(app, "/welcome", host).status == 200


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("tracker.example.org", True),
        ("xn--bcher-kva.example", True),  # bücher.example
        ("a" * 63 + ".org", True),
        ("a" * 64 + ".org", False),
        ("a..b", False),
        ("", False),
        ("[::1]", True),
        ("[::g]", False),
    ],
)
def test_valid_host_name(name, valid):
    assert valid_host_name(name) is valid


def test_the_error_page_never_fails(app, client, monkeypatch):
    """If rendering the error page fails too, a plain page with the status still goes out."""

    def broken(*args, **kwargs):
        raise RuntimeError("template gone")

    monkeypatch.setattr("tracker.errors.render_template", broken)
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert "There is nothing here" in response.text
    assert response.headers["Cache-Control"] == "no-store"


# --- TRACKER_TRUSTED_HOSTS ----------------------------------------------------------------


def test_trusted_hosts_come_from_the_environment(tmp_path, monkeypatch):
    assert load_config(tmp_path)["TRUSTED_HOSTS"] is None
    monkeypatch.setenv("TRACKER_TRUSTED_HOSTS", " Tracker.Example.org, .example.net ,")
    assert load_config(tmp_path)["TRUSTED_HOSTS"] == ["tracker.example.org", ".example.net"]


@pytest.mark.parametrize(
    "value", ["https://tracker.example.org", "tracker.example.org:443", "a..b", "exa mple.org"]
)
def test_trusted_hosts_refuse_what_is_not_a_host_name(tmp_path, monkeypatch, value):
    monkeypatch.setenv("TRACKER_TRUSTED_HOSTS", value)
    with pytest.raises(ConfigError, match="TRACKER_TRUSTED_HOSTS"):
        load_config(tmp_path)


def test_only_trusted_hosts_are_served(app, user, trusted_hosts):
    trusted_hosts["TRUSTED_HOSTS"] = ["tracker.example.org", ".example.net"]
    for host in ("tracker.example.org", "tracker.example.org:8443", "www.example.net"):
        assert raw_get(app, "/welcome", host).status == 200, host
    for host in ("evil.example", "localhost", "tracker.example.org.evil.example"):
        answer = raw_get(app, "/login", host)
        assert answer.status == 400, host
        assert "That did not work" in answer.text
    # Nothing is done for a request to an untrusted host, a login included.
    client = app.test_client()
    refused = client.post(
        "/login",
        headers={"Host": "evil.example"},
        data={"email": user.email, "password": "correct horse battery staple"},
    )
    assert refused.status_code == 400
    assert client.get_cookie("session") is None


# --- Share links ----------------------------------------------------------------------------


def _new_link(app: Flask, logged_in, host: str) -> str:
    """Make a share link with a request for this Host (the browser's cookies sent to it)."""
    cookie = f"session={logged_in.get_cookie('session').value}"
    response = app.test_client(use_cookies=False).post(
        "/export/share-links",
        headers={"Host": host, "Cookie": cookie},
        data={"share-start": "2024-03-01", "share-end": "2024-03-07", "share-valid_days": "7"},
    )
    assert response.status_code == 201, response.text
    return re.search(r'id="new-link-url" type="text" readonly value="([^"]+)"', response.text)[1]


def test_share_links_are_built_from_the_public_url(app, user, public_url):
    public_url["PUBLIC_URL"] = "https://tracker.example.org/mg"
    public_url["PUBLIC_URL_SET"] = True
    client = app.test_client()
    login(client, user.email)
    link = _new_link(app, client, "attacker.example")
    assert re.fullmatch(r"https://tracker\.example\.org/mg/share/[A-Za-z0-9_-]{43}", link), link
    # The link opens the report.
    path = link.removeprefix("https://tracker.example.org/mg")
    assert app.test_client().get(path).status_code == 200
    assert row_counts(app)["share_links"] == 1


def test_without_a_public_url_share_links_use_the_address_the_browser_used(app, auth_client):
    assert not app.config["PUBLIC_URL_SET"]
    link = _new_link(app, auth_client, "192.168.1.20:5000")
    assert link.startswith("http://192.168.1.20:5000/share/")
