"""Server-side time of the week and month summary pages, for three years of history and one week.

Creates (bulk inserts) a user with about 30,000 entries over three years (27 foods and 2
supplement doses a day, a bisphosphonate dose a week) and a user with one week of history,
then times GET /week/<day> and GET /month/<YYYY-MM> through the full Flask stack with the
test client (routing, session, user loading, queries, domain, template), so no network time
is counted. Uses a fresh SQLite file by default, or the database in TRACKER_DATABASE_URL
(e.g. PostgreSQL; earlier bench users there are deleted first). Prints median, p95 and max
in ms, and the SQL statements per request.

    python bench/bench_summaries.py [--rounds 50]
    TRACKER_DATABASE_URL=postgresql+psycopg://tracker:tracker@127.0.0.1/tracker_bench \\
        python bench/bench_summaries.py
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path

HEAVY_EMAIL = "bench-summaries-3-years@example.org"
LIGHT_EMAIL = "bench-summaries-1-week@example.org"
PASSWORD = "bench password 123"
LAST_DAY = date(2026, 11, 22)  # a Sunday: the benchmarked week is complete
YEARS = 3
FOODS_PER_DAY = 27
DOSES_PER_DAY = 2


def percentile(values: list[float], fraction: float) -> float:
    """Return the nearest-rank percentile of values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def _history(user_id: int, days: int, foods: list[tuple[int, str, int]], rng: random.Random):
    """Rows of food entries, supplement entries and medicine doses for `days` days to LAST_DAY."""
    food_rows, supplement_rows, medicine_rows = [], [], []
    meals = ("breakfast", "lunch", "dinner", "snack")
    for back in range(days):
        on = LAST_DAY - timedelta(days=back)
        for n in range(FOODS_PER_DAY if days > 7 else 4):
            food_id, name, ug_per_100g = rng.choice(foods)
            grams_milli = rng.randrange(20_000, 200_000)
            food_rows.append(
                {
                    "user_id": user_id,
                    "day": on,
                    "time": clock(7 + n % 14, rng.randrange(60)),
                    "meal": meals[n % 4],
                    "kind": "food",
                    "food_id": food_id,
                    "item_name": name,
                    "portion_label": "g",
                    "portion_grams_milli": 1_000,
                    "quantity_text": str(grams_milli // 1000),
                    "quantity_micro": grams_milli * 1000,
                    "grams_milli": grams_milli,
                    "magnesium_ug": ug_per_100g * grams_milli // 100_000,
                }
            )
        for n in range(DOSES_PER_DAY):
            supplement_rows.append(
                {
                    "user_id": user_id,
                    "day": on,
                    "time": clock(8 + 12 * n, 0),
                    "name": "Magnesium glycinate",
                    "form": "glycinate",
                    "kind": "supplement",
                    "magnesium_ug_per_unit": 100_000,
                    "units_text": "1",
                    "units_micro": 1_000_000,
                    "magnesium_ug": 100_000,
                }
            )
        if on.weekday() == 0:
            medicine_rows.append(
                {
                    "user_id": user_id,
                    "day": on,
                    "time": clock(7, 0),
                    "medicine_class": "bisphosphonate",
                    "medicine_name": "Alendronate",
                }
            )
    return food_rows, supplement_rows, medicine_rows


def _time(client, path: str, rounds: int) -> tuple[list[float], list[float]]:
    """Wall-clock and this process's CPU time per request, in ms.

    CPU time leaves out waiting for other processes on a busy machine (and the database
    server's own work on PostgreSQL), so the two together show where the time goes.
    """
    for _ in range(3):  # warm-up: templates compiled, connections open
        assert client.get(path).status_code == 200
    wall, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()

    os.environ.setdefault("TRACKER_INSTANCE_PATH", tempfile.mkdtemp(prefix="tracker-bench-"))
    from flask_migrate import upgrade
    from sqlalchemy import delete, event, func, insert, text

    from tracker import create_app
    from tracker.auth.operations import ProfileChanges, register_user, update_profile
    from tracker.extensions import db
    from tracker.foods.operations import load_usda_foods
    from tracker.models import Food, FoodEntry, MedicineDose, SupplementEntry, User

    url = os.environ.get("TRACKER_DATABASE_URL") or (
        f"sqlite:///{Path(os.environ['TRACKER_INSTANCE_PATH']) / 'bench.sqlite3'}"
    )
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "RATE_LIMITS_ENABLED": False,
            # The bench logs in by posting the form directly, without a page to take a token from.
            "WTF_CSRF_ENABLED": False,
        }
    )
    rng = random.Random(20261122)
    with app.app_context():
        upgrade()
        load_usda_foods()
        db.session.execute(delete(User).where(User.email.in_([HEAVY_EMAIL, LIGHT_EMAIL])))
        db.session.commit()
        foods = list(
            db.session.execute(
                db.select(Food.id, Food.name, Food.magnesium_ug_per_100g)
                .where(Food.owner_id.is_(None), Food.magnesium_ug_per_100g.is_not(None))
                .order_by(Food.id)
                .limit(300)
            ).all()
        )
        started = time.perf_counter()
        for email, days in ((HEAVY_EMAIL, 365 * YEARS), (LIGHT_EMAIL, 7)):
            user = register_user(email, PASSWORD)
            update_profile(
                user,
                ProfileChanges(
                    display_name=None,
                    birth_year=1958,
                    birth_month=3,
                    sex="female",
                    reproductive_status="none",
                    timezone="UTC",
                    kidney_condition=False,
                ),
            )
            food_rows, supplement_rows, medicine_rows = _history(user.id, days, foods, rng)
            db.session.execute(insert(FoodEntry), food_rows)
            db.session.execute(insert(SupplementEntry), supplement_rows)
            db.session.execute(insert(MedicineDose), medicine_rows)
            db.session.commit()
        # Fresh statistics, as autovacuum would gather them after a bulk load.
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        counts = {
            email: db.session.execute(
                db.select(func.count()).select_from(FoodEntry).join(User).where(User.email == email)
            ).scalar_one()
            + db.session.execute(
                db.select(func.count())
                .select_from(SupplementEntry)
                .join(User, User.id == SupplementEntry.user_id)
                .where(User.email == email)
            ).scalar_one()
            for email in (HEAVY_EMAIL, LIGHT_EMAIL)
        }
        inserted_in = time.perf_counter() - started
        print(f"database: {url.split(':')[0]}; history inserted in {inserted_in:.1f} s")
        statements = 0

        @event.listens_for(db.engine, "before_cursor_execute")
        def _count(*_args) -> None:
            nonlocal statements
            statements += 1

    week, month = f"/week/{LAST_DAY.isoformat()}", f"/month/{LAST_DAY:%Y-%m}"
    for email, label in ((HEAVY_EMAIL, "3 years"), (LIGHT_EMAIL, "1 week")):
        client = app.test_client()
        response = client.post("/login", data={"email": email, "password": PASSWORD})
        assert response.status_code == 302, response.status_code
        for path in (week, month):
            timings, cpu = _time(client, path, args.rounds)
            statements = 0
            client.get(path)
            print(
                f"{label:8s} ({counts[email]:6,d} entries) {path:18s} n={len(timings)}  "
                f"median {statistics.median(timings):6.2f} ms  "
                f"p95 {percentile(timings, 0.95):6.2f} ms  max {max(timings):6.2f} ms  "
                f"CPU median {statistics.median(cpu):5.2f} ms  {statements} SQL statements"
            )


if __name__ == "__main__":
    main()
