"""Week and month summaries through the real stack: a hand-computed week, the charts' data
tables, not-logged days, the completed flag, the week-start setting, time zones, bad URLs."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest

from tests.helpers import PASSWORD, add_food, food_id, login, make_user
from tracker.extensions import db
from tracker.models import DayStatus, FoodEntry, MedicineDose, SupplementEntry, User

SPINACH, ALMONDS, BLACK_BEANS = "11457", "12061", "16015"
CUP, OUNCE_OF_ALMONDS = "0", "4"  # spinach 1 cup = 30 g; almonds 1 oz = 28.35 g
WEEK = date(2026, 3, 9)  # a Monday


def day(n: int) -> date:
    return date(2026, 3, n)


class _Page(HTMLParser):
    """Cells of the summary tables (by data-day / data-col) and the chart bars' data."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, dict[str, str]] = {}  # the day-by-day table, by day
        self.weeks: dict[str, dict[str, str]] = {}  # the trend table, by week start
        self.bars: dict[str, dict[str, dict[str, str]]] = {}
        self.testids: dict[str, str] = {}
        self._row: dict[str, str] | None = None
        self._col: str | None = None
        self._testid: str | None = None
        self._text: list[str] = []
        self._chart: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg" and attrs.get("class") == "chart":
            self._chart = attrs["id"]
            self.bars[self._chart] = {}
        if tag == "g" and attrs.get("class") == "chart-bar":
            self.bars[self._chart][attrs["data-key"]] = attrs
        if tag == "tr" and "data-day" in attrs:
            self._row = self.rows.setdefault(attrs["data-day"], {})
        if tag == "tr" and "data-week" in attrs:
            self._row = self.weeks.setdefault(attrs["data-week"], {})
        if tag == "td" and self._row is not None and "data-col" in attrs:
            self._col, self._text = attrs["data-col"], []
        if "data-testid" in attrs and tag in ("span", "dd", "p"):
            self._testid, self._text = attrs["data-testid"], []

    def handle_endtag(self, tag):
        if tag == "svg":
            self._chart = None
        if tag == "td" and self._col:
            self._row[self._col] = " ".join("".join(self._text).split())
            self._col = None
        if tag == "tr":
            self._row = None
        if tag in ("span", "dd", "p") and self._testid:
            self.testids[self._testid] = " ".join("".join(self._text).split())
            self._testid = None

    def handle_data(self, data):
        if self._col or self._testid:
            self._text.append(data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def add_supplement(app, user: User, on: date, mg_ug: int, at: time | None = time(9, 0)) -> None:
    """A supplement dose, written directly (the supplements feature has its own tests)."""
    with app.app_context():
        db.session.add(
            SupplementEntry(
                user_id=user.id,
                day=on,
                time=at,
                name="Magnesium glycinate",
                form="glycinate",
                kind="supplement",
                magnesium_ug_per_unit=mg_ug,
                units_text="1",
                units_micro=1_000_000,
                magnesium_ug=mg_ug,
            )
        )
        db.session.commit()


@pytest.fixture
def woman(app) -> User:
    """Born March 1958: "Women 51 and older", 320 mg a day, UL 350 mg."""
    return make_user(app, "week@example.org", birth_year=1958, birth_month=3, sex="female")


@pytest.fixture
def client_of(app):
    def _client(user: User):
        client = app.test_client()
        login(client, user.email, PASSWORD)
        return client

    return _client


@pytest.fixture
def hand_computed_week(app, woman, client_of, other_user):
    """The week of Monday 9 March 2026, with neighbours and another user's entries around it.

    Mon 9   almonds 2 oz 151.956 + beans 1 cup 120.4 = 272.356 food; 200 supplemental
    Tue 10  spinach 1 cup 23.7
    Wed 11  nothing                                   -> not logged
    Thu 12  400 supplemental only                     -> over the UL of 350
    Fri 13  beans 1/2 cup 60.2 + almonds 1 oz 75.978 = 136.178
    Sat 14  nothing (but marked complete)             -> not logged
    Sun 15  spinach 2 cups 47.4; 350 supplemental (exactly the UL: not over)
    """
    client = client_of(woman)
    spinach, almonds = food_id(app, SPINACH), food_id(app, ALMONDS)
    beans = food_id(app, BLACK_BEANS)
    for on, food, portion, quantity in [
        (day(9), almonds, OUNCE_OF_ALMONDS, "2"),
        (day(9), beans, CUP, "1"),
        (day(10), spinach, CUP, "1"),
        (day(13), beans, CUP, "1/2"),
        (day(13), almonds, OUNCE_OF_ALMONDS, "1"),
        (day(15), spinach, CUP, "2"),
        # Outside the week: the Sunday before and the Monday after.
        (day(8), almonds, OUNCE_OF_ALMONDS, "10"),
        (day(16), almonds, OUNCE_OF_ALMONDS, "10"),
    ]:
        assert add_food(client, on, food, portion, quantity).status_code == 302
    add_supplement(app, woman, day(9), 200_000)
    add_supplement(app, woman, day(12), 400_000)
    add_supplement(app, woman, day(15), 350_000)
    for on in (day(13), day(14)):
        assert client.post(f"/day/{on}/complete", data={"completed": "1"}).status_code == 302
    # Another user's big week must not leak into hers.
    intruder = client_of(other_user)
    for n in range(9, 16):
        add_food(intruder, day(n), almonds, OUNCE_OF_ALMONDS, "20")
    add_supplement(app, other_user, day(11), 900_000)
    return client


def test_hand_computed_week(hand_computed_week):
    response = hand_computed_week.get("/week/2026-03-11")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    page = parse(html)
    # (472.356 + 23.7 + 400 + 136.178 + 397.4) / 5 logged days = 285.9268
    assert page.testids["week-average-mg"] == "286"
    assert "Average over the <strong>5</strong> logged days of 7" in html
    assert "Food 96 mg and supplements and medicines 190 mg a day on average" in html
    assert page.testids["days-at-reference"] == "3"
    assert page.testids["days-over-limit"] == "1"
    assert page.testids["days-spacing"] == "0"
    assert page.testids["days-completed"] == "2"
    assert "Women 51 and older: 320 mg a day" in html

    rows = page.rows
    assert list(rows) == [f"2026-03-{n:02d}" for n in range(9, 16)]
    assert rows["2026-03-09"] == {
        "food": "272 mg",
        "supplemental": "200 mg",
        "total": "472 mg",
        "reference": "148% of 320 mg at or above",
        "notes": "",
    }
    assert rows["2026-03-10"]["total"] == "24 mg"
    assert rows["2026-03-11"] == {"not-logged": "Not logged", "notes": ""}
    assert rows["2026-03-12"]["food"] == "0 mg"
    assert rows["2026-03-12"]["notes"] == "Over the upper limit"
    assert rows["2026-03-13"]["total"] == "136 mg"
    assert rows["2026-03-13"]["notes"] == "✓ Completed"
    # Marked complete with nothing logged is still "not logged", never 0 mg.
    assert rows["2026-03-14"] == {"not-logged": "Not logged", "notes": "✓ Completed"}
    assert rows["2026-03-15"]["total"] == "397 mg"
    assert rows["2026-03-15"]["notes"] == ""  # 350 mg is the UL, not over it

    sources = re.findall(
        r'<tr><th scope="row">([^<]+)</th><td class="num">([\d,]+) mg</td>'
        r'<td class="num">(\d+)%</td></tr>',
        html,
    )
    # Almonds 151.956 + 75.978; beans 120.4 + 60.2; spinach 23.7 + 47.4; of 1,429.634 mg
    assert sources == [
        ("Nuts, almonds", "228", "16"),
        ("Beans, black, mature seeds, cooked, boiled, without salt", "181", "13"),
        ("Spinach, raw", "71", "5"),
    ]
    assert "(1,430 mg)" in html
    assert "Above the upper limit for supplemental magnesium" in html
    assert "On 1 day of the week of 9 March" in html


def test_chart_data_tables_equal_the_numbers(hand_computed_week):
    page = parse(hand_computed_week.get("/week/2026-03-09").get_data(as_text=True))
    bars = page.bars["week-chart"]
    assert list(bars) == [f"2026-03-{n:02d}" for n in range(9, 16)]
    mg_per_unit = []
    for key, bar in bars.items():
        row = page.rows[key]
        if "not-logged" in row:
            assert bar.get("data-not-logged") == "true" and "data-food-mg" not in bar
            continue
        assert f"{bar['data-food-mg']} mg" == row["food"]
        assert f"{bar['data-supplemental-mg']} mg" == row["supplemental"]
        assert int(bar["data-food-mg"]) + int(bar["data-supplemental-mg"]) in (
            int(row["total"].split()[0]) + delta for delta in (-1, 0, 1)
        )
        assert ("data-over-limit" in bar) == ("Over the upper limit" in row["notes"])
        for mg, height in (
            (bar["data-food-mg"], bar["data-food-height"]),
            (bar["data-supplemental-mg"], bar["data-supplemental-height"]),
        ):
            if int(mg) >= 20:  # rounding to 0.1 unit matters less for taller bars
                mg_per_unit.append(float(mg) / float(height))
    # One scale for every bar: heights are proportional to the milligrams in the table.
    assert max(mg_per_unit) / min(mg_per_unit) == pytest.approx(1, abs=0.03)

    # The trend's table has this week's average, equal to the headline.
    trend_bar = page.bars["trend-chart"]["2026-03-09"]
    assert int(trend_bar["data-food-mg"]) + int(trend_bar["data-supplemental-mg"]) == 286
    trend_rows = page.weeks
    assert trend_rows["2026-03-09"] == {"logged": "5 of 7", "average": "286 mg"}
    assert trend_rows["2026-03-02"] == {  # Sunday 8: 10 oz of almonds, 759.78 mg
        "logged": "1 of 7",
        "average": "760 mg at or above 320 mg",
    }
    assert trend_rows["2026-02-23"]["average"] == "Not logged"
    assert len(trend_rows) == 12


def test_chart_is_accessible_svg_without_script_or_inline_style(hand_computed_week):
    html = hand_computed_week.get("/week/2026-03-09").get_data(as_text=True)
    svg = html[html.index('<svg class="chart"') : html.index("</svg>")]
    assert 'role="img"' in svg
    assert 'aria-labelledby="week-chart-title week-chart-desc"' in svg
    assert '<title id="week-chart-title">Magnesium per day, week of 9 March 2026</title>' in svg
    assert "5 of 7 days logged" in svg and "Daily average over the logged days: 286 mg." in svg
    assert "<script" not in html.split("</main>")[0]
    assert "style=" not in html
    assert "<caption>Day by day: the numbers in the chart</caption>" in html


def test_month_summary(hand_computed_week):
    response = hand_computed_week.get("/month/2026-03")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    page = parse(html)
    # The week's five days plus Sunday 8 and Monday 16 (10 oz of almonds each: 759.78 mg).
    # (1,429.634 + 2 × 759.78) / 7 = 421.313...
    assert page.testids["month-average-mg"] == "421"
    assert "logged days of 31" in html
    assert len(page.bars["month-chart"]) == 31
    assert page.testids["days-at-reference"] == "5"
    assert 'href="/month/2026-02"' in html and 'href="/month/2026-04"' in html


def test_empty_week_says_not_logged_not_zero(app, woman, client_of):
    html = client_of(woman).get("/week/2026-03-09").get_data(as_text=True)
    page = parse(html)
    assert "week-average-mg" not in page.testids
    assert "Nothing logged in this week" in page.testids["period-not-logged"]
    assert all(row == {"not-logged": "Not logged", "notes": ""} for row in page.rows.values())
    assert len(page.rows) == 7
    assert " 0 mg" not in html.split('id="week-table"')[1].split("</table>")[0]


def test_a_day_with_a_spacing_caution_is_counted(app, woman, client_of):
    client = client_of(woman)
    add_supplement(app, woman, day(10), 100_000, at=time(8, 0))
    with app.app_context():
        db.session.add(
            MedicineDose(
                user_id=woman.id,
                day=day(10),
                time=time(9, 0),
                medicine_class="bisphosphonate",
                medicine_name="Alendronate",
            )
        )
        db.session.commit()
    page = parse(client.get("/week/2026-03-09").get_data(as_text=True))
    assert page.testids["days-spacing"] == "1"
    assert page.rows["2026-03-10"]["notes"] == "Timing caution"


@pytest.mark.parametrize(
    "path",
    [
        "/week/2026-02-30",
        "/week/2026-13-01",
        "/week/20260309",
        "/week/2026-3-9",
        "/week/1899-12-31",
        "/week/2200-01-01",
        "/week/tomorrow",
        "/month/2026-00",
        "/month/2026-13",
        "/month/2026-3",
        "/month/26-03",
        "/month/1899-12",
        "/month/2200-01",
        "/month/2026-03-01",
        # Years a date cannot even hold: the converter checks before it builds one.
        "/month/0000-01",
        "/month/0000-00",
        "/week/0000-01-01",
        "/day/0000-01-01",
        "/month/9999-12",
    ],
)
def test_bad_dates_are_404(auth_client, path):
    assert auth_client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/week", "/week/2026-03-09", "/month", "/month/2026-03"])
def test_summaries_need_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize(
    "path", ["/week/1900-01-01", "/week/2199-12-31", "/month/1900-01", "/month/2199-12"]
)
def test_the_first_and_last_dates_the_app_serves(auth_client, path):
    assert auth_client.get(path).status_code == 200


def test_previous_and_next_links(auth_client):
    html = auth_client.get("/week/2026-03-11").get_data(as_text=True)
    assert 'href="/week/2026-03-02" rel="prev"' in html
    assert 'href="/week/2026-03-16" rel="next"' in html
    december = auth_client.get("/month/2026-12").get_data(as_text=True)
    assert 'href="/month/2026-11" rel="prev"' in december
    assert 'href="/month/2027-01" rel="next"' in december
    # The last month the app serves has no next link.
    last = auth_client.get("/month/2199-12").get_data(as_text=True)
    assert 'rel="next"' not in last and 'href="/month/2199-11" rel="prev"' in last


# --- completed flag ---------------------------------------------------------------------------


def _status(app, user: User, on: date) -> bool | None:
    with app.app_context():
        status = db.session.get(DayStatus, (user.id, on))
        return None if status is None else status.completed


def test_mark_a_day_complete_and_not(app, user, auth_client):
    page = auth_client.get("/day/2026-03-10").get_data(as_text=True)
    assert "Mark this day complete" in page and "You marked this day complete" not in page
    response = auth_client.post("/day/2026-03-10/complete", data={"completed": "1"})
    # Back to the log, where the button is (the end of "Logged foods"), with the message there.
    assert response.status_code == 302
    assert response.headers["Location"] == "/day/2026-03-10#entries"
    assert _status(app, user, day(10)) is True
    page = auth_client.get("/day/2026-03-10").get_data(as_text=True)
    assert "You marked this day complete" in page and "Mark as not complete" in page
    week = parse(auth_client.get("/week/2026-03-09").get_data(as_text=True))
    assert week.testids["days-completed"] == "1"
    assert week.rows["2026-03-10"]["notes"] == "✓ Completed"

    assert auth_client.post("/day/2026-03-10/complete", data={"completed": "0"}).status_code == 302
    assert _status(app, user, day(10)) is False
    assert "You marked this day complete" not in auth_client.get("/day/2026-03-10").get_data(
        as_text=True
    )
    assert (
        parse(auth_client.get("/week/2026-03-09").get_data(as_text=True)).testids["days-completed"]
        == "0"
    )


@pytest.mark.parametrize("data", [{}, {"completed": "2"}, {"completed": "yes"}])
def test_bad_completed_values_are_400(app, user, auth_client, data):
    assert auth_client.post("/day/2026-03-10/complete", data=data).status_code == 400
    assert _status(app, user, day(10)) is None


def test_completed_needs_csrf(app, user, auth_client, csrf_enabled):
    response = auth_client.post("/day/2026-03-10/complete", data={"completed": "1"})
    assert response.status_code == 400
    assert _status(app, user, day(10)) is None


def test_completed_flags_are_per_user(app, user, other_user, client_of, auth_client):
    auth_client.post("/day/2026-03-10/complete", data={"completed": "1"})
    other = client_of(other_user)
    assert "You marked this day complete" not in other.get("/day/2026-03-10").get_data(as_text=True)
    assert _status(app, other_user, day(10)) is None


# --- week start setting -------------------------------------------------------------------------


def _profile(**changes) -> dict[str, str]:
    return {"reproductive_status": "none", "timezone": "UTC", **changes}


def test_week_start_setting(app, user, auth_client):
    assert 'name="week_starts_on"' in auth_client.get("/profile").get_data(as_text=True)
    spinach = food_id(app, SPINACH)
    add_food(auth_client, day(8), spinach, CUP, "1")  # a Sunday
    add_food(auth_client, day(15), spinach, CUP, "2")  # the next Sunday

    monday = parse(auth_client.get("/week/2026-03-11").get_data(as_text=True))
    assert list(monday.rows) == [f"2026-03-{n:02d}" for n in range(9, 16)]
    assert monday.testids["week-average-mg"] == "47"  # only Sunday 15 (2 cups)

    response = auth_client.post("/profile", data=_profile(week_starts_on="sunday"))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, user.id).week_starts_on == "sunday"
    sunday = parse(auth_client.get("/week/2026-03-11").get_data(as_text=True))
    assert list(sunday.rows) == [f"2026-03-{n:02d}" for n in range(8, 15)]
    assert sunday.testids["week-average-mg"] == "24"  # only Sunday 8 (1 cup, 23.7)
    assert "weeks start on Sunday" in auth_client.get("/week/2026-03-11").get_data(as_text=True)
    redirect = auth_client.get("/week").headers["Location"]
    assert date.fromisoformat(redirect.rsplit("/", 1)[1]).weekday() == 6

    # A profile form without the field keeps the setting; a bad value is refused.
    assert auth_client.post("/profile", data=_profile()).status_code == 302
    bad = auth_client.post("/profile", data=_profile(week_starts_on="tuesday"))
    assert bad.status_code == 400
    with app.app_context():
        assert db.session.get(User, user.id).week_starts_on == "sunday"


# --- time zones ---------------------------------------------------------------------------------


class _FrozenClock:
    """Stands in for datetime in tracker.localtime: now() is a fixed UTC moment."""

    def __init__(self, moment_utc: datetime) -> None:
        self.moment = moment_utc

    def now(self, tz=None):
        return self.moment.astimezone(tz) if tz else self.moment.replace(tzinfo=None)


@pytest.mark.parametrize(
    ("zone", "utc_moment", "local_day"),
    [
        # 23:30 on the day New York moved its clocks forward (EDT, UTC-4): still 8 March there.
        ("America/New_York", datetime(2026, 3, 9, 3, 30, tzinfo=UTC), date(2026, 3, 8)),
        # 23:30 on the day the clocks went back (EST, UTC-5).
        ("America/New_York", datetime(2026, 11, 2, 4, 30, tzinfo=UTC), date(2026, 11, 1)),
        # 00:30 after the spring change: already 9 March locally.
        ("America/New_York", datetime(2026, 3, 9, 4, 30, tzinfo=UTC), date(2026, 3, 9)),
        # Ahead of UTC: half past midnight in Auckland is still the day before in UTC.
        ("Pacific/Auckland", datetime(2026, 3, 8, 11, 30, tzinfo=UTC), date(2026, 3, 9)),
    ],
)
def test_today_and_a_late_entry_belong_to_the_local_day(
    app, client_of, monkeypatch, zone, utc_moment, local_day
):
    monkeypatch.setattr("tracker.localtime.datetime", _FrozenClock(utc_moment))
    person = make_user(app, "late@example.org", timezone=zone)
    client = client_of(person)
    home = client.get("/").get_data(as_text=True)
    assert f"Today, {local_day:%A} {local_day.day} {local_day:%B %Y}" in home
    # The add form on today's page posts to the local day.
    assert f'action="/day/{local_day.isoformat()}/entries"' in home
    local_time = utc_moment.astimezone(ZoneInfo(zone)).time()
    spinach = food_id(app, SPINACH)
    assert add_food(client, local_day, spinach, CUP, "1", at=local_time).status_code == 302
    with app.app_context():
        entry = db.session.execute(db.select(FoodEntry)).scalar_one()
        assert (entry.day, entry.time) == (local_day, local_time.replace(second=0))
    # "This week" is the local week, and the entry is on its local day there.
    week_url = client.get("/week").headers["Location"]
    page = parse(client.get(week_url).get_data(as_text=True))
    assert page.rows[local_day.isoformat()]["total"] == "24 mg"
    month_url = client.get("/month").headers["Location"]
    assert month_url.endswith(f"/month/{local_day:%Y-%m}")
