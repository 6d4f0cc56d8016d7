"""Calcium and vitamin D beside magnesium ("Bone companions", issue 16) through the real stack.

Food entries snapshot their calcium and vitamin D when logged, edited or copied; supplements
carry the label's values per unit; the day page shows the known totals against the life
stage's IOM 2011 values (NIH ODS) with coverage, and a gap is never 0.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tests.helpers import PASSWORD, add_food, food_id, login, make_user
from tracker.extensions import db
from tracker.models import FoodEntry, SupplementEntry, SupplementProduct, User

DAY = date(2026, 3, 14)
MILK = "01077"  # whole, 3.25%, vitamin D added: 113 mg Ca, 51 IU per 100 g; 1 cup 244 g
SPINACH = "11457"  # 99 mg Ca, vitamin D a known 0; 1 cup 30 g
SALMON = "15236"  # farmed Atlantic, raw: 9 mg Ca, no vitamin D in SR24; 0.5 fillet 198 g


def text_of(page: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</', page, re.S)
    assert match, testid
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group(1))).strip()


def panel(page: str) -> str:
    start = page.index('data-testid="bone-companions"')
    return re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", " ", page[start : page.index("</section>", start)])
    )


@pytest.fixture
def woman_66(app):
    """A woman of 65 on DAY (calcium 1,200 mg, vitamin D 15 µg, calcium UL 2,000 mg)."""
    make_user(app, "bones@example.org", birth_year=1960, birth_month=6, sex="female")
    client = app.test_client()
    login(client, "bones@example.org", PASSWORD)
    return client


def day_page(client, day: date = DAY) -> str:
    response = client.get(f"/day/{day.isoformat()}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def supplement(client, day=DAY, *, calcium="", vitamin_d="", unit="ug", units="1", mg="100"):
    return client.post(
        f"/day/{day.isoformat()}/supplements",
        data={
            "supplement-name": "Cal-Mag-D",
            "supplement-form": "citrate",
            "supplement-magnesium_per_unit": mg,
            "supplement-calcium_per_unit": calcium,
            "supplement-vitamin_d_per_unit": vitamin_d,
            "supplement-vitamin_d_unit": unit,
            "supplement-units": units,
            "supplement-time": "08:00",
        },
    )


def rows(app, model, *columns):
    with app.app_context():
        query = db.select(*(getattr(model, c) for c in columns)).order_by(model.id)
        return [tuple(row) for row in db.session.execute(query)]


def test_a_cup_of_whole_milk(app, woman_66):
    assert add_food(woman_66, DAY, food_id(app, MILK), "0").status_code == 302
    # 244 g × 113 mg / 100 g = 275.72 mg; 244 g × 51 IU / 100 g = 124.44 IU = 3.111 µg.
    assert rows(app, FoodEntry, "calcium_ug", "vitamin_d_ng") == [(275_720, 3_111)]
    page = day_page(woman_66)
    assert text_of(page, "day-calcium-mg") == "276"
    assert text_of(page, "day-vitamin-d-ug") == "3"
    text = panel(page)
    assert "276 mg of 1,200 mg (23%)" in text
    assert "3 µg (124 IU) of 15 µg (21%)" in text
    assert "Calcium known for the 1 food" in text
    assert "Women 51–70 years: 1,200 mg a day" in text
    assert "Ages 1–70 years: 15 µg (600 IU) a day" in text
    assert "Dietary Reference Intakes for Calcium and Vitamin D (2011)" in text
    assert 'aria-label="Calcium 276 mg of 1,200 mg, 23%"' in page


def test_unknown_vitamin_d_is_counted_never_zero(app, woman_66):
    for ndb in (MILK, SPINACH, SALMON):
        assert add_food(woman_66, DAY, food_id(app, ndb), "0").status_code == 302
    woman_66.post(
        f"/day/{DAY.isoformat()}/quick-add",
        data={"quick-description": "Soup", "quick-magnesium_mg": "20"},
    )
    assert rows(app, FoodEntry, "vitamin_d_ng") == [(3_111,), (0,), (None,), (None,)]
    text = panel(day_page(woman_66))
    assert "Vitamin D known for 2 of 4 foods" in text
    assert "Calcium known for 3 of 4 foods" in text
    assert "leaves out what is unknown" in text
    # 275.72 + 29.7 + 17.82 = 323.24 mg
    assert "323 mg of 1,200 mg" in text


def test_supplement_label_values_in_iu_and_the_total_upper_limit(app, woman_66):
    add_food(woman_66, DAY, food_id(app, MILK), "0")
    assert (
        supplement(woman_66, calcium="600", vitamin_d="1000", unit="iu", units="2").status_code
        == 302
    )
    (entry,) = rows(app, SupplementEntry, "calcium_ug_per_unit", "vitamin_d_ng_per_unit",
                    "calcium_ug", "vitamin_d_ng")  # fmt: skip
    assert entry == (600_000, 25_000, 1_200_000, 50_000)
    assert rows(app, SupplementProduct, "calcium_ug_per_unit", "vitamin_d_ng_per_unit") == [
        (600_000, 25_000)
    ]
    page = day_page(woman_66)
    assert text_of(page, "day-calcium-mg") == "1,476"  # 275.72 + 1,200
    assert text_of(page, "day-vitamin-d-ug") == "53"  # 3.111 + 50 µg
    assert text_of(page, "calcium-food") == "276 mg"
    assert text_of(page, "calcium-supplements") == "1,200 mg"
    assert text_of(page, "vitamin-d-supplements") == "50 µg (2,000 IU)"
    assert "caution-calcium-upper-limit" not in page
    listed = "600 mg calcium, 25 µg (1,000 IU) vitamin D"
    assert listed in woman_66.get("/supplements").text
    assert listed in page  # "My supplements" on the day page
    # Logged again in one step, the product's label values come along: 2,676 mg > 2,000.
    (product_id,) = rows(app, SupplementProduct, "id")[0]
    again = woman_66.post(
        f"/day/{DAY.isoformat()}/supplements/{product_id}/again", data={"units": "2"}
    )
    assert again.status_code == 302
    page = day_page(woman_66)
    assert text_of(page, "day-calcium-mg") == "2,676"
    caution = panel(page)
    assert "Above the upper limit for calcium" in caution
    assert "from food and supplements together, comes to 2,676 mg" in caution
    assert "2,000 mg a day for ages 51 years and older" in caution
    assert "Ask your healthcare provider" in caution
    week = woman_66.get(f"/week/{DAY.isoformat()}").text
    assert text_of(week, "calcium-days-over-limit") == (
        "On 1 day the calcium logged, from food and supplements together, passed the general "
        "upper limit for total intake. Ask your healthcare provider what is right for you."
    )
    # Vitamin D: 3.111 µg of milk and 4 × 25 µg = 103.111 µg, over 100 µg as well.
    assert "On 1 day the vitamin D logged" in text_of(week, "vitamin-d-days-over-limit")
    assert "Above the upper limit for vitamin D" in caution
    assert (
        "comes to 103 µg (4,124 IU), above the general upper limit of 100 µg (4,000 IU)" in caution
    )


def test_existing_products_and_empty_fields_stay_unknown(app, woman_66):
    assert supplement(woman_66).status_code == 302
    assert rows(app, SupplementEntry, "calcium_ug", "vitamin_d_ng") == [(None, None)]
    text = panel(day_page(woman_66))
    assert "Calcium known for 0 of 1 supplement" in text


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"calcium": "-5"}, "calcium_per_unit", "can&#39;t be negative"),
        ({"calcium": "9000"}, "calcium_per_unit", "more than 5,000 mg"),
        ({"vitamin_d": "lots"}, "vitamin_d_per_unit", "number we can read"),
        ({"vitamin_d": "5000", "unit": "ug"}, "vitamin_d_per_unit", "more than 2,500 µg"),
        ({"vitamin_d": "5", "unit": "kg"}, "vitamin_d_unit", "Not a valid choice"),
    ],
)
def test_bad_label_values_are_a_400_and_save_nothing(app, woman_66, data, field, message):
    response = supplement(woman_66, **data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert rows(app, SupplementEntry, "id") == []


def test_edit_and_copy_keep_the_snapshot_exact(app, woman_66):
    add_food(woman_66, DAY, food_id(app, MILK), "0")
    ((entry_id,),) = rows(app, FoodEntry, "id")
    response = woman_66.post(
        f"/entries/{entry_id}/edit", data={"portion": "0", "quantity": "2", "meal": ""}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert rows(app, FoodEntry, "calcium_ug", "vitamin_d_ng") == [(551_440, 6_222)]
    target = DAY + timedelta(days=1)
    copied = woman_66.post(f"/day/{target.isoformat()}/copy",
                           data={"copy-source_day": DAY.isoformat()})  # fmt: skip
    assert copied.status_code == 302
    assert rows(app, FoodEntry, "calcium_ug", "vitamin_d_ng") == [(551_440, 6_222)] * 2


def test_the_panel_is_on_by_default_and_can_be_hidden_in_the_profile(app, woman_66):
    add_food(woman_66, DAY, food_id(app, MILK), "0")
    profile = woman_66.get("/profile").get_data(as_text=True)
    assert re.search(r'<input[^>]*\bchecked\b[^>]*name="show_bone_companions"', profile)
    settings = {"birth_year": "1960", "birth_month": "6", "sex": "female",
                "reproductive_status": "none", "timezone": "UTC",
                "bisphosphonate_gap_minutes": "120", "week_starts_on": "monday"}  # fmt: skip
    assert woman_66.post("/profile", data=settings).status_code == 302  # unticked
    with app.app_context():
        assert db.session.execute(db.select(User.show_bone_companions)).scalar_one() is False
    page = day_page(woman_66)
    assert "bone-companions" not in page
    assert 'data-testid="day-total-mg"' in page
    ticked = {**settings, "show_bone_companions": "y"}
    assert woman_66.post("/profile", data=ticked).status_code == 302
    assert text_of(day_page(woman_66), "day-calcium-mg") == "276"


def _two_days(app, client):
    """Day 1: a cup of milk. Day 2: farmed salmon (no vitamin D value) and a Cal-D tablet."""
    add_food(client, DAY, food_id(app, MILK), "0")
    add_food(client, DAY + timedelta(days=1), food_id(app, SALMON), "0")
    supplement(client, DAY + timedelta(days=1), calcium="600", vitamin_d="1000", unit="iu")


def test_week_month_and_report_averages_over_logged_days(app, woman_66):
    _two_days(app, woman_66)
    # Calcium (275.72 + 17.82 + 600) / 2 = 446.77 mg; vitamin D (3.111 + 25) / 2 = 14.0555 µg,
    # 562.22 IU. The salmon's vitamin D is unknown: counted, left out, never 0.
    for url in (f"/week/{DAY.isoformat()}", f"/month/{DAY:%Y-%m}"):
        page = woman_66.get(url).get_data(as_text=True)
        assert text_of(page, "average-calcium") == "447 mg", url
        assert text_of(page, "average-vitamin-d") == "14 µg (562 IU)", url
        assert text_of(page, "vitamin-d-average-coverage") == (
            "Vitamin D known for 1 of 2 foods and the 1 supplement, so the average leaves some out."
        )
        assert "calcium-average-coverage" not in page
        assert "over the 2 logged days" in page
    end = DAY + timedelta(days=6)
    report = woman_66.get(
        f"/export/report?period=custom&start={DAY.isoformat()}&end={end.isoformat()}"
    ).get_data(as_text=True)
    assert text_of(report, "report-calcium") == "447 mg"
    assert text_of(report, "report-vitamin-d") == "14 µg (562 IU)"
    assert "Women 51–70 years: 1,200 mg a day" in report
    assert "Ages 51 years and older: 2,000 mg a day from food and supplements together" in report


def test_daily_totals_csv_has_calcium_and_vitamin_d_columns(app, woman_66):
    import csv
    import io

    _two_days(app, woman_66)
    start, end = DAY - timedelta(days=1), DAY + timedelta(days=1)
    response = woman_66.get(
        f"/export/daily-totals.csv?period=custom&start={start.isoformat()}&end={end.isoformat()}"
    )
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    columns = ("Calcium, known values (mg)", "Entries without a calcium value",
               "Vitamin D, known values (µg)", "Vitamin D, known values (IU)",
               "Entries without a vitamin D value")  # fmt: skip
    cells = {row["Date"]: tuple(row[c] for c in columns) for row in rows}
    assert cells == {
        start.isoformat(): ("", "", "", "", ""),  # not logged: empty, never 0
        DAY.isoformat(): ("276", "0", "3", "124", "0"),
        end.isoformat(): ("618", "0", "25", "1000", "1"),
    }


def test_hidden_panel_hides_the_week_and_month_averages_too(app, woman_66):
    _two_days(app, woman_66)
    with app.app_context():
        db.session.execute(db.update(User).values(show_bone_companions=False))
        db.session.commit()
    assert "bone-averages" not in woman_66.get(f"/week/{DAY.isoformat()}").get_data(as_text=True)


def test_fhir_calcium_observations_where_a_value_is_known(app, woman_66):
    import json

    from fhir.resources.R4B.bundle import Bundle

    _two_days(app, woman_66)
    only_unknown = DAY + timedelta(days=2)
    woman_66.post(f"/day/{only_unknown.isoformat()}/quick-add",
                  data={"quick-description": "Soup", "quick-magnesium_mg": "20"})  # fmt: skip
    response = woman_66.get(
        "/export/fhir.json",
        query_string={"period": "custom", "start": DAY.isoformat(),
                      "end": (DAY + timedelta(days=3)).isoformat()},
    )  # fmt: skip
    assert response.status_code == 200
    data = json.loads(response.data)
    Bundle.model_validate(data)
    by_code: dict[str, dict[str, dict]] = {}
    for entry in data["entry"]:
        resource = entry["resource"]
        coding = resource["code"]["coding"][0]
        by_code.setdefault(coding["code"], {})[resource["effectiveDateTime"]] = resource
    assert sorted(by_code["81005-1"]) == [DAY.isoformat(), (DAY + timedelta(days=1)).isoformat(),
                                          only_unknown.isoformat()]  # fmt: skip
    # The quick add's calcium is unknown: no calcium Observation that day (not 0 mg).
    calcium = by_code["81137-2"]
    assert sorted(calcium) == [DAY.isoformat(), (DAY + timedelta(days=1)).isoformat()]
    first = calcium[DAY.isoformat()]
    loinc = {"system": "http://loinc.org", "code": "81137-2",
             "display": "Calcium intake 24 hour Estimated"}  # fmt: skip
    assert first["code"]["coding"][0] == loinc
    ucum = {"unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"}
    assert first["valueQuantity"] == {"value": 276, **ucum}
    second = calcium[(DAY + timedelta(days=1)).isoformat()]
    assert second["valueQuantity"]["value"] == 618
    note = second["note"][0]["text"]
    assert "Food 18 mg, supplements 600 mg." in note
    assert "Women 51–70 years: 1,200 mg a day" in note
    assert "https://ods.od.nih.gov/factsheets/Calcium-HealthProfessional/" in note


def _import(client, body: bytes):
    import io

    return client.post(
        "/account/data/import",
        data={"file": (io.BytesIO(body), "data.json")},
        content_type="multipart/form-data",
    )


def test_data_file_round_trip_keeps_calcium_and_vitamin_d(app, woman_66):
    import json

    _two_days(app, woman_66)
    exported = json.loads(woman_66.get("/account/data/export.json").data)
    milk, salmon = exported["food_entries"]
    assert (milk["calcium_mg"], milk["vitamin_d_ug"]) == ("275.72", "3.111")
    assert (salmon["calcium_mg"], salmon["vitamin_d_ug"]) == ("17.82", None)
    [product] = exported["supplement_products"]
    assert (product["calcium_mg_per_unit"], product["vitamin_d_ug_per_unit"]) == ("600", "25")
    [dose] = exported["supplement_entries"]
    assert (dose["calcium_mg"], dose["vitamin_d_ug"]) == ("600", "25")
    assert exported["settings"]["show_bone_companions"] is True

    make_user(app, "copy@example.org")
    newcomer = app.test_client()
    login(newcomer, "copy@example.org", PASSWORD)
    assert _import(newcomer, json.dumps(exported).encode()).status_code == 302
    again = json.loads(newcomer.get("/account/data/export.json").data)
    for key in ("food_entries", "supplement_products", "supplement_entries", "settings"):
        if key == "supplement_products":
            strip = ("created_at", "last_used_at")
            assert [{k: v for k, v in p.items() if k not in strip} for p in again[key]] == [
                {k: v for k, v in p.items() if k not in strip} for p in exported[key]
            ]
        else:
            assert again[key] == exported[key], key
    page = newcomer.get(f"/day/{(DAY + timedelta(days=1)).isoformat()}").get_data(as_text=True)
    assert text_of(page, "day-calcium-mg") == "618"


def test_an_older_data_file_without_them_still_imports_as_unknown(app, woman_66):
    import json

    _two_days(app, woman_66)
    exported = json.loads(woman_66.get("/account/data/export.json").data)
    del exported["settings"]["show_bone_companions"]
    for key, fields in (
        ("food_entries", ("calcium_mg", "vitamin_d_ug")),
        ("supplement_products", ("calcium_mg_per_unit", "vitamin_d_ug_per_unit")),
        ("supplement_entries", ("calcium_mg_per_unit", "vitamin_d_ug_per_unit",
                                "calcium_mg", "vitamin_d_ug")),
    ):  # fmt: skip
        for row in exported[key]:
            for field in fields:
                del row[field]
    make_user(app, "old@example.org")
    newcomer = app.test_client()
    login(newcomer, "old@example.org", PASSWORD)
    assert _import(newcomer, json.dumps(exported).encode()).status_code == 302
    with app.app_context():
        user = db.session.execute(db.select(User).filter_by(email="old@example.org")).scalar_one()
        assert user.show_bone_companions is True
        entries = db.session.execute(
            db.select(FoodEntry.calcium_ug).where(FoodEntry.user_id == user.id)
        ).scalars()
        assert list(entries) == [None, None]
    text = panel(newcomer.get(f"/day/{DAY.isoformat()}").get_data(as_text=True))
    assert "Calcium known for 0 of 1 food" in text


def test_the_combined_preset_fills_no_amounts_and_the_search_finds_it(app, woman_66):
    from tracker.domain.supplements import ALL_PRESETS
    from tracker.search.products import ProductIndex

    index = ProductIndex((preset.key, preset.search_names) for preset in ALL_PRESETS)
    assert index.search("cal mag") == ["calcium-magnesium-vitamin-d"]
    assert index.search("calcium magnesium vitamin d") == ["calcium-magnesium-vitamin-d"]
    assert index.search("calcium") == []
    assert index.search("magnesium") == ["magnesium"]
    page = woman_66.get(f"/day/{DAY.isoformat()}?preset=calcium-magnesium-vitamin-d").text
    assert "Starting from: <strong>Calcium, magnesium and vitamin D (combined)</strong>" in page
    for name in ("magnesium_per_unit", "calcium_per_unit", "vitamin_d_per_unit", "units"):
        tag = re.search(rf'<input[^>]*name="supplement-{name}"[^>]*>', page).group(0)
        assert 'value=""' in tag or "value=" not in tag, name


def test_the_guidance_page_shows_the_tables_with_their_source(client):
    page = client.get("/guidance").text
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "51–70 years 1,000 1,200 – –" in text
    assert "14–18 years 1,300 1,300 1,300 1,300" in text
    assert "71 years and older 20 (800 IU) 20 (800 IU) – –" in text
    assert "9 years and older 100 (4,000 IU)" in text
    assert "51 years and older 2,000" in text
    assert "https://ods.od.nih.gov/factsheets/Calcium-HealthProfessional/" in page
    assert "https://ods.od.nih.gov/factsheets/VitaminD-HealthProfessional/" in page
    assert "Dietary Reference Intakes for Calcium and Vitamin D, 2011" in text


def test_the_food_data_keeps_missing_values_missing(app):
    from tracker.models import Food

    with app.app_context():
        usda = Food.owner_id.is_(None)
        count = db.session.execute(db.select(db.func.count()).where(usda)).scalar_one()
        with_calcium = db.session.execute(
            db.select(db.func.count(Food.calcium_mg_per_100g)).where(usda)
        ).scalar_one()
        with_vitamin_d = db.session.execute(
            db.select(db.func.count(Food.vitamin_d_iu_per_100g)).where(usda)
        ).scalar_one()
        assert (count, with_calcium, with_vitamin_d) == (7879, 7872, 4738)

        def values(ndb: str) -> tuple:
            return tuple(
                db.session.execute(
                    db.select(Food.calcium_mg_per_100g, Food.vitamin_d_iu_per_100g).filter_by(
                        ndb_number=ndb
                    )
                ).one()
            )

        assert values(MILK) == (113.0, 51.0)
        assert values(SPINACH) == (99.0, 0.0)  # a known zero
        assert values(SALMON) == (9.0, None)  # not in SR24: unknown
