"""The default portion of every food and its reference amount (RACC), in the shipped data file.

The data script computes them with tracker.domain.default_portions; these tests read the
committed file, so they check what users actually get (the reproduction test in
tests/test_food_data.py proves the file is what the rules produce).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from tracker.domain.default_portions import RULES, classify, default_portion
from tracker.domain.portions import (
    NEAREST_FACTOR,
    Count,
    Volume,
    units_per_serving,
    weight_fallback,
)
from tracker.domain.racc import REFERENCE_AMOUNTS, reference_amount
from tracker.domain.totals import OUNCE_GRAMS, parse_quantity
from tracker.domain.units import is_one_ounce_measure, label_amount, read_measure, read_measures

DATA_FILE = Path(__file__).resolve().parents[2] / "tracker" / "data" / "usda_sr24_magnesium.jsonl"


@pytest.fixture(scope="module")
def foods() -> dict[str, dict]:
    lines = DATA_FILE.read_text(encoding="utf-8").splitlines()
    rows = (json.loads(line, parse_float=Decimal) for line in lines)
    return {row["ndb"]: row for row in rows}


def _default(row: dict) -> tuple[str, str, Decimal]:
    """(portion label, quantity text, grams) of a food's default portion."""
    key, quantity = row["default_portion"], row["default_quantity"]
    if key == "g":
        label, grams_each = "g", Decimal(1)
    elif key == "oz":
        label, grams_each = "oz", OUNCE_GRAMS
    else:
        label, grams_each = row["portions"][int(key)]
    return label, quantity, grams_each * parse_quantity(quantity, Decimal(10**6))


# --- The everyday foods: what a person means by the bare name ---------------------------------
# (NDB, portion label, quantity, grams). The examples first: 1 large egg, 1 oz of nuts,
# seeds and chocolate, 1 medium fruit, 1 slice of bread, 1 cup of milk, juice and cooked
# grains, 1/2 cup of cooked beans and vegetables, 3 oz of meat and fish, 1-2 tbsp of spreads.
EVERYDAY = [
    ("01123", "1 large", "1", "50"),  # Egg, whole, raw, fresh (not "1 cup (4.86 large eggs)")
    ("01129", "1 large", "1", "50"),  # Egg, whole, cooked, hard-boiled
    ("12061", "1 oz (23 whole kernels)", "1", "28.35"),  # Nuts, almonds (not "1 cup, ground")
    ("12085", "1 oz", "1", "28.35"),  # Nuts, cashew nuts, dry roasted
    ("12155", "1 oz (14 halves)", "1", "28.35"),  # Nuts, walnuts, english
    ("12014", "1 oz", "1", "28.35"),  # Seeds, pumpkin and squash seed kernels
    ("12036", "oz", "1", "28.35"),  # Seeds, sunflower seed kernels (no "1 oz" measure)
    ("12220", "1 tbsp, whole", "2", "20.6"),  # Seeds, flaxseed (not "1 cup, whole")
    ("16087", "1 oz", "1", "28.35"),  # Peanuts, all types, raw
    ("19904", "1 oz", "1", "28.35"),  # Chocolate, dark, 70-85% cacao solids
    ("09040", '1 medium (7" to 7-7/8" long)', "1", "118"),  # Bananas (not "1 cup, mashed")
    ("09003", '1 medium (3" dia)', "1", "182"),  # Apples, raw, with skin
    ("09200", '1 fruit (2-5/8" dia)', "1", "131"),  # Oranges
    ("09252", "1 medium", "1", "178"),  # Pears
    ("09037", "1 avocado, NS as to Florida or California", "0.5", "100.5"),  # half an avocado
    ("09316", "1 cup, halves", "1", "152"),  # Strawberries
    ("09050", "1 cup", "1", "148"),  # Blueberries
    ("09326", "1 wedge (approx 1/16 of melon)", "1", "286"),  # Watermelon
    ("09298", "1 cup (not packed)", "0.25", "36.25"),  # Raisins: 1/4 cup of dried fruit
    ("11090", "1 cup chopped", "1", "91"),  # Broccoli, raw (not "1 stalk, large")
    ("11091", "0.5 cup, chopped", "1", "78"),  # Broccoli, cooked
    ("11457", "1 cup", "1", "30"),  # Spinach, raw
    ("11458", "1 cup", "0.5", "90"),  # Spinach, cooked
    ("11233", "1 cup, chopped", "1", "67"),  # Kale, raw
    ("11124", "1 medium", "1", "61"),  # Carrots, raw
    ("11529", '1 medium whole (2-3/5" dia)', "1", "123"),  # Tomatoes, raw
    ("11674", "1 potato medium", "1", "173"),  # Potato, baked, flesh and skin
    ("11313", "0.5 cup", "1", "80"),  # Peas, green, frozen, cooked
    ("01079", "1 cup", "1", "244"),  # Milk, 2%
    ("16139", "1 cup", "1", "243"),  # Soymilk
    ("09206", "1 cup", "1", "248"),  # Orange juice
    ("14209", "1 cup (8 fl oz)", "1", "237"),  # Coffee, brewed
    ("01117", "1 container (8 oz)", "1", "227"),  # Yogurt, plain, low fat
    ("01009", "1 oz", "1", "28.35"),  # Cheese, cheddar
    ("01016", "1 cup (not packed)", "0.5", "113"),  # Cottage cheese: 1/2 cup
    ("01032", "1 tbsp", "1", "5"),  # Parmesan, grated
    ("18075", "1 slice", "1", "28"),  # Bread, whole-wheat
    ("18069", "1 slice", "1", "28"),  # Bread, white
    ("18001", '1 medium bagel (3-1/2" to 4" dia)', "1", "105"),  # Bagel
    ("18258", "1 muffin", "1", "57"),  # English muffin
    ("20037", "1 cup", "1", "195"),  # Rice, brown, cooked
    ("20137", "1 cup", "1", "185"),  # Quinoa, cooked
    ("20121", "1 cup", "1", "140"),  # Spaghetti, cooked
    ("08121", "1 cup", "1", "234"),  # Oatmeal, cooked with water
    ("08120", "1 cup", "0.5", "40.5"),  # Oats, dry: 40 g, as the label's serving
    ("08231", "0.5 cup (1 NLEA serving)", "1", "40"),  # Oat bran hot cereal, dry
    ("08023", "0.75 cup (1 NLEA serving)", "1", "49"),  # Cracklin' Oat Bran: a cereal, not bran
    ("08084", "1 cup", "0.125", "14.125"),  # Wheat germ, toasted: 2 tbsp (bran and germ, 15 g)
    ("08156", "1 cup", "1", "14"),  # Puffed rice: 1 cup, near a light cereal's 15 g
    ("01235", "0.5 cup", "1", "68"),  # Frozen yogurt: 1/2 cup, as ice cream
    ("43136", "1 cup", "1", "247"),  # Vegetarian stew
    ("16015", "1 cup", "0.5", "86"),  # Black beans, cooked
    ("16070", "1 cup", "0.5", "99"),  # Lentils, cooked
    ("16158", "1 tbsp", "2", "30"),  # Hummus: 2 tbsp, as a dip
    ("23568", "1 serving (3 oz)", "1", "85"),  # Ground beef patty, cooked (not a bare "g")
    ("05064", "oz", "3", "85.05"),  # Chicken breast, roasted
    ("15237", "3 oz", "1", "85"),  # Salmon, Atlantic, farmed, cooked
    ("15121", "3 oz", "1", "85"),  # Tuna, light, canned in water
    ("16398", "2 tbsp", "1", "32"),  # Peanut butter, smooth
    ("04053", "1 tablespoon", "1", "13.5"),  # Olive oil
    ("01001", "1 tbsp", "1", "14.2"),  # Butter
    ("19296", "1 tbsp", "1", "21"),  # Honey
    ("16426", "oz", "3", "85.05"),  # Tofu, firm
    ("18228", "1 cracker square", "5", "15"),  # Saltines: pieces counted as labels count them
]


@pytest.mark.parametrize(("ndb", "label", "quantity", "grams"), EVERYDAY)
def test_everyday_foods_default_to_the_portion_a_person_means(foods, ndb, label, quantity, grams):
    assert _default(foods[ndb]) == (label, quantity, Decimal(grams))


# --- Every food in the file -------------------------------------------------------------------


def _has_usable_measure(row: dict) -> bool:
    """A household measure (not a package or roast) near the RACC in a simple quantity."""
    racc = Fraction(row["racc_g"])
    for measure in read_measures(row["portions"]):
        if measure.is_bulk or measure.unit in ("lb", "kg", "g"):
            continue
        if measure.unit is None:  # whole pieces of a piece ("1 packet")
            quantities = [Fraction(n) for n in range(1, 25)]
        elif measure.unit == "oz":
            quantities = [Fraction(1)]
        else:  # quarters or thirds of a volume, up to four
            quantities = [Fraction(n, d) for d in (4, 3) for n in range(1, 4 * d + 1)]
        for quantity in quantities:
            if racc / NEAREST_FACTOR <= Fraction(measure.grams) * quantity <= racc * NEAREST_FACTOR:
                return True
    return False


# Two rules ask for their measure whatever the RACC: espresso by the shot (1 fl oz, against a
# beverage's 12 fl oz) and raw salad leaves by the cup (20 g of arugula, against 85 g).
FORCED_RULES = {"espresso", "raw leafy greens"}


def test_every_default_is_a_real_portion_near_the_reference_amount(foods):
    awkward = re.compile(r"^1 cup, (ground|whole)\b")
    for ndb, row in foods.items():
        label, quantity, grams = _default(row)
        racc = Decimal(row["racc_g"])
        assert racc > 0, ndb
        assert row["racc"] in REFERENCE_AMOUNTS, ndb
        assert parse_quantity(quantity, Decimal(10**6)) > 0, ndb
        forced = classify(row["name"], row["group"]).name in FORCED_RULES
        lowest = racc / 12 if forced else racc / 3
        assert lowest <= grams.quantize(Decimal("0.01")) <= racc * Decimal("3.2"), (ndb, label)
        if row["default_portion"] == "g":
            # Grams only for a food without a usable household measure, and never 1 g of it.
            assert not _has_usable_measure(row), (ndb, row["portions"])
            assert grams == racc.quantize(Decimal(1)) or racc < 10, ndb
        if row["default_portion"] == "oz":
            # The day page offers "oz" only to foods without a "1 oz" measure of their own.
            assert not any(is_one_ounce_measure(lb, Decimal(g)) for lb, g in row["portions"])
        if awkward.match(label):
            # "1 cup, whole" only when the food has no other cup, spoon or fluid measure.
            others = [
                m.label
                for m in read_measures(row["portions"])
                if m.volume_tsp and not awkward.match(m.label)
            ]
            assert not others, (ndb, label, others)


def test_the_defaults_cover_every_food_in_counts_the_provenance_states(foods):
    provenance = json.loads(DATA_FILE.with_suffix("").with_suffix(".provenance.json").read_text())
    counts = provenance["counts"]["default_portions"]
    by_kind = {"household measure": 0, "ounces": 0, "grams": 0}
    for row in foods.values():
        key = row["default_portion"]
        by_kind["grams" if key == "g" else "ounces" if key == "oz" else "household measure"] += 1
    assert by_kind == counts
    assert sum(counts.values()) == len(foods) == 7879
    # Almost every food defaults to one of its own household measures.
    assert counts["household measure"] > 0.8 * len(foods)
    assert counts["grams"] < 60


def test_claims_rest_only_on_measured_reference_amounts(foods):
    for ndb, row in foods.items():
        reference = reference_amount(row["racc"])
        if row["racc_basis"] == "weight":
            assert Decimal(row["racc_g"]) == reference.grams, ndb
        else:  # a volume, or the amount of a condensed or dry form that makes one
            assert row["racc_basis"] in ("measure", "nominal"), ndb
            assert reference.grams is None or classify(row["name"], row["group"]).amount_to_make


# --- The rules and the reference-amount table -------------------------------------------------


def test_every_reference_amount_names_its_regulation():
    assert len(REFERENCE_AMOUNTS) > 120
    for key, row in REFERENCE_AMOUNTS.items():
        assert row.key == key
        assert (row.grams is None) != (row.volume_tsp is None), key
        assert row.nominal_grams > 0, key
        assert row.source.name and row.source.url.startswith("https://"), key
        if row.label_claims:
            assert re.match(r"^(21 CFR 101\.12\(b\)|9 CFR (317\.312|381\.412))", row.citation)
    assert reference_amount("nuts").citation == (
        "21 CFR 101.12(b), Table 2: Nuts, seeds and mixtures, all types: sliced, chopped, "
        "slivered, and whole (30 g)"
    )
    assert reference_amount("meat").source.name == "9 CFR 317.312(b)"


def test_every_rule_points_at_a_reference_amount():
    names = [rule.name for rule in RULES]
    assert len(RULES) > 150
    for rule in RULES:
        assert rule.racc in REFERENCE_AMOUNTS, rule.name
    assert len(set(names)) > 140  # a few names repeat: a rule split by group or by name


@pytest.mark.parametrize(
    ("name", "group", "racc"),
    [
        ("Nuts, almonds", "Nut and seed products", "nuts"),
        ("Peanut butter, smooth style, with salt", "Legumes and legume products", "nut-butters"),
        ("Peanuts, all types, oil-roasted, with salt", "Legumes and legume products", "nuts"),
        ("Rice, brown, long-grain, cooked", "Cereal grains and pasta", "grains"),
        ("Rice, brown, long-grain, raw", "Cereal grains and pasta", "grains-dry"),
        ("Mustard, prepared, yellow", "Spices and herbs", "condiments-minor"),
        ("Candies, milk chocolate", "Sweets", "candies"),
        ("Hummus, commercial", "Legumes and legume products", "dips"),
        ("Avocados, raw, all commercial varieties", "Fruits and fruit juices", "avocado"),
        ("Soup, cream of mushroom, canned, condensed", "Soups, sauces and gravies", "soups"),
        ("Cheese, swiss, low fat", "Other", "cheese"),  # "Other": group read from the name
        ("Frankfurter, beef, low fat", "Other", "sausages"),
        (
            "Fish, salmon, coho (silver), raw (Alaska Native)",
            "American Indian/Alaska Native foods",
            "fish-raw",
        ),
        (
            "Blackberries, wild, raw (Alaska Native)",
            "American Indian/Alaska Native foods",
            "fruit",
        ),
        ("Beef, ground, 80% lean meat / 20% fat, raw", "Beef products", "meat-raw"),
        ("Alcoholic beverage, beer, regular, all", "Beverages", "beer"),
        ("A food no rule names", None, "mixed-dishes"),
    ],
)
def test_classify(name, group, racc):
    assert classify(name, group).racc == racc


def test_ready_to_eat_cereals_are_judged_by_the_weight_of_a_cup():
    light = default_portion(
        "Cereals ready-to-eat, puffed rice", "Breakfast cereals", [("1 cup", Decimal(14))]
    )
    medium = default_portion(
        "Cereals ready-to-eat, oat rings",
        "Breakfast cereals",
        [("1 cup (1 NLEA serving)", Decimal(28))],
    )
    heavy = default_portion(
        "Cereals ready-to-eat, granola", "Breakfast cereals", [("1 cup", Decimal(122))]
    )
    assert [d.racc_key for d in (light, medium, heavy)] == [
        "cereal-light",
        "cereal-medium",
        "cereal-heavy",
    ]
    assert heavy.choice.quantity == Fraction(1, 2)  # 61 g, the nearest simple part of a cup


def test_volume_reference_amounts_convert_only_through_the_foods_own_measure():
    # 2 tbsp of a peanut butter whose cup weighs 258 g: 258 x 6/48 = 32.25 g.
    measured = default_portion(
        "Peanut butter, smooth style", "Legumes and legume products", [("1 cup", Decimal(258))]
    )
    assert (measured.racc_grams, measured.racc_basis) == (Fraction("32.25"), "measure")
    assert (measured.choice.label, measured.choice.quantity) == ("1 cup", Fraction(1, 8))
    # No volume measure at all: a typical weight stands in, marked nominal.
    nominal = default_portion("Peanut butter, smooth style", "Legumes and legume products", [])
    assert (nominal.racc_grams, nominal.racc_basis) == (Fraction(32), "nominal")
    assert (nominal.choice.portion, nominal.choice.quantity) == ("g", Fraction(32))


def test_a_food_without_measures_gets_its_reference_amount_in_ounces():
    beef = default_portion("Beef, round, eye of round, cooked, roasted", "Beef products", [])
    assert (beef.choice.portion, beef.choice.quantity, beef.kind) == ("oz", 3, "Ounces")
    soup = default_portion("Soup, fish, homemade", "Soups, sauces and gravies", [])
    assert (soup.choice.portion, soup.choice.quantity) == ("oz", Fraction(17, 2))
    # Under 14 g the ounce is too coarse: 0.5 g of a spice stays in grams.
    assert weight_fallback([], Fraction("0.5")).portion == "g"
    # 50 g is 1.76 oz: no half ounce is within 10%, so 50 g it is.
    assert (
        weight_fallback([], Fraction(50)).portion,
        weight_fallback([], Fraction(50)).quantity,
    ) == (
        "g",
        50,
    )


@pytest.mark.parametrize(
    ("unit_grams", "racc_grams", "pieces"),
    [
        # 21 CFR 101.9(b)(2)(i): up to half the reference amount, the nearest whole number...
        (3, 15, 5),  # saltines
        (10, 30, 3),  # cookies
        (15, 30, 2),  # exactly half: two
        ("15.1", 30, 1),  # just over half: one
        (28, 50, 1),  # a slice of bread (56%): one
        (50, 50, 1),
        (140, 50, 1),  # a whole unit over the reference amount is still one
    ],
)
def test_pieces_are_counted_as_labels_count_them(unit_grams, racc_grams, pieces):
    assert units_per_serving(Fraction(unit_grams), Fraction(racc_grams)) == pieces


def test_preferences_respect_the_sane_factor():
    measures = read_measures([("1 stalk", Decimal(151)), ("1 cup chopped", Decimal(91))])
    # 1 cup chopped, not the stalk: a Count of stalks would be 1 stalk (151 g), allowed, but
    # the Volume preference comes first for a raw vegetable.
    assert Volume("1 cup").choose(measures, Fraction(85), frozenset()).label == "1 cup chopped"
    # A measure more than three times the reference amount is never a default.
    big = read_measures([("1 cup, whole", Decimal(143))])
    assert Volume("1 cup").choose(big, Fraction(30), frozenset()) is None
    assert (
        Count().choose(read_measures([("1 roast", Decimal(900))]), Fraction(85), frozenset())
        is None
    )


@pytest.mark.parametrize(
    ("label", "amount", "unit", "size", "noun", "volume_tsp", "ounces"),
    [
        ("1 cup, chopped", 1, "cup", None, None, 48, None),
        ("0.5 cup, chopped or diced", Fraction(1, 2), "cup", None, None, 24, None),
        ("0.333 cup", Fraction(1, 3), "cup", None, None, 16, None),
        ('1 medium (7" to 7-7/8" long)', 1, None, "medium", None, None, None),
        ('1 potato medium (2-1/4" to 3-1/4" dia)', 1, None, "medium", "potato", None, None),
        ("1 serving (3 oz)", 1, None, None, "serving", None, 3),
        ("3 oz ( 1 serving )", 3, "oz", None, None, None, 3),
        ("1 cup (8 fl oz)", 1, "cup", None, None, 48, None),
        ("1 can (12 fl oz)", 1, None, None, "can", 72, None),
        ("1 jigger 1.5 fl oz", 1, None, None, "jigger", 9, None),
        ("10 strips", 10, None, None, "strip", None, None),
        ("1 Tbsp", 1, "tbsp", None, None, 3, None),
        ('1 extra large (9" or longer)', 1, None, "extra large", None, None, None),
    ],
)
def test_read_usda_measure_labels(label, amount, unit, size, noun, volume_tsp, ounces):
    measure = read_measure(0, label, Decimal(10))
    assert (measure.amount, measure.unit, measure.size, measure.noun) == (amount, unit, size, noun)
    assert measure.volume_tsp == volume_tsp
    assert measure.ounces == ounces


def test_usda_thirds_are_read_as_thirds():
    assert label_amount("0.333") == Fraction(1, 3)
    assert label_amount("0.667") == Fraction(2, 3)
    assert label_amount("1.667") == Fraction(5, 3)
    assert label_amount("3.527") == Fraction("3.527")
    assert label_amount("1-1/2") == Fraction(3, 2)


def test_one_ounce_measures_are_an_ounce_of_the_food():
    assert is_one_ounce_measure("1 oz", Decimal("28.35"))
    assert is_one_ounce_measure("1 oz (23 whole kernels)", Decimal("28.35"))
    assert is_one_ounce_measure("1 oz, boneless", Decimal("28.35"))
    assert not is_one_ounce_measure("1 oz with bone, cooked (yield)", Decimal(21))
    assert not is_one_ounce_measure("1 oz (approx 60 pcs)x", Decimal(14))
    assert not is_one_ounce_measure("10 oz", Decimal(284))
