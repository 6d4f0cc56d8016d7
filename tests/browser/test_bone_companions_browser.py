"""The day page's "Bone companions" panel in Chromium: figures, text equivalents of the bars,
coverage of unknown vitamin D, a supplement's label values in IU, axe, and the phone layout."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from flask import Flask

from tests.browser.demo_pages import axe_available, axe_violations, describe, report
from tests.browser.support import DESKTOP, PHONE
from tests.browser.ui import Page, add_food, expect, has_no_horizontal_scroll, register
from tests.helpers import food_id

MILK = "01077"  # whole, 3.25%, vitamin D added: 113 mg Ca, 51 IU per 100 g; 1 cup 244 g
SALMON = "15236"  # farmed Atlantic, raw: 9 mg Ca per 100 g, no vitamin D in SR24


def test_bone_companions_panel(
    open_page: Callable[..., Page], app: Flask, page_problems, artifacts: Path
) -> None:
    axe_available()
    page = open_page()
    register(page)  # no birth date: the FDA Daily Values, 1,300 mg and 20 µg
    add_food(page, food_id(app, MILK), "1 cup")
    add_food(page, food_id(app, SALMON), "0.5 fillet")
    panel = page.get_by_test_id("bone-companions")
    # 275.72 + 17.82 mg of calcium; vitamin D 3.111 µg (124.44 IU) from the milk only.
    expect(page.get_by_test_id("day-calcium-mg")).to_have_text("294")
    expect(page.get_by_test_id("day-vitamin-d-ug")).to_have_text("3")
    expect(panel).to_contain_text("(124 IU)")
    expect(panel.get_by_test_id("vitamin-d-coverage")).to_contain_text(
        "Vitamin D known for 1 of 2 foods"
    )
    expect(page.get_by_role("progressbar", name="Calcium 294 mg of 1,300 mg, 23%")).to_be_visible()
    expect(
        page.get_by_role("progressbar", name="Vitamin D 3 µg (124 IU) of 20 µg (800 IU), 16%")
    ).to_be_visible()

    # A combined supplement, its vitamin D typed in IU as the label prints it.
    form = page.locator("form.supplement-form")
    form.get_by_label("Supplement or medicine name").fill("Calcium + D3 + magnesium")
    form.get_by_label("Magnesium per unit (mg)").fill("50")
    form.get_by_label("Calcium per unit (mg, optional)").fill("600")
    form.get_by_label("Vitamin D per unit (optional)").fill("1000")
    form.get_by_label("Vitamin D unit").select_option(label="IU")
    form.get_by_label("Units taken").fill("1")
    form.get_by_role("button", name="Add supplement").click()
    expect(page.locator(".flash-success")).to_contain_text("Calcium + D3 + magnesium")
    expect(page.get_by_test_id("day-calcium-mg")).to_have_text("894")
    expect(page.get_by_test_id("day-vitamin-d-ug")).to_have_text("28")  # 3.111 + 25 µg
    expect(page.get_by_test_id("vitamin-d-supplements")).to_have_text("25 µg (1,000 IU)")
    expect(page.get_by_test_id("vitamin-d-coverage")).to_contain_text(
        "Vitamin D known for 1 of 2 foods and the 1 supplement."
    )

    problems: list[str] = []
    for look, options in {"light": {}, "dark": {"color_scheme": "dark"}}.items():
        looker = open_page(viewport=DESKTOP, storage_state=page.context.storage_state(), **options)
        looker.goto("/#bone-heading")
        expect(looker.get_by_test_id("bone-companions")).to_be_visible()
        found = axe_violations(looker)
        if found:
            problems.append(describe(f"day page with bone companions ({look})", found))
    assert not problems, report(problems)
    page.get_by_test_id("bone-companions").screenshot(path=artifacts / "bone-panel-1280.png")
    page.screenshot(path=artifacts / "bone-day-1280.png", full_page=True)

    # The week: daily averages over the logged day, the unknown vitamin D counted.
    page.goto("/week")
    averages = page.get_by_test_id("bone-averages")
    expect(averages.get_by_test_id("average-calcium")).to_have_text("894 mg")
    expect(averages).to_contain_text("Vitamin D known for 1 of 2 foods and the 1 supplement")
    averages.screenshot(path=artifacts / "bone-week-1280.png")

    phone = open_page(viewport=PHONE, storage_state=page.context.storage_state())
    phone.goto("/")
    expect(phone.get_by_test_id("day-calcium-mg")).to_have_text("894")
    assert has_no_horizontal_scroll(phone)
    # The panel sits after the Add form and the log, so it never pushes the food search down
    # (with foods logged, "Log again" comes first on a phone: tests/browser/test_phone.py
    # keeps the search in a new user's first screen).
    search_box = phone.get_by_label("Search foods").bounding_box()
    panel_box = phone.get_by_test_id("bone-companions").bounding_box()
    assert search_box and panel_box and search_box["y"] + search_box["height"] < panel_box["y"]
    phone.get_by_test_id("bone-companions").screenshot(path=artifacts / "bone-panel-390.png")
    phone.screenshot(path=artifacts / "bone-day-390.png", full_page=True)
    assert re.search(r"\d", phone.get_by_test_id("day-vitamin-d-ug").inner_text())
