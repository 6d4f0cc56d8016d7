"""Food search in memory: everyday words in, the plain common food first.

People type "almonds", "spinch" or "whole wheat bread", while USDA names read
"Nuts, almonds" or "Bread, whole-wheat, commercially prepared". The search folds case,
accents, punctuation, word order and plurals; the last query word may be a prefix
(as-you-type); words of four or more letters tolerate one typo; a small synonym table
bridges everyday and USDA words. Every query word must match, unless that finds nothing,
in which case the best partial matches are returned rather than nothing.

Ranking prefers exact words over prefixes over typos, matches in the head of the USDA
name (the text before the first comma), names that the query covers well, plain
preparations ("raw", "without salt") and current foods; baby, fast, restaurant and
prepared-meal foods sink unless the query asks for them.

Pure Python, no Flask or database (tracker.foods.catalog builds one index per process).
The package, by job:

- `text`: folding, words, stems, stop words (names and queries alike);
- `vocabulary`: everyday words for USDA ones; prefix, compound and typo lookups;
- `query`: a query's words and the index words each one matches, with a quality;
- `ranking`: the rule table (every weight and word list) and the one scoring function;
- `index`: `FoodSearchIndex`, built once, searched for every request.
"""

from __future__ import annotations

from tracker.search.index import FoodSearchIndex
from tracker.search.query import MAX_QUERY_CHARS
from tracker.search.ranking import SearchDoc
from tracker.search.text import normalize

__all__ = ["MAX_QUERY_CHARS", "FoodSearchIndex", "SearchDoc", "normalize"]
