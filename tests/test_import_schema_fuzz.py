"""Data files generated from the documented JSON Schema (DataFile.model_json_schema()).

Valid files: every one imports into an empty account through the "Your data" page, and the
account's export is the imported content (the file as the import read it: text as stored,
decimals exact, times in UTC). Near misses (one value of a valid file made invalid by the
schema or by the text rules: a wrong type, a bound passed, a key missing or unexpected, a date
past the range, a lone surrogate, a bidirectional control): a 4xx with a message, and nothing
written. Never a 500. Example counts are bounded (the suite's derandomized profile replays the
same examples every run); TRACKER_HYPOTHESIS_EXAMPLES raises them for a deeper run.

What the schema cannot say is given below as overrides, each with its reason: decimals written
as text have maxima; references must point at rows of the file; a profile's fields agree.
"""

from __future__ import annotations

import io
import json
import os
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import login, make_user
from tests.schema_strategies import (
    SchemaStrategies,
    apply_change,
    near_misses,
    paths,
    plain_text,
    resolve,
    schema_at,
)
from tracker.account_data.operations import account_is_empty
from tracker.account_data.schema import DataFile, read_file
from tracker.domain.periods import FIRST_DAY, LAST_DAY
from tracker.domain.supplements import ALL_PRESETS, product_name_key
from tracker.domain.text import clean_text
from tracker.extensions import db
from tracker.models import Food, User

SCHEMA = DataFile.model_json_schema()
EXAMPLES = int(os.environ.get("TRACKER_HYPOTHESIS_EXAMPLES", "0")) or None
DECIMAL_3 = "^[0-9]{1,12}(\\.[0-9]{1,3})?$"
DECIMAL_2 = "^[0-9]{1,12}(\\.[0-9]{1,2})?$"
DECIMAL_6 = "^[0-9]{1,12}(\\.[0-9]{1,6})?$"


def _decimal_text(places: int, low: str = "0.001", high: str = "999") -> st.SearchStrategy[str]:
    # Within every column's maximum (the smallest is 1,000 units) and above 0, where most
    # decimals of the file must be.
    return st.decimals(Decimal(low), Decimal(high), places=places).map(lambda value: f"{value:f}")


def _strategies(ndb_numbers: list[str]) -> SchemaStrategies:
    return SchemaStrategies(
        SCHEMA,
        patterns={
            DECIMAL_3: _decimal_text(3),
            DECIMAL_2: _decimal_text(2, "0.01"),
            DECIMAL_6: _decimal_text(6, "0.000001"),
            "^[0-9]{1,8}$": st.sampled_from(ndb_numbers),  # the installed USDA foods
        },
        formats={
            "date": st.dates(FIRST_DAY, LAST_DAY).map(date.isoformat),
        },
        overrides={
            # The regimen has rules of its own (plans, taken doses): its round trip is
            # tests/test_account_data.py's.
            "DataFile.schedules": st.just([]),
            # Recipes too (each ingredient's figures follow from its food and amount): their
            # round trip is tests/test_recipes.py's. A serving may outlive its recipe (null).
            "DataFile.recipes": st.just([]),
            "FoodEntryRow.recipe": st.none(),
            "Profile.birth_year": st.none() | st.integers(1900, 2025),
            # 2 to 24 hours (cautions.check_bisphosphonate_gap); null keeps the account's own
            # gap, so the export would not repeat it.
            "Settings.bisphosphonate_gap_minutes": st.integers(120, 24 * 60),
            "SupplementProductRow.preset_key": st.none()
            | st.sampled_from([preset.key for preset in ALL_PRESETS]),
            # No serving holds more magnesium than it weighs: at least 10 g for at most 999 mg.
            "CustomFood.serving_grams": st.none() | _decimal_text(3, "10"),
        },
    )


def _consistent(document: dict[str, Any]) -> dict[str, Any]:
    """The references and the cross-field rules the schema cannot state, made to hold; lists
    in the order an export writes them (so the export can be compared with the file)."""
    profile = document["profile"]
    if profile["birth_year"] is None or profile["birth_month"] is None:
        profile["birth_year"] = profile["birth_month"] = None
    if profile["sex"] == "male":
        profile["reproductive_status"] = "none"
    foods = document["custom_foods"]
    for number, food in enumerate(foods, 1):
        food["ref"] = f"food-{number}"
    refs = [food["ref"] for food in foods]

    def link(value: Any, index: int) -> Any:
        if isinstance(value, dict) and "custom_food" in value:
            return {"custom_food": refs[index % len(refs)]} if refs else None
        return value

    document["food_entries"] = sorted(
        (
            {**entry, "food": link(entry["food"], n)}
            for n, entry in enumerate(document["food_entries"])
        ),
        key=lambda entry: entry["day"],
    )
    favourites = {
        json.dumps(link(f, n), sort_keys=True) for n, f in enumerate(document["favourite_foods"])
    }
    document["favourite_foods"] = [
        json.loads(f)
        for f in sorted(favourites - {"null"}, key=lambda text: _link_order(json.loads(text)))
    ]
    products, seen = [], set()
    for product in document["supplement_products"]:
        same = (
            product_name_key(product["name"]),
            product["form"],
            Decimal(product["magnesium_mg_per_unit"]),
        )
        if same not in seen:
            seen.add(same)
            products.append({**product, "ref": f"product-{len(products) + 1}"})
    document["supplement_products"] = products
    for n, entry in enumerate(document["supplement_entries"]):
        entry["product"] = (
            f"product-{n % len(products) + 1}" if products and entry["product"] else None
        )
    document["supplement_entries"].sort(key=lambda entry: entry["day"])
    document["medicine_doses"].sort(key=lambda dose: (dose["day"], dose["time"]))
    days = {status["day"]: status for status in document["day_statuses"]}
    document["day_statuses"] = [days[day] for day in sorted(days)]
    return document


def _link_order(link: dict[str, str]) -> tuple[str, str]:
    ((key, target),) = link.items()
    return (key, target)


def _import(client, document: Any):
    raw = json.dumps(document, ensure_ascii=True).encode()
    return client.post(
        "/account/data/import",
        data={"file": (io.BytesIO(raw), "data.json")},
        content_type="multipart/form-data",
    )


@pytest.fixture
def fresh_account(app):
    """A function: a new, empty account, logged in (one per example)."""
    count = iter(range(10**6))

    def make():
        email = f"fuzz{next(count)}@example.org"
        created = make_user(app, email)
        client = app.test_client()
        login(client, email)
        return created, client

    return make


@pytest.fixture
def ndb_numbers(app):
    with app.app_context():
        return list(
            db.session.execute(
                db.select(Food.ndb_number).where(Food.ndb_number.is_not(None)).limit(30)
            ).scalars()
        )


def test_every_generated_valid_file_imports_and_round_trips(app, fresh_account, ndb_numbers):
    documents = _strategies(ndb_numbers).valid().map(_consistent)

    @settings(max_examples=EXAMPLES or 25, suppress_health_check=list(HealthCheck))
    @given(document=documents)
    def round_trip(document):
        _account, client = fresh_account()
        with app.app_context():
            expected = read_file(json.dumps(document).encode(), date.today())
        response = _import(client, document)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        exported = client.get("/account/data/export.json")
        assert exported.status_code == 200
        got = json.loads(exported.data)
        want = json.loads(expected.model_dump_json())
        got.pop("exported_at"), want.pop("exported_at")
        assert got == want

    round_trip()


def test_every_near_miss_is_refused_with_a_message_and_writes_nothing(
    app, fresh_account, ndb_numbers
):
    documents = _strategies(ndb_numbers).valid().map(_consistent)
    account, client = fresh_account()

    @st.composite
    def near_miss(draw):
        document = draw(documents)
        path = draw(st.sampled_from(list(paths(document))))
        changes = near_misses(SCHEMA, document, path)
        return path, draw(st.sampled_from(changes)), document

    @settings(max_examples=EXAMPLES or 120, suppress_health_check=list(HealthCheck))
    @given(case=near_miss())
    def refused(case):
        path, change, document = case
        response = _import(client, apply_change(document, path, change))
        assert 400 <= response.status_code < 500, (path, change, response.status_code)
        page = response.get_data(as_text=True)
        assert _refusal(page), page[:500]
        with app.app_context():
            assert account_is_empty(db.session.get(User, account.id))

    refused()


def _refusal(page: str) -> str:
    """The message the import page shows beside the file field."""
    import re

    found = re.search(r'id="file-error"[^>]*>(.*?)<', page, re.S)
    return found.group(1).strip() if found else ""


# --- The builder itself -----------------------------------------------------------------------

TINY = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "count", "when", "kind", "items"],
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 5},
        "count": {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 3}, {"type": "null"}]},
        "when": {"type": "string", "format": "date"},
        "kind": {"$ref": "#/$defs/Kind"},
        "items": {"type": "array", "items": {"$ref": "#/$defs/Item"}, "maxItems": 2},
        "note": {"type": "string", "pattern": "^[0-9]{1,2}$"},
    },
    "$defs": {
        "Kind": {"enum": ["a", "b"], "type": "string"},
        "Item": {
            "type": "object",
            "required": ["v"],
            "properties": {"v": {"const": 1}},
            "additionalProperties": False,
        },
    },
}


def _valid_tiny(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and set(value) <= {"name", "count", "when", "kind", "items", "note"}
        and {"name", "count", "when", "kind", "items"} <= set(value)
        and isinstance(value["name"], str)
        and 1 <= len(value["name"]) <= 5
        and _stored_unchanged(value["name"])
        and (value["count"] is None or (type(value["count"]) is int and 1 <= value["count"] <= 3))
        and isinstance(value["when"], str)
        and _is_date(value["when"])
        and value["kind"] in ("a", "b")
        and isinstance(value["items"], list)
        and len(value["items"]) <= 2
        and all(item == {"v": 1} and type(item["v"]) is int for item in value["items"])
        and ("note" not in value or (isinstance(value["note"], str) and value["note"].isdigit()
             and value["note"].isascii() and 1 <= len(value["note"]) <= 2))
    )  # fmt: skip


def _stored_unchanged(text: str) -> bool:
    # The text rule the importers keep beyond the schema (tracker.domain.text).
    try:
        return clean_text(text) == text
    except ValueError:
        return False


def _is_date(text: str) -> bool:
    try:
        return date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


@settings(max_examples=60)
@given(SchemaStrategies(TINY).valid())
def test_the_builder_makes_only_documents_the_schema_accepts(value):
    assert _valid_tiny(value), value


@settings(max_examples=60)
@given(st.data())
def test_every_near_miss_breaks_the_schema(data):
    document = data.draw(SchemaStrategies(TINY).valid())
    path = data.draw(st.sampled_from(list(paths(document))))
    change = data.draw(st.sampled_from(near_misses(TINY, document, path)))
    assert not _valid_tiny(apply_change(document, path, change)), (path, change)


def test_the_builder_knows_every_node_of_the_data_file_schema():
    strategies = _strategies(["01001"])
    for name, definition in SCHEMA["$defs"].items():
        strategies._node(resolve(SCHEMA, definition), name)  # raises for a node it cannot make
    document = {"format": "magnesium-tracker-data", "profile": {"sex": None}}
    assert schema_at(SCHEMA, document, ("format",))["const"] == "magnesium-tracker-data"
    assert schema_at(SCHEMA, document, ("profile",))["title"] == "Profile"


@settings(max_examples=60)
@given(plain_text(1, 10))
def test_plain_text_is_what_a_form_stores(text):
    assert clean_text(text) == text
    assert 1 <= len(text) <= 10
