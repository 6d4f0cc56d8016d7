"""Supplements and medicines named in the food search: "milk of magnesia", "Epsom salt".

A person looking for milk of magnesia in the food search must find the medicine, not a glass
of milk: for someone with kidney disease the difference matters. Each product has names that
each name it on their own ("milk of magnesia", "magnesia", "Epsom"; never "milk" or "salt"),
and a query names the product when it names one of those (tracker.search.phrases: every word,
in any order, among others; the last one may be unfinished).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tracker.search.phrases import names_phrase
from tracker.search.text import normalize

# A product of a one-word name ("magnesia", "antacid") is found from this many letters typed.
MIN_LONE_UNFINISHED_LEN = 5
MAX_PRODUCTS = 3


@dataclass(frozen=True)
class _Name:
    key: str
    words: tuple[str, ...]
    order: int


class ProductIndex:
    """Products by the names they may be searched by; built once, searched per request."""

    def __init__(self, products: Iterable[tuple[str, Sequence[str]]]) -> None:
        self._names = [
            _Name(key, tuple(normalize(name)), order)
            for order, (key, names) in enumerate(products)
            for name in names
            if normalize(name)
        ]

    def search(self, query: str, limit: int = MAX_PRODUCTS) -> list[str]:
        """Keys of the products the query names, best first: longer names typed in full
        first (a query naming "magnesium citrate" prefers it to plain "magnesium")."""
        typed = normalize(query)
        if not typed:
            return []
        found: dict[str, _Name] = {}
        for name in self._names:
            if names_phrase(typed, name.words, lone_unfinished=MIN_LONE_UNFINISHED_LEN):
                kept = found.get(name.key)
                if kept is None or len(name.words) > len(kept.words):
                    found[name.key] = name
        ranked = sorted(found.values(), key=lambda name: (-len(name.words), name.order))
        # "magnesium citrate" names the citrate; plain "magnesium" is then not another match.
        kept_names: list[_Name] = []
        for name in ranked:
            if not any(set(name.words) < set(other.words) for other in kept_names):
                kept_names.append(name)
        return [name.key for name in kept_names[:limit]]
