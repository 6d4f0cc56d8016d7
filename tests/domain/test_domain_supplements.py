"""Supplement forms, the elemental example and medicine presets."""

from dataclasses import fields
from decimal import Decimal

from tracker.domain.reference import NIH_ODS
from tracker.domain.supplements import (
    ALL_PRESETS,
    ELEMENTAL_EXAMPLE,
    FORM_PRESETS,
    FORMS_ABSORPTION,
    FORMS_SOURCE,
    MEDICINE_PRESETS,
    SUPPLEMENT_FORMS_TABLE,
    MedicinePreset,
    SupplementForm,
    approximate_elemental_mg,
    dose_text,
    form_row,
    medicine_preset,
)


def test_form_labels():
    assert SupplementForm.GLYCINATE.label == "Glycinate / bisglycinate"
    assert SupplementForm.L_THREONATE.label == "L-threonate"
    assert SupplementForm.OTHER.label == "Other / unknown"
    assert SupplementForm.CITRATE.label == "Citrate"
    assert SupplementForm("l_threonate") is SupplementForm.L_THREONATE


def test_forms_table_matches_the_facts_sheet():
    # The article's forms, absorption and side effects, without its "common uses" (sleep,
    # cognition, energy: claims NIH does not support), and the elemental shares.
    rows = [
        (r.label, r.absorption, r.side_effects, r.elemental_share) for r in SUPPLEMENT_FORMS_TABLE
    ]
    assert rows == [
        ("Glycinate / bisglycinate", "high", "very gentle", "~14%"),
        ("Citrate", "good", "laxative effect", "~11–16%"),
        ("Oxide", "poor", "strong laxative effect", "~60%"),
        ("Malate", "good", "gentle", "~12–15%"),
        ("L-threonate", "high", "less research on bone", "~7–8%"),
        (
            "Chloride, lactate, aspartate, taurate, carbonate, hydroxide, sulfate",
            "varies",
            "",
            "label decides",
        ),
    ]
    assert not hasattr(SUPPLEMENT_FORMS_TABLE[0], "common_uses")
    assert FORMS_SOURCE.name == "“Can You Take Magnesium with Osteoporosis? A Guide to Bone Health”"
    assert FORMS_SOURCE.url.startswith("https://")
    assert FORMS_ABSORPTION.sources == (NIH_ODS,)
    for form in ["aspartate, citrate, lactate and chloride", "oxide and magnesium sulfate"]:
        assert form in FORMS_ABSORPTION.text


def test_every_form_but_other_is_in_exactly_one_row():
    for form in SupplementForm:
        rows = [row for row in SUPPLEMENT_FORMS_TABLE if form in row.forms]
        assert len(rows) == (0 if form is SupplementForm.OTHER else 1), form
    assert form_row(SupplementForm.OTHER) is None


def test_elemental_example_is_computed_from_the_table():
    assert approximate_elemental_mg(Decimal(500), SupplementForm.GLYCINATE) == (
        Decimal(70),
        Decimal(70),
    )
    assert "500 mg magnesium glycinate" in ELEMENTAL_EXAMPLE
    assert "roughly 70 mg of magnesium" in ELEMENTAL_EXAMPLE
    assert "14%" in ELEMENTAL_EXAMPLE


def test_approximate_elemental_range_and_unknown_forms():
    assert approximate_elemental_mg(Decimal(100), SupplementForm.CITRATE) == (
        Decimal(11),
        Decimal(16),
    )
    assert approximate_elemental_mg(Decimal(100), SupplementForm.SULFATE) is None
    assert approximate_elemental_mg(Decimal(100), SupplementForm.OTHER) is None


def test_presets_carry_no_milligram_values():
    assert not [f.name for f in fields(MedicinePreset) if "mg" in f.name]
    assert {p.key for p in MEDICINE_PRESETS} == {
        "milk-of-magnesia",
        "antacid",
        "epsom-salt",
        "multivitamin",
        "calcium-magnesium-vitamin-d",  # issue 16: the label's amounts are still typed
    }
    assert medicine_preset("milk-of-magnesia").form is SupplementForm.HYDROXIDE
    assert medicine_preset("epsom-salt").form is SupplementForm.SULFATE
    assert medicine_preset("nope") is None
    for preset in MEDICINE_PRESETS:
        assert preset.unit_name
        assert "label" in preset.note.lower() or "panel" in preset.note.lower()


def test_a_dose_with_its_units_and_arithmetic():
    assert dose_text(Decimal(2), Decimal(120), "capsule") == "2 capsules \u00d7 120 mg = 240 mg"
    assert dose_text(Decimal(1), Decimal("62.5"), "tablet") == "1 tablet \u00d7 62.5 mg = 62.5 mg"
    assert dose_text(Decimal("0.5"), Decimal(250), "tablespoon (15 mL)") == (
        "0.5 tablespoons (15 mL) \u00d7 250 mg = 125 mg"
    )
    assert dose_text(Decimal(3), Decimal(25), "gummy") == "3 gummies \u00d7 25 mg = 75 mg"
    assert dose_text(Decimal(2), Decimal(100), "packs") == "2 packs \u00d7 100 mg = 200 mg"
    assert dose_text(Decimal(2), Decimal(120)) == "2 units \u00d7 120 mg = 240 mg"


def test_presets_found_by_the_food_search_name_them_on_their_own():
    """Each preset the food search offers has names of its own: never a bare food word that
    would offer a medicine for "milk" or "salt" (tracker.search.products)."""
    keys = [preset.key for preset in ALL_PRESETS]
    assert len(keys) == len(set(keys))
    for preset in ALL_PRESETS:
        assert preset.search_names, preset.key
        for name in preset.search_names:
            assert name.lower() not in {"milk", "salt", "tablet", "tea", "water"}, name
        assert "label" in preset.note.lower() or "panel" in preset.note.lower()
    citrate = medicine_preset("magnesium-citrate")
    assert citrate is not None and citrate.form is SupplementForm.CITRATE
    assert citrate.label == "Magnesium citrate" and not citrate.is_medicine
    assert "magnesium citrate" in citrate.search_names
    # Every supplement form the app knows (other than the two medicines' own) can be found.
    covered = {preset.form for preset in FORM_PRESETS}
    assert covered >= set(SupplementForm) - {SupplementForm.HYDROXIDE, SupplementForm.SULFATE}
    assert medicine_preset("milk-of-magnesia").kind.value == "medicine"
    assert medicine_preset("multivitamin").kind.value == "supplement"
