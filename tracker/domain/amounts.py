"""Amounts typed with a food: "2 large eggs", "peanut butter 2 tbsp", "half a cup of beans".

`parse_line` splits a diary line into the amount and the food words to search for. The amount
may lead or trail; its number may be digits ("2", "1.5", "0,5"), a fraction ("1/2", "1 1/2",
"1-1/2", "1½", "½"), or words ("a", "an", "one" to "twelve", "half a", "a half", "a quarter",
"three quarters", "two thirds", "one and a half", "a couple of", "a pair of", "a dozen").
Its unit may be a weight (g, kg, oz, lb), a volume (cup, tbsp, tsp, dessertspoon, fl oz, mL,
L), a piece (slice, piece, can, bar, stick, link, fillet, clove, leaf, scoop, serving ...,
with British rasher, tin, pot and sachet), or a size (small, medium, large, extra large,
jumbo), with plurals and common abbreviations, and "of" after it. A size word is read only
right after a number: "large" in a food's name stays part of the food.

`choose_portion` turns a parsed amount into what to log for one food, from that food's own
household measures (tracker.domain.units.Measure):

- a weight is logged in grams (g, kg) or ounces (oz, lb: 16 oz), through the food's "1 oz"
  measure when it has one, as the day page offers it;
- a volume is converted only through one of the food's own volume measures: "2 tbsp" of a food
  whose only measure is "1 cup" is 1/8 of that cup (1 cup = 16 tbsp = 48 tsp, 1 fl oz = 2 tbsp,
  1 tsp = 4.92892159375 mL). Between volumes of the same food that is exact; a volume is never
  turned into grams by a guessed density, so a food without a volume measure gets no match;
- a piece ("2 slices") matches the food's measure of that piece; a size ("1 large") its measure
  of that size, or the nearest size it has (said in `PortionChoice.note`);
- a plain number ("2 eggs", "a banana") counts the food's own pieces: a measure named in the
  line ("2 steaks" -> "1 steak"), else the food's default portion when that is a piece, else its
  medium size, else its one measure of a single piece ("3 brazil nuts" -> 3 x "1 kernel"),
  else up to three default portions ("2 coffee" -> 2 cups).

When nothing fits the result is a `NoPortion` with a reason: the caller falls back to the
food's default portion. An amount that can't be right (zero, negative, "1,500", more than
1,000 portions or 5 kg) is refused with the same messages as the Quantity field
(tracker.domain.totals), and nothing is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from tracker.domain.portions import (
    PortionChoice,
    grams_choice,
    label_penalty,
    measure_choice,
    ounces_choice,
)
from tracker.domain.totals import (
    MAX_QUANTITY,
    QuantityError,
    check_grams,
    check_quantity,
    fraction_to_decimal,
    read_exact_quantity,
)
from tracker.domain.units import (
    GRAMS_PER_WEIGHT_UNIT,
    SIZES,
    TSP_PER_METRIC_UNIT,
    Measure,
    count_noun_for_word,
    singular,
    size_for_words,
    size_rank,
    teaspoons,
    unit_for_word,
    unit_kind,
)

MAX_LINE_LENGTH = 200
# A plain number of a food without pieces is a number of its default portions up to this.
MAX_DEFAULT_MULTIPLE = 3

# --- Reading a line -------------------------------------------------------------------------


@dataclass(frozen=True)
class Amount:
    """How much was typed: 2 (quantity) large (size) eggs; 1/2 cup (unit); 150 g."""

    quantity: Fraction
    unit: str | None = None  # "g", "cup", "tbsp", "slice", "can"...; None: a number of the food
    size: str | None = None  # "large"
    text: str = ""  # the amount's words as typed: "1½ cups", "half a cup of"


@dataclass(frozen=True)
class ParsedLine:
    """A diary line split into its amount and the food words to search for."""

    food: str
    amount: Amount | None = None
    problem: str | None = None  # an amount was typed but can't be used; the message says why


_UNICODE_FRACTIONS = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"
_NUMERAL = re.compile(
    rf"-?(?:[0-9]+(?:[.,][0-9]+)?(?:[ ]?[{_UNICODE_FRACTIONS}])?|[.,][0-9]+|[{_UNICODE_FRACTIONS}]"
    rf"|[0-9]+[/⁄][0-9]+|[0-9]+-[0-9]+[/⁄][0-9]+)"
)
# A number glued to its unit: "150g", "2tbsp", "1.5l", "6oz".
_GLUED = re.compile(r"(-?[0-9]+(?:[.,][0-9]+)?)([a-zA-Z]+\.?)")
_TIMES = re.compile(r"(?:[x×]\s?([0-9]+)|([0-9]+)\s?[x×])", re.IGNORECASE)
_SEPARATORS = "(),;:"

_WORD_NUMBERS: dict[str, Fraction] = {
    "one": Fraction(1), "two": Fraction(2), "three": Fraction(3), "four": Fraction(4),
    "five": Fraction(5), "six": Fraction(6), "seven": Fraction(7), "eight": Fraction(8),
    "nine": Fraction(9), "ten": Fraction(10), "eleven": Fraction(11), "twelve": Fraction(12),
}  # fmt: skip
_WORD_PARTS: dict[str, Fraction] = {
    "half": Fraction(1, 2), "halves": Fraction(1, 2), "third": Fraction(1, 3),
    "thirds": Fraction(1, 3), "quarter": Fraction(1, 4), "quarters": Fraction(1, 4),
}  # fmt: skip
_ARTICLES = frozenset({"a", "an"})
# Words between a number and its unit that change nothing we can measure ("1 heaped tbsp").
_MODIFIERS = frozenset(
    {"heaped", "heaping", "level", "rounded", "generous", "scant", "good", "full", "whole"}
)
# "Some almonds", "a handful of nuts": no amount, but the words are not the food either.
_VAGUE = (
    ("a", "handful", "of"), ("handful", "of"), ("a", "few"), ("a", "bit", "of"),
    ("a", "little"), ("some",), ("a", "portion", "of"), ("a", "serving", "of"),
)  # fmt: skip


@dataclass(frozen=True)
class _Token:
    text: str  # as typed, without surrounding separators
    word: str  # lower case


def _tokens(line: str) -> list[_Token]:
    tokens = []
    for raw in line.split():
        text = raw.strip(_SEPARATORS)
        if not text:
            continue
        if (
            (glued := _GLUED.fullmatch(text))
            and _unit_or_noun(glued[2])
            and not _NUMERAL.fullmatch(text)
        ):
            tokens.append(_Token(glued[1], glued[1]))
            tokens.append(_Token(glued[2], glued[2].lower()))
            continue
        tokens.append(_Token(text, text.lower()))
    return tokens


def _unit_or_noun(word: str) -> str | None:
    return unit_for_word(word) or count_noun_for_word(word)


class _Refused(Exception):
    """An amount was typed but can't be used; the message is the QuantityError's."""


@dataclass
class _Reader:
    """Reads an amount from tokens[start:]; `end` is where it stopped."""

    tokens: list[_Token]
    start: int

    def __post_init__(self) -> None:
        self.end = self.start

    def peek(self, offset: int = 0) -> str | None:
        index = self.end + offset
        return self.tokens[index].word if index < len(self.tokens) else None

    def take(self, count: int = 1) -> None:
        self.end += count

    def number(self) -> Fraction | None:
        """A quantity in digits or words, or None when none starts here."""
        word = self.peek()
        if word is None:
            return None
        if _NUMERAL.fullmatch(word):
            return self._numeral()
        if times := _TIMES.fullmatch(word):
            self.take()
            return Fraction(int(times[1] or times[2]))
        if word in ("x", "×") and re.fullmatch(r"[0-9]+", self.peek(1) or ""):  # "eggs x 2"
            self.take(2)
            return Fraction(int(self.tokens[self.end - 1].word))
        return self._number_words()

    def _numeral(self) -> Fraction:
        text = self.tokens[self.end].text
        self.take()
        # "1 1/2", "1 ½": a whole number and a fraction typed apart.
        following = self.peek()
        if (
            following
            and re.fullmatch(r"[0-9]+", text)
            and re.fullmatch(rf"[0-9]+[/⁄][0-9]+|[{_UNICODE_FRACTIONS}]", following)
        ):
            text = f"{text} {self.tokens[self.end].text}"
            self.take()
        if mixed := re.fullmatch(r"([0-9]+)-([0-9]+[/⁄][0-9]+)", text):
            text = f"{mixed[1]} {mixed[2]}"
        try:
            quantity = read_exact_quantity(text)
        except QuantityError as error:
            raise _Refused(str(error)) from error
        if quantity <= 0:
            raise _Refused("The amount must be more than zero.")
        return quantity + self._and_a_part()

    def _number_words(self) -> Fraction | None:
        word = self.peek()
        if word in _ARTICLES:
            following = self.peek(1)
            if following in _WORD_PARTS:  # "a half", "a quarter", "a third"
                self.take(2)
                return _WORD_PARTS[following] * self._dozen()
            if following in ("couple", "pair"):  # "a couple of", "a pair of"
                self.take(2)
                self._of()
                return Fraction(2)
            if following == "dozen":
                self.take(2)
                return Fraction(12)
            self.take()
            return Fraction(1)
        if word in ("half", "quarter", "third"):  # "half a cup", "half of an avocado"
            self.take()
            self._of_a()
            return _WORD_PARTS[word] * self._dozen()
        if word in ("couple", "pair"):
            self.take()
            self._of()
            return Fraction(2)
        if word in _WORD_NUMBERS:
            self.take()
            whole = _WORD_NUMBERS[word]
            if self.peek() in _WORD_PARTS:  # "three quarters (of a) cup", "two thirds"
                part = _WORD_PARTS[self.peek() or ""]
                self.take()
                self._of_a()
                return whole * part
            if self.peek() == "dozen":
                self.take()
                return whole * 12
            return whole + self._and_a_part()
        if word in ("three-quarters", "two-thirds"):
            self.take()
            return Fraction(3, 4) if word == "three-quarters" else Fraction(2, 3)
        return None

    def _and_a_part(self) -> Fraction:
        """ "and a half", "and 1/2" after a whole number: "one and a half", "2 and 1/2"."""
        if self.peek() != "and":
            return Fraction(0)
        if self.peek(1) in _ARTICLES and self.peek(2) in _WORD_PARTS:
            part = _WORD_PARTS[self.peek(2) or ""]
            self.take(3)
            return part
        following = self.peek(1)
        if following and re.fullmatch(rf"[0-9]+/[0-9]+|[{_UNICODE_FRACTIONS}]", following):
            self.take(2)
            return read_exact_quantity(following)
        return Fraction(0)

    def _dozen(self) -> Fraction:
        """ "half a dozen"."""
        if self.peek() == "dozen":
            self.take()
            return Fraction(12)
        return Fraction(1)

    def _of(self) -> None:
        if self.peek() == "of":
            self.take()

    def _of_a(self) -> None:
        """ "of a" after a part: "half of a", "three quarters of a cup"."""
        self._of()
        if self.peek() in _ARTICLES:
            self.take()

    def unit_and_size(self) -> tuple[str | None, str | None]:
        """The size and unit after a number: "large", "slices", "fl oz", "extra large eggs"."""
        while self.peek() in _MODIFIERS:
            self.take()
        size = None
        two = f"{self.peek()} {self.peek(1)}"
        if self.peek(1) is not None and size_for_words(two):
            size = size_for_words(two)
            self.take(2)
        elif self.peek() is not None and size_for_words(self.peek() or ""):
            size = size_for_words(self.peek() or "")
            self.take()
        unit = None
        word = self.peek()
        if word is not None:
            if word in ("fl", "fl.", "fluid") and self.peek(1) in ("oz", "oz.", "ounce", "ounces"):
                unit = "fl oz"
                self.take(2)
            else:
                original = self.tokens[self.end].text
                unit = unit_for_word(original) or count_noun_for_word(word)
                # "c" is a cup only after a number, never a food's first letter.
                if unit == "cup" and word == "c" and self.end == self.start:
                    unit = None
                if unit is not None:
                    self.take()
        if unit is not None or size is not None:
            self._of()
        return unit, size


def _clean_food(tokens: Sequence[_Token]) -> str:
    words = [token.text for token in tokens]
    while words and words[0].lower() in ("of", "x", "×"):
        words.pop(0)
    return " ".join(words).strip(" -–—,.;:")


def _amount_from(tokens: list[_Token], start: int) -> tuple[Amount, int] | None:
    reader = _Reader(tokens, start)
    quantity = reader.number()
    if quantity is None:
        return None
    unit, size = reader.unit_and_size()
    if tokens[start].word in _ARTICLES and unit is None and size is None and start > 0:
        return None  # "milk a" is not an amount
    text = " ".join(token.text for token in tokens[start : reader.end])
    return Amount(quantity=quantity, unit=unit, size=size, text=text), reader.end


def _strip_vague(tokens: list[_Token]) -> list[_Token]:
    words = [token.word for token in tokens]
    for phrase in _VAGUE:
        if tuple(words[: len(phrase)]) == phrase and len(words) > len(phrase):
            return tokens[len(phrase) :]
    return tokens


def parse_line(text: str | None) -> ParsedLine:
    """Split a diary line into an amount and the food to search for; never raises."""
    line = " ".join((text or "").replace("\u00a0", " ").split())[:MAX_LINE_LENGTH]
    tokens = _tokens(line)
    if not tokens:
        return ParsedLine(food="")
    try:
        leading = _amount_from(tokens, 0)
        if leading is not None:
            amount, end = leading
            food = _clean_food(tokens[end:])
            if food or amount.unit or amount.size:
                return _checked(ParsedLine(food=food, amount=amount))
        for start in range(1, len(tokens)):
            trailing = _amount_from(tokens, start)
            if trailing is not None and trailing[1] == len(tokens):
                amount, _end = trailing
                return _checked(ParsedLine(food=_clean_food(tokens[:start]), amount=amount))
    except _Refused as refused:
        return ParsedLine(food=_food_without_numbers(tokens), problem=str(refused))
    return ParsedLine(food=_clean_food(_strip_vague(tokens)))


def _food_without_numbers(tokens: Sequence[_Token]) -> str:
    kept = [t for t in tokens if not (_NUMERAL.fullmatch(t.word) or _unit_or_noun(t.word))]
    return _clean_food(kept)


def _checked(parsed: ParsedLine) -> ParsedLine:
    """Refuse an amount past the app's limits before any food is chosen."""
    amount = parsed.amount
    if amount is None:
        return parsed
    try:
        if amount.unit in GRAMS_PER_WEIGHT_UNIT:
            check_grams(fraction_to_decimal(amount.quantity * GRAMS_PER_WEIGHT_UNIT[amount.unit]))
        else:
            check_quantity(fraction_to_decimal(amount.quantity))
    except QuantityError as error:
        return ParsedLine(food=parsed.food, problem=str(error))
    return parsed


# --- Choosing a portion of one food ---------------------------------------------------------


@dataclass(frozen=True)
class NoPortion:
    """Nothing in the food's measures fits the amount: log the default portion instead."""

    reason: str
    refused: bool = False  # True: the amount itself is impossible (over 5 kg, ...)


_PIECE_NOUN_WORDS = re.compile(r"[a-z]+")


def _words(text: str) -> frozenset[str]:
    return frozenset(singular(word) for word in _PIECE_NOUN_WORDS.findall(text.lower()))


def _checked_choice(choice: PortionChoice, note: str = "") -> PortionChoice | NoPortion:
    try:
        check_grams(fraction_to_decimal(choice.grams))
        if choice.portion != "g":
            check_quantity(fraction_to_decimal(choice.quantity), MAX_QUANTITY)
    except QuantityError as error:
        return NoPortion(str(error), refused=True)
    return PortionChoice(choice.portion, choice.label, choice.grams_each, choice.quantity, note)


def _weight(amount: Amount, measures: Sequence[Measure]) -> PortionChoice:
    unit, quantity = amount.unit, amount.quantity
    if unit in ("g", "kg"):
        return grams_choice(quantity * GRAMS_PER_WEIGHT_UNIT[unit])
    for measure in measures:  # "3 oz" of a food with a "3 oz" measure: one of it
        if measure.unit == unit and measure.amount == quantity and not measure.is_bulk:
            return measure_choice(measure, Fraction(1))
    if unit == "lb":
        for measure in measures:
            if measure.unit == "lb" and measure.amount == 1:
                return measure_choice(measure, quantity)
        return ounces_choice(measures, quantity * 16)
    return ounces_choice(measures, quantity)


def _volume(amount: Amount, measures: Sequence[Measure], line_words: frozenset[str]):
    assert amount.unit is not None
    wanted = amount.quantity * teaspoons(amount.unit)
    candidates = []
    for measure in measures:
        if measure.volume_tsp is None or measure.is_bulk:
            continue
        quantity = wanted / measure.volume_tsp
        if amount.unit in TSP_PER_METRIC_UNIT:
            # 100 mL is 0.4226752... cup: to a thousandth (at most 0.1% off), a quantity a
            # person can read back.
            quantity = max(Fraction(1, 1000), Fraction(round(quantity * 1000), 1000))
        described = len((measure.words - _MEASURE_WORDS) & line_words)
        rank = (
            measure.unit != amount.unit,  # cups for cups
            -described,  # "1 cup mashed banana": the mashed cup
            not described and label_penalty(measure) == 2,  # not "1 cup, ground" unless asked
            measure.unit is None,  # "1 cup" before "1 can (12 fl oz)"
            abs(float(quantity) - 1) if quantity >= 1 else float(1 / quantity) - 1,
            measure.index,
        )
        candidates.append((rank, measure_choice(measure, quantity)))
    if not candidates:
        return NoPortion(
            "This food has no cup or spoon measure, and a volume is never turned into grams by "
            "guessing how heavy the food is: choose a portion or weigh it."
        )
    return min(candidates, key=lambda item: item[0])[1]


_MEASURE_WORDS = frozenset(
    {"cup", "tbsp", "tsp", "fl", "oz", "tablespoon", "teaspoon", "nlea", "serving", "inch"}
)


def _sized(amount: Amount, measures: Sequence[Measure], line_words: frozenset[str]):
    sized = [m for m in measures if m.size is not None and not m.is_bulk]
    if not sized:
        return None
    wanted = size_rank(amount.size or "medium")

    def rank(measure: Measure) -> tuple[int, int, int, int]:
        assert measure.size is not None
        noun_fits = (
            measure.noun is None or measure.noun == amount.unit or measure.noun in line_words
        )
        return (
            abs(size_rank(measure.size) - wanted),
            not noun_fits,
            measure.amount != 1,
            measure.index,
        )

    best = min(sized, key=rank)
    note = ""
    if best.size != amount.size:
        note = f"no {amount.size} measure: logged as {best.size}"
    return measure_choice(best, amount.quantity / best.amount), note


def _counted(
    amount: Amount,
    measures: Sequence[Measure],
    line_words: frozenset[str],
    default: PortionChoice | None,
):
    named = [
        m for m in measures if m.noun and m.noun in line_words and not m.is_bulk and m.unit is None
    ]
    if named:
        best = min(named, key=lambda m: (m.amount != 1, m.size not in (None, "medium"), m.index))
        return measure_choice(best, amount.quantity / best.amount)
    if default is not None and isinstance(default.portion, int):
        measure = measures[default.portion]
        if measure.unit is None:  # the default is a piece: "2 eggs" is 2 x "1 large"
            return measure_choice(measure, amount.quantity / measure.amount)
    medium = [m for m in measures if m.size == "medium" and m.amount == 1 and not m.is_bulk]
    if medium:
        return measure_choice(medium[0], amount.quantity)
    # "3 brazil nuts": the food's one measure of a single piece ("1 kernel", "1 almond").
    pieces = [m for m in measures if m.unit is None and m.amount == 1 and m.noun and not m.is_bulk]
    if len(pieces) == 1:
        return measure_choice(pieces[0], amount.quantity)
    if default is not None and amount.quantity <= MAX_DEFAULT_MULTIPLE:
        # "2 coffee": two of the usual cup. "10 cashews" is not ten ounces: a count that
        # large must be of pieces, which this food has no measure of.
        return PortionChoice(
            default.portion, default.label, default.grams_each, default.quantity * amount.quantity
        )
    return NoPortion("This food has no pieces to count: choose a portion or weigh it.")


def choose_portion(
    amount: Amount,
    measures: Sequence[Measure],
    *,
    default: PortionChoice | None = None,
    line: str = "",
) -> PortionChoice | NoPortion:
    """What to log of one food for a typed amount, or NoPortion (then log its default)."""
    line_words = _words(line)
    unit = amount.unit
    note = ""
    if unit is not None and unit_kind(unit) == "weight":
        choice: PortionChoice | NoPortion = _weight(amount, measures)
    elif unit is not None and unit_kind(unit) == "volume":
        choice = _volume(amount, measures, line_words)
    elif amount.size is not None and (sized := _sized(amount, measures, line_words)):
        choice, note = sized
    elif unit is not None:  # a piece: slice, can, bar ...
        pieces = [m for m in measures if m.noun == unit and m.unit is None and not m.is_bulk]
        if not pieces:
            return NoPortion(f"This food has no “{unit}” measure: choose a portion or weigh it.")
        best = min(pieces, key=lambda m: (m.amount != 1, m.size not in (None, "medium"), m.index))
        choice = measure_choice(best, amount.quantity / best.amount)
    else:
        choice = _counted(amount, measures, line_words, default)
    if isinstance(choice, NoPortion):
        return choice
    return _checked_choice(choice, note)


__all__ = [
    "SIZES",
    "Amount",
    "NoPortion",
    "ParsedLine",
    "choose_portion",
    "parse_line",
]
