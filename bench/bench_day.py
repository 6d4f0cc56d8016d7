"""Server-side time of the day page with 20 food entries and every section shown.

Logs a day through the app's own routes (test client): 20 foods over breakfast, lunch,
dinner and snacks, two supplements (one saved to My supplements), a bisphosphonate dose an
hour after a supplement (a timing caution), a starred food, and foods on the days before
(so the recent, frequent and favourite lists are full). Then times GET /day/<day> through the
full Flask stack (routing, session, user loading, queries, domain, template), so no network
time is counted. Uses a fresh SQLite file by default, or the database in TRACKER_DATABASE_URL
(e.g. PostgreSQL; an earlier bench user there is deleted first). Prints median, p95 and max
in ms, this process's CPU time, the SQL statements per request and the page's size;
--profile prints where the time goes; bench_day_instructions.sh counts machine instructions
(callgrind), a figure the machine's other work does not move.

    python bench/bench_day.py [--rounds 200] [--profile]
    TRACKER_DATABASE_URL=postgresql+psycopg://tracker:tracker@127.0.0.1/tracker_bench \\
        python bench/bench_day.py
"""

from __future__ import annotations

import argparse
import cProfile
import ctypes
import pstats
import statistics
import time
from datetime import date, timedelta

from common import bench_app, login

EMAIL = "bench-day@example.org"
PASSWORD = "bench password 123"
DAY = date(2026, 11, 24)
# (NDB number, portion label, quantity, meal): a plausible day of 20 foods.
DAY_FOODS = [
    ("08121", "1 cup", "1", "breakfast"),  # oatmeal
    ("01079", "1 cup", "0.5", "breakfast"),  # 2% milk
    ("09040", '1 medium (7" to 7-7/8" long)', "1", "breakfast"),  # banana
    ("12061", "1 oz (23 whole kernels)", "1", "breakfast"),  # almonds
    ("14209", "1 cup (8 fl oz)", "2", "breakfast"),  # coffee
    ("11457", "1 cup", "2", "lunch"),  # spinach
    ("18075", "1 slice", "2", "lunch"),  # whole-wheat bread
    ("16015", "1 cup", "0.5", "lunch"),  # black beans
    ("09037", "1 avocado, NS as to Florida or California", "0.5", "lunch"),  # avocado
    ("01009", "1 oz", "1", "lunch"),  # cheddar
    ("09003", '1 medium (3" dia)', "1", "lunch"),  # apple
    ("15237", "3 oz", "2", "dinner"),  # salmon
    ("20037", "1 cup", "1", "dinner"),  # brown rice
    ("11090", "1 cup chopped", "1", "dinner"),  # broccoli
    ("11674", "1 potato medium", "1", "dinner"),  # baked potato
    ("19904", "1 oz", "1", "snack"),  # dark chocolate
    ("12014", "1 oz", "1", "snack"),  # pumpkin seeds
    ("01117", "1 cup (8 fl oz)", "1", "snack"),  # yogurt
    ("09050", "1 cup", "0.5", "snack"),  # blueberries
    ("19296", "1 tbsp", "1", ""),  # honey, no meal
]
EARLIER_DAYS = 6


def percentile(values: list[float], fraction: float) -> float:
    """Return the nearest-rank percentile of values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def _log_the_days(client, foods: dict[str, int]) -> None:
    """Everything the page shows, logged through the app's routes."""
    from tracker.foods.operations import food_for, standard_portions

    def post_food(day: date, ndb: str, label: str, quantity: str, meal: str) -> None:
        food = food_for(foods[ndb], None)
        assert food is not None
        key = next(p.key for p in standard_portions(food.portions) if p.label == label)
        response = client.post(
            f"/day/{day.isoformat()}/entries",
            data={"food_id": str(food.id), "portion": key, "quantity": quantity, "meal": meal},
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]

    for back in range(EARLIER_DAYS, 0, -1):
        earlier = DAY - timedelta(days=back)
        for ndb, label, quantity, meal in DAY_FOODS[back::3]:
            post_food(earlier, ndb, label, quantity, meal)
    for ndb, label, quantity, meal in DAY_FOODS:
        post_food(DAY, ndb, label, quantity, meal)
    day = DAY.isoformat()
    for data in (
        {
            "supplement-name": "Magnesium glycinate",
            "supplement-form": "glycinate",
            "supplement-magnesium_per_unit": "120",
            "supplement-units": "1",
            "supplement-time": "08:00",
        },
        {
            "supplement-preset": "milk-of-magnesia",
            "supplement-name": "Milk of magnesia (magnesium hydroxide)",
            "supplement-form": "hydroxide",
            "supplement-magnesium_per_unit": "500",
            "supplement-units": "1",
            "supplement-time": "21:00",
        },
    ):
        response = client.post(f"/day/{day}/supplements", data=data)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    response = client.post(
        f"/day/{day}/medicines",
        data={"medicine-medicine": "alendronate", "medicine-time": "09:00"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    response = client.post(
        f"/favourites/{foods['12061']}", data={"action": "star", "return_day": day}
    )
    assert response.status_code == 302


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--profile", action="store_true", help="print the top functions")
    parser.add_argument(
        "--callgrind",
        metavar="LIBRARY",
        help="count instructions (run by bench_day_instructions.sh, under valgrind)",
    )
    parser.add_argument("--callgrind-requests", type=int, default=20)
    args = parser.parse_args()

    app, url = bench_app(PASSWORD_HASH_METHOD="pbkdf2:sha256:1000")
    from sqlalchemy import delete, event

    from tracker.auth.operations import ProfileChanges, register_user, update_profile
    from tracker.extensions import db
    from tracker.models import Food, FoodEntry, SupplementEntry, User

    with app.app_context():
        db.session.execute(delete(User).where(User.email == EMAIL))
        db.session.commit()
        user = register_user(EMAIL, PASSWORD, timezone="UTC")
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
        foods = dict(
            db.session.execute(
                db.select(Food.ndb_number, Food.id).where(
                    Food.ndb_number.in_([ndb for ndb, *_ in DAY_FOODS])
                )
            ).all()
        )
        client = login(app, EMAIL, PASSWORD)
        _log_the_days(client, foods)
        user_id = user.id
        counted = {
            "food entries": db.session.execute(
                db.select(db.func.count())
                .select_from(FoodEntry)
                .where(FoodEntry.user_id == user_id, FoodEntry.day == DAY)
            ).scalar_one(),
            "supplement entries": db.session.execute(
                db.select(db.func.count())
                .select_from(SupplementEntry)
                .where(SupplementEntry.user_id == user_id, SupplementEntry.day == DAY)
            ).scalar_one(),
        }

        statements = 0

        @event.listens_for(db.engine, "before_cursor_execute")
        def _count(*_args) -> None:
            nonlocal statements
            statements += 1

    path = f"/day/{DAY.isoformat()}"
    client.get(path)  # shows (and so clears) the confirmations of the logging above
    page = client.get(path)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for needed in ("Caution", "Log again", "My supplements", "Favourites", "Recent"):
        assert needed in html, f"the page does not show {needed!r}"
    for _ in range(5):  # warm-up: templates compiled, connections open, catalog built
        client.get(path)
    if args.callgrind:
        marks = ctypes.CDLL(args.callgrind)
        marks.marks_start()
        for _ in range(args.callgrind_requests):
            client.get(path)
        marks.marks_stop()
    wall, cpu = [], []
    for _ in range(args.rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200
    statements = 0
    client.get(path)
    print(
        f"database: {url.split(':')[0]}; {counted['food entries']} food entries, "
        f"{counted['supplement entries']} supplement entries; page {len(html.encode()):,} bytes"
    )
    print(
        f"GET {path}  n={len(wall)}  median {statistics.median(wall):6.2f} ms  "
        f"p95 {percentile(wall, 0.95):6.2f} ms  max {max(wall):6.2f} ms  "
        f"CPU median {statistics.median(cpu):5.2f} ms  {statements} SQL statements"
    )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(50):
            client.get(path)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
