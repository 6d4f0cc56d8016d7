"""The demo account (tracker/demo.py) in the browser tests, every page a person can open, and
axe-core (from npm, see package.json) to check them.

axe-core is used by the tests only: it is injected into the page under test from
node_modules/, never served by the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from flask import Flask

from tests.browser.support import unavailable
from tests.browser.ui import Page, expect
from tracker.demo import CONFLICT_DAY, UNLOGGED_DAY, create_demo_account, demo_user
from tracker.extensions import db
from tracker.localtime import local_today
from tracker.models import FoodEntry, MedicineDose, Schedule, SupplementEntry

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DEMO_PASSWORD = "browser-demo-password"
# Impacts that fail a test: "minor" and "moderate" are reported by axe but do not fail.
FAILING_IMPACTS = {"serious", "critical"}


@dataclass(frozen=True)
class Demo:
    email: str
    today: date
    conflict_day: date
    unlogged_day: date
    food_entry_id: int
    supplement_entry_id: int
    dose_id: int
    schedule_id: int

    @property
    def month(self) -> str:
        return f"{self.today:%Y-%m}"


def make_demo(app: Flask) -> Demo:
    """Create the demo account (four weeks of entries) and return what the tests need."""
    with app.app_context():
        result = create_demo_account(reset=True, password=DEMO_PASSWORD)
        user = demo_user()
        assert user is not None
        today = local_today(user)
        conflict_day = today - timedelta(days=CONFLICT_DAY)

        def first(model, day):
            return (
                db.session.execute(
                    db.select(model.id).where(model.user_id == user.id, model.day == day)
                )
                .scalars()
                .first()
            )

        demo = Demo(
            email=result.email,
            today=today,
            conflict_day=conflict_day,
            unlogged_day=today - timedelta(days=UNLOGGED_DAY),
            food_entry_id=first(FoodEntry, today),
            supplement_entry_id=first(SupplementEntry, conflict_day),
            dose_id=first(MedicineDose, conflict_day),
            schedule_id=db.session.execute(
                db.select(Schedule.id).where(Schedule.user_id == user.id).order_by(Schedule.id)
            ).scalar(),
        )
        db.session.remove()
    return demo


def log_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the login form; ends on today's day page."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today, ")


# Every page a visitor can open (and a few states of them).
VISITOR_PAGES = [
    "/",
    "/welcome",
    "/login",
    "/register",
    "/password/forgot",
    "/about",
    "/guidance",
    "/foods/rich",
    "/share/not-a-real-token",
    "/no-such-page",
]


def member_pages(demo: Demo, spinach_id: int) -> list[str]:
    """Every page a logged-in user with data can open, in the states that differ."""
    return [
        "/",
        f"/day/{demo.conflict_day}",  # a supplement, an alendronate dose and the spacing caution
        f"/day/{demo.unlogged_day}",  # nothing logged: the empty states
        f"/?q=spinach&food={spinach_id}",  # search results and a chosen food (no script)
        "/?preset=milk-of-magnesia",
        "/week",
        f"/week/{demo.today - timedelta(days=7)}",
        "/month",
        f"/month/{demo.month}",
        "/profile",
        "/foods/mine",
        "/supplements",
        "/regimen",  # the supplement and the alendronate planned
        f"/regimen/{demo.schedule_id}/edit",
        f"/regimen/{demo.schedule_id}/remove",
        "/export",
        "/export/report",
        "/account/data",
        "/account/password",
        "/account/email",
        "/account/two-step",
        "/account/two-step/setup",
        "/account/two-step/recovery-codes",
        "/account/delete",
        "/guidance",
        "/foods/rich",
        "/about",
        f"/entries/{demo.food_entry_id}/edit",
        f"/supplement-entries/{demo.supplement_entry_id}/edit",
        f"/medicine-doses/{demo.dose_id}/edit",
        "/no-such-page",
    ]


def axe_available() -> Path:
    """The axe-core script from npm; skips (or fails with TRACKER_REQUIRE_BROWSER=1) if absent."""
    if not AXE.is_file():
        unavailable(f"axe-core is not installed ({AXE.relative_to(ROOT)}): run `npm ci`")
    return AXE


@cache
def _axe_source() -> str:
    return axe_available().read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core on the page as it is now; return its serious and critical violations.

    The caller waits for what its action shows first; this waits for the document's load
    event too, so a page whose stylesheet is still arriving is never judged unstyled.
    """
    page.wait_for_load_state("load")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol rather than page.add_script_tag(), which
        # inserts an inline <script> that the app's Content-Security-Policy rightly blocks;
        # so the pages are checked with their real CSP in force.
        page.evaluate(_axe_source() + "\n;undefined")
    results = page.evaluate(
        """async () => {
            const results = await axe.run(document, {
                resultTypes: ["violations"],
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                "wcag22aa", "best-practice"]},
            });
            return results.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map((n) => ({target: n.target.join(" "),
                                            summary: n.failureSummary})),
            }));
        }"""
    )
    return [v for v in results if v["impact"] in FAILING_IMPACTS]


def describe(where: str, violations: list[dict]) -> str:
    """Violations as text a person can act on: rule, impact, what, and each element."""
    lines = []
    for violation in violations:
        lines.append(f"{where}: [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:8]:
            summary = " / ".join(node["summary"].splitlines()[1:3]).strip()
            lines.append(f"    {node['target']}  {summary}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    ... and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


def report(problems: list[str]) -> str:
    return "axe-core found serious or critical violations:\n" + "\n".join(problems)
