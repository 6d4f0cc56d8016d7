"""Heavy work is limited per account: imports, the large downloads, and the upload's size.

One logged-in user repeating a large failing import, or years of exports, could keep the
workers busy for everyone (the security review: an unrelated page went from 10 ms to 3 s).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from flask import Flask
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.helpers import login, make_user
from tests.routes import snapshot
from tracker.account_data.operations import IMPORT_MAX_BYTES
from tracker.extensions import limiter

RANGE = "?period=custom&start=2024-03-01&end=2024-03-31"
LARGE_DOWNLOADS = [
    "/account/data/export.json",
    f"/export/entries.csv{RANGE}",
    f"/export/daily-totals.csv{RANGE}",
    f"/export/report.pdf{RANGE}",
]


@pytest.fixture
def limited(app: Flask) -> Iterator[dict]:
    """Rate limits on for one test, counted afresh; the test may lower a limit."""
    saved = {key: app.config[key] for key in ("IMPORT_RATE_LIMIT", "EXPORT_RATE_LIMIT")}
    enabled = app.config["RATE_LIMITS_ENABLED"]
    app.config["RATE_LIMITS_ENABLED"] = True
    limiter.reset()
    yield app.config
    limiter.reset()
    app.config["RATE_LIMITS_ENABLED"] = enabled
    app.config.update(saved)


def _import(client, body: bytes):
    return client.post(
        "/account/data/import",
        data={"file": (io.BytesIO(body), "data.json")},
        content_type="multipart/form-data",
    )


def _logged_in(app: Flask, email: str):
    make_user(app, email)
    client = app.test_client()
    login(client, email)
    return client


def test_imports_are_limited_per_account(app, limited):
    limited["IMPORT_RATE_LIMIT"] = "3 per hour"
    client = _logged_in(app, "importer@example.org")
    for _ in range(3):
        assert _import(client, b'{"format": "x"}').status_code == 400
    before = snapshot(app)
    blocked = _import(client, b'{"format": "x"}')
    assert blocked.status_code == 429
    page = blocked.get_data(as_text=True)
    assert "You have imported a data file many times in a short while" in page
    assert "please wait" in page and "password guessing" not in page
    assert snapshot(app) == before
    # Another account is not affected.
    assert _import(_logged_in(app, "other@example.org"), b"{}").status_code == 400


@pytest.mark.parametrize("path", LARGE_DOWNLOADS)
def test_large_downloads_are_limited_per_account(app, limited, path):
    limited["EXPORT_RATE_LIMIT"] = "2 per hour"
    client = _logged_in(app, "exporter@example.org")
    for _ in range(2):
        assert client.get(path).status_code == 200
    blocked = client.get(path)
    assert blocked.status_code == 429
    assert "downloaded large exports many times" in blocked.get_data(as_text=True)
    assert _logged_in(app, "other@example.org").get(path).status_code == 200


def test_the_default_limits(app):
    from pathlib import Path

    from tracker.config import load_config

    config = load_config(Path(app.instance_path))
    assert config["IMPORT_RATE_LIMIT"] == "10 per hour"
    assert config["EXPORT_RATE_LIMIT"] == "60 per hour"


def test_an_upload_over_the_cap_is_refused_before_it_is_read(app, auth_client):
    # A ten-year heavy log is 21.1 MiB (bench/bench_data_file.py); the cap leaves some room.
    assert IMPORT_MAX_BYTES == 24 * 1024 * 1024
    assert "24 MB" in auth_client.get("/account/data").get_data(as_text=True)
    before = snapshot(app)
    # Encoded in memory: the test client would spool a large body to a file left open.
    boundary, body = encode_multipart(
        {"file": FileStorage(io.BytesIO(b" " * (IMPORT_MAX_BYTES + 1)), "data.json")}
    )
    response = auth_client.post(
        "/account/data/import",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 413
    assert snapshot(app) == before
