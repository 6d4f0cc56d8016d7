"""The data file's schema: one declaration for export, import and the README."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.helpers import make_user
from tracker.account_data.operations import export_json
from tracker.account_data.schema import DataFile, DataImportError, read_file, readme_table
from tracker.dbtypes import max_length, max_value
from tracker.domain.totals import ug_to_mg
from tracker.extensions import db
from tracker.models import FoodEntry, User

README = Path(__file__).resolve().parent.parent / "README.md"
TODAY = date(2026, 12, 1)


def _empty_file(app) -> dict:
    user = make_user(app, "file@example.org")
    with app.app_context():
        return json.loads(export_json(db.session.get(User, user.id)))


def test_the_readme_table_is_the_schema():
    # python -m tracker.account_data.schema prints the table to paste.
    assert readme_table() in README.read_text(encoding="utf-8")


def test_limits_come_from_the_columns(app):
    data = _empty_file(app)
    entry = {
        "day": "2024-03-01", "time": None, "meal": None, "kind": "quick_add", "food": None,
        "item_name": "x" * max_length(FoodEntry.item_name), "portion_label": "quick add",
        "portion_grams": None, "quantity_text": "1", "quantity": "1", "grams": None,
        "magnesium_mg": str(ug_to_mg(max_value(FoodEntry.magnesium_ug))),
    }  # fmt: skip
    data["food_entries"] = [entry]
    read_file(json.dumps(data).encode(), TODAY)  # at the limits: fine
    entry["item_name"] += "x"
    with pytest.raises(DataImportError, match=r"food_entries\[0\]\.item_name: longer than 200"):
        read_file(json.dumps(data).encode(), TODAY)


def test_the_first_error_in_the_file_is_the_one_reported(app):
    data = _empty_file(app)
    data["profile"]["birth_year"] = "1950"  # the first problem in the file
    data["day_statuses"] = [{"day": "2024-13-01", "completed": True}]
    with pytest.raises(DataImportError) as raised:
        read_file(json.dumps(data).encode(), TODAY)
    assert str(raised.value) == "profile.birth_year: expected a whole number from 1900 to 2026."


def test_a_list_stops_at_its_first_bad_item(app):
    data = _empty_file(app)
    data["day_statuses"] = [
        {"day": "2024-03-01", "completed": "yes"},
        {"day": "bad", "completed": True},
    ]
    with pytest.raises(DataImportError, match=r"^day_statuses\[0\]\.completed: expected true"):
        read_file(json.dumps(data).encode(), TODAY)


def test_a_byte_order_mark_is_read_past(app):
    raw = "\ufeff".encode() + json.dumps(_empty_file(app)).encode()
    assert isinstance(read_file(raw, TODAY), DataFile)


def test_percent_dv_keeps_hundredths_through_the_file(app, auth_client, user):
    auth_client.post(
        "/foods/mine",
        data={"name": "Bar", "serving_grams": "30", "magnesium_as": "percent_dv",
              "magnesium_amount": "12.25"},
    )  # fmt: skip
    exported = json.loads(auth_client.get("/account/data/export.json").data)
    [food] = exported["custom_foods"]
    assert (food["label_percent_dv"], food["magnesium_mg_per_serving"]) == ("12.25", "51.45")
    food["label_percent_dv"] = "12.255"
    with pytest.raises(DataImportError, match=r"custom_foods\[0\]\.label_percent_dv: at most 2"):
        read_file(json.dumps(exported).encode(), TODAY)


def test_a_file_listing_one_product_twice_imports_it_once_with_every_dose(app):
    """Files written before products were unique may list one twice: both refs, one row."""
    from tests.helpers import add_supplement, login
    from tracker.account_data.operations import import_user_data
    from tracker.models import SupplementEntry, SupplementProduct

    make_user(app, "pills@example.org")
    client = app.test_client()
    login(client, "pills@example.org")
    for day in (date(2024, 3, 4), date(2024, 3, 5)):
        assert add_supplement(client, day, name="Mag Glycinate").status_code == 302
    with app.app_context():
        source = db.session.execute(db.select(User).filter_by(email="pills@example.org"))
        data = json.loads(export_json(source.scalar_one()))
    [product] = data["supplement_products"]
    data["supplement_products"].append(
        {
            **product,
            "ref": "product-2",
            "name": "MAG  glycinate",
            "last_used_at": "2020-01-01T00:00:00+00:00",
        }
    )
    data["supplement_entries"][1]["product"] = "product-2"
    newcomer = make_user(app, "new@example.org")
    with app.test_request_context(), app.app_context():
        counts = import_user_data(
            db.session.get(User, newcomer.id), json.dumps(data).encode(), TODAY
        )
        assert counts["supplement_entries"] == 2
        [kept] = db.session.execute(
            db.select(SupplementProduct).filter_by(user_id=newcomer.id)
        ).scalars()
        assert kept.name == "Mag Glycinate"
        assert kept.last_used_at.isoformat() == product["last_used_at"]  # the later of the two
        links = db.session.execute(
            db.select(SupplementEntry.product_id).filter_by(user_id=newcomer.id)
        ).scalars()
        assert list(links) == [kept.id, kept.id]
