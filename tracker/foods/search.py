"""In-memory food search: everyday words in, the plain common food first.

People type "almonds", "spinch" or "whole wheat bread", while USDA names read
"Nuts, almonds" or "Bread, whole-wheat, commercially prepared". The index folds case,
accents, punctuation, word order and plurals; the last query token may be a prefix
(as-you-type); tokens of four or more letters tolerate one typo; a small synonym table
bridges everyday and USDA words. Every query token must match, unless that finds
nothing, in which case the best partial matches are returned rather than nothing.

Ranking prefers exact words over prefixes over typos, matches in the head of the USDA
name (the text before the first comma), names that the query covers well, plain
preparations ("raw", "without salt") and current foods; baby, fast, restaurant and
prepared-meal foods sink unless the query asks for them.

Pure Python, no database: the catalog builds one index per process and searches it
for every request, so building is done once and searching scores only candidates.
"""

from __future__ import annotations

import functools
import heapq
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["FoodSearchIndex", "SearchDoc", "normalize"]

# A person never types more than this; longer input is abuse or a paste accident, and
# bounding it keeps every search cheap.
MAX_QUERY_CHARS = 200
# Only the first tokens count; a sentence-long query gains nothing from the rest.
MAX_QUERY_TOKENS = 8
# A token must be this long before a one-letter typo is tolerated; shorter words have
# too many one-edit neighbours ("pea" would match "tea", "sea", "pear", ...).
MIN_TYPO_LEN = 4
# Beyond this many matches a short last word ("a", "ch") matches only names whose head
# noun starts with it, which keeps the first keystrokes as fast as the rest.
MAX_CANDIDATES = 1200
SHORT_PREFIX_LEN = 2
# About how many words a name has; used to pick the cheaper way to score a token.
_WORDS_PER_NAME = 8

# Match quality of one query token against one name word.
_EXACT = 1.0
_JOINED = 0.95  # "soy milk" ~ "soymilk", "whole wheat" ~ "wholewheat"
_SYNONYM = 0.98  # the same food in other words; the literal word wins ties
_SPLIT = 0.9  # "peanutbutter" ~ "peanut" + "butter"
_PREFIX_BASE = 0.6
_PREFIX_SPAN = 0.2  # added in proportion to how much of the word was typed
_TAIL = 0.55  # "berries" ~ "strawberries": the compound is a kind of the word
_TYPO = 0.5
# Compound tails shorter than this are mostly coincidence ("corn" in "peppercorn" is
# already a stretch).
MIN_TAIL_LEN = 4
# Unknown words inside a query are read as abbreviations from this length on.
MIN_INNER_PREFIX_LEN = 3

# Weights of the score terms; match quality dominates so that exact beats prefix beats
# typo, the rest orders foods that match equally well.
_W_QUALITY = 10.0
_W_POSITION = 3.0
_W_FIRST = 1.0
_W_COVERAGE = 2.0
_W_HEAD_COVERAGE = 1.5

# Where in the name a word sits: the head noun matters most ("Spinach, raw" is spinach,
# "Spaghetti, spinach, cooked" is pasta).
_POS_HEAD = 1.0
_POS_NEAR_HEAD = 0.8  # second segment after a category head: "Nuts, almonds"
_POS_SECOND = 0.5
_POS_OTHER = 0.3

_STOP_WORDS = frozenset(
    {"a", "an", "and", "the", "of", "with", "w", "in", "or", "for", "to", "on", "by", "as"}
)

# USDA names often start with a category ("Nuts, almonds", "Seeds, chia seeds, dried",
# "Cereals ready-to-eat, granola"); for these the second part is the real head noun.
# Stems, as normalize() makes them ("candies" -> "candi").
_GENERIC_HEADS = frozenset(
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
_LIGHT_WORDS = frozenset(
    {"added", "vitamin", "fortified", "enriched", "unenriched", "include", "usda", "commodity"}
)

# Irregular plurals the suffix rules below would get wrong.
_IRREGULAR = {
    "leaves": "leaf",
    "loaves": "loaf",
    "halves": "half",
    "calves": "calf",
    "knives": "knife",
    "geese": "goose",
    "teeth": "tooth",
    "feet": "foot",
    "children": "child",
}

_VOWELS = frozenset("aeiou")

_TOKEN_RE = re.compile(r"\d+(?:\.\d+)?|[^\W\d_]+")
_APOSTROPHES = str.maketrans("", "", "'\u2019\u02bc`")
_HYPHENATED_RE = re.compile(r"([^\W\d_]+)-([^\W\d_]+)")
_PAREN_RE = re.compile(r"\([^()]*\)")
_BRAND_RE = re.compile(r"\b[A-Z][A-Z'&]{2,}\b")

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
}

# Shorthand whose literal word would mislead ("fries" is not "fry"): replaced outright.
_REWRITES: dict[str, tuple[str, ...]] = {
    "fries": ("french", "fried"),
    "oj": ("orange", "juice"),
    "pb": ("peanut", "butter"),
    "pbj": ("peanut", "butter", "jelly"),
}

_RAW_BONUS = 0.6
# Food groups whose plain form is cooked rather than raw (by words of the group name).
_EATEN_COOKED_GROUPS = ("legume", "cereal grains")

# Preparations that make a food the plain, common form (or a less plain one).
_PLAIN_PHRASES: tuple[tuple[str, float], ...] = (
    ("raw", _RAW_BONUS),
    ("all commercial varieties", 0.5),
    ("all varieties", 0.3),
    ("all types", 0.3),
    ("year round average", 0.3),
    ("fresh", 0.2),
    ("plain", 0.3),
    ("cooked", 0.15),
    ("boiled", 0.15),
    ("without salt", 0.3),
    ("fried", -0.2),
    ("dehydrated", -0.3),
    ("powder", -0.3),
    ("human", -1.0),
    ("with salt", -0.4),
    ("salt added", -0.4),
    ("canned", -0.4),
    ("frozen", -0.3),
    ("dry mix", -0.3),
    ("prepared from recipe", -0.3),
    ("imitation", -0.8),
    ("substitute", -0.8),
)
# Brand names are written in capitals in USDA names; these capitalised words are not.
_BRAND_PENALTY = -1.2
# Retired foods stay findable (old diary entries point to them) but sort after current ones.
_RETIRED_PENALTY = -1000.0
_EXTRA_CACHE_SIZE = 10_000
# Rows kept per cached short query: the API asks for at most 50.
_SHORT_ROWS = 50
_SHORT_CACHE_SIZE = 4096
_NOT_BRANDS = frozenset({"NFS", "USDA", "RTE", "RTF", "UHT", "NS"})

# The form most people mean by a staple's plain name, where the name alone cannot tell
# (to USDA, sheep's milk is as plain as cow's). A small lift, so any other word typed
# still decides; names absent from the data simply never match.
_EVERYDAY_BONUS = 1.0
_EVERYDAY_DEFAULTS = frozenset(
    {
        "Milk, whole, 3.25% milkfat, with added vitamin D",
        "Milk, reduced fat, fluid, 2% milkfat, with added vitamin A and vitamin D",
        "Milk, lowfat, fluid, 1% milkfat, with added vitamin A and vitamin D",
        "Milk, nonfat, fluid, with added vitamin A and vitamin D (fat free or skim)",
        "Egg, whole, raw, fresh",
        "Egg, whole, cooked, hard-boiled",
        "Fish, salmon, Atlantic, wild, raw",
        "Fish, salmon, Atlantic, farmed, cooked, dry heat",
        "Yogurt, plain, whole milk, 8 grams protein per 8 ounce",
        "Yogurt, plain, low fat, 12 grams protein per 8 ounce",
        "Potato, baked, flesh and skin, without salt",
        "Potato, flesh and skin, raw",
        "Tomatoes, red, ripe, raw, year round average",
        "Bread, whole-wheat, commercially prepared",
        "Rice, white, long-grain, regular, cooked, unenriched, without salt",
        "Rice, brown, long-grain, cooked",
        "Chicken, broilers or fryers, breast, meat only, cooked, roasted",
        "Tofu, raw, firm, prepared with calcium sulfate",
        "Cereals, oats, regular and quick, unenriched, cooked with water "
        "(includes boiling and microwaving), without salt",
    }
)

# Kinds of food that are rarely what someone means by a plain word, found in the food
# group or the name; the penalty is lifted when a query word names the kind ("baby food
# carrots", "restaurant fries"), so the lifting words are stems.
_GROUP_PENALTIES: tuple[tuple[str, float, frozenset[str]], ...] = (
    ("baby foods", -2.5, frozenset({"baby", "babyfood"})),
    ("babyfood", -2.5, frozenset({"baby", "babyfood"})),
    ("fast foods", -2.0, frozenset({"fast"})),
    ("restaurant", -2.0, frozenset({"restaurant"})),
    ("meals", -1.5, frozenset({"meal", "entree", "dinner"})),
    ("entree", -1.5, frozenset({"meal", "entree", "dinner"})),
    ("alaska native", -1.0, frozenset({"alaska", "native"})),
)


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """One searchable food."""

    id: int  # database id
    name: str  # e.g. "Seeds, pumpkin and squash seed kernels, dried"
    food_group: str | None = None
    retired: bool = False
    boost: float = 0.0  # e.g. custom foods of the user get a small boost


def _fold(text: str) -> str:
    """Lower-case and strip accents and apostrophes ("Café", "Grandma's" -> "cafe", "grandmas")."""
    if text.isascii():  # nearly every name: skip the per-character accent pass
        return text.lower().translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold().translate(_APOSTROPHES)


@functools.lru_cache(maxsize=65_536)
def _stem(word: str) -> str:
    """Fold singular and plural to one form; both sides use it, so the form need not be a word."""
    irregular = _IRREGULAR.get(word)
    if irregular is not None:
        return irregular
    n = len(word)
    if n > 3 and word.endswith("ies"):
        word = word[:-3] + "i"  # berries, cookies -> berri, cooki
    elif n > 4 and word.endswith("es") and word[:-2].endswith(("ch", "sh", "ss", "x", "z", "o")):
        word = word[:-2]  # peaches, radishes, potatoes -> peach, radish, potato
    elif n > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]  # almonds -> almond; hummus, asparagus, swiss stay
    n = len(word)
    if n >= 3 and word.endswith("ie"):
        word = word[:-1]  # cookie -> cooki, like cookies
    elif n >= 3 and word.endswith("y") and word[-2] not in _VOWELS:
        word = word[:-1] + "i"  # berry -> berri, like berries; soy, turkey stay
    return word


def _raw_tokens(text: str) -> list[str]:
    """Split folded text into words and numbers, keeping decimals like 3.25."""
    return _TOKEN_RE.findall(_fold(text))


def normalize(text: str) -> list[str]:
    """Return the search tokens of a text: folded, singular, without stop words."""
    return [_stem(tok) for tok in _raw_tokens(text) if tok not in _STOP_WORDS]


def _deletes(word: str) -> set[str]:
    """All strings one deletion away from a word."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _within_one_edit(a: str, b: str) -> bool:
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


def _build_synonyms() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Normalize the synonym table once, with the same rules as names and queries."""
    table: dict[str, tuple[tuple[str, ...], ...]] = {}
    for key, phrases in _SYNONYM_SOURCE.items():
        keys = normalize(key)
        if len(keys) != 1:
            raise ValueError(f"synonym key must be one word: {key!r}")
        alts = tuple(tuple(normalize(p)) for p in phrases)
        table[keys[0]] = tuple(a for a in alts if a)
    return table


_SYNONYMS = _build_synonyms()


def _segment_weight(idx: int, generic_head: bool) -> float:
    """Weight of a word by the comma segment it is in: the head noun counts most."""
    if idx == 0:
        return _POS_HEAD
    if idx == 1:
        return _POS_NEAR_HEAD if generic_head else _POS_SECOND
    return _POS_OTHER


def _name_terms(name: str) -> tuple[dict[str, tuple[float, float]], str]:
    """Map each word of a name to (position weight, query-independent score share).

    The share is what matching that word adds besides match quality: covering more of
    a short name, covering its head noun, being its very first word. Keeping it per word
    lets a search add shares up instead of re-analysing names. Also returns the first
    word of the head noun.
    """
    # Parenthesised text annotates the name ("Chickpeas (garbanzo beans, bengal gram)"):
    # its words match with the weight of their segment but do not make the name longer.
    main = _PAREN_RE.sub(" ", name)
    segments = [seg for seg in (normalize(part) for part in main.split(",")) if seg]
    generic_head = bool(segments) and set(segments[0]) <= _GENERIC_HEADS
    weights: dict[str, float] = {}
    length = 0.0
    for idx, seg in enumerate(segments):
        weight = _segment_weight(idx, generic_head)
        for term in seg:
            light = term in _LIGHT_WORDS or len(term) == 1 or term[0].isdigit()
            length += 0.5 if light else 1.0
            weights[term] = max(weights.get(term, 0.0), weight)
    for match in _PAREN_RE.finditer(name):
        idx = _PAREN_RE.sub(" ", name[: match.start()]).count(",")
        weight = _segment_weight(idx, generic_head)
        for term in normalize(match.group()):
            weights[term] = max(weights.get(term, 0.0), weight)
    # "whole-wheat" is also found as "wholewheat" (the two words are indexed already).
    for left, right in _HYPHENATED_RE.findall(_fold(main)):
        joined = _stem(left + right)
        weights.setdefault(joined, weights.get(_stem(left), _POS_OTHER))
    head = set(segments[0]) if segments else set()
    first = segments[0][0] if segments else ""
    if generic_head and len(segments) > 1:
        # "Nuts, almonds": the head noun is "almonds"; "nuts" is the shelf it sits on.
        head = set(segments[1])
        first = segments[1][0]
    length = max(length, 1.0)
    terms = {}
    for term, weight in weights.items():
        share = _W_COVERAGE / length
        if term in head:
            share += _W_HEAD_COVERAGE / len(head)
        if term == first:
            share += _W_FIRST
        terms[term] = (weight, share)
    return terms, first


def _has_phrase(padded: str, phrase: str) -> bool:
    """True if a phrase occurs as whole words in space-padded folded text."""
    return f" {phrase} " in padded


def _prior(doc: SearchDoc) -> float:
    """Query-independent preference: plain preparations up, brands and odd forms down."""
    padded = f" {' '.join(_raw_tokens(doc.name))} "
    prior = doc.boost
    salt_free = _has_phrase(padded, "without salt")
    for phrase, value in _PLAIN_PHRASES:
        if _has_phrase(padded, phrase):
            # "without salt added" also contains "salt added": it is the salt-free form.
            if salt_free and phrase in ("with salt", "salt added"):
                continue
            prior += value
    group = f" {' '.join(_raw_tokens(doc.food_group or ''))} "
    if any(_has_phrase(group, g) for g in _EATEN_COOKED_GROUPS):
        # Dry beans, lentils and grains are eaten cooked: "Lentils, raw" is not the plain form.
        if _has_phrase(padded, "raw"):
            prior -= _RAW_BONUS
        if _has_phrase(padded, "cooked"):
            prior += _RAW_BONUS
    if not doc.retired:
        caps = set(_BRAND_RE.findall(_PAREN_RE.sub(" ", doc.name))) - _NOT_BRANDS
        if caps:
            prior += _BRAND_PENALTY
    if doc.name in _EVERYDAY_DEFAULTS:
        prior += _EVERYDAY_BONUS
    if doc.retired:
        prior += _RETIRED_PENALTY
    return prior


def _kind(doc: SearchDoc) -> int:
    """Index into _GROUP_PENALTIES of the doc's kind (by group, else by name), or -1."""
    padded = f" {' '.join(_raw_tokens(doc.food_group or ''))} {' '.join(_raw_tokens(doc.name))} "
    for i, (phrase, _value, _lift) in enumerate(_GROUP_PENALTIES):
        if _has_phrase(padded, phrase):
            return i
    return -1


class _Doc:
    """A name analysed for scoring: its words and its query-independent score."""

    __slots__ = ("base", "doc", "first", "kind", "terms")

    def __init__(self, doc: SearchDoc) -> None:
        self.doc = doc
        self.terms, self.first = _name_terms(doc.name)
        self.kind = _kind(doc)
        penalty = _GROUP_PENALTIES[self.kind][1] if self.kind >= 0 else 0.0
        self.base = _prior(doc) + penalty


class _QueryToken:
    """One query word and the index words it matches, each with a match quality."""

    __slots__ = ("alts", "expansions", "raw", "stem")

    def __init__(self, raw: str, stem: str) -> None:
        self.raw = raw
        self.stem = stem
        self.expansions: dict[str, float] = {}
        # Alternatives of several words that must all be in the name ("pepitas").
        self.alts: list[tuple[tuple[str, ...], float]] = []

    def add(self, term: str, quality: float) -> None:
        """Record that a term matches with this quality, keeping the best."""
        if self.expansions.get(term, 0.0) < quality:
            self.expansions[term] = quality


class _Vocabulary:
    """The words of a set of names, with prefix, compound-tail and one-typo lookups."""

    __slots__ = ("deletes", "reversed_terms", "sorted_terms", "terms")

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = set(terms)
        self.sorted_terms = sorted(self.terms)
        self.reversed_terms = sorted(t[::-1] for t in self.terms)
        # SymSpell: a word within one edit of a query word shares a one-deletion variant
        # with it, so a map from deletion variants to words finds typos without a scan.
        deletes: dict[str, list[str]] = {}
        for term in self.sorted_terms:
            if len(term) >= MIN_TYPO_LEN - 1 and not term[0].isdigit():
                for variant in _deletes(term):
                    deletes.setdefault(variant, []).append(term)
        self.deletes = deletes

    @staticmethod
    def _starting(words: list[str], prefix: str) -> list[str]:
        out = []
        i = bisect_left(words, prefix)
        while i < len(words) and words[i].startswith(prefix):
            out.append(words[i])
            i += 1
        return out

    def with_prefix(self, prefix: str) -> list[str]:
        """Words starting with prefix."""
        return self._starting(self.sorted_terms, prefix)

    def with_tail(self, tail: str) -> list[str]:
        """Compound words ending in tail after at least three letters ("strawberri")."""
        found = self._starting(self.reversed_terms, tail[::-1])
        return [w[::-1] for w in found if len(w) >= len(tail) + 3]

    def within_one_edit(self, word: str) -> list[str]:
        """Words one typo away from word (not word itself)."""
        found: set[str] = set(self.deletes.get(word, ()))
        for variant in _deletes(word):
            if variant in self.terms:
                found.add(variant)
            found.update(self.deletes.get(variant, ()))
        found.discard(word)
        return sorted(t for t in found if _within_one_edit(word, t))


def _parse_query(query: str) -> list[tuple[str, str]]:
    """Return (raw, stem) pairs for the query's words; empty when it has none."""
    if len(query) > MAX_QUERY_CHARS:
        return []
    raw = [word for tok in _raw_tokens(query) for word in _REWRITES.get(tok, (tok,))]
    kept = [tok for tok in raw if tok not in _STOP_WORDS]
    if not kept and raw:
        # Only stop words: the last one may be the start of a word ("a" -> apples).
        kept = raw[-1:]
    words: list[tuple[str, str]] = []
    seen: set[str] = set()
    for tok in kept:
        stem = _stem(tok)
        if stem not in seen:  # "seed seeds" asks for seeds once
            seen.add(stem)
            words.append((tok, stem))
    return words[:MAX_QUERY_TOKENS]


def _expand(
    words: list[tuple[str, str]], vocabs: Sequence[_Vocabulary], force_typos: bool
) -> list[_QueryToken]:
    """Find the index words each query word matches, by every rule."""
    tokens = [_QueryToken(raw, stem) for raw, stem in words]
    last = len(tokens) - 1

    def known(term: str) -> bool:
        return any(term in v.terms for v in vocabs)

    for i, tok in enumerate(tokens):
        forms = (tok.stem,) if tok.raw == tok.stem else (tok.stem, tok.raw)
        for form in forms:
            if known(form):
                tok.add(form, _EXACT)
        for alt in _SYNONYMS.get(tok.stem, ()):
            if len(alt) == 1:
                if known(alt[0]):
                    tok.add(alt[0], _SYNONYM)
            else:
                tok.alts.append((alt, _SYNONYM))
        # Neighbouring words typed apart that names write as one ("soy milk").
        for j in (i - 1, i + 1):
            if 0 <= j <= last:
                left, right = (tokens[j], tok) if j < i else (tok, tokens[j])
                for joined in {left.stem + right.stem, _stem(left.raw + right.raw)}:
                    if known(joined):
                        tok.add(joined, _JOINED)
        if len(tok.stem) >= MIN_TAIL_LEN:
            for vocab in vocabs:
                for term in vocab.with_tail(tok.stem):
                    tok.add(term, _TAIL)
        if i == last:
            # As-you-type: the last word may be unfinished ("spin", or "soy m" for soymilk).
            for form in forms:
                for vocab in vocabs:
                    for term in vocab.with_prefix(form):
                        if term != form:
                            tok.add(term, _PREFIX_BASE + _PREFIX_SPAN * len(form) / len(term))
            if i > 0:
                prev = tokens[i - 1]
                for vocab in vocabs:
                    for term in vocab.with_prefix(prev.stem + tok.raw):
                        tok.add(term, _PREFIX_BASE)
                        prev.add(term, _PREFIX_BASE)
        matched = bool(tok.expansions or tok.alts)
        if (force_typos or not matched) and len(tok.stem) >= MIN_TYPO_LEN:
            for vocab in vocabs:
                for form in forms:
                    for term in vocab.within_one_edit(form):
                        tok.add(term, _TYPO)
        if not matched and i != last and len(tok.stem) >= MIN_INNER_PREFIX_LEN:
            # An abbreviation inside a query ("choc chip", "spin raw"); it outranks the
            # typo guesses for the same word.
            for vocab in vocabs:
                for term in vocab.with_prefix(tok.stem):
                    tok.add(term, _PREFIX_BASE + _PREFIX_SPAN * len(tok.stem) / len(term))
        if not tok.expansions and not tok.alts:
            # One word typed for two in names ("peanutbutter", "blackbeans").
            stem = tok.stem
            for cut in range(3, len(stem) - 2):
                left, right = stem[:cut], _stem(stem[cut:])
                if known(left) and known(right):
                    tok.alts.append(((left, right), _SPLIT))
    return tokens


class FoodSearchIndex:
    """Search a fixed set of foods; build once, search many times."""

    def __init__(self, docs: Iterable[SearchDoc]) -> None:
        self._docs: list[_Doc] = [_Doc(doc) for doc in docs]
        # term -> {doc index: (position weight, score share)}: scoring reads postings only.
        postings: dict[str, dict[int, tuple[float, float]]] = {}
        # Docs by the first word of their head noun, to narrow one- and two-letter prefixes.
        heads: dict[str, set[int]] = {}
        for i, d in enumerate(self._docs):
            for term, entry in d.terms.items():
                postings.setdefault(term, {})[i] = entry
            heads.setdefault(d.first, set()).add(i)
        self._postings = postings
        self._heads = heads
        self._vocab = _Vocabulary(postings)
        # A user's custom foods come with every request; analysing them is cached by value
        # so a user's list is not re-analysed on every keystroke.
        self._extra_cache: dict[SearchDoc, _Doc] = {}
        # Ranked rows for one- and two-letter queries, filled on first use.
        self._short_cache: dict[tuple[str, str], list[tuple[float, _Doc]]] = {}

    def __len__(self) -> int:
        return len(self._docs)

    def search(
        self, query: str, limit: int = 10, extra_docs: Sequence[SearchDoc] = ()
    ) -> list[SearchDoc]:
        """Return up to limit foods matching query, best first; extra_docs rank alongside."""
        if limit <= 0 or not isinstance(query, str):
            return []
        words = _parse_query(query)
        if not words:
            return []
        extra = [self._analysed(doc) for doc in extra_docs]
        vocabs = [self._vocab]
        if extra:
            vocabs.append(_Vocabulary(t for d in extra for t in d.terms))
        if len(words) == 1 and len(words[0][1]) <= SHORT_PREFIX_LEN and limit <= _SHORT_ROWS:
            # First keystrokes ("b", "ch") match thousands of names and come from every user,
            # so the index's part of their ranking is kept; extra docs are still scored live.
            # Words of the extra docs cannot change it: they add no postings to the index.
            rows = self._short_cache.get(words[0])
            if rows is None:
                tokens = _expand(words, [self._vocab], force_typos=False)
                rows = _best(self._scores(tokens, [], require_all=True), _SHORT_ROWS)
                if len(self._short_cache) >= _SHORT_CACHE_SIZE:
                    self._short_cache.clear()  # only odd scripts get here; bounds memory
                self._short_cache[words[0]] = rows
            if extra:
                tokens = _expand(words, vocabs, force_typos=False)
                rows = _best(rows + _extra_scores(tokens, extra, require_all=True), limit)
            return [d.doc for _score, d in rows[:limit]]
        tokens = _expand(words, vocabs, force_typos=False)
        found = self._scores(tokens, extra, require_all=True)
        if not found:
            # Nothing has every word: allow typos everywhere, then settle for partial matches.
            tokens = _expand(words, vocabs, force_typos=True)
            found = self._scores(tokens, extra, require_all=True)
            if not found and len(tokens) > 1:
                found = self._scores(tokens, extra, require_all=False)
        return [d.doc for _score, d in _best(found, limit)]

    def _analysed(self, doc: SearchDoc) -> _Doc:
        cached = self._extra_cache.get(doc)
        if cached is None:
            if len(self._extra_cache) >= _EXTRA_CACHE_SIZE:
                self._extra_cache.clear()  # bounds memory; refilled on demand
            cached = self._extra_cache[doc] = _Doc(doc)
        return cached

    def _token_docs(self, tok: _QueryToken) -> set[int]:
        """Index docs matching one query token."""
        postings = self._postings
        found: set[int] = set()
        for term in tok.expansions:
            plist = postings.get(term)
            if plist:
                found.update(plist)
        for alt, _quality in tok.alts:
            found.update(self._alt_docs(alt))
        return found

    def _alt_docs(self, alt: tuple[str, ...]) -> set[int]:
        """Index docs containing every word of a several-word alternative."""
        if not all(t in self._postings for t in alt):
            return set()
        docs = set(self._postings[alt[0]])
        for term in alt[1:]:
            docs.intersection_update(self._postings[term])
        return docs

    def _candidates(self, tokens: list[_QueryToken], require_all: bool) -> set[int]:
        """Index docs matching every token (or any, for partial matches)."""
        per_token = [self._token_docs(tok) for tok in tokens]
        last = tokens[-1]
        if len(last.stem) <= SHORT_PREFIX_LEN and len(per_token[-1]) > MAX_CANDIDATES:
            # A one- or two-letter last word ("b", "ch") starts words in most names; unless
            # the other words narrow the search enough, it matches only names whose head
            # noun starts with it, which is also what someone typing it means.
            others = _intersection(per_token[:-1]) if require_all and len(tokens) > 1 else None
            if others is None or len(others) > MAX_CANDIDATES:
                heads: set[int] = set()
                for term in last.expansions:
                    heads.update(self._heads.get(term, ()))
                per_token[-1] = heads
        if require_all:
            return _intersection(per_token)
        return set().union(*per_token)

    def _scores(
        self, tokens: list[_QueryToken], extra: list[_Doc], require_all: bool
    ) -> list[tuple[float, _Doc]]:
        """Score every matching doc, index and extra alike."""
        candidates = self._candidates(tokens, require_all)
        n = len(tokens)
        total: dict[int, float] = dict.fromkeys(candidates, 0.0)
        # A doc that misses a token (partial matches only) just lacks that token's share.
        for tok in tokens:
            for i, value in self._token_best(tok, candidates, n).items():
                total[i] += value
        docs = self._docs
        lifted = _lifted_kinds(tokens)
        out = []
        for i, value in total.items():
            d = docs[i]
            score = value + d.base
            if d.kind in lifted:
                score -= _GROUP_PENALTIES[d.kind][1]
            out.append((score, d))
        out.extend(_extra_scores(tokens, extra, require_all))
        return out

    def _token_best(self, tok: _QueryToken, candidates: set[int], n: int) -> dict[int, float]:
        """Best score share of one token for each candidate doc that it matches."""
        best: dict[int, float] = {}
        get = best.get
        postings = self._postings
        expansions = tok.expansions
        plists = [(postings[t], q) for t, q in expansions.items() if t in postings]
        # Walk whichever is shorter: the postings of the token's words, or the candidates'
        # words (a prefix like "b" expands to hundreds of words).
        by_terms = sum(min(len(p), len(candidates)) for p, _q in plists)
        if by_terms <= len(candidates) * _WORDS_PER_NAME:
            for plist, quality in plists:
                a = quality * _W_QUALITY / n
                b = quality * _W_POSITION / n
                if len(plist) <= len(candidates):
                    for i, (weight, share) in plist.items():
                        if i in candidates:
                            value = a + b * weight + share
                            if value > get(i, -1.0):
                                best[i] = value
                else:
                    for i in candidates:
                        entry = plist.get(i)
                        if entry is not None:
                            value = a + b * entry[0] + entry[1]
                            if value > get(i, -1.0):
                                best[i] = value
        else:
            a = _W_QUALITY / n
            b = _W_POSITION / n
            docs = self._docs
            for i in candidates:
                for term, (weight, share) in docs[i].terms.items():
                    quality = expansions.get(term)
                    if quality is not None:
                        value = quality * (a + b * weight) + share
                        if value > get(i, -1.0):
                            best[i] = value
        for alt, quality in tok.alts:
            a = quality * _W_QUALITY / n
            b = quality * _W_POSITION / n
            for i in self._alt_docs(alt) & candidates:
                entries = [postings[t][i] for t in alt]
                value = a + b * max(e[0] for e in entries) + sum(e[1] for e in entries)
                if value > get(i, -1.0):
                    best[i] = value
        return best


def _token_value(tok: _QueryToken, terms: dict[str, tuple[float, float]], n: int) -> float | None:
    """Best score share of one token in one analysed name, or None if it does not match."""
    best: float | None = None
    for term, quality in tok.expansions.items():
        entry = terms.get(term)
        if entry is not None:
            value = quality * (_W_QUALITY + _W_POSITION * entry[0]) / n + entry[1]
            if best is None or value > best:
                best = value
    for alt, quality in tok.alts:
        if all(t in terms for t in alt):
            entries = [terms[t] for t in alt]
            value = quality * (_W_QUALITY + _W_POSITION * max(e[0] for e in entries)) / n
            value += sum(e[1] for e in entries)
            if best is None or value > best:
                best = value
    return best


def _score_doc(tokens: list[_QueryToken], d: _Doc, n: int, require_all: bool) -> float | None:
    """Score one analysed doc the same way the index scores its own (for extra docs)."""
    total = 0.0
    hits = 0
    for tok in tokens:
        value = _token_value(tok, d.terms, n)
        if value is None:
            if require_all:
                return None
            continue
        total += value
        hits += 1
    return total + d.base if hits else None


def _intersection(sets: list[set[int]]) -> set[int]:
    """Docs in every set, smallest set first so the work stays small."""
    ordered = sorted(sets, key=len)
    found = set(ordered[0])
    for docs in ordered[1:]:
        found &= docs
        if not found:
            break
    return found


def _extra_scores(
    tokens: list[_QueryToken], extra: list[_Doc], require_all: bool
) -> list[tuple[float, _Doc]]:
    """Score extra docs (a user's custom foods) one by one, as the index scores its own."""
    if not extra:
        return []
    n = len(tokens)
    lifted = _lifted_kinds(tokens)
    out = []
    for d in extra:
        score = _score_doc(tokens, d, n, require_all)
        if score is not None:
            if d.kind in lifted:
                score -= _GROUP_PENALTIES[d.kind][1]
            out.append((score, d))
    return out


def _lifted_kinds(tokens: list[_QueryToken]) -> set[int]:
    """Kinds of food the query asks for by name, whose penalty does not apply."""
    words: set[str] = set()
    for tok in tokens:
        words.add(tok.stem)
        words.update(tok.expansions)
    return {i for i, (_p, _v, lift) in enumerate(_GROUP_PENALTIES) if lift & words}


def _best(found: list[tuple[float, _Doc]], limit: int) -> list[tuple[float, _Doc]]:
    """The limit best rows; equal scores go by name, then id, so results are stable."""
    return heapq.nsmallest(limit, found, key=lambda row: (-row[0], row[1].doc.name, row[1].doc.id))
