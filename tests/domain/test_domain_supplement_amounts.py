"""Supplement amounts, the medicines to space from magnesium, and the rich-foods rules."""

from decimal import Decimal

import pytest

from tracker.domain.cautions import MedicineClass
from tracker.domain.rich_foods import (
    EVERYDAY_GROUPS,
    common_portion,
    everyday_group_for,
    is_listed,
    variety_key,
)
from tracker.domain.supplements import (
    SPACED_MEDICINES,
    parse_mg_per_unit,
    spaced_medicine,
    supplemental_mg_for,
)
from tracker.domain.totals import QuantityError


@pytest.mark.parametrize(
    ("text", "mg"),
    [
        ("120", Decimal("120")),
        ("62.5", Decimal("62.5")),
        ("62,5", Decimal("62.5")),
        (" 120 mg ", Decimal("120")),
        ("120mg", Decimal("120")),
        (".5", Decimal("0.5")),
        ("0.0005", Decimal("0.001")),  # stored as whole micrograms, half up
        ("5000", Decimal("5000")),
    ],
)
def test_parse_mg_per_unit(text, mg):
    assert parse_mg_per_unit(text) == mg


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter the magnesium per unit"),
        ("   ", "Enter the magnesium per unit"),
        ("0", "more than zero"),
        ("0.0004", "more than zero"),
        ("-3", "more than zero"),
        ("abc", "isn't a number"),
        ("1e3", "isn't a number"),
        ("1.2.3", "isn't a number"),
        ("٣", "isn't a number"),
        ("5000.001", "5,000 mg"),
    ],
)
def test_parse_mg_per_unit_refuses(text, message):
    with pytest.raises(QuantityError, match=message):
        parse_mg_per_unit(text)


@pytest.mark.parametrize(
    ("per_unit", "units", "mg"),
    [
        (Decimal("120"), Decimal(2), Decimal("240")),
        (Decimal("62.5"), Decimal("0.5"), Decimal("31.25")),
        (Decimal("100"), Decimal(1) / Decimal(3), Decimal("33.33333333333333333333333333")),
        (Decimal("5000"), Decimal(10), Decimal("50000")),
    ],
)
def test_supplemental_mg_for(per_unit, units, mg):
    assert supplemental_mg_for(per_unit, units) == mg


def test_supplemental_mg_for_refuses_an_implausible_entry():
    with pytest.raises(QuantityError, match="50,000 mg"):
        supplemental_mg_for(Decimal("5000"), Decimal("10.001"))


def test_spaced_medicines_cover_the_issue_list():
    by_class = {
        cls: [m.name for m in SPACED_MEDICINES if m.medicine_class is cls] for cls in MedicineClass
    }
    assert by_class[MedicineClass.BISPHOSPHONATE] == [
        "Alendronate", "Risedronate", "Ibandronate", "Other bisphosphonate",
    ]  # fmt: skip
    assert by_class[MedicineClass.TETRACYCLINE] == [
        "Doxycycline", "Minocycline", "Tetracycline", "Other tetracycline antibiotic",
    ]  # fmt: skip
    assert by_class[MedicineClass.QUINOLONE] == [
        "Ciprofloxacin", "Levofloxacin", "Moxifloxacin", "Other quinolone antibiotic",
    ]  # fmt: skip
    assert len({m.key for m in SPACED_MEDICINES}) == len(SPACED_MEDICINES)
    assert spaced_medicine("doxycycline").medicine_class is MedicineClass.TETRACYCLINE
    assert spaced_medicine("aspirin") is None


# --- rich foods ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "usda_group", "group_key"),
    [
        ("Spinach, raw", "Vegetables and vegetable products", "leafy-greens"),
        ("Kale, raw", "Vegetables and vegetable products", "leafy-greens"),
        ("Potatoes, baked, flesh and skin", "Vegetables and vegetable products", None),
        ("Nuts, almonds", "Nut and seed products", "nuts-and-seeds"),
        ("Seeds, pumpkin and squash seed kernels, dried", "Nut and seed products",
         "nuts-and-seeds"),
        ("Nuts, almond butter, plain, without salt added", "Nut and seed products",
         "nuts-and-seeds"),
        ("Nuts, coconut milk, canned", "Nut and seed products", None),
        ("Beans, black, mature seeds, cooked, boiled, without salt",
         "Legumes and legume products", "legumes"),
        ("Peanut butter, smooth style, without salt", "Legumes and legume products", "legumes"),
        ("Tofu, raw, firm, prepared with calcium sulfate", "Legumes and legume products",
         "dairy-and-soy"),
        ("Soymilk, original and vanilla, unfortified", "Legumes and legume products",
         "dairy-and-soy"),
        ("Rice, brown, long-grain, cooked", "Cereal grains and pasta", "whole-grains"),
        ("Quinoa, uncooked", "Cereal grains and pasta", None),
        ("Bread, whole-wheat, commercially prepared", "Baked products", "whole-grains"),
        ("Avocados, raw, all commercial varieties", "Fruits and fruit juices", "fruit"),
        ("Orange juice, raw", "Fruits and fruit juices", None),
        ("Chocolate, dark, 70-85% cacao solids", "Sweets", "dark-chocolate-and-cocoa"),
        ("Cocoa, dry powder, unsweetened", "Sweets", "dark-chocolate-and-cocoa"),
        ("Candies, milk chocolate", "Sweets", None),
        ("Fish, salmon, Atlantic, farmed, cooked, dry heat", "Finfish and shellfish products",
         "fish"),
        ("Fish, salmon, Atlantic, farmed, raw", "Finfish and shellfish products", None),
        ("Yogurt, plain, low fat, 12 grams protein per 8 ounce", "Dairy and egg products",
         "dairy-and-soy"),
        ("Milk, dry, nonfat, regular", "Dairy and egg products", None),
    ],
)  # fmt: skip
def test_everyday_group_for(name, usda_group, group_key):
    group = everyday_group_for(name, usda_group)
    assert (group.key if group else None) == group_key


@pytest.mark.parametrize(
    ("name", "usda_group", "listed"),
    [
        ("Nuts, almonds", "Nut and seed products", True),
        ("Seeds, pumpkin and squash seed kernels, roasted, with salt added",
         "Nut and seed products", False),
        ("Soybeans, mature seeds, roasted, salted", "Legumes and legume products", False),
        ("Soybeans, mature seeds, roasted, no salt added", "Legumes and legume products", True),
        ("Wheat flour, whole-grain", "Cereal grains and pasta", False),
        ("Oats", "Cereal grains and pasta", False),  # dry: a cup is not eaten at once
        ("Rice, brown, long-grain, cooked", "Cereal grains and pasta", True),
        ("Beans, black, mature seeds, raw", "Legumes and legume products", False),
        ("Babyfood, cereal, oatmeal, dry", "Baby foods", False),
        ("Milk, dry, whole", "Dairy and egg products", False),
        ("Figs, dried, uncooked", "Fruits and fruit juices", True),
    ],
)  # fmt: skip
def test_is_listed(name, usda_group, listed):
    assert is_listed(name, usda_group) is listed


_NUTS = next(g for g in EVERYDAY_GROUPS if g.key == "nuts-and-seeds")
_FRUIT = next(g for g in EVERYDAY_GROUPS if g.key == "fruit")


def _portions(*pairs):
    return [(label, Decimal(str(grams))) for label, grams in pairs]


@pytest.mark.parametrize(
    ("portions", "reference", "preferred", "index"),
    [
        # The group's preferred measure wins over a closer weight.
        (_portions(("1 cup, whole", 143), ("1 oz (23 whole kernels)", 28.35), ("1 almond", 1.2)),
         _NUTS.reference_grams, _NUTS.preferred_portions, 1),
        # The label's NLEA serving wins over everything.
        (_portions(("1 medium", 118), ("1 NLEA serving", 126)),
         _FRUIT.reference_grams, _FRUIT.preferred_portions, 1),
        # Otherwise the nearest weight by ratio: 1 cup (150 g) is nearer 140 g than 1 fruit.
        (_portions(("1 fruit", 300), ("1 cup", 150), ("1 slice", 20)), Decimal(140), (), 1),
        # Bulk measures and portions over 3 times the usual amount never count.
        (_portions(("1 package (10 oz)", 284), ("1 bunch", 340)), Decimal(85), (), None),
        (_portions(("1 cup", 421)), Decimal(140), (), None),
        (_portions(("1 cup", 420)), Decimal(140), (), 0),
        ([], Decimal(100), (), None),
    ],
)  # fmt: skip
def test_common_portion(portions, reference, preferred, index):
    assert common_portion(portions, reference, preferred) == index


def test_variety_key():
    assert variety_key("Figs, dried, uncooked") == variety_key("Figs, dried, stewed")
    assert variety_key("Spinach, raw") != variety_key("Spinach, cooked, boiled")
    assert variety_key("Nuts, almonds") == "nuts,almonds"
