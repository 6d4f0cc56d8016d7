"""`flask demo`: four weeks of realistic entries ending today in the account's time zone, one
spacing conflict, safe to run again, recreated with --reset, other accounts untouched."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from itertools import pairwise

import pytest

from tests.helpers import add_food, food_id, login
from tests.routes import snapshot
from tracker.demo import (
    CONFLICT_DAY,
    DEMO_DAYS,
    DEMO_EMAIL,
    GRANOLA,
    SUPPLEMENT_NAME,
    UNLOGGED_DAY,
    demo_user,
)
from tracker.diary.operations import day_completed
from tracker.extensions import db
from tracker.localtime import local_today
from tracker.models import DayStatus, Food, FoodEntry, MedicineDose, SupplementEntry, User
from tracker.supplements.day import supplement_day

DEMO_PASSWORD = "a demo password for tests"


def _run(runner, *args: str):
    result = runner.invoke(args=["demo", "--password", DEMO_PASSWORD, *args])
    assert result.exit_code == 0, result.output
    return result


def _rows(model, user: User) -> list:
    return list(
        db.session.execute(db.select(model).where(model.user_id == user.id)).scalars().all()
    )


@pytest.fixture
def demo(app, runner):
    result = _run(runner)
    assert f"Email:    {DEMO_EMAIL}" in result.output
    assert f"Password: {DEMO_PASSWORD}" in result.output
    with app.app_context():
        user = demo_user()
        db.session.expunge(user)
    return user


def test_four_weeks_ending_today_in_the_account_time_zone(app, demo):
    with app.app_context():
        user = db.session.get(User, demo.id)
        today = local_today(user)
        assert user.timezone == "America/New_York"
        days = {entry.day for entry in _rows(FoodEntry, user)}
        assert max(days) == today
        assert min(days) == today - timedelta(days=DEMO_DAYS - 1)
        # Every day of the four weeks has foods, but one.
        assert len(days) == DEMO_DAYS - 1
        unlogged = today - timedelta(days=UNLOGGED_DAY)
        assert unlogged not in days
        assert not any(e.day == unlogged for e in _rows(SupplementEntry, user))


def test_real_foods_in_realistic_portions(app, demo):
    with app.app_context():
        user = db.session.get(User, demo.id)
        entries = _rows(FoodEntry, user)
        kinds = Counter(entry.kind for entry in entries)
        assert kinds["quick_add"] == 3
        granola = [e for e in entries if e.item_name == GRANOLA]
        assert granola, "the custom food is logged"
        custom = db.session.get(Food, granola[0].food_id)
        assert custom.owner_id == user.id
        assert custom.magnesium_ug_per_serving == 60_000
        usda = [e for e in entries if e.kind == "food" and e.item_name != GRANOLA]
        # USDA foods by NDB number, each entry with household portion, grams and magnesium.
        assert all(db.session.get(Food, e.food_id).ndb_number for e in usda)
        assert all(e.grams_milli and e.magnesium_ug is not None for e in usda)
        assert all(e.meal in {"breakfast", "lunch", "dinner", "snack"} for e in entries)
        # Each logged day's food lands where real days do (a few hundred mg).
        per_day = Counter()
        for entry in entries:
            per_day[entry.day] += entry.magnesium_ug
        today = local_today(user)
        assert all(150_000 <= ug <= 600_000 for ug in per_day.values()), per_day
        # Today: breakfast, lunch and a snack so far.
        assert {e.meal for e in entries if e.day == today} == {"breakfast", "lunch", "snack"}


def test_a_daily_supplement_a_weekly_bisphosphonate_and_one_spacing_conflict(app, demo):
    with app.app_context():
        user = db.session.get(User, demo.id)
        today = local_today(user)
        supplements = _rows(SupplementEntry, user)
        assert {s.name for s in supplements} == {SUPPLEMENT_NAME}
        assert all(s.magnesium_ug == 120_000 for s in supplements)
        assert 20 <= len(supplements) < DEMO_DAYS
        doses = sorted(_rows(MedicineDose, user), key=lambda dose: dose.day)
        assert [d.medicine_name for d in doses] == ["Alendronate"] * 4
        assert [(b.day - a.day).days for a, b in pairwise(doses)] == [7] * 3
        conflicts = [
            today - timedelta(days=back)
            for back in range(DEMO_DAYS)
            if any(
                c.key == "spacing"
                for c in supplement_day(user, today - timedelta(days=back)).cautions
            )
        ]
        assert conflicts == [today - timedelta(days=CONFLICT_DAY)]
        # No day goes over the upper limit for supplements.
        assert not any(
            c.key == "upper-limit"
            for back in range(DEMO_DAYS)
            for c in supplement_day(user, today - timedelta(days=back)).cautions
        )


def test_a_couple_of_completed_days(app, demo):
    with app.app_context():
        user = db.session.get(User, demo.id)
        today = local_today(user)
        completed = [s.day for s in _rows(DayStatus, user) if s.completed]
        assert sorted(completed) == [today - timedelta(days=2), today - timedelta(days=1)]
        assert day_completed(user, today - timedelta(days=1))


def test_the_printed_login_works(app, demo):
    client = app.test_client()
    login(client, DEMO_EMAIL, DEMO_PASSWORD)
    page = client.get("/").get_data(as_text=True)
    assert ("Today, " in page and "Cereals, oats" in page) or "Nuts, almonds" in page
    assert client.get("/week").status_code == 302
    assert client.get("/month", follow_redirects=True).status_code == 200


def test_running_again_changes_nothing(app, runner, demo):
    before = snapshot(app)
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "already exists" in result.output
    assert "Password" not in result.output
    assert snapshot(app) == before


def test_reset_recreates_it_and_leaves_other_accounts_alone(app, runner, demo, auth_client):
    add_food(auth_client, local_today(demo), food_id(app, "11457"), "0", "1")
    with app.app_context():
        others = (
            db.session.execute(db.select(FoodEntry.id).join(User).where(User.email != DEMO_EMAIL))
            .scalars()
            .all()
        )
        count = len(_rows(FoodEntry, db.session.get(User, demo.id)))
    assert len(others) == 1

    result = runner.invoke(args=["demo", "--reset", "--password", "another password here"])
    assert result.exit_code == 0, result.output
    assert "Password: another password here" in result.output
    with app.app_context():
        user = demo_user()
        assert user.id != demo.id
        assert len(_rows(FoodEntry, user)) == count
        assert db.session.get(User, demo.id) is None
        assert (
            db.session.execute(db.select(FoodEntry.id).join(User).where(User.email != DEMO_EMAIL))
            .scalars()
            .all()
            == others
        )
    client = app.test_client()
    old_login = client.post("/login", data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    assert old_login.status_code == 400  # the old password went with the old account
    login(client, DEMO_EMAIL, "another password here")


def test_a_random_password_is_printed_when_none_is_given(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    password = result.output.split("Password: ")[1].split()[0]
    assert len(password) >= 12
    login(app.test_client(), DEMO_EMAIL, password)


def test_an_unknown_time_zone_is_refused(app, runner):
    result = runner.invoke(args=["demo", "--timezone", "Mars/Olympus_Mons"])
    assert result.exit_code == 2
    assert "unknown time zone" in result.output
    with app.app_context():
        assert demo_user() is None


def test_another_time_zone_moves_today(app, runner):
    result = runner.invoke(args=["demo", "--timezone", "Pacific/Kiritimati"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = demo_user()
        assert user.timezone == "Pacific/Kiritimati"
        assert max(e.day for e in _rows(FoodEntry, user)) == local_today(user)
