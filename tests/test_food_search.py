"""Tests of the food search engine: mechanics on a small index, quality on the USDA data."""

from __future__ import annotations

import ast
import json
import sys
import time
from pathlib import Path

import pytest

import tracker.search
from tracker.search import FoodSearchIndex, SearchDoc, normalize, ranking

DATA_FILE = (
    Path(__file__).resolve().parent.parent / "tracker" / "data" / "usda_sr24_magnesium.jsonl"
)

VEG = "Vegetables and vegetable products"
NUTS = "Nut and seed products"

SMALL_DOCS = [
    SearchDoc(1, "Spinach, raw", VEG),
    SearchDoc(2, "Spinach, cooked, boiled, drained, without salt", VEG),
    SearchDoc(3, "Spinach souffle", "Meals, entrees and side dishes"),
    SearchDoc(4, "Babyfood, vegetables, spinach, creamed, strained", "Baby foods"),
    SearchDoc(5, "Nuts, almonds", NUTS),
    SearchDoc(6, "Nuts, almonds, dry roasted, with salt added", NUTS),
    SearchDoc(7, "Oil, almond", "Fats and oils"),
    SearchDoc(8, "Bread, whole-wheat, commercially prepared", "Baked products"),
    SearchDoc(9, "Seeds, pumpkin and squash seed kernels, dried", NUTS),
    SearchDoc(10, "Pumpkin, raw", VEG),
    SearchDoc(
        11,
        "Chickpeas (garbanzo beans, bengal gram), mature seeds, cooked, boiled, without salt",
        "Legumes and legume products",
    ),
    SearchDoc(
        12, "Yogurt, plain, whole milk, 8 grams protein per 8 ounce", "Dairy and egg products"
    ),
    SearchDoc(13, "Soymilk, original and vanilla, unfortified", "Legumes and legume products"),
    SearchDoc(14, "Peanut butter, smooth style, without salt", "Legumes and legume products"),
    SearchDoc(15, "Cherries, sweet, raw", "Fruits and fruit juices"),
    SearchDoc(16, "Blueberries, raw", "Fruits and fruit juices"),
    SearchDoc(17, "Broccoli, raw", VEG),
    SearchDoc(18, "Potatoes, baked, flesh and skin, without salt", VEG),
    SearchDoc(19, "Grape leaves, raw", VEG),
    SearchDoc(20, "Spinach, raw, old analysis", VEG, retired=True),
    SearchDoc(21, "Peas, green, raw", VEG),
    SearchDoc(22, "Peaches, raw", "Fruits and fruit juices"),
    SearchDoc(23, "Peanuts, all types, raw", "Legumes and legume products"),
    SearchDoc(24, "Crème fraîche", "Dairy and egg products"),
    SearchDoc(25, "Tea, brewed", "Beverages"),
    SearchDoc(26, "Bananas, raw", "Fruits and fruit juices"),
    SearchDoc(27, "Avocados, raw, all commercial varieties", "Fruits and fruit juices"),
    SearchDoc(28, "Cookies, chocolate chip, commercially prepared", "Baked products"),
]


def names(docs: list[SearchDoc]) -> list[str]:
    """The names of search results, for readable assertions."""
    return [d.name for d in docs]


@pytest.fixture(scope="module")
def small() -> FoodSearchIndex:
    return FoodSearchIndex(SMALL_DOCS)


# --- normalize --------------------------------------------------------------------------


def test_normalize_folds_case_accents_punctuation_and_stop_words():
    assert normalize("Crème Brûlée!") == ["creme", "brulee"]
    assert normalize("Nuts, ALMONDS") == ["nut", "almond"]
    assert normalize("Grandma's") == ["grandma"]
    assert normalize("bread with butter and the jam") == ["bread", "butter", "jam"]
    assert normalize("3.25% milkfat") == ["3.25", "milkfat"]
    assert normalize("  ,.;!?  ") == []


@pytest.mark.parametrize(
    ("singular", "plural"),
    [
        ("almond", "almonds"),
        ("berry", "berries"),
        ("cherry", "cherries"),
        ("potato", "potatoes"),
        ("tomato", "tomatoes"),
        ("leaf", "leaves"),
        ("peach", "peaches"),
        ("cookie", "cookies"),
        ("fry", "fries"),
        ("cheese", "cheeses"),
        ("lentil", "lentils"),
    ],
)
def test_normalize_folds_plurals(singular, plural):
    assert normalize(singular) == normalize(plural)


@pytest.mark.parametrize("word", ["hummus", "asparagus", "swiss", "couscous"])
def test_normalize_keeps_words_that_only_look_plural(word):
    assert normalize(word) == [word]


# --- matching mechanics on a small index --------------------------------------------------


def test_plain_word_finds_plain_food_first(small):
    assert names(small.search("spinach"))[:2] == [
        "Spinach, raw",
        "Spinach, cooked, boiled, drained, without salt",
    ]


def test_case_punctuation_and_word_order_are_ignored(small):
    expected = names(small.search("pumpkin seeds"))
    assert expected[0] == "Seeds, pumpkin and squash seed kernels, dried"
    assert names(small.search("SEEDS, pumpkin!")) == expected
    assert names(small.search("seeds pumpkin")) == expected


def test_accents_are_ignored(small):
    assert names(small.search("creme fraiche")) == ["Crème fraîche"]
    assert names(small.search("CRÈME")) == ["Crème fraîche"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("almond", "Nuts, almonds"),
        ("cherry", "Cherries, sweet, raw"),
        ("potato", "Potatoes, baked, flesh and skin, without salt"),
        ("leaf", "Grape leaves, raw"),
        ("banana", "Bananas, raw"),
        ("avocado", "Avocados, raw, all commercial varieties"),
        ("peach", "Peaches, raw"),
    ],
)
def test_singular_finds_plural_names(small, query, expected):
    assert small.search(query)[0].name == expected


def test_berries_finds_compound_berries(small):
    # "blueberries" is a kind of berry, even though USDA writes it as one word.
    assert "Blueberries, raw" in names(small.search("berries"))
    assert "Blueberries, raw" in names(small.search("berry"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("spin", "Spinach, raw"),
        ("alm", "Nuts, almonds"),
        ("broc", "Broccoli, raw"),
        ("pumpkin se", "Seeds, pumpkin and squash seed kernels, dried"),
        ("whole wheat b", "Bread, whole-wheat, commercially prepared"),
    ],
)
def test_last_word_may_be_a_prefix(small, query, expected):
    assert small.search(query)[0].name == expected


def test_words_before_the_last_must_be_whole_words_when_they_exist(small):
    # "pea" is a word, so inside a query it is not read as the start of "peanuts".
    assert names(small.search("pea raw")) == ["Peas, green, raw"]
    # An unknown word inside a query is taken as an abbreviation.
    assert small.search("spin raw")[0].name == "Spinach, raw"
    assert small.search("choc chip cookies")[0].name.startswith("Cookies, chocolate chip")


def test_exact_word_beats_prefix(small):
    results = names(small.search("pea"))
    assert results[0] == "Peas, green, raw"
    assert {"Peaches, raw", "Peanuts, all types, raw"} <= set(results)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("spinch", "Spinach, raw"),  # deletion
        ("spinacch", "Spinach, raw"),  # insertion
        ("spinash", "Spinach, raw"),  # substitution
        ("sipnach", "Spinach, raw"),  # transposition
        ("almnds", "Nuts, almonds"),
        ("brocoli", "Broccoli, raw"),
        ("avacado", "Avocados, raw, all commercial varieties"),
        ("bannana", "Bananas, raw"),
    ],
)
def test_one_typo_is_tolerated(small, query, expected):
    assert small.search(query)[0].name == expected


def test_typo_inside_a_longer_query(small):
    assert small.search("almnds roasted")[0].name == "Nuts, almonds, dry roasted, with salt added"
    assert small.search("spinch raw")[0].name == "Spinach, raw"


def test_short_words_need_exact_spelling(small):
    # Three letters have too many one-letter neighbours to guess from.
    assert small.search("tae") == []
    assert names(small.search("tea")) == ["Tea, brewed"]


def test_two_typos_are_not_guessed(small):
    assert small.search("spnch") == []


def test_hyphens_match_spaces_and_joined_words(small):
    expected = "Bread, whole-wheat, commercially prepared"
    for query in ("whole wheat bread", "whole-wheat bread", "wholewheat bread", "bread wholewheat"):
        assert small.search(query)[0].name == expected, query


def test_words_typed_apart_match_joined_names_and_back(small):
    assert small.search("soy milk")[0].name == "Soymilk, original and vanilla, unfortified"
    assert small.search("peanutbutter")[0].name == "Peanut butter, smooth style, without salt"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("yoghurt", "Yogurt, plain, whole milk, 8 grams protein per 8 ounce"),
        ("pepitas", "Seeds, pumpkin and squash seed kernels, dried"),
        ("garbanzo", "Chickpeas (garbanzo beans, bengal gram), mature seeds, cooked, "),
        ("pb", "Peanut butter, smooth style, without salt"),
    ],
)
def test_everyday_synonyms(small, query, expected):
    assert small.search(query)[0].name.startswith(expected)


def test_every_word_must_match(small):
    assert names(small.search("almonds roasted")) == ["Nuts, almonds, dry roasted, with salt added"]


def test_falls_back_to_partial_matches_rather_than_nothing(small):
    results = names(small.search("spinach xylophone"))
    assert results[0] == "Spinach, raw"


def test_stop_words_do_not_have_to_match(small):
    assert small.search("the seeds of a pumpkin")[0].name == (
        "Seeds, pumpkin and squash seed kernels, dried"
    )


def test_stop_word_alone_is_a_prefix(small):
    # Someone typing "a" is starting "avocado", "almonds", ...
    assert small.search("a")


def test_baby_food_sinks_unless_asked_for(small):
    plain = names(small.search("spinach"))
    assert plain.index("Babyfood, vegetables, spinach, creamed, strained") > plain.index(
        "Spinach souffle"
    )
    assert small.search("baby food spinach")[0].name.startswith("Babyfood")


def test_retired_foods_rank_after_current_ones(small):
    results = names(small.search("spinach raw"))
    assert results[0] == "Spinach, raw"
    assert results[-1] == "Spinach, raw, old analysis"


# --- limits, odd input, determinism -------------------------------------------------------


@pytest.mark.parametrize("query", ["", "   ", "\t\n", ",.;!?", "---", "'''", "%%"])
def test_empty_and_punctuation_queries_return_nothing(small, query):
    assert small.search(query) == []


@pytest.mark.parametrize("query", ["spinach " * 1250, "a" * 10_000, "x" * 10_000])
def test_huge_queries_return_nothing_quickly(small, query):
    start = time.perf_counter()
    assert small.search(query) == []
    assert time.perf_counter() - start < 0.05


def test_many_words_are_cut_not_fatal(small):
    query = " ".join(["spinach"] + [f"w{i}" for i in range(40)])
    assert isinstance(small.search(query), list)


def test_limit_is_respected(small):
    assert len(small.search("raw", limit=3)) == 3
    assert len(small.search("raw", limit=1)) == 1
    assert small.search("raw", limit=0) == []
    assert len(small.search("raw", limit=100)) == sum("raw" in d.name for d in SMALL_DOCS)


def test_results_are_deterministic_and_ties_go_by_name_then_id():
    docs = [
        SearchDoc(9, "Kale, raw"),
        SearchDoc(3, "Kale, raw"),
        SearchDoc(5, "Kale, raw"),
        SearchDoc(1, "Kale, scotch, raw"),
    ]
    first = FoodSearchIndex(docs).search("kale")
    again = FoodSearchIndex(list(reversed(docs))).search("kale")
    assert [d.id for d in first] == [3, 5, 9, 1]
    assert first == again


def test_same_query_twice_gives_same_results(small):
    for query in ("s", "sp", "spinach", "alm", "pumpkin seeds"):
        assert small.search(query) == small.search(query)


# --- extra docs (a user's custom foods) --------------------------------------------------

GRANOLA = SearchDoc(1001, "Grandma's almond granola", "My foods", boost=0.5)
SMOOTHIE = SearchDoc(1002, "Green smoothie (spinach, banana)", "My foods", boost=0.5)


def test_extra_docs_are_found_with_the_same_rules(small):
    extra = [GRANOLA, SMOOTHIE]
    assert small.search("almond granola", extra_docs=extra)[0] == GRANOLA
    assert small.search("granola", extra_docs=extra) == [GRANOLA]
    assert small.search("grandmas", extra_docs=extra) == [GRANOLA]
    assert small.search("gran", extra_docs=extra) == [GRANOLA]
    assert small.search("almnd granla", extra_docs=extra)[0] == GRANOLA
    assert small.search("smoothie", extra_docs=extra) == [SMOOTHIE]


def test_extra_docs_rank_among_index_docs(small):
    results = small.search("spinach", extra_docs=[SMOOTHIE])
    assert results[0].name == "Spinach, raw"  # the plain food still comes first
    assert SMOOTHIE in results
    results = small.search("almonds", extra_docs=[GRANOLA])
    assert results[0].name == "Nuts, almonds"
    assert GRANOLA in results


def test_extra_docs_are_not_kept_between_searches(small):
    assert small.search("granola", extra_docs=[GRANOLA]) == [GRANOLA]
    assert small.search("granola") == []


def test_position_weights_fall_from_the_head_noun_on():
    # alternative_entry() takes the smallest position as the most important one.
    weights = [ranking.POSITION_WEIGHTS[p] for p in ranking.POSITIONS]
    assert weights == sorted(weights, reverse=True)
    assert len(set(weights)) == len(weights)
    assert ranking.HEAD < ranking.NEAR_HEAD < ranking.SECOND < ranking.OTHER


def test_the_search_package_is_pure_python():
    """No Flask, database or other third-party import: the package runs anywhere."""
    package = Path(tracker.search.__file__).parent
    imported = set()
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                imported.add(node.module or "")
    outside = {
        name
        for name in imported
        if name.split(".")[0] not in sys.stdlib_module_names
        and name != "tracker.search"
        and not name.startswith("tracker.search.")
    }
    assert outside == set()
    assert "functools" in imported  # the walk found the imports


def test_boost_lifts_an_otherwise_equal_food():
    index = FoodSearchIndex([SearchDoc(1, "Oat bar")])
    mine = SearchDoc(2, "Oat bar", boost=0.5)
    assert [d.id for d in index.search("oat bar", extra_docs=[mine])] == [2, 1]


# --- quality on the real USDA data -------------------------------------------------------


def load_usda_docs() -> list[SearchDoc]:
    """The generated USDA file as search documents, with the NDB number as id."""
    docs = []
    with DATA_FILE.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            docs.append(SearchDoc(int(row["ndb"]), row["name"], row["group"], row["retired"]))
    return docs


@pytest.fixture(scope="module")
def usda() -> FoodSearchIndex:
    return FoodSearchIndex(load_usda_docs())


# Everyday query -> USDA foods any of which must be in the top 3.
QUALITY_TABLE = [
    ("spinach", ["Spinach, raw"]),
    ("pumpkin seeds", ["Seeds, pumpkin and squash seed kernels, dried"]),
    ("brown rice", ["Rice, brown, long-grain, cooked"]),
    ("almonds", ["Nuts, almonds"]),
    ("banana", ["Bananas, raw"]),
    ("avocado", ["Avocados, raw, all commercial varieties"]),
    ("black beans", ["Beans, black, mature seeds, cooked, boiled, without salt"]),
    ("lentils", ["Lentils, mature seeds, cooked, boiled, without salt"]),
    (
        "milk",
        [
            "Milk, whole, 3.25% milkfat, with added vitamin D",
            "Milk, reduced fat, fluid, 2% milkfat, with added vitamin A and vitamin D",
            "Milk, lowfat, fluid, 1% milkfat, with added vitamin A and vitamin D",
            "Milk, nonfat, fluid, with added vitamin A and vitamin D (fat free or skim)",
        ],
    ),
    ("dark chocolate", ["Chocolate, dark, 70-85% cacao solids"]),
    ("kale", ["Kale, raw"]),
    (
        "oatmeal",
        [
            "Cereals, oats, regular and quick, unenriched, cooked with water "
            "(includes boiling and microwaving), without salt"
        ],
    ),
    ("egg", ["Egg, whole, raw, fresh", "Egg, whole, cooked, hard-boiled"]),
    # Fish is eaten cooked: the cooked form leads (issue 11), raw forms follow.
    (
        "salmon",
        [
            "Fish, salmon, Atlantic, farmed, cooked, dry heat",
            "Fish, salmon, Atlantic, wild, cooked, dry heat",
        ],
    ),
    ("quinoa", ["Quinoa, cooked"]),
    ("tofu", ["Tofu, raw, firm, prepared with calcium sulfate"]),
    ("cashews", ["Nuts, cashew nuts, raw"]),
    (
        "peanut butter",
        ["Peanut butter, smooth style, without salt", "Peanut butter, chunk style, without salt"],
    ),
    ("whole wheat bread", ["Bread, whole-wheat, commercially prepared"]),
    ("broccoli", ["Broccoli, raw"]),
    ("chia seeds", ["Seeds, chia seeds, dried"]),
    (
        "yogurt",
        [
            "Yogurt, plain, low fat, 12 grams protein per 8 ounce",
            "Yogurt, plain, whole milk, 8 grams protein per 8 ounce",
        ],
    ),
    ("edamame", ["Edamame, frozen, prepared", "Soybeans, green, raw"]),
    ("potato", ["Potato, flesh and skin, raw", "Potato, baked, flesh and skin, without salt"]),
    ("apple", ["Apples, raw, with skin"]),
    (
        "chickpeas",
        ["Chickpeas (garbanzo beans, bengal gram), mature seeds, cooked, boiled, without salt"],
    ),
    (
        "garbanzo beans",
        ["Chickpeas (garbanzo beans, bengal gram), mature seeds, cooked, boiled, without salt"],
    ),
    ("hummus", ["Hummus, commercial"]),
    ("pepitas", ["Seeds, pumpkin and squash seed kernels, dried"]),
    ("yoghurt", ["Yogurt, plain, low fat, 12 grams protein per 8 ounce"]),
    ("walnuts", ["Nuts, walnuts, english"]),
    ("sunflower seeds", ["Seeds, sunflower seed kernels, dried"]),
    ("flax seeds", ["Seeds, flaxseed"]),
    ("orange juice", ["Orange juice, raw"]),
    ("white rice", ["Rice, white, long-grain, regular, cooked, unenriched, without salt"]),
    ("chicken breast", ["Chicken, broilers or fryers, breast, meat only, cooked, roasted"]),
    ("soy milk", ["Soymilk, original and vanilla, unfortified"]),
    ("blueberries", ["Blueberries, raw"]),
    ("swiss chard", ["Chard, swiss, raw"]),
    ("cheddar cheese", ["Cheese, cheddar"]),
    ("tomato", ["Tomatoes, red, ripe, raw, year round average"]),
    ("molasses", ["Molasses"]),
    ("brazil nuts", ["Nuts, brazilnuts, dried, unblanched"]),
    ("peas", ["Peas, green, raw"]),
    ("pinto beans", ["Beans, pinto, mature seeds, cooked, boiled, without salt"]),
    ("sweet potato", ["Sweet potato, cooked, baked in skin, without salt"]),
    ("buckwheat", ["Buckwheat"]),
    ("coffee", ["Coffee, brewed from grounds, prepared with tap water"]),
    # Eaten cooked (issue 11): the cooked form leads; the raw one still counts.
    ("cod", ["Fish, cod, Atlantic, cooked, dry heat", "Fish, cod, Atlantic, raw"]),
    (
        "shrimp",
        [
            "Crustaceans, shrimp, mixed species, cooked, moist heat",
            "Crustaceans, shrimp, mixed species, raw",
        ],
    ),
    ("carrots", ["Carrots, raw"]),
    ("onion", ["Onions, raw"]),
    ("french fries", ["Potatoes, french fried, all types, salt not added in processing, frozen"]),
]


# The plain everyday form first (issue 11): query -> the food that must lead.
EVERYDAY_FIRST = [
    ("coffee", "Coffee, brewed from grounds, prepared with tap water"),
    ("black coffee", "Coffee, brewed from grounds, prepared with tap water"),
    ("coffee black", "Coffee, brewed from grounds, prepared with tap water"),
    ("edamame", "Edamame, frozen, prepared"),
    ("salmon", "Fish, salmon, Atlantic, farmed, cooked, dry heat"),
    ("potato", "Potato, baked, flesh and skin, without salt"),
    ("tea", "Tea, black, brewed, prepared with tap water"),
    ("rice", "Rice, white, long-grain, regular, cooked, unenriched, without salt"),
    ("dark chocolate", "Chocolate, dark, 70-85% cacao solids"),
    ("pumpkin seeds", "Seeds, pumpkin and squash seed kernels, dried"),
    ("sunflower seeds", "Seeds, sunflower seed kernels, dried"),
    ("soy milk", "Soymilk, original and vanilla, unfortified"),
    ("popcorn", "Snacks, popcorn, air-popped"),
    ("spaghetti", "Spaghetti, cooked, enriched, without added salt"),
    ("cottage cheese", "Cheese, cottage, lowfat, 1% milkfat"),
    ("rice milk", "Rice drink, unsweetened, with added calcium, vitamins A and D"),
    ("beef mince", "Beef, ground, unspecified fat content, cooked"),
    ("tuna", "Fish, tuna, light, canned in water, drained solids"),
]


@pytest.mark.parametrize(("query", "first"), EVERYDAY_FIRST, ids=[q for q, _ in EVERYDAY_FIRST])
def test_quality_the_everyday_form_leads(usda, query, first):
    assert names(usda.search(query, limit=1)) == [first]


@pytest.mark.parametrize(
    ("query", "cooked", "raw"),
    [
        (
            "salmon",
            "Fish, salmon, Atlantic, farmed, cooked, dry heat",
            "Fish, salmon, Atlantic, farmed, raw",
        ),
        ("potato", "Potato, baked, flesh and skin, without salt", "Potato, flesh and skin, raw"),
        ("cod", "Fish, cod, Atlantic, cooked, dry heat", "Fish, cod, Atlantic, raw"),
        (
            "shrimp",
            "Crustaceans, shrimp, mixed species, cooked, moist heat",
            "Crustaceans, shrimp, mixed species, raw",
        ),
        (
            "edamame",
            "Soybeans, green, cooked, boiled, drained, without salt",
            "Soybeans, green, raw",
        ),
        ("lentils", "Lentils, mature seeds, cooked, boiled, without salt", "Lentils, raw"),
        (
            "ground beef",
            "Beef, ground, 80% lean meat / 20% fat, patty, cooked, broiled",
            "Beef, ground, 80% lean meat / 20% fat, raw",
        ),
    ],
)
def test_quality_cooked_before_raw_where_people_eat_it_cooked(usda, query, cooked, raw):
    results = names(usda.search(query, limit=50))
    assert results.index(cooked) < results.index(raw), results[:10]


def test_quality_plain_before_flavoured_and_substitutes(usda):
    # Drinks as poured: brewed before instant; black tea before herbal.
    coffee = names(usda.search("coffee", limit=10))
    assert coffee.index("Coffee, brewed from grounds, prepared with tap water") < coffee.index(
        "Coffee, instant, regular, prepared with water"
    )
    tea = names(usda.search("tea", limit=10))
    assert tea.index("Tea, black, brewed, prepared with tap water") < tea.index(
        "Tea, herb, chamomile, brewed"
    )
    # A meat substitute is not what "bacon" means; asked for, it comes first.
    assert "Bacon, meatless" not in names(usda.search("bacon", limit=2))
    assert names(usda.search("meatless bacon", limit=1)) == ["Bacon, meatless"]


def rank_of(results: list[SearchDoc], wanted: list[str]) -> int | None:
    """1-based rank of the first result whose name is (or starts with) a wanted name."""
    for rank, doc in enumerate(results, 1):
        if any(doc.name == w or doc.name.startswith(w + ",") for w in wanted):
            return rank
    return None


def test_quality_table_names_exist(usda):
    all_names = {d.name for d in load_usda_docs()}
    for query, wanted in QUALITY_TABLE:
        assert any(
            w in all_names or any(n.startswith(w + ",") for n in all_names) for w in wanted
        ), query


@pytest.mark.parametrize(("query", "wanted"), QUALITY_TABLE, ids=[q for q, _ in QUALITY_TABLE])
def test_quality_expected_food_in_top_3(usda, query, wanted):
    results = usda.search(query, limit=10)
    rank = rank_of(results, wanted)
    assert rank is not None and rank <= 3, (rank, names(results[:5]))


@pytest.mark.parametrize(
    ("query", "wanted", "top"),
    [
        ("spinach", "Spinach, raw", 2),
        ("almonds", "Nuts, almonds", 2),
        ("banana", "Bananas, raw", 1),
        ("kale", "Kale, raw", 2),
    ],
)
def test_quality_plainest_food_leads(usda, query, wanted, top):
    assert wanted in names(usda.search(query, limit=top))


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("spin", "Spinach, raw"),
        ("alm", "Nuts, almonds"),
        ("spinch", "Spinach, raw"),
        ("almnds", "Nuts, almonds"),
        ("brocoli", "Broccoli, raw"),
        ("avacado", "Avocados, raw, all commercial varieties"),
        ("bannana", "Bananas, raw"),
        ("cherries", "Cherries, sweet, raw"),
        ("cherry", "Cherries, sweet, raw"),
        ("strawberry", "Strawberries, raw"),
        ("seeds pumpkin", "Seeds, pumpkin and squash seed kernels, dried"),
        ("chocolate dark", "Chocolate, dark, 70-85% cacao solids"),
        ("dark choc", "Chocolate, dark, 70-85% cacao solids"),
        ("wholewheat bread", "Bread, whole-wheat, commercially prepared"),
        ("whole-wheat bread", "Bread, whole-wheat, commercially prepared"),
        ("BLACK   beans!", "Beans, black, mature seeds, cooked, boiled, without salt"),
    ],
)
def test_quality_prefix_typo_plural_and_order(usda, query, wanted):
    assert wanted in names(usda.search(query, limit=3))


def test_quality_plain_form_before_dishes_and_baby_food(usda):
    results = names(usda.search("spinach", limit=20))
    plain = results.index("Spinach, raw")
    for name in results:
        if name.startswith(("Babyfood", "Spinach souffle")):
            assert results.index(name) > plain


def test_quality_custom_food_ranks_sensibly(usda):
    granola = SearchDoc(10**7, "Grandma's almond granola", "My foods", boost=0.5)
    results = usda.search("almond granola", extra_docs=[granola])
    assert results.index(granola) < 3
    assert usda.search("almonds", extra_docs=[granola])[0].name == "Nuts, almonds"


def test_quality_a_food_ranks_alike_in_the_index_and_as_a_custom_food(usda):
    """One scoring function: a food given with the search (as a user's custom foods are) ranks
    exactly where it ranks inside the index, ties included (they go by name, then id)."""
    docs = load_usda_docs()
    moved = docs[::97]  # 82 foods from every group
    rest = FoodSearchIndex([doc for doc in docs if doc not in set(moved)])
    queries = set()
    for doc in moved:
        words = doc.name.lower().replace(",", " ").split()
        queries.update([words[0], words[0][:4], " ".join(words[:2])])
        if len(words) > 2:
            queries.add(f"{words[0]} {words[1]} {words[2][:3]}")
    # The last word longer than SHORT_PREFIX_LEN: shorter ones narrow the index's candidates
    # to names whose head noun starts with them (by design), which extra docs never need.
    queries = sorted(q for q in queries if len(q.split()[-1]) > 2)
    assert len(queries) > 200
    moved_ranks = []
    for query in queries:
        assert rest.search(query, 20, extra_docs=moved) == usda.search(query, 20), query
        moved_ranks.append(bool(set(usda.search(query, 20)) & set(moved)))
    assert sum(moved_ranks) > 150  # most queries do rank a moved food


def test_quality_retired_foods_come_last(usda):
    results = usda.search("infant formula", limit=50)
    flags = [d.retired for d in results]
    assert flags == sorted(flags)


def test_quality_search_is_fast(usda):
    # Loose bound (the target is a median well under 1 ms): catches an accidental full scan.
    queries = ["spinach", "pumpkin s", "almnds", "b", "milk", "whole wheat bread", "beef"]
    times = []
    for query in queries * 5:
        start = time.perf_counter()
        usda.search(query)
        times.append(time.perf_counter() - start)
    times.sort()
    assert times[len(times) // 2] < 0.02


# --- whether the foods found match, supplements and medicines, foods SR24 lacks (issue 11) --


def test_search_detailed_says_when_no_food_has_every_word(usda):
    found = usda.search_detailed("spinach", limit=5)
    assert found.complete and names(found.docs)[0] == "Spinach, raw"
    # No food has "magnesia": the closest foods come back, marked as such.
    closest = usda.search_detailed("milk of magnesia", limit=5)
    assert closest.docs and not closest.complete
    assert usda.search_detailed("", limit=5) == ([], True)


def test_own_food_ranks_first_when_it_matches_as_well(usda):
    mine = SearchDoc(id=10**9, name="Oatmeal", food_group="My foods", boost=0.1, own=True)
    assert names(usda.search("oatmeal", limit=3, extra_docs=[mine]))[0] == "Oatmeal"
    # Matching worse than database foods, it does not jump the queue.
    other = SearchDoc(id=10**9 + 1, name="Grandma's cake", food_group="My foods", own=True)
    assert names(usda.search("spinach", limit=3, extra_docs=[other])) == names(
        usda.search("spinach", limit=3)
    )


def _own(name: str, food_id: int = 10**9) -> SearchDoc:
    """A user's own food or recipe, given with the search as find_foods() gives it."""
    return SearchDoc(id=food_id, name=name, food_group="My recipes", boost=0.5, own=True)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        # The synonym table reads both words as USDA's "Cereals, oats": the oats rows match
        # through it, the user's own name has the word itself (issue 17, issue 11).
        ("porridge", "Morning porridge"),
        ("oatmeal", "Grandma's oatmeal"),
        ("morning porridge", "Morning porridge"),
        ("porridges", "Morning porridge"),  # the same word, by its stem
    ],
)
def test_own_food_with_every_word_ranks_above_synonym_matches(usda, query, name):
    mine = _own(name)
    results = usda.search(query, limit=10, extra_docs=[mine])
    assert results[0] == mine
    # The database foods keep their order below it.
    assert [d for d in results if d != mine] == usda.search(query, limit=10)[: len(results) - 1]


def test_own_food_with_every_word_ranks_above_guesses_only(usda):
    """The rule is about match quality, whatever the weights: an own food whose name has every
    query word itself comes before each database food among the best that lacks one."""
    from tracker.search.text import normalize

    extra = [_own("Grandma's oatmeal"), _own("Morning porridge", 10**9 + 1)]
    for query in ("porridge", "oatmeal", "grandmas oatmeal"):
        results = usda.search(query, limit=20, extra_docs=extra)
        full = [set(normalize(query)) <= set(normalize(d.name)) for d in results]
        own_full = [i for i, d in enumerate(results) if d.own and full[i]]
        lacking = [i for i, d in enumerate(results) if not d.own and not full[i]]
        assert own_full, query
        assert all(i > max(own_full, default=-1) for i in lacking), (query, names(results))


def test_a_typo_still_prefers_the_better_database_matches(usda):
    """A typo'd word matches the own food by a guess too: the usual words-part rule decides,
    so the plain database food stays first."""
    mine = _own("Spinach smoothie")
    results = names(usda.search("spinnach", limit=5, extra_docs=[mine]))
    assert results[0] == "Spinach, raw"
    assert "Spinach smoothie" in results
    # Exact on both sides: the database food whose words count for more stays first.
    smoothie = _own("Green smoothie (spinach, banana)")
    results = names(usda.search("spinach", limit=5, extra_docs=[smoothie]))
    assert results[0] == "Spinach, raw"
    assert names(usda.search("spinach", limit=3, extra_docs=[smoothie])) == names(
        usda.search("spinach", limit=3)
    )


def _product_index():
    from tracker.domain.supplements import ALL_PRESETS
    from tracker.search.products import ProductIndex

    return ProductIndex((preset.key, preset.search_names) for preset in ALL_PRESETS)


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("milk of magnesia", ["milk-of-magnesia"]),
        ("magnesia milk", ["milk-of-magnesia"]),
        ("milk of magn", ["milk-of-magnesia"]),  # still typing
        ("phillips", ["milk-of-magnesia"]),
        ("antacid", ["antacid"]),
        ("antac", ["antacid"]),
        ("epsom salt", ["epsom-salt"]),
        ("epsom", ["epsom-salt"]),
        ("magnesium citrate", ["magnesium-citrate"]),  # not plain "magnesium" as well
        ("magnesium glycinate", ["magnesium-glycinate"]),
        ("magnesium", ["magnesium"]),
        ("multivitamin", ["multivitamin"]),
        ("milk", []),
        ("salt", []),
        ("skim milk", []),
        ("citrus", []),
        ("", []),
    ],
)
def test_products_the_food_search_names(query, keys):
    assert _product_index().search(query) == keys


@pytest.mark.parametrize(
    ("query", "missing"),
    [
        ("almond milk", "Almond milk"),
        ("2 cups unsweetened almond milk", "Almond milk"),
        ("milk almond", "Almond milk"),
        ("almond mil", "Almond milk"),  # still typing
        ("greek yogurt", "Greek yogurt"),
        ("greek yoghurt", "Greek yogurt"),
        ("oat milk", "Oat milk"),
        ("green tea", "Green tea"),
        ("almond", None),
        ("milk", None),
        ("yogurt", None),
        ("tea", None),
        ("", None),
    ],
)
def test_foods_sr24_lacks_are_named(query, missing):
    from tracker.search.missing import known_missing

    found = known_missing(query)
    assert (found.name if found else None) == missing


def test_foods_said_missing_are_really_missing():
    """A food listed as missing is not in the data file: no USDA name has its words in a
    row, in either order ("Tea, green, brewed" would be green tea; "Candies, milk chocolate,
    with almonds" is not almond milk). A later data file that adds it must take it off."""
    from tracker.search.missing import KNOWN_MISSING

    names_words = [normalize(doc.name) for doc in load_usda_docs()]
    for food in KNOWN_MISSING:
        for phrase in food.phrases:
            wanted = normalize(phrase)
            orders = (wanted, wanted[::-1])
            for words in names_words:
                runs = [words[i : i + len(wanted)] for i in range(len(words))]
                assert not any(order in runs for order in orders), (phrase, words)
