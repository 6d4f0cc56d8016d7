"""The day page's row buttons, pressed as a browser presses them.

Every Star, Delete and "Save this meal as a recipe" button of the day page's rows sits outside
any form: it names the page's one shared form (form="row-actions", the CSRF token and the day)
and posts it to its own row's URL (formaction). These tests read the page's HTML, build each
button's request by HTML's form-owner rule (the named form's fields, the button's own name
and value, to its formaction) with CSRF protection on, and check what each one changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from html.parser import HTMLParser

import pytest

from tests.helpers import add_food, add_medicine, add_supplement, food_id
from tracker.extensions import db
from tracker.models import FavouriteFood, FoodEntry, MedicineDose, Recipe, SupplementEntry

DAY = date(2026, 3, 10)
SPINACH, CUP = "11457", "0"


@dataclass
class _Button:
    form: str
    formaction: str
    name: str
    value: str
    text: str = ""


class _Page(HTMLParser):
    """The fields of each form with an id, and each button that names a form by id."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, dict[str, str]] = {}
        self.buttons: list[_Button] = []
        self._fields: dict[str, str] | None = None
        self._button: _Button | None = None

    def handle_starttag(self, tag, attrs):
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._fields = self.forms.setdefault(a["id"], {}) if a.get("id") else None
        elif tag == "input" and self._fields is not None and a.get("name"):
            self._fields[a["name"]] = a.get("value", "")
        elif tag == "button" and a.get("form"):
            self._button = _Button(
                a["form"], a.get("formaction", ""), a.get("name", ""), a.get("value", "")
            )
            self.buttons.append(self._button)

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "button":
            self._button = None

    def handle_data(self, data):
        if self._button is not None:
            self._button.text += data


def _page(client) -> _Page:
    page = _Page()
    page.feed(client.get(f"/day/{DAY.isoformat()}").get_data(as_text=True))
    return page


def _press(client, page: _Page, button: _Button):
    """The request a browser sends for the button: its form's fields, its own name and value."""
    assert button.form in page.forms, f"the button names a form the page lacks: {button.form}"
    data = dict(page.forms[button.form])
    if button.name:
        data[button.name] = button.value
    return client.post(button.formaction, data=data)


def _one(page: _Page, text: str) -> _Button:
    found = [b for b in page.buttons if " ".join(b.text.split()).startswith(text)]
    assert len(found) == 1, [b.text for b in page.buttons]
    return found[0]


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


@pytest.fixture
def logged(app, auth_client):
    add_food(auth_client, DAY, food_id(app, SPINACH), CUP, "1", "lunch")
    add_supplement(auth_client, DAY, at=time(8, 0))
    add_medicine(auth_client, DAY, "alendronate", time(7, 0))
    return auth_client


def test_every_row_button_names_the_one_shared_form(logged):
    page = _page(logged)
    assert {b.form for b in page.buttons} == {"row-actions"}
    shared = page.forms["row-actions"]
    assert shared["csrf_token"] and shared["return_day"] == shared["day"] == DAY.isoformat()
    # Star, Delete of the food, "Save this meal", Delete of the supplement and of the dose.
    assert len(page.buttons) == 5
    # No row has a form of its own: the tables hold buttons, not forms.
    html = logged.get(f"/day/{DAY.isoformat()}").get_data(as_text=True)
    tables = re.findall(r"<table.*?</table>", html, re.S)
    assert len(tables) == 3 and not any("<form" in table for table in tables)


def test_star_and_unstar_a_row(app, logged, csrf_enabled):
    spinach = food_id(app, SPINACH)
    response = _press(logged, page := _page(logged), _one(page, "☆ Star Spinach"))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/day/{DAY.isoformat()}#quick-log"
    with app.app_context():
        assert db.session.scalars(db.select(FavouriteFood.food_id)).all() == [spinach]
    # The row now says Starred, and pressing it again removes the star.
    _press(logged, page := _page(logged), _one(page, "★ Starred Spinach"))
    assert _count(app, FavouriteFood) == 0


def test_delete_each_kind_of_row(app, logged, csrf_enabled):
    for text, model, section in (
        ("Delete Spinach", FoodEntry, "#entries"),
        ("Delete Magnesium glycinate", SupplementEntry, "#supplements"),
        ("Delete Alendronate", MedicineDose, "#medicines"),
    ):
        assert _count(app, model) == 1
        response = _press(logged, page := _page(logged), _one(page, text))
        assert response.status_code == 302, text
        assert response.headers["Location"].endswith(section)
        assert _count(app, model) == 0, text
        # The confirmation offers Undo, in the row's own section.
        assert "Undo" in logged.get(response.headers["Location"]).get_data(as_text=True)


def test_save_a_meal_as_a_recipe(app, logged, csrf_enabled):
    response = _press(
        logged, page := _page(logged), _one(page, "Save this meal as a recipe: Lunch")
    )
    assert response.status_code == 302
    with app.app_context():
        recipe = db.session.scalars(db.select(Recipe)).one()
        assert [i.food_name for i in recipe.ingredients] == ["Spinach, raw"]


def test_a_row_button_without_the_token_changes_nothing(app, logged, csrf_enabled):
    page = _page(logged)
    del page.forms["row-actions"]["csrf_token"]
    for button in page.buttons:
        assert _press(logged, page, button).status_code == 400, button.text
    assert (_count(app, FoodEntry), _count(app, SupplementEntry), _count(app, MedicineDose)) == (
        1,
        1,
        1,
    )
    assert (_count(app, FavouriteFood), _count(app, Recipe)) == (0, 0)
