"""The day page through the real stack: log, edit, delete, totals, other users, bad input."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.helpers import PASSWORD, add_food, food_id, login, make_user
from tracker.extensions import db
from tracker.models import FoodEntry

DAY = date(2026, 3, 14)
SPINACH, ALMONDS, BLACK_BEANS = "11457", "12061", "16015"


def _entries(app) -> list[FoodEntry]:
    with app.app_context():
        return list(db.session.execute(db.select(FoodEntry).order_by(FoodEntry.id)).scalars())


def _total_on(client, day: date) -> int:
    page = client.get(f"/day/{day.isoformat()}").get_data(as_text=True)
    marker = 'data-testid="day-total-mg">'
    start = page.index(marker) + len(marker)
    return int(page[start : page.index("<", start)].replace(",", ""))


def test_full_flow_register_profile_search_log_edit_delete(app, client):
    client.post(
        "/register",
        data={"email": "flow@example.org", "password": PASSWORD, "confirm_password": PASSWORD},
    )
    client.post(
        "/profile",
        data={
            "birth_year": "1958",
            "birth_month": "3",
            "sex": "female",
            "reproductive_status": "none",
            "timezone": "UTC",
        },
    )
    found = client.get("/api/foods?q=spinach&limit=3").get_json()["results"]
    spinach = found[0]
    assert spinach["name"] == "Spinach, raw"
    assert spinach["magnesium_mg_per_100g"] == 79.0
    cup = next(p for p in spinach["portions"] if p["label"] == "1 cup")
    assert cup["grams"] == 30.0

    almonds = food_id(app, ALMONDS)
    beans = food_id(app, BLACK_BEANS)
    assert add_food(client, DAY, int(spinach["id"]), cup["key"], "1", "lunch").status_code == 302
    # "1 oz (23 whole kernels)" is USDA's fifth almond portion: 28.35 g.
    assert add_food(client, DAY, almonds, "4", "1", "snack", time(15, 30)).status_code == 302
    assert add_food(client, DAY, beans, "0", "1/2", "dinner").status_code == 302

    entries = _entries(app)
    assert [e.magnesium_ug for e in entries] == [23_700, 75_978, 60_200]
    assert [e.grams_milli for e in entries] == [30_000, 28_350, 86_000]
    # 23.7 + 75.978 + 60.2 = 159.878 mg, shown as 160
    assert _total_on(client, DAY) == 160
    page = client.get(f"/day/{DAY.isoformat()}").get_data(as_text=True)
    assert "Women 51 and older: 320 mg a day (NIH Office of Dietary Supplements)" in page
    assert "(50%)" in page
    assert "0.5 × 1 cup" in page and "86 g" in page

    # Edit: 2 cups of spinach
    spinach_entry = entries[0]
    response = client.post(
        f"/entries/{spinach_entry.id}/edit",
        data={"portion": cup["key"], "quantity": "2", "meal": "lunch", "time": "12:15"},
    )
    assert response.status_code == 302
    assert _entries(app)[0].magnesium_ug == 47_400
    assert _entries(app)[0].time == time(12, 15)
    assert _total_on(client, DAY) == 184  # 47.4 + 75.978 + 60.2 = 183.578

    # Delete the almonds
    assert client.post(f"/entries/{entries[1].id}/delete").status_code == 302
    assert len(_entries(app)) == 2
    assert _total_on(client, DAY) == 108  # 47.4 + 60.2 = 107.6


@pytest.mark.parametrize(
    ("portion", "quantity", "expected_ug", "expected_grams_milli"),
    [
        ("g", "100", 79_000, 100_000),
        ("g", "12.5", 9_875, 12_500),
        ("oz", "1", 22_397, 28_350),  # 28.35 g × 0.79 = 22.3965 mg
        ("0", "1 1/2", 35_550, 45_000),
        ("0", "½", 11_850, 15_000),
        ("0", "0,5", 11_850, 15_000),
        ("1", "1/3", 89_533, 113_333),  # a bunch is 340 g: 340/3 × 0.79 = 89.5333 mg
    ],
)
def test_portions_and_quantities(
    app, auth_client, portion, quantity, expected_ug, expected_grams_milli
):
    response = add_food(auth_client, DAY, food_id(app, SPINACH), portion, quantity)
    assert response.status_code == 302, response.get_data(as_text=True)
    [entry] = _entries(app)
    assert entry.magnesium_ug == expected_ug
    assert entry.grams_milli == expected_grams_milli


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"quantity": ""}, "Enter a quantity"),
        ({"quantity": "0"}, "more than zero"),
        ({"quantity": "-2"}, ""),
        ({"quantity": "abc"}, ""),
        ({"quantity": "1/0"}, ""),
        ({"quantity": "9" * 25}, "Field cannot be longer than 20 characters."),
        ({"portion": "g", "quantity": "5001"}, "5 kg"),
        ({"portion": "g", "quantity": "99999999"}, "5 kg"),
        ({"portion": "0", "quantity": "1001"}, "1,000 portions"),
        ({"portion": "1", "quantity": "15"}, "5 kg"),  # 15 bunches = 5.1 kg
        ({"portion": "99"}, "Choose one of the portions"),
        ({"portion": ""}, "Choose a portion"),
        ({"food_id": ""}, "Choose a food first"),
        ({"food_id": "999999999"}, "not in the database"),
        ({"food_id": "abc"}, "not in the database"),
        ({"meal": "brunch"}, "Not a valid choice"),
        ({"time": "25:61"}, "Not a valid time"),
    ],
)
def test_bad_entries_change_nothing(app, auth_client, data, message):
    form = {
        "food_id": str(food_id(app, SPINACH)),
        "portion": "0",
        "quantity": "1",
        "meal": "",
        "time": "",
    }
    form.update(data)
    response = auth_client.post(f"/day/{DAY.isoformat()}/entries", data=form)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _entries(app) == []


def test_bad_edit_changes_nothing(app, auth_client):
    add_food(auth_client, DAY, food_id(app, SPINACH), "0", "1")
    [entry] = _entries(app)
    response = auth_client.post(
        f"/entries/{entry.id}/edit", data={"portion": "0", "quantity": "-1"}
    )
    assert response.status_code == 400
    [after] = _entries(app)
    assert (after.quantity_micro, after.magnesium_ug) == (entry.quantity_micro, entry.magnesium_ug)


@pytest.mark.parametrize(
    "path",
    ["/day/2026-02-30", "/day/2026-13-01", "/day/26-01-01", "/day/yesterday", "/day/0001-01-01"],
)
def test_malformed_dates_are_404(auth_client, path):
    response = auth_client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_another_users_entries_are_404_and_untouched(app, auth_client, other_user):
    add_food(auth_client, DAY, food_id(app, SPINACH), "0", "1")
    [entry] = _entries(app)
    intruder = app.test_client()
    login(intruder, other_user.email)
    assert intruder.get(f"/entries/{entry.id}/edit").status_code == 404
    assert (
        intruder.post(
            f"/entries/{entry.id}/edit", data={"portion": "0", "quantity": "9"}
        ).status_code
        == 404
    )
    assert intruder.post(f"/entries/{entry.id}/delete").status_code == 404
    assert _entries(app)[0].quantity_micro == 1_000_000
    assert _total_on(intruder, DAY) == 0
    assert _total_on(auth_client, DAY) == 24


def test_unknown_entry_ids_are_404(auth_client):
    assert auth_client.get("/entries/987654/edit").status_code == 404
    assert auth_client.post("/entries/987654/delete").status_code == 404


def test_today_follows_the_users_time_zone(app, client):
    zone = "Pacific/Kiritimati"  # UTC+14: often a different date from UTC
    user = make_user(app, "tz@example.org", timezone=zone)
    login(client, user.email)
    local = datetime.now(ZoneInfo(zone)).date()
    page = client.get("/").get_data(as_text=True)
    assert f"Today, {local:%A} {local.day} {local:%B %Y}" in page
    assert f'href="/day/{(local - timedelta(days=1)).isoformat()}"' in page
    assert f'href="/day/{(local + timedelta(days=1)).isoformat()}"' in page


def test_empty_day_says_so(auth_client):
    page = auth_client.get(f"/day/{DAY.isoformat()}").get_data(as_text=True)
    assert "Nothing logged yet on this day" in page
    assert 'data-testid="day-total-mg">0<' in page


def test_search_without_javascript(app, auth_client):
    page = auth_client.get(f"/day/{DAY.isoformat()}?q=almonds").get_data(as_text=True)
    assert "Nuts, almonds" in page
    almonds = food_id(app, ALMONDS)
    chosen = auth_client.get(f"/day/{DAY.isoformat()}?q=almonds&food={almonds}").get_data(
        as_text=True
    )
    assert "Chosen food: <strong>Nuts, almonds</strong>" in chosen
    # Its default portion preselected, each option with its grams.
    assert '<option selected value="4">1 oz (23 whole kernels, 28.4 g)</option>' in chosen
    # USDA already lists an ounce, so the app does not add a second one.
    assert chosen.count(">oz (") == 0


def test_mg_stored_exactly(app, auth_client):
    add_food(auth_client, DAY, food_id(app, ALMONDS), "g", "0.001")
    [entry] = _entries(app)
    assert entry.grams_milli == 1
    assert Decimal(entry.magnesium_ug) == Decimal(3)  # 0.001 g × 2.68 mg/g = 0.00268 mg → 3 µg


def test_five_kilograms_in_grams_is_accepted(app, auth_client):
    # 5,000 g is 5e9 quantity micro-units: more than a 32-bit column holds (PostgreSQL).
    response = add_food(auth_client, DAY, food_id(app, SPINACH), "g", "5000")
    assert response.status_code == 302
    [entry] = _entries(app)
    assert (entry.quantity_micro, entry.grams_milli, entry.magnesium_ug) == (
        5_000_000_000,
        5_000_000,
        3_950_000,
    )
