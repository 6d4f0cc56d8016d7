"""The report on screen and its shared copy at 1280 px and on a 390 px phone: every table cell
shows all of its text (none clipped, none hidden), no table scrolls inside its box, and the
page does not scroll sideways.

The demo account's four weeks, plus the USDA food with the longest name, a food whose name
is one long word, and a five-figure day, so the widest cells a report can have are there.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask

from tests.browser.demo_pages import log_in, make_demo
from tests.browser.support import DESKTOP, PHONE
from tests.browser.ui import Page, expect, has_no_horizontal_scroll
from tracker.demo import demo_user
from tracker.domain.periods import DateRange
from tracker.extensions import db
from tracker.models import Food, FoodEntry
from tracker.sharing.operations import create_share_link

LONG_WORD = "Magnesiumenrichedwholegrainbreakfastcerealwithalmonds"

# Each visible cell whose text is wider than its box, or that lies outside the page, and
# each cell with text that is not shown at all; each table box that scrolls sideways.
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  for (const table of document.querySelectorAll("table.report-table")) {
    const name = table.dataset.testid;
    const box = table.closest(".table-scroll") || table;
    if (box.scrollWidth > box.clientWidth + 1) {
      problems.push(`${name}: scrolls sideways (${box.scrollWidth} > ${box.clientWidth})`);
    }
    for (const cell of table.querySelectorAll("tbody th, tbody td, thead th")) {
      const text = cell.textContent.trim();
      const header = cell.closest("thead") !== null;
      const shown = cell.offsetParent !== null && cell.getClientRects().length > 0;
      if (!shown) {
        // On a phone the column headings give way to each value's label; values never hide.
        if (text && !header) problems.push(`${name}: "${text}" is hidden`);
        continue;
      }
      const rect = cell.getBoundingClientRect();
      if (cell.scrollWidth > cell.clientWidth + 1 || rect.right > width + 1 || rect.left < -1) {
        const sizes = `${cell.scrollWidth} > ${cell.clientWidth}`;
        const edge = `right ${Math.round(rect.right)} of ${width}`;
        problems.push(`${name}: "${text.slice(0, 30)}" clipped (${sizes}, ${edge})`);
      }
    }
  }
  return problems;
}"""


def _add_wide_cells(app: Flask, email: str) -> tuple[str, str]:
    """The widest food names, logged on the last day with a lot of magnesium; a share link."""
    with app.app_context():
        user = demo_user()
        assert user is not None and user.email == email
        longest = db.session.execute(
            db.select(Food.name).order_by(db.func.length(Food.name).desc(), Food.name).limit(1)
        ).scalar_one()
        entries = db.session.execute(
            db.select(FoodEntry).where(FoodEntry.user_id == user.id).order_by(FoodEntry.day)
        ).scalars()
        last = list(entries)[-1]
        for name, magnesium_ug in ((LONG_WORD, 12_345_678), (longest, 11_111_111)):
            db.session.add(
                FoodEntry(
                    user_id=user.id,
                    day=last.day,
                    item_name=name,
                    portion_label="1 bowl (3,000 g)",
                    quantity_text="1",
                    quantity_micro=1_000_000,
                    grams_milli=3_000_000,
                    magnesium_ug=magnesium_ug,
                )
            )
        db.session.commit()
        chosen = DateRange(last.day - timedelta(days=29), last.day)
        _link, token = create_share_link(user, chosen, 7)
        query = f"?period=custom&start={chosen.start}&end={chosen.end}"
        db.session.remove()
    return f"/export/report{query}", f"/share/{token}"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "390px"])
def test_no_report_cell_is_clipped(
    open_page, app: Flask, artifacts: Path, viewport: dict[str, int]
) -> None:
    demo = make_demo(app)
    own, shared = _add_wide_cells(app, demo.email)
    page: Page = open_page(viewport=viewport)
    log_in(page, demo.email)
    visitor: Page = open_page(viewport=viewport)
    for who, where, path in ((page, "report", own), (visitor, "shared", shared)):
        who.goto(path)
        expect(who.get_by_role("heading", level=1)).to_have_text("Magnesium intake report")
        tables = who.locator("table.report-table")
        assert tables.count() >= 4  # daily totals, sources, supplements, medicines
        expect(who.get_by_test_id("top-sources")).to_contain_text(LONG_WORD)
        who.screenshot(
            path=str(artifacts / f"report-layout-{where}-{viewport['width']}.png"), full_page=True
        )
        assert who.evaluate(LAYOUT_PROBLEMS) == [], where
        assert has_no_horizontal_scroll(who), where
