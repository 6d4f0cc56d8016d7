"""The words the search knows: everyday words for USDA ones, and lookups over a set of words.

A `Vocabulary` holds the words of a set of names and finds the ones starting with a prefix
(as-you-type), ending in a word (compounds: "strawberries" for "berries") or one typo away
from a word (SymSpell's deletion map, so no scan of the words).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from tracker.search.text import normalize

# A word must be this long before a one-letter typo is tolerated; shorter words have too
# many one-edit neighbours ("pea" would match "tea", "sea", "pear", ...).
MIN_TYPO_LEN = 4
# Compound words count as a kind of their tail only past this many letters before it.
MIN_COMPOUND_HEAD_LEN = 3

# Everyday words and the USDA words for them (each value is one alternative phrase, all
# of whose words must be in the name). Kept small: every entry is a promise to maintain.
_SYNONYM_SOURCE: dict[str, tuple[str, ...]] = {
    "yoghurt": ("yogurt",),
    "yoghourt": ("yogurt",),
    "oatmeal": ("cereals oats",),
    "porridge": ("cereals oats",),
    "edamame": ("soybeans green",),
    "garbanzo": ("chickpeas",),
    "pepitas": ("pumpkin seeds",),
    "hummous": ("hummus",),
    "houmous": ("hummus",),
    "aubergine": ("eggplant",),
    "courgette": ("zucchini",),
    "prawns": ("shrimp",),
    "beetroot": ("beets",),
    "cilantro": ("coriander",),
    "rocket": ("arugula",),
    "soya": ("soy",),
    "chilli": ("chili",),
    "ketchup": ("catsup",),
    "mac": ("macaroni",),
    "bbq": ("barbecue",),
    "mince": ("ground",),
    "ghee": ("butter oil",),
}

# Shorthand whose literal word would mislead ("fries" is not "fry"): replaced outright,
# before stemming, by these words.
REWRITES: dict[str, tuple[str, ...]] = {
    "fries": ("french", "fried"),
    "oj": ("orange", "juice"),
    "pb": ("peanut", "butter"),
    "pbj": ("peanut", "butter", "jelly"),
}


# Two words that together mean what USDA names in other words: when a query has both, the
# first is replaced ("black coffee" is brewed coffee, not black beans; "rice milk" is USDA's
# "Rice drink"). Keys and values are written as typed; parse_query compares stems.
PHRASE_REWRITES: dict[tuple[str, str], str] = {
    ("black", "coffee"): "brewed",
    ("milk", "rice"): "drink",
}

# Words that say how a cup or spoon was filled ("1 cup chopped broccoli"), not which food it
# is: after a volume they are left out of the search (the portion chooser still reads them,
# to pick the food's "1 cup, chopped" measure).
MEASURE_CUT_WORDS = frozenset(
    {"chopped", "sliced", "diced", "cubed", "shredded", "halved", "packed", "loosely", "firmly"}
)


def _build_synonyms() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Normalize the synonym table once, with the same rules as names and queries."""
    table: dict[str, tuple[tuple[str, ...], ...]] = {}
    for key, phrases in _SYNONYM_SOURCE.items():
        keys = normalize(key)
        if len(keys) != 1:
            raise ValueError(f"synonym key must be one word: {key!r}")
        alternatives = (tuple(normalize(phrase)) for phrase in phrases)
        table[keys[0]] = tuple(alternative for alternative in alternatives if alternative)
    return table


# Stem of an everyday word -> the alternatives (each a tuple of stems) it stands for.
SYNONYMS = _build_synonyms()


def one_deletion_variants(word: str) -> set[str]:
    """All strings one deletion away from a word."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def within_one_edit(a: str, b: str) -> bool:
    """True if a and b differ by at most one substitution, insertion, deletion or swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    if la > lb:
        a, b = b, a
    # b is a with one letter inserted: skip the first mismatch in b.
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def _starting(words: list[str], prefix: str) -> list[str]:
    """The words of a sorted list that start with prefix."""
    found = []
    i = bisect_left(words, prefix)
    while i < len(words) and words[i].startswith(prefix):
        found.append(words[i])
        i += 1
    return found


class Vocabulary:
    """The words of a set of names, with prefix, compound-tail and one-typo lookups."""

    __slots__ = ("_deletes", "_reversed", "_sorted", "terms")

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = set(terms)
        self._sorted = sorted(self.terms)
        self._reversed = sorted(term[::-1] for term in self.terms)
        # SymSpell: a word within one edit of a query word shares a one-deletion variant
        # with it, so a map from deletion variants to words finds typos without a scan.
        deletes: dict[str, list[str]] = {}
        for term in self._sorted:
            if len(term) >= MIN_TYPO_LEN - 1 and not term[0].isdigit():
                for variant in one_deletion_variants(term):
                    deletes.setdefault(variant, []).append(term)
        self._deletes = deletes

    def with_prefix(self, prefix: str) -> list[str]:
        """Words starting with prefix."""
        return _starting(self._sorted, prefix)

    def with_tail(self, tail: str) -> list[str]:
        """Compound words ending in tail after at least three letters ("strawberri")."""
        found = _starting(self._reversed, tail[::-1])
        return [w[::-1] for w in found if len(w) >= len(tail) + MIN_COMPOUND_HEAD_LEN]

    def within_one_edit(self, word: str) -> list[str]:
        """Words one typo away from word (not word itself)."""
        found: set[str] = set(self._deletes.get(word, ()))
        for variant in one_deletion_variants(word):
            if variant in self.terms:
                found.add(variant)
            found.update(self._deletes.get(variant, ()))
        found.discard(word)
        return sorted(term for term in found if within_one_edit(word, term))
