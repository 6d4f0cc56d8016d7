"""Export page, CSV files, the PDF report, share links and the user's own data, through the
real stack.

Numbers are worked out by hand from the USDA values: spinach 79 mg per 100 g (1 cup = 30 g,
23.7 mg), almonds 268 mg per 100 g (1 oz = 28.35 g, 75.978 mg), black beans 70 mg per 100 g
(1 cup = 172 g; half a cup 60.2 mg).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from tests.helpers import (
    PASSWORD,
    add_food,
    add_medicine,
    add_supplement,
    food_id,
    login,
    make_user,
)
from tests.routes import row_counts, snapshot
from tracker.account_data.operations import FORMAT_VERSION, export_user_data
from tracker.domain.periods import DateRange
from tracker.exports.csv_export import DAILY_COLUMNS, ENTRY_COLUMNS, neutralise
from tracker.extensions import db
from tracker.models import (
    DayStatus,
    DoseConfirmation,
    FavouriteFood,
    Food,
    FoodEntry,
    FoodPortion,
    MedicineDose,
    Recipe,
    RecipeIngredient,
    Schedule,
    SchedulePlan,
    ShareLink,
    SupplementEntry,
    SupplementProduct,
    User,
)
from tracker.reports import operations as reports
from tracker.sharing import operations as sharing

START = date(2024, 3, 1)
END = date(2024, 3, 7)
RANGE_QUERY = {"period": "custom", "start": START.isoformat(), "end": END.isoformat()}
SPINACH, ALMONDS, BEANS = "11457", "12061", "16015"
BOM = b"\xef\xbb\xbf"
A4_POINTS = (595.28, 841.89)
LETTER_POINTS = (612.0, 792.0)


# --- Helpers ------------------------------------------------------------------------------------


def _log_week(app, client) -> None:
    """A week with foods, a quick add, supplements, a medicine and a spacing conflict.

    Mar 1: spinach 1 cup (23.7) + almonds 1 oz at 15:30 (75.978) = 99.678 mg -> 100
    Mar 2: beans 1/2 cup (60.2) + glycinate 2 x 120 mg at 08:00 (240) = 300.2 -> 300
    Mar 3: nothing logged
    Mar 4: quick add 45.5 mg + milk of magnesia 2 x 250 mg at 21:00 (500, over the UL of 350)
    Mar 5: alendronate at 07:00 and glycinate 1 x 120 mg at 08:00 (1 hour apart: a conflict)
           + spinach 2 cups (47.4) = 167.4 -> 167; marked complete
    Mar 8 (outside the range): almonds 1 oz
    """
    spinach, almonds, beans = (food_id(app, ndb) for ndb in (SPINACH, ALMONDS, BEANS))
    assert add_food(client, date(2024, 3, 1), spinach, "0", "1", "lunch").status_code == 302
    assert (
        add_food(client, date(2024, 3, 1), almonds, "4", "1", "snack", time(15, 30)).status_code
        == 302
    )
    assert add_food(client, date(2024, 3, 2), beans, "0", "1/2", "dinner").status_code == 302
    assert (
        add_supplement(client, date(2024, 3, 2), mg="120", units="2", at=time(8)).status_code == 302
    )
    quick = client.post(
        "/day/2024-03-04/quick-add",
        data={"quick-description": "Granola bar (label)", "quick-magnesium_mg": "45.5"},
    )
    assert quick.status_code == 302
    assert (
        add_supplement(
            client,
            date(2024, 3, 4),
            name="Milk of magnesia",
            form="hydroxide",
            mg="250",
            units="2",
            at=time(21),
            preset="milk-of-magnesia",
        ).status_code
        == 302
    )
    assert add_medicine(client, date(2024, 3, 5), "alendronate", time(7)).status_code == 302
    assert (
        add_supplement(client, date(2024, 3, 5), mg="120", units="1", at=time(8)).status_code == 302
    )
    assert add_food(client, date(2024, 3, 5), spinach, "0", "2", "dinner").status_code == 302
    assert client.post("/day/2024-03-05/complete", data={"completed": "1"}).status_code == 302
    assert add_food(client, date(2024, 3, 8), almonds, "4", "1").status_code == 302


def _csv_rows(response) -> list[dict[str, str]]:
    body = response.data
    assert body.startswith(BOM)
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def _testid(page: str, name: str) -> str:
    match = re.search(rf'data-testid="{name}">([^<]*)<', page)
    assert match, name
    return match.group(1)


def _pdf_text(body: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(body))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def _user(app, email: str) -> User:
    with app.app_context():
        user = db.session.execute(db.select(User).filter_by(email=email)).scalar_one()
        db.session.expunge(user)
        return user


def _import(client, body: bytes):
    """Upload a data file through the "Your data" page's import form."""
    return client.post(
        "/account/data/import",
        data={"file": (io.BytesIO(body), "data.json")},
        content_type="multipart/form-data",
    )


def _new_client(app, email: str = "new@example.org"):
    """A new, empty account, logged in."""
    make_user(app, email)
    client = app.test_client()
    login(client, email)
    return client


def _utc(moment: datetime) -> datetime:
    # SQLite gives timestamps back without their zone (written in UTC); PostgreSQL with one.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _new_link(response) -> str:
    match = re.search(r'id="new-link-url" type="text" readonly value="([^"]+)"', response.text)
    assert match, response.text
    return match.group(1).removeprefix("http://localhost")


# --- The export page ----------------------------------------------------------------------------


def test_export_page_defaults_to_the_last_30_days_in_the_users_time_zone(app):
    # UTC+14: "today" there is usually tomorrow in UTC.
    make_user(app, "kiribati@example.org", timezone="Pacific/Kiritimati")
    client = app.test_client()
    login(client, "kiribati@example.org")
    page = client.get("/export").text
    today = datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    start = today - timedelta(days=29)
    assert f'name="start" type="date" value="{start.isoformat()}"' in page
    assert f'name="end" type="date" value="{today.isoformat()}"' in page
    for label in (
        "Download CSV",
        "Download daily totals CSV",
        "Download PDF report",
        "Download for health records (FHIR)",
    ):
        assert label in page
    rows = _csv_rows(client.get("/export/daily-totals.csv"))
    assert rows[0]["Date"] == start.isoformat()
    assert rows[-1]["Date"] == today.isoformat()
    assert len(rows) == 30


def test_export_link_is_in_the_navigation(auth_client):
    assert 'href="/export">Export</a>' in auth_client.get("/").text


@pytest.mark.parametrize(("period", "days"), [("7", 7), ("30", 30), ("90", 90)])
def test_preset_periods_include_today(auth_client, period, days):
    rows = _csv_rows(auth_client.get("/export/daily-totals.csv", query_string={"period": period}))
    assert len(rows) == days
    today = datetime.now(UTC).date()
    assert rows[-1]["Date"] == today.isoformat()
    assert rows[0]["Date"] == (today - timedelta(days=days - 1)).isoformat()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"period": "custom", "start": "2024-03-07", "end": "2024-03-01"}, "on or after"),
        ({"period": "custom", "start": "2021-03-01", "end": "2024-03-01"}, "at most 1,096 days"),
        ({"period": "custom", "start": "2024-02-30", "end": "2024-03-01"}, "Not a valid date"),
        ({"period": "custom", "end": "2024-03-01"}, "Enter the first day"),
        ({"period": "custom", "start": "2024-03-01"}, "Enter the last day"),
        ({"period": "14"}, "Not a valid choice"),
        ({"period": "custom", "start": "1899-12-31", "end": "1900-01-02"}, "from 1900 to 2199"),
        ({"period": "7", "paper": "a3"}, "Not a valid choice"),
        ({"period": "7", "name": "x" * 81}, "80 characters"),
    ],
)
@pytest.mark.parametrize(
    "path", ["/export", "/export/entries.csv", "/export/daily-totals.csv", "/export/report.pdf"]
)
def test_bad_ranges_are_form_errors(auth_client, path, query, message):
    response = auth_client.get(path, query_string=query)
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert message in response.text


@pytest.mark.parametrize(("days", "status"), [(1096, 200), (1097, 400), (1, 200)])
def test_the_longest_range_is_three_years(auth_client, days, status):
    end = date(2024, 12, 31)
    query = {
        "period": "custom",
        "start": (end - timedelta(days=days - 1)).isoformat(),
        "end": end.isoformat(),
    }
    response = auth_client.get("/export/daily-totals.csv", query_string=query)
    assert response.status_code == status
    if status == 200:
        assert len(_csv_rows(response)) == days


def test_exports_need_a_login(client):
    for path in ("/export", "/export/entries.csv", "/export/report.pdf", "/account/data"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


# --- CSV ----------------------------------------------------------------------------------------


def test_entries_csv_parsed_back_equals_the_log(app, auth_client, user, other_user):
    _log_week(app, auth_client)
    # Another user's entry on the same day must not appear.
    other = app.test_client()
    login(other, other_user.email)
    add_food(other, date(2024, 3, 1), food_id(app, BEANS), "0", "3")

    response = auth_client.get("/export/entries.csv", query_string=RANGE_QUERY)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="magnesium-entries-2024-03-01-to-2024-03-07.csv"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    assert b"\r\n" in response.data and b"\n\n" not in response.data
    rows = _csv_rows(response)
    assert tuple(rows[0].keys()) == ENTRY_COLUMNS

    simple = [
        (r["Date"], r["Time"], r["Meal"], r["Kind"], r["Item"], r["Source"], r["Magnesium (mg)"])
        for r in rows
    ]
    assert simple == [
        ("2024-03-01", "", "Lunch", "food", "Spinach, raw", SPINACH, "23.7"),
        ("2024-03-01", "15:30", "Snack", "food", "Nuts, almonds", ALMONDS, "75.978"),
        (
            "2024-03-02",
            "",
            "Dinner",
            "food",
            "Beans, black, mature seeds, cooked, boiled, without salt",
            BEANS,
            "60.2",
        ),
        ("2024-03-02", "08:00", "", "supplement", "Magnesium glycinate", "custom", "240"),
        ("2024-03-04", "", "", "quick add", "Granola bar (label)", "custom", "45.5"),
        ("2024-03-04", "21:00", "", "medicine", "Milk of magnesia", "custom", "500"),
        ("2024-03-05", "", "Dinner", "food", "Spinach, raw", SPINACH, "47.4"),
        ("2024-03-05", "07:00", "", "medicine", "Alendronate", "custom", ""),
        ("2024-03-05", "08:00", "", "supplement", "Magnesium glycinate", "custom", "120"),
    ]
    by_item = {(r["Date"], r["Item"]): r for r in rows}
    almonds = by_item[("2024-03-01", "Nuts, almonds")]
    assert (almonds["Amount"], almonds["Grams"]) == ("1 oz (23 whole kernels)", "28.35")
    beans = by_item[("2024-03-02", "Beans, black, mature seeds, cooked, boiled, without salt")]
    assert (beans["Amount"], beans["Grams"]) == ("0.5 × 1 cup", "86")
    glycinate = by_item[("2024-03-02", "Magnesium glycinate")]
    assert glycinate["Form"] == "Glycinate / bisglycinate"
    assert glycinate["Magnesium per unit (mg)"] == "120"
    assert glycinate["Amount"] == "2 units"
    magnesia = by_item[("2024-03-04", "Milk of magnesia")]
    assert (magnesia["Form"], magnesia["Magnesium per unit (mg)"]) == ("Hydroxide", "250")
    alendronate = by_item[("2024-03-05", "Alendronate")]
    assert alendronate["Form"].startswith("Bisphosphonate")
    assert alendronate["Magnesium per unit (mg)"] == ""
    quick = by_item[("2024-03-04", "Granola bar (label)")]
    assert (quick["Amount"], quick["Grams"]) == ("", "")

    # Every mg figure equals the stored log exactly, for every entry in the range.
    with app.app_context():
        stored = sorted(
            [
                (e.day.isoformat(), e.item_name, Decimal(e.magnesium_ug) / 1000)
                for e in db.session.execute(
                    db.select(FoodEntry).where(
                        FoodEntry.user_id == user.id, FoodEntry.day.between(START, END)
                    )
                ).scalars()
            ]
            + [
                (e.day.isoformat(), e.name, Decimal(e.magnesium_ug) / 1000)
                for e in db.session.execute(
                    db.select(SupplementEntry).where(SupplementEntry.user_id == user.id)
                ).scalars()
            ]
        )
    parsed = sorted(
        (r["Date"], r["Item"], Decimal(r["Magnesium (mg)"])) for r in rows if r["Magnesium (mg)"]
    )
    assert parsed == stored
    assert sum(value for *_rest, value in parsed) == Decimal("1112.778")


def test_unknown_magnesium_is_an_empty_cell_not_zero(app, auth_client, user):
    auth_client.post(
        "/foods/mine",
        data={"name": "Mystery stew", "serving_grams": "250", "magnesium_as": "unknown"},
    )
    with app.app_context():
        stew = db.session.execute(db.select(Food).filter_by(owner_id=user.id)).scalar_one()
    add_food(auth_client, START, stew.id, "0", "1")
    [row] = _csv_rows(auth_client.get("/export/entries.csv", query_string=RANGE_QUERY))
    assert (row["Item"], row["Source"], row["Grams"], row["Magnesium (mg)"]) == (
        "Mystery stew",
        "custom",
        "250",
        "",
    )


def test_daily_totals_equal_the_day_pages(app, auth_client, user):
    auth_client.post(
        "/profile",
        data={
            "birth_year": "1958",
            "birth_month": "3",
            "sex": "female",
            "reproductive_status": "none",
            "timezone": "UTC",
        },
    )
    _log_week(app, auth_client)
    response = auth_client.get("/export/daily-totals.csv", query_string=RANGE_QUERY)
    rows = {row["Date"]: row for row in _csv_rows(response)}
    assert tuple(next(iter(rows.values())).keys()) == DAILY_COLUMNS
    assert list(rows) == [(START + timedelta(days=n)).isoformat() for n in range(7)]

    expected = {
        "2024-03-01": ("100", "0", "100", "31", "no", "no"),
        "2024-03-02": ("60", "240", "300", "94", "no", "no"),
        # 45.5 + 500 = 545.5: 546 mg, but 545.5 / 320 = 170.47%: 170
        "2024-03-04": ("46", "500", "546", "170", "yes", "no"),
        "2024-03-05": ("47", "120", "167", "52", "no", "yes"),
    }
    for day, (food, supplemental, total, percent, over, completed) in expected.items():
        row = rows[day]
        assert (
            row["Food magnesium (mg)"],
            row["Supplemental magnesium (mg)"],
            row["Total magnesium (mg)"],
            row["% of reference"],
            row["Over supplemental UL"],
            row["Completed"],
        ) == (food, supplemental, total, percent, over, completed), day
        assert row["Reference intake (mg)"] == "320"  # women 51 and older
        page = auth_client.get(f"/day/{day}").text
        assert _testid(page, "day-total-mg") == row["Total magnesium (mg)"]
        assert _testid(page, "day-food-mg") == row["Food magnesium (mg)"]
        assert _testid(page, "day-supplemental-mg") == row["Supplemental magnesium (mg)"]
        assert f"({row['% of reference']}%)" in page
        assert f"of {row['Reference intake (mg)']} mg" in page
    # A day with nothing logged is empty, never 0 mg.
    assert rows["2024-03-03"]["Total magnesium (mg)"] == ""
    assert rows["2024-03-03"]["% of reference"] == ""
    assert rows["2024-03-03"]["Reference intake (mg)"] == "320"


@pytest.mark.parametrize(
    ("typed", "cell"),
    [
        ('=HYPERLINK("http://x.test","click")', '\'=HYPERLINK("http://x.test","click")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\uff1dHYPERLINK(1)", "'\uff1dHYPERLINK(1)"),
        ("Magnesium =2", "Magnesium =2"),
        ("'quoted", "'quoted"),
        ('Mg "Forte", 2', 'Mg "Forte", 2'),
    ],
)
def test_cells_a_spreadsheet_would_run_are_neutralised(app, auth_client, typed, cell):
    assert add_supplement(auth_client, START, name=typed, mg="100").status_code == 302
    auth_client.post(
        f"/day/{START.isoformat()}/quick-add",
        data={"quick-description": typed, "quick-magnesium_mg": "10"},
    )
    response = auth_client.get("/export/entries.csv", query_string=RANGE_QUERY)
    rows = _csv_rows(response)
    assert [row["Item"] for row in rows] == [cell, cell]
    if typed.startswith("Mg"):
        # RFC 4180: a field with quotes or commas is quoted, its quotes doubled.
        assert b'"Mg ""Forte"", 2"' in response.data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("=1", "'=1"),
        ("", ""),
        ("1 cup", "1 cup"),
        # Full-width and small forms: spreadsheets read them as = + - @.
        ("\uff1dHYPERLINK(1)", "'\uff1dHYPERLINK(1)"),
        ("\uff0b1+1", "'\uff0b1+1"),
        ("\uff0d2+3", "'\uff0d2+3"),
        ("\uff20SUM(A1)", "'\uff20SUM(A1)"),
        ("\ufe66SUM(A1)", "'\ufe66SUM(A1)"),
        ("Mg \uff1d 2", "Mg \uff1d 2"),
    ],
)
def test_neutralise(text, expected):
    assert neutralise(text) == expected


# --- The PDF report -----------------------------------------------------------------------------


@pytest.mark.parametrize(("paper", "points"), [("a4", A4_POINTS), ("letter", LETTER_POINTS)])
def test_pdf_report_has_the_range_totals_and_cautions(app, auth_client, user, paper, points):
    auth_client.post(
        "/profile",
        data={
            "display_name": "Ada Lovelace",
            "birth_year": "1958",
            "birth_month": "3",
            "sex": "female",
            "reproductive_status": "none",
            "timezone": "UTC",
            "kidney_condition": "y",
        },
    )
    _log_week(app, auth_client)
    response = auth_client.get(
        "/export/report.pdf", query_string={**RANGE_QUERY, "paper": paper, "name": "Ada L."}
    )
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    reader, text = _pdf_text(response.data)
    pages = len(reader.pages)
    for page in reader.pages:
        width, height = (float(value) for value in page.mediabox.upper_right)
        assert (round(width, 2), round(height, 2)) == points
    flat = " ".join(text.split())
    for expected in [
        "Name: Ada L.",
        "Dates: 1 March 2024 to 7 March 2024 (7 days)",
        "Women 51 and older: 320 mg a day (NIH Office of Dietary Supplements)",
        "Ages 9 and older: 350 mg a day",
        # (99.678 + 300.2 + 545.5 + 167.4) / 4 = 278.2
        "Daily average: 278 mg",
        "over the 4 logged days of 7",
        "Fri 1 Mar 2024 100 0 100 31% of 320",
        "Mon 4 Mar 2024 46 500 546 170% of 320 Over the upper limit",
        "Tue 5 Mar 2024 47 120 167 52% of 320 Timing caution; ✓ Complete",
        "Above the upper limit for supplemental magnesium",
        "Mon 4 Mar 2024: 500 mg from supplements and medicines (upper limit 350 mg)",
        "Timing of magnesium and medicines",
        "Tue 5 Mar 2024: Alendronate at 07:00 and Magnesium glycinate at 08:00, 1 hour apart",
        "Kidney function and magnesium supplements",
        # Units and magnesium a dose and a day (issue 15): 2 tablespoons of 250 mg is 500 mg.
        "Milk of magnesia Medicine Hydroxide 2 tablespoons (15 mL) × 250 mg = 500 mg 1 "
        "500 mg on 1 day 21:00 (once)",
        "1 unit × 120 mg = 120 mg (1 dose); 2 units × 120 mg = 240 mg (1 dose) 2 "
        "120 to 240 mg on 2 days",
        "Magnesium glycinate Supplement",
        "Nuts, almonds",
        "Medical disclaimer",
        f"Page 1 of {pages}",
        f"Page {pages} of {pages}",
    ]:
        assert expected in flat, expected
    # 8 March is outside the range.
    assert "8 Mar 2024" not in flat


def test_pdf_of_an_empty_range_still_reads_well(auth_client):
    response = auth_client.get("/export/report.pdf", query_string=RANGE_QUERY)
    _reader, text = _pdf_text(response.data)
    flat = " ".join(text.split())
    assert "Nothing was logged on these dates" in flat
    assert "General adult Daily Value: 420 mg a day" in flat
    assert "Name:" not in flat


def test_pdf_of_a_long_range_charts_weeks(app, auth_client):
    _log_week(app, auth_client)
    query = {"period": "custom", "start": "2023-06-01", "end": "2024-03-31"}
    response = auth_client.get("/export/report.pdf", query_string=query)
    assert response.status_code == 200
    _reader, text = _pdf_text(response.data)
    assert "Chart: daily average per week" in text
    assert "the 300 days with nothing logged are left out." in " ".join(text.split())


def test_report_preview_shows_the_same_report(app, auth_client):
    _log_week(app, auth_client)
    page = auth_client.get("/export/report", query_string=RANGE_QUERY).text
    assert _testid(page, "report-average-mg") == "278"
    assert _testid(page, "report-logged-days") == "4"
    assert 'data-testid="report-caution-upper-limit"' in page
    assert 'data-testid="report-caution-spacing"' in page
    assert 'id="report-chart"' in page


# --- Share links --------------------------------------------------------------------------------


def _make_link(client, valid_days: str = "7", start: date = START, end: date = END):
    """Press "Make a share link" in the export page's form, with these dates chosen."""
    return client.post(
        "/export/share-links",
        data={
            "period": "custom",
            "start": start.isoformat(),
            "end": end.isoformat(),
            "share-valid_days": valid_days,
        },
    )


def test_share_link_shows_only_the_report(app, auth_client, user):
    _log_week(app, auth_client)
    response = _make_link(auth_client, "30")
    assert response.status_code == 201
    path = _new_link(response)
    token = path.removeprefix("/share/")
    assert len(token) >= 43  # 32 random bytes: 256 bits
    with app.app_context():
        [link] = db.session.execute(db.select(ShareLink)).scalars()
        # Only the hash is stored, never the token itself.
        assert link.token_sha256 == hashlib.sha256(token.encode()).hexdigest()
        assert (link.start_day, link.end_day) == (START, END)
        assert link.last_accessed_at is None
        assert token not in repr(snapshot(app))
    # The token is shown once: the export page does not show it again.
    assert token not in auth_client.get("/export").text

    visitor = app.test_client()
    shared = visitor.get(path)
    assert shared.status_code == 200
    assert shared.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert shared.headers["Referrer-Policy"] == "no-referrer"
    assert shared.headers["Cache-Control"] == "no-store"
    page = shared.text
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert _testid(page, "report-average-mg") == "278"
    assert "1 March 2024 to 7 March 2024" in page
    # Nothing else of the account: no email, no links into the app's pages.
    assert user.email not in page
    for private in ("/profile", "/day/", "/export", "/account", "/logout", "/week"):
        assert f'href="{private}' not in page
    with app.app_context():
        [link] = db.session.execute(db.select(ShareLink)).scalars()
        assert link.last_accessed_at is not None

    pdf = visitor.get(path + "/report.pdf", query_string={"paper": "letter"})
    assert pdf.status_code == 200
    assert pdf.headers["X-Robots-Tag"] == "noindex, nofollow"
    reader, text = _pdf_text(pdf.data)
    assert [float(v) for v in reader.pages[0].mediabox.upper_right] == list(LETTER_POINTS)
    assert "1 March 2024 to 7 March 2024" in text

    listing = auth_client.get("/export").text
    assert "1 March 2024 to 7 March 2024" in listing
    assert ">Works<" in listing
    assert 'data-col="last-access">never<' not in listing


def _invalid(response) -> str:
    assert response.status_code == 404
    assert "This link is no longer valid" in response.text
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    return response.text


def test_expired_revoked_and_unknown_links_look_the_same(app, auth_client, user):
    t0 = datetime(2024, 3, 8, 9, 0, tzinfo=UTC)
    with app.app_context():
        owner = db.session.get(User, user.id)
        _expired, expired_token = sharing.create_share_link(owner, DateRange(START, END), 7, now=t0)
    revoked_path = _new_link(_make_link(auth_client))
    with app.app_context():
        revoked_id = db.session.execute(db.select(db.func.max(ShareLink.id))).scalar_one()
    assert app.test_client().get(revoked_path).status_code == 200
    response = auth_client.post(f"/export/share-links/{revoked_id}/revoke")
    assert response.status_code == 302
    before = snapshot(app)

    visitor = app.test_client()
    bodies = {
        _invalid(visitor.get(f"/share/{expired_token}")),
        _invalid(visitor.get(revoked_path)),
        _invalid(visitor.get("/share/" + "A" * 43)),
        _invalid(visitor.get("/share/not-a-token")),
        _invalid(visitor.get("/share/" + "x" * 300)),
        _invalid(visitor.get(revoked_path + "/report.pdf")),
        _invalid(visitor.get(f"/share/{expired_token}/report.pdf")),
        # The owner gets the same page: a dead link is dead for everybody.
        _invalid(auth_client.get(revoked_path)),
    }
    assert len(bodies) == 1
    # Dead links record no access.
    assert snapshot(app) == before
    listing = auth_client.get("/export").text
    assert "Revoked" in listing and "Expired" in listing


def test_share_link_expiry_boundary(app, user):
    t0 = datetime(2024, 3, 8, 9, 0, tzinfo=UTC)
    with app.app_context():
        owner = db.session.get(User, user.id)
        link, token = sharing.create_share_link(owner, DateRange(START, END), 7, now=t0)
        assert _utc(link.expires_at) == t0 + timedelta(days=7)
        opened = sharing.open_share_link(token, now=t0 + timedelta(days=7, seconds=-1))
        assert opened is not None and opened[1] == DateRange(START, END)
        assert sharing.open_share_link(token, now=t0 + timedelta(days=7)) is None
        assert sharing.open_share_link(token + "x", now=t0) is None
        [row] = sharing.share_links_of(owner, now=t0 + timedelta(days=7))
        assert row.status == "expired"
        assert row.last_accessed_at == t0 + timedelta(days=7, seconds=-1)


@pytest.mark.parametrize("valid_days", ["7", "30"])
def test_share_link_lasts_the_chosen_days(app, auth_client, valid_days):
    before = datetime.now(UTC)
    assert _make_link(auth_client, valid_days).status_code == 201
    with app.app_context():
        [link] = db.session.execute(db.select(ShareLink)).scalars()
        expires = _utc(link.expires_at)
    assert before + timedelta(days=int(valid_days)) <= expires
    assert expires <= datetime.now(UTC) + timedelta(days=int(valid_days))


@pytest.mark.parametrize(
    "data",
    [
        {"period": "custom", "start": "2024-03-07", "end": "2024-03-01", "share-valid_days": "7"},
        {"period": "custom", "start": "2024-03-01", "end": "2024-03-07", "share-valid_days": "14"},
        {"period": "custom", "start": "bad", "end": "2024-03-07", "share-valid_days": "7"},
        {"period": "custom", "start": "2020-01-01", "end": "2024-03-07", "share-valid_days": "7"},
        {"period": "14", "share-valid_days": "7"},
        {"period": "7"},
    ],
)
def test_bad_share_link_requests_change_nothing(app, auth_client, data):
    response = auth_client.post("/export/share-links", data=data)
    assert response.status_code == 400
    assert row_counts(app)["share_links"] == 0


def test_live_share_links_are_limited(app, auth_client):
    for _ in range(sharing.MAX_LIVE_LINKS):
        assert _make_link(auth_client).status_code == 201
    response = _make_link(auth_client)
    assert response.status_code == 400
    assert "Revoke one" in response.text
    assert row_counts(app)["share_links"] == sharing.MAX_LIVE_LINKS


def test_another_users_link_cannot_be_revoked(app, auth_client, other_user):
    other = app.test_client()
    login(other, other_user.email)
    path = _new_link(_make_link(other))
    with app.app_context():
        link_id = db.session.execute(db.select(ShareLink.id)).scalar_one()
    assert auth_client.post(f"/export/share-links/{link_id}/revoke").status_code == 404
    assert auth_client.post("/export/share-links/2147483647/revoke").status_code == 404
    assert app.test_client().get(path).status_code == 200
    # The other user's link is not listed on this user's page.
    assert 'data-testid="share-links"' not in auth_client.get("/export").text


def test_share_pages_need_a_csrf_token_to_create(app, auth_client, csrf_enabled):
    response = _make_link(auth_client)
    assert response.status_code == 400
    assert row_counts(app)["share_links"] == 0


# --- Your data: JSON export, import, account deletion -------------------------------------------


def _rich_account(app, client, user) -> None:
    """Everything the data file holds: profile, settings, foods of every kind, and more."""
    client.post(
        "/profile",
        data={
            "display_name": "Ada",
            "birth_year": "1990",
            "birth_month": "7",
            "sex": "female",
            "reproductive_status": "breastfeeding",
            "timezone": "Europe/Paris",
            "kidney_condition": "y",
            "week_starts_on": "sunday",
            "bisphosphonate_gap_minutes": "180",
        },
    )
    _log_week(app, client)
    client.post(
        "/foods/mine",
        data={
            "name": "Grandma's granola",
            "serving_grams": "45",
            "magnesium_as": "percent_dv",
            "magnesium_amount": "12.5",
        },
    )
    with app.app_context():
        granola = db.session.execute(db.select(Food).filter_by(owner_id=user.id)).scalar_one()
        db.session.add(
            FoodPortion(food_id=granola.id, position=0, label="1 bar", grams_milli=45_000)
        )
        db.session.commit()
        granola_id = granola.id
    add_food(client, date(2024, 3, 6), granola_id, "0", "1 1/2", "breakfast", time(7, 15))
    client.post(f"/favourites/{granola_id}", data={"action": "star"})
    client.post(f"/favourites/{food_id(app, SPINACH)}", data={"action": "star"})
    client.post("/day/2024-03-06/complete", data={"completed": "1"})
    client.post("/day/2024-03-06/complete", data={"completed": "0"})


def _without_moment(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "exported_at"}


def test_json_round_trip_is_exact(app, auth_client, user):
    _rich_account(app, auth_client, user)
    response = auth_client.get("/account/data/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    exported = json.loads(response.data)
    assert exported["format_version"] == FORMAT_VERSION
    assert exported["profile"]["reproductive_status"] == "breastfeeding"
    assert exported["settings"] == {
        "timezone": "Europe/Paris",
        "week_starts_on": "sunday",
        "bisphosphonate_gap_minutes": 180,
        "show_bone_companions": False,  # the profile was saved with it unticked
    }
    [granola] = exported["custom_foods"]
    assert granola["magnesium_mg_per_serving"] == "52.5"  # 12.5% of 420 mg
    assert granola["portions"] == [{"label": "1 bar", "grams": "45"}]
    assert {"custom_food": granola["ref"]} in exported["favourite_foods"]
    assert {"usda_ndb_number": SPINACH} in exported["favourite_foods"]
    assert len(exported["food_entries"]) == 7
    assert exported["day_statuses"] == [
        {"day": "2024-03-05", "completed": True},
        {"day": "2024-03-06", "completed": False},
    ]
    kinds = {entry["kind"] for entry in exported["food_entries"]}
    assert kinds == {"food", "quick_add"}

    newcomer = _new_client(app)
    imported = _import(newcomer, response.data)
    assert imported.status_code == 302, imported.text
    again = json.loads(newcomer.get("/account/data/export.json").data)
    assert _without_moment(again) == _without_moment(exported)
    # The numbers the pages show agree too.
    for day in ("2024-03-01", "2024-03-04", "2024-03-06"):
        assert _testid(newcomer.get(f"/day/{day}").text, "day-total-mg") == _testid(
            auth_client.get(f"/day/{day}").text, "day-total-mg"
        )


def test_import_refuses_an_account_with_data(app, auth_client, user):
    _log_week(app, auth_client)
    body = auth_client.get("/account/data/export.json").data
    before = snapshot(app)
    response = _import(auth_client, body)
    assert response.status_code == 400
    assert "already has data" in response.text
    assert snapshot(app) == before


def _valid_file(app, user) -> dict:
    with app.app_context():
        return export_user_data(db.session.get(User, user.id))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="other"), "not a Magnesium Tracker data file"),
        (lambda d: d.update(format_version=2), "this tracker reads version 1"),
        (lambda d: d.pop("medicine_doses"), "missing medicine_doses"),
        (lambda d: d.update(extra=1), "unexpected extra"),
        (
            lambda d: d["food_entries"][-1].update(magnesium_mg="-5"),
            "food_entries[{last}].magnesium_mg",
        ),
        (
            lambda d: d["food_entries"][-1].update(magnesium_mg=5.5),
            "decimal number written as text",
        ),
        (lambda d: d["food_entries"][0].update(magnesium_mg="1.0001"), "at most 3 decimal places"),
        (lambda d: d["food_entries"][-1].update(day="2024-02-30"), "food_entries[{last}].day"),
        (lambda d: d["food_entries"][-1].update(meal="brunch"), "food_entries[{last}].meal"),
        (lambda d: d["food_entries"][-1].update(item_name="a\x00b"), "control characters"),
        (lambda d: d["food_entries"][-1].update(grams="5000.001"), "at most 5,000"),
        (lambda d: d["food_entries"][-1].update(food={"custom_food": "food-9"}), "refers to no"),
        (lambda d: d["supplement_entries"][0].update(form="powder"), "supplement_entries[0].form"),
        (lambda d: d["supplement_entries"][0].update(product="product-9"), "refers to no"),
        (lambda d: d["medicine_doses"][0].update(time=None), "medicine_doses[0].time"),
        (lambda d: d["medicine_doses"][0].update(medicine_class="statin"), "medicine_class"),
        (lambda d: d["profile"].update(birth_month=None), "year and month of birth"),
        (lambda d: d["profile"].update(birth_year=True), "profile.birth_year"),
        (lambda d: d["settings"].update(timezone="Mars/Olympus"), "settings.timezone"),
        (lambda d: d["settings"].update(bisphosphonate_gap_minutes=60), "between 2 hours"),
        (lambda d: d["day_statuses"].append(d["day_statuses"][0]), "listed twice"),
        (lambda d: d["supplement_products"][0].update(created_at="2024-03-01"), "UTC offset"),
        # Times at the ends of the date range: an offset carries them past year 9999.
        (lambda d: d.update(exported_at="9999-12-31T23:59:59-23:59"), "exported_at: must be"),
        (
            lambda d: d["supplement_products"][0].update(created_at="0001-01-01T00:00:00+23:59"),
            "supplement_products[0].created_at: must be from 1900 to 2199",
        ),
        # A list or a dict where a name or a reference belongs.
        (lambda d: d["settings"].update(timezone={}), "settings.timezone: is not a time zone"),
        (lambda d: d["settings"].update(timezone=[]), "settings.timezone: is not a time zone"),
        (
            lambda d: d["food_entries"][-1].update(food={"custom_food": []}),
            "food_entries[{last}].food: expected text",
        ),
        (lambda d: d["supplement_entries"][0].update(product={}), "product: expected text"),
        (lambda d: d["favourite_foods"].append({"custom_food": {}}), "expected text"),
        # Text that would change what a report shows (tracker.domain.text).
        (
            lambda d: d["food_entries"][-1].update(item_name="Spinach 250\u202e mg"),
            "food_entries[{last}].item_name: contains a character that changes the direction "
            "of text (U+202E).",
        ),
        (lambda d: d["supplement_products"][0].update(name="Mag\u2067"), "(U+2067)"),
        (
            lambda d: d["food_entries"][-1].update(item_name="x\ud800"),
            "not valid Unicode (a lone surrogate or a broken \\u escape, at line",
        ),
        # What no food can be: more magnesium than it weighs.
        (
            lambda d: d["custom_foods"][0].update(
                serving_grams="0.1", magnesium_mg_per_serving="5000"
            ),
            "custom_foods[0]: A serving of 0.1 g can hold at most 100 mg",
        ),
        (
            lambda d: d["custom_foods"][0].update(magnesium_mg_per_100g="100000.001"),
            "custom_foods[0].magnesium_mg_per_100g: must be at least 0 and at most 100,000.",
        ),
        (lambda d: d["custom_foods"][0].update(serving_grams="0.05"), "at least 0.1"),
    ],
)
def test_import_checks_every_value_and_writes_nothing_on_error(
    app, auth_client, user, change, message
):
    _rich_account(app, auth_client, user)
    data = _valid_file(app, user)
    change(data)
    newcomer = _new_client(app)
    before = snapshot(app)
    response = _import(newcomer, json.dumps(data).encode())
    assert response.status_code == 400
    assert message.format(last=len(data["food_entries"]) - 1) in response.text
    assert snapshot(app) == before


@pytest.mark.parametrize(
    "body", [b"", b"not json", b"[1, 2]", b'{"format": NaN}', b"\xff\xfe", b"[" * 100_000]
)
def test_import_of_something_else_is_refused(app, auth_client, body):
    before = snapshot(app)
    response = _import(auth_client, body)
    assert response.status_code == 400
    assert "not a Magnesium Tracker data file" in response.text
    assert snapshot(app) == before


def test_import_without_a_file_is_refused(auth_client):
    response = auth_client.post("/account/data/import", data={})
    assert response.status_code == 400
    assert "Choose the data file" in response.text


def test_import_is_all_or_nothing_when_the_database_fails(app, auth_client, user, monkeypatch):
    _rich_account(app, auth_client, user)
    body = auth_client.get("/account/data/export.json").data
    newcomer = _new_client(app)
    before = snapshot(app)
    from tracker.account_data import operations as data_export

    calls = []
    real_insert = data_export._insert

    def failing_insert(model, rows):
        calls.append(model)
        if model is MedicineDose:
            raise RuntimeError("disk full")
        real_insert(model, rows)

    monkeypatch.setattr(data_export, "_insert", failing_insert)
    previous = app.config["PROPAGATE_EXCEPTIONS"]
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = _import(newcomer, body)
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = previous
    assert response.status_code == 500
    assert FoodEntry in calls  # entries were written before the failure, then rolled back
    assert snapshot(app) == before


def test_import_checks_the_csrf_token(app, auth_client, csrf_enabled):
    before = snapshot(app)
    response = _import(auth_client, b"{}")
    assert response.status_code == 400
    assert "This form has expired or was not sent from this site." in response.text
    assert snapshot(app) == before


def _rows_of(app, user_id: int, custom_food_ids: list[int]) -> dict[str, int]:
    """Rows in any table that belong to the user (by a foreign key to users, or to their foods)."""
    counts = {}
    with app.app_context():
        for table in db.metadata.sorted_tables:
            conditions = []
            if table.name == "users":
                conditions.append(table.c.id == user_id)
            for column in table.columns:
                for key in column.foreign_keys:
                    if key.column.table.name == "users":
                        conditions.append(column == user_id)
                    elif key.column.table.name == "foods" and custom_food_ids:
                        conditions.append(column.in_(custom_food_ids))
            if table.name == "foods" and custom_food_ids:
                conditions.append(table.c.id.in_(custom_food_ids))
            if conditions:
                counts[table.name] = db.session.execute(
                    db.select(db.func.count()).select_from(table).where(db.or_(*conditions))
                ).scalar_one()
    return counts


def test_deleting_the_account_leaves_no_row(app, auth_client, user, other_user):
    _rich_account(app, auth_client, user)
    _make_link(auth_client)
    other = app.test_client()
    login(other, other_user.email)
    _log_week(app, other)
    with app.app_context():
        custom_ids = list(
            db.session.execute(db.select(Food.id).where(Food.owner_id == user.id)).scalars()
        )
    before = _rows_of(app, user.id, custom_ids)
    assert all(before[name] > 0 for name in (
        "users", "food_entries", "supplement_entries", "supplement_products", "medicine_doses",
        "day_statuses", "favourite_foods", "share_links", "foods", "food_portions",
    )), before  # fmt: skip
    others_before = row_counts(app)

    wrong = auth_client.post(
        "/account/delete", data={"password": "not my password", "confirm": "y"}
    )
    assert wrong.status_code == 400
    assert "Nothing was deleted" in wrong.text
    unconfirmed = auth_client.post("/account/delete", data={"password": PASSWORD})
    assert unconfirmed.status_code == 400
    assert row_counts(app) == others_before

    response = auth_client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    assert all(count == 0 for count in _rows_of(app, user.id, custom_ids).values())
    # The other user's data is untouched, and the deleted user is logged out.
    with app.app_context():
        assert (
            db.session.execute(
                db.select(db.func.count())
                .select_from(FoodEntry)
                .where(FoodEntry.user_id == other_user.id)
            ).scalar_one()
            == 6
        )
    assert auth_client.get("/export").status_code == 302
    response = app.test_client().post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400


def test_your_data_page(auth_client):
    page = auth_client.get("/account/data").text
    assert "Download all my data" in page
    assert 'enctype="multipart/form-data"' in page
    assert "Delete my account" in page
    assert 'data-testid="not-empty"' not in page


def test_models_the_export_covers():
    """Every table of user data is in the export, or deliberately left out (share links)."""
    covered = {
        User, Food, FoodPortion, FoodEntry, FavouriteFood, SupplementProduct, SupplementEntry,
        MedicineDose, DayStatus, Schedule, SchedulePlan, DoseConfirmation, Recipe,
        RecipeIngredient,
    }  # fmt: skip
    # Recovery codes are credentials (like the two-step key): never in a data file. Sent
    # reminders only stop a reminder going out twice. A pending import is an uploaded file
    # waiting an hour at most for its Import button. A spent Undo id only stops an Undo
    # working twice, for its 15 minutes.
    left_out = {
        ShareLink.__tablename__, "recovery_codes", "food_data_versions", "alembic_version",
        "sent_reminders", "pending_imports", "spent_undos",
    }  # fmt: skip
    names = {model.__tablename__ for model in covered} | left_out
    assert {table.name for table in db.metadata.sorted_tables} <= names


def test_spacing_across_midnight_and_the_range_edge_with_a_long_gap(app, auth_client, user):
    # A 24-hour gap from the leaflet: a bisphosphonate on 29 Feb (outside the range) at 08:00
    # and magnesium on 1 Mar at 07:00 are 23 hours apart, a conflict that touches the range.
    auth_client.post(
        "/profile",
        data={
            "reproductive_status": "none",
            "timezone": "UTC",
            "bisphosphonate_gap_minutes": "1440",
        },
    )
    add_medicine(auth_client, date(2024, 2, 29), "alendronate", time(8))
    add_supplement(auth_client, START, mg="100", at=time(7))
    # 2 March 09:00 is 25 hours after 1 March 08:00: no conflict with this one.
    add_medicine(auth_client, date(2024, 3, 1), "risedronate", time(8))
    add_supplement(auth_client, date(2024, 3, 2), name="Late", mg="100", at=time(9, 1))
    with app.app_context():
        owner = db.session.get(User, user.id)
        conflicts = reports.spacing_conflicts(owner, START, END)
        report = reports.build_report(owner, DateRange(START, END))
    pairs = [(c.medicine.label, c.magnesium.label, c.minutes_apart) for c in conflicts]
    assert pairs == [
        ("Alendronate", "Magnesium glycinate", 23 * 60),
        ("Risedronate", "Magnesium glycinate", 60),
    ]
    [spacing] = [c for c in report.cautions if c.key == "spacing"]
    assert spacing.details[0].startswith(
        "Thu 29 Feb 2024: Alendronate at 08:00 and Magnesium glycinate at 07:00 on Fri 1 Mar 2024"
    )
    # Only days inside the range are counted as caution days.
    assert report.summary.days_with_spacing_cautions == 1


def test_a_caution_on_many_days_lists_the_first_and_counts_the_rest(app, user):
    with app.app_context():
        for offset in range(40):
            db.session.add(
                SupplementEntry(
                    user_id=user.id,
                    day=date(2024, 1, 1) + timedelta(days=offset),
                    time=time(9),
                    name="Antacid",
                    form="other",
                    kind="medicine",
                    magnesium_ug_per_unit=400_000,
                    units_text="1",
                    units_micro=1_000_000,
                    magnesium_ug=400_000,
                )
            )
        db.session.commit()
        owner = db.session.get(User, user.id)
        report = reports.build_report(owner, DateRange(date(2024, 1, 1), date(2024, 3, 31)))
    [limit] = [c for c in report.cautions if c.key == "upper-limit"]
    assert len(limit.details) == reports.MAX_CAUTION_DETAILS + 1
    assert limit.details[0] == (
        "Mon 1 Jan 2024: 400 mg from supplements and medicines (upper limit 350 mg)"
    )
    assert limit.details[-1] == "… and 9 more days, marked in the daily totals."
    assert report.summary.days_over_limit == 40
