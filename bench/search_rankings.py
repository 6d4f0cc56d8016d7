"""Record the food search's rankings for thousands of queries, or compare them with a record.

A change to the search that should not move its results (a refactoring) must leave every
ranking as it was; a ranking change shows exactly which queries moved, and how.

    python bench/search_rankings.py --save before.json      # record
    python bench/search_rankings.py --compare before.json   # record again and list the changes

The queries are made from the USDA names themselves (each name's head word typed letter by
letter, with one letter dropped, with the next word, in the other order) plus the everyday
queries of the other search benchmarks; a set of custom foods ranks alongside for some of
them, as a logged-in user's do. Prints how many queries there are and how many rankings moved.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_search import QUERIES as REQUEST_QUERIES  # noqa: E402
from bench.bench_search_index import DEFAULT_DATA, load_docs  # noqa: E402
from bench.bench_search_index import QUERIES as INDEX_QUERIES  # noqa: E402
from tracker.search import FoodSearchIndex, SearchDoc  # noqa: E402

LIMIT = 10
# A logged-in user's own foods, searched with every query below that starts with a letter
# of EXTRA_LETTERS (the custom-food boost of tracker/foods/operations.py).
CUSTOM_FOODS = [
    SearchDoc(10**7 + i, name, "My foods", boost=0.5)
    for i, name in enumerate(
        [
            "Grandma's almond granola",
            "Green smoothie (spinach, banana)",
            "Oat bar",
            "Protein shake, chocolate",
            "Homemade hummus",
            "Trail mix with cashews and raisins",
            "Bran muffin (bakery)",
            "Lentil soup, homemade",
            "Overnight oats with chia seeds",
            "Dark chocolate 85%",
        ]
    )
]
EXTRA_LETTERS = frozenset("abcdghlmopst")


def queries(docs: list[SearchDoc]) -> list[str]:
    """Every query of the record, sorted."""
    found: set[str] = set(REQUEST_QUERIES) | set(INDEX_QUERIES)
    for doc in docs:
        segments = [seg.split() for seg in doc.name.lower().split(",")]
        head = segments[0]
        if not head:
            continue
        first = head[0]
        found.update(first[:n] for n in range(1, len(first) + 1))
        if len(first) >= 5:
            middle = len(first) // 2
            found.add(first[:middle] + first[middle + 1 :])
        found.add(" ".join(head))
        if len(segments) > 1 and segments[1]:
            found.add(f"{first} {segments[1][0]}")
            found.add(f"{segments[1][0]} {first}")
            found.add(f"{first} {segments[1][0][:3]}")
    return sorted(found)


def record(index: FoodSearchIndex, all_queries: list[str]) -> dict[str, list[int]]:
    """The ranked ids for each query (with custom foods for some, keyed "+query")."""
    rankings: dict[str, list[int]] = {}
    for query in all_queries:
        rankings[query] = [doc.id for doc in index.search(query, limit=LIMIT)]
        if query[:1] in EXTRA_LETTERS:
            results = index.search(query, limit=LIMIT, extra_docs=CUSTOM_FOODS)
            rankings["+" + query] = [doc.id for doc in results]
    return rankings


def main() -> int:
    """Record the rankings; save them or compare them with a saved record."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--save", type=Path, help="write the record to this JSON file")
    action.add_argument("--compare", type=Path, help="compare with this saved record")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="USDA jsonl file")
    args = parser.parse_args()

    docs = load_docs(args.data)
    rankings = record(FoodSearchIndex(docs), queries(docs))
    print(f"rankings: {len(rankings)} (top {LIMIT}, {len(docs)} foods)")
    if args.save:
        args.save.write_text(json.dumps(rankings, indent=0, sort_keys=True), encoding="utf-8")
        print(f"saved:    {args.save}")
        return 0
    saved: dict[str, list[int]] = json.loads(args.compare.read_text(encoding="utf-8"))
    names = {doc.id: doc.name for doc in [*docs, *CUSTOM_FOODS]}
    moved = sorted(q for q in saved.keys() | rankings.keys() if saved.get(q) != rankings.get(q))
    for query in moved[:20]:
        before, after = saved.get(query, []), rankings.get(query, [])
        print(f"\n{query!r}")
        print("  before: " + "; ".join(names.get(i, str(i)) for i in before[:5]))
        print("  after:  " + "; ".join(names.get(i, str(i)) for i in after[:5]))
    print(f"moved:    {len(moved)} of {len(saved.keys() | rankings.keys())}")
    return 1 if moved else 0


if __name__ == "__main__":
    raise SystemExit(main())
