"""Choosing a portion of a food from its USDA household measures: the shared mechanism.

Both the default portion of every food (tracker.domain.default_portions, run by the data
script) and the amount a user types with a food (tracker.domain.amounts) end up as a
`PortionChoice`: one of the food's household measures, or grams, or ounces, and how many of
it. The preferences a rule can ask for ("1 medium", "1/2 cup", "3 oz", pieces counted as FDA
labels count them) and the reference amount of a food in grams are worked out here.
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from tracker.domain.racc import REFERENCE_AMOUNTS, ReferenceAmount
from tracker.domain.units import (
    GRAMS_PER_WEIGHT_UNIT,
    TSP_PER_VOLUME_UNIT,
    Measure,
    is_one_ounce_measure,
    label_amount,
    quantity_text,
)

# A default more than three times the reference amount, or under a third of it, is not a portion.
SANE_FACTOR = Fraction(3)
# Quantities of a measure a default may use: down to a 48th of it (1 tsp of a "1 cup", 1/3 of
# a "1 tbsp"), up to twelve.
QUANTITY_STEPS = 48
MAX_QUANTITY = 12
# The nearest measure must be closer than the preferred ones: within a factor of 2.
NEAREST_FACTOR = Fraction(2)
MAX_NEAREST_QUANTITY = 4
# Below this the reference amount is written in grams (0.5 g of a spice), above it in ounces.
OUNCES_FROM_GRAMS = Decimal(14)
OUNCE_FIT = Fraction(1, 10)  # 3 oz stands for 85 g only when within 10% of it
WeightUnit = Literal["g", "oz"]
ChoiceKind = Literal["household", "count", "weight"]


@dataclass(frozen=True)
class PortionChoice:
    """A portion to log: a household measure of the food (its index) or grams or ounces."""

    portion: int | WeightUnit
    label: str
    grams_each: Fraction  # grams of one of `portion`
    quantity: Fraction
    note: str = ""  # how an amount was matched when not exactly ("no extra large: large")

    @property
    def grams(self) -> Fraction:
        """The weight logged: quantity times the portion's weight."""
        return self.grams_each * self.quantity

    @property
    def key(self) -> str:
        """The Portion option's value on the day page: "3" (a measure), "g" or "oz"."""
        return str(self.portion)

    @property
    def quantity_text(self) -> str:
        """The quantity as the Quantity field reads it: "2", "0.5", "1/3"."""
        return quantity_text(self.quantity)


def measure_choice(measure: Measure, quantity: Fraction) -> PortionChoice:
    """Log `quantity` of a household measure."""
    return PortionChoice(measure.index, measure.label, Fraction(measure.grams), quantity)


def grams_choice(grams: Fraction) -> PortionChoice:
    """Log a weight in grams."""
    return PortionChoice("g", "g", Fraction(1), grams)


def ounces_choice(measures: Sequence[Measure], ounces: Fraction) -> PortionChoice:
    """Log a weight in ounces: through the food's own "1 oz" measure when it has one.

    The day page offers "oz" only to foods without a "1 oz" measure (one option, not two).
    """
    for measure in measures:
        if is_one_ounce_measure(measure.label, measure.grams):
            return measure_choice(measure, ounces)
    return PortionChoice("oz", "oz", GRAMS_PER_WEIGHT_UNIT["oz"], ounces)


# --- Reading labels -------------------------------------------------------------------------
# Measures of a form people rarely mean: a cup of mashed banana, of sifted flour, of melted
# cheese. They still count when nothing else fits.
_AWKWARD = re.compile(
    r"\b(mashed|pur[eé]e?d?|melted|crushed|(?<!not )packed|sifted|unsifted|spooned|stirred|"
    r"crumbs?|whipped|ground|grated|yields?|shells?|dry|raw|NLEA)\b|\bcups?, whole\b",
    re.IGNORECASE,
)
_PLAIN = re.compile(
    r"^\s*[0-9./ -]+\s*(cups?|tbsp|tsp|tablespoons?|teaspoons?|fl oz|oz)\s*(\([^)]*\))?\s*$",
    re.IGNORECASE,
)


def label_penalty(measure: Measure) -> int:
    """0 for a plain measure ("1 cup"), 1 for a described one ("1 cup, chopped"), 2 awkward."""
    if _AWKWARD.search(measure.label):
        return 2
    return 0 if _PLAIN.match(measure.label) else 1


def _ratio(grams: Fraction, racc_grams: Fraction) -> float:
    return abs(math.log(float(grams / racc_grams)))


def _sane(grams: Fraction, racc_grams: Fraction, factor: Fraction = SANE_FACTOR) -> bool:
    return racc_grams / factor <= grams <= racc_grams * factor


def _simple(quantity: Fraction) -> bool:
    return 0 < quantity <= MAX_QUANTITY and (quantity * QUANTITY_STEPS).denominator == 1


def units_per_serving(unit_grams: Fraction, racc_grams: Fraction) -> int:
    """How many discrete pieces make a serving, as labels count them (21 CFR 101.9(b)(2)(i)).

    A piece weighing half the reference amount or less: the whole number of pieces nearest the
    reference amount. More than half: one piece.
    """
    if unit_grams * 2 > racc_grams:
        return 1
    return max(1, min(MAX_QUANTITY * 2, round(racc_grams / unit_grams)))


# --- Preferences: the household measures a rule tries, in order -----------------------------


@dataclass(frozen=True)
class Preference(ABC):
    """One kind of household measure a rule asks for (each kind is a subclass)."""

    @abstractmethod
    def choose(
        self, measures: Sequence[Measure], racc_grams: Fraction, name_words: frozenset[str]
    ) -> PortionChoice | None:
        """The portion of this kind among the food's measures, or None when it has none."""


@dataclass(frozen=True)
class Whole(Preference):
    """One whole piece of the food: "1 medium", else "1 fruit" / "1 avocado", else large, small."""

    quantity: Fraction = Fraction(1)

    def choose(self, measures, racc_grams, name_words):
        pieces = [m for m in measures if m.unit is None and not m.is_bulk and m.amount == 1]

        def rank(m: Measure) -> tuple[int, int]:
            if m.size == "medium":
                order = 0
            elif m.size is None and m.noun in (name_words | _WHOLE_NOUNS):
                order = 1
            elif m.size in ("large", "small"):
                order = 2 if m.size == "large" else 3
            else:
                return (9, m.index)
            # "1 medium" before "1 slice medium": the whole thing, not a slice of it.
            noun_rank = 0 if m.noun is None or m.noun in name_words | _WHOLE_NOUNS else 1
            return (order * 2 + noun_rank, m.index)

        for measure in sorted(pieces, key=rank):
            if rank(measure)[0] >= 9:
                break
            choice = measure_choice(measure, self.quantity)
            if _sane(choice.grams, racc_grams):
                return choice
        return None


_WHOLE_NOUNS = frozenset({"fruit", "whole", "each", "item", "egg", "potato", "ear"})


@dataclass(frozen=True)
class Size(Preference):
    """A piece of a given size: "1 large" egg."""

    size: str

    def choose(self, measures, racc_grams, name_words):
        for measure in measures:
            if measure.size == self.size and measure.amount == 1 and measure.noun in (None, "egg"):
                choice = measure_choice(measure, Fraction(1))
                if _sane(choice.grams, racc_grams):
                    return choice
        return None


@dataclass(frozen=True)
class Volume(Preference):
    """A household volume ("1 cup", "1/2 cup", "2 tbsp"), through the food's volume measures."""

    household: str
    force: bool = False  # espresso: one fluid ounce, however far from the reference amount

    @property
    def unit(self) -> str:
        return self.household.split(" ", 1)[1]

    @property
    def teaspoons(self) -> Fraction:
        number, unit = self.household.split(" ", 1)
        return label_amount(number) * TSP_PER_VOLUME_UNIT[unit]

    def choose(self, measures, racc_grams, name_words):
        candidates = []
        for measure in measures:
            if measure.volume_tsp is None or measure.is_bulk:
                continue
            quantity = self.teaspoons / measure.volume_tsp
            if not _simple(quantity) or (measure.unit is None and quantity.denominator != 1):
                continue  # "1 can (12 fl oz)" counts in whole cans
            choice = measure_choice(measure, quantity)
            if not (self.force or _sane(choice.grams, racc_grams)):
                continue
            penalty = label_penalty(measure)
            # The measure itself ("0.5 cup, chopped" for 1/2 cup), else the one closest in
            # size (1 tsp as 1/3 tbsp, not 1/48 cup); awkward forms ("mashed") last.
            rank = (
                penalty == 2,
                quantity != 1,
                penalty,
                measure.unit != self.unit,
                abs(math.log(quantity)),
                measure.index,
            )
            candidates.append((rank, choice))
        return min(candidates, key=lambda item: item[0])[1] if candidates else None


@dataclass(frozen=True)
class Ounces(Preference):
    """A weight in ounces: the food's "3 oz" measure, else 3 x its "1 oz", else 3 x oz."""

    ounces: Fraction

    def choose(self, measures, racc_grams, name_words):
        for measure in measures:
            if measure.ounces == self.ounces and measure.unit in ("oz", None):
                if measure.unit is None and measure.noun not in ("serving", "portion"):
                    continue  # "1 slice (1 oz)" is a slice, found by Count
                return measure_choice(measure, Fraction(1))
        choice = ounces_choice(measures, self.ounces)
        return choice if _sane(choice.grams, racc_grams) else None


@dataclass(frozen=True)
class Count(Preference):
    """Pieces of the food ("1 slice", "1 cookie", "1 link"), counted as labels count them."""

    nouns: tuple[str, ...] = ()  # empty: any piece that is not a bulk measure

    def choose(self, measures, racc_grams, name_words):
        candidates = []
        for measure in measures:
            if measure.unit is not None or measure.is_bulk or measure.noun is None:
                continue
            if self.nouns and measure.noun not in self.nouns:
                continue
            if measure.amount == 1:
                quantity = Fraction(units_per_serving(measure.grams_each, racc_grams))
            else:  # "10 strips", "2 slices": the measure as a whole
                quantity = Fraction(1)
            choice = measure_choice(measure, quantity)
            if not _sane(choice.grams, racc_grams):
                continue
            noun_rank = self.nouns.index(measure.noun) if self.nouns else 0
            size_rank = 0 if measure.size in (None, "medium") else 1  # a medium ear of corn
            rank = (noun_rank, measure.amount != 1, size_rank, measure.index)
            candidates.append((rank, choice))
        return min(candidates, key=lambda item: item[0])[1] if candidates else None


@dataclass(frozen=True)
class Serving(Preference):
    """The label's own serving ("1 NLEA serving", "1 packet", "1 serving (3 oz)")."""

    def choose(self, measures, racc_grams, name_words):
        for measure in sorted(measures, key=lambda m: (not m.is_nlea, m.index)):
            if measure.is_nlea or measure.noun in _SERVING_NOUNS:
                choice = measure_choice(measure, Fraction(1))
                if _sane(choice.grams, racc_grams):
                    return choice
        return None


_SERVING_NOUNS = ("serving", "packet", "envelope", "pouch", "portion", "container", "scoop")


def nearest_measure(measures: Sequence[Measure], racc_grams: Fraction) -> PortionChoice | None:
    """The household measure, in a simple quantity, whose weight is nearest the reference."""
    candidates = []
    for measure in measures:
        if measure.is_bulk or measure.unit in ("lb", "g", "kg"):
            continue
        wanted = racc_grams / Fraction(measure.grams)
        if measure.unit is None and measure.amount == 1:
            quantity = Fraction(units_per_serving(measure.grams_each, racc_grams))
        elif measure.unit == "oz" or measure.unit is None:
            # "3 oz" or "10 strips" as a whole; other weights are left to weight_fallback.
            quantity = Fraction(1)
        else:  # a volume: quarters or thirds of it
            quantity = min(
                (Fraction(round(wanted * d), d) for d in (4, 3)),
                key=lambda q: abs(q - wanted),
            )
        quantity = min(quantity, Fraction(MAX_NEAREST_QUANTITY))  # not "8.5 x 0.5 cup"
        if quantity <= 0:
            continue
        choice = measure_choice(measure, quantity)
        if not _simple(quantity) and quantity.denominator != 1:
            continue
        if not _sane(choice.grams, racc_grams, NEAREST_FACTOR):
            continue
        score = _ratio(choice.grams, racc_grams) + 0.25 * label_penalty(measure)
        score += 0.1 * (quantity != 1)
        candidates.append((score, measure.index, choice))
    return min(candidates, key=lambda item: (item[0], item[1]))[2] if candidates else None


def weight_fallback(measures: Sequence[Measure], racc_grams: Fraction) -> PortionChoice:
    """The reference amount as a weight: in ounces when near a half ounce, else in grams."""
    if racc_grams >= OUNCES_FROM_GRAMS:
        ounce = GRAMS_PER_WEIGHT_UNIT["oz"]
        ounces = max(Fraction(1, 2), Fraction(round(racc_grams / ounce * 2), 2))
        if abs(ounces * ounce - racc_grams) <= racc_grams * OUNCE_FIT:
            return ounces_choice(measures, ounces)
    grams = Fraction(round(racc_grams)) if racc_grams >= 10 else racc_grams
    return grams_choice(grams)


@dataclass(frozen=True)
class Rule:
    """Foods a rule covers (USDA groups and a name pattern), their reference amount and portions.

    `amount_to_make` is for foods sold in a form to be made up (21 CFR 101.12(c)): condensed
    soup ("1/2 cup" makes a cup), frozen juice concentrate ("2 fl oz" makes 8), dry mixes
    ("serving": the package's own serving).
    """

    name: str
    racc: str
    pattern: re.Pattern[str]
    prefer: tuple[Preference, ...] = ()
    groups: frozenset[str] | None = None
    exclude: re.Pattern[str] | None = None
    amount_to_make: str | None = None
    made_grams: Decimal | None = None  # a typical dry serving, when the package states none

    def covers(self, food_name: str, group: str | None) -> bool:
        """True when this rule is the one for a food."""
        if self.groups is not None and group not in self.groups:
            return False
        if self.exclude is not None and self.exclude.search(food_name):
            return False
        return self.pattern.search(food_name) is not None

    @property
    def reference(self) -> ReferenceAmount:
        return REFERENCE_AMOUNTS[self.racc]


def food_rule(
    name: str,
    racc: str,
    pattern: str,
    *prefer: Preference,
    groups: frozenset[str] | set[str] | str | None = None,
    exclude: str | None = None,
    make: str | None = None,
    made: str | None = None,
) -> Rule:
    if isinstance(groups, str):
        groups = frozenset({groups})
    return Rule(
        name=name,
        racc=racc,
        pattern=re.compile(pattern, re.IGNORECASE),
        prefer=prefer,
        groups=None if groups is None else frozenset(groups),
        exclude=None if exclude is None else re.compile(exclude, re.IGNORECASE),
        amount_to_make=make,
        made_grams=None if made is None else Decimal(made),
    )


# --- Reference amounts in grams ---------------------------------------------------------------

RaccBasis = Literal["weight", "measure", "nominal"]


def volume_grams(measures: Sequence[Measure], teaspoons: Fraction) -> Fraction | None:
    """Grams of a volume of this food, through its own best volume measure."""
    volume_measures = [m for m in measures if m.volume_tsp and not m.is_bulk]
    if not volume_measures:
        return None
    unit_order = {"cup": 0, "tbsp": 1, "tsp": 2, "fl oz": 3, None: 4}
    best = min(
        volume_measures,
        key=lambda m: (label_penalty(m), unit_order.get(m.unit, 4), m.index),
    )
    assert best.volume_tsp is not None  # volume_measures holds measures that state a volume
    return Fraction(best.grams) * teaspoons / best.volume_tsp


def _serving_grams(measures: Sequence[Measure]) -> Fraction | None:
    """The label serving: "1 NLEA serving" (all of it), else one "packet" or "serving"."""
    for measure in sorted(measures, key=lambda m: (not m.is_nlea, m.index)):
        if measure.is_nlea:
            return Fraction(measure.grams)
        if measure.noun in (*_SERVING_NOUNS, "cube"):
            return measure.grams_each
    return None


def reference_grams(
    reference: ReferenceAmount,
    measures: Sequence[Measure],
    amount_to_make: str | None = None,
    made_grams: Decimal | None = None,
) -> tuple[Fraction, RaccBasis]:
    """The reference amount of one food in grams, and what the figure rests on.

    "weight": the table gives grams. "measure": a volume converted through the food's own
    household measure. "nominal": the food has no measure to convert with, so the typical
    weight in the table stands in (good enough to choose a portion, never to judge a claim).
    """
    if amount_to_make == "serving":
        grams = _serving_grams(measures)
        nominal = Fraction(reference.nominal_grams if made_grams is None else made_grams)
        # A "packet" of 206 g of drink powder makes two quarts: not one serving.
        if grams is not None and _sane(grams, nominal):
            return grams, "measure"
        return nominal, "nominal"
    volume = reference.volume_tsp
    if amount_to_make is not None:
        number, unit = amount_to_make.split(" ", 1)
        volume = label_amount(number) * TSP_PER_VOLUME_UNIT[unit]
    if volume is None:
        assert reference.grams is not None
        return Fraction(reference.grams), "weight"
    grams = volume_grams(measures, volume)
    if grams is None:
        return Fraction(reference.nominal_grams), "nominal"
    return grams, "measure"


# --- The default portion --------------------------------------------------------------------


@dataclass(frozen=True)
class DefaultPortion:
    """A food's reference amount and the portion the day page preselects for it."""

    rule: Rule
    reference: ReferenceAmount
    racc_grams: Fraction
    racc_basis: RaccBasis
    choice: PortionChoice
    kind: str  # how it was chosen: a preference's name, "nearest measure" or "weight"

    @property
    def racc_key(self) -> str:
        return self.reference.key


# Ready-to-eat cereals: the reference amount depends on how much a cup of the cereal weighs.
