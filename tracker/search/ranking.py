"""Ranking rules: the table of every weight and word list, and the one scoring function.

A food's score for a query is

    sum over the query's words of  max over the name words the query word matches of
        match_score(quality, position, query_words) + share
    + prior

- **quality**: how the query word matched the name word (exact, synonym, prefix, typo ...,
  the MATCH_* values below; query.py decides which applies);
- **position**: where the word sits in the name (HEAD ... OTHER: the head noun counts most);
- **share**: what the name word adds whatever the match: covering more of a short name,
  covering its head noun, being its very first word (analyse() works it out once per name);
- **prior**: what the food is, whatever the query: plain preparations up, brands, odd forms,
  baby and restaurant foods down, retired foods last (also once per name). The penalty of a
  kind of food is lifted when the query names it ("baby food carrots").

Match quality dominates, so exact beats prefix beats typo; the rest orders foods that match
equally well. Equal scores go by name, then id, so results are stable.
"""

from __future__ import annotations

import functools
import heapq
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from tracker.search.text import (
    PARENTHESISED_RE,
    has_phrase,
    hyphenated_pairs,
    normalize,
    padded_words,
    stem,
)

# --- How well one query word matches one name word ---------------------------------------

MATCH_EXACT = 1.0
MATCH_JOINED = 0.95  # "soy milk" ~ "soymilk", "whole wheat" ~ "wholewheat"
MATCH_SYNONYM = 0.98  # the same food in other words; the literal word wins ties
MATCH_SPLIT = 0.9  # "peanutbutter" ~ "peanut" + "butter"
MATCH_PREFIX = 0.6  # an unfinished word, plus MATCH_PREFIX_SPAN for how much was typed
MATCH_PREFIX_SPAN = 0.2
MATCH_TAIL = 0.55  # "berries" ~ "strawberries": the compound is a kind of the word
MATCH_TYPO = 0.5


def prefix_quality(typed: str, word: str) -> float:
    """Quality of a prefix match: more of the word typed, better the match."""
    return MATCH_PREFIX + MATCH_PREFIX_SPAN * len(typed) / len(word)


# --- Weights of the score's terms ---------------------------------------------------------

W_QUALITY = 10.0
W_POSITION = 3.0
W_FIRST = 1.0  # the name's first head-noun word
W_COVERAGE = 2.0  # spread over the words of the name: short names that the query covers
W_HEAD_COVERAGE = 1.5  # spread over the words of the head noun


# Where a word sits in a name, from the most to the least important, and the weight of
# each. The head noun matters most: "Spinach, raw" is spinach, "Spaghetti, spinach, cooked"
# is pasta. (Plain ints rather than an enum: they index tuples in the hottest loop.)
HEAD = 0  # the first comma segment
NEAR_HEAD = 1  # the second segment after a category head: "almonds" in "Nuts, almonds"
SECOND = 2  # the second segment otherwise
OTHER = 3
POSITION_WEIGHTS: tuple[float, ...] = (1.0, 0.8, 0.5, 0.3)  # by position
POSITIONS = range(len(POSITION_WEIGHTS))

# USDA names often start with a category ("Nuts, almonds", "Seeds, chia seeds, dried",
# "Cereals ready-to-eat, granola"); for these the second part is the real head noun.
# Stems, as normalize() makes them ("candies" -> "candi").
GENERIC_HEADS = frozenset(
    {
        "nut",
        "seed",
        "fish",
        "bean",
        "spice",
        "cereal",
        "ready",
        "eat",
        "beverage",
        "alcoholic",
        "carbonated",
        "snack",
        "candi",
        "mollusk",
        "crustacean",
        "game",
        "meat",
        "fast",
        "food",
    }
)

# Words that say little about what the food is ("with added vitamin A and vitamin D");
# they count half towards the length of a name, so fortified staples are not "long".
LIGHT_WORDS = frozenset(
    {"added", "vitamin", "fortified", "enriched", "unenriched", "include", "usda", "commodity"}
)

# --- The prior: what a food is, whatever the query ----------------------------------------


class PhraseRule(NamedTuple):
    """A phrase in the name (whole folded words) and what it adds to the prior."""

    phrase: str
    value: float


RAW_BONUS = 0.6
# Preparations that make a food the plain, common form (or a less plain one).
PLAIN_PHRASES: tuple[PhraseRule, ...] = (
    PhraseRule("raw", RAW_BONUS),
    PhraseRule("all commercial varieties", 0.5),
    PhraseRule("all varieties", 0.3),
    PhraseRule("all types", 0.3),
    PhraseRule("year round average", 0.3),
    PhraseRule("fresh", 0.2),
    PhraseRule("plain", 0.3),
    PhraseRule("cooked", 0.15),
    PhraseRule("boiled", 0.15),
    PhraseRule("without salt", 0.3),
    PhraseRule("fried", -0.2),
    PhraseRule("dehydrated", -0.3),
    PhraseRule("powder", -0.3),
    PhraseRule("human", -1.0),
    PhraseRule("with salt", -0.4),
    PhraseRule("salt added", -0.4),
    PhraseRule("canned", -0.4),
    PhraseRule("frozen", -0.3),
    PhraseRule("dry mix", -0.3),
    PhraseRule("prepared from recipe", -0.3),
    PhraseRule("with fruit", -0.5),  # "Cheese, cottage, with vegetables": plain one first
    PhraseRule("with vegetables", -0.5),
    PhraseRule("imitation", -0.8),
    PhraseRule("substitute", -0.8),
)
# "without salt added" also contains these: it is the salt-free form.
SALTED_PHRASES = frozenset({"with salt", "salt added"})
# Food groups whose plain form is cooked rather than raw (by words of the group name): dry
# beans, lentils and grains, fish, meat and poultry are eaten cooked, so "Lentils, raw" or
# "Fish, salmon, raw" is not what someone logging a meal means.
EATEN_COOKED_GROUPS = (
    "legume",
    "cereal grains",
    "finfish",
    "beef products",
    "pork products",
    "poultry products",
    "lamb veal",
)
# Foods of other groups that are eaten cooked, by the first words of their name; "frozen,
# prepared" is USDA's word for frozen vegetables cooked by the package directions.
EATEN_COOKED_HEADS = ("potato", "potatoes", "sweet potato", "soybeans green", "edamame")
COOKED_PHRASES = ("cooked", "frozen prepared", "canned")

# Brand names are written in capitals in USDA names; these capitalised words are not.
BRAND_PENALTY = -1.2
NOT_BRANDS = frozenset({"NFS", "USDA", "RTE", "RTF", "UHT", "NS"})
_BRAND_RE = re.compile(r"\b[A-Z][A-Z'&]{2,}\b")

# Retired foods stay findable (old diary entries point to them) but sort after current ones.
RETIRED_PENALTY = -1000.0

# The form most people mean by a staple's plain name, where the name alone cannot tell
# (to USDA, sheep's milk is as plain as cow's). A small lift, so any other word typed
# still decides; names absent from the data simply never match.
EVERYDAY_BONUS = 1.0
EVERYDAY_DEFAULTS = frozenset(
    {
        "Milk, whole, 3.25% milkfat, with added vitamin D",
        "Milk, reduced fat, fluid, 2% milkfat, with added vitamin A and vitamin D",
        "Milk, lowfat, fluid, 1% milkfat, with added vitamin A and vitamin D",
        "Milk, nonfat, fluid, with added vitamin A and vitamin D (fat free or skim)",
        "Egg, whole, raw, fresh",
        "Egg, whole, cooked, hard-boiled",
        "Fish, salmon, Atlantic, farmed, cooked, dry heat",
        "Yogurt, plain, whole milk, 8 grams protein per 8 ounce",
        "Yogurt, plain, low fat, 12 grams protein per 8 ounce",
        "Potato, baked, flesh and skin, without salt",
        "Tomatoes, red, ripe, raw, year round average",
        "Bread, whole-wheat, commercially prepared",
        "Rice, white, long-grain, regular, cooked, unenriched, without salt",
        "Rice, brown, long-grain, cooked",
        "Chicken, broilers or fryers, breast, meat only, cooked, roasted",
        "Tofu, raw, firm, prepared with calcium sulfate",
        "Cereals, oats, regular and quick, unenriched, cooked with water "
        "(includes boiling and microwaving), without salt",
        # Drinks as poured: brewed, not instant or powder; black tea, not herbal.
        "Coffee, brewed from grounds, prepared with tap water",
        "Tea, black, brewed, prepared with tap water",
        "Soymilk, original and vanilla, unfortified",
        # Eaten as sold: shelled seeds, the dark chocolate of health advice, cooked edamame,
        # plain pasta, popcorn without butter.
        "Seeds, pumpkin and squash seed kernels, dried",
        "Seeds, sunflower seed kernels, dried",
        "Chocolate, dark, 70-85% cacao solids",
        "Edamame, frozen, prepared",
        "Spaghetti, cooked, enriched, without added salt",
        "Snacks, popcorn, air-popped",
        "Fish, tuna, light, canned in water, drained solids",
    }
)


class KindRule(NamedTuple):
    """A kind of food found by a phrase in its group or name, its penalty, and the query
    words (stems) that ask for it and so lift the penalty."""

    phrase: str
    penalty: float
    lifted_by: frozenset[str]


# Kinds of food that are rarely what someone means by a plain word ("baby food carrots",
# "restaurant fries" lift them). The first rule that applies gives a food its kind.
KIND_RULES: tuple[KindRule, ...] = (
    KindRule("baby foods", -2.5, frozenset({"baby", "babyfood"})),
    KindRule("babyfood", -2.5, frozenset({"baby", "babyfood"})),
    KindRule("fast foods", -2.0, frozenset({"fast"})),
    KindRule("restaurant", -2.0, frozenset({"restaurant"})),
    KindRule("meals", -1.5, frozenset({"meal", "entree", "dinner"})),
    KindRule("entree", -1.5, frozenset({"meal", "entree", "dinner"})),
    KindRule("alaska native", -1.0, frozenset({"alaska", "native"})),
    # Meat substitutes ("Bacon, meatless") are not what "bacon" means.
    KindRule("meatless", -2.0, frozenset({"meatless", "vegetarian", "veggie", "vegan"})),
)
NO_KIND = -1


# --- Foods, analysed once -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """One searchable food."""

    id: int  # database id
    name: str  # e.g. "Seeds, pumpkin and squash seed kernels, dried"
    food_group: str | None = None
    retired: bool = False
    boost: float = 0.0  # e.g. custom foods of the user get a small boost
    # The user's own food: it ranks above any database food whose name the query's words
    # match no better, or only through synonyms, typos or guesses where its own has them all
    # (own_first()).
    own: bool = False


# A name word's position and share: all that scoring needs to know about it.
WordEntry = tuple[int, float]


class AnalysedDoc:
    """A food analysed for scoring: its words with their positions and shares, its prior."""

    __slots__ = ("doc", "first", "kind", "prior", "words")

    def __init__(self, doc: SearchDoc) -> None:
        self.doc = doc
        self.words, self.first = analyse_name(doc.name)
        self.kind = kind_of(doc)
        self.prior = prior(doc) + (KIND_RULES[self.kind].penalty if self.kind != NO_KIND else 0.0)


def _segment_position(index: int, generic_head: bool) -> int:
    """Position of a word by the comma segment it is in."""
    if index == 0:
        return HEAD
    if index == 1:
        return NEAR_HEAD if generic_head else SECOND
    return OTHER


def analyse_name(name: str) -> tuple[dict[str, WordEntry], str]:
    """Map each word of a name to its position and share; also return its head noun's first word.

    Keeping the share per word lets a search add shares up instead of re-analysing names.
    """
    # Parenthesised text annotates the name ("Chickpeas (garbanzo beans, bengal gram)"):
    # its words match with the position of their segment but do not make the name longer.
    main = PARENTHESISED_RE.sub(" ", name)
    segments = [segment for segment in (normalize(part) for part in main.split(",")) if segment]
    generic_head = bool(segments) and set(segments[0]) <= GENERIC_HEADS
    # Each word's most important position.
    positions: dict[str, int] = {}
    length = 0.0
    for index, segment in enumerate(segments):
        position = _segment_position(index, generic_head)
        for term in segment:
            light = term in LIGHT_WORDS or len(term) == 1 or term[0].isdigit()
            length += 0.5 if light else 1.0
            if position < positions.get(term, len(POSITION_WEIGHTS)):
                positions[term] = position
    for match in PARENTHESISED_RE.finditer(name):
        index = PARENTHESISED_RE.sub(" ", name[: match.start()]).count(",")
        position = _segment_position(index, generic_head)
        for term in normalize(match.group()):
            if position < positions.get(term, len(POSITION_WEIGHTS)):
                positions[term] = position
    # "whole-wheat" is also found as "wholewheat" (the two words are indexed already).
    for left, right in hyphenated_pairs(main):
        positions.setdefault(stem(left + right), positions.get(stem(left), OTHER))
    head = set(segments[0]) if segments else set()
    first = segments[0][0] if segments else ""
    if generic_head and len(segments) > 1:
        # "Nuts, almonds": the head noun is "almonds"; "nuts" is the shelf it sits on.
        head = set(segments[1])
        first = segments[1][0]
    length = max(length, 1.0)
    words: dict[str, WordEntry] = {}
    for term, position in positions.items():
        share = W_COVERAGE / length
        if term in head:
            share += W_HEAD_COVERAGE / len(head)
        if term == first:
            share += W_FIRST
        words[term] = (position, share)
    return words, first


def prior(doc: SearchDoc) -> float:
    """Query-independent preference: plain preparations up, brands and odd forms down."""
    padded = padded_words(doc.name)
    value = doc.boost
    salt_free = has_phrase(padded, "without salt")
    for rule in PLAIN_PHRASES:
        if has_phrase(padded, rule.phrase) and not (salt_free and rule.phrase in SALTED_PHRASES):
            value += rule.value
    if eaten_cooked(doc):
        if has_phrase(padded, "raw"):
            value -= RAW_BONUS
        if any(has_phrase(padded, phrase) for phrase in COOKED_PHRASES):
            value += RAW_BONUS
    if not doc.retired:
        capitals = set(_BRAND_RE.findall(PARENTHESISED_RE.sub(" ", doc.name))) - NOT_BRANDS
        if capitals:
            value += BRAND_PENALTY
    if doc.name in EVERYDAY_DEFAULTS:
        value += EVERYDAY_BONUS
    if doc.retired:
        value += RETIRED_PENALTY
    return value


def eaten_cooked(doc: SearchDoc) -> bool:
    """True for foods people eat cooked (by group, or by the start of the name): for them the
    cooked form, not the raw one, is the plain form."""
    group = padded_words(doc.food_group or "")
    if any(has_phrase(group, words) for words in EATEN_COOKED_GROUPS):
        return True
    name = padded_words(doc.name)
    return any(name.startswith(f" {words} ") for words in EATEN_COOKED_HEADS)


def kind_of(doc: SearchDoc) -> int:
    """Index into KIND_RULES of the food's kind (by its group, else its name), or NO_KIND."""
    padded = padded_words(f"{doc.food_group or ''} {doc.name}")
    for index, rule in enumerate(KIND_RULES):
        if has_phrase(padded, rule.phrase):
            return index
    return NO_KIND


# --- Scoring ------------------------------------------------------------------------------


def match_score(quality: float, position: int, query_words: int) -> float:
    """What a query word earns for matching a name word with this quality at this position.

    The one scoring formula; a match's score is this plus the name word's share.
    """
    return (
        quality * W_QUALITY / query_words
        + quality * W_POSITION / query_words * POSITION_WEIGHTS[position]
    )


@functools.lru_cache(maxsize=4096)
def match_scores(quality: float, query_words: int) -> tuple[float, ...]:
    """match_score() at every position, for loops that score many words of one quality."""
    return tuple([match_score(quality, position, query_words) for position in POSITIONS])


def alternative_entry(entries: Iterable[WordEntry]) -> WordEntry:
    """Several name words matched together ("pumpkin seeds" for "pepitas") count as one word
    at the most important of their positions, with their shares added up."""
    listed = list(entries)
    return min(position for position, _share in listed), sum(share for _position, share in listed)


def lifted_kinds(query_terms: Iterable[str]) -> frozenset[int]:
    """Kinds of food the query asks for by name, whose penalty does not apply."""
    words = set(query_terms)
    return frozenset(i for i, rule in enumerate(KIND_RULES) if rule.lifted_by & words)


Row = tuple[float, AnalysedDoc]


def total_scores(
    word_scores: Mapping[int, float], docs: Sequence[AnalysedDoc], lifted: frozenset[int]
) -> list[Row]:
    """Each matched food's score (word_scores maps its index in docs to its words' scores):
    the words' scores plus its prior, less the penalty of its kind if the query lifts it."""
    rows: list[Row] = []
    for i, value in word_scores.items():
        doc = docs[i]
        score = value + doc.prior
        if doc.kind in lifted:
            score -= KIND_RULES[doc.kind].penalty
        rows.append((score, doc))
    return rows


def words_part(score: float, doc: AnalysedDoc, lifted: frozenset[int]) -> float:
    """The part of a row's score that its words earned: the score less the food's prior."""
    prior = doc.prior
    if doc.kind in lifted:
        prior -= KIND_RULES[doc.kind].penalty
    return score - prior


# Ties between an own food and a database food it matches as well go to the own food.
OWN_FIRST_MARGIN = 1e-6


def has_every_word(doc: AnalysedDoc, exact_words: Sequence[Collection[str]]) -> bool:
    """True when the food's name has each query word itself (exact_words: for each query word,
    the name words that are it exactly), not only a synonym, a typo or a guess for one."""
    words = doc.words
    return bool(exact_words) and all(any(term in words for term in terms) for terms in exact_words)


def own_first(
    rows: list[Row], limit: int, lifted: frozenset[int], exact_words: Sequence[Collection[str]]
) -> list[Row]:
    """The limit best rows, the user's own foods first where they match as well.

    A food the user made is what they mean when its name matches the query at least as well
    as a database food's, that is when
    - its name has every query word itself (exact_words, as has_every_word() reads it) and
      the database food's lacks one, matching it only through a synonym, a typo or a guess
      at an unfinished word: "porridge" is the user's "Morning porridge" before USDA's
      "Cereals, oats", whatever the oats' positions and shares; or
    - the words' part of its score is no lower (priors set aside: "plain" and everyday
      preferences are about database foods). This decides in every other case, as between
      two foods that both have every word: "Spinach, raw" stays above the user's
      "Green smoothie (spinach, banana)" for "spinach".
    It is lifted just above each such database food among the best. Rows without own foods
    come back as best() orders them.
    """
    own = [row for row in rows if row[1].doc.own]
    if not own:
        return best(rows, limit)
    others = best([row for row in rows if not row[1].doc.own], limit)
    compared = [
        (score, words_part(score, doc, lifted), has_every_word(doc, exact_words))
        for score, doc in others
    ]
    lifted_own: list[Row] = []
    for score, doc in own:
        mine = words_part(score, doc, lifted)
        exact = has_every_word(doc, exact_words)
        beaten = [
            other_score
            for other_score, other_words, other_exact in compared
            if (exact and not other_exact) or other_words <= mine + OWN_FIRST_MARGIN
        ]
        lifted_own.append((max([score, *(s + OWN_FIRST_MARGIN for s in beaten)]), doc))
    return best(others + lifted_own, limit)


def best(rows: Iterable[Row], limit: int) -> list[Row]:
    """The limit best (score, food) rows; equal scores go by name, then id."""
    return heapq.nsmallest(limit, rows, key=lambda row: (-row[0], row[1].doc.name, row[1].doc.id))
