"""Supplements, medicines and the day's cautions through the real stack.

Covers logging and editing supplements and medicine doses, "My supplements", presets, the
day's food / supplemental / total numbers, the upper-limit, kidney and spacing cautions at
their boundaries (midnight and a user-set gap included), unknown food values, bad input and
other users' ids.
"""

from __future__ import annotations

import html
import re
from datetime import date, time, timedelta

import pytest

from tests.helpers import (
    PASSWORD,
    add_food,
    add_medicine,
    add_supplement,
    food_id,
    login,
    make_user,
)
from tracker.extensions import db
from tracker.models import (
    Food,
    FoodEntry,
    MedicineDose,
    SupplementEntry,
    SupplementProduct,
    User,
)

DAY = date(2026, 3, 14)
SPINACH = "11457"  # 79 mg per 100 g
CAUTION_RE = re.compile(r'data-testid="caution-([a-z-]+)"')


def page_of(client, day: date = DAY) -> str:
    response = client.get(f"/day/{day.isoformat()}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def field_value(page: str, name: str) -> str:
    """The value attribute of the input with this name."""
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', page).group(0)
    return html.unescape(re.search(r'\bvalue="([^"]*)"', tag).group(1))


def number(page: str, testid: str) -> int:
    marker = f'data-testid="{testid}">'
    start = page.index(marker) + len(marker)
    return int(page[start : page.index("<", start)].replace(",", ""))


def cautions(page: str) -> list[str]:
    return CAUTION_RE.findall(page)


def caution_text(page: str, key: str) -> str:
    start = page.index(f'data-testid="caution-{key}"')
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page[start : page.index("</div>", start)]))


def _rows(app, model) -> list:
    with app.app_context():
        return list(db.session.execute(db.select(model).order_by(model.id)).scalars())


def _client_for(app, email: str, **profile):
    make_user(app, email, **profile)
    client = app.test_client()
    login(client, email, PASSWORD)
    return client


# --- logging ------------------------------------------------------------------------------------


def test_log_a_supplement_counts_as_supplemental_not_food(app, auth_client):
    assert add_food(auth_client, DAY, food_id(app, SPINACH), "0").status_code == 302  # 23.7 mg
    response = add_supplement(auth_client, DAY, mg="120", units="2", at=time(21, 0))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/day/{DAY.isoformat()}#supplements")

    [entry] = _rows(app, SupplementEntry)
    assert (entry.magnesium_ug_per_unit, entry.units_micro, entry.magnesium_ug) == (
        120_000,
        2_000_000,
        240_000,
    )
    assert (entry.name, entry.form, entry.kind, entry.time) == (
        "Magnesium glycinate",
        "glycinate",
        "supplement",
        time(21, 0),
    )
    page = page_of(auth_client)
    assert number(page, "day-food-mg") == 24  # 23.7
    assert number(page, "day-supplemental-mg") == 240
    assert number(page, "day-total-mg") == 264  # 263.7
    assert "2 × 120 mg" in page and "240 mg" in page
    assert cautions(page) == []


@pytest.mark.parametrize(
    ("mg", "units", "expected_ug"),
    [
        ("62.5", "0.5", 31_250),
        ("62,5", "1/2", 31_250),
        ("100 mg", "1 1/2", 150_000),
        ("0.001", "1", 1),
        ("5000", "10", 50_000_000),  # the most one entry may hold
    ],
)
def test_decimal_and_fraction_amounts(app, auth_client, mg, units, expected_ug):
    assert add_supplement(auth_client, DAY, mg=mg, units=units).status_code == 302
    [entry] = _rows(app, SupplementEntry)
    assert entry.magnesium_ug == expected_ug


def test_logged_products_are_saved_and_logged_again_in_one_step(app, auth_client):
    add_supplement(auth_client, DAY, name="Mag Citrate Plus", form="citrate", mg="150", units="2")
    # The same product again (name case and spacing differ) is not saved twice.
    add_supplement(auth_client, DAY, name="mag  citrate plus", form="citrate", mg="150", units="1")
    [product] = _rows(app, SupplementProduct)
    assert (product.name, product.form, product.magnesium_ug_per_unit) == (
        "Mag Citrate Plus",
        "citrate",
        150_000,
    )
    page = page_of(auth_client, DAY + timedelta(days=1))
    assert "My supplements" in page
    # The one-step form starts with what the user logged last time (1 unit).
    assert field_value(page, "units") == "1"
    assert f'id="again-{product.id}-units"' in page

    tomorrow = (DAY + timedelta(days=1)).isoformat()
    response = auth_client.post(
        f"/day/{tomorrow}/supplements/{product.id}/again", data={"units": "3", "time": "07:30"}
    )
    assert response.status_code == 302
    entry = _rows(app, SupplementEntry)[-1]
    assert (entry.day, entry.time, entry.product_id, entry.magnesium_ug) == (
        DAY + timedelta(days=1),
        time(7, 30),
        product.id,
        450_000,
    )
    assert number(page_of(auth_client, DAY + timedelta(days=1)), "day-supplemental-mg") == 450


@pytest.mark.parametrize("units", ["", "0", "abc", "-1", "1001"])
def test_log_again_with_bad_units_is_a_400(app, auth_client, units):
    add_supplement(auth_client, DAY)
    [product] = _rows(app, SupplementProduct)
    response = auth_client.post(
        f"/day/{DAY.isoformat()}/supplements/{product.id}/again", data={"units": units}
    )
    assert response.status_code == 400
    assert f'id="again-{product.id}-error"' in response.get_data(as_text=True)
    assert len(_rows(app, SupplementEntry)) == 1


def test_edit_and_delete_a_supplement_entry(app, auth_client):
    add_supplement(auth_client, DAY, mg="100", units="2", at=time(9, 0))
    [entry] = _rows(app, SupplementEntry)
    form = auth_client.get(f"/supplement-entries/{entry.id}/edit").get_data(as_text=True)
    assert field_value(form, "supplement-name") == "Magnesium glycinate"
    assert field_value(form, "supplement-magnesium_per_unit") == "100"
    assert field_value(form, "supplement-units") == "2"
    assert field_value(form, "supplement-time") == "09:00"

    response = auth_client.post(
        f"/supplement-entries/{entry.id}/edit",
        data={
            "supplement-name": "Magnesium glycinate",
            "supplement-form": "glycinate",
            "supplement-magnesium_per_unit": "120",
            "supplement-units": "3",
            "supplement-time": "10:15",
        },
    )
    assert response.status_code == 302
    [entry] = _rows(app, SupplementEntry)
    assert (entry.magnesium_ug, entry.time) == (360_000, time(10, 15))
    # The corrected strength is saved as a product; the first one stays for other days.
    products = _rows(app, SupplementProduct)
    assert [p.magnesium_ug_per_unit for p in products] == [100_000, 120_000]
    assert entry.product_id == products[1].id
    assert number(page_of(auth_client), "day-supplemental-mg") == 360

    assert auth_client.post(f"/supplement-entries/{entry.id}/delete").status_code == 302
    assert _rows(app, SupplementEntry) == []
    assert number(page_of(auth_client), "day-supplemental-mg") == 0


def test_removing_a_saved_product_keeps_the_logged_entries(app, auth_client):
    add_supplement(auth_client, DAY, mg="200")
    [product] = _rows(app, SupplementProduct)
    assert "Magnesium glycinate" in auth_client.get("/supplements").get_data(as_text=True)
    assert auth_client.post(f"/supplements/{product.id}/delete").status_code == 302
    assert _rows(app, SupplementProduct) == []
    [entry] = _rows(app, SupplementEntry)
    assert (entry.product_id, entry.magnesium_ug) == (None, 200_000)
    assert number(page_of(auth_client), "day-supplemental-mg") == 200


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"supplement-name": ""}, "name", "Enter the name"),
        ({"supplement-name": "x" * 121}, "name", "Field cannot be longer than 120 characters."),
        ({"supplement-name": "Mag\x00"}, "name", "Use letters, numbers and punctuation only."),
        ({"supplement-form": "powder"}, "form", "Not a valid choice."),
        ({"supplement-magnesium_per_unit": ""}, "magnesium_per_unit", "Enter the magnesium"),
        ({"supplement-magnesium_per_unit": "abc"}, "magnesium_per_unit", "isn't a number"),
        ({"supplement-magnesium_per_unit": "0"}, "magnesium_per_unit", "more than zero"),
        ({"supplement-magnesium_per_unit": "-5"}, "magnesium_per_unit", "more than zero"),
        ({"supplement-magnesium_per_unit": "5001"}, "magnesium_per_unit", "5,000 mg"),
        ({"supplement-magnesium_per_unit": "1e3"}, "magnesium_per_unit", "isn't a number"),
        ({"supplement-units": ""}, "units", "Enter how many units"),
        ({"supplement-units": "0"}, "units", "more than zero"),
        ({"supplement-units": "abc"}, "units", "isn't an amount"),
        ({"supplement-units": "1001"}, "units", "1,000 units"),
        ({"supplement-units": "11", "supplement-magnesium_per_unit": "5000"}, "units", "50,000"),
        ({"supplement-time": "25:00"}, "time", "Not a valid time value."),
    ],
)
def test_bad_supplement_input_is_a_400_and_saves_nothing(app, auth_client, data, field, message):
    form = {
        "supplement-name": "Magnesium glycinate",
        "supplement-form": "glycinate",
        "supplement-magnesium_per_unit": "100",
        "supplement-units": "1",
        "supplement-time": "",
        **data,
    }
    response = auth_client.post(f"/day/{DAY.isoformat()}/supplements", data=form)
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert message in page
    assert f'id="supplement-{field}-error"' in page
    assert _rows(app, SupplementEntry) == [] and _rows(app, SupplementProduct) == []


def test_supplement_form_labels_and_help_line(auth_client):
    page = page_of(auth_client)
    for label in ("Supplement or medicine name", "Form", "Magnesium per unit (mg)", "Units taken"):
        assert f">{label}</label>" in page
    assert ">Add supplement<" in page or 'value="Add supplement"' in page
    assert "“500 mg magnesium glycinate” holds roughly 70 mg of magnesium" in page
    assert "log the elemental amount the label states" in page
    # The form starts without any amount: the user types both numbers.
    assert field_value(page, "supplement-magnesium_per_unit") == ""
    assert field_value(page, "supplement-units") == ""


# --- presets ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "label", "form", "unit", "kind"),
    [
        ("milk-of-magnesia", "Milk of magnesia (magnesium hydroxide)", "hydroxide",
         "tablespoon (15 mL)", "medicine"),
        ("antacid", "Magnesium-containing antacid", "other", "tablet", "medicine"),
        ("epsom-salt", "Epsom salt taken by mouth (magnesium sulfate)", "sulfate", "teaspoon",
         "medicine"),
        ("multivitamin", "Multivitamin-mineral", "other", "tablet", "supplement"),
    ],
)  # fmt: skip
def test_presets_start_the_form_but_never_fill_a_dose(
    app, auth_client, key, label, form, unit, kind
):
    page = auth_client.get(f"/day/{DAY.isoformat()}?preset={key}").get_data(as_text=True)
    assert f'data-testid="chosen-preset">Starting from: <strong>{label}</strong>' in page
    assert field_value(page, "supplement-name") == label
    assert f'<option selected value="{form}">' in page
    assert field_value(page, "supplement-magnesium_per_unit") == ""
    assert field_value(page, "supplement-units") == ""
    assert f"Unit: {unit}" in page

    # Without the label's figure nothing is logged.
    missing = add_supplement(auth_client, DAY, name=label, form=form, mg="", preset=key)
    assert missing.status_code == 400
    assert _rows(app, SupplementEntry) == []

    assert (
        add_supplement(auth_client, DAY, name=label, form=form, mg="500", preset=key).status_code
        == 302
    )
    [entry] = _rows(app, SupplementEntry)
    [product] = _rows(app, SupplementProduct)
    assert (entry.kind, entry.magnesium_ug) == (kind, 500_000)
    assert (product.preset_key, product.unit_name, product.kind) == (key, unit, kind)
    # Magnesium from presets counts as supplemental.
    assert number(page_of(auth_client), "day-supplemental-mg") == 500


def test_an_unknown_preset_is_ignored(auth_client):
    page = auth_client.get(f"/day/{DAY.isoformat()}?preset=vitamin-z").get_data(as_text=True)
    assert "chosen-preset" not in page
    assert add_supplement(auth_client, DAY, preset="vitamin-z").status_code == 302


# --- the upper limit ----------------------------------------------------------------------------

ON_DAY_BIRTH = {  # (birth year, birth month) for an age on DAY (March 2026)
    "none": (None, None),
    "under 1": (2025, 9),
    "3": (2022, 4),  # 47 months: still 3
    "4": (2022, 3),  # 48 months
    "8": (2017, 4),  # 107 months: still 8
    "9": (2017, 3),  # 108 months
    "adult": (1958, 3),
}


@pytest.mark.parametrize(
    ("age", "supplemental_mg", "over"),
    [
        ("none", "350", False),
        ("none", "351", True),
        ("none", "350.5", True),
        ("adult", "350", False),
        ("adult", "351", True),
        ("3", "65", False),
        ("3", "66", True),
        ("4", "66", False),
        ("4", "110", False),
        ("4", "111", True),
        ("8", "111", True),
        ("9", "111", False),
        ("9", "350", False),
        ("9", "351", True),
        ("under 1", "1000", False),
    ],
)
def test_upper_limit_boundaries(app, age, supplemental_mg, over):
    year, month = ON_DAY_BIRTH[age]
    client = _client_for(app, "ul@example.org", birth_year=year, birth_month=month, sex="female")
    assert add_supplement(client, DAY, mg=supplemental_mg).status_code == 302
    page = page_of(client)
    assert ("upper-limit" in cautions(page)) is over
    if over:
        assert "Ask your healthcare provider" in caution_text(page, "upper-limit")
        assert "NIH Office of Dietary Supplements" in caution_text(page, "upper-limit")


@pytest.mark.parametrize(
    ("age", "limit_text"),
    [
        ("none", "Adults (general value): 350 mg a day from supplements and medicines"),
        ("3", "Children 1–3: 65 mg a day from supplements and medicines"),
        ("4", "Children 4–8: 110 mg a day from supplements and medicines"),
        ("9", "Ages 9 and older: 350 mg a day from supplements and medicines"),
        ("under 1", "Infants under 12 months: no upper limit established"),
    ],
)
def test_the_limit_shown_for_each_age(app, age, limit_text):
    year, month = ON_DAY_BIRTH[age]
    client = _client_for(app, "limit@example.org", birth_year=year, birth_month=month)
    page = page_of(client)
    assert limit_text in page
    assert ("This is the adult value" in page) is (age == "none")


def test_without_an_age_the_caution_says_it_uses_the_adult_value(auth_client):
    add_supplement(auth_client, DAY, mg="400")
    text = caution_text(page_of(auth_client), "upper-limit")
    assert "400 mg, above the general upper limit of 350 mg a day for adults (general value)" in (
        text
    )


def test_supplements_for_an_infant_raise_the_infant_caution_not_the_limit(app):
    year, month = ON_DAY_BIRTH["under 1"]
    client = _client_for(app, "baby@example.org", birth_year=year, birth_month=month)
    assert cautions(page_of(client)) == []
    add_supplement(client, DAY, mg="10")
    assert cautions(page_of(client)) == ["infant-supplement"]


def test_food_is_never_counted_against_the_upper_limit(app, auth_client):
    # 1,000 g of raw spinach: 790 mg of magnesium from food.
    assert add_food(auth_client, DAY, food_id(app, SPINACH), "g", "1000").status_code == 302
    add_supplement(auth_client, DAY, mg="350")
    page = page_of(auth_client)
    assert (number(page, "day-food-mg"), number(page, "day-supplemental-mg")) == (790, 350)
    assert number(page, "day-total-mg") == 1140
    assert cautions(page) == []
    add_supplement(auth_client, DAY, name="Antacid", form="other", mg="1")
    assert cautions(page_of(auth_client)) == ["upper-limit"]


def test_food_alone_far_above_350_mg_raises_no_caution(app, auth_client):
    # 2 kg of raw spinach (5 kg would overflow quantity_micro on PostgreSQL: see the report).
    add_food(auth_client, DAY, food_id(app, SPINACH), "g", "2000")  # 1,580 mg from food
    page = page_of(auth_client)
    assert number(page, "day-food-mg") == 1580
    assert number(page, "day-supplemental-mg") == 0
    assert cautions(page) == []


# --- unknown food values ------------------------------------------------------------------------


def test_unknown_food_values_are_counted_not_added_as_zero(app, user, auth_client):
    with app.app_context():
        unknown = Food(
            owner_id=user.id, name="Grandma's bread", food_group="My foods",
            serving_grams_milli=50_000, magnesium_ug_per_100g=None,
        )  # fmt: skip
        db.session.add(unknown)
        db.session.commit()
        unknown_id = unknown.id
    assert add_food(auth_client, DAY, unknown_id, "0", "2").status_code == 302
    assert add_food(auth_client, DAY, unknown_id, "0", "1").status_code == 302
    assert add_food(auth_client, DAY, food_id(app, SPINACH), "0").status_code == 302  # 23.7
    add_supplement(auth_client, DAY, mg="100")
    assert [e.magnesium_ug for e in _rows(app, FoodEntry)] == [None, None, 23_700]

    page = page_of(auth_client)
    assert number(page, "day-food-mg") == 24
    assert number(page, "day-supplemental-mg") == 100
    assert number(page, "day-total-mg") == 124  # 123.7: the unknown entries add nothing
    assert 'data-testid="unknown-entries">2 entries have no magnesium value' in page
    assert page.count(">unknown<") == 2


# --- kidney flag --------------------------------------------------------------------------------


@pytest.mark.parametrize("kidney", [True, False])
def test_kidney_caution_only_with_the_flag_and_a_supplement(app, kidney):
    client = _client_for(app, "kidney@example.org", kidney_condition=kidney)
    assert "caution-kidney" not in page_of(client)
    # A bisphosphonate has no magnesium: no kidney caution for it.
    add_medicine(client, DAY, "alendronate", time(7, 0))
    assert "caution-kidney" not in page_of(client)

    add_supplement(client, DAY, mg="50", at=time(20, 0))
    page = page_of(client)
    assert ("kidney" in cautions(page)) is kidney
    if kidney:
        text = caution_text(page, "kidney")
        assert "Ask your healthcare provider" in text
        assert "NIH Office of Dietary Supplements" in text
    # Another day without supplements has no kidney caution.
    assert "caution-kidney" not in page_of(client, DAY + timedelta(days=2))


@pytest.mark.parametrize("kidney", [True, False])
def test_guidance_page_kidney_caution_follows_the_flag(app, client, kidney):
    assert 'data-testid="caution-kidney"' not in client.get("/guidance").get_data(as_text=True)
    logged_in = _client_for(app, "kflag@example.org", kidney_condition=kidney)
    page = logged_in.get("/guidance").get_data(as_text=True)
    assert ('data-testid="caution-kidney"' in page) is kidney
    # The general kidney caution is on the page for everyone.
    assert 'data-testid="general-caution-kidney"' in page


# --- medicine spacing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("medicine", "medicine_at", "magnesium_at", "gap_minutes", "conflict"),
    [
        # Bisphosphonate: at least the gap apart, either order (default 2 hours).
        ("alendronate", time(8, 0), time(10, 0), None, False),
        ("alendronate", time(8, 0), time(9, 59), None, True),
        ("alendronate", time(8, 0), time(8, 0), None, True),
        ("risedronate", time(8, 0), time(6, 0), None, False),
        ("ibandronate", time(8, 0), time(6, 1), None, True),
        ("other-bisphosphonate", time(8, 0), time(9, 0), None, True),
        # A gap the user set from their leaflet: 4 hours.
        ("alendronate", time(8, 0), time(12, 0), 240, False),
        ("alendronate", time(8, 0), time(11, 59), 240, True),
        ("alendronate", time(8, 0), time(4, 0), 240, False),
        ("alendronate", time(8, 0), time(4, 1), 240, True),
        # Antibiotics: at least 2 hours before, or at least 6 hours after, magnesium.
        ("doxycycline", time(8, 0), time(10, 0), None, False),
        ("doxycycline", time(8, 0), time(9, 59), None, True),
        ("minocycline", time(8, 0), time(2, 0), None, False),
        ("tetracycline", time(8, 0), time(2, 1), None, True),
        ("ciprofloxacin", time(8, 0), time(8, 0), None, True),
        ("levofloxacin", time(14, 0), time(8, 0), None, False),
        ("moxifloxacin", time(13, 59), time(8, 0), None, True),
        ("other-quinolone", time(12, 0), time(13, 0), None, True),
        ("other-tetracycline", time(12, 0), time(14, 0), None, False),
        # The user's bisphosphonate gap does not change the antibiotic rule.
        ("doxycycline", time(8, 0), time(10, 0), 240, False),
    ],
)
def test_spacing_boundaries(app, medicine, medicine_at, magnesium_at, gap_minutes, conflict):
    client = _client_for(app, "spacing@example.org")
    if gap_minutes is not None:
        response = client.post(
            "/profile",
            data={
                "reproductive_status": "none",
                "timezone": "UTC",
                "bisphosphonate_gap_minutes": str(gap_minutes),
            },
        )
        assert response.status_code == 302
    assert add_medicine(client, DAY, medicine, medicine_at).status_code == 302
    assert add_supplement(client, DAY, at=magnesium_at).status_code == 302
    page = page_of(client)
    assert ("spacing" in cautions(page)) is conflict
    if conflict:
        text = caution_text(page, "spacing")
        [dose] = _rows(app, MedicineDose)
        assert f"“{dose.medicine_name}” ({medicine_at:%H:%M})" in text
        assert f"“Magnesium glycinate” ({magnesium_at:%H:%M})" in text
        assert "Ask your healthcare provider or pharmacist" in text
        assert "NIH Office of Dietary Supplements" in text


def test_user_gap_is_named_in_the_caution(app):
    client = _client_for(app, "gap@example.org")
    client.post(
        "/profile",
        data={
            "reproductive_status": "none",
            "timezone": "UTC",
            "bisphosphonate_gap_minutes": "240",
        },
    )
    add_medicine(client, DAY, "alendronate", time(8, 0))
    add_supplement(client, DAY, at=time(11, 0))
    text = caution_text(page_of(client), "spacing")
    # NIH's guidance stays NIH's (2 hours); the 4 hours is the user's own setting.
    assert (
        "The general guidance from the NIH Office of Dietary Supplements is to keep a "
        "bisphosphonate and magnesium at least 2 hours apart." in text
    )
    assert (
        "Your own setting in your profile (for example from your medicine’s leaflet or "
        "your pharmacist) is at least 4 hours apart" in text
    )
    assert (
        "less than 4 hours from magnesium (your own setting; the general guidance is at "
        "least 2 hours apart)" in page_of(client)
    )


def test_spacing_is_checked_across_midnight(app, auth_client):
    next_day = DAY + timedelta(days=1)
    add_medicine(auth_client, DAY, "alendronate", time(23, 30))
    add_supplement(auth_client, next_day, at=time(0, 30))
    for day in (DAY, next_day):
        page = page_of(auth_client, day)
        assert cautions(page) == ["spacing"], day
        text = caution_text(page, "spacing")
        assert "“Alendronate” (2026-03-14 23:30)" in text
        assert "“Magnesium glycinate” (2026-03-15 00:30)" in text
        assert "1 hour apart" in text
    # Neither neighbour's neighbour sees it.
    assert cautions(page_of(auth_client, DAY - timedelta(days=1))) == []
    assert cautions(page_of(auth_client, next_day + timedelta(days=1))) == []


def test_across_midnight_exactly_the_gap_is_fine(app, auth_client):
    add_medicine(auth_client, DAY, "doxycycline", time(23, 0))
    add_supplement(auth_client, DAY + timedelta(days=1), at=time(1, 0))  # 2 h after: fine
    add_medicine(auth_client, DAY, "alendronate", time(22, 0))
    assert cautions(page_of(auth_client)) == []
    assert cautions(page_of(auth_client, DAY + timedelta(days=1))) == []


def test_spacing_from_a_supplement_of_the_day_before_without_listing_it(app, auth_client):
    # The day page reads the doses of the day and both neighbours at once, then keeps only
    # the day's own rows for its lists and totals.
    add_supplement(auth_client, DAY - timedelta(days=1), at=time(23, 30))
    add_medicine(auth_client, DAY, "alendronate", time(0, 15))
    [entry] = _rows(app, SupplementEntry)
    [dose] = _rows(app, MedicineDose)
    page = page_of(auth_client)
    assert cautions(page) == ["spacing"]
    assert "“Magnesium glycinate” (2026-03-13 23:30)" in caution_text(page, "spacing")
    assert f"/supplement-entries/{entry.id}/edit" not in page
    assert f"/medicine-doses/{dose.id}/edit" in page
    assert number(page, "day-supplemental-mg") == 0
    before = page_of(auth_client, DAY - timedelta(days=1))
    assert cautions(before) == ["spacing"]
    assert f"/supplement-entries/{entry.id}/edit" in before
    assert f"/medicine-doses/{dose.id}/edit" not in before
    assert number(before, "day-supplemental-mg") == 100


def test_another_users_doses_and_products_never_reach_the_day_page(app, auth_client, user):
    other = _client_for(app, "neighbour@example.org")
    for day in (DAY - timedelta(days=1), DAY, DAY + timedelta(days=1)):
        add_supplement(other, day, name="Their magnesium", mg="300", units="7", at=time(9, 0))
        add_medicine(other, day, "alendronate", time(9, 30))
    add_supplement(auth_client, DAY - timedelta(days=2), name="Their magnesium", mg="300")
    page = page_of(auth_client)
    assert cautions(page) == []
    assert number(page, "day-supplemental-mg") == 0
    assert "Alendronate</span>" not in page
    # The owner's own product of that name, with the owner's units, not the other's 7.
    [own] = [p for p in _rows(app, SupplementProduct) if p.user_id == user.id]
    assert f'id="again-{own.id}-units" name="units" value="1"' in page
    assert page.count('name="units" value=') == 1


def test_one_caution_per_conflicting_pair(app, auth_client):
    add_medicine(auth_client, DAY, "alendronate", time(7, 0))
    add_medicine(auth_client, DAY, "ciprofloxacin", time(12, 0))
    add_supplement(auth_client, DAY, name="Morning magnesium", at=time(8, 0))
    add_supplement(auth_client, DAY, name="Evening magnesium", at=time(20, 0))
    page = page_of(auth_client)
    # Alendronate 1 h before the morning dose; ciprofloxacin 4 h after it (needs 6 h).
    assert cautions(page) == ["spacing", "spacing"]
    assert page.count("Cautions for this day") == 1


def test_supplements_without_a_time_are_not_checked_and_the_day_says_so(app, auth_client):
    add_supplement(auth_client, DAY, at=None)
    page = page_of(auth_client)
    assert "untimed-supplements" not in page  # nothing to space from
    add_medicine(auth_client, DAY, "alendronate", time(8, 0))
    page = page_of(auth_client)
    assert cautions(page) == []
    assert 'data-testid="untimed-supplements">1 entry has no time' in page


# --- medicine doses -----------------------------------------------------------------------------


def test_log_edit_and_delete_a_medicine_dose(app, auth_client):
    assert add_medicine(auth_client, DAY, "other-bisphosphonate", time(7, 0), "Zoledronate")
    [dose] = _rows(app, MedicineDose)
    assert (dose.medicine_name, dose.medicine_class, dose.time) == (
        "Zoledronate",
        "bisphosphonate",
        time(7, 0),
    )
    form = auth_client.get(f"/medicine-doses/{dose.id}/edit").get_data(as_text=True)
    assert '<option selected value="other-bisphosphonate">' in form
    assert field_value(form, "medicine-other_name") == "Zoledronate"

    response = auth_client.post(
        f"/medicine-doses/{dose.id}/edit",
        data={"medicine-medicine": "doxycycline", "medicine-time": "09:45"},
    )
    assert response.status_code == 302
    [dose] = _rows(app, MedicineDose)
    assert (dose.medicine_name, dose.medicine_class, dose.time) == (
        "Doxycycline",
        "tetracycline",
        time(9, 45),
    )
    page = page_of(auth_client)
    assert "Doxycycline" in page and "09:45" in page
    # Medicine doses carry no magnesium.
    assert number(page, "day-total-mg") == 0

    assert auth_client.post(f"/medicine-doses/{dose.id}/delete").status_code == 302
    assert _rows(app, MedicineDose) == []


def test_a_typed_name_is_ignored_for_a_listed_medicine(app, auth_client):
    add_medicine(auth_client, DAY, "alendronate", time(7, 0), other_name="Fosamax")
    [dose] = _rows(app, MedicineDose)
    assert dose.medicine_name == "Alendronate"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"medicine-medicine": ""}, "Choose the medicine."),
        ({"medicine-medicine": "aspirin"}, "Not a valid choice."),
        ({"medicine-time": ""}, "Enter the time of the dose"),
        ({"medicine-time": "7am"}, "Not a valid time value."),
        ({"medicine-other_name": "x" * 81}, "Field cannot be longer than 80 characters."),
    ],
)
def test_bad_medicine_input_is_a_400_and_saves_nothing(app, auth_client, data, message):
    form = {"medicine-medicine": "alendronate", "medicine-time": "07:00", **data}
    response = auth_client.post(f"/day/{DAY.isoformat()}/medicines", data=form)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _rows(app, MedicineDose) == []


# --- other users, CSRF --------------------------------------------------------------------------


def test_other_users_ids_are_404_and_change_nothing(app, auth_client, other_user):
    intruder = app.test_client()
    login(intruder, other_user.email)
    add_supplement(auth_client, DAY, at=time(9, 0))
    add_medicine(auth_client, DAY, "alendronate", time(7, 0))
    [entry] = _rows(app, SupplementEntry)
    [product] = _rows(app, SupplementProduct)
    [dose] = _rows(app, MedicineDose)
    requests = [
        ("get", f"/supplement-entries/{entry.id}/edit"),
        ("post", f"/supplement-entries/{entry.id}/edit"),
        ("post", f"/supplement-entries/{entry.id}/delete"),
        ("get", f"/medicine-doses/{dose.id}/edit"),
        ("post", f"/medicine-doses/{dose.id}/edit"),
        ("post", f"/medicine-doses/{dose.id}/delete"),
        ("post", f"/day/{DAY.isoformat()}/supplements/{product.id}/again"),
        ("post", f"/supplements/{product.id}/delete"),
    ]
    for method, url in requests:
        assert getattr(intruder, method)(url, data={"units": "1"}).status_code == 404, url
    assert len(_rows(app, SupplementEntry)) == 1
    assert len(_rows(app, SupplementProduct)) == 1
    assert len(_rows(app, MedicineDose)) == 1
    # The intruder's own day and My supplements show nothing of the owner's.
    assert "Magnesium glycinate" not in intruder.get("/supplements").get_data(as_text=True)
    own_day = intruder.get(f"/day/{DAY.isoformat()}").get_data(as_text=True)
    assert "Magnesium glycinate" not in own_day and "Alendronate</span>" not in own_day


def test_supplement_forms_need_a_csrf_token(app, auth_client, csrf_enabled):
    assert add_supplement(auth_client, DAY).status_code == 400
    assert add_medicine(auth_client, DAY, "alendronate", time(7, 0)).status_code == 400
    assert _rows(app, SupplementEntry) == [] and _rows(app, MedicineDose) == []


def test_logged_out_visitors_are_sent_to_log_in(client):
    response = client.post(f"/day/{DAY.isoformat()}/supplements", data={})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert "/login" in client.get("/supplements").headers["Location"]


# --- profile: the bisphosphonate gap ------------------------------------------------------------


def test_profile_gap_setting(app, user, auth_client):
    page = auth_client.get("/profile").get_data(as_text=True)
    assert "Gap between a bisphosphonate and magnesium" in page
    assert '<option selected value="120">2 hours (the general guidance)</option>' in page
    assert '<option value="1440">24 hours</option>' in page
    assert 'value="90"' not in page and 'value="1470"' not in page

    base = {"reproductive_status": "none", "timezone": "UTC"}
    assert auth_client.post("/profile", data={**base, "bisphosphonate_gap_minutes": "150"})
    assert _gap(app, user) == 150
    assert '<option selected value="150">2 hours 30 minutes</option>' in (
        auth_client.get("/profile").get_data(as_text=True)
    )
    # A form without the field keeps the saved gap.
    assert auth_client.post("/profile", data=base).status_code == 302
    assert _gap(app, user) == 150
    for bad in ("90", "1470", "125", "abc", "-120", "9" * 30):
        response = auth_client.post("/profile", data={**base, "bisphosphonate_gap_minutes": bad})
        assert response.status_code == 400, bad
        assert _gap(app, user) == 150


def _gap(app, user) -> int:
    with app.app_context():
        return db.session.get(User, user.id).bisphosphonate_gap_minutes
