"""Two tabs editing one entry: the later save of a page opened before the other save is
refused with "This entry was changed elsewhere" and both values, instead of overwriting it.

Each kind of edit page is opened in tab A, then tab B opens, changes and saves the entry, then
tab A saves what it typed: 409, the entry keeps B's values, the page shows B's and A's values
side by side and keeps A's in the form; saving again from that page (knowing both) saves A's.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date

import pytest

from tests.helpers import add_food, add_medicine, add_supplement, food_id
from tests.routes import snapshot
from tracker.extensions import db
from tracker.models import FoodEntry, MedicineDose, SupplementEntry

DAY = date(2024, 3, 4)
VERSION_RE = re.compile(r'name="loaded_version" value="([^"]+)"')


@dataclass(frozen=True)
class Case:
    model: type
    log: object  # (app, client) -> None
    edit_url: str
    tab_a: dict
    tab_b: dict
    column: str
    a_value: object
    b_value: object
    a_shown: str
    b_shown: str


def _log_food(app, client):
    assert add_food(client, DAY, food_id(app, "11457"), "0", "1").status_code == 302


def _log_quick(app, client):
    response = client.post(
        f"/day/{DAY}/quick-add", data={"quick-description": "Cocoa", "quick-magnesium_mg": "30"}
    )
    assert response.status_code == 302


def _log_supplement(app, client):
    assert add_supplement(client, DAY, mg="100").status_code == 302


def _log_dose(app, client):
    from datetime import time

    assert add_medicine(client, DAY, "alendronate", time(7, 0)).status_code == 302


SUPPLEMENT = {"supplement-name": "Magnesium glycinate", "supplement-form": "glycinate",
              "supplement-magnesium_per_unit": "100", "supplement-time": ""}  # fmt: skip
NO_MEAL_OR_TIME = {"quick-meal": "", "quick-time": ""}
CASES = {
    "food entry": Case(
        FoodEntry, _log_food, "/entries/{id}/edit",
        {"portion": "0", "quantity": "2", "meal": "lunch", "time": ""},
        {"portion": "0", "quantity": "3", "meal": "dinner", "time": ""},
        "quantity_text", "2", "3", "2", "3",
    ),
    "quick add": Case(
        FoodEntry, _log_quick, "/entries/{id}/quick-edit",
        {"quick-description": "Cocoa", "quick-magnesium_mg": "40", **NO_MEAL_OR_TIME},
        {"quick-description": "Cocoa", "quick-magnesium_mg": "55", **NO_MEAL_OR_TIME},
        "magnesium_ug", 40_000, 55_000, "40", "55",
    ),
    "supplement": Case(
        SupplementEntry, _log_supplement, "/supplement-entries/{id}/edit",
        {**SUPPLEMENT, "supplement-units": "2"},
        {**SUPPLEMENT, "supplement-units": "3"},
        "units_text", "2", "3", "2", "3",
    ),
    "medicine dose": Case(
        MedicineDose, _log_dose, "/medicine-doses/{id}/edit",
        {"medicine-medicine": "alendronate", "medicine-time": "06:30"},
        {"medicine-medicine": "alendronate", "medicine-time": "08:15"},
        "time", "06:30", "08:15", "06:30", "08:15",
    ),
}  # fmt: skip


def _row(app, model):
    with app.app_context():
        [row] = db.session.execute(db.select(model)).scalars().all()
        db.session.expunge(row)
        return row


def _value(row, column):
    value = getattr(row, column)
    return value.strftime("%H:%M") if column == "time" else value


def _version(page: str) -> str:
    return html.unescape(VERSION_RE.search(page).group(1))


@pytest.mark.parametrize("name", CASES)
def test_the_later_save_of_an_older_page_is_refused_with_both_values(app, auth_client, name):
    case = CASES[name]
    case.log(app, auth_client)
    url = case.edit_url.format(id=_row(app, case.model).id)
    tab_a = _version(auth_client.get(url).get_data(as_text=True))
    tab_b = _version(auth_client.get(url).get_data(as_text=True))
    assert tab_a == tab_b

    saved_b = auth_client.post(url, data={**case.tab_b, "loaded_version": tab_b})
    assert saved_b.status_code == 302
    assert _value(_row(app, case.model), case.column) == case.b_value

    before = snapshot(app)
    refused = auth_client.post(url, data={**case.tab_a, "loaded_version": tab_a})
    assert refused.status_code == 409
    assert snapshot(app) == before  # B's save stands
    page = refused.get_data(as_text=True)
    assert "This entry was changed elsewhere" in page
    conflict = page[page.index('data-testid="edit-conflict"') :].split("</table>")[0]
    assert case.b_shown in conflict and case.a_shown in conflict
    # A's values are still in the form, with the version B saved: saving again is a choice.
    assert _version(page) != tab_a

    again = auth_client.post(url, data={**case.tab_a, "loaded_version": _version(page)})
    assert again.status_code == 302
    assert _value(_row(app, case.model), case.column) == case.a_value


def test_a_save_of_an_unchanged_page_goes_through_and_a_made_up_version_is_refused(
    app, auth_client
):
    case = CASES["food entry"]
    case.log(app, auth_client)
    url = case.edit_url.format(id=_row(app, case.model).id)
    version = _version(auth_client.get(url).get_data(as_text=True))
    before = snapshot(app)
    for made_up in ("", "yesterday", "2024-03-04T00:00:00"):
        response = auth_client.post(url, data={**case.tab_a, "loaded_version": made_up})
        assert response.status_code == 409
        assert snapshot(app) == before
    assert auth_client.post(url, data={**case.tab_a, "loaded_version": version}).status_code == 302
    assert _row(app, FoodEntry).quantity_text == "2"
