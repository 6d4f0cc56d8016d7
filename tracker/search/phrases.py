"""Whether a query names a short phrase: the rule behind products and missing foods.

A query names a phrase ("milk of magnesia", "almond milk") when it has every word of it, in
any order and among other words, as the user types: a long word may carry one typo, and the
phrase's words may include one the user is still typing (the last word of the query, a start
of at least UNFINISHED_LEN letters) once another word of the phrase is typed in full. A
phrase of one word is named by that word only, or by a start of `lone_unfinished` letters when
the caller allows it ("magne" for "magnesia"; never "almond" for "almondmilk").
"""

from __future__ import annotations

from collections.abc import Sequence

from tracker.search.vocabulary import within_one_edit

UNFINISHED_LEN = 3
TYPO_LEN = 5


def _typed_in_full(typed: Sequence[str], word: str) -> bool:
    return any(
        term == word or (len(word) >= TYPO_LEN and within_one_edit(term, word)) for term in typed
    )


def names_phrase(
    typed: Sequence[str], words: Sequence[str], *, lone_unfinished: int | None = None
) -> bool:
    """True when the query's words (normalized) name the phrase's words (normalized)."""
    if not typed or not words:
        return False
    unfinished = [word for word in words if not _typed_in_full(typed, word)]
    if not unfinished:
        return True
    last = typed[-1]
    if len(unfinished) > 1 or not unfinished[0].startswith(last) or last in words:
        return False
    if len(words) > 1:
        return len(last) >= UNFINISHED_LEN
    return lone_unfinished is not None and len(last) >= lone_unfinished
