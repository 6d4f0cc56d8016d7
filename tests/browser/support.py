"""Settings of the browser tests that need no Playwright import."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Twice Playwright's default: a busy CI machine should not turn into failures.
EXPECT_TIMEOUT_MS = 10_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def chromium_path() -> str:
    return os.environ.get("TRACKER_CHROMIUM") or DEFAULT_CHROMIUM


def unavailable(reason: str) -> NoReturn:
    """Skip because the browser cannot run, or fail when TRACKER_REQUIRE_BROWSER=1."""
    if os.environ.get("TRACKER_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (TRACKER_REQUIRE_BROWSER=1 makes this a failure)", pytrace=False)
    pytest.skip(reason)
