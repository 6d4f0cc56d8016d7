"""Everyday food groups for the "Magnesium-rich foods" list, and which portion counts as common.

USDA groups foods by how they are produced ("Vegetables and vegetable products"); people think
in leafy greens, nuts and seeds, dark chocolate. The rules here sort a USDA food into an
everyday group by its USDA group and name, and pick the household portion that is closest to
what people eat at once, so foods are compared per portion rather than per 100 g.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

# A label's "1 NLEA serving" is the serving size of the Nutrition Labeling and Education Act:
# the label's own portion, so it wins whenever USDA lists it.
NLEA = re.compile(r"NLEA serving")
# Portions nobody eats at once: whole packages, bunches, recipe yields, bulk measures.
BULK_PORTION = re.compile(
    r"package|\bpkg\b|recipe|yield|bunch|quart|gallon|\bloaf\b|\bcan\b|\bjar\b|\bbag\b|"
    r"\bbox\b|\bhead\b|\bstalk\b|\bcake\b|\bpie\b|\bcontainer\b(?! \(6 oz\))|\bcrust\b",
    re.IGNORECASE,
)
# Foods left out of every list: the salted twin of an unsalted food, and forms not eaten as sold.
SKIPPED_FOOD = re.compile(
    r"\bwith salt\b|\bsalted\b|unprepared|dehydrated|\bflour\b|\bmeal\b|\bdry mix\b",
    re.IGNORECASE,
)
# USDA groups not shown in "the rest": infants' foods are not what this app's users log.
EXCLUDED_USDA_GROUPS = frozenset({"Baby foods"})
# Foods USDA lists as sold but nobody eats that way: dry grains and beans, raw meat and fish,
# milk powders. A cup of dry grain would top every list while nobody eats it at once.
_RAW = r"\braw\b"
NOT_EATEN_AS_SOLD: dict[str, re.Pattern[str]] = {
    "Cereal grains and pasta": re.compile(r"^(?!.*\b(cooked|boiled|steamed)\b)", re.IGNORECASE),
    "Legumes and legume products": re.compile(_RAW, re.IGNORECASE),
    "Finfish and shellfish products": re.compile(_RAW, re.IGNORECASE),
    "Beef products": re.compile(_RAW, re.IGNORECASE),
    "Pork products": re.compile(_RAW, re.IGNORECASE),
    "Poultry products": re.compile(_RAW, re.IGNORECASE),
    "Lamb, veal and game products": re.compile(_RAW, re.IGNORECASE),
    "Sausages and luncheon meats": re.compile(_RAW, re.IGNORECASE),
    "Dairy and egg products": re.compile(r"\b(dried|dry|powder)\b", re.IGNORECASE),
    "Breakfast cereals": re.compile(r"\bdry\b", re.IGNORECASE),
    "Beverages": re.compile(r"\b(powder|dry)\b", re.IGNORECASE),
}
# "The rest by food group": compared per portion nearest 100 g, with no group preferences.
OTHER_REFERENCE_GRAMS = Decimal(100)
# A portion far heavier than the group's usual amount is not a common portion.
MAX_PORTION_FACTOR = 3


@dataclass(frozen=True)
class EverydayGroup:
    """A group of foods as people think of them, with the portion people usually eat."""

    key: str
    title: str
    usda_groups: frozenset[str]
    include: re.Pattern[str]  # the food's name must match
    reference_grams: Decimal  # a usual amount eaten at once, for picking a portion
    preferred_portions: tuple[re.Pattern[str], ...] = ()
    exclude: re.Pattern[str] | None = None

    def contains(self, name: str, usda_group: str | None) -> bool:
        """True when a USDA food belongs in this everyday group."""
        return (
            usda_group in self.usda_groups
            and self.include.search(name) is not None
            and (self.exclude is None or self.exclude.search(name) is None)
        )


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_ONE_CUP = _re(r"^1 cup(?!,? ?(melted|diced|shredded|grated|crumbled|pureed|mashed|ground))")
_HALF_CUP = _re(r"^(0\.5|1/2) cup")
_ONE_OZ = _re(r"^1 oz\b")

# Display order. Reference grams follow the FDA's reference amounts customarily consumed
# (21 CFR 101.12): 85 g vegetables and fish, 30 g nuts, 90 g cooked beans, 140 g cooked grains
# and fruit, 240 g milk; chocolate 30 g. Preferred portions are the household measures
# people use for that kind of food.
EVERYDAY_GROUPS: tuple[EverydayGroup, ...] = (
    EverydayGroup(
        key="leafy-greens",
        title="Leafy greens",
        usda_groups=frozenset({"Vegetables and vegetable products"}),
        include=_re(
            r"^(Spinach|Kale|Chard|Collards|Beet greens|Turnip greens|Mustard greens|"
            r"Amaranth leaves|Lettuce|Arugula|Dandelion greens|Cabbage|Watercress|"
            r"Lambsquarters)\b"
        ),
        reference_grams=Decimal(85),
        preferred_portions=(_ONE_CUP,),
    ),
    EverydayGroup(
        key="nuts-and-seeds",
        title="Nuts and seeds",
        usda_groups=frozenset({"Nut and seed products"}),
        include=_re(r"^(Nuts|Seeds)\b"),
        exclude=_re(r"\boil\b(?! roasted)|protein|defatted|paste|\bmilk\b|beverage"),
        reference_grams=Decimal(30),
        preferred_portions=(_ONE_OZ, _re(r"^2 tbsp"), _re(r"^1 tbsp")),
    ),
    EverydayGroup(
        key="legumes",
        title="Legumes: beans, lentils, peas and peanuts",
        usda_groups=frozenset({"Legumes and legume products"}),
        include=_re(r"cooked|boiled|canned|roasted|^Hummus|^Peanut butter|^Refried"),
        exclude=_re(r"^(Soymilk|Tofu|Soy yogurt|Yogurt)"),
        reference_grams=Decimal(90),
        preferred_portions=(_re(r"^2 tbsp"), _HALF_CUP, _ONE_OZ, _ONE_CUP),
    ),
    EverydayGroup(
        key="whole-grains",
        title="Whole grains",
        usda_groups=frozenset({"Cereal grains and pasta", "Breakfast cereals", "Baked products"}),
        # Cooked grains only: a cup of dry grain is not what people eat at once.
        include=_re(
            r"^(Rice, (brown|wild)|Wild rice|Oat bran|Quinoa|Buckwheat|Bulgur|Barley|Millet|"
            r"Amaranth|Teff|Spelt|Sorghum|Kamut|Spaghetti, whole-wheat|Macaroni, whole-wheat|"
            r"Pasta, whole)[^,]*,.*\bcooked\b|^Cereals, oats\b.*\bcooked\b|^Bread, whole-wheat|"
            r"^Bread, (oat|rye|pumpernickel|multi-grain)|^Rolls, dinner, whole-wheat|"
            r"^Tortillas, ready-to-bake or -fry, whole|Shredded Wheat|whole grain"
        ),
        exclude=_re(r"\bsnacks?\b|\bbars?\b|\bcookies?\b|\bcrackers?\b"),
        reference_grams=Decimal(140),
        preferred_portions=(_re(r"^1 slice\b"), _re(r"^1 medium\b"), _ONE_CUP),
    ),
    EverydayGroup(
        key="fruit",
        title="Fruit, such as avocado and banana",
        usda_groups=frozenset({"Fruits and fruit juices"}),
        include=_re(r"."),
        exclude=_re(r"juice|nectar|syrup|drink|pie filling|restaurant|candied"),
        reference_grams=Decimal(140),
        preferred_portions=(_re(r"^1 medium\b"), _ONE_CUP),
    ),
    EverydayGroup(
        key="dark-chocolate-and-cocoa",
        title="Dark chocolate and cocoa",
        usda_groups=frozenset({"Sweets"}),
        include=_re(
            r"^(Chocolate, dark|Candies, chocolate, dark|Candies, semisweet chocolate|"
            r"Baking chocolate, unsweetened, squares|Cocoa, dry powder)"
        ),
        reference_grams=Decimal(30),
        preferred_portions=(_ONE_OZ, _re(r"^1 square\b"), _re(r"^1 (tbsp|tablespoon)\b")),
    ),
    EverydayGroup(
        key="fish",
        title="Fish and seafood",
        usda_groups=frozenset({"Finfish and shellfish products"}),
        include=_re(r"."),
        # Cooked and canned as eaten; the raw twin of a cooked fish would be listed twice.
        exclude=_re(r"\braw\b"),
        reference_grams=Decimal(85),
        preferred_portions=(_re(r"^3 oz\b"),),
    ),
    EverydayGroup(
        key="dairy-and-soy",
        title="Dairy and soy",
        usda_groups=frozenset({"Dairy and egg products", "Legumes and legume products"}),
        include=_re(r"^(Milk|Yogurt|Cheese|Kefir|Soymilk|Tofu|Soy yogurt)\b"),
        exclude=_re(r"\b(dried|dry|condensed|evaporated|powder)\b"),
        reference_grams=Decimal(240),
        preferred_portions=(_ONE_OZ, _HALF_CUP, _re(r"^1 container \(6 oz\)"), _ONE_CUP),
    ),
)
# Soy milk and tofu are "Legumes" to USDA but "dairy and soy" to people, so that group is
# tried first.
_MATCH_ORDER = sorted(EVERYDAY_GROUPS, key=lambda group: group.key != "dairy-and-soy")


def everyday_group_for(name: str, usda_group: str | None) -> EverydayGroup | None:
    """The everyday group a USDA food belongs to, or None (it is listed under its USDA group)."""
    for group in _MATCH_ORDER:
        if group.contains(name, usda_group):
            return group
    return None


def is_listed(name: str, usda_group: str | None) -> bool:
    """False for foods the list leaves out: salted twins, flours, dry grains, infants' foods."""
    if usda_group in EXCLUDED_USDA_GROUPS or SKIPPED_FOOD.search(name):
        return False
    not_eaten = NOT_EATEN_AS_SOLD.get(usda_group or "")
    return not_eaten is None or not_eaten.search(name) is None


def variety_key(name: str) -> str:
    """The part of a USDA name that says which food it is ("Figs, dried" of "Figs, dried, stewed").

    A list shows one row per variety, so five ways of canning spinach take one place.
    """
    return ",".join(part.strip() for part in name.lower().split(",")[:2])


def common_portion(
    portions: Sequence[tuple[str, Decimal]],
    reference_grams: Decimal,
    preferred: Sequence[re.Pattern[str]] = (),
) -> int | None:
    """Index of the household portion to compare a food by, or None when none is everyday.

    The label's NLEA serving wins; then the group's preferred measures in order; then the
    portion whose weight is nearest the usual amount (by ratio, so 15 g vs 30 g counts as far
    as 60 g vs 30 g). Bulk measures and portions over three times the usual amount never count.
    """
    usable = [
        (index, label, grams)
        for index, (label, grams) in enumerate(portions)
        if 0 < grams <= reference_grams * MAX_PORTION_FACTOR and not BULK_PORTION.search(label)
    ]
    if not usable:
        return None
    for pattern in (NLEA, *preferred):
        for index, label, _grams in usable:
            if pattern.search(label):
                return index
    return min(
        usable,
        key=lambda item: (abs(math.log(float(item[2] / reference_grams))), item[0]),
    )[0]
