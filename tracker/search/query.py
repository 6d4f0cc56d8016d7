"""Queries: what was typed, as words, and the index words each one matches.

parse_query() turns the text into words (shorthand rewritten, stop words dropped, each word
once); expand() finds, for each word, the index words it matches and how well (a quality
from ranking.py): exactly, by synonym, typed apart or joined, as a compound's tail, as an
unfinished last word, as an abbreviation, one typo away.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from tracker.search import ranking
from tracker.search.text import STOP_WORDS, fold, raw_tokens, stem
from tracker.search.vocabulary import (
    MEASURE_CUT_WORDS,
    MIN_TYPO_LEN,
    PHRASE_REWRITES,
    REWRITES,
    SYNONYMS,
    Vocabulary,
)

# A person never types more than this; longer input is abuse or a paste accident, and
# bounding it keeps every search cheap.
MAX_QUERY_CHARS = 200
# Only the first words count; a sentence-long query gains nothing from the rest.
MAX_QUERY_WORDS = 8
# Compound tails shorter than this are mostly coincidence ("corn" in "peppercorn" is
# already a stretch).
MIN_TAIL_LEN = 4
# Unknown words inside a query are read as abbreviations from this length on.
MIN_INNER_PREFIX_LEN = 3
# A word typed for two ("peanutbutter") is cut with at least this many letters each side.
MIN_SPLIT_PART_LEN = 3


class QueryWord(NamedTuple):
    """One word of a query as typed (folded) and as its stem."""

    raw: str
    stem: str


class QueryToken:
    """One query word and the index words it matches, each with a match quality."""

    __slots__ = ("alternatives", "expansions", "raw", "stem")

    def __init__(self, word: QueryWord) -> None:
        self.raw = word.raw
        self.stem = word.stem
        self.expansions: dict[str, float] = {}
        # Alternatives of several words that must all be in the name ("pepitas").
        self.alternatives: list[tuple[tuple[str, ...], float]] = []

    def add(self, term: str, quality: float) -> None:
        """Record that a term matches with this quality, keeping the best."""
        if self.expansions.get(term, 0.0) < quality:
            self.expansions[term] = quality

    @property
    def matched(self) -> bool:
        """True once any index word or alternative matches."""
        return bool(self.expansions or self.alternatives)


def parse_query(query: str) -> list[QueryWord]:
    """Return the query's words; empty when it has none (or is too long to be a query)."""
    if len(query) > MAX_QUERY_CHARS:
        return []
    raw = [word for token in raw_tokens(query) for word in REWRITES.get(token, (token,))]
    kept = _rewrite_phrases([token for token in raw if token not in STOP_WORDS])
    if not kept and raw:
        # Only stop words: the last one may be the start of a word ("a" -> apples).
        kept = raw[-1:]
    words: list[QueryWord] = []
    seen: set[str] = set()
    for token in kept:
        token_stem = stem(token)
        if token_stem not in seen:  # "seed seeds" asks for seeds once
            seen.add(token_stem)
            words.append(QueryWord(token, token_stem))
    return words[:MAX_QUERY_WORDS]


_PHRASE_REWRITES = {
    (stem(first), stem(second)): (stem(first), replacement)
    for (first, second), replacement in PHRASE_REWRITES.items()
}


def _rewrite_phrases(tokens: list[str]) -> list[str]:
    """Replace a word that means something else beside another ("black" beside "coffee")."""
    stems = {stem(token) for token in tokens}
    for (first, second), (replaced, replacement) in _PHRASE_REWRITES.items():
        if first in stems and second in stems:
            tokens = [replacement if stem(token) == replaced else token for token in tokens]
    return tokens


def without_measure_cuts(text: str) -> str:
    """The food words of "chopped broccoli" after a volume ("1 cup chopped broccoli"): the cut
    describes how the cup was filled. Nothing is left out when only cut words remain."""
    kept = [word for word in text.split() if fold(word).strip(",.;:") not in MEASURE_CUT_WORDS]
    return " ".join(kept) if kept else text


def query_terms(tokens: Sequence[QueryToken]) -> set[str]:
    """Every word the query typed or matched (stems), to see which kinds of food it names."""
    terms: set[str] = set()
    for token in tokens:
        terms.add(token.stem)
        terms.update(token.expansions)
    return terms


def exact_words(tokens: Sequence[QueryToken]) -> list[frozenset[str]]:
    """For each query word, the index words that are the word itself (as typed or as its
    stem, MATCH_EXACT), not a synonym, a typo or a guess for it."""
    return [
        frozenset(
            term for term, quality in token.expansions.items() if quality == ranking.MATCH_EXACT
        )
        for token in tokens
    ]


def expand(
    words: Sequence[QueryWord], vocabularies: Sequence[Vocabulary], force_typos: bool
) -> list[QueryToken]:
    """Find the index words each query word matches, by every rule."""
    tokens = [QueryToken(word) for word in words]
    last = len(tokens) - 1

    def known(term: str) -> bool:
        return any(term in vocabulary.terms for vocabulary in vocabularies)

    for i, token in enumerate(tokens):
        forms = (token.stem,) if token.raw == token.stem else (token.stem, token.raw)
        for form in forms:
            if known(form):
                token.add(form, ranking.MATCH_EXACT)
        for alternative in SYNONYMS.get(token.stem, ()):
            if len(alternative) == 1:
                if known(alternative[0]):
                    token.add(alternative[0], ranking.MATCH_SYNONYM)
            else:
                token.alternatives.append((alternative, ranking.MATCH_SYNONYM))
        # Neighbouring words typed apart that names write as one ("soy milk").
        for j in (i - 1, i + 1):
            if 0 <= j <= last:
                left, right = (tokens[j], token) if j < i else (token, tokens[j])
                for joined in {left.stem + right.stem, stem(left.raw + right.raw)}:
                    if known(joined):
                        token.add(joined, ranking.MATCH_JOINED)
        if len(token.stem) >= MIN_TAIL_LEN:
            for vocabulary in vocabularies:
                for term in vocabulary.with_tail(token.stem):
                    token.add(term, ranking.MATCH_TAIL)
        if i == last:
            _expand_unfinished(tokens, vocabularies, forms)
        matched = token.matched
        if (force_typos or not matched) and len(token.stem) >= MIN_TYPO_LEN:
            for vocabulary in vocabularies:
                for form in forms:
                    for term in vocabulary.within_one_edit(form):
                        token.add(term, ranking.MATCH_TYPO)
        if not matched and i != last and len(token.stem) >= MIN_INNER_PREFIX_LEN:
            # An abbreviation inside a query ("choc chip", "spin raw"); it outranks the
            # typo guesses for the same word.
            for vocabulary in vocabularies:
                for term in vocabulary.with_prefix(token.stem):
                    token.add(term, ranking.prefix_quality(token.stem, term))
        if not token.matched:
            # One word typed for two in names ("peanutbutter", "blackbeans").
            for cut in range(MIN_SPLIT_PART_LEN, len(token.stem) - MIN_SPLIT_PART_LEN + 1):
                left_part, right_part = token.stem[:cut], stem(token.stem[cut:])
                if known(left_part) and known(right_part):
                    token.alternatives.append(((left_part, right_part), ranking.MATCH_SPLIT))
    return tokens


def _expand_unfinished(
    tokens: list[QueryToken], vocabularies: Sequence[Vocabulary], forms: tuple[str, ...]
) -> None:
    """As-you-type: the last word may be unfinished ("spin", or "soy m" for soymilk)."""
    token = tokens[-1]
    for form in forms:
        for vocabulary in vocabularies:
            for term in vocabulary.with_prefix(form):
                if term != form:
                    token.add(term, ranking.prefix_quality(form, term))
    if len(tokens) > 1:
        previous = tokens[-2]
        for vocabulary in vocabularies:
            for term in vocabulary.with_prefix(previous.stem + token.raw):
                token.add(term, ranking.MATCH_PREFIX)
                previous.add(term, ranking.MATCH_PREFIX)
