"""The index: built once from the foods, searched for every request.

Postings map each name word to the foods that have it (with the word's position and share),
so a search scores only the candidates its words find. Every query word must match, unless
that finds nothing: then typos are allowed everywhere, then the best partial matches are
returned rather than nothing. A user's custom foods come with each search ("extra docs") and
are scored one by one with the same rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from tracker.search import ranking
from tracker.search.query import (
    QueryToken,
    QueryWord,
    exact_words,
    expand,
    parse_query,
    query_terms,
)
from tracker.search.ranking import AnalysedDoc, Row, SearchDoc, WordEntry, match_score
from tracker.search.vocabulary import Vocabulary

# Beyond this many matches a short last word ("a", "ch") matches only names whose head
# noun starts with it, which keeps the first keystrokes as fast as the rest.
MAX_CANDIDATES = 1200
SHORT_PREFIX_LEN = 2
# About how many words a name has; used to pick the cheaper way to score a word.
_WORDS_PER_NAME = 8
_EXTRA_CACHE_SIZE = 10_000
# Rows kept per cached short query: the API asks for at most 50.
_SHORT_ROWS = 50
_SHORT_CACHE_SIZE = 4096


class SearchOutcome(NamedTuple):
    """A search's foods, best first, and whether each of them has every word of the query.

    complete is False when nothing had every word as typed, so typos were allowed everywhere
    or foods matching only some of the words were returned: the closest foods, not matches.
    """

    docs: list[SearchDoc]
    complete: bool


class FoodSearchIndex:
    """Search a fixed set of foods; build once, search many times."""

    def __init__(self, docs: Iterable[SearchDoc]) -> None:
        self._docs: list[AnalysedDoc] = [AnalysedDoc(doc) for doc in docs]
        # term -> {doc index: (position, share)}: scoring reads postings only.
        postings: dict[str, dict[int, WordEntry]] = {}
        # Docs by the first word of their head noun, to narrow one- and two-letter prefixes.
        heads: dict[str, set[int]] = {}
        for i, analysed in enumerate(self._docs):
            for term, entry in analysed.words.items():
                postings.setdefault(term, {})[i] = entry
            heads.setdefault(analysed.first, set()).add(i)
        self._postings = postings
        self._heads = heads
        self._vocabulary = Vocabulary(postings)
        # A user's custom foods come with every request; analysing them is cached by value
        # so a user's list is not re-analysed on every keystroke.
        self._extra_cache: dict[SearchDoc, AnalysedDoc] = {}
        # Ranked rows for one- and two-letter queries, filled on first use.
        self._short_cache: dict[QueryWord, list[Row]] = {}

    def __len__(self) -> int:
        return len(self._docs)

    def search(
        self, query: str, limit: int = 10, extra_docs: Sequence[SearchDoc] = ()
    ) -> list[SearchDoc]:
        """Return up to limit foods matching query, best first; extra_docs rank alongside."""
        return self.search_detailed(query, limit, extra_docs).docs

    def search_detailed(
        self, query: str, limit: int = 10, extra_docs: Sequence[SearchDoc] = ()
    ) -> SearchOutcome:
        """search(), and whether the foods found have every word of the query."""
        if limit <= 0 or not isinstance(query, str):
            return SearchOutcome([], True)
        words = parse_query(query)
        if not words:
            return SearchOutcome([], True)
        extra = [self._analysed(doc) for doc in extra_docs]
        vocabularies = [self._vocabulary]
        if extra:
            vocabularies.append(Vocabulary(term for d in extra for term in d.words))
        if len(words) == 1 and len(words[0].stem) <= SHORT_PREFIX_LEN and limit <= _SHORT_ROWS:
            rows = self._short_search(words[0], limit, extra, vocabularies)
            return SearchOutcome([d.doc for _score, d in rows], True)
        tokens = expand(words, vocabularies, force_typos=False)
        found = self._scores(tokens, extra, require_all=True)
        complete = bool(found)
        if not found:
            # Nothing has every word: allow typos everywhere, then settle for partial matches.
            tokens = expand(words, vocabularies, force_typos=True)
            found = self._scores(tokens, extra, require_all=True)
            if not found and len(tokens) > 1:
                found = self._scores(tokens, extra, require_all=False)
        lifted = ranking.lifted_kinds(query_terms(tokens))
        rows = ranking.own_first(found, limit, lifted, exact_words(tokens))
        return SearchOutcome([d.doc for _score, d in rows], complete or not found)

    def _short_search(
        self,
        word: QueryWord,
        limit: int,
        extra: list[AnalysedDoc],
        vocabularies: list[Vocabulary],
    ) -> list[Row]:
        """First keystrokes ("b", "ch"): they match thousands of names and come from every
        user, so the index's part of their ranking is kept; extra docs are scored live.

        Words of the extra docs cannot change the kept part: they add no postings to the index.
        """
        rows = self._short_cache.get(word)
        if rows is None:
            tokens = expand([word], [self._vocabulary], force_typos=False)
            rows = ranking.best(self._scores(tokens, [], require_all=True), _SHORT_ROWS)
            if len(self._short_cache) >= _SHORT_CACHE_SIZE:
                self._short_cache.clear()  # only odd scripts get here; bounds memory
            self._short_cache[word] = rows
        if extra:
            tokens = expand([word], vocabularies, force_typos=False)
            extra_rows = _extra_scores(tokens, extra, require_all=True)
            lifted = ranking.lifted_kinds(query_terms(tokens))
            rows = ranking.own_first(rows + extra_rows, limit, lifted, exact_words(tokens))
        return rows[:limit]

    def _analysed(self, doc: SearchDoc) -> AnalysedDoc:
        cached = self._extra_cache.get(doc)
        if cached is None:
            if len(self._extra_cache) >= _EXTRA_CACHE_SIZE:
                self._extra_cache.clear()  # bounds memory; refilled on demand
            cached = self._extra_cache[doc] = AnalysedDoc(doc)
        return cached

    def _token_docs(self, token: QueryToken) -> set[int]:
        """Index docs matching one query token."""
        found: set[int] = set()
        for term in token.expansions:
            postings = self._postings.get(term)
            if postings:
                found.update(postings)
        for alternative, _quality in token.alternatives:
            found.update(self._alternative_docs(alternative))
        return found

    def _alternative_docs(self, alternative: tuple[str, ...]) -> set[int]:
        """Index docs containing every word of a several-word alternative."""
        if not all(term in self._postings for term in alternative):
            return set()
        docs = set(self._postings[alternative[0]])
        for term in alternative[1:]:
            docs.intersection_update(self._postings[term])
        return docs

    def _candidates(self, tokens: list[QueryToken], require_all: bool) -> set[int]:
        """Index docs matching every token (or any, for partial matches)."""
        per_token = [self._token_docs(token) for token in tokens]
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
        self, tokens: list[QueryToken], extra: list[AnalysedDoc], require_all: bool
    ) -> list[Row]:
        """Score every matching doc, index and extra alike."""
        candidates = self._candidates(tokens, require_all)
        total: dict[int, float] = dict.fromkeys(candidates, 0.0)
        # A doc that misses a token (partial matches only) just lacks that token's score.
        for token in tokens:
            for i, value in self._token_best(token, candidates, len(tokens)).items():
                total[i] += value
        lifted = ranking.lifted_kinds(query_terms(tokens))
        rows = ranking.total_scores(total, self._docs, lifted)
        rows.extend(_extra_scores(tokens, extra, require_all))
        return rows

    def _token_best(self, token: QueryToken, candidates: set[int], n: int) -> dict[int, float]:
        """Best score of one token for each candidate doc that it matches."""
        best: dict[int, float] = {}
        get = best.get
        postings = self._postings
        matched = [(postings[t], q) for t, q in token.expansions.items() if t in postings]
        # Walk whichever is shorter: the postings of the token's words, or the candidates'
        # words (a prefix like "b" expands to hundreds of words).
        by_terms = sum(min(len(p), len(candidates)) for p, _q in matched)
        if by_terms <= len(candidates) * _WORDS_PER_NAME:
            for plist, quality in matched:
                # match_score() for each position, looked up rather than computed per word.
                scores = ranking.match_scores(quality, n)
                if len(plist) <= len(candidates):
                    for i, (position, share) in plist.items():
                        if i in candidates:
                            value = scores[position] + share
                            if value > get(i, -1.0):
                                best[i] = value
                else:
                    for i in candidates:
                        entry = plist.get(i)
                        if entry is not None:
                            value = scores[entry[0]] + entry[1]
                            if value > get(i, -1.0):
                                best[i] = value
        else:
            docs = self._docs
            for i in candidates:
                found = _expansion_score(token, docs[i].words, n)
                if found is not None:
                    best[i] = found
        for alternative, quality in token.alternatives:
            for i in self._alternative_docs(alternative) & candidates:
                position, share = ranking.alternative_entry(postings[t][i] for t in alternative)
                value = match_score(quality, position, n) + share
                if value > get(i, -1.0):
                    best[i] = value
        return best


def _expansion_score(token: QueryToken, words: Mapping[str, WordEntry], n: int) -> float | None:
    """Best score of a token's single-word matches among a name's words, None if none."""
    best: float | None = None
    expansions = token.expansions
    for term, (position, share) in words.items():
        quality = expansions.get(term)
        if quality is not None:
            value = match_score(quality, position, n) + share
            if best is None or value > best:
                best = value
    return best


def _token_score(token: QueryToken, words: Mapping[str, WordEntry], n: int) -> float | None:
    """Best score of one token in one analysed name, or None if it does not match."""
    best = _expansion_score(token, words, n)
    for alternative, quality in token.alternatives:
        if all(term in words for term in alternative):
            position, share = ranking.alternative_entry(words[term] for term in alternative)
            value = match_score(quality, position, n) + share
            if best is None or value > best:
                best = value
    return best


def _extra_scores(
    tokens: list[QueryToken], extra: list[AnalysedDoc], require_all: bool
) -> list[Row]:
    """Score extra docs (a user's custom foods) one by one, as the index scores its own."""
    if not extra:
        return []
    n = len(tokens)
    matched: dict[int, float] = {}
    for i, analysed in enumerate(extra):
        total = 0.0
        hits = 0
        for token in tokens:
            value = _token_score(token, analysed.words, n)
            if value is not None:
                total += value
                hits += 1
            elif require_all:
                break
        else:
            if hits:
                matched[i] = total
    return ranking.total_scores(matched, extra, ranking.lifted_kinds(query_terms(tokens)))


def _intersection(sets: list[set[int]]) -> set[int]:
    """Docs in every set, smallest set first so the work stays small."""
    ordered = sorted(sets, key=len)
    found = set(ordered[0])
    for docs in ordered[1:]:
        found &= docs
        if not found:
            break
    return found
