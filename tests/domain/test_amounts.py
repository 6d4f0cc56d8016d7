"""Amounts typed with a food: reading a diary line, and choosing what to log of one food."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.domain.amounts import Amount, NoPortion, choose_portion, parse_line
from tracker.domain.portions import PortionChoice, measure_choice
from tracker.domain.totals import QuantityError, parse_quantity
from tracker.domain.units import read_measures

F = Fraction


# --- Reading a line ---------------------------------------------------------------------------
# (line, food words, quantity, unit, size)
LINES = [
    # The examples.
    ("2 large eggs", "eggs", 2, None, "large"),
    ("peanut butter 2 tbsp", "peanut butter", 2, "tbsp", None),
    ("half a cup of black beans", "black beans", F(1, 2), "cup", None),
    ("1½ cups milk", "milk", F(3, 2), "cup", None),
    ("1 1/2 cup milk", "milk", F(3, 2), "cup", None),
    ("150 g salmon", "salmon", 150, "g", None),
    ("6 oz chicken breast", "chicken breast", 6, "oz", None),
    ("a banana", "banana", 1, None, None),
    ("two slices whole wheat bread", "whole wheat bread", 2, "slice", None),
    ("1 medium baked potato", "baked potato", 1, None, "medium"),
    ("3 oz cooked salmon", "cooked salmon", 3, "oz", None),
    ("whole wheat bread 2 slices", "whole wheat bread", 2, "slice", None),
    ("black beans 1/2 cup", "black beans", F(1, 2), "cup", None),
    # Digits, decimals, fractions.
    ("150g salmon", "salmon", 150, "g", None),
    ("0.5 cup rice", "rice", F(1, 2), "cup", None),
    ("0,5 cup rice", "rice", F(1, 2), "cup", None),
    (".5 cup rice", "rice", F(1, 2), "cup", None),
    ("1-1/2 cups rice", "rice", F(3, 2), "cup", None),
    ("1 ½ cups rice", "rice", F(3, 2), "cup", None),
    ("½ avocado", "avocado", F(1, 2), None, None),
    ("¾ cup oats", "oats", F(3, 4), "cup", None),
    ("1⁄3 cup walnuts", "walnuts", F(1, 3), "cup", None),
    ("2 and 1/2 cups milk", "milk", F(5, 2), "cup", None),
    # Words.
    ("an apple", "apple", 1, None, None),
    ("one banana", "banana", 1, None, None),
    ("twelve almonds", "almonds", 12, None, None),
    ("a couple of eggs", "eggs", 2, None, None),
    ("a pair of kiwis", "kiwis", 2, None, None),
    ("a dozen almonds", "almonds", 12, None, None),
    ("half a dozen eggs", "eggs", 6, None, None),
    ("half an avocado", "avocado", F(1, 2), None, None),
    ("a half cup of yogurt", "yogurt", F(1, 2), "cup", None),
    ("a quarter cup of raisins", "raisins", F(1, 4), "cup", None),
    ("three quarters of a cup of oats", "oats", F(3, 4), "cup", None),
    ("three-quarters cup milk", "milk", F(3, 4), "cup", None),
    ("two thirds cup rice", "rice", F(2, 3), "cup", None),
    ("one and a half cups rice", "rice", F(3, 2), "cup", None),
    ("a cup of coffee", "coffee", 1, "cup", None),
    ("a slice of toast", "toast", 1, "slice", None),
    ("a large egg", "egg", 1, None, "large"),
    # Units, plurals, abbreviations.
    ("2 tablespoons of flaxseed", "flaxseed", 2, "tbsp", None),
    ("2 T peanut butter", "peanut butter", 2, "tbsp", None),
    ("2 tbs honey", "honey", 2, "tbsp", None),
    ("1 tsp olive oil", "olive oil", 1, "tsp", None),
    ("3 teaspoons sugar", "sugar", 3, "tsp", None),
    ("1 c milk", "milk", 1, "cup", None),
    ("2 fl oz lemon juice", "lemon juice", 2, "fl oz", None),
    ("8 fluid ounces orange juice", "orange juice", 8, "fl oz", None),
    ("100ml orange juice", "orange juice", 100, "ml", None),
    ("1 kg potatoes", "potatoes", 1, "kg", None),
    ("1/2 lb ground beef", "ground beef", F(1, 2), "lb", None),
    ("2 lbs potatoes", "potatoes", 2, "lb", None),
    ("4 ounces cheddar", "cheddar", 4, "oz", None),
    ("3 oz. salmon", "salmon", 3, "oz", None),
    ("100 grams tofu", "tofu", 100, "g", None),
    ("2 heaped tbsp peanut butter", "peanut butter", 2, "tbsp", None),
    ("1 level tsp cocoa", "cocoa", 1, "tsp", None),
    ("2 pieces dark chocolate", "dark chocolate", 2, "piece", None),
    ("1 stick of butter", "butter", 1, "stick", None),
    ("2 extra large eggs", "eggs", 2, None, "extra large"),
    ("1 small apple", "apple", 1, None, "small"),
    ("3 jumbo shrimp", "shrimp", 3, None, "jumbo"),
    # British.
    ("2 rashers of bacon", "bacon", 2, "slice", None),
    ("a tin of tuna", "tuna", 1, "can", None),
    ("1 pot of yogurt", "yogurt", 1, "container", None),
    ("1 dessertspoon honey", "honey", 1, "dessertspoon", None),
    ("200 grammes porridge", "porridge", 200, "g", None),
    ("half a pint of milk", "milk", F(1, 2), "pint", None),
    # Times, trailing amounts, punctuation.
    ("eggs x2", "eggs", 2, None, None),
    ("2x eggs", "eggs", 2, None, None),
    ("eggs × 2", "eggs", 2, None, None),
    ("milk, 1 cup", "milk", 1, "cup", None),
    ("oatmeal (1 cup)", "oatmeal", 1, "cup", None),
    ("spinach 2 cups", "spinach", 2, "cup", None),
    ("banana 1", "banana", 1, None, None),
    ("2 cups 2% milk", "2% milk", 2, "cup", None),
]


@pytest.mark.parametrize(("line", "food", "quantity", "unit", "size"), LINES)
def test_parse_line(line, food, quantity, unit, size):
    parsed = parse_line(line)
    assert parsed.problem is None
    assert parsed.food == food
    assert parsed.amount is not None
    assert (parsed.amount.quantity, parsed.amount.unit, parsed.amount.size) == (
        quantity,
        unit,
        size,
    )


@pytest.mark.parametrize(
    "line",
    [
        "banana",
        "large eggs",  # a size only counts after a number: "large" may be part of the food
        "extra large egg",
        "7up",  # digits glued to a word that is no unit
        "2% milk",
        "V8 juice",
        "100% whole wheat bread",
        "some almonds",
        "salmon a",
    ],
)
def test_lines_without_an_amount_are_all_food(line):
    parsed = parse_line(line)
    assert (parsed.amount, parsed.problem) == (None, None)
    assert parsed.food == line.removeprefix("some ")


@pytest.mark.parametrize(
    ("line", "food", "problem"),
    [
        ("0 eggs", "eggs", "more than zero"),
        ("-2 eggs", "eggs", "more than zero"),
        ("1/0 cup rice", "rice", "0 below the line"),
        ("1,000 g rice", "rice", "could mean 1000 or 1.000"),
        ("2,500 g rice", "rice", "could mean 2500 or 2.500"),
        ("5000 cups rice", "rice", "more than 1,000 portions"),
        ("6 kg potatoes", "potatoes", "more than 5 kg"),
        ("200 oz steak", "steak", "more than 5 kg"),
        ("0.0000001 cup milk", "milk", "too small"),
    ],
)
def test_impossible_amounts_are_refused_with_the_quantity_fields_words(line, food, problem):
    parsed = parse_line(line)
    assert parsed.amount is None
    assert parsed.food == food
    assert problem in (parsed.problem or "")


def test_refusals_say_what_the_quantity_field_says():
    for text in ("0", "-1", "1/0", "1,000", "1001"):
        with pytest.raises(QuantityError) as raised:
            parse_quantity(text)
        assert parse_line(f"{text} cups milk").problem == str(raised.value)


# --- Properties -------------------------------------------------------------------------------


@settings(max_examples=300, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_parse_line_never_fails(text):
    parsed = parse_line(text)
    assert isinstance(parsed.food, str)
    assert (parsed.amount is None) or (parsed.problem is None)
    if parsed.amount is not None:
        assert parsed.amount.quantity > 0
    assert len(parsed.food) <= 200


_FOODS = st.sampled_from(
    ["milk", "black beans", "peanut butter", "brown rice", "salmon", "whole wheat bread"]
)
_UNITS = st.sampled_from(
    [
        ("g", "g"),
        ("grams", "g"),
        ("oz", "oz"),
        ("cup", "cup"),
        ("cups", "cup"),
        ("tbsp", "tbsp"),
        ("tablespoons", "tbsp"),
        ("tsp", "tsp"),
        ("slices", "slice"),
        ("pieces", "piece"),
    ]
)
_QUANTITIES = st.fractions(min_value=F(1, 8), max_value=F(20)).map(
    lambda q: F(round(q * 8), 8) or F(1, 8)
)


def _numeral(quantity: Fraction) -> str:
    whole, part = divmod(quantity, 1)
    if not part:
        return str(whole)
    fraction = f"{part.numerator}/{part.denominator}"
    return f"{whole} {fraction}" if whole else fraction


@settings(max_examples=200, derandomize=True)
@given(_QUANTITIES, _UNITS, _FOODS, st.booleans())
def test_amounts_round_trip_leading_and_trailing(quantity, unit, food, trailing):
    word, canonical = unit
    amount = f"{_numeral(quantity)} {word}"
    line = f"{food} {amount}" if trailing else f"{amount} {food}"
    parsed = parse_line(line)
    assert parsed.food == food
    assert parsed.amount is not None
    assert (parsed.amount.quantity, parsed.amount.unit) == (quantity, canonical)


# --- Choosing a portion of one food -----------------------------------------------------------

EGG = read_measures(
    [
        ("1 cup (4.86 large eggs)", Decimal(243)),
        ("1 extra large", Decimal(56)),
        ("1 jumbo", Decimal(63)),
        ("1 large", Decimal(50)),
        ("1 medium", Decimal(44)),
        ("1 small", Decimal(38)),
    ]
)
ALMONDS = read_measures(
    [
        ("1 cup, ground", Decimal(95)),
        ("1 cup, sliced", Decimal(92)),
        ("1 cup, whole", Decimal(143)),
        ("1 oz (23 whole kernels)", Decimal("28.35")),
        ("1 almond", Decimal("1.2")),
    ]
)
BEANS = read_measures([("1 cup", Decimal(172))])
BREAD = read_measures([("1 oz", Decimal("28.35")), ("1 slice", Decimal(28))])
BANANA = read_measures(
    [
        ("1 cup, mashed", Decimal(225)),
        ("1 cup, sliced", Decimal(150)),
        ('1 small (6" to 6-7/8" long)', Decimal(101)),
        ('1 medium (7" to 7-7/8" long)', Decimal(118)),
        ('1 large (8" to 8-7/8" long)', Decimal(136)),
    ]
)
SALMON = read_measures([("0.5 fillet", Decimal(178)), ("3 oz", Decimal(85))])
CHICKEN = read_measures([("1 cup, chopped or diced", Decimal(140)), ("0.5 breast", Decimal(86))])
BEEF = read_measures([])
COFFEE = read_measures([("1 cup (8 fl oz)", Decimal(237)), ("1 fl oz", Decimal("29.6"))])


def _choose(line, measures, default=None):
    parsed = parse_line(line)
    assert parsed.amount is not None, parsed
    return choose_portion(parsed.amount, measures, default=default, line=line)


@pytest.mark.parametrize(
    ("line", "measures", "default", "label", "quantity", "grams"),
    [
        ("2 large eggs", EGG, 3, "1 large", 2, 100),
        ("2 eggs", EGG, 3, "1 large", 2, 100),  # a plain number counts the default piece
        ("a jumbo egg", EGG, 3, "1 jumbo", 1, 63),
        ("1 cup of egg", EGG, 3, "1 cup (4.86 large eggs)", 1, 243),
        ("1 oz almonds", ALMONDS, 3, "1 oz (23 whole kernels)", 1, F("28.35")),
        ("10 almonds", ALMONDS, 3, "1 almond", 10, 12),  # the measure the line names
        ("2 tbsp almonds", ALMONDS, 3, "1 cup, sliced", F(1, 8), F("11.5")),  # not "ground"
        ("2 tbsp ground almonds", ALMONDS, 3, "1 cup, ground", F(1, 8), F("11.875")),
        ("half a cup of black beans", BEANS, 0, "1 cup", F(1, 2), 86),
        ("2 tbsp black beans", BEANS, 0, "1 cup", F(1, 8), F("21.5")),  # 2 tbsp = 1/8 cup
        ("1 tsp black beans", BEANS, 0, "1 cup", F(1, 48), F("172") / 48),
        ("2 slices bread", BREAD, 1, "1 slice", 2, 56),
        ("2 oz bread", BREAD, 1, "1 oz", 2, F("56.7")),  # the food's own "1 oz"
        ("a banana", BANANA, 3, '1 medium (7" to 7-7/8" long)', 1, 118),
        ("1 large banana", BANANA, 3, '1 large (8" to 8-7/8" long)', 1, 136),
        ("1 cup mashed banana", BANANA, 3, "1 cup, mashed", 1, 225),
        ("3 oz salmon", SALMON, 1, "3 oz", 1, 85),  # the "3 oz" measure itself
        ("6 oz salmon", SALMON, 1, "oz", 6, F("170.1")),  # no "1 oz" measure: the app's oz
        ("150 g salmon", SALMON, 1, "g", 150, 150),
        ("1 kg salmon", SALMON, 1, "g", 1000, 1000),
        ("1 lb chicken", CHICKEN, None, "oz", 16, F("453.6")),  # 16 oz of 28.35 g
        ("100 g beef", BEEF, None, "g", 100, 100),
        ("2 coffees", COFFEE, 0, "1 cup (8 fl oz)", 2, 474),  # two of the usual cup
        ("12 fl oz coffee", COFFEE, 0, "1 fl oz", 12, F("355.2")),
        ("1 cup coffee", COFFEE, 0, "1 cup (8 fl oz)", 1, 237),
        # 250 mL is 1.0567 cups: through the cup, to a thousandth of it.
        ("250 ml coffee", COFFEE, 0, "1 cup (8 fl oz)", F("1.057"), F("250.509")),
    ],
)
def test_choose_portion(line, measures, default, label, quantity, grams):
    default_choice = None if default is None else measure_choice(measures[default], F(1))
    choice = _choose(line, measures, default_choice)
    assert isinstance(choice, PortionChoice), choice
    assert (choice.label, choice.quantity, choice.grams) == (label, quantity, grams)


def test_a_missing_size_uses_the_nearest_and_says_so():
    measures = read_measures([("1 large", Decimal(50)), ("1 medium", Decimal(44))])
    choice = _choose("2 extra large eggs", measures)
    assert (choice.label, choice.quantity) == ("1 large", 2)
    assert choice.note == "no extra large measure: logged as large"


@pytest.mark.parametrize(
    ("line", "measures", "reason"),
    [
        ("2 tbsp beef", BEEF, "never turned into grams by guessing"),  # no volume measure
        ("2 slices almonds", ALMONDS, "no “slice” measure"),
        ("a handful of almonds", ALMONDS, "no “handful” measure"),
        ("a pint of milk", BEANS, "no “pint” measure"),  # British or US pint? never guessed
        ("2 beef", BEEF, "no pieces to count"),
    ],
)
def test_no_match_falls_back_to_the_default(line, measures, reason):
    choice = _choose(line, measures)
    assert isinstance(choice, NoPortion)
    assert reason in choice.reason
    assert not choice.refused


def test_amounts_past_the_limits_are_refused_after_conversion():
    # 40 cups of beans: 40 is a fine number, but 6.88 kg is not one entry.
    choice = _choose("40 cups black beans", BEANS)
    assert isinstance(choice, NoPortion) and choice.refused
    assert "more than 5 kg" in choice.reason


@settings(max_examples=200, derandomize=True)
@given(
    st.fractions(min_value=F(1, 16), max_value=F(50)),
    st.sampled_from(["g", "oz", "cup", "tbsp", "tsp", "fl oz", "ml", "slice", "lb", None]),
    st.sampled_from([None, "small", "medium", "large", "extra large"]),
    st.sampled_from([EGG, ALMONDS, BEANS, BREAD, BANANA, SALMON, CHICKEN, BEEF, COFFEE]),
)
def test_choose_portion_never_fails_and_never_guesses_a_density(quantity, unit, size, measures):
    amount = Amount(quantity=quantity, unit=unit, size=size)
    choice = choose_portion(amount, measures)
    if isinstance(choice, NoPortion):
        return
    assert choice.grams == choice.grams_each * choice.quantity
    assert 0 < choice.grams <= 5000
    if unit in ("cup", "tbsp", "tsp", "fl oz"):
        # A volume is always one of the food's own volume measures, converted exactly.
        measure = measures[choice.portion]
        assert measure.volume_tsp is not None
        per_unit = {"cup": 48, "tbsp": 3, "tsp": 1, "fl oz": 6}[unit]
        assert choice.quantity * measure.volume_tsp == quantity * per_unit
    if unit == "g":
        assert (choice.portion, choice.grams) == ("g", quantity)
