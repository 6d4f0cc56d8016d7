"""The FHIR export ("Download for health records"): every Bundle parses with fhir.resources
(its R4B models, which read R4 Observation, Patient and Bundle resources unchanged), and
every value equals the day page it comes from.

The week of tests/test_exports.py: Mar 1 100 mg (food only), Mar 2 60 + 240 = 300 mg, Mar 3
nothing logged, Mar 4 46 + 500 = 546 mg (over the upper limit), Mar 5 47 + 120 = 167 mg.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.codesystem import CodeSystem
from fhir.resources.R4B.observation import Observation

from tests.test_exports import RANGE_QUERY, _log_week, _make_link, _new_link
from tracker.extensions import db
from tracker.models import FoodEntry, ShareLink
from tracker.reports.fhir import CODE_SYSTEM_URL, MIME_TYPE, code_system

PROFILE = {
    "display_name": "Ada Lovelace",
    "birth_year": "1958",
    "birth_month": "3",
    "sex": "female",
    "reproductive_status": "none",
    "timezone": "UTC",
}


def _bundle(response) -> tuple[dict, Bundle]:
    assert response.status_code == 200, response.text
    assert response.mimetype == MIME_TYPE
    data = json.loads(response.data)
    return data, Bundle.model_validate(data)


def _observations(data: dict, loinc: str = "81005-1") -> dict[str, dict]:
    """The Observations of one LOINC code (magnesium unless told), by day."""
    return {
        entry["resource"]["effectiveDateTime"]: entry["resource"]
        for entry in data["entry"]
        if entry["resource"]["resourceType"] == "Observation"
        and entry["resource"]["code"]["coding"][0]["code"] == loinc
    }


def _testid(page: str, name: str) -> int:
    match = re.search(rf'data-testid="{name}">([^<]*)<', page)
    assert match, name
    return int(match.group(1))


def _component(observation: dict, code: str) -> dict:
    [component] = [c for c in observation["component"] if c["code"]["coding"][0]["code"] == code]
    assert component["code"]["coding"][0]["system"] == CODE_SYSTEM_URL
    return component["valueQuantity"]


def test_the_bundle_parses_and_equals_the_day_pages(app, auth_client):
    auth_client.post("/profile", data=PROFILE)
    _log_week(app, auth_client)
    response = auth_client.get("/export/fhir.json", query_string=RANGE_QUERY)
    assert response.headers["Cache-Control"] == "no-store"
    assert "magnesium-fhir-2024-03-01-to-2024-03-07.json" in response.headers["Content-Disposition"]
    data, bundle = _bundle(response)
    assert bundle.type == "collection"
    assert bundle.timestamp is not None
    full_urls = [entry.fullUrl for entry in bundle.entry]
    assert len(set(full_urls)) == len(full_urls)
    assert all(url.startswith("urn:uuid:") for url in full_urls)

    observations = _observations(data)
    # Days with nothing logged have no Observation (not 0 mg): Mar 3, 6 and 7.
    assert sorted(observations) == ["2024-03-01", "2024-03-02", "2024-03-04", "2024-03-05"]
    for day, observation in observations.items():
        parsed = Observation.model_validate(observation)
        assert parsed.status == "final"
        [category] = observation["category"]
        assert category["coding"][0]["code"] == "social-history"
        assert category["coding"][0]["system"] == (
            "http://terminology.hl7.org/CodeSystem/observation-category"
        )
        assert observation["code"]["coding"] == [
            {
                "system": "http://loinc.org",
                "code": "81005-1",
                "display": "Magnesium intake 24 hour Estimated",
            }
        ]
        value = observation["valueQuantity"]
        assert (value["unit"], value["system"], value["code"]) == (
            "mg",
            "http://unitsofmeasure.org",
            "mg",
        )
        page = auth_client.get(f"/day/{day}").text
        assert value["value"] == _testid(page, "day-total-mg"), day
        assert _component(observation, "food")["value"] == _testid(page, "day-food-mg"), day
        assert _component(observation, "supplemental")["value"] == _testid(
            page, "day-supplemental-mg"
        ), day
        [note] = observation["note"]
        assert "Women 51 and older: 320 mg a day" in note["text"]
        assert "Ages 9 and older: 350 mg a day from supplements and medicines" in note["text"]
        assert "https://ods.od.nih.gov/factsheets/Magnesium-HealthProfessional/" in note["text"]
    assert observations["2024-03-04"]["valueQuantity"]["value"] == 546


def test_a_patient_only_with_the_name_chosen(app, auth_client):
    auth_client.post("/profile", data=PROFILE)
    _log_week(app, auth_client)
    named, _ = _bundle(
        auth_client.get("/export/fhir.json", query_string=RANGE_QUERY | {"name": "Ada L."})
    )
    [patient] = [e for e in named["entry"] if e["resource"]["resourceType"] == "Patient"]
    # The name as typed on the export page, and nothing else about the person.
    assert patient["resource"] == {"resourceType": "Patient", "name": [{"text": "Ada L."}]}
    for observation in _observations(named).values():
        assert observation["subject"] == {"reference": patient["fullUrl"]}

    # The export page's name field left empty: no Patient, no subject, no name anywhere.
    unnamed, _ = _bundle(
        auth_client.get("/export/fhir.json", query_string=RANGE_QUERY | {"name": ""})
    )
    assert {e["resource"]["resourceType"] for e in unnamed["entry"]} == {"Observation"}
    assert len(_observations(unnamed)) == 4  # and calcium's beside them (81137-2)
    assert all("subject" not in o for o in _observations(unnamed).values())
    assert "Ada" not in json.dumps(unnamed)


def test_a_range_with_nothing_logged_is_an_empty_collection(auth_client):
    data, bundle = _bundle(auth_client.get("/export/fhir.json", query_string={"period": "7"}))
    assert bundle.entry is None or bundle.entry == []
    assert data["entry"] == []


def test_unknown_magnesium_is_named_in_the_note(app, auth_client, user):
    with app.app_context():
        db.session.add(
            FoodEntry(
                user_id=user.id,
                day=date(2024, 3, 1),
                item_name="Soup from a café",
                portion_label="1 bowl",
                quantity_text="1",
                quantity_micro=1_000_000,
                magnesium_ug=None,
            )
        )
        db.session.commit()
    data, _ = _bundle(auth_client.get("/export/fhir.json", query_string=RANGE_QUERY))
    [observation] = _observations(data).values()
    assert observation["valueQuantity"]["value"] == 0
    assert (
        "1 food logged without a magnesium value: the total is a minimum."
        in (observation["note"][0]["text"])
    )


def test_the_same_file_from_a_share_link(app, auth_client):
    auth_client.post("/profile", data=PROFILE)
    _log_week(app, auth_client)
    path = _new_link(_make_link(auth_client))
    visitor = app.test_client()
    response = visitor.get(path + "/fhir.json")
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    shared, _ = _bundle(response)
    own, _ = _bundle(auth_client.get("/export/fhir.json", query_string=RANGE_QUERY))

    def values(data: dict) -> dict:
        return {
            day: (o["valueQuantity"], o["component"], o["note"])
            for day, o in _observations(data).items()
        }

    assert values(shared) == values(own)
    # As on the shared report: the name from the owner's profile.
    [patient] = [e for e in shared["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert patient["resource"]["name"] == [{"text": "Ada Lovelace"}]
    with app.app_context():
        [link] = db.session.execute(db.select(ShareLink)).scalars()
        assert link.last_accessed_at is not None  # opening the file is an access


def test_a_dead_share_link_gives_the_same_404(app, auth_client):
    path = _new_link(_make_link(auth_client))
    with app.app_context():
        link_id = db.session.execute(db.select(ShareLink.id)).scalar_one()
    auth_client.post(f"/export/share-links/{link_id}/revoke")
    visitor = app.test_client()
    bodies = set()
    for url in (path + "/fhir.json", path, "/share/" + "A" * 43 + "/fhir.json"):
        response = visitor.get(url)
        assert response.status_code == 404
        assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
        bodies.add(response.text)
    assert len(bodies) == 1


def test_the_download_follows_the_dates_ticked(auth_client):
    data, _ = _bundle(auth_client.get("/export/fhir.json", query_string={"period": "90"}))
    assert data["type"] == "collection"
    refused = auth_client.get("/export/fhir.json", query_string={"period": "14"})
    assert refused.status_code == 400
    assert "Not a valid choice" in refused.text


def test_the_code_system_is_a_valid_codesystem():
    system = CodeSystem.model_validate(code_system())
    assert system.url == CODE_SYSTEM_URL
    assert [concept.code for concept in system.concept] == ["food", "supplemental"]


@pytest.mark.parametrize("path", ["/export/fhir.json"])
def test_the_export_needs_a_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
