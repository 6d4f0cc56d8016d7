"""Server-side time of the heavy downloads for three years of heavy logging: the entries CSV and
the data file (JSON).

Creates (bulk inserts) the heavy user of bench/bench_summaries.py (27 foods and 2 supplement
doses a day, a bisphosphonate dose a week, three years: about 32,000 rows), then downloads
`/export/entries.csv` for the whole three years and `/account/data/export.json` through the
full Flask stack with the test client, reading the whole body. Prints, per download, the
median and max wall time, this process's CPU time (the worker is busy for that long), the
time until the first bytes of the body, the peak memory the download added, and the size.
Uses a fresh SQLite file, or the database in TRACKER_DATABASE_URL.

    python bench/bench_exports.py [--rounds 5] [--profile]
    TRACKER_DATABASE_URL=postgresql+psycopg://tracker:tracker@127.0.0.1/tracker_bench \\
        python bench/bench_exports.py
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import statistics
import time
import tracemalloc
from datetime import timedelta

from bench_summaries import HEAVY_EMAIL, LAST_DAY, PASSWORD, YEARS, _history
from common import bench_app, login, usda_foods

DAYS = 365 * YEARS


def _download(client, path: str) -> tuple[float, float, float, int]:
    """Wall ms, CPU ms, ms until the first bytes of the body, and the body's size."""
    start, start_cpu = time.perf_counter(), time.process_time()
    response = client.get(path, buffered=False)
    assert response.status_code == 200, (path, response.status_code)
    first = None
    size = 0
    for chunk in response.response:
        if first is None and chunk:
            first = time.perf_counter()
        size += len(chunk)
    response.close()
    end = time.perf_counter()
    cpu = time.process_time() - start_cpu
    return (end - start) * 1000, cpu * 1000, ((first or end) - start) * 1000, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print the top functions")
    args = parser.parse_args()

    from sqlalchemy import delete, insert, text

    from tracker.auth.operations import register_user
    from tracker.extensions import db
    from tracker.models import FoodEntry, MedicineDose, SupplementEntry, User

    app, url = bench_app()
    rng = random.Random(20261122)
    with app.app_context():
        db.session.execute(delete(User).where(User.email == HEAVY_EMAIL))
        db.session.commit()
        foods = usda_foods()
        user = register_user(HEAVY_EMAIL, PASSWORD)
        food_rows, supplement_rows, medicine_rows = _history(user.id, DAYS, foods, rng)
        db.session.execute(insert(FoodEntry), food_rows)
        db.session.execute(insert(SupplementEntry), supplement_rows)
        db.session.execute(insert(MedicineDose), medicine_rows)
        db.session.commit()
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        rows = len(food_rows) + len(supplement_rows) + len(medicine_rows)
    print(f"database: {url.split(':')[0]}; {rows:,} rows over {DAYS:,} days")

    client = login(app, HEAVY_EMAIL, PASSWORD)
    first_day = LAST_DAY - timedelta(days=DAYS - 1)
    paths = {
        "entries CSV": f"/export/entries.csv?period=custom&start={first_day}&end={LAST_DAY}",
        "data file (JSON)": "/account/data/export.json",
    }
    for label, path in paths.items():
        _download(client, path)  # warm-up
        wall, cpu, first = [], [], []
        for _ in range(args.rounds):
            w, c, f, size = _download(client, path)
            wall.append(w)
            cpu.append(c)
            first.append(f)
        # Memory in a round of its own: tracemalloc slows everything it traces.
        tracemalloc.start()
        _download(client, path)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            _download(client, path)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        print(
            f"{label:17s} {size / 1e6:5.1f} MB  n={args.rounds}  "
            f"wall median {statistics.median(wall):6.0f} ms  max {max(wall):6.0f} ms  "
            f"CPU median {statistics.median(cpu):6.0f} ms  "
            f"first bytes after {statistics.median(first):6.0f} ms  "
            f"peak memory {peak:5.0f} MB"
        )


if __name__ == "__main__":
    main()
