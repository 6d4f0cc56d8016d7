"""How big a real 10-year heavy log's data file is, and what a failing import of a large file
costs the worker.

1. Makes a heavy user's ten years (every day logged: 15 foods in 3 meals and 3 snacks, 2
   supplement doses, a quick add every other day, a weekly bisphosphonate dose, every day
   marked complete; 40 custom foods with 3 portions each, 25 favourites, 6 saved products),
   downloads its data file through the app and prints its size: what the upload cap must
   let through.
2. Posts that file, and a 30 MB one, to `/account/data/import` with their last record
   broken, through the full Flask stack (test client, multipart upload), and prints the
   status and this process's CPU time per import, and the peak memory it allocated.

    python bench/bench_data_file.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import time
import tracemalloc
from datetime import date, timedelta
from datetime import time as clock

from common import bench_app, login, usda_foods

EMAIL = "bench-data-file-10-years@example.org"
IMPORTER = "bench-data-file-importer@example.org"
PASSWORD = "bench password 123"
LAST_DAY = date(2026, 11, 22)
DAYS = 3652  # ten years
MEALS = (("breakfast", 4, 7), ("lunch", 4, 12), ("dinner", 4, 18), ("snack", 3, 15))


def _rows(user_id: int, foods, custom_ids, rng: random.Random):
    food_rows, supplement_rows, medicine_rows, statuses = [], [], [], []
    for back in range(DAYS):
        on = LAST_DAY - timedelta(days=back)
        for meal, count, hour in MEALS:
            for n in range(count):
                if rng.random() < 0.1:
                    food_id, name, ug_per_100g = rng.choice(custom_ids)
                else:
                    food_id, name, ug_per_100g = rng.choice(foods)
                grams_milli = rng.randrange(20_000, 200_000)
                food_rows.append(
                    {
                        "user_id": user_id, "day": on, "time": clock(hour, 5 * n),
                        "meal": meal, "kind": "food", "food_id": food_id, "item_name": name,
                        "portion_label": "g", "portion_grams_milli": 1_000,
                        "quantity_text": str(grams_milli // 1000),
                        "quantity_micro": grams_milli * 1000, "grams_milli": grams_milli,
                        "magnesium_ug": ug_per_100g * grams_milli // 100_000,
                    }
                )  # fmt: skip
        if back % 2 == 0:
            food_rows.append(
                {
                    "user_id": user_id, "day": on, "time": None, "meal": "snack",
                    "kind": "quick_add", "food_id": None, "item_name": "Granola bar (label)",
                    "portion_label": "quick add", "portion_grams_milli": None,
                    "quantity_text": "1", "quantity_micro": 1_000_000, "grams_milli": None,
                    "magnesium_ug": 35_000,
                }
            )  # fmt: skip
        for n in range(2):
            supplement_rows.append(
                {
                    "user_id": user_id, "day": on, "time": clock(8 + 12 * n, 0),
                    "name": "Magnesium glycinate", "form": "glycinate", "kind": "supplement",
                    "magnesium_ug_per_unit": 100_000, "units_text": "1",
                    "units_micro": 1_000_000, "magnesium_ug": 100_000,
                }
            )  # fmt: skip
        if on.weekday() == 0:
            medicine_rows.append(
                {
                    "user_id": user_id, "day": on, "time": clock(7, 0),
                    "medicine_class": "bisphosphonate", "medicine_name": "Alendronate",
                }
            )  # fmt: skip
        statuses.append({"user_id": user_id, "day": on, "completed": True})
    return food_rows, supplement_rows, medicine_rows, statuses


def _broken_at_the_end(document: dict) -> bytes:
    document["food_entries"][-1]["magnesium_mg"] = "-1"
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode()


def _import(client, raw: bytes) -> tuple[int, float]:
    start = time.process_time()
    response = client.post(
        "/account/data/import",
        data={"file": (io.BytesIO(raw), "data.json")},
        content_type="multipart/form-data",
    )
    return response.status_code, (time.process_time() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from sqlalchemy import delete, insert

    from tracker.auth.operations import register_user
    from tracker.extensions import db
    from tracker.models import (
        DayStatus,
        FavouriteFood,
        Food,
        FoodEntry,
        FoodPortion,
        MedicineDose,
        SupplementEntry,
        SupplementProduct,
        User,
    )

    app, _url = bench_app()
    rng = random.Random(20261201)
    with app.app_context():
        db.session.execute(delete(User).where(User.email.in_([EMAIL, IMPORTER])))
        db.session.commit()
        foods = usda_foods()
        user = register_user(EMAIL, PASSWORD)
        register_user(IMPORTER, PASSWORD)
        custom = []
        for number in range(40):
            food = Food(
                owner_id=user.id, name=f"Homemade granola, batch {number}", food_group="My foods",
                magnesium_ug_per_100g=120_000, serving_grams_milli=45_000,
                magnesium_ug_per_serving=54_000,
                portions=[
                    FoodPortion(position=p, label=f"{p + 1} bowl", grams_milli=45_000 * (p + 1))
                    for p in range(3)
                ],
            )  # fmt: skip
            db.session.add(food)
            db.session.flush()
            custom.append((food.id, food.name, 120_000))
        for food_id, _name, _ug in foods[:25]:
            db.session.add(FavouriteFood(user_id=user.id, food_id=food_id))
        for number in range(6):
            db.session.add(
                SupplementProduct(
                    user_id=user.id, name=f"Magnesium product {number}", form="citrate",
                    magnesium_ug_per_unit=100_000 + number,
                )
            )  # fmt: skip
        food_rows, supplement_rows, medicine_rows, statuses = _rows(user.id, foods, custom, rng)
        db.session.execute(insert(FoodEntry), food_rows)
        db.session.execute(insert(SupplementEntry), supplement_rows)
        db.session.execute(insert(MedicineDose), medicine_rows)
        db.session.execute(insert(DayStatus), statuses)
        db.session.commit()

    owner = login(app, EMAIL, PASSWORD)
    raw = owner.get("/account/data/export.json").get_data()
    document = json.loads(raw)
    print(
        f"10 years: {len(document['food_entries']):,} food entries, "
        f"{len(document['supplement_entries']):,} supplement entries, "
        f"{len(document['medicine_doses']):,} medicine doses, "
        f"{len(document['day_statuses']):,} days: {len(raw):,} bytes ({len(raw) / 2**20:.1f} MiB)"
    )
    ten_years = _broken_at_the_end(json.loads(raw))
    # 30 MB: the ten years with more entries of the same kind, in the file's day order.
    entries = document["food_entries"]
    target = 30_000_000
    while len(json.dumps(document, ensure_ascii=False, indent=1)) < target:
        document["food_entries"] += [dict(entry) for entry in entries[: len(entries) // 50]]
    thirty = _broken_at_the_end(document)

    importer = login(app, IMPORTER, PASSWORD)
    for label, body in (("10-year file", ten_years), ("30 MB file", thirty)):
        results = [_import(importer, body) for _ in range(args.rounds)]
        statuses_seen = sorted({status for status, _cpu in results})
        tracemalloc.start()
        _import(importer, body)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        print(
            f"{label}, broken at its last record ({len(body) / 2**20:.1f} MiB): "
            f"status {statuses_seen}, CPU median "
            f"{statistics.median(cpu for _status, cpu in results):,.0f} ms, "
            f"max {max(cpu for _status, cpu in results):,.0f} ms; peak memory {peak:,.0f} MB"
        )


if __name__ == "__main__":
    main()
