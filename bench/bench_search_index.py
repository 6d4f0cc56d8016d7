"""Time building the food search index and searching it with everyday queries.

Run from the repository root:  python bench/bench_search_index.py [--reps N] [--data PATH]

Prints the build time and the median, 95th percentile and maximum time of one search()
over all queries and repetitions. Targets: build < 1.5 s; median <= 2 ms and p95 <= 5 ms
per search (aim: median < 0.5 ms, so a whole request fits).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.search import FoodSearchIndex, SearchDoc  # noqa: E402

DEFAULT_DATA = ROOT / "tracker" / "data" / "usda_sr24_magnesium.jsonl"

# Everyday words, as-you-type prefixes (down to one letter), typos, plurals, word order,
# hyphens and synonyms: the mix a real search box sees.
QUERIES = [
    "spinach",
    "pumpkin seeds",
    "brown rice",
    "almonds",
    "banana",
    "avocado",
    "black beans",
    "lentils",
    "milk",
    "dark chocolate",
    "kale",
    "oatmeal",
    "egg",
    "salmon",
    "quinoa",
    "tofu",
    "cashews",
    "peanut butter",
    "whole wheat bread",
    "broccoli",
    "chia seeds",
    "yogurt",
    "edamame",
    "potato",
    "apple",
    "beef",
    "chicken breast",
    "cheese",
    "coffee",
    "orange juice",
    "s",
    "b",
    "ch",
    "mi",
    "spin",
    "alm",
    "pumpkin s",
    "brown r",
    "black bea",
    "chocolate d",
    "whole wheat b",
    "spinch",
    "almnds",
    "brocoli",
    "avacado",
    "bannana",
    "lentls",
    "yoghurt",
    "cherries",
    "strawberries",
    "potatoes",
    "seeds pumpkin",
    "chocolate dark",
    "wholewheat bread",
    "whole-wheat bread",
    "pepitas",
    "garbanzo",
    "hummus",
    "soy milk",
    "fries",
    "peanutbutter",
    "greek yogurt plain nonfat",
    "xyzzy",
]


def load_docs(path: Path) -> list[SearchDoc]:
    """Read the generated USDA file into search documents (NDB number as id)."""
    docs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            docs.append(
                SearchDoc(
                    id=int(row["ndb"]),
                    name=row["name"],
                    food_group=row.get("group"),
                    retired=bool(row.get("retired")),
                )
            )
    return docs


def print_stats(label: str, times_ms: list[float]) -> None:
    """Print median, 95th percentile and maximum of a list of timings."""
    ordered = sorted(times_ms)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    median = statistics.median(ordered)
    print(f"{label + ':':9} median {median:.3f} ms, p95 {p95:.3f} ms, max {ordered[-1]:.3f} ms")


def main() -> int:
    """Build the index, run the queries and print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=20, help="repetitions of the query list")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="USDA jsonl file")
    args = parser.parse_args()

    docs = load_docs(args.data)
    start = time.perf_counter()
    index = FoodSearchIndex(docs)
    build_s = time.perf_counter() - start

    times_ms: list[float] = []
    first_pass: list[float] = []
    worst: dict[str, float] = {}
    for rep in range(args.reps):
        for query in QUERIES:
            start = time.perf_counter()
            index.search(query, limit=10)
            elapsed = (time.perf_counter() - start) * 1000.0
            times_ms.append(elapsed)
            if rep == 0:
                first_pass.append(elapsed)
            worst[query] = max(worst.get(query, 0.0), elapsed)

    print(f"foods:    {len(docs)}")
    print(f"build:    {build_s:.3f} s")
    print(f"searches: {len(times_ms)} ({len(QUERIES)} queries x {args.reps})")
    print_stats("all", times_ms)
    # One- and two-letter queries are cached after their first search: the first pass
    # shows what an index fresh from a reload costs.
    print_stats("1st pass", first_pass)
    slowest = sorted(worst.items(), key=lambda kv: -kv[1])[:5]
    print("slowest:  " + ", ".join(f"{q!r} {ms:.2f} ms" for q, ms in slowest))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
