"""Magnesium arithmetic: amounts, day totals, storage units and the one place that rounds.

Milligrams are exact `Decimal`s from the food value to the stored entry. Storage converts to
integer micro-units (so an SQL SUM is exact); display rounds. Nothing else rounds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal, localcontext
from fractions import Fraction
from typing import Literal

from tracker.domain.reference import DV_ADULT_MG, FDA_DV, ReferenceIntake, UpperLimit
from tracker.formatting import exact_text

# 28 significant digits: 1/3 of a portion keeps far more precision than storage (millionths).
_CONTEXT = Context(prec=28)

MAX_QUANTITY = Decimal(1000)
MAX_GRAMS_PER_ENTRY = Decimal(5000)
# The avoirdupois ounce is 28.349523125 g; two decimals are far finer than any food scale.
OUNCE_GRAMS = Decimal("28.35")
MAX_QUANTITY_TEXT_LENGTH = 40


class QuantityError(ValueError):
    """A quantity or weight a user typed that can't be used; the message is user-facing."""


def _as_decimal(value: Decimal | int) -> Decimal:
    # Floats would smuggle binary rounding errors into exact milligrams, so refuse them.
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"expected Decimal or int, got {type(value).__name__}")
    return Decimal(value)


# --- Parsing quantities -------------------------------------------------------------------------

_UNICODE_FRACTIONS: dict[str, tuple[int, int]] = {
    "½": (1, 2),
    "⅓": (1, 3),
    "⅔": (2, 3),
    "¼": (1, 4),
    "¾": (3, 4),
    "⅕": (1, 5),
    "⅖": (2, 5),
    "⅗": (3, 5),
    "⅘": (4, 5),
    "⅙": (1, 6),
    "⅚": (5, 6),
    "⅛": (1, 8),
    "⅜": (3, 8),
    "⅝": (5, 8),
    "⅞": (7, 8),
}
_FRACTION_CHARS = "".join(_UNICODE_FRACTIONS)

# ASCII digits only: Decimal would also accept other scripts' digits, which nobody types here.
_FRACTION_RE = re.compile(r"(?:(?P<whole>[0-9]+)\s+)?(?P<num>[0-9]+)\s*/\s*(?P<den>[0-9]+)")
_UNICODE_FRACTION_RE = re.compile(rf"(?:(?P<whole>[0-9]+)\s*)?(?P<frac>[{_FRACTION_CHARS}])")

_EXAMPLES = "Try 1, 0.5, 1/2 or 1 1/2."


def _fraction(whole: str | None, numerator: int, denominator: int) -> Fraction:
    if denominator == 0:
        raise QuantityError("A fraction can't have 0 below the line. " + _EXAMPLES)
    return int(whole or 0) + Fraction(numerator, denominator)


# How every number a person types is read (a quantity, milligrams, grams, a % Daily Value):
# ASCII digits with "." or "," as the decimal mark; no sign, exponent or thousands separator.
# "1,500" is 1500 to some people and 1.5 to others, and both are plausible amounts: refused,
# never guessed (read as 1.5 it would make 1,000 mg of a supplement 1 mg). The app itself
# writes numbers with a "." and no separator, so what it shows can always be typed back.
_PLAIN_DECIMAL_RE = re.compile(r"[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+")
_GROUPED_RE = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]*)?")


def read_decimal(text: str) -> Decimal | None:
    """A number as people type it ("85", "62.5", "62,5", ".5"), exact; None when the text is
    not a plain decimal number. QuantityError for a thousands separator: "1,000" could mean
    1000 or 1.000, and "1,000.5" says which number to type."""
    cleaned = text.strip()
    if _GROUPED_RE.fullmatch(cleaned):
        plain = cleaned.replace(",", "")
        if cleaned.count(",") == 1 and "." not in cleaned:
            decimal = cleaned.replace(",", ".")
            raise QuantityError(
                f"“{cleaned}” could mean {plain} or {decimal}: type {plain}, or {decimal}."
            )
        raise QuantityError(f"Type “{cleaned}” without the thousands separator: {plain}.")
    if _PLAIN_DECIMAL_RE.fullmatch(cleaned):
        return Decimal(cleaned.replace(",", "."))
    return None


def read_mg_text(text: str | None) -> tuple[str, Decimal | None]:
    """Milligrams typed with or without "mg" ("85", "62,5 mg"): the text without the unit,
    and its number (None when it is not one; QuantityError as read_decimal)."""
    cleaned = (text or "").strip()
    if cleaned.lower().endswith("mg"):
        cleaned = cleaned[:-2].strip()
    if not cleaned or cleaned.startswith("-"):
        return cleaned, None
    return cleaned, read_decimal(cleaned)


def read_exact_quantity(text: str) -> Fraction:
    """Read "2", "1.5", "0,5", "1/2", "1 1/2" or "1½" as an exact fraction, or raise QuantityError.

    Only the reading: parse_quantity adds the limits. "1,500" is refused as ambiguous.
    """
    cleaned = text.strip() if text else ""
    if not cleaned:
        raise QuantityError("Enter an amount. " + _EXAMPLES)
    if len(cleaned) > MAX_QUANTITY_TEXT_LENGTH:
        raise QuantityError("That amount is too long to read. " + _EXAMPLES)
    if cleaned.startswith("-"):
        raise QuantityError("The amount must be more than zero.")
    number = read_decimal(cleaned)
    if number is not None:
        return Fraction(number)
    # "⁄" is the Unicode fraction slash.
    normalised = cleaned.replace("⁄", "/")
    if match := _FRACTION_RE.fullmatch(normalised):
        return _fraction(match["whole"], int(match["num"]), int(match["den"]))
    if match := _UNICODE_FRACTION_RE.fullmatch(normalised):
        numerator, denominator = _UNICODE_FRACTIONS[match["frac"]]
        return _fraction(match["whole"], numerator, denominator)
    raise QuantityError(f"“{cleaned}” isn't an amount we can read. " + _EXAMPLES)


def check_quantity(quantity: Decimal, max_quantity: Decimal = MAX_QUANTITY) -> Decimal:
    """Return a number of portions unchanged, or raise QuantityError: not above 0, too many."""
    if quantity <= 0:
        raise QuantityError("The amount must be more than zero.")
    if quantity > max_quantity:
        raise QuantityError(
            f"That is more than {max_quantity:,} portions. Check the amount, or split it into "
            "separate entries."
        )
    if quantity_to_micro(quantity) == 0:
        # It would be stored as zero; better to say so than to save an empty entry.
        raise QuantityError("That amount is too small to record.")
    return quantity


def fraction_to_decimal(value: Fraction) -> Decimal:
    """An exact fraction as a Decimal (28 significant digits, as every quantity here)."""
    with localcontext(_CONTEXT):
        return Decimal(value.numerator) / Decimal(value.denominator)


def parse_quantity(text: str, max_quantity: Decimal = MAX_QUANTITY) -> Decimal:
    """Read an amount of portions such as "2", "1.5", "0,5", "1/2", "1 1/2" or "1½".

    max_quantity is raised by callers whose unit is small (grams), where the weight limit
    (check_grams) is the one that matters.
    """
    return check_quantity(fraction_to_decimal(read_exact_quantity(text)), max_quantity)


# --- Weights and milligrams ---------------------------------------------------------------------


def grams_for(portion_grams: Decimal, quantity: Decimal) -> Decimal:
    """Grams eaten: the portion's weight times the number of portions."""
    with localcontext(_CONTEXT):
        return _as_decimal(portion_grams) * _as_decimal(quantity)


def check_grams(grams: Decimal) -> Decimal:
    """Return grams unchanged, or raise QuantityError when not above 0 or over 5 kg."""
    grams = _as_decimal(grams)
    if grams <= 0:
        raise QuantityError("The weight must be more than zero.")
    if grams > MAX_GRAMS_PER_ENTRY:
        raise QuantityError(
            "That is more than 5 kg of one food. Check the amount and unit, or split it into "
            "separate entries."
        )
    if grams_to_milligrams(grams) == 0:
        raise QuantityError("That weight is too small to record.")
    return grams


def magnesium_mg_for(mg_per_100g: Decimal | None, grams: Decimal) -> Decimal | None:
    """Magnesium in an amount of food; None (unknown) stays None and never becomes 0."""
    if mg_per_100g is None:
        return None
    with localcontext(_CONTEXT):
        return _as_decimal(mg_per_100g) * _as_decimal(grams) / 100


# --- Storage in integer micro-units -------------------------------------------------------------
# The database stores integers so sums are exact. These conversions are the only rounding
# before display: half up, to the whole stored unit (ug, mg of weight, millionth of a portion,
# hundredth of a percent). Whatever is computed from a stored value is computed from the value
# as stored, so saving it again unchanged changes nothing.

_ONE = Decimal(1)


def _to_units(value: Decimal | int, per_one: int) -> int:
    with localcontext(_CONTEXT):
        return int((_as_decimal(value) * per_one).quantize(_ONE, rounding=ROUND_HALF_UP))


def _to_thousandths(value: Decimal | int) -> int:
    return _to_units(value, 1000)


def mg_to_ug(mg: Decimal) -> int:
    """Milligrams of magnesium to whole micrograms for storage (half up)."""
    return _to_thousandths(mg)


def ug_to_mg(ug: int) -> Decimal:
    """Stored micrograms back to exact milligrams."""
    return Decimal(int(ug)).scaleb(-3)


def grams_to_milligrams(grams: Decimal) -> int:
    """Grams of food to whole milligrams of weight for storage (half up)."""
    return _to_thousandths(grams)


def milligrams_to_grams(milligrams: int) -> Decimal:
    """Stored milligrams of food weight back to exact grams."""
    return Decimal(int(milligrams)).scaleb(-3)


def quantity_to_micro(quantity: Decimal) -> int:
    """A number of portions to whole millionths for storage (half up)."""
    return _to_units(quantity, 1_000_000)


def micro_to_quantity(micro: int) -> Decimal:
    """Stored millionths of a portion back to an exact quantity."""
    return Decimal(int(micro)).scaleb(-6)


# --- Display: the one place that rounds for people ----------------------------------------------

_TENTH = Decimal("0.1")
_HUNDREDTH = Decimal("0.01")


def whole_mg(mg: Decimal) -> int:
    """Milligrams rounded to a whole number, half up (23.5 -> 24)."""
    with localcontext(_CONTEXT):
        return int(_as_decimal(mg).quantize(_ONE, rounding=ROUND_HALF_UP))


def display_mg(mg: Decimal | None) -> str:
    """Whole milligrams with a thousands separator ("1,234"), or "unknown" for None."""
    if mg is None:
        return "unknown"
    return f"{whole_mg(mg):,}"


@dataclass(frozen=True)
class Threshold:
    """A line a figure is judged against: "at least 42 mg" or "more than 350 mg"."""

    mg: Decimal
    # True: reaching the line counts ("good source" from 42 mg). False: only going past it
    # does (the upper limit: 350 mg is not over 350 mg).
    inclusive: bool

    def reached(self, mg: Decimal) -> bool:
        """True when `mg` is on the far side of the line (or on it, when inclusive)."""
        return mg >= self.mg if self.inclusive else mg > self.mg


def at_least(mg: Decimal | int) -> Threshold:
    """A threshold reached at the figure itself: the claim levels (42 mg is a good source)."""
    return Threshold(_as_decimal(mg), inclusive=True)


def more_than(mg: Decimal | int) -> Threshold:
    """A threshold passed only above the figure: the upper limit (350.0 mg is not over 350)."""
    return Threshold(_as_decimal(mg), inclusive=False)


_MAX_VERDICT_PLACES = 3  # micrograms: every stored figure is exact at three decimals


def display_mg_beside(mg: Decimal, thresholds: Iterable[Threshold]) -> str:
    """Milligrams shown next to a verdict on them, never contradicting it.

    Whole milligrams as display_mg shows them, unless rounding would put the shown figure on
    the other side of a threshold than the exact one (41.99 mg shown as "42" beside "not a
    good source"; 350.4 mg shown as "350" beside "over the limit of 350 mg"). Then one more
    decimal at a time, up to three ("41.99", "350.4"); past that, the figure is rounded away
    from the line it must not seem to cross.
    """
    return _display_beside(_as_decimal(mg), list(thresholds))


def _display_beside(value: Decimal, lines: list[Threshold], min_places: int = 0) -> str:
    verdicts = [line.reached(value) for line in lines]
    for places in range(min(min_places, _MAX_VERDICT_PLACES), _MAX_VERDICT_PLACES + 1):
        shown = _round_places(value, places, ROUND_HALF_UP)
        if [line.reached(shown) for line in lines] == verdicts:
            return _format_places(shown, places)
    # Only a figure finer than micrograms gets here: round toward its own side of every line.
    places = _MAX_VERDICT_PLACES
    shown = _round_places(value, places, ROUND_HALF_UP)
    for line, verdict in zip(lines, verdicts, strict=True):
        if line.reached(shown) != verdict:
            shown = _round_places(value, places, ROUND_CEILING if verdict else ROUND_FLOOR)
    return _format_places(shown, places)


def _round_places(mg: Decimal, places: int, rounding: str) -> Decimal:
    with localcontext(_CONTEXT):
        return mg.quantize(Decimal(1).scaleb(-places), rounding=rounding)


def _format_places(mg: Decimal, places: int) -> str:
    return f"{mg:,.{places}f}"


# --- The verdicts a day's figures sit beside ----------------------------------------------------
# Every page, the report, the PDF and the CSV show a day's total next to "at or above the
# reference intake" and its supplemental magnesium next to "over the upper limit": these are
# the one rule for both the verdict and the figure shown with it.


def upper_limit_line(limit: UpperLimit) -> list[Threshold]:
    """The upper limit as a line to judge by: passed only above it; none under 12 months."""
    return [] if limit.mg is None else [more_than(limit.mg)]


def is_over_upper_limit(supplemental_mg: Decimal, limit: UpperLimit) -> bool:
    """True when supplemental magnesium is strictly above the UL (350 is fine, 350.01 is over)."""
    return any(line.reached(supplemental_mg) for line in upper_limit_line(limit))


def display_supplemental_mg(supplemental_mg: Decimal | None, limit: UpperLimit) -> str:
    """A day's supplemental mg as shown beside its upper-limit verdict ("350", "350.4")."""
    if supplemental_mg is None:
        return display_mg(None)
    return display_mg_beside(supplemental_mg, upper_limit_line(limit))


def reaches_reference(total_mg: Decimal | None, reference: ReferenceIntake) -> bool:
    """True when a total (food + supplemental) is at or above the reference intake."""
    return total_mg is not None and at_least(reference.mg).reached(_as_decimal(total_mg))


def display_total_mg(
    total_mg: Decimal | None, reference: ReferenceIntake, parts_shown: Iterable[str] = ()
) -> str:
    """A total as shown beside "at or above the reference" (319.6 of 320 is "319.6", not 320).

    `parts_shown` are its parts as shown beside it: the total has at least as many decimals as
    any of them, so 350.4 mg of supplements never sits in a total shown as "350".
    """
    if total_mg is None:
        return display_mg(None)
    places = max((_decimal_places(part) for part in parts_shown), default=0)
    return _display_beside(_as_decimal(total_mg), [at_least(reference.mg)], places)


def _decimal_places(shown: str) -> int:
    _whole, point, decimals = shown.partition(".")
    return len(decimals) if point else 0


_HUNDRED = Decimal(100)


def display_percent_of_reference(total_mg: Decimal | None, reference: ReferenceIntake) -> str:
    """The total as a percent of the reference, never "100" for a total below it ("99.9")."""
    if total_mg is None or not reference.mg:
        return ""
    with localcontext(_CONTEXT):
        exact = _as_decimal(total_mg) * _HUNDRED / reference.mg
    return _display_beside(exact, [at_least(_HUNDRED)])


# --- Figures of logged items, and the sums beside them -----------------------------------------
# One logged item (a row, a suggestion, a confirmation) shows tenths below 10 mg: rows of a few
# mg each then add up, as shown, to the total shown beside them far more often than whole
# milligrams would (three rows of 0.4 mg shown as "0" beside a total of "1"). Where the shown
# figures still would not add up to the shown total, the page says why (MgColumn).

_TEN = Decimal(10)
_LESS_THAN_A_TENTH = "<0.1"


def _shown_row_mg(mg: Decimal) -> tuple[Decimal, int]:
    """The figure a row shows and its decimal places: tenths below 10 mg, whole from there."""
    with localcontext(_CONTEXT):
        tenths = _as_decimal(mg).quantize(_TENTH, rounding=ROUND_HALF_UP)
        if tenths < _TEN:
            return tenths, 1
        return _as_decimal(mg).quantize(_ONE, rounding=ROUND_HALF_UP), 0


def display_row_mg(mg: Decimal | None) -> str:
    """One logged item's milligrams: "0.4", "6.2", "23", "1,234"; "unknown" for None.

    Tenths below 10 mg ("<0.1" for a trace), whole milligrams from 10 mg on.
    """
    if mg is None:
        return "unknown"
    mg = _as_decimal(mg)
    if mg == 0:
        return "0"
    shown, places = _shown_row_mg(mg)
    if shown == 0:
        return _LESS_THAN_A_TENTH
    return _format_places(shown, places)


@dataclass(frozen=True)
class MgColumn:
    """A column of logged items' milligrams in groups (meals), with subtotals and a total.

    rows and groups follow the input's order; the total is in whole milligrams, as the day's
    figures are. `rounded_apart` is True when some shown figures do not add up to the shown
    figure beside them (rows to their group's subtotal, subtotals to the total): the page
    then says that each figure is rounded on its own and the sums add the exact amounts.
    """

    rows: tuple[tuple[str, ...], ...]
    groups: tuple[str, ...]
    total: str
    total_mg: Decimal
    rounded_apart: bool


def _shown_value(mg: Decimal) -> Decimal:
    if mg == 0:
        return Decimal(0)
    return _shown_row_mg(mg)[0]


def _adds_up(parts: Iterable[Decimal], shown: Decimal, places: int) -> bool:
    """True when shown parts, added and rounded as the sum is shown, give the shown sum."""
    with localcontext(_CONTEXT):
        added = sum(parts, Decimal(0)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return added == shown


def mg_column(groups: Iterable[Iterable[Decimal | None]]) -> MgColumn:
    """Show the milligrams of logged items in groups, their subtotals and their total.

    Unknown items (None) show "unknown" and add nothing, as in day_totals.
    """
    row_texts: list[tuple[str, ...]] = []
    group_texts: list[str] = []
    subtotals: list[Decimal] = []
    apart = False
    with localcontext(_CONTEXT):
        for group in groups:
            values = list(group)
            known = [_as_decimal(value) for value in values if value is not None]
            subtotal = sum(known, Decimal(0))
            row_texts.append(tuple(display_row_mg(value) for value in values))
            group_texts.append(display_row_mg(subtotal))
            subtotals.append(subtotal)
            shown, places = _shown_row_mg(subtotal)
            apart = apart or not _adds_up((_shown_value(v) for v in known), shown, places)
        total = sum(subtotals, Decimal(0))
    shown_subtotals = (_shown_value(subtotal) for subtotal in subtotals)
    apart = apart or not _adds_up(shown_subtotals, Decimal(whole_mg(total)), 0)
    return MgColumn(
        rows=tuple(row_texts),
        groups=tuple(group_texts),
        total=display_mg(total),
        total_mg=total,
        rounded_apart=apart,
    )


def display_grams(grams: Decimal) -> str:
    """Grams to at most one decimal, without a trailing ".0" ("23.7", "30", "1,250")."""
    with localcontext(_CONTEXT):
        rounded = _as_decimal(grams).quantize(_TENTH, rounding=ROUND_HALF_UP)
    return exact_text(rounded, grouped=True)


def display_quantity(quantity: Decimal) -> str:
    """A number of portions to at most two decimals ("0.5", "0.33", "2")."""
    with localcontext(_CONTEXT):
        quantity = _as_decimal(quantity)
        rounded = quantity.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)
    if rounded == 0 and quantity > 0:
        # "0" would read as nothing at all.
        return "<0.01"
    return exact_text(rounded, grouped=True)


def display_quantity_micro(quantity_micro: int) -> str:
    """display_quantity of a stored number of millionths, in integer arithmetic (exports)."""
    if quantity_micro < 0:
        return display_quantity(micro_to_quantity(quantity_micro))
    hundredths = (quantity_micro + 5_000) // 10_000  # half up, as display_quantity
    if hundredths == 0 and quantity_micro > 0:
        return "<0.01"
    whole, part = divmod(hundredths, 100)
    return f"{whole:,}.{part:02d}".rstrip("0") if part else f"{whole:,}"


# A household measure that already names its weight: "1 serving (30 g)", "1 bar (1.5 oz = 42 g)".
_NAMES_ITS_GRAMS = re.compile(r"[0-9]\s?g\b")


# Portions written in grams or ounces read as "150 g", "2 oz"; household ones as "2 × 1 cup".
WEIGHT_PORTION_LABELS = frozenset({"g", "oz"})


def amount_text(quantity: Decimal, portion_label: str) -> str:
    """How much of a food: "1 cup", "2 × 1 cup", "0.5 × 1 cup", "150 g" or "2 oz"."""
    return shown_amount_text(display_quantity(quantity), portion_label)


def shown_amount_text(shown: str, portion_label: str) -> str:
    """amount_text of a quantity already written by display_quantity (or its _micro twin)."""
    if portion_label in WEIGHT_PORTION_LABELS:
        return f"{shown} {portion_label}"
    if shown == "1":
        return portion_label
    return f"{shown} \u00d7 {portion_label}"


def _label_with_grams(portion_label: str, grams: Decimal) -> str:
    """ "1 large (50 g)", "1 cup (8 fl oz, 237 g)"; a label naming its grams stays as it is."""
    if _NAMES_ITS_GRAMS.search(portion_label):
        return portion_label
    if portion_label.endswith(")"):
        return f"{portion_label[:-1]}, {display_grams(grams)} g)"
    return f"{portion_label} ({display_grams(grams)} g)"


def amount_with_grams(quantity: Decimal, portion_label: str, grams: Decimal) -> str:
    """An amount and its weight: "1 large (50 g)", "2 × 1 large (100 g)", "6 oz (170.1 g)",
    "150 g", "1 cup (8 fl oz, 237 g)", "2 × 1 cup (8 fl oz) = 474 g"."""
    amount = amount_text(quantity, portion_label)
    if portion_label == "g":
        return amount
    if amount == portion_label:
        return _label_with_grams(portion_label, grams)
    if portion_label.endswith(")") or _NAMES_ITS_GRAMS.search(portion_label):
        return f"{amount} = {display_grams(grams)} g"
    return f"{amount} ({display_grams(grams)} g)"


def portion_option_text(portion_label: str, grams: Decimal) -> str:
    """A Portion option as the select shows it: "1 large (50 g)", "oz (28.4 g)", "grams"."""
    if portion_label == "g":
        return "grams"
    return _label_with_grams(portion_label, grams)


def percent_of(mg: Decimal | None, reference_mg: Decimal | int | None) -> int | None:
    """Whole percent of a reference, half up; None when either value is unknown or 0."""
    if mg is None or not reference_mg:
        return None
    with localcontext(_CONTEXT):
        ratio = _as_decimal(mg) * 100 / _as_decimal(reference_mg)
        return int(ratio.quantize(_ONE, rounding=ROUND_HALF_UP))


# --- Day totals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayTotals:
    """A day's magnesium: food, supplemental (supplements + medicines) and both together."""

    food_mg: Decimal
    supplemental_mg: Decimal
    total_mg: Decimal
    unknown_food_entries: int = 0

    @property
    def has_unknown_food(self) -> bool:
        """True when some food entries have no magnesium value, so the total is a minimum."""
        return self.unknown_food_entries > 0

    def percent_of_reference(self, reference: ReferenceIntake) -> int | None:
        """The day's total (food + supplemental) as a whole percent of the reference intake."""
        return percent_of(self.total_mg, reference.mg)


def day_totals(
    food_mg_values: Iterable[Decimal | None], supplemental_mg_values: Iterable[Decimal]
) -> DayTotals:
    """Add up a day; food entries with unknown magnesium are counted, not added as 0."""
    food_mg = Decimal(0)
    unknown = 0
    with localcontext(_CONTEXT):
        for value in food_mg_values:
            if value is None:
                unknown += 1
            else:
                food_mg += _as_decimal(value)
        supplemental_mg = Decimal(0)
        for value in supplemental_mg_values:
            if value is None:
                # A supplement's magnesium is always confirmed from its label.
                raise TypeError("supplemental magnesium can't be unknown")
            supplemental_mg += _as_decimal(value)
        return DayTotals(
            food_mg=food_mg,
            supplemental_mg=supplemental_mg,
            total_mg=food_mg + supplemental_mg,
            unknown_food_entries=unknown,
        )


# --- Custom foods from a label ------------------------------------------------------------------
# One definition of each limit, read by the form, the data file's import and the Food model.

# A label's serving: from a pinch of a seasoning to the most one entry may weigh.
MIN_SERVING_GRAMS = Decimal("0.1")
MAX_SERVING_GRAMS = MAX_GRAMS_PER_ENTRY
# No food holds more magnesium than its own weight: pure magnesium is 100 g in 100 g,
# 100,000 mg per 100 g. (The richest foods in USDA SR24 hold 781 mg: rice bran; agar, 770 mg.)
MAX_MG_PER_100G = Decimal(100_000)
# Typing checks (a label never says more): mg per serving, and % of the Daily Value.
MAX_MG_PER_SERVING = Decimal(5000)
MAX_PERCENT_DV = Decimal(1000)


def check_serving_grams(grams: Decimal) -> Decimal:
    """A label's serving weight unchanged, or QuantityError outside 0.1 g to 5,000 g."""
    if not MIN_SERVING_GRAMS <= _as_decimal(grams) <= MAX_SERVING_GRAMS:
        raise QuantityError(
            f"Enter a serving size between {display_grams(MIN_SERVING_GRAMS)} g and "
            f"{display_grams(MAX_SERVING_GRAMS)} g."
        )
    return grams


def check_mg_per_100g(mg_per_100g: Decimal, serving_grams: Decimal | None = None) -> Decimal:
    """Magnesium per 100 g unchanged, or QuantityError when no food could hold it (more
    magnesium than the food weighs); the message names the serving when there is one."""
    if _as_decimal(mg_per_100g) < 0:
        raise QuantityError("Magnesium cannot be negative.")
    if mg_per_100g > MAX_MG_PER_100G:
        if serving_grams is None:
            raise QuantityError(
                f"That is more than {MAX_MG_PER_100G:,} mg per 100 g, more magnesium than the "
                "food weighs."
            )
        with localcontext(_CONTEXT):
            most = serving_grams * MAX_MG_PER_100G / 100
        raise QuantityError(
            f"A serving of {display_grams(serving_grams)} g can hold at most "
            f"{exact_text(most, grouped=True)} mg of magnesium (pure magnesium is "
            f"{MAX_MG_PER_100G:,} mg per 100 g): check the serving size and the magnesium."
        )
    return mg_per_100g


def percent_dv_to_hundredths(percent: Decimal) -> int:
    """A label's % Daily Value to whole hundredths of a percent for storage (half up)."""
    return _to_units(percent, 100)


def hundredths_to_percent_dv(hundredths: int) -> Decimal:
    """A stored % Daily Value back to the exact percent (1225 -> 12.25)."""
    return Decimal(int(hundredths)).scaleb(-2)


def mg_from_percent_dv(percent: Decimal, daily_value_mg: int = DV_ADULT_MG) -> Decimal:
    """Milligrams from a label's "% DV" (an adult food label's % is of 420 mg, FDA_DV)."""
    percent = _as_decimal(percent)
    if percent < 0:
        raise QuantityError("The % Daily Value can't be negative.")
    with localcontext(_CONTEXT):
        return percent * daily_value_mg / 100


def mg_per_100g_from_serving(mg_per_serving: Decimal, serving_grams: Decimal) -> Decimal:
    """Magnesium per 100 g from a label's amount per serving and serving weight."""
    mg_per_serving = _as_decimal(mg_per_serving)
    serving_grams = _as_decimal(serving_grams)
    if mg_per_serving < 0:
        raise QuantityError("The magnesium per serving can't be negative.")
    if serving_grams <= 0:
        raise QuantityError("The serving weight must be more than zero.")
    with localcontext(_CONTEXT):
        mg_per_100g = mg_per_serving * 100 / serving_grams
    return check_mg_per_100g(mg_per_100g, serving_grams)


# --- Food-source claims (FDA_DV, 2016 labeling rule; 21 CFR 101.54) -----------------------------
# Per serving: at least 20% of the DV is an "excellent source", 10-19% a "good source". With a
# 420 mg DV that is 84 mg and 42 mg. For decimals the boundaries are >= 84 excellent and
# >= 42 but < 84 good, so 83.9 mg is good, not excellent.

SourceClaim = Literal["excellent", "good"]

with localcontext(_CONTEXT):
    EXCELLENT_SOURCE_MG = Decimal(DV_ADULT_MG) * 20 / 100  # 84 mg
    GOOD_SOURCE_MG = Decimal(DV_ADULT_MG) * 10 / 100  # 42 mg
SOURCE_CLAIM_SOURCE = FDA_DV


def source_claim(mg_per_portion: Decimal | None) -> SourceClaim | None:
    """Return "excellent" (>= 84 mg, 20% DV), "good" (>= 42 and < 84 mg) or None (FDA_DV)."""
    if mg_per_portion is None:
        return None
    mg = _as_decimal(mg_per_portion)
    if mg >= EXCELLENT_SOURCE_MG:
        return "excellent"
    if mg >= GOOD_SOURCE_MG:
        return "good"
    return None
