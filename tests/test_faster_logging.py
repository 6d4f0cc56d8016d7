"""Faster logging on the day page: recent and frequent foods, favourites, log again in one step,
copy a meal or a day, quick add in mg."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import inspect as sa_inspect

from tests.helpers import PASSWORD, add_food, add_medicine, add_supplement, food_id, login
from tracker.extensions import db
from tracker.models import FavouriteFood, Food, FoodEntry, MedicineDose, SupplementEntry, User

SPINACH, ALMONDS, BLACK_BEANS, BANANA = "11457", "12061", "16015", "09040"
CUP, OUNCE_OF_ALMONDS = "0", "4"
TODAY = date(2026, 3, 14)


class _FrozenClock:
    def now(self, tz=None):
        moment = datetime(2026, 3, 14, 12, 0, tzinfo=UTC)
        return moment.astimezone(tz) if tz else moment.replace(tzinfo=None)


@pytest.fixture(autouse=True)
def _today_is_fixed(monkeypatch):
    """ "Today" is Saturday 14 March 2026 for every user (UTC), so windows are exact."""
    monkeypatch.setattr("tracker.localtime.datetime", _FrozenClock())


def _prefixed(prefix: str, data: dict[str, str]) -> dict[str, str]:
    """Form data as the day page sends it: each faster-logging form's fields carry a prefix."""
    return {f"{prefix}-{name}": value for name, value in data.items()}


def _entries(app, user: User) -> list[FoodEntry]:
    with app.app_context():
        return list(
            db.session.execute(
                db.select(FoodEntry).where(FoodEntry.user_id == user.id).order_by(FoodEntry.id)
            ).scalars()
        )


def _list(html: str, testid: str) -> list[str]:
    """The food names of one quick-log list, in page order."""
    match = re.search(rf'data-testid="{testid}">(.*?)</ul>', html, re.S)
    if match is None:
        return []
    return re.findall(r'<span class="quick-name">([^<]+)</span>', match.group(1))


def _day(client, on: date = TODAY) -> str:
    return client.get(f"/day/{on.isoformat()}").get_data(as_text=True)


# --- recent and frequent --------------------------------------------------------------------


def test_no_history_no_quick_log_card(auth_client):
    assert "Log again in one step" not in _day(auth_client)


def test_recent_and_frequent_ordering(app, user, auth_client):
    spinach, almonds = food_id(app, SPINACH), food_id(app, ALMONDS)
    beans, banana = food_id(app, BLACK_BEANS), food_id(app, BANANA)
    # Logged in this order (ids ascending), on these days:
    for on, food, portion, quantity in [
        (TODAY - timedelta(days=120), banana, "0", "1"),  # outside the 90-day window
        (TODAY - timedelta(days=120), banana, "0", "1"),
        (TODAY - timedelta(days=120), banana, "0", "1"),
        (TODAY - timedelta(days=3), almonds, OUNCE_OF_ALMONDS, "1"),
        (TODAY - timedelta(days=2), almonds, OUNCE_OF_ALMONDS, "2"),
        (TODAY - timedelta(days=2), spinach, CUP, "1"),
        (TODAY - timedelta(days=1), beans, CUP, "1/2"),
        (TODAY - timedelta(days=5), spinach, CUP, "3"),  # backfilled: logged last, day older
    ]:
        assert add_food(auth_client, on, food, portion, quantity).status_code == 302
    html = _day(auth_client)
    # Recent: by diary day, newest first (then the latest logged that day); each food once.
    assert _list(html, "recent-foods") == [
        "Beans, black, mature seeds, cooked, boiled, without salt",
        "Spinach, raw",
        "Nuts, almonds",
        "Bananas, raw",
    ]
    # Frequent: the last 90 days, most entries first; ties go to the most recently logged.
    assert _list(html, "frequent-foods") == [
        "Spinach, raw",  # 2 entries, latest logged last of all
        "Nuts, almonds",  # 2 entries
        "Beans, black, mature seeds, cooked, boiled, without salt",
    ]
    # Each offers its last portion and quantity: almonds were last 2 × 1 oz (151.956 mg).
    assert "2 × 1 oz (23 whole kernels) · 152 mg" in html
    # Spinach last logged 3 cups (backfilled, but the latest diary day is what "last" means).
    assert "1 cup · 24 mg" in html


def _offered(html: str, testid: str) -> list[tuple[str, str]]:
    """(name, "amount · mg") of each food of one quick-log list, in page order."""
    match = re.search(rf'data-testid="{testid}">(.*?)</ul>', html, re.S)
    pattern = r'quick-name">([^<]+)</span>\s*<span class="quick-meta">([^<]+)</span>'
    return re.findall(pattern, match.group(1)) if match else []


def test_foods_beyond_the_recent_scan_are_offered_as_last_logged(app, user, auth_client):
    """A frequent food older than the latest entries comes as its newest entry in the window;
    a favourite in neither list as its newest entry at all."""
    from tracker.diary.operations import _COPIED_COLUMNS, RECENT_SCAN_ENTRIES

    almonds, spinach, banana = food_id(app, ALMONDS), food_id(app, SPINACH), food_id(app, BANANA)
    add_food(auth_client, TODAY - timedelta(days=200), almonds, OUNCE_OF_ALMONDS, "1")
    add_food(auth_client, TODAY - timedelta(days=100), almonds, OUNCE_OF_ALMONDS, "2")
    add_food(auth_client, TODAY - timedelta(days=10), spinach, CUP, "3")
    add_food(auth_client, TODAY - timedelta(days=9), spinach, CUP, "2")
    add_food(auth_client, TODAY - timedelta(days=1), banana, "0", "1")
    auth_client.post(f"/favourites/{almonds}", data={"action": "star"})
    with app.app_context():
        # Enough newer bananas that spinach and almonds fall outside the latest entries.
        source = db.session.execute(
            db.select(FoodEntry).where(FoodEntry.food_id == banana)
        ).scalar_one()
        copied = {column: getattr(source, column) for column in _COPIED_COLUMNS}
        db.session.add_all(
            FoodEntry(user_id=user.id, day=source.day, **copied) for _ in range(RECENT_SCAN_ENTRIES)
        )
        db.session.commit()
    html = _day(auth_client)
    assert [name for name, _meta in _offered(html, "recent-foods")] == ["Bananas, raw"]
    assert _offered(html, "frequent-foods")[1] == ("Spinach, raw", "2 × 1 cup · 47 mg")
    assert _offered(html, "favourite-foods") == [
        ("Nuts, almonds", "2 × 1 oz (23 whole kernels) · 152 mg")
    ]


def test_other_users_history_is_not_offered(app, other_user, auth_client):
    intruder = app.test_client()
    login(intruder, other_user.email, PASSWORD)
    add_food(intruder, TODAY, food_id(app, ALMONDS), OUNCE_OF_ALMONDS, "1")
    assert "Log again in one step" not in _day(auth_client)


# --- log again in one step --------------------------------------------------------------------


def test_log_again_uses_the_last_portion_and_quantity(app, user, auth_client):
    almonds = food_id(app, ALMONDS)
    add_food(auth_client, TODAY - timedelta(days=1), almonds, OUNCE_OF_ALMONDS, "1", "snack")
    add_food(auth_client, TODAY - timedelta(days=1), almonds, OUNCE_OF_ALMONDS, "1 1/2", "lunch")
    response = auth_client.post(
        f"/day/{TODAY}/log-again", data={"again-food_id": str(almonds), "again-meal": "same"}
    )
    assert response.status_code == 302
    # Back to the list (kept open, with the message in it) for the next food.
    assert response.headers["Location"] == f"/day/{TODAY}#quick-log"
    entry = _entries(app, user)[-1]
    assert (entry.day, entry.meal, entry.quantity_text) == (TODAY, "lunch", "1 1/2")
    assert entry.portion_label == "1 oz (23 whole kernels)"
    assert entry.magnesium_ug == 113_967  # 1.5 × 28.35 g × 268 mg / 100 g = 113.967 mg
    assert entry.time is None
    # Another meal can be chosen, or none.
    auth_client.post(
        f"/day/{TODAY}/log-again", data={"again-food_id": str(almonds), "again-meal": "dinner"}
    )
    auth_client.post(
        f"/day/{TODAY}/log-again", data={"again-food_id": str(almonds), "again-meal": ""}
    )
    assert [e.meal for e in _entries(app, user)[-2:]] == ["dinner", None]


def test_log_again_a_food_never_logged_uses_one_portion(app, user, auth_client):
    spinach = food_id(app, SPINACH)
    response = auth_client.post(
        f"/day/{TODAY}/log-again", data={"again-food_id": str(spinach), "again-meal": "same"}
    )
    assert response.status_code == 302
    entry = _entries(app, user)[-1]
    assert (entry.portion_label, entry.quantity_text, entry.magnesium_ug) == ("1 cup", "1", 23_700)


def test_log_again_at_the_top_of_the_add_form(app, user, auth_client):
    almonds, spinach = food_id(app, ALMONDS), food_id(app, SPINACH)
    add_food(auth_client, TODAY - timedelta(days=1), spinach, CUP, "2", "lunch")
    add_food(auth_client, TODAY - timedelta(days=1), almonds, OUNCE_OF_ALMONDS, "1", "snack")
    auth_client.post(f"/favourites/{spinach}", data={"action": "star"})
    auth_client.get("/")  # the star's message
    html = _day(auth_client)
    # In the Add form, before "Search foods": favourites first, then recent foods, each once.
    add_card = html[html.index('id="add"') : html.index('id="food-search"')]
    assert _list(add_card, "log-again-top") == ["Spinach, raw", "Nuts, almonds"]
    assert "2 × 1 cup · 47 mg" in add_card  # as last logged: 2 × 30 g × 79 mg / 100 g
    # Today at noon UTC the Add form starts at Lunch, and so do these buttons.
    assert 'name="again-meal" value="lunch"' in add_card
    assert "<strong data-meal-name>Lunch</strong>" in add_card

    response = auth_client.post(
        f"/day/{TODAY}/log-again",
        data=_prefixed("again", {"food_id": str(almonds), "meal": "dinner", "return_to": "add"}),
    )
    # Answered at the Add form, as an Add is: the meal kept, the confirmation with its Undo.
    assert response.headers["Location"] == f"/day/{TODAY}?meal=dinner#add"
    entry = _entries(app, user)[-1]
    assert (entry.day, entry.meal, entry.quantity_text) == (TODAY, "dinner", "1")
    html = auth_client.get(response.headers["Location"]).get_data(as_text=True)
    flashes = html[html.index('id="flashes-add"') :]
    assert "Added Nuts, almonds: 1 oz (23 whole kernels, 28.4 g), 76 mg." in flashes
    assert f'action="/entries/{entry.id}/delete"' in flashes
    assert 'name="again-meal" value="dinner"' in html


def test_no_log_again_at_the_top_without_history(auth_client):
    assert 'data-testid="log-again-top"' not in _day(auth_client)


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"food_id": "1", "meal": "same", "return_to": "entries"}, 400),
        ({"meal": "same"}, 400),
        ({"food_id": "abc", "meal": "same"}, 400),
        ({"food_id": "0", "meal": "same"}, 400),
        ({"food_id": str(10**12), "meal": "same"}, 400),
        ({"food_id": "1", "meal": "brunch"}, 400),
        ({"food_id": "999999999", "meal": "same"}, 404),
    ],
)
def test_log_again_bad_input(app, user, auth_client, data, status):
    response = auth_client.post(f"/day/{TODAY}/log-again", data=_prefixed("again", data))
    assert response.status_code == status
    assert _entries(app, user) == []


def _custom_food(app, owner: User) -> int:
    with app.app_context():
        food = Food(
            owner_id=owner.id,
            name="Grace's granola",
            serving_grams_milli=50_000,
            magnesium_ug_per_serving=20_000,
            magnesium_ug_per_100g=40_000,
        )
        db.session.add(food)
        db.session.commit()
        return food.id


def test_another_users_food_is_404(app, user, other_user, auth_client):
    theirs = _custom_food(app, other_user)
    again = auth_client.post(
        f"/day/{TODAY}/log-again", data={"again-food_id": theirs, "again-meal": "same"}
    )
    assert again.status_code == 404
    star = auth_client.post(f"/favourites/{theirs}", data={"action": "star"})
    assert star.status_code == 404
    assert _entries(app, user) == []
    with app.app_context():
        assert db.session.execute(db.select(FavouriteFood)).all() == []


# --- favourites --------------------------------------------------------------------------------


def _favourites(app, user: User) -> set[int]:
    with app.app_context():
        return set(
            db.session.execute(
                db.select(FavouriteFood.food_id).where(FavouriteFood.user_id == user.id)
            ).scalars()
        )


def test_star_and_unstar(app, user, auth_client):
    almonds, spinach = food_id(app, ALMONDS), food_id(app, SPINACH)
    add_food(auth_client, TODAY, almonds, OUNCE_OF_ALMONDS, "2")
    html = _day(auth_client)
    # The day's entry has a star button, and so does the recent list.
    assert f'form="row-actions" formaction="/favourites/{almonds}"' in html
    assert f'formaction="/favourites/{almonds}"' in html
    assert _list(html, "favourite-foods") == []

    response = auth_client.post(
        f"/favourites/{almonds}", data={"action": "star", "return_day": TODAY.isoformat()}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/day/{TODAY}#quick-log"
    assert _favourites(app, user) == {almonds}
    # Starring twice changes nothing; a food never logged can be starred too.
    auth_client.post(f"/favourites/{almonds}", data={"action": "star"})
    auth_client.post(f"/favourites/{spinach}", data={"action": "star"})
    assert _favourites(app, user) == {almonds, spinach}
    html = _day(auth_client)
    assert _list(html, "favourite-foods") == ["Nuts, almonds", "Spinach, raw"]
    assert "Starred<span" in html  # the entry row shows the star is on

    auth_client.post(f"/favourites/{almonds}", data={"action": "unstar"})
    auth_client.post(f"/favourites/{almonds}", data={"action": "unstar"})
    assert _favourites(app, user) == {spinach}


@pytest.mark.parametrize(
    "data", [{}, {"action": "toggle"}, {"action": "star", "return_day": "2026-02-30"}]
)
def test_bad_favourite_input_is_400(app, user, auth_client, data):
    almonds = food_id(app, ALMONDS)
    assert auth_client.post(f"/favourites/{almonds}", data=data).status_code == 400
    assert _favourites(app, user) == set()


def test_favourite_of_a_missing_food_is_404(auth_client):
    assert auth_client.post("/favourites/999999999", data={"action": "star"}).status_code == 404


# --- copy a meal or a day ---------------------------------------------------------------------


@pytest.fixture
def yesterday(app, user, auth_client) -> date:
    """Friday 13 March: breakfast (almonds 1 oz at 07:30, spinach 2 cups), lunch (beans)."""
    on = TODAY - timedelta(days=1)
    almonds, spinach = food_id(app, ALMONDS), food_id(app, SPINACH)
    add_food(auth_client, on, almonds, OUNCE_OF_ALMONDS, "1", "breakfast", time(7, 30))
    add_food(auth_client, on, spinach, CUP, "2", "breakfast")
    add_food(auth_client, on, food_id(app, BLACK_BEANS), CUP, "1", "lunch")
    auth_client.post(
        f"/day/{on}/quick-add", data={"quick-description": "Cocoa", "quick-magnesium_mg": "30"}
    )
    return on


# A copy is the same entry on another day: every column but these is the source's. Read from
# the model, so a column added later must be copied too (or named here, with its reason).
_NOT_COPIED = {
    "id",  # a new row
    "user_id",  # the same user, set by the copy
    "day",  # the target day
    "created_at",  # when the copy was made
    "updated_at",
}
_COPIED = tuple(
    column.key for column in sa_inspect(FoodEntry).column_attrs if column.key not in _NOT_COPIED
)


def _values(entry: FoodEntry) -> tuple:
    return tuple(getattr(entry, column) for column in _COPIED)


def test_repeat_yesterdays_breakfast(app, user, auth_client, yesterday):
    before = _entries(app, user)
    response = auth_client.post(
        f"/day/{TODAY}/copy",
        data={"copy-source_day": yesterday.isoformat(), "copy-what": "breakfast"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/day/{TODAY}#entries"
    after = _entries(app, user)
    copies = [e for e in after if e.day == TODAY]
    assert [_values(e) for e in copies] == [_values(e) for e in before[:2]]
    assert [e.day for e in after[:4]] == [yesterday] * 4  # the source is unchanged
    html = _day(auth_client)
    assert "Copied 2 foods from Friday 13 March." in html
    assert 'data-testid="day-total-mg">123<' in html  # 75.978 + 47.4 = 123.378 mg


def test_copy_a_whole_day_includes_quick_adds(app, user, auth_client, yesterday):
    response = auth_client.post(
        f"/day/{TODAY}/copy", data={"copy-source_day": yesterday.isoformat()}
    )
    assert response.status_code == 302
    copies = [e for e in _entries(app, user) if e.day == TODAY]
    assert [e.item_name for e in copies] == [
        "Nuts, almonds",
        "Spinach, raw",
        "Beans, black, mature seeds, cooked, boiled, without salt",
        "Cocoa",
    ]
    assert [e.kind for e in copies] == ["food", "food", "food", "quick_add"]
    # 75.978 + 47.4 + 120.4 + 30 = 273.778
    assert 'data-testid="day-total-mg">274<' in _day(auth_client)


def test_copy_a_whole_day_includes_supplements_but_not_timing_doses(
    app, user, auth_client, yesterday
):
    add_supplement(auth_client, yesterday, mg="150", units="2", at=time(8, 0))
    add_medicine(auth_client, yesterday, "alendronate", time(7, 0))
    response = auth_client.post(
        f"/day/{TODAY}/copy", data={"copy-source_day": yesterday.isoformat()}
    )
    assert response.status_code == 302
    with app.app_context():
        copies = list(
            db.session.execute(
                db.select(SupplementEntry).where(SupplementEntry.day == TODAY)
            ).scalars()
        )
        doses_today = db.session.execute(
            db.select(db.func.count()).select_from(MedicineDose).where(MedicineDose.day == TODAY)
        ).scalar_one()
    assert [(c.name, c.units_micro, c.magnesium_ug, c.time) for c in copies] == [
        ("Magnesium glycinate", 2_000_000, 300_000, time(8, 0))
    ]
    assert doses_today == 0
    html = _day(auth_client)
    assert "Copied 4 foods and 1 supplement from Friday 13 March." in html
    assert 'data-testid="day-supplemental-mg">300<' in html
    # A single meal never brings the supplements along.
    auth_client.post(
        f"/day/{TODAY + timedelta(days=1)}/copy",
        data={"copy-source_day": yesterday.isoformat(), "copy-what": "breakfast"},
    )
    with app.app_context():
        assert (
            db.session.execute(
                db.select(db.func.count())
                .select_from(SupplementEntry)
                .where(SupplementEntry.day == TODAY + timedelta(days=1))
            ).scalar_one()
            == 0
        )


def test_copy_a_day_with_only_supplements(app, user, auth_client):

    source = TODAY - timedelta(days=5)
    add_supplement(auth_client, source, mg="100", at=time(9, 0))
    response = auth_client.post(f"/day/{TODAY}/copy", data={"copy-source_day": source.isoformat()})
    assert response.status_code == 302
    assert "Copied 1 supplement from" in _day(auth_client)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"source_day": "2026-03-14"}, "Choose another day to copy from."),
        ({"source_day": "2026-03-13", "what": "dinner"}, "Nothing was logged for dinner on"),
        ({"source_day": "2026-03-01"}, "Nothing was logged at all on Sunday 1 March 2026"),
        ({"source_day": "2026-03-13", "what": "brunch"}, "Not a valid choice"),
        ({"source_day": "2026-02-30"}, "Not a valid date value"),
        ({"source_day": ""}, "Choose the day to copy from."),
        ({}, "Choose the day to copy from."),
    ],
)
def test_bad_copies_change_nothing(app, user, auth_client, yesterday, data, message):
    before = [_values(e) for e in _entries(app, user)]
    response = auth_client.post(f"/day/{TODAY}/copy", data=_prefixed("copy", data))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert '<details class="card more-card" id="copy-entries" open>' in html
    assert [_values(e) for e in _entries(app, user)] == before


def test_copy_only_sees_your_own_entries(app, user, other_user, auth_client):
    intruder = app.test_client()
    login(intruder, other_user.email, PASSWORD)
    add_food(intruder, TODAY - timedelta(days=1), food_id(app, ALMONDS), OUNCE_OF_ALMONDS, "1")
    response = auth_client.post(f"/day/{TODAY}/copy", data={"copy-source_day": "2026-03-13"})
    assert response.status_code == 400
    assert _entries(app, user) == []


# --- quick add ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "ug"),
    [("45", 45_000), ("62.5", 62_500), ("62,5", 62_500), ("85 mg", 85_000), ("0.001", 1),
     (" 2000 ", 2_000_000), (".5", 500)],
)  # fmt: skip
def test_quick_add(app, user, auth_client, typed, ug):
    response = auth_client.post(
        f"/day/{TODAY}/quick-add",
        data=_prefixed(
            "quick",
            {"description": "  Granola   bar (label) ", "magnesium_mg": typed, "meal": "snack"},
        ),
    )
    assert response.status_code == 302
    [entry] = _entries(app, user)
    assert (entry.kind, entry.food_id, entry.item_name) == (
        "quick_add",
        None,
        "Granola bar (label)",
    )
    assert (entry.magnesium_ug, entry.meal, entry.grams_milli) == (ug, "snack", None)
    html = _day(auth_client)
    assert "Quick add (mg typed in)" in html


def test_quick_add_counts_as_food_in_the_summaries(app, user, auth_client):
    auth_client.post(
        f"/day/{TODAY}/quick-add",
        data={"quick-description": "Cocoa drink", "quick-magnesium_mg": "62.5"},
    )
    html = _day(auth_client)
    assert 'data-testid="day-total-mg">63<' in html
    week = auth_client.get(f"/week/{TODAY}").get_data(as_text=True)
    assert 'data-testid="week-average-mg">63<' in week
    assert '<th scope="row">Cocoa drink</th><td class="num">63 mg</td>' in week


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"description": "", "magnesium_mg": "40"}, "Describe the food"),
        ({"description": "   ", "magnesium_mg": "40"}, "Describe the food"),
        ({"description": "x" * 121, "magnesium_mg": "40"}, "Field cannot be longer than 120"),
        ({"description": "Bar", "magnesium_mg": ""}, "Enter the magnesium in mg"),
        ({"description": "Bar", "magnesium_mg": "abc"}, "a number of mg we can read"),
        ({"description": "Bar", "magnesium_mg": "-5"}, "more than 0 mg"),
        ({"description": "Bar", "magnesium_mg": "0"}, "more than 0 mg"),
        ({"description": "Bar", "magnesium_mg": "0.0004"}, "more than 0 mg"),
        ({"description": "Bar", "magnesium_mg": "2000.001"}, "more than 2,000 mg"),
        ({"description": "Bar", "magnesium_mg": "1e3"}, "a number of mg we can read"),
        ({"description": "Bar", "magnesium_mg": "NaN"}, "a number of mg we can read"),
        ({"description": "Bar", "magnesium_mg": "4" * 21}, "Field cannot be longer than 20"),
        ({"description": "Bar", "magnesium_mg": "40", "meal": "brunch"}, "Not a valid choice"),
        ({"description": "Bar", "magnesium_mg": "40", "time": "25:00"}, "Not a valid time"),
    ],
)
def test_bad_quick_adds_change_nothing(app, user, auth_client, data, message):
    response = auth_client.post(f"/day/{TODAY}/quick-add", data=_prefixed("quick", data))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert '<details class="card more-card" id="quick-add" open>' in html
    assert _entries(app, user) == []


def test_edit_a_quick_add(app, user, other_user, auth_client):
    auth_client.post(
        f"/day/{TODAY}/quick-add", data={"quick-description": "Bar", "quick-magnesium_mg": "40"}
    )
    [entry] = _entries(app, user)
    # The general edit link leads to the quick-add form, which shows the exact mg.
    edit = auth_client.get(f"/entries/{entry.id}/edit")
    assert edit.status_code == 302 and edit.headers["Location"] == f"/entries/{entry.id}/quick-edit"
    form = auth_client.get(f"/entries/{entry.id}/quick-edit").get_data(as_text=True)
    assert 'value="40"' in form and 'value="Bar"' in form
    response = auth_client.post(
        f"/entries/{entry.id}/quick-edit",
        data=_prefixed(
            "quick",
            {"description": "Oat bar", "magnesium_mg": "41.25", "meal": "snack", "time": "16:00"},
        ),
    )
    assert response.status_code == 302
    [changed] = _entries(app, user)
    assert (changed.item_name, changed.magnesium_ug, changed.meal, changed.time) == (
        "Oat bar",
        41_250,
        "snack",
        time(16, 0),
    )
    bad = auth_client.post(
        f"/entries/{entry.id}/quick-edit",
        data={"quick-description": "Oat bar", "quick-magnesium_mg": "-1"},
    )
    assert bad.status_code == 400 and _entries(app, user)[0].magnesium_ug == 41_250

    intruder = app.test_client()
    login(intruder, other_user.email, PASSWORD)
    assert intruder.get(f"/entries/{entry.id}/quick-edit").status_code == 404
    stolen = intruder.post(
        f"/entries/{entry.id}/quick-edit",
        data={"quick-description": "Mine", "quick-magnesium_mg": "1"},
    )
    assert stolen.status_code == 404 and _entries(app, user)[0].item_name == "Oat bar"


def test_quick_edit_of_a_food_entry_goes_to_the_food_form(app, user, auth_client):
    add_food(auth_client, TODAY, food_id(app, SPINACH), CUP, "1")
    [entry] = _entries(app, user)
    response = auth_client.get(f"/entries/{entry.id}/quick-edit")
    assert (
        response.status_code == 302 and response.headers["Location"] == f"/entries/{entry.id}/edit"
    )


def test_forms_need_csrf(app, user, auth_client, csrf_enabled):
    almonds = food_id(app, ALMONDS)
    for url, data in [
        (f"/day/{TODAY}/quick-add", {"quick-description": "Bar", "quick-magnesium_mg": "40"}),
        (f"/day/{TODAY}/log-again", {"again-food_id": almonds, "again-meal": "same"}),
        (f"/day/{TODAY}/copy", {"copy-source_day": "2026-03-13"}),
        (f"/favourites/{almonds}", {"action": "star"}),
    ]:
        assert auth_client.post(url, data=data).status_code == 400
    assert _entries(app, user) == [] and _favourites(app, user) == set()
