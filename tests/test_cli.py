"""flask load-foods: loads the USDA file, is idempotent, and never touches users' logs."""

from __future__ import annotations

import json
from datetime import date

from tests.helpers import add_food, food_id
from tracker.extensions import db
from tracker.foods.operations import USDA_DATA_FILE, USDA_PROVENANCE_FILE
from tracker.models import Food, FoodEntry, FoodPortion


def _counts(app) -> tuple[int, int]:
    with app.app_context():
        foods = db.session.execute(
            db.select(db.func.count()).select_from(Food).where(Food.ndb_number.is_not(None))
        ).scalar_one()
        portions = db.session.execute(
            db.select(db.func.count()).select_from(FoodPortion)
        ).scalar_one()
        return foods, portions


def test_loaded_counts_match_provenance(app):
    provenance = json.loads(USDA_PROVENANCE_FILE.read_text())
    counts = provenance["counts"]
    assert _counts(app) == (counts["foods_with_magnesium"], counts["portions"])


def test_load_foods_twice_is_the_same_as_once(app, runner):
    before = _counts(app)
    result = runner.invoke(args=["load-foods"])
    assert result.exit_code == 0
    assert "already up to date" in result.output
    assert _counts(app) == before


def test_forced_reload_keeps_ids_and_users_logs(app, runner, auth_client):
    spinach = food_id(app, "11457")
    add_food(auth_client, date(2026, 1, 2), spinach, "0", "1")
    result = runner.invoke(args=["load-foods", "--force"])
    assert result.exit_code == 0, result.output
    assert "Loaded 0 new and 7879 updated foods" in result.output
    assert food_id(app, "11457") == spinach
    with app.app_context():
        [entry] = db.session.execute(db.select(FoodEntry)).scalars().all()
        assert (entry.food_id, entry.magnesium_ug) == (spinach, 23_700)
    assert _counts(app)[0] == 7879
    # The search still works after the reload (each process rebuilds its copy).
    results = auth_client.get("/api/foods?q=spinach").get_json()["results"]
    assert results[0]["id"] == str(spinach)


def test_load_foods_rejects_a_missing_file(runner):
    result = runner.invoke(args=["load-foods", "--file", "/nonexistent/foods.jsonl"])
    assert result.exit_code != 0
    assert "does not exist" in result.output


def test_data_file_is_the_packaged_one():
    assert USDA_DATA_FILE.name == "usda_sr24_magnesium.jsonl"
    assert USDA_DATA_FILE.exists()


def _food_defaults(app, ndb: str) -> tuple:
    with app.app_context():
        food = db.session.execute(db.select(Food).filter_by(ndb_number=ndb)).scalar_one()
        return (
            food.racc_key,
            food.racc_grams_milli,
            food.racc_nominal,
            food.default_portion_key,
            food.default_quantity_text,
        )


def test_reference_amounts_and_default_portions_are_loaded(app):
    assert _food_defaults(app, "12061") == ("nuts", 30_000, False, "4", "1")  # 1 oz almonds
    assert _food_defaults(app, "16398") == ("nut-butters", 32_250, False, "1", "1")  # 2 tbsp
    assert _food_defaults(app, "01171")[3:] == ("g", "50")  # frozen egg: no measures at all


def test_a_reload_updates_defaults_in_place_and_keeps_users_logs(
    app, runner, auth_client, tmp_path
):
    almonds = food_id(app, "12061")
    add_food(auth_client, date(2026, 1, 2), almonds, "4", "2")  # 2 x 1 oz, logged before
    changed = tmp_path / "foods.jsonl"
    lines = []
    for line in USDA_DATA_FILE.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["ndb"] == "12061":
            record.update(default_portion="oz", default_quantity="1.5", racc_g=28.35)
        lines.append(json.dumps(record))
    changed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        result = runner.invoke(args=["load-foods", "--file", str(changed)])
        assert result.exit_code == 0, result.output
        assert "Loaded 0 new and 7879 updated foods" in result.output
        assert food_id(app, "12061") == almonds
        assert _food_defaults(app, "12061") == ("nuts", 28_350, False, "oz", "1.5")
        with app.app_context():
            [entry] = db.session.execute(db.select(FoodEntry)).scalars().all()
            # 2 x 28.35 g x 268 mg/100 g, as logged: a reload never changes an entry.
            assert (entry.food_id, entry.portion_label, entry.magnesium_ug) == (
                almonds,
                "1 oz (23 whole kernels)",
                151_956,
            )
    finally:
        restored = runner.invoke(args=["load-foods", "--force"])
        assert restored.exit_code == 0, restored.output
    assert _food_defaults(app, "12061") == ("nuts", 30_000, False, "4", "1")
