"""What a ten-year Cronometer export weighs, and what its preview and import cost the worker.

Writes a servings.csv as Cronometer does (the 75-column header of tests/cronometer_files.py,
every nutrient cell filled with a two-decimal value) for ten years of 15 foods a day, prints
its size (what the 40 MB upload cap must let through), then posts it through the full Flask
stack (test client, multipart upload) to the preview and presses Import, printing the status
and this process's CPU time of each.

    python bench/bench_cronometer.py
"""

from __future__ import annotations

import io
import random
import re
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from common import bench_app, login

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.cronometer_files import SERVINGS_HEADER, TYPICAL_ROWS, servings_csv

EMAIL = "bench-cronometer@example.org"
PASSWORD = "bench password 123"
DAYS = 3652
FOODS_A_DAY = 15


def ten_years() -> bytes:
    randomly = random.Random(15)
    foods = [row for row in TYPICAL_ROWS if row["Category"] != "Supplements"]
    nutrients = SERVINGS_HEADER[5:-1]
    rows = []
    for offset in range(DAYS):
        day = (date(2015, 1, 1) + timedelta(days=offset)).isoformat()
        for _ in range(FOODS_A_DAY):
            row = {name: f"{randomly.uniform(0, 300):.2f}" for name in nutrients}
            row.update(randomly.choice(foods))
            row["Day"] = day
            rows.append(row)
    return servings_csv(rows)


def main() -> None:
    raw = ten_years()
    print(f"{DAYS * FOODS_A_DAY:,} rows: {len(raw):,} bytes ({len(raw) / 2**20:.1f} MiB)")
    app, _url = bench_app()
    with app.app_context():
        from sqlalchemy import delete

        from tracker.auth.operations import register_user
        from tracker.extensions import db
        from tracker.models import User

        db.session.execute(delete(User).where(User.email == EMAIL))
        db.session.commit()
        register_user(EMAIL, PASSWORD)
    client = login(app, EMAIL, PASSWORD)
    started = time.process_time()
    preview = client.post(
        "/account/data/cronometer",
        data={"cronometer-file": (io.BytesIO(raw), "servings.csv")},
        content_type="multipart/form-data",
    )
    print(f"preview: {preview.status_code}, CPU {time.process_time() - started:.2f} s")
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', preview.text).group(1)
    started = time.process_time()
    done = client.post("/account/data/cronometer/import", data={"token": token, "submit": "1"})
    print(f"import: {done.status_code}, CPU {time.process_time() - started:.2f} s")


if __name__ == "__main__":
    main()
