"""Supplement amounts, the medicines to space from magnesium, and the rich-foods rules."""

from decimal import Decimal
from fractions import Fraction

import pytest

from tracker.domain.cautions import MedicineClass
from tracker.domain.racc import reference_amount
from tracker.domain.rich_foods import (
    amount_words,
    everyday_group_for,
    household_equivalent,
    is_listed,
    reference_text,
    variety_key,
)
from tracker.domain.supplements import (
    SPACED_MEDICINES,
    parse_mg_per_unit,
    spaced_medicine,
    supplemental_mg_for,
)
from tracker.domain.totals import QuantityError
from tracker.domain.units import read_measures

F = Fraction


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
        "Alendronate",
        "Risedronate",
        "Ibandronate",
        "Other bisphosphonate",
    ]
    assert by_class[MedicineClass.TETRACYCLINE] == [
        "Demeclocycline",  # NIH's own example
        "Doxycycline",
        "Minocycline",
        "Tetracycline",
        "Other tetracycline antibiotic",
    ]
    assert by_class[MedicineClass.QUINOLONE] == [
        "Ciprofloxacin",
        "Levofloxacin",
        "Moxifloxacin",
        "Other quinolone antibiotic",
    ]
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
        (
            "Seeds, pumpkin and squash seed kernels, dried",
            "Nut and seed products",
            "nuts-and-seeds",
        ),
        (
            "Nuts, almond butter, plain, without salt added",
            "Nut and seed products",
            "nuts-and-seeds",
        ),
        ("Nuts, coconut milk, canned", "Nut and seed products", None),
        (
            "Beans, black, mature seeds, cooked, boiled, without salt",
            "Legumes and legume products",
            "legumes",
        ),
        ("Peanut butter, smooth style, without salt", "Legumes and legume products", "legumes"),
        (
            "Tofu, raw, firm, prepared with calcium sulfate",
            "Legumes and legume products",
            "dairy-and-soy",
        ),
        (
            "Soymilk, original and vanilla, unfortified",
            "Legumes and legume products",
            "dairy-and-soy",
        ),
        ("Rice, brown, long-grain, cooked", "Cereal grains and pasta", "whole-grains"),
        ("Quinoa, uncooked", "Cereal grains and pasta", None),
        ("Bread, whole-wheat, commercially prepared", "Baked products", "whole-grains"),
        ("Avocados, raw, all commercial varieties", "Fruits and fruit juices", "fruit"),
        ("Orange juice, raw", "Fruits and fruit juices", None),
        ("Chocolate, dark, 70-85% cacao solids", "Sweets", "dark-chocolate-and-cocoa"),
        ("Cocoa, dry powder, unsweetened", "Sweets", "dark-chocolate-and-cocoa"),
        ("Candies, milk chocolate", "Sweets", None),
        (
            "Fish, salmon, Atlantic, farmed, cooked, dry heat",
            "Finfish and shellfish products",
            "fish",
        ),
        ("Fish, salmon, Atlantic, farmed, raw", "Finfish and shellfish products", None),
        (
            "Yogurt, plain, low fat, 12 grams protein per 8 ounce",
            "Dairy and egg products",
            "dairy-and-soy",
        ),
        ("Milk, dry, nonfat, regular", "Dairy and egg products", None),
    ],
)
def test_everyday_group_for(name, usda_group, group_key):
    group = everyday_group_for(name, usda_group)
    assert (group.key if group else None) == group_key


NUT_GROUP = "Nut and seed products"
LEGUMES = "Legumes and legume products"
GRAINS = "Cereal grains and pasta"
SPICES = "Spices and herbs"


@pytest.mark.parametrize(
    ("name", "usda_group", "racc_key", "listed"),
    [
        ("Nuts, almonds", NUT_GROUP, "nuts", True),
        (
            "Seeds, pumpkin and squash seed kernels, roasted, with salt added",
            NUT_GROUP,
            "nuts",
            False,
        ),
        ("Soybeans, mature seeds, roasted, salted", LEGUMES, "nuts", False),
        ("Soybeans, mature seeds, roasted, no salt added", LEGUMES, "nuts", True),
        ("Wheat flour, whole-grain", GRAINS, "flours", False),
        ("Oats", GRAINS, "grains-dry", False),
        ("Rice, brown, long-grain, cooked", GRAINS, "grains", True),
        ("Beans, black, mature seeds, raw", LEGUMES, "beans-dry", False),
        ("Babyfood, cereal, oatmeal, dry", "Baby foods", "infant-cereal-dry", False),
        ("Milk, dry, whole", "Dairy and egg products", "milk", False),
        ("Figs, dried, uncooked", "Fruits and fruit juices", "dried-fruit", True),
        # Condiments, seasonings and fats: nobody eats a teaspoon of mustard for its magnesium.
        ("Mustard, prepared, yellow", SPICES, "condiments-minor", False),
        ("Spices, basil, dried", SPICES, "spices", False),
        ("Oil, olive, salad or cooking", "Fats and oils", "fats", False),
        # Beer, wine: a drink-equivalent is no FDA reference amount, so no claim.
        ("Alcoholic beverage, beer, regular, all", "Beverages", "beer", False),
        # "Other" foods are judged by the group their name says: a raw snail is raw fish.
        ("Mollusks, snail, raw", "Other", "fish-raw", False),
        ("Beverage, milkshake mix, dry, not chocolate", "Other", "shakes", False),
        ("Fish, salmon, chinook, cooked, dry heat", "Finfish and shellfish products", "fish", True),
    ],
)
def test_is_listed(name, usda_group, racc_key, listed):
    assert is_listed(name, usda_group, reference_amount(racc_key)) is listed


def test_a_nominal_reference_amount_is_never_judged():
    assert is_listed("Milk, goat, fluid", "Dairy and egg products", reference_amount("milk"))
    assert not is_listed(
        "Milk, goat, fluid", "Dairy and egg products", reference_amount("milk"), nominal=True
    )


def _measures(*pairs):
    return read_measures([(label, Decimal(str(grams))) for label, grams in pairs])


@pytest.mark.parametrize(
    ("grams", "measures", "about"),
    [
        # One of the food's own measures first, then a part of a cup or spoon, then ounces.
        (
            30,
            _measures(("1 cup, sliced", 92), ("1 oz (23 whole kernels)", 28.35)),
            "1 oz (23 whole kernels)",
        ),
        (140, _measures(("1 cup", 195)), "¾ cup"),
        (90, _measures(("1 cup", 172)), "½ cup"),
        (140, _measures(('1 large (8" long)', 136), ("1 cup, sliced", 150)), '1 large (8" long)'),
        (85, _measures(), "3 oz"),
        (50, _measures(), None),  # 1.76 oz: no half ounce within 10%
        # Never part of a piece, never a bulk measure.
        (40, _measures(("1 bar", 60)), None),
        (85, _measures(("1 package (10 oz)", 85)), "3 oz"),
        # Two of a cup are "2 cups".
        (85, _measures(("1 cup, chopped", 42)), "2 cups, chopped"),
    ],
)
def test_household_equivalent(grams, measures, about):
    assert household_equivalent(Fraction(grams), measures) == about


def test_reference_text():
    assert reference_text(reference_amount("nut-butters"), Decimal("32.25"), []) == (
        "2 tbsp (32 g)"
    )
    assert reference_text(reference_amount("juice"), Decimal(247), []) == "8 fl oz (247 g)"
    assert reference_text(reference_amount("eggnog"), Decimal(127), []) == "½ cup (127 g)"
    nuts = _measures(("1 oz", 28.35))
    assert reference_text(reference_amount("nuts"), Decimal(30), nuts) == "30 g (about 1 oz)"
    almonds = _measures(("1 oz (23 whole kernels)", 28.35))
    assert reference_text(reference_amount("nuts"), Decimal(30), almonds) == (
        "30 g (about 1 oz, 23 whole kernels)"
    )
    serving = _measures(("1 serving ( 3 oz )", 85))
    assert reference_text(reference_amount("meat"), Decimal(85), serving) == (
        "85 g (about 1 serving, 3 oz)"
    )
    assert reference_text(reference_amount("grated-cheese"), Decimal(5), []) == "5 g"
    assert reference_text(reference_amount("leavening"), Decimal("0.6"), []) == "0.6 g"


@pytest.mark.parametrize(
    ("amount", "words"),
    [(F(3, 4), "¾"), (F(3, 2), "1½"), (F(2), "2"), (F(1, 3), "⅓"), (F(1, 8), "0.125")],
)
def test_amount_words(amount, words):
    assert amount_words(amount) == words


def test_variety_key():
    assert variety_key("Figs, dried, uncooked") == variety_key("Figs, dried, stewed")
    assert variety_key("Spinach, raw") != variety_key("Spinach, cooked, boiled")
    assert variety_key("Nuts, almonds") == "nuts,almonds"
