"""Units of food measure: the words people and USDA labels use, and exact conversions.

One vocabulary for three readers: the data script that picks each food's default portion,
the parser of amounts typed with a food ("2 tbsp", "150 g", "a large egg") and the matching of
such an amount to a food's household measures. Conversions are exact fractions:

- weights through the app's ounce (tracker.domain.totals.OUNCE_GRAMS, 28.35 g; a pound is 16 of
  them), so "1 lb" logs the same grams as "16 oz";
- volumes through the US customary teaspoon (1 cup = 16 tbsp = 48 tsp; 1 fl oz = 2 tbsp;
  1 tsp = 4.92892159375 mL exactly). A volume becomes grams only through a measure of the same
  food ("1 cup" of that food weighs N g); this module never guesses a density.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from tracker.domain.totals import OUNCE_GRAMS

UnitKind = Literal["weight", "volume", "count"]

# --- Weights and volumes --------------------------------------------------------------------

GRAMS_PER_WEIGHT_UNIT: dict[str, Fraction] = {
    "g": Fraction(1),
    "kg": Fraction(1000),
    "oz": Fraction(OUNCE_GRAMS),
    "lb": 16 * Fraction(OUNCE_GRAMS),
}
# US customary, in teaspoons. Pints and quarts are left out on purpose: a British pint is 20 fl
# oz, an American one 16, so "a pint" only ever matches a food's own "1 pint" measure.
TSP_PER_VOLUME_UNIT: dict[str, Fraction] = {
    "tsp": Fraction(1),
    "dessertspoon": Fraction(2),  # British: 10 mL, two teaspoons
    "tbsp": Fraction(3),
    "fl oz": Fraction(6),
    "cup": Fraction(48),
}
ML_PER_TSP = Fraction("4.92892159375")  # 1/768 of a US gallon (3.785411784 L)
TSP_PER_METRIC_UNIT: dict[str, Fraction] = {
    "ml": 1 / ML_PER_TSP,
    "l": 1000 / ML_PER_TSP,
}


def unit_kind(unit: str) -> UnitKind:
    """ "weight" (g, kg, oz, lb), "volume" (cup, tbsp, tsp, fl oz, mL, L) or "count"."""
    if unit in GRAMS_PER_WEIGHT_UNIT:
        return "weight"
    if unit in TSP_PER_VOLUME_UNIT or unit in TSP_PER_METRIC_UNIT:
        return "volume"
    return "count"


def teaspoons(unit: str) -> Fraction:
    """The volume of one unit in US teaspoons ("cup" -> 48)."""
    return TSP_PER_VOLUME_UNIT.get(unit) or TSP_PER_METRIC_UNIT[unit]


# --- Words ----------------------------------------------------------------------------------
# Canonical unit for each word, as people type them and as USDA writes them. Case matters only
# for "T" (tablespoon) versus "t", which is too ambiguous to read at all.

_UNIT_WORDS: dict[str, str] = {}


def _words(unit: str, *words: str) -> None:
    for word in words:
        _UNIT_WORDS[word] = unit


_words("g", "g", "gs", "gm", "gms", "gram", "grams", "gramme", "grammes", "grm")
_words("kg", "kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes")
_words("oz", "oz", "ozs", "ounce", "ounces")
_words("lb", "lb", "lbs", "pound", "pounds")
_words("cup", "cup", "cups", "c", "cupful", "cupfuls")
_words(
    "tbsp", "tbsp", "tbsps", "tbs", "tbl", "tbls", "tblsp", "tablespoon", "tablespoons",
    "tablespoonful", "tablespoonfuls", "tbso", "tbsn",
)  # fmt: skip
_words("tsp", "tsp", "tsps", "teaspoon", "teaspoons", "teaspoonful", "teaspoonfuls")
_words("dessertspoon", "dessertspoon", "dessertspoons", "dsp", "dstspn")
_words("fl oz", "floz", "fluid ounce", "fluid ounces", "fl oz", "fl ozs", "fl. oz", "fl.oz")
_words("ml", "ml", "mls", "millilitre", "millilitres", "milliliter", "milliliters", "cc")
_words("l", "l", "litre", "litres", "liter", "liters", "ltr")

# Words for a piece of food. Each maps to the noun USDA uses for the same thing, so a British
# "rasher" of bacon matches USDA's "slice" and a "tin" of tuna its "can".
_COUNT_WORDS: dict[str, str] = {
    "slice": "slice", "rasher": "slice",
    "piece": "piece", "pc": "piece", "pcs": "piece",
    "can": "can", "tin": "can",
    "jar": "jar", "bottle": "bottle", "glass": "glass", "mug": "mug", "bowl": "bowl",
    "packet": "packet", "sachet": "packet", "pouch": "pouch", "envelope": "envelope",
    "pack": "package", "package": "package", "pkg": "package", "carton": "carton",
    "container": "container", "pot": "container", "tub": "container",
    "scoop": "scoop", "bar": "bar", "stick": "stick", "link": "link",
    "fillet": "fillet", "filet": "fillet", "clove": "clove", "leaf": "leaf", "sprig": "sprig",
    "wedge": "wedge", "pat": "pat", "cube": "cube", "patty": "patty", "pattie": "patty",
    "strip": "strip", "serving": "serving", "portion": "portion", "helping": "serving",
    "spear": "spear", "stalk": "stalk", "head": "head", "ear": "ear", "square": "square",
    "block": "block", "pint": "pint", "quart": "quart", "dash": "dash", "pinch": "pinch",
    "handful": "handful", "item": "item", "each": "each", "round": "round",
}  # fmt: skip

# Sizes, smallest first; USDA measures name them ("1 large", "1 potato medium").
SIZES: tuple[str, ...] = ("extra small", "small", "medium", "large", "extra large", "jumbo")
_SIZE_WORDS: dict[str, str] = {
    "extra small": "extra small", "extra-small": "extra small", "x-small": "extra small",
    "xs": "extra small", "small": "small", "sm": "small", "medium": "medium", "med": "medium",
    "medium-size": "medium", "medium-sized": "medium", "large": "large", "lg": "large",
    "big": "large", "extra large": "extra large", "extra-large": "extra large",
    "x-large": "extra large", "xl": "extra large", "jumbo": "jumbo",
}  # fmt: skip

_IRREGULAR_SINGULAR = {
    "leaves": "leaf", "halves": "half", "loaves": "loaf", "knives": "knife",
    "tomatoes": "tomato", "potatoes": "potato", "mangoes": "mango", "dishes": "dish",
    "sandwiches": "sandwich", "peaches": "peach", "glasses": "glass", "boxes": "box",
    "patties": "patty", "berries": "berry", "cookies": "cookie", "pastries": "pastry",
    "anchovies": "anchovy", "cherries": "cherry", "pieces": "piece", "slices": "slice",
    "sausages": "sausage", "pouches": "pouch", "bunches": "bunch", "radishes": "radish",
    "inches": "inch", "dices": "dice", "biscuits": "biscuit", "sprouts": "sprout",
}  # fmt: skip


def singular(word: str) -> str:
    """A plural English noun in its singular form ("slices" -> "slice", "leaves" -> "leaf")."""
    word = word.lower()
    if word in _IRREGULAR_SINGULAR:
        return _IRREGULAR_SINGULAR[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def unit_for_word(word: str) -> str | None:
    """The canonical weight or volume unit a word names ("Tablespoons" -> "tbsp"), else None."""
    if word == "T":  # a capital T is the cook's tablespoon
        return "tbsp"
    return _UNIT_WORDS.get(word.lower().rstrip("."))


def count_noun_for_word(word: str) -> str | None:
    """The USDA noun a word for a piece of food stands for ("rashers" -> "slice"), else None."""
    return _COUNT_WORDS.get(singular(word.rstrip(".")))


def size_for_words(text: str) -> str | None:
    """The size one or two words name ("Extra large" -> "extra large"), else None."""
    return _SIZE_WORDS.get(" ".join(text.lower().split()))


def size_rank(size: str) -> int:
    """Position of a size from smallest (0) to largest."""
    return SIZES.index(size)


# --- Quantities -----------------------------------------------------------------------------
# USDA writes thirds as 0.333 or 0.33 and two thirds as 0.667; reading them back as the
# fractions they stand for keeps "1/2 cup" from becoming 1.5015 of a "0.333 cup" measure.
_THIRDS_AND_SIXTHS = [Fraction(n, d) for d in (3, 6) for n in range(1, 4 * d) if n % d]


def label_amount(text: str) -> Fraction:
    """A measure's leading amount: "0.5" -> 1/2, "0.333" -> 1/3, "1-1/2" -> 3/2, "2" -> 2."""
    text = text.strip()
    mixed = re.fullmatch(r"([0-9]+)[ -]([0-9]+)/([0-9]+)", text)
    if mixed:
        return int(mixed[1]) + Fraction(int(mixed[2]), int(mixed[3]))
    if "/" in text:
        numerator, denominator = text.split("/", 1)
        return Fraction(int(numerator), int(denominator))
    value = Fraction(Decimal(text))
    if "." in text and len(text.split(".", 1)[1]) >= 2:
        for fraction in _THIRDS_AND_SIXTHS:
            if abs(value - fraction) < Fraction(6, 1000):
                return fraction
    return value


def quantity_text(quantity: Fraction) -> str:
    """A quantity as the Quantity field reads it: "2", "0.5", "0.125", "1/3", "1 2/3"."""
    if quantity.denominator == 1:
        return str(quantity.numerator)
    denominator = quantity.denominator
    while denominator % 2 == 0:
        denominator //= 2
    while denominator % 5 == 0:
        denominator //= 5
    if denominator == 1:  # a finite decimal
        decimal = Decimal(quantity.numerator) / Decimal(quantity.denominator)
        return f"{decimal.normalize():f}"
    whole, rest = divmod(quantity, 1)
    fraction = f"{rest.numerator}/{rest.denominator}"
    return f"{whole} {fraction}" if whole else fraction


def is_simple_quantity(quantity: Fraction, *, steps: int = 4, maximum: int = 12) -> bool:
    """True for a quantity a person would choose: a multiple of 1/steps, from 1/steps up."""
    return 0 < quantity <= maximum and (quantity * steps).denominator == 1


# --- USDA household measures ----------------------------------------------------------------

_LABEL_AMOUNT = re.compile(r"^\s*([0-9]+(?:[ -][0-9]+/[0-9]+|/[0-9]+|\.[0-9]+)?)\s+(.*)$")
_FLUID_OUNCE = re.compile(r"^(?:fl\.?\s*oz\.?|fluid\s+ounces?)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# A second way of saying how much, inside a measure: "1 serving (3 oz)", "1 cup (8 fl oz)",
# "3 oz ( 1 serving )", "1 serving 1/2 cup", "1 jigger 1.5 fl oz", "1 can (12 fl oz)".
_EQUIVALENT = re.compile(
    r"(?<![0-9/.-])([0-9]+(?:\.[0-9]+|/[0-9]+)?)\s*(fl\.?\s*oz|fluid ounces?|oz|cups?|tbsp|tsp|"
    r"tablespoons?|teaspoons?|g|ml|lb)\b",
    re.IGNORECASE,
)
_NOT_NOUNS = frozenset({"extra", "whole", "raw", "nlea", "of", "x"})
_SIZE_PHRASE = re.compile(r"\b(extra[ -]small|extra[ -]large|jumbo|large|medium|small)\b", re.I)
# Measures of a whole package, a recipe or a carcass: never "one portion" of a food.
BULK_NOUNS = frozenset(
    {
        "package", "pkg", "recipe", "bunch", "quart", "gallon", "loaf", "bag", "box", "head",
        "roast", "rack", "bird", "carcass", "pr", "ckd", "crust", "chicken", "turkey", "duck",
        "goose", "capon", "melon", "order", "unit", "batch",
    }
)  # fmt: skip
BULK_WORDS = frozenset({"package", "pkg", "recipe", "yield", "yields"})


@dataclass(frozen=True)
class Measure:
    """One USDA household measure read from its label: "0.5 cup, chopped" weighs grams."""

    index: int
    label: str
    grams: Decimal
    amount: Fraction  # 1/2
    unit: str | None  # "cup"; None for a piece ("1 slice", "1 large")
    size: str | None  # "large" in "1 large" or "1 potato large"
    noun: str | None  # "slice", "egg", "potato": what one piece is called
    words: frozenset[str]  # every word of the label, singular, lower case
    volume_tsp: Fraction | None  # the measure's volume, when it states one (its own or "(8 fl oz)")
    ounces: Fraction | None  # its weight in ounces, when it states one ("3 oz", "1 serving (3 oz)")

    @property
    def grams_each(self) -> Fraction:
        """Grams of one unit of the measure ("10 strips" of 50 g: 5 g each)."""
        return Fraction(self.grams) / self.amount

    @property
    def is_nlea(self) -> bool:
        """The label serving of the Nutrition Labeling and Education Act ("1 NLEA serving")."""
        return "nlea" in self.words

    @property
    def is_bulk(self) -> bool:
        """A whole package, bunch, roast or recipe yield: never a portion by itself."""
        return self.noun in BULK_NOUNS or bool(self.words & BULK_WORDS)


def read_measure(index: int, label: str, grams: Decimal) -> Measure:
    """Read a USDA measure label ("1 cup, chopped", "1 medium (7\\" long)", "10 strips")."""
    match = _LABEL_AMOUNT.match(label)
    if match:
        amount, rest = label_amount(match[1]), match[2].strip()
    else:  # "NLEA serving" without a number: one of it
        amount, rest = Fraction(1), label.strip()
    if amount <= 0:
        amount = Fraction(1)
    words = frozenset(singular(w) for w in _WORD.findall(rest.lower()))
    unit = size = noun = None
    after_unit = rest
    if fluid := _FLUID_OUNCE.match(rest):
        unit, after_unit = "fl oz", rest[fluid.end() :]
    elif first := _WORD.match(rest):
        unit = unit_for_word(first[0]) if first[0] != "t" else None
        after_unit = rest[first.end() :] if unit else rest
    if unit is None:
        head = rest.split("(")[0]
        size_match = _SIZE_PHRASE.search(head)
        size = size_for_words(size_match[1].replace("-", " ")) if size_match else None
        nouns = [
            singular(w)
            for w in _WORD.findall(head.lower())
            if size_for_words(w) is None and w not in _NOT_NOUNS
        ]
        noun = nouns[0] if nouns else None
    volume = None
    ounces = None
    if unit is not None and unit_kind(unit) == "volume":
        volume = amount * teaspoons(unit)
    elif unit == "oz":
        ounces = amount
    for number, unit_word in _EQUIVALENT.findall(after_unit):
        other = "fl oz" if _FLUID_OUNCE.match(unit_word) else unit_for_word(unit_word)
        value = label_amount(number)
        if other is None or value <= 0:
            continue
        if unit_kind(other) == "volume" and volume is None:
            volume = value * teaspoons(other)
        elif other == "oz" and ounces is None:
            ounces = value
    return Measure(
        index=index,
        label=label,
        grams=grams,
        amount=amount,
        unit=unit,
        size=size,
        noun=noun,
        words=words,
        volume_tsp=volume,
        ounces=ounces,
    )


def read_measures(portions: list[tuple[str, Decimal]] | tuple) -> list[Measure]:
    """Read a food's household measures, keeping their positions."""
    return [read_measure(i, label, Decimal(grams)) for i, (label, grams) in enumerate(portions)]


def is_one_ounce_measure(label: str, grams: Decimal) -> bool:
    """True for a USDA measure that is one ounce of the food ("1 oz", "1 oz (23 kernels)").

    Such a food gets no separate "oz" option: offering it twice would only confuse. "1 oz with
    bone" (it weighs less than an ounce of meat) does not count.
    """
    one_ounce = label == "1 oz" or label.startswith(("1 oz ", "1 oz,"))
    return one_ounce and abs(grams - OUNCE_GRAMS) <= _OUNCE_TOLERANCE


_OUNCE_TOLERANCE = Decimal("0.5")
