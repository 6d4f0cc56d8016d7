"""Text normalisation: the same rules turn food names and queries into words.

Folding (case, accents, apostrophes), splitting into words and numbers, singular and plural
to one stem, and the stop words a query may contain without having to match them.
"""

from __future__ import annotations

import functools
import re
import unicodedata

STOP_WORDS = frozenset(
    {"a", "an", "and", "the", "of", "with", "w", "in", "or", "for", "to", "on", "by", "as"}
)

# Irregular plurals the suffix rules of stem() would get wrong.
IRREGULAR_PLURALS = {
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
# Text in parentheses annotates a name: "Chickpeas (garbanzo beans, bengal gram)".
PARENTHESISED_RE = re.compile(r"\([^()]*\)")


def fold(text: str) -> str:
    """Lower-case and strip accents and apostrophes ("Café", "Grandma's" -> "cafe", "grandmas")."""
    if text.isascii():  # nearly every name: skip the per-character accent pass
        return text.lower().translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold().translate(_APOSTROPHES)


@functools.lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """Fold singular and plural to one form; both sides use it, so the form need not be a word."""
    irregular = IRREGULAR_PLURALS.get(word)
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


def raw_tokens(text: str) -> list[str]:
    """Split folded text into words and numbers, keeping decimals like 3.25."""
    return _TOKEN_RE.findall(fold(text))


def normalize(text: str) -> list[str]:
    """Return the search tokens of a text: folded, singular, without stop words."""
    return [stem(token) for token in raw_tokens(text) if token not in STOP_WORDS]


def hyphenated_pairs(text: str) -> list[tuple[str, str]]:
    """The (left, right) words of each hyphenated pair in folded text ("whole-wheat")."""
    return _HYPHENATED_RE.findall(fold(text))


def padded_words(text: str) -> str:
    """Folded words joined by single spaces, with a space at each end, for has_phrase()."""
    return f" {' '.join(raw_tokens(text))} "


def has_phrase(padded: str, phrase: str) -> bool:
    """True if a phrase occurs as whole words in text made by padded_words()."""
    return f" {phrase} " in padded
