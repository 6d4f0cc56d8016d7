"""Quantities, milligrams, storage units, display rounding and day totals."""

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain import reference
from tracker.domain.quick_add import parse_quick_add_mg
from tracker.domain.reference import NIH_ODS, IntakeKind, ReferenceIntake
from tracker.domain.supplements import parse_mg_per_unit
from tracker.domain.totals import (
    DV_ADULT_MG,
    EXCELLENT_SOURCE_MG,
    GOOD_SOURCE_MG,
    MAX_GRAMS_PER_ENTRY,
    MAX_MG_PER_100G,
    MAX_QUANTITY,
    OUNCE_GRAMS,
    SOURCE_CLAIM_SOURCE,
    DayTotals,
    QuantityError,
    amount_with_grams,
    at_least,
    check_grams,
    day_totals,
    display_grams,
    display_mg,
    display_mg_beside,
    display_quantity,
    display_quantity_micro,
    display_row_mg,
    display_total_mg,
    grams_for,
    grams_to_milligrams,
    hundredths_to_percent_dv,
    magnesium_mg_for,
    mg_column,
    mg_from_percent_dv,
    mg_per_100g_from_serving,
    mg_to_ug,
    micro_to_quantity,
    milligrams_to_grams,
    more_than,
    parse_quantity,
    percent_dv_to_hundredths,
    percent_of,
    portion_option_text,
    quantity_to_micro,
    read_decimal,
    source_claim,
    ug_to_mg,
    whole_mg,
)

D = Decimal
THIRD = D(1) / D(3)

# --- parse_quantity -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2", D(2)),
        ("1.5", D("1.5")),
        ("0,5", D("0.5")),
        ("0,500", D("0.5")),
        ("1,50", D("1.5")),
        (".5", D("0.5")),
        (",25", D("0.25")),
        ("2.", D(2)),
        ("  3  ", D(3)),
        ("1/2", D("0.5")),
        ("1 / 4", D("0.25")),
        ("3/2", D("1.5")),
        ("1 1/2", D("1.5")),
        ("2  3/4", D("2.75")),
        ("1½", D("1.5")),
        ("1 ½", D("1.5")),
        ("½", D("0.5")),
        ("¼", D("0.25")),
        ("¾", D("0.75")),
        ("⅓", THIRD),
        ("⅔", D(2) / D(3)),
        ("1⁄2", D("0.5")),  # U+2044 fraction slash
        ("1000", MAX_QUANTITY),
        ("0.000001", D("0.000001")),
    ],
)
def test_parse_quantity_accepts(text, expected):
    assert parse_quantity(text) == expected


def test_parse_quantity_third_keeps_28_digits():
    assert parse_quantity("1/3") == D("0.3333333333333333333333333333")
    assert parse_quantity("1 1/3") == D("1.333333333333333333333333333")


@pytest.mark.parametrize(
    ("text", "message_part"),
    [
        ("", "Enter an amount"),
        ("   ", "Enter an amount"),
        ("abc", "isn't an amount"),
        ("1..5", "isn't an amount"),
        ("1,5,5", "isn't an amount"),
        ("1.5.", "isn't an amount"),
        ("1e3", "isn't an amount"),
        ("NaN", "isn't an amount"),
        ("inf", "isn't an amount"),
        ("1/2/3", "isn't an amount"),
        ("½½", "isn't an amount"),
        ("1 1", "isn't an amount"),
        ("two", "isn't an amount"),
        ("-1", "more than zero"),
        ("-1/2", "more than zero"),
        ("0", "more than zero"),
        ("0.0", "more than zero"),
        ("0/3", "more than zero"),
        ("1/0", "0 below the line"),
        # A thousands separator or a decimal comma? Both are plausible amounts of a food.
        ("1,000", "could mean 1000 or 1.000"),
        ("2,500", "type 2500, or 2.500"),
        ("1 1/0", "0 below the line"),
        ("1001", "more than 1,000"),
        ("1000.01", "more than 1,000"),
        ("2001/2", "more than 1,000"),
        ("0.0000001", "too small"),
        ("1" * 50, "too long"),
    ],
)
def test_parse_quantity_rejects_with_a_clear_message(text, message_part):
    with pytest.raises(QuantityError, match=message_part) as raised:
        parse_quantity(text)
    assert isinstance(raised.value, ValueError)


# --- grams and milligrams -----------------------------------------------------------------------


def test_one_cup_raw_spinach_is_exactly_23_7_mg():
    grams = grams_for(D(30), D(1))
    magnesium_mg = magnesium_mg_for(D(79), grams)
    assert magnesium_mg == D("23.7")
    assert mg_to_ug(magnesium_mg) == 23_700
    assert display_mg(magnesium_mg) == "24"


def test_grams_for_fractions_and_ounces():
    assert grams_for(D(30), D("1.5")) == D(45)
    assert grams_for(OUNCE_GRAMS, D(2)) == D("56.70")
    assert D("28.35") == OUNCE_GRAMS


def test_unknown_magnesium_stays_unknown():
    assert magnesium_mg_for(None, D(100)) is None


def test_magnesium_for_zero_value_food_is_zero_not_unknown():
    assert magnesium_mg_for(D(0), D(100)) == 0


@pytest.mark.parametrize("grams", [D("0.001"), D(1), D("4999.999"), MAX_GRAMS_PER_ENTRY])
def test_check_grams_accepts(grams):
    assert check_grams(grams) == grams


@pytest.mark.parametrize(
    ("grams", "message_part"),
    [
        (D("5000.001"), "more than 5 kg of one food"),
        (D(10_000), "more than 5 kg of one food"),
        (D(0), "more than zero"),
        (D(-1), "more than zero"),
        (D("0.0001"), "too small"),
    ],
)
def test_check_grams_rejects(grams, message_part):
    with pytest.raises(QuantityError, match=message_part):
        check_grams(grams)


@pytest.mark.parametrize("func", [mg_to_ug, grams_to_milligrams, quantity_to_micro, whole_mg])
def test_floats_are_refused(func):
    with pytest.raises(TypeError):
        func(1.5)


# --- storage micro-units ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mg", "ug"),
    [
        (D("23.7"), 23_700),
        (D("0.001"), 1),
        (D("0.0005"), 1),  # half up
        (D("0.0025"), 3),  # half up, not half even
        (D("0.00049"), 0),
        (D("1234.5675"), 1_234_568),
        (D(0), 0),
        (THIRD, 333),
    ],
)
def test_mg_to_ug(mg, ug):
    assert mg_to_ug(mg) == ug


@pytest.mark.parametrize("mg", [D("23.7"), D("0.001"), D("1234.567"), D(0), D(420)])
def test_mg_round_trip(mg):
    assert ug_to_mg(mg_to_ug(mg)) == mg


@pytest.mark.parametrize("ug", [0, 1, 999, 23_700, 10**15])
def test_ug_round_trip(ug):
    assert mg_to_ug(ug_to_mg(ug)) == ug


@pytest.mark.parametrize(
    ("grams", "milligrams"),
    [(D("28.35"), 28_350), (D(30), 30_000), (D("0.0015"), 2), (D(5000), 5_000_000)],
)
def test_food_weight_storage(grams, milligrams):
    assert grams_to_milligrams(grams) == milligrams
    assert milligrams_to_grams(milligrams) == grams.quantize(D("0.001"))


@pytest.mark.parametrize(
    ("quantity", "micro"),
    [(D("0.5"), 500_000), (THIRD, 333_333), (D(2) / D(3), 666_667), (D(1000), 10**9)],
)
def test_quantity_storage(quantity, micro):
    assert quantity_to_micro(quantity) == micro
    assert quantity_to_micro(micro_to_quantity(micro)) == micro


def test_micro_to_quantity_is_exact():
    assert micro_to_quantity(333_333) == D("0.333333")
    assert milligrams_to_grams(23_700) == D("23.7")


# --- display rounding ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mg", "shown", "whole"),
    [
        (None, "unknown", None),
        (D(0), "0", 0),
        (D("0.49"), "0", 0),
        (D("0.5"), "1", 1),
        (D("1.5"), "2", 2),
        (D("2.5"), "3", 3),  # half up, not banker's rounding
        (D("23.7"), "24", 24),
        (D("349.5"), "350", 350),
        (D("1234.4"), "1,234", 1234),
        (D("1234.5"), "1,235", 1235),
        (D("1000000"), "1,000,000", 1_000_000),
    ],
)
def test_display_mg(mg, shown, whole):
    assert display_mg(mg) == shown
    if mg is not None:
        assert whole_mg(mg) == whole


@pytest.mark.parametrize(
    ("grams", "shown"),
    [
        (D("23.7"), "23.7"),
        (D(30), "30"),
        (D("30.0"), "30"),
        (D("30.04"), "30"),
        (D("28.35"), "28.4"),
        (D("2.25"), "2.3"),
        (D("0.05"), "0.1"),
        (D(1250), "1,250"),
        (D("1250.55"), "1,250.6"),
    ],
)
def test_display_grams(grams, shown):
    assert display_grams(grams) == shown


@pytest.mark.parametrize(
    ("quantity", "shown"),
    [
        (D("0.5"), "0.5"),
        (THIRD, "0.33"),
        (D(2) / D(3), "0.67"),
        (D(2), "2"),
        (D("1.50"), "1.5"),
        (D("1.005"), "1.01"),
        (D("1.25"), "1.25"),
        (D("0.001"), "<0.01"),
        (D(1000), "1,000"),
    ],
)
def test_display_quantity(quantity, shown):
    assert display_quantity(quantity) == shown


@settings(max_examples=300)
@given(
    st.one_of(
        st.integers(min_value=-(10**7), max_value=10**13),
        st.sampled_from([0, 1, 4_999, 5_000, 9_999, 10_000, 994_999, 995_000, 1_005_000]),
    )
)
def test_display_quantity_of_stored_micro_units_is_display_quantity(micro):
    # The exports' integer twin: the same text, rounding included, for every stored value.
    assert display_quantity_micro(micro) == display_quantity(micro_to_quantity(micro))


@pytest.mark.parametrize(
    ("mg", "reference_mg", "expected"),
    [
        (D(210), 420, 50),
        (D("2.1"), 420, 1),  # 0.5% rounds half up
        (D("2.09"), 420, 0),
        (D(420), 420, 100),
        (D(630), 420, 150),
        (D(100), 0, None),
        (D(100), None, None),
        (None, 420, None),
        (D(0), 420, 0),
    ],
)
def test_percent_of(mg, reference_mg, expected):
    assert percent_of(mg, reference_mg) == expected


# --- day totals ---------------------------------------------------------------------------------


def test_day_totals_counts_unknown_food_without_adding_it():
    totals = day_totals([D(10), None, D("2.5"), None], [D(100), D("0.5")])
    assert totals == DayTotals(
        food_mg=D("12.5"),
        supplemental_mg=D("100.5"),
        total_mg=D(113),
        unknown_food_entries=2,
    )
    assert totals.has_unknown_food


def test_day_totals_of_an_empty_day():
    totals = day_totals([], [])
    assert (totals.food_mg, totals.supplemental_mg, totals.total_mg) == (0, 0, 0)
    assert totals.unknown_food_entries == 0
    assert not totals.has_unknown_food


def test_day_totals_accepts_generators():
    totals = day_totals((D(x) for x in (1, 2)), iter([D(3)]))
    assert totals.total_mg == 6


def test_supplemental_magnesium_is_never_unknown():
    with pytest.raises(TypeError):
        day_totals([], [None])


def test_percent_of_reference():
    intake = ReferenceIntake(mg=320, kind=IntakeKind.RDA, group_label="Women 31–50", source=NIH_ODS)
    assert day_totals([D("12.5")], [D(100)]).percent_of_reference(intake) == 35  # 35.16%
    assert day_totals([D(160)], []).percent_of_reference(intake) == 50


# --- custom foods from a label and source claims ------------------------------------------------


def test_dv_adult_comes_from_reference():
    assert DV_ADULT_MG is reference.DV_ADULT_MG
    assert DV_ADULT_MG == 420


@pytest.mark.parametrize(
    ("percent", "mg"),
    [(D(20), D(84)), (D(10), D(42)), (D(100), D(420)), (D("2.5"), D("10.5")), (D(0), D(0))],
)
def test_mg_from_percent_dv(percent, mg):
    assert mg_from_percent_dv(percent) == mg


@pytest.mark.parametrize(
    ("percent", "hundredths"),
    [(D("12.25"), 1225), (D("0.05"), 5), (D("12.255"), 1226), (D("12.245"), 1225), (D(15), 1500)],
)
def test_percent_dv_is_stored_in_hundredths_half_up(percent, hundredths):
    assert percent_dv_to_hundredths(percent) == hundredths
    stored = hundredths_to_percent_dv(hundredths)
    # Stored once, the same again: the percent as stored converts back to itself.
    assert percent_dv_to_hundredths(stored) == hundredths
    assert mg_from_percent_dv(stored) == stored * 420 / 100


def test_mg_from_percent_dv_rejects_negative():
    with pytest.raises(QuantityError):
        mg_from_percent_dv(D(-1))


def test_mg_per_100g_from_serving():
    assert mg_per_100g_from_serving(D(84), D(28)) == D(300)
    assert mg_per_100g_from_serving(D(10), D(30)) == D(100) / D(3)


@pytest.mark.parametrize(("mg", "grams"), [(D(10), D(0)), (D(10), D(-5)), (D(-1), D(30))])
def test_mg_per_100g_from_serving_rejects(mg, grams):
    with pytest.raises(QuantityError):
        mg_per_100g_from_serving(mg, grams)


@pytest.mark.parametrize(
    ("mg", "grams", "allowed"),
    [
        (D(5000), D("0.1"), False),  # the reviewer's food: 5,000 mg in a 0.1 g serving
        (D(100), D("0.1"), True),  # pure magnesium: 100 mg in 0.1 g
        (D("100.001"), D("0.1"), False),
        (D(5000), D(5), True),
        (D("5000.001"), D(5), False),
    ],
)
def test_no_serving_holds_more_magnesium_than_it_weighs(mg, grams, allowed):
    if allowed:
        assert mg_per_100g_from_serving(mg, grams) <= MAX_MG_PER_100G
    else:
        with pytest.raises(QuantityError, match="can hold at most"):
            mg_per_100g_from_serving(mg, grams)


@pytest.mark.parametrize(
    ("mg", "claim"),
    [
        (D(200), "excellent"),
        (D(84), "excellent"),
        (D("83.99"), "good"),
        (D("83.5"), "good"),
        (D(42), "good"),
        (D("41.99"), None),
        (D(0), None),
        (None, None),
    ],
)
def test_source_claim(mg, claim):
    assert source_claim(mg) == claim


def test_source_claim_thresholds_come_from_the_dv():
    assert (D(84), D(42)) == (EXCELLENT_SOURCE_MG, GOOD_SOURCE_MG)
    assert SOURCE_CLAIM_SOURCE is reference.FDA_DV


# --- A figure beside a verdict: never contradicting it ------------------------------------------

CLAIMS = [at_least(GOOD_SOURCE_MG), at_least(EXCELLENT_SOURCE_MG)]
UPPER_LIMIT = [more_than(350)]


@pytest.mark.parametrize(
    ("mg", "thresholds", "shown"),
    [
        # Claims (42 mg good, 84 mg excellent): reaching the level counts.
        (D("41.99"), CLAIMS, "41.99"),  # passion-fruit juice: not "42" beside no mark
        (D("41.999"), CLAIMS, "41.999"),
        (D("41.5"), CLAIMS, "41.5"),  # whole mg would round up to 42
        (D("41.4"), CLAIMS, "41"),
        (D("42"), CLAIMS, "42"),
        (D("42.4"), CLAIMS, "42"),
        (D("83.96"), CLAIMS, "83.96"),
        (D("84"), CLAIMS, "84"),
        (D("1234.4"), CLAIMS, "1,234"),
        (D(0), CLAIMS, "0"),
        # The upper limit (350 mg): only more than it is over.
        (D("350.4"), UPPER_LIMIT, "350.4"),  # not "350, above the limit of 350"
        (D("350.04"), UPPER_LIMIT, "350.04"),
        (D("350.001"), UPPER_LIMIT, "350.001"),
        (D("350.0004"), UPPER_LIMIT, "350.001"),  # finer than a microgram: rounded away
        (D("350"), UPPER_LIMIT, "350"),
        (D("349.6"), UPPER_LIMIT, "350"),  # "350, not above 350": no contradiction
        (D("349.9996"), UPPER_LIMIT, "350"),
        (D("351"), UPPER_LIMIT, "351"),
        (D("2000.5"), UPPER_LIMIT, "2,001"),
        (D("41.99"), [], "42"),  # no verdict beside it: plain whole milligrams
    ],
)
def test_display_mg_beside_a_verdict(mg, thresholds, shown):
    assert display_mg_beside(mg, thresholds) == shown
    # The shown figure is on the same side of every line as the exact one.
    value = D(shown.replace(",", ""))
    assert [t.reached(value) for t in thresholds] == [t.reached(mg) for t in thresholds]


WOMEN_51 = ReferenceIntake(mg=320, kind=IntakeKind.RDA, group_label="Women 51+", source=NIH_ODS)


@pytest.mark.parametrize(
    ("total", "parts", "shown"),
    [
        # 350.4 mg of supplements and no food: the total is "350.4" beside it, never "350".
        (D("350.4"), ["350.4"], "350.4"),
        (D("374.1"), ["350.4"], "374.1"),
        (D("350.45"), ["350.5"], "350.5"),  # half up, as the part is rounded
        (D("350.4"), ["350"], "350"),
        (D("350.4"), [], "350"),
        # The reference verdict may want more decimals than the part: it keeps them.
        (D("319.96"), ["100.5"], "319.96"),
        (D("1234.4"), ["1,000.5"], "1,234.4"),
    ],
)
def test_a_total_has_the_decimals_of_its_parts(total, parts, shown):
    assert display_total_mg(total, WOMEN_51, parts) == shown


@given(st.decimals(min_value=0, max_value=10_000, places=6, allow_nan=False))
@settings(max_examples=300, derandomize=True)
def test_display_mg_beside_never_contradicts(mg):
    for thresholds in (CLAIMS, UPPER_LIMIT):
        value = D(display_mg_beside(mg, thresholds).replace(",", ""))
        assert [t.reached(value) for t in thresholds] == [t.reached(mg) for t in thresholds]
        assert abs(value - mg) <= D("0.5")


# --- one rule for every number typed ------------------------------------------------------------

NUMBER_READERS = {
    "quantity": parse_quantity,
    "quick add mg": parse_quick_add_mg,
    "mg per unit": parse_mg_per_unit,
}


@pytest.mark.parametrize("reader", NUMBER_READERS.values(), ids=NUMBER_READERS.keys())
@pytest.mark.parametrize(
    ("text", "message_part"),
    [
        # A thousands separator, or a decimal comma? Never guessed: 1,000 mg is not 1 mg.
        ("1,000", "could mean 1000 or 1.000: type 1000, or 1.000"),
        ("2,500", "could mean 2500 or 2.500"),
        ("1,000.5", "without the thousands separator: 1000.5"),
        ("1,000,000", "without the thousands separator: 1000000"),
    ],
)
def test_every_number_reader_refuses_a_thousands_separator(reader, text, message_part):
    with pytest.raises(QuantityError, match=re.escape(message_part)):
        reader(text)


@pytest.mark.parametrize("reader", NUMBER_READERS.values(), ids=NUMBER_READERS.keys())
@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12,5", D("12.5")),
        ("0,500", D("0.5")),
        ("1.000", D(1)),
        ("1000", D(1000)),
        (",5", D("0.5")),
    ],
)
def test_every_number_reader_reads_a_decimal_comma_and_point_alike(reader, text, number):
    assert reader(text) == number


@pytest.mark.parametrize(
    ("text", "number"),
    [("85", D(85)), (" 62,5 ", D("62.5")), (".5", D("0.5")), ("2.", D(2)), ("0", D(0))],
)
def test_read_decimal(text, number):
    assert read_decimal(text) == number


@pytest.mark.parametrize(
    "text", ["", "-1", "+1", "1e3", "NaN", "inf", "٣", "1..5", "1,5,5", "1 000"]
)
def test_read_decimal_is_none_for_anything_else(text):
    assert read_decimal(text) is None


# --- logged items' figures, and the sums beside them (issue 11) ------------------------------


@pytest.mark.parametrize(
    ("mg", "shown"),
    [
        (None, "unknown"),
        (Decimal(0), "0"),
        (Decimal("0.04"), "<0.1"),
        (Decimal("0.05"), "0.1"),
        (Decimal("0.44"), "0.4"),
        (Decimal("6.25"), "6.3"),
        (Decimal("9.949"), "9.9"),
        (Decimal("9.95"), "10"),  # ten tenths is ten: whole milligrams from there
        (Decimal("23.7"), "24"),
        (Decimal("1234.5"), "1,235"),
    ],
)
def test_display_row_mg(mg, shown):
    assert display_row_mg(mg) == shown


def test_mg_column_rows_subtotals_and_total():
    column = mg_column(
        [
            [Decimal("63.18"), Decimal("6.2"), None],  # breakfast: 69.38
            [Decimal("0.4"), Decimal("0.4"), Decimal("0.4")],  # a snack of trace foods: 1.2
        ]
    )
    assert column.rows == (("63", "6.2", "unknown"), ("0.4", "0.4", "0.4"))
    assert column.groups == ("69", "1.2")
    assert column.total == "71"  # 70.58
    assert column.total_mg == Decimal("70.58")
    # 63 + 6.2 = 69.2 -> 69 and 69 + 1.2 = 70.2 -> 70, not 71: the page says why.
    assert column.rounded_apart


def test_mg_column_that_adds_up_has_no_note():
    column = mg_column([[Decimal("24"), Decimal("76")], [Decimal("2.5")]])
    assert column.groups == ("100", "2.5")
    assert column.total == "103"  # 102.5 half up; the shown 100 + 2.5 also rounds to 103
    assert not column.rounded_apart
    assert mg_column([]).total == "0"
    assert not mg_column([]).rounded_apart


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.decimals(min_value=0, max_value=2000, places=3, allow_nan=False), max_size=6),
        max_size=5,
    )
)
def test_mg_column_note_whenever_shown_figures_disagree(groups):
    """Property: without the note, the rows as shown add up to their subtotal as shown, and
    the subtotals to the total: a person adding the page up never finds a contradiction."""
    column = mg_column(groups)

    def value(text: str) -> Decimal:
        return Decimal(0) if text == "<0.1" else Decimal(text.replace(",", ""))

    if not column.rounded_apart:
        for rows, subtotal in zip(column.rows, column.groups, strict=True):
            places = Decimal("0.1") if "." in subtotal else Decimal(1)
            added = sum((value(t) for t in rows), Decimal(0))
            assert added.quantize(places, rounding="ROUND_HALF_UP") == value(subtotal)
        shown = sum((value(t) for t in column.groups), Decimal(0))
        assert shown.quantize(Decimal(1), rounding="ROUND_HALF_UP") == value(column.total)


@pytest.mark.parametrize(
    ("quantity", "label", "grams", "text"),
    [
        (Decimal(1), "1 large", Decimal(50), "1 large (50 g)"),
        (Decimal(2), "1 large", Decimal(100), "2 × 1 large (100 g)"),
        (Decimal(150), "g", Decimal(150), "150 g"),
        (Decimal(6), "oz", Decimal("170.1"), "6 oz (170.1 g)"),
        (Decimal(1), "1 cup (8 fl oz)", Decimal(244), "1 cup (8 fl oz, 244 g)"),
        (Decimal(2), "1 cup (8 fl oz)", Decimal(488), "2 × 1 cup (8 fl oz) = 488 g"),
        (Decimal(1), "1 serving (30 g)", Decimal(30), "1 serving (30 g)"),
        (Decimal("0.5"), "1 cup", Decimal("86"), "0.5 × 1 cup (86 g)"),
    ],
)
def test_amount_with_grams(quantity, label, grams, text):
    assert amount_with_grams(quantity, label, grams) == text


@pytest.mark.parametrize(
    ("label", "grams", "text"),
    [
        ("g", Decimal(1), "grams"),
        ("oz", Decimal("28.35"), "oz (28.4 g)"),
        ("1 large", Decimal(50), "1 large (50 g)"),
        ("1 oz (23 whole kernels)", Decimal("28.35"), "1 oz (23 whole kernels, 28.4 g)"),
        ("1 bar (1.5 oz = 42 g)", Decimal(42), "1 bar (1.5 oz = 42 g)"),
    ],
)
def test_portion_option_text(label, grams, text):
    assert portion_option_text(label, grams) == text
