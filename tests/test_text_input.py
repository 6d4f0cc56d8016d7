"""Text the tracker refuses or cleans, the same way in every field (tracker.domain.text): lone
surrogates anywhere in a request, bidirectional controls in names, zero-width characters.

The walk over every form field of every page is in tests/test_bad_input.py; these are the
named cases of the security review, each with what the person sees.
"""

from __future__ import annotations

import json
from datetime import date, time

import pytest

from tests.helpers import PASSWORD, add_medicine, add_supplement
from tests.routes import snapshot
from tracker.domain.text import has_surrogate
from tracker.extensions import db
from tracker.models import Food, FoodEntry, MedicineDose, SupplementEntry, SupplementProduct, User

DAY = date(2024, 3, 5)
RLO = "\u202e"  # right-to-left override: "Mag 052" is shown as "Mag 250"


def _json(client, url: str, body: dict):
    return client.post(url, data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/login", {"email": "x\ud800@example.org", "password": PASSWORD}),
        ("/login", {"email": "ada@example.org", "password": "horse\udfff battery"}),
        ("/register", {"email": "new@example.org", "password": "a\ud800" * 5,
                       "confirm_password": "a\ud800" * 5}),
        ("/password/forgot", {"email": "\ud83d@example.org"}),
    ],
)  # fmt: skip
def test_a_lone_surrogate_is_a_400_before_login(app, client, user, url, body):
    before = snapshot(app)
    response = _json(client, url, body)
    assert response.status_code == 400
    assert snapshot(app) == before


@pytest.mark.parametrize(
    ("url", "body"),
    [
        (f"/day/{DAY}/quick-add", {"quick-description": "x\ud800", "quick-magnesium_mg": "10"}),
        (f"/day/{DAY}/supplements", {"supplement-name": "\udc00", "supplement-form": "oxide",
                                     "supplement-magnesium_per_unit": "10",
                                     "supplement-units": "1"}),
        ("/foods/mine", {"name": "Bar\ud800", "serving_grams": "30", "magnesium_as": "unknown"}),
        ("/profile", {"display_name": "Ada\ud800", "reproductive_status": "none",
                      "timezone": "UTC"}),
        # In a key, or deep inside: anywhere in the body.
        (f"/day/{DAY}/quick-add", {"\ud800": "x", "quick-description": "Bar",
                                   "quick-magnesium_mg": "10"}),
    ],
)  # fmt: skip
def test_a_lone_surrogate_is_a_400_logged_in(app, auth_client, url, body):
    before = snapshot(app)
    response = _json(auth_client, url, body)
    assert response.status_code == 400
    assert snapshot(app) == before


def test_a_query_string_cannot_carry_a_surrogate(auth_client):
    # Percent-encoded, a surrogate is three bytes that are not UTF-8: werkzeug leaves them as
    # they came, so the surrogate check needs no help from the query string.
    response = auth_client.get("/api/foods?q=spin%ED%A0%80")
    assert response.status_code == 200
    assert not has_surrogate(response.get_json()["query"])


def _bidi_cases():
    name = f"Mag 052{RLO} mg"
    return [
        ("/foods/mine", {"name": name, "serving_grams": "30", "magnesium_as": "unknown"}, "name"),
        (
            f"/day/{DAY}/quick-add",
            {"quick-description": name, "quick-magnesium_mg": "10"},
            "quick-description",
        ),
        (
            f"/day/{DAY}/supplements",
            {
                "supplement-name": name,
                "supplement-form": "oxide",
                "supplement-magnesium_per_unit": "10",
                "supplement-units": "1",
            },
            "supplement-name",
        ),
        (
            f"/day/{DAY}/medicines",
            {
                "medicine-medicine": "other-bisphosphonate",
                "medicine-other_name": "\u2066Alendronate\u2069",
                "medicine-time": "07:00",
            },
            "medicine-other_name",
        ),
        (
            "/profile",
            {"display_name": name, "reproductive_status": "none", "timezone": "UTC"},
            "display_name",
        ),
    ]


@pytest.mark.parametrize(("url", "data", "field"), _bidi_cases())
def test_a_name_with_a_direction_control_is_refused_and_says_why(
    app, auth_client, url, data, field
):
    before = snapshot(app)
    response = auth_client.post(url, data=data)
    assert response.status_code == 400
    assert "changes the direction of text" in response.text
    assert snapshot(app) == before


def test_the_report_name_with_a_direction_control_is_refused(auth_client):
    response = auth_client.get("/export", query_string={"name": f"Ada{RLO}", "period": "30"})
    assert response.status_code == 400
    assert "changes the direction of text (U+202E)" in response.text


def _stored(app, query):
    with app.app_context():
        return db.session.execute(query).scalars().all()


def test_zero_width_characters_are_stripped_from_every_kind_of_name(app, auth_client, user):
    invisible = "\u200bMagnesium\u2060 \ufeffglycinate\u200d"
    auth_client.post(
        "/foods/mine", data={"name": invisible, "serving_grams": "30", "magnesium_as": "unknown"}
    )
    auth_client.post(
        f"/day/{DAY}/quick-add", data={"quick-description": invisible, "quick-magnesium_mg": "10"}
    )
    assert add_supplement(auth_client, DAY, name=invisible).status_code == 302
    add_medicine(auth_client, DAY, "other-bisphosphonate", time(7), other_name=invisible)
    auth_client.post(
        "/profile", data={"display_name": invisible, "reproductive_status": "none",
                          "timezone": "UTC"},
    )  # fmt: skip
    expected = "Magnesium glycinate"
    assert _stored(app, db.select(Food.name).where(Food.owner_id == user.id)) == [expected]
    assert _stored(app, db.select(FoodEntry.item_name)) == [expected]
    assert _stored(app, db.select(SupplementEntry.name)) == [expected]
    assert _stored(app, db.select(SupplementProduct.name)) == [expected]
    assert _stored(app, db.select(User.display_name).where(User.id == user.id)) == [expected]
    assert _stored(app, db.select(MedicineDose.medicine_name)) == [expected]


def test_a_name_of_nothing_but_invisible_characters_is_empty(app, auth_client):
    response = auth_client.post(
        "/foods/mine",
        data={"name": "\u200b\u2060", "serving_grams": "30", "magnesium_as": "unknown"},
    )
    assert response.status_code == 400
    assert "Give the food a name" in response.text
