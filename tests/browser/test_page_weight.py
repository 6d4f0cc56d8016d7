"""The day page's weight: everything the browser downloads for a full day (HTML, CSS, script,
icon; the app uses no web fonts) is at most 150 KB, and nothing comes from another origin."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from tests.browser.demo_pages import log_in, make_demo
from tests.browser.ui import Page, expect

BUDGET_BYTES = 150 * 1000


def test_full_day_page_weighs_at_most_150_kb(
    open_page: Callable[..., Page], app: Flask, live_server: str
) -> None:
    demo = make_demo(app)
    login = open_page()
    log_in(login, demo.email)
    # A fresh context with the login cookie and an empty cache: every file is downloaded.
    page = open_page(storage_state=login.context.storage_state())
    sizes: dict[str, int] = {}

    def record(response) -> None:
        # Read each body as it arrives: a body is gone once its page is navigated away from.
        sizes[response.url] = sizes.get(response.url, 0) + len(response.body())

    page.on("response", record)
    # A full day: nine foods, a supplement, a medicine dose and the spacing caution.
    page.goto(f"/day/{demo.conflict_day}")
    expect(page.get_by_test_id("caution-spacing")).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", record)

    total = sum(sizes.values())
    listing = "\n".join(f"{size:>8} {url}" for url, size in sizes.items())
    print(f"\nDay page weight: {total} bytes ({total / 1000:.1f} KB)\n{listing}")
    assert all(url.startswith(live_server + "/") for url in sizes), listing
    assert any(url.endswith(".css") for url in sizes) and any(url.endswith(".js") for url in sizes)
    assert page.locator("table.entries tbody tr").count() >= 8
    assert total <= BUDGET_BYTES, f"{total} bytes is over the {BUDGET_BYTES} budget:\n{listing}"
