"""Steps through the real UI that several browser tests share."""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Callable

from tests.browser.support import EXPECT_TIMEOUT_MS
from tests.helpers import PASSWORD

try:
    from playwright.sync_api import Locator, Page, Route, expect
except ImportError:
    # Collection goes on; the `browser` fixture then skips each test, or fails it when
    # TRACKER_REQUIRE_BROWSER=1, with the reason.
    Locator = Page = Route = expect = None  # type: ignore[assignment,misc]

# The tests take Playwright's names from here, so a missing Playwright cannot break collection.
__all__ = [
    "Page",
    "Route",
    "add_food",
    "choose_portion",
    "duplicate_ids",
    "entry_rows",
    "expect",
    "has_no_horizontal_scroll",
    "misdirected_labels",
    "new_email",
    "register",
    "search_box",
    "wait_until",
]

_emails = itertools.count(1)
POLL_MS = 20


def wait_until(page: Page, condition: Callable[[], bool], what: str) -> None:
    """Wait until a condition seen from Python holds (an event arrived), or fail saying what.

    For things the page cannot be asked about (expect() covers those): Playwright delivers
    events to Python while the page waits, so this lets it wait in short steps.
    """
    deadline = time.monotonic() + EXPECT_TIMEOUT_MS / 1000
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        page.wait_for_timeout(POLL_MS)


def new_email() -> str:
    return f"browser-{os.getpid()}-{next(_emails)}@example.org"


def register(page: Page, email: str | None = None, password: str = PASSWORD) -> str:
    """Create an account through the registration form; return the email.

    Ends on today's day page, where the app sends a new account.
    """
    email = email or new_email()
    page.goto("/register")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Confirm password").fill(password)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today, ")
    # The heading shows while the page is still parsing; its scripts have run by "load".
    page.wait_for_load_state("load")
    return email


def search_box(page: Page) -> Locator:
    """The day page's food search, once its script has made it a combobox.

    Keys typed before that reach a plain input: no suggestions, no announcement. The
    script marks the input with data-search-state as it takes it over.
    """
    search = page.get_by_label("Search foods")
    expect(search).to_have_attribute("data-search-state", "idle")
    return search


def choose_portion(page: Page, portion: str, select: str = "#entry-form #portion") -> None:
    """Choose a Portion option by the food's own measure ("1 cup"), which the option shows
    with its weight ("1 cup (30 g)", "1 cup (8 fl oz, 237 g)"); "g" is the "grams" option."""
    value = page.locator(select).evaluate(
        """(select, label) => {
            const wanted = label === "g" ? "grams" : label;
            const inner = label.endsWith(")") ? label.slice(0, -1) + ", " : null;
            const option = [...select.options].find((o) => o.text === wanted
                || o.text.startsWith(wanted + " (") || (inner && o.text.startsWith(inner)));
            return option ? option.value : null;
        }""",
        portion,
    )
    assert value is not None, f"no Portion option for {portion!r}"
    page.locator(select).select_option(value=value)


def add_food(page: Page, food: int, portion: str, quantity: str = "1", meal: str = "") -> None:
    """Log a food on today's page through its no-script path (?food=ID), then the Add form.

    With no meal given the entry goes under No meal (the form preselects one by the time of
    day, which a test cannot rely on)."""
    page.goto(f"/?food={food}")
    form = page.locator("#entry-form")
    choose_portion(page, portion)
    form.get_by_label("Quantity").fill(quantity)
    form.get_by_label("Meal").select_option(label=meal or "No meal")
    form.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator(".flash-success")).to_contain_text("Added ")
    if meal:
        # The day page has other forms with a Meal field: check this one got the meal.
        expect(page.locator("table.entries tr.meal-row").filter(has_text=meal)).to_have_count(1)


def entry_rows(page: Page):
    """The rows of the day's logged foods (not their meal headings)."""
    return page.locator("table.entries tr.entry-row")


def duplicate_ids(page: Page) -> list[str]:
    """Ids that appear more than once and that a label, ARIA attribute or #link refers to.

    (Repeated ids nothing refers to, such as Flask-WTF's hidden csrf_token, are left out.)
    """
    return page.evaluate(
        """() => {
            const counts = new Map();
            for (const el of document.querySelectorAll("[id]")) {
                counts.set(el.id, (counts.get(el.id) || 0) + 1);
            }
            const referenced = new Set();
            for (const label of document.querySelectorAll("label[for]")) {
                referenced.add(label.htmlFor);
            }
            const aria = ["aria-labelledby", "aria-describedby", "aria-controls",
                          "aria-activedescendant", "aria-owns", "list"];
            for (const name of aria) {
                for (const el of document.querySelectorAll(`[${name}]`)) {
                    el.getAttribute(name).split(/\\s+/).forEach((id) => referenced.add(id));
                }
            }
            for (const link of document.querySelectorAll('a[href^="#"]')) {
                referenced.add(decodeURIComponent(link.getAttribute("href").slice(1)));
            }
            return [...counts]
                .filter(([id, n]) => n > 1 && referenced.has(id))
                .map(([id, n]) => `${id} x${n}`);
        }"""
    )


def misdirected_labels(page: Page) -> list[str]:
    """Labels whose control is missing or sits in a different form from the label."""
    return page.evaluate(
        """() => [...document.querySelectorAll("label[for]")]
            .filter((label) => {
                const control = label.control;
                return !control || control.closest("form") !== label.closest("form");
            })
            .map((label) => `"${label.textContent.trim()}" (for=${label.htmlFor})`)"""
    )


def has_no_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
