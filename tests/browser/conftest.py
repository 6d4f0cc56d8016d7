"""Real-browser fixtures: a live server on the session's app, one Chromium, a page per test.

Chromium is Debian's (/usr/bin/chromium, or TRACKER_CHROMIUM), driven by plain Playwright
(`sync_playwright()`; pytest-playwright is not used). Without Chromium or Playwright the tests
skip, unless TRACKER_REQUIRE_BROWSER=1, which turns the skip into a failure (CI sets it).

Every page records console errors (CSP violations among them), uncaught script errors and
server errors (5xx); a test that leaves any behind fails at teardown.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

from tests.browser.support import (
    CHROMIUM_ARGS,
    DESKTOP,
    EXPECT_TIMEOUT_MS,
    chromium_path,
    unavailable,
)
from tracker.foods.rich import rich_food_groups

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment
    from playwright.sync_api import Browser, BrowserContext, Page

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE.parent.parent / "test-artifacts"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # This hook sees the whole session's items: mark only the ones in this folder.
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session."""
    try:
        from playwright.sync_api import Error, expect, sync_playwright
    except ImportError:
        unavailable("Playwright is not installed: pip install playwright")
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    executable = chromium_path()
    resolved = shutil.which(executable)
    if resolved is None:
        unavailable(f"Chromium not found at {executable} (set TRACKER_CHROMIUM)")
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=resolved, args=CHROMIUM_ARGS)
        except Error as error:
            unavailable(f"Chromium at {resolved} did not start: {error.message.splitlines()[0]}")
        yield launched
        launched.close()


class _QuietHandler(WSGIRequestHandler):
    """Keep the request log out of the test output; errors still reach the page listeners."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def _bodies_closed(app: WSGIApplication) -> WSGIApplication:
    """Serve `app` with each response body read and closed before the server sends it.

    Werkzeug's development server (3.1) closes a body only after draining the request socket,
    and that read raises when the browser has already dropped the connection (a page that moves
    on while one of its scripts is still downloading). The close is then skipped and the static
    file's handle is left to the garbage collector: a ResourceWarning, which this suite's
    `filterwarnings = error` turns into a failure of whichever test happens to be running.
    Closing the body here, inside the application call, does not depend on the connection.
    Test responses are small, so holding one in memory costs nothing.
    """

    def closing(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()

    return closing


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    """Serve the session's app on a free loopback port; yield its base URL.

    The food catalog and the rich-foods list are built first: a cold build takes seconds on a
    busy machine, and the first test to search would otherwise spend them inside its wait.
    """
    with app.app_context():
        rich_food_groups()  # builds the catalog on the way
    server = make_server(
        "127.0.0.1", 0, _bodies_closed(app), threaded=True, request_handler=_QuietHandler
    )
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(autouse=True)
def _real_csrf(app: Flask) -> Iterator[None]:
    """Browser tests run with CSRF protection on, the app's real setting.

    Function-scoped on purpose: the tests outside this folder expect it off, and the
    `csrf_enabled` fixture restores whatever it found, so the two compose.
    """
    previous = app.config["WTF_CSRF_ENABLED"]
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = previous


class PageProblems:
    """What went wrong in the pages of one test: console errors, script errors, 5xx."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.allowed: list[str] = []

    def watch(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.messages.append(f"page error: {error}"))
        page.on("response", self._on_response)

    def allow(self, fragment: str) -> None:
        """Accept console errors containing `fragment` (e.g. an expected 400 response)."""
        self.allowed.append(fragment)

    def _on_console(self, message: Any) -> None:
        if message.type == "error":
            location = message.location.get("url", "")
            self.messages.append(f"console error: {message.text} ({location})")

    def _on_response(self, response: Any) -> None:
        if response.status >= 500:
            self.messages.append(f"HTTP {response.status} from {response.url}")

    def unexpected(self) -> list[str]:
        return [m for m in self.messages if not any(a in m for a in self.allowed)]


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def open_page(
    browser: Browser, live_server: str, page_problems: PageProblems
) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh context (options as for browser.new_context); closed after."""
    contexts: list[BrowserContext] = []

    def _open(**options: Any) -> Page:
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(base_url=live_server, **options)
        context.set_default_timeout(EXPECT_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page_problems.watch(page)
        return page

    yield _open
    for context in contexts:
        context.close()
    problems = page_problems.unexpected()
    if problems:
        pytest.fail("The browser reported problems:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def page(open_page: Callable[..., Page]) -> Page:
    """A desktop-sized page (1280x900) in its own context, with JavaScript on."""
    return open_page()


@pytest.fixture
def artifacts() -> Path:
    """The git-ignored folder screenshots go to."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
