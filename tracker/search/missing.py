"""Everyday foods the USDA database of 2011 (SR24) does not have, so a search can say so.

A search for one of them finds only near misses: "almond milk" finds milk chocolate with
almonds, "Greek yogurt" plain yogurt (with half as much protein and a third more magnesium),
"green tea" black tea. Offered silently, a near miss is logged as if it were the food. The
foods named here are said to be missing instead, with the way to add them from a label.

Kept small, and checked against the data file (tests/test_food_search.py): a food that
appears in a later data file must leave this list. Searches that find only foods missing
some of the typed words are the other half of the rule (SearchOutcome.complete).
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.search.phrases import names_phrase
from tracker.search.text import normalize


@dataclass(frozen=True)
class MissingFood:
    """A food SR24 lacks: its name as a page writes it, and the ways people type it."""

    name: str
    phrases: tuple[str, ...]


KNOWN_MISSING: tuple[MissingFood, ...] = (
    MissingFood("Greek yogurt", ("greek yogurt", "greek yoghurt", "greek style yogurt")),
    MissingFood("Almond milk", ("almond milk", "almondmilk", "almond drink", "almond beverage")),
    MissingFood("Oat milk", ("oat milk", "oatmilk", "oat drink", "oat beverage")),
    MissingFood("Cashew milk", ("cashew milk", "cashew drink")),
    MissingFood("Hemp milk", ("hemp milk", "hemp drink")),
    MissingFood("Green tea", ("green tea", "matcha", "sencha")),
    MissingFood("Soy yogurt", ("soy yogurt", "soya yogurt", "soy yoghurt", "soya yoghurt")),
    MissingFood("Kefir", ("kefir",)),
    MissingFood("Skyr", ("skyr",)),
    MissingFood("Quark", ("quark",)),
    MissingFood("Kombucha", ("kombucha",)),
)

_PHRASES: tuple[tuple[tuple[str, ...], MissingFood], ...] = tuple(
    (tuple(normalize(phrase)), food) for food in KNOWN_MISSING for phrase in food.phrases
)


def known_missing(query: str) -> MissingFood | None:
    """The missing food a query names (tracker.search.phrases): every word of one of its
    phrases, in any order, among others ("2 cups unsweetened almond milk", "greek yog")."""
    typed = normalize(query)
    for words, food in _PHRASES:
        if names_phrase(typed, words):
            return food
    return None
