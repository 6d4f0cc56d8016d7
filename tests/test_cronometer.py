"""Import from Cronometer: files written in Cronometer's format, through the real app.

Upload → preview (nothing written) → Import (one transaction); the same file twice adds
nothing; wrong files get their own message and change nothing; the entries count in every
total and show as imported on the day page and in the entries CSV.
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cronometer_files import (
    ALMONDS,
    BANANA,
    CAPSULE,
    DAILY_NUTRITION_HEADER,
    HOMEMADE,
    MYFITNESSPAL_HEADER,
    SERVINGS_HEADER,
    SPINACH,
    TYPICAL_ROWS,
    csv_text,
    servings_csv,
)
from tests.helpers import login, make_user
from tracker.account_data import cronometer
from tracker.domain.cronometer import (
    grams_in_amount,
    header_key,
    meal_for_group,
    read_clock,
    read_servings,
)
from tracker.domain.entries import Meal
from tracker.domain.errors import ValidationError
from tracker.domain.totals import ug_to_mg
from tracker.extensions import db
from tracker.models import FoodEntry, PendingImport, SupplementEntry, User, utcnow

# --- the file, read without the app ---------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "meal"),
    [
        ("Breakfast", Meal.BREAKFAST),
        ("breakfast ", Meal.BREAKFAST),
        ("BREAKFAST", Meal.BREAKFAST),
        ("Lunch", Meal.LUNCH),
        ("Dinner", Meal.DINNER),
        ("Supper", Meal.DINNER),
        ("Snacks", Meal.SNACK),
        ("Snack", Meal.SNACK),
        ("Afternoon  snack", Meal.SNACK),
        ("Uncategorized", None),
        ("Pre-workout", None),
        ("", None),
        ("Breakfast burrito place", None),
    ],
)
def test_groups_become_meals(group, meal):
    assert meal_for_group(group) == meal


@pytest.mark.parametrize(
    ("amount", "grams"),
    [
        ("1 medium banana (118 g)", "118"),
        ("2 cups (488g)", "488"),
        ("1 oz, whole kernels (28.35 g)", "28.35"),
        ("100 g", "100"),
        ("1 capsule", None),
        ("1.5 bowl", None),
        ("1 tbsp (15 ml)", None),
        ("(0 g)", None),
        ("1 huge pot (9000 g)", None),  # more than one entry may weigh: unknown
    ],
)
def test_grams_come_from_the_amount_when_it_names_them(amount, grams):
    found = grams_in_amount(amount)
    assert (None if found is None else str(found)) == grams


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8:05 AM", (8, 5)),
        ("12:00 AM", (0, 0)),
        ("12:30 PM", (12, 30)),
        ("11:59 pm", (23, 59)),
        ("7:10 p.m.", (19, 10)),
        ("20:15", (20, 15)),
        ("13:00 PM", None),
        ("25:00", None),
        ("noon", None),
    ],
)
def test_times_are_read_on_a_twelve_hour_clock(text, expected):
    found = read_clock(text)
    assert (None if found is None else (found.hour, found.minute)) == expected


def test_headers_are_compared_in_one_form():
    assert header_key("\ufeffDay") == "day"
    assert header_key(" Magnesium  (mg) ") == "magnesium (mg)"
    assert header_key("B12 (Cobalamin) (\u00b5g)") == header_key("b12 (cobalamin) (\u03bcg)")


def test_a_typical_file_is_read_by_header_name():
    file = read_servings(servings_csv())
    assert [row.food_name for row in file.rows] == [r["Food Name"] for r in TYPICAL_ROWS]
    banana, _spinach, almonds, capsule, soup = file.rows
    assert (banana.day, banana.time.isoformat(), banana.meal) == (
        date(2024, 3, 1),
        "08:05:00",
        Meal.BREAKFAST,
    )
    assert (str(banana.grams), str(banana.magnesium_mg)) == ("118", "31.86")
    assert almonds.time is None and almonds.meal is Meal.SNACK
    assert capsule.supplement and capsule.meal is Meal.DINNER  # "Supper"
    assert soup.magnesium_mg is None and soup.grams is None  # unknown, never 0
    assert not file.skipped and not file.notes
    assert len({row.origin for row in file.rows}) == 5


def test_columns_in_another_order_and_extra_columns_change_nothing():
    shuffled = ["Category", "Magnesium (mg)", "New Nutrient (µg)", *reversed(SERVINGS_HEADER)]
    moved = read_servings(csv_text(dict.fromkeys(shuffled), TYPICAL_ROWS).encode())
    assert moved.rows == read_servings(servings_csv()).rows


def test_identical_rows_are_numbered_so_both_are_kept():
    file = read_servings(servings_csv([BANANA, BANANA, SPINACH]))
    assert len(file.rows) == 3
    assert len({row.origin for row in file.rows}) == 3
    # The same rows in a longer, later export have the same origins.
    later = read_servings(servings_csv([ALMONDS, BANANA, SPINACH, BANANA], bom=False))
    assert {row.origin for row in file.rows} <= {row.origin for row in later.rows}


def test_rows_that_cannot_be_used_are_listed_with_their_reason():
    file = read_servings(
        servings_csv(
            [
                BANANA,
                {**BANANA, "Day": "03/01/2024"},
                {**BANANA, "Day": "2024-02-30"},
                {**SPINACH, "Food Name": "  "},
                {**SPINACH, "Food Name": "Spinach \u202e052"},
                {**SPINACH, "Magnesium (mg)": "lots"},
                {**SPINACH, "Magnesium (mg)": "-5"},
                {**CAPSULE, "Food Name": "Vitamin D3", "Magnesium (mg)": ""},
                {**CAPSULE, "Food Name": "Fish oil", "Magnesium (mg)": "0"},
                {**ALMONDS, "Time": "teatime"},
                {},  # a blank line: not a row
                {**HOMEMADE, "Food Name": "Soup\u200b with zero width"},
            ]
        )
    )
    reasons = {note.line: note.reason for note in file.skipped}
    assert reasons == {
        3: "the day “03/01/2024” is not a date in the form YYYY-MM-DD",
        4: "the day “2024-02-30” is not a date in the form YYYY-MM-DD",
        5: "it has no food name",
        6: "the food name contains a character that changes the direction of text (U+202E).",
        7: "the magnesium “lots” is not a number",
        8: "the magnesium “-5” is not a number",
        9: "“Vitamin D3” is a supplement without magnesium",
        10: "“Fish oil” is a supplement without magnesium",
    }
    assert [(note.line, note.reason) for note in file.notes] == [
        (11, "the time “teatime” is not a time: imported without one")
    ]
    names = [row.food_name for row in file.rows]
    assert names == ["Bananas, raw", "Almonds", "Soup with zero width"]


def _refusal(raw: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        read_servings(raw)
    return refused.value.message


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"", "The file is empty"),
        (b"\r\n\r\n", "The file is empty"),
        (csv_text(DAILY_NUTRITION_HEADER, [{"Date": "2024-03-01"}]).encode(), "daily totals only"),
        (csv_text(MYFITNESSPAL_HEADER, [{"Date": "2024-03-01"}]).encode(), "MyFitnessPal"),
        (b"name,email\r\nAda,ada@example.org\r\n", "not a Cronometer"),
        (b"Day,Time,Group,Exercise,Minutes\r\n2024-03-01,,,Walk,30\r\n", "exercises export"),
        (
            csv_text([h for h in SERVINGS_HEADER if h != "Magnesium (mg)"], [BANANA]).encode(),
            "no “Magnesium (mg)” column",
        ),
        (servings_csv()[:3] + "Ä".encode("latin-1") + servings_csv()[3:], "not UTF-8"),
        ("\ufeffDay,Food Name".encode("utf-16"), "not UTF-8"),
        (b"PK\x03\x04" + bytes(200), "spreadsheet or zip"),
        (csv_text(SERVINGS_HEADER, []).encode(), "a header but no entries"),
        (
            servings_csv([{**BANANA, "Day": "1/3/24"}, {**SPINACH, "Day": "yesterday"}]),
            "Nothing in this file can be imported: row 2: the day “1/3/24” is not a date",
        ),
        (b"Day,Food Name,Magnesium (mg)\r\n2024-03-01,a\x00b,1\r\n", "not a CSV text file"),
    ],
)
def test_wrong_files_are_refused_with_what_to_do(raw, words):
    assert words in _refusal(raw)


# --- through the app ------------------------------------------------------------------------


def _preview(client, raw: bytes, filename: str = "servings.csv"):
    return client.post(
        "/account/data/cronometer",
        data={"cronometer-file": (io.BytesIO(raw), filename)},
        content_type="multipart/form-data",
    )


def _token(page: str) -> str:
    found = re.search(r'name="token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="token" value="([^"]+)"', page
    )
    assert found, page
    return found.group(1)


def _import(client, token: str):
    return client.post("/account/data/cronometer/import", data={"token": token, "submit": "Import"})


def _counts(app: Flask, user_id: int) -> tuple[int, int]:
    with app.app_context():
        return tuple(  # type: ignore[return-value]
            db.session.execute(
                db.select(db.func.count()).select_from(model).where(model.user_id == user_id)
            ).scalar_one()
            for model in (FoodEntry, SupplementEntry)
        )


def _pending_count(app: Flask) -> int:
    with app.app_context():
        return db.session.execute(
            db.select(db.func.count()).select_from(PendingImport)
        ).scalar_one()


def test_the_page_offers_the_import_with_how_to_export(auth_client):
    page = auth_client.get("/account/data").text
    assert "Import from Cronometer" in page
    assert "Export Food &amp; Recipe Entries" in page
    assert 'name="cronometer-file"' in page


def test_preview_then_import_then_the_same_file_adds_nothing(app, auth_client, user):
    raw = servings_csv()
    response = _preview(auth_client, raw)
    assert response.status_code == 200
    page = response.text
    assert "Nothing has been imported yet" in page
    assert "5 entries over 2 days" in page
    assert "4 entries; 1 food without a magnesium value" in page
    assert "Friday 1 March 2024" in page and "Saturday 2 March 2024" in page
    assert "Import adds <strong>5 entries</strong> on 2 days" in page
    assert _counts(app, user.id) == (0, 0)  # nothing written by the preview

    response = _import(auth_client, _token(page))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/day/2024-03-02")
    assert _counts(app, user.id) == (4, 1)
    assert _pending_count(app) == 0
    with app.app_context():
        banana = db.session.execute(
            db.select(FoodEntry).filter_by(user_id=user.id, item_name="Bananas, raw")
        ).scalar_one()
        assert banana.portion_label == "1 medium banana (118 g)"
        assert banana.grams_milli == 118_000 and banana.magnesium_ug == 31_860
        assert banana.meal is Meal.BREAKFAST and banana.time.isoformat() == "08:05:00"
        soup = db.session.execute(
            db.select(FoodEntry).filter_by(user_id=user.id, item_name="Grandma's lentil soup")
        ).scalar_one()
        assert soup.magnesium_ug is None
        capsule = db.session.execute(
            db.select(SupplementEntry).filter_by(user_id=user.id)
        ).scalar_one()
        assert (capsule.name, capsule.units_text, ug_to_mg(capsule.magnesium_ug)) == (
            "Magnesium Glycinate 120 mg",
            "1",
            120,
        )

    # The day page: the names and amounts as Cronometer wrote them, marked, in the total.
    day = auth_client.get("/day/2024-03-01").text
    assert "1 medium banana (118 g)" in day
    assert day.count(">from Cronometer</span>") == 2
    total = re.search(r'data-testid="day-total-mg">([^<]+)<', day).group(1)
    assert total == "188"  # 31.86 + 156.6 = 188.46
    second = auth_client.get("/day/2024-03-02").text
    assert second.count(">from Cronometer</span>") == 3  # almonds, soup, the capsule
    assert "Magnesium Glycinate 120 mg" in second
    assert "1 entry has no magnesium value" in second
    assert re.search(r'data-testid="day-total-mg">([^<]+)<', second).group(1) == "197"

    # Again: the preview says so, and nothing is added.
    again = _preview(auth_client, raw)
    assert "5 entries of this file are in your log already" in again.text
    assert "Nothing new" in again.text
    response = _import(auth_client, _token(again.text))
    assert response.status_code == 302
    assert _counts(app, user.id) == (4, 1)
    # A later, longer export: only the new rows are added.
    longer = servings_csv([*TYPICAL_ROWS, {**BANANA, "Day": "2024-03-03"}])
    later = _preview(auth_client, longer)
    assert "Import adds <strong>1 entry</strong> on 1 day" in later.text
    _import(auth_client, _token(later.text))
    assert _counts(app, user.id) == (5, 1)


def test_imported_entries_are_marked_in_the_entries_csv(app, auth_client, user):
    _import(auth_client, _token(_preview(auth_client, servings_csv()).text))
    response = auth_client.get("/export/entries.csv?period=custom&start=2024-03-01&end=2024-03-02")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(rows) == 5
    assert {row["Imported from"] for row in rows} == {"Cronometer"}
    banana = next(row for row in rows if row["Item"] == "Bananas, raw")
    assert (banana["Amount"], banana["Grams"], banana["Magnesium (mg)"]) == (
        "1 medium banana (118 g)",
        "118",
        "31.86",
    )


def test_skipped_rows_are_shown_in_the_preview(auth_client):
    raw = servings_csv(
        [BANANA, {**BANANA, "Day": "2024-13-01"}, {**BANANA, "Day": "2024-13-02"}, CAPSULE,
         {**CAPSULE, "Food Name": "Vitamin D3", "Magnesium (mg)": ""}, {**ALMONDS, "Time": "x"}]
    )  # fmt: skip
    page = _preview(auth_client, raw).text
    assert "Rows that will be left out" in page
    assert "2 rows: the day “…” is not a date in the form YYYY-MM-DD (rows 3, 4)" in page
    assert "for example row 3: the day “2024-13-01” is not a date" in page
    assert "1 row: “Vitamin D3” is a supplement without magnesium (row 6)" in page
    assert "1 row: the time “x” is not a time: imported without one (row 7)" in page


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"", "The file is empty"),
        (csv_text(DAILY_NUTRITION_HEADER, [{"Date": "2024-03-01"}]).encode(), "daily totals only"),
        ("Day,Food Name,Magnesium (mg)\r\n2024-03-01,Käse,3\r\n".encode("cp1252"), "not UTF-8"),
    ],
)
def test_a_wrong_file_is_a_400_on_your_data_and_keeps_nothing(app, auth_client, user, raw, words):
    response = _preview(auth_client, raw)
    assert response.status_code == 400
    assert words in response.text
    assert "Import from Cronometer" in response.text
    assert _pending_count(app) == 0
    assert _counts(app, user.id) == (0, 0)


def test_no_file_chosen(auth_client):
    response = auth_client.post("/account/data/cronometer", data={})
    assert response.status_code == 400
    assert "Choose the servings.csv" in response.text


def test_a_file_over_the_limit_is_refused_before_it_is_read(app, auth_client, monkeypatch):
    monkeypatch.setattr(cronometer, "MAX_BYTES", 10_000)
    response = _preview(auth_client, servings_csv(list(TYPICAL_ROWS) * 200))
    assert response.status_code == 413
    assert _pending_count(app) == 0


def test_a_forged_or_another_users_token_imports_nothing(app, auth_client, user):
    token = _token(_preview(auth_client, servings_csv()).text)
    other = make_user(app, "grace@example.org")
    stranger = app.test_client()
    login(stranger, "grace@example.org")
    for client, sent in ((stranger, token), (auth_client, token[:-2] + "xx"), (auth_client, "")):
        response = _import(client, sent)
        assert response.status_code == 400
        assert "no longer waiting to be imported" in response.text
    assert _counts(app, user.id) == (0, 0) and _counts(app, other.id) == (0, 0)
    # The real one still works.
    assert _import(auth_client, token).status_code == 302
    assert _counts(app, user.id) == (4, 1)


def test_an_upload_waits_an_hour_at_most(app, auth_client, user):
    token = _token(_preview(auth_client, servings_csv()).text)
    with app.app_context():
        db.session.execute(
            db.update(PendingImport).values(created_at=utcnow() - timedelta(minutes=61))
        )
        db.session.commit()
    assert _import(auth_client, token).status_code == 400
    assert _counts(app, user.id) == (0, 0)


def test_a_new_upload_replaces_the_previous_one(app, auth_client, user):
    first = _token(_preview(auth_client, servings_csv([BANANA])).text)
    second = _token(_preview(auth_client, servings_csv([SPINACH])).text)
    assert _pending_count(app) == 1
    assert _import(auth_client, first).status_code == 400
    assert _import(auth_client, second).status_code == 302
    assert _counts(app, user.id) == (1, 0)


def test_cancel_forgets_the_upload(app, auth_client, user):
    token = _token(_preview(auth_client, servings_csv()).text)
    response = auth_client.post(
        "/account/data/cronometer/import", data={"token": token, "cancel": "Cancel"}
    )
    assert response.status_code == 302
    assert _pending_count(app) == 0
    assert _counts(app, user.id) == (0, 0)


def test_deleting_the_account_deletes_a_waiting_upload(app, auth_client, user):
    _preview(auth_client, servings_csv())
    with app.app_context():
        db.session.delete(db.session.get(User, user.id))
        db.session.commit()
    assert _pending_count(app) == 0


def test_a_failing_write_leaves_nothing(app, auth_client, user, monkeypatch):
    token = _token(_preview(auth_client, servings_csv()).text)

    def broken(user, row, now):
        raise RuntimeError("disk full")

    monkeypatch.setattr(cronometer, "_supplement_values", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = _import(auth_client, token)
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    assert _counts(app, user.id) == (0, 0)
    assert _pending_count(app) == 1  # still waiting: the Import can be pressed again


def test_two_presses_of_import_at_once_import_once(app, user, monkeypatch):
    first = app.test_client()
    login(first, user.email)
    token = _token(_preview(first, servings_csv()).text)
    second = app.test_client()
    login(second, user.email)
    # Both requests reach the account's lock together: without it both would write.
    real = cronometer._locked
    barrier = threading.Barrier(2, timeout=30)

    def held(who):
        barrier.wait()
        real(who)

    monkeypatch.setattr(cronometer, "_locked", held)
    results: list[int] = []

    def press(client):
        results.append(_import(client, token).status_code)

    threads = [threading.Thread(target=press, args=(c,)) for c in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(results) == [302, 400]
    assert _counts(app, user.id) == (4, 1)


def test_visitors_are_sent_to_log_in(client):
    for path in ("/account/data/cronometer", "/account/data/cronometer/import"):
        response = client.post(path)
        assert response.status_code in (302, 401, 400)
        assert response.status_code != 200


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    token=st.one_of(st.text(max_size=60), st.sampled_from(["", " ", "\x00", "a" * 5000])),
    press=st.sampled_from(["submit", "cancel", "other"]),
)
def test_the_import_form_fuzzed_is_never_a_500_and_writes_nothing(
    app, auth_client, user, token, press
):
    if not _pending_count(app):  # a real upload waits: a made-up token must not find it
        _preview(auth_client, servings_csv())
    response = auth_client.post(
        "/account/data/cronometer/import", data={"token": token, press: "x"}
    )
    assert response.status_code in (302, 400), response.status_code
    assert _counts(app, user.id) == (0, 0)
    assert _pending_count(app) == 1


def test_the_data_file_keeps_the_origins_so_a_moved_account_adds_nothing_twice(
    app, auth_client, user
):
    _import(auth_client, _token(_preview(auth_client, servings_csv()).text))
    data = auth_client.get("/account/data/export.json")
    assert data.status_code == 200
    assert data.get_json()["food_entries"][0]["origin"].startswith("cronometer:")
    make_user(app, "moved@example.org")
    moved = app.test_client()
    login(moved, "moved@example.org")
    response = moved.post(
        "/account/data/import",
        data={"file": (io.BytesIO(data.data), "data.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    again = _preview(moved, servings_csv())
    assert "5 entries of this file are in your log already" in again.text
    assert ">from Cronometer</span>" in moved.get("/day/2024-03-01").text


def test_a_data_file_listing_one_origin_twice_is_refused(app, auth_client, user):
    _import(auth_client, _token(_preview(auth_client, servings_csv()).text))
    data = auth_client.get("/account/data/export.json").get_json()
    data["food_entries"].append(dict(data["food_entries"][0]))
    make_user(app, "twice@example.org")
    other = app.test_client()
    login(other, "twice@example.org")
    response = other.post(
        "/account/data/import",
        data={"file": (io.BytesIO(json.dumps(data).encode()), "data.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "food_entries[4].origin: this origin is listed twice." in response.text


def test_previews_and_imports_are_limited_per_account(app, auth_client, user):
    from tracker.extensions import limiter

    saved = app.config["IMPORT_RATE_LIMIT"], app.config["RATE_LIMITS_ENABLED"]
    app.config.update(IMPORT_RATE_LIMIT="2 per hour", RATE_LIMITS_ENABLED=True)
    limiter.reset()
    try:
        _preview(auth_client, servings_csv())
        token = _token(_preview(auth_client, servings_csv()).text)
        assert _import(auth_client, token).status_code == 302
        blocked = _preview(auth_client, servings_csv())
        assert blocked.status_code == 429
        assert "imported a data file many times" in blocked.text
        assert _pending_count(app) == 0
    finally:
        limiter.reset()
        app.config["IMPORT_RATE_LIMIT"], app.config["RATE_LIMITS_ENABLED"] = saved


def test_editing_an_entry_without_grams_changes_only_its_meal_and_time(app, auth_client, user):
    served = {**HOMEMADE, "Amount": "1 serving", "Magnesium (mg)": "50"}
    _import(auth_client, _token(_preview(auth_client, servings_csv([served, BANANA])).text))
    with app.app_context():
        soup = db.session.execute(
            db.select(FoodEntry).filter_by(user_id=user.id, item_name=served["Food Name"])
        ).scalar_one()
        soup_id = soup.id
    page = auth_client.get(f"/entries/{soup_id}/edit")
    assert page.status_code == 200
    assert "Amount: <strong>1 serving</strong>" in page.text
    version = re.search(r'name="loaded_version" value="([^"]+)"', page.text).group(1)
    form = {"portion": "kept", "quantity": "1", "time": "18:30", "loaded_version": version}
    response = auth_client.post(f"/entries/{soup_id}/edit", data={**form, "meal": "lunch"})
    assert response.status_code == 302
    with app.app_context():
        soup = db.session.get(FoodEntry, soup_id)
        assert (soup.meal, soup.time.isoformat()) == (Meal.LUNCH, "18:30:00")
        assert (soup.magnesium_ug, soup.grams_milli, soup.portion_label) == (
            50_000,
            None,
            "1 serving",
        )
    # Another portion can't be slipped in: nothing to scale it by.
    refused = auth_client.post(
        f"/entries/{soup_id}/edit", data={**form, "portion": "g", "quantity": "500", "meal": ""}
    )
    assert refused.status_code in (400, 409)
    with app.app_context():
        assert db.session.get(FoodEntry, soup_id).magnesium_ug == 50_000


# --- Calcium and vitamin D: read when the export has them, unknown otherwise ----------------

MILK = {
    "Day": "2024-03-03", "Time": "7:30 AM", "Group": "Breakfast",
    "Food Name": "Milk, whole, 3.25% milkfat", "Amount": "1 cup (244 g)",
    "Magnesium (mg)": "24.4", "Calcium (mg)": "275.72", "Vitamin D (IU)": "124.44",
    "Category": "Dairy and Egg Products",
}  # fmt: skip


def test_calcium_and_vitamin_d_are_read_when_given_and_unknown_when_not():
    file = read_servings(servings_csv([BANANA, MILK, SPINACH]))
    banana, milk, spinach = file.rows
    assert (banana.calcium_mg, banana.vitamin_d_ug) == (Decimal("5.9"), None)
    assert (milk.calcium_mg, milk.vitamin_d_ug) == (Decimal("275.72"), Decimal("3.111"))
    assert (spinach.calcium_mg, spinach.vitamin_d_ug) == (None, None)  # empty: never 0
    # Newer exports write vitamin D in µg (either µ); a cell that is not a number is unknown.
    header = [
        ("Vitamin D (\u03bcg)" if name == "Vitamin D (IU)" else name) for name in SERVINGS_HEADER
    ]
    rows = [{**MILK, "Vitamin D (\u03bcg)": "3.1"}, {**BANANA, "Calcium (mg)": "n/a"}]
    milk, banana = read_servings(csv_text(header, rows).encode("utf-8")).rows
    assert milk.vitamin_d_ug == Decimal("3.1") and banana.calcium_mg is None
    # The origin does not depend on them: a file imported before they were read adds nothing.
    assert read_servings(servings_csv([BANANA])).rows[0].origin == (
        read_servings(servings_csv([{**BANANA, "Calcium (mg)": ""}])).rows[0].origin
    )


def test_imported_calcium_and_vitamin_d_count_in_the_days_bone_companions(app, auth_client, user):
    _import(auth_client, _token(_preview(auth_client, servings_csv([MILK, CAPSULE])).text))
    with app.app_context():
        milk = db.session.execute(
            db.select(FoodEntry).filter_by(user_id=user.id, item_name=MILK["Food Name"])
        ).scalar_one()
        assert (milk.calcium_ug, milk.vitamin_d_ng) == (275_720, 3_111)
        capsule = db.session.execute(db.select(SupplementEntry).filter_by(user_id=user.id))
        assert capsule.scalar_one().calcium_ug is None  # no calcium column value: unknown
    page = auth_client.get("/day/2024-03-03").text
    calcium = re.search(r'data-testid="day-calcium-mg"[^>]*>([^<]+)<', page)
    vitamin_d = re.search(r'data-testid="day-vitamin-d-ug"[^>]*>([^<]+)<', page)
    assert calcium and calcium.group(1).strip() == "276"
    assert vitamin_d and vitamin_d.group(1).strip() == "3"
