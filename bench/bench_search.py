"""Server-side time of GET /api/foods over the whole USDA database.

Runs each everyday query through the full Flask stack (routing, session, search, JSON) with
the test client, so no network time is counted. Uses a fresh SQLite file by default, or the
database in TRACKER_DATABASE_URL (e.g. PostgreSQL). Prints median, p95 and max in ms, and
the median CPU time of this thread per request, which other jobs on the machine move far
less than the wall-clock figures (PostgreSQL's own time is not in it).

    python bench/bench_search.py [--rounds 20]
    TRACKER_DATABASE_URL=postgresql+psycopg://tracker:tracker@127.0.0.1/tracker_bench \\
        python bench/bench_search.py
"""

from __future__ import annotations

import argparse
import statistics
import time

from common import bench_app

QUERIES = [
    "spinach", "spin", "spinch", "raw spinach", "almonds", "alm", "almnds", "pumpkin seeds",
    "pepitas", "brown rice", "rice brown", "black beans", "lentils", "banana", "bananas",
    "avocado", "avacado", "dark chocolate", "chocolate", "kale", "oatmeal", "oats", "quinoa",
    "tofu", "edamame", "milk", "yogurt", "yoghurt", "cashews", "peanut butter", "salmon",
    "halibut", "whole wheat bread", "bread", "broccoli", "brocoli", "chia seeds", "flax",
    "sunflower seeds", "potato", "potatoes", "sweet potato", "apple", "orange juice",
    "coffee", "cocoa", "soy milk", "cheese", "egg", "chicken breast", "beef", "pasta",
    "cereal", "granola", "figs", "dates", "molasses", "swiss chard", "artichoke", "okra",
]  # fmt: skip


def percentile(values: list[float], fraction: float) -> float:
    """Return the nearest-rank percentile of values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    app, url = bench_app(PASSWORD_HASH_METHOD="pbkdf2:sha256:1000")
    from tracker.auth.operations import register_user
    from tracker.extensions import db
    from tracker.foods.operations import CustomFoodInput, create_custom_food

    with app.app_context():
        email = "bench-search@example.org"
        from decimal import Decimal

        from tracker.models import User

        user = db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()
        if user is None:
            user = register_user(email, "bench password 123")
            for i in range(20):
                create_custom_food(
                    user,
                    CustomFoodInput(f"Homemade granola {i}", Decimal(40), Decimal(30), None),
                )

    anonymous = app.test_client()
    logged_in = app.test_client()
    response = logged_in.post("/login", data={"email": email, "password": "bench password 123"})
    assert response.status_code == 302, "login failed"
    print(f"database: {url.split(':')[0]}")
    for label, client in (("anonymous", anonymous), ("logged in, 20 custom foods", logged_in)):
        for query in QUERIES:  # warm-up: builds the per-process index once
            client.get("/api/foods", query_string={"q": query})
        timings = []
        cpu_timings = []
        for _ in range(args.rounds):
            for query in QUERIES:
                start, cpu_start = time.perf_counter(), time.thread_time()
                response = client.get("/api/foods", query_string={"q": query, "limit": 10})
                timings.append((time.perf_counter() - start) * 1000)
                cpu_timings.append((time.thread_time() - cpu_start) * 1000)
                assert response.status_code == 200
        print(
            f"{label:28s} n={len(timings):5d}  median {statistics.median(timings):.2f} ms  "
            f"p95 {percentile(timings, 0.95):.2f} ms  max {max(timings):.2f} ms  "
            f"CPU median {statistics.median(cpu_timings):.2f} ms"
        )


if __name__ == "__main__":
    main()
