"""The food search API and custom foods."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest

from tests.helpers import add_food, login
from tracker.extensions import db
from tracker.models import Food, FoodEntry

DAY = date(2026, 5, 1)


def test_api_shape(client):
    body = client.get("/api/foods?q=spinach&limit=2").get_json()
    assert body["query"] == "spinach"
    assert len(body["results"]) == 2
    spinach = body["results"][0]
    assert spinach["ndb_number"] == "11457"
    assert spinach["name"] == "Spinach, raw"
    assert spinach["food_group"] == "Vegetables and vegetable products"
    assert spinach["magnesium_mg_per_100g"] == 79.0
    assert spinach["id"].isdigit()
    # Each Portion option with its text on the page and its weight and magnesium for one of
    # it (79 mg per 100 g: 30 g is 23.7 mg), all the server's figures.
    assert spinach["portions"][:2] == [
        {"key": "0", "label": "1 cup", "text": "1 cup (30 g)", "grams": 30.0, "magnesium_mg": 23.7},
        {
            "key": "1",
            "label": "1 bunch",
            "text": "1 bunch (340 g)",
            "grams": 340.0,
            "magnesium_mg": 268.6,
        },
    ]
    assert spinach["portions"][-2:] == [
        {"key": "g", "label": "g", "text": "grams", "grams": 1.0, "magnesium_mg": 0.79},
        {
            "key": "oz",
            "label": "oz",
            "text": "oz (28.4 g)",
            "grams": 28.35,
            "magnesium_mg": 22.3965,
        },
    ]
    # What Add logs without touching Portion or Quantity: the default portion, 1 cup.
    assert spinach["log"] == {
        "portion": "0",
        "quantity": "1",
        "grams": 30.0,
        "magnesium_mg": 23.7,
        "amount_text": "1 cup (30 g)",
        "magnesium_text": "24 mg",
        "text": "1 cup (30 g), 24 mg",
        "source": "default",
        "note": "",
    }
    assert body["amount"] is None and body["amount_problem"] is None
    assert body["food_query"] == "spinach" and body["complete"] is True
    assert body["products"] == [] and body["not_in_database"] is None


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("almonds", "Nuts, almonds"),
        ("ALMONDS", "Nuts, almonds"),
        ("raw spinach", "Spinach, raw"),
        ("banana", "Bananas, raw"),
    ],
)
def test_api_best_match_first(client, query, expected_first):
    results = client.get(f"/api/foods?q={query}").get_json()["results"]
    assert results[0]["name"] == expected_first


@pytest.mark.parametrize(
    ("query_string", "status"),
    [
        ("q=kale&limit=0", 400),
        ("q=kale&limit=-1", 400),
        ("q=kale&limit=51", 400),
        ("q=kale&limit=abc", 400),
        ("q=kale&limit=1.5", 400),
        ("q=" + "k" * 201, 400),
        ("q=kale&limit=50", 200),
        ("q=", 200),
        ("", 200),
        ("q=%00%ff", 200),
        ("q=zzzzqqqxxx", 200),
    ],
)
def test_api_bad_parameters_are_400_never_500(client, query_string, status):
    response = client.get(f"/api/foods?{query_string}")
    assert response.status_code == status
    body = response.get_json()
    if status == 400:
        assert "error" in body
    else:
        assert isinstance(body["results"], list)


def test_empty_query_returns_no_results(client):
    assert client.get("/api/foods?q=").get_json()["results"] == []


def _custom_foods(app) -> list[Food]:
    with app.app_context():
        return list(db.session.execute(db.select(Food).where(Food.owner_id.is_not(None))).scalars())


def test_custom_food_in_mg_is_searched_and_logged(app, auth_client, client, other_user):
    response = auth_client.post(
        "/foods/mine",
        data={
            "name": "Grandma's almond granola",
            "serving_grams": "45",
            "magnesium_as": "mg",
            "magnesium_amount": "60",
        },
    )
    assert response.status_code == 302
    [food] = _custom_foods(app)
    assert (food.serving_grams_milli, food.magnesium_ug_per_serving) == (45_000, 60_000)
    results = auth_client.get("/api/foods?q=almond granola").get_json()["results"]
    mine = results[0]
    assert mine["name"] == "Grandma's almond granola"
    assert mine["ndb_number"] is None and mine["custom"] is True
    assert mine["portions"][0] == {
        "key": "0",
        "label": "1 serving (45 g)",
        "text": "1 serving (45 g)",
        "grams": 45.0,
        # 60 mg per 45 g is stored per 100 g (133.333 mg): one serving comes back 59.99985 mg.
        "magnesium_mg": 59.99985,
    }
    assert mine["log"]["text"] == "1 serving (45 g), 60 mg"

    # Logged-out visitors and other users never see it.
    assert all(
        r["id"] != mine["id"] for r in client.get("/api/foods?q=granola").get_json()["results"]
    )
    intruder = app.test_client()
    login(intruder, other_user.email)
    assert all(
        r["id"] != mine["id"] for r in intruder.get("/api/foods?q=granola").get_json()["results"]
    )
    assert add_food(intruder, DAY, int(mine["id"]), "0", "1").status_code == 400

    # Two servings: 2 × 45 g at 60 mg per 45 g = 120 mg
    assert add_food(auth_client, DAY, int(mine["id"]), "0", "2").status_code == 302
    page = auth_client.get(f"/day/{DAY.isoformat()}").get_data(as_text=True)
    assert 'data-testid="day-total-mg">120<' in page


def test_custom_food_from_percent_daily_value(app, auth_client):
    auth_client.post(
        "/foods/mine",
        data={
            "name": "Oat bar",
            "serving_grams": "40",
            "magnesium_as": "percent_dv",
            "magnesium_amount": "15",
        },
    )
    [food] = _custom_foods(app)
    assert food.magnesium_ug_per_serving == 63_000  # 15% of 420 mg
    assert food.label_percent_dv_hundredths == 1500


def test_custom_food_without_magnesium_is_unknown_not_zero(app, auth_client):
    auth_client.post(
        "/foods/mine",
        data={"name": "Mystery stew", "serving_grams": "250", "magnesium_as": "unknown"},
    )
    [food] = _custom_foods(app)
    assert food.magnesium_ug_per_100g is None
    add_food(auth_client, DAY, food.id, "0", "1")
    page = auth_client.get(f"/day/{DAY.isoformat()}").get_data(as_text=True)
    assert 'data-testid="day-total-mg">0<' in page
    assert "1 entry has no magnesium value" in page
    assert "unknown" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "Give the food a name"),
        ({"name": "x" * 201}, "200 characters"),
        ({"serving_grams": ""}, "serving size"),
        ({"serving_grams": "0"}, "between 0.1 g and 5,000 g"),
        ({"serving_grams": "-5"}, "between 0.1 g and 5,000 g"),
        ({"serving_grams": "99999"}, "between 0.1 g and 5,000 g"),
        ({"serving_grams": "abc"}, "Enter a number, such as 12 or 12.5."),
        ({"serving_grams": "NaN"}, "Enter a number, such as 12 or 12.5."),
        ({"serving_grams": "1e3"}, "Enter a number, such as 12 or 12.5."),
        ({"serving_grams": "1,000"}, "could mean 1000 or 1.000"),
        ({"magnesium_amount": "1,000"}, "could mean 1000 or 1.000"),
        ({"magnesium_amount": ""}, "Enter the magnesium"),
        ({"magnesium_amount": "-3"}, "cannot be negative"),
        ({"magnesium_amount": "6000"}, "more than 5,000 mg"),
        ({"magnesium_as": "percent_dv", "magnesium_amount": "5000"}, "1,000%"),
        ({"magnesium_as": "ppm"}, "Not a valid choice"),
    ],
)
def test_custom_food_bad_input_changes_nothing(app, auth_client, data, message):
    form = {"name": "Bar", "serving_grams": "40", "magnesium_as": "mg", "magnesium_amount": "20"}
    form.update(data)
    response = auth_client.post("/foods/mine", data=form)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _custom_foods(app) == []


def test_edit_and_delete_custom_food_keep_logged_entries(app, auth_client, other_user):
    auth_client.post(
        "/foods/mine",
        data={"name": "Bar", "serving_grams": "40", "magnesium_as": "mg", "magnesium_amount": "20"},
    )
    [food] = _custom_foods(app)
    add_food(auth_client, DAY, food.id, "0", "1")

    intruder = app.test_client()
    login(intruder, other_user.email)
    assert intruder.get(f"/foods/mine/{food.id}/edit").status_code == 404
    assert intruder.post(f"/foods/mine/{food.id}/delete").status_code == 404
    assert len(_custom_foods(app)) == 1

    edit = auth_client.post(
        f"/foods/mine/{food.id}/edit",
        data={
            "name": "Nut bar",
            "serving_grams": "40",
            "magnesium_as": "mg",
            "magnesium_amount": "30",
        },
    )
    assert edit.status_code == 302
    assert _custom_foods(app)[0].name == "Nut bar"

    assert auth_client.post(f"/foods/mine/{food.id}/delete").status_code == 302
    assert _custom_foods(app) == []
    with app.app_context():
        [entry] = db.session.execute(db.select(FoodEntry)).scalars().all()
        assert (entry.item_name, entry.food_id, entry.magnesium_ug) == ("Bar", None, 20_000)
    page = auth_client.get(f"/day/{DAY.isoformat()}").get_data(as_text=True)
    assert 'data-testid="day-total-mg">20<' in page
    # The entry whose food is gone can still be edited from its own record.
    edit_page = auth_client.get(f"/entries/{entry.id}/edit")
    assert edit_page.status_code == 200
    resp = auth_client.post(f"/entries/{entry.id}/edit", data={"portion": "0", "quantity": "2"})
    assert resp.status_code == 302
    assert 'data-testid="day-total-mg">40<' in auth_client.get(f"/day/{DAY.isoformat()}").get_data(
        as_text=True
    )


def test_security_headers_on_every_response(client):
    for path in ("/", "/api/foods?q=kale", "/nope"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"


def test_api_hides_custom_foods_from_a_cookie_copied_before_logout(app, auth_client):
    auth_client.post(
        "/foods/mine",
        data={
            "name": "Secret granola",
            "serving_grams": "40",
            "magnesium_as": "mg",
            "magnesium_amount": "20",
        },
    )
    stolen = auth_client.get_cookie("session").value
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    names = [r["name"] for r in replay.get("/api/foods?q=secret granola").get_json()["results"]]
    assert "Secret granola" in names
    auth_client.post("/logout")
    names = [r["name"] for r in replay.get("/api/foods?q=secret granola").get_json()["results"]]
    assert "Secret granola" not in names


# --- An unchanged edit changes nothing ------------------------------------------------------------


class _FormValues(HTMLParser):
    """The values an HTML form would send as it stands: inputs, checked radios."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        fields = dict(attrs)
        name = fields.get("name")
        if tag != "input" or not name or fields.get("type") == "submit":
            return
        if fields.get("type") == "radio" and "checked" not in fields:
            return
        self.values[name] = fields.get("value") or ""


def _stored(app) -> tuple:
    [food] = _custom_foods(app)
    return (
        food.name,
        food.serving_grams_milli,
        food.label_percent_dv_hundredths,
        food.magnesium_ug_per_serving,
        food.magnesium_ug_per_100g,
    )


@pytest.mark.parametrize(
    ("typed", "shown", "stored"),
    [
        # 12.25 % of 420 mg = 51.45 mg a 30 g serving (171.5 mg per 100 g). It used to show
        # 12.2 and save 51.24 mg when saved unchanged.
        ({"magnesium_as": "percent_dv", "magnesium_amount": "12.25"}, "12.25",
         (1225, 51_450, 171_500)),
        # 0.05 % = 0.21 mg; it used to become 0 mg after one unchanged save.
        ({"magnesium_as": "percent_dv", "magnesium_amount": "0.05"}, "0.05", (5, 210, 700)),
        # Past the stored hundredths, the percent is rounded once (half up) and the mg follow
        # the percent as stored: 12.26 % = 51.492 mg.
        ({"magnesium_as": "percent_dv", "magnesium_amount": "12.255"}, "12.26",
         (1226, 51_492, 171_640)),
        # mg to the microgram, as stored; per 100 g from the stored serving weight:
        # 51.457 mg in 33.333 g is 154.3725 mg per 100 g, stored as 154.373.
        ({"magnesium_as": "mg", "magnesium_amount": "51.4567", "serving_grams": "33.3333"},
         "51.457", (None, 51_457, 154_373)),
    ],
)  # fmt: skip
def test_an_unchanged_edit_changes_nothing(app, auth_client, typed, shown, stored):
    form = {"name": "Label bar", "serving_grams": "30", **typed}
    assert auth_client.post("/foods/mine", data=form).status_code == 302
    before = _stored(app)
    assert before[2:] == stored
    [food] = _custom_foods(app)
    page = auth_client.get(f"/foods/mine/{food.id}/edit").get_data(as_text=True)
    parser = _FormValues()
    parser.feed(page)
    assert parser.values["magnesium_amount"] == shown
    assert parser.values["magnesium_as"] == typed["magnesium_as"]
    for _ in range(3):
        response = auth_client.post(f"/foods/mine/{food.id}/edit", data=parser.values)
        assert response.status_code == 302, response.get_data(as_text=True)
        assert _stored(app) == before
