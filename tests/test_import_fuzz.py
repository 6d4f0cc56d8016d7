"""Data files made by hypothesis: any value anywhere in a real export is a clear refusal
(DataImportError, naming the place) or a file that imports, never an exception.

Each example takes a real export (custom foods with portions, entries of every kind, saved
products, doses, day statuses) and replaces one to three values, anywhere in its tree, with
what hypothesis draws: wrong types (a list where a reference is expected, a dict for a
product), numbers at and past every limit, times at the ends of the date range with offsets
that carry them past year 9999, odd code points and lone surrogates. A file the checks let
through is also written (and rolled back), so a value the database would refuse is found.
"""

from __future__ import annotations

import json
from datetime import date, time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import add_food, add_medicine, add_supplement, food_id, login, make_user
from tests.schema_strategies import paths
from tracker.account_data.operations import _write, export_user_data
from tracker.account_data.schema import DataImportError, read_file
from tracker.extensions import db
from tracker.models import User

TODAY = date(2026, 12, 1)
EDGE_TEXT = [
    "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "9999-12-31", "0000-01-01",
    "1899-12-31", "2200-01-01", "24:00", "23:59:60", "1,000", "1e3", "NaN", "-0", "0.0001",
    "99999999999999999999", "100000.001", "5000.001", "x\ud800", "\u202e052", "\u200b",
    "food-1", "product-1", "product-999", "", " ", "\x00",
]  # fmt: skip
leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(EDGE_TEXT),
    st.text(max_size=12),
    st.decimals(allow_nan=False, allow_infinity=False, places=4).map(str),
)
json_values = st.recursive(
    leaves,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(["custom_food", "usda_ndb_number", "x"]), children)
    ),
    max_leaves=5,
)


def _replace(document, path, value):
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value


def test_any_value_anywhere_in_a_data_file_is_refused_clearly_or_imported(app):
    make_user(app, "source@example.org")
    client = app.test_client()
    login(client, "source@example.org")
    client.post(
        "/foods/mine",
        data={"name": "Bar", "serving_grams": "30", "magnesium_as": "mg", "magnesium_amount": "50"},
    )
    assert add_food(client, TODAY, food_id(app, "11457"), "0", "1", "lunch", time(12)).status_code
    assert add_supplement(client, TODAY).status_code == 302
    assert add_medicine(client, TODAY, "alendronate", time(7)).status_code == 302
    client.post(f"/day/{TODAY}/complete", data={"completed": "1"})
    with app.app_context():
        source = db.session.execute(db.select(User).filter_by(email="source@example.org"))
        valid = export_user_data(source.scalar_one())
    places = [path for path in paths(valid) if path]
    target = make_user(app, "target@example.org")

    @settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
    @given(
        changes=st.lists(st.tuples(st.sampled_from(places), json_values), min_size=1, max_size=3)
    )
    def fuzz(changes):
        document = json.loads(json.dumps(valid))
        for path, value in changes:
            try:
                _replace(document, path, value)
            except (KeyError, IndexError, TypeError):
                continue  # an earlier change replaced what this path went through
        raw = json.dumps(document).encode("utf-8", "surrogatepass")
        with app.app_context():
            try:
                file = read_file(raw, TODAY)
            except DataImportError as error:
                assert str(error), changes
                return
            try:
                _write(db.session.get(User, target.id), file)
                db.session.flush()
            finally:
                db.session.rollback()

    fuzz()
