"""The "Magnesium-rich foods" list: everyday groups, which foods belong, and the amount shown.

USDA groups foods by how they are produced ("Vegetables and vegetable products"); people think
in leafy greens, nuts and seeds, dark chocolate. The rules here sort a USDA food into an
everyday group by its USDA group and name. Foods are compared, and the FDA claims "excellent
source" and "good source" judged, per reference amount customarily consumed (21 CFR
101.12(b), tracker.domain.racc): 30 g of nuts, 2 tbsp of peanut butter, 140 g of cooked
grains, 1 tsp of mustard. A food's reference amount comes from the data file (the data script
works it out, tracker.domain.default_portions).

Left off the list: seasonings, condiments, fats, sugars and other foods whose reference amount
is a spoonful nobody eats for its magnesium (`ReferenceAmount.everyday_food`); foods whose
reference amount is only a typical weight (no measure of their own to convert a volume); and,
as before, salted twins, flours, dry grains and beans, raw meat, infants' foods.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from tracker.domain.default_portions import classification_group
from tracker.domain.racc import ReferenceAmount
from tracker.domain.units import Measure, is_one_ounce_measure

# Foods left out of every list: the salted twin of an unsalted food, and forms not eaten as sold.
SKIPPED_FOOD = re.compile(
    r"\bwith salt\b|\bsalted\b|unprepared|dehydrated|\bflour\b|\bmeal\b|\bdry mix\b|"
    r",\s*dry\s*(,|$)|\bpowder\b|dried-frozen",
    re.IGNORECASE,
)
# USDA groups not shown in "the rest": infants' foods are not what this app's users log.
EXCLUDED_USDA_GROUPS = frozenset({"Baby foods"})
# Foods USDA lists as sold but nobody eats that way: dry grains and beans, raw meat and fish,
# milk powders.
_RAW = r"\b(raw|uncooked)\b"
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


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@dataclass(frozen=True)
class EverydayGroup:
    """A group of foods as people think of them."""

    key: str
    title: str
    usda_groups: frozenset[str]
    include: re.Pattern[str]  # the food's name must match
    exclude: re.Pattern[str] | None = None
    # Foods the heading and the guidance page name: always shown, in their place by rank.
    featured: tuple[re.Pattern[str], ...] = ()

    def contains(self, name: str, usda_group: str | None) -> bool:
        """True when a USDA food belongs in this everyday group."""
        return (
            usda_group in self.usda_groups
            and self.include.search(name) is not None
            and (self.exclude is None or self.exclude.search(name) is None)
        )


# Display order. The featured foods are those the guidance page's "food first" list names
# (NIH ODS): spinach and kale, almonds and pumpkin seeds, black beans and lentils, brown rice and
# whole wheat, avocado and banana, dark chocolate.
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
        featured=(_re(r"^Spinach, raw$"), _re(r"^Kale, raw$")),
    ),
    EverydayGroup(
        key="nuts-and-seeds",
        title="Nuts and seeds",
        usda_groups=frozenset({"Nut and seed products"}),
        include=_re(r"^(Nuts|Seeds)\b"),
        exclude=_re(r"\boil\b(?! roasted)|protein|defatted|paste|\bmilk\b|beverage"),
        featured=(_re(r"^Nuts, almonds$"), _re(r"^Seeds, pumpkin and squash seed kernels, dried")),
    ),
    EverydayGroup(
        key="legumes",
        title="Legumes: beans, lentils, peas and peanuts",
        usda_groups=frozenset({"Legumes and legume products"}),
        include=_re(r"cooked|boiled|canned|roasted|^Hummus|^Peanut butter|^Refried"),
        exclude=_re(r"^(Soymilk|Tofu|Soy yogurt|Yogurt)"),
        featured=(
            _re(r"^Beans, black, mature seeds, cooked, boiled, without salt"),
            _re(r"^Lentils, mature seeds, cooked, boiled, without salt"),
        ),
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
        featured=(
            _re(r"^Rice, brown, long-grain, cooked$"),
            _re(r"^Bread, whole-wheat, commercially prepared$"),
        ),
    ),
    EverydayGroup(
        key="fruit",
        title="Fruit, such as avocado and banana",
        usda_groups=frozenset({"Fruits and fruit juices"}),
        include=_re(r"."),
        exclude=_re(r"juice|nectar|syrup|drink|pie filling|restaurant|candied"),
        featured=(_re(r"^Avocados, raw, all commercial varieties$"), _re(r"^Bananas, raw$")),
    ),
    EverydayGroup(
        key="dark-chocolate-and-cocoa",
        title="Dark chocolate and cocoa",
        usda_groups=frozenset({"Sweets"}),
        include=_re(
            r"^(Chocolate, dark|Candies, chocolate, dark|Candies, semisweet chocolate|"
            r"Baking chocolate, unsweetened, squares|Cocoa, dry powder)"
        ),
        featured=(_re(r"^Chocolate, dark, 70-85% cacao solids$"),),
    ),
    EverydayGroup(
        key="fish",
        title="Fish and seafood",
        usda_groups=frozenset({"Finfish and shellfish products"}),
        include=_re(r"."),
        # Cooked and canned as eaten; the raw twin of a cooked fish would be listed twice.
        exclude=_re(r"\braw\b"),
    ),
    EverydayGroup(
        key="dairy-and-soy",
        title="Dairy and soy",
        usda_groups=frozenset({"Dairy and egg products", "Legumes and legume products"}),
        include=_re(r"^(Milk|Yogurt|Cheese|Kefir|Soymilk|Tofu|Soy yogurt)\b"),
        exclude=_re(r"\b(dried|dry|condensed|evaporated|powder)\b"),
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


def is_listed(
    name: str, usda_group: str | None, reference: ReferenceAmount, nominal: bool = False
) -> bool:
    """False for foods the list leaves out (see the module docstring)."""
    if not (reference.everyday_food and reference.label_claims) or nominal:
        return False
    if usda_group in EXCLUDED_USDA_GROUPS or SKIPPED_FOOD.search(name):
        return False
    not_eaten = NOT_EATEN_AS_SOLD.get(classification_group(name, usda_group) or "")
    return not_eaten is None or not_eaten.search(name) is None


def variety_key(name: str) -> str:
    """The part of a USDA name that says which food it is ("Figs, dried" of "Figs, dried, stewed").

    A list shows one row per variety, so five ways of canning spinach take one place.
    """
    return ",".join(part.strip() for part in name.lower().split(",")[:2])


# --- How the reference amount reads -----------------------------------------------------------

_FRACTION_GLYPHS = {
    Fraction(1, 4): "¼",
    Fraction(1, 3): "⅓",
    Fraction(1, 2): "½",
    Fraction(2, 3): "⅔",
    Fraction(3, 4): "¾",
}
# A household equivalent is given only when it is this close to the reference amount.
ABOUT_FIT = Fraction(1, 10)
_ABOUT_QUANTITIES = tuple(
    Fraction(n, d) for n, d in ((1, 4), (1, 3), (1, 2), (2, 3), (3, 4), (1, 1), (3, 2), (2, 1))
)
_LEADING_AMOUNT = re.compile(r"^[0-9./ -]+\s+")
_CUP = re.compile(r"^cup\b")


def amount_words(amount: Fraction) -> str:
    """A simple amount as a cook writes it: "¾", "1½", "2", "0.125" for anything else."""
    whole, part = divmod(amount, 1)
    if part == 0:
        return str(whole)
    if part in _FRACTION_GLYPHS:
        return f"{whole or ''}{_FRACTION_GLYPHS[part]}"
    return f"{float(amount):g}"


def household_equivalent(grams: Fraction, measures: Sequence[Measure]) -> str | None:
    """ "1 oz", "¾ cup", "1 large": a household amount within 10% of `grams`, or None.

    Only the food's own measures (one of them; a simple part of a cup or spoon), else the ounce;
    never a bulk measure, and never part of a piece ("⅔ bar").
    """
    own_ounce = any(is_one_ounce_measure(m.label, m.grams) for m in measures)
    ounce = Fraction(Decimal("28.35"))
    candidates: list[tuple[int, Fraction, int, str]] = []
    for measure in measures:
        if measure.is_bulk or measure.unit in ("g", "kg", "lb"):
            continue
        rest = _LEADING_AMOUNT.sub("", measure.label)
        parts = _ABOUT_QUANTITIES if measure.volume_tsp and measure.unit else (Fraction(1),)
        for quantity in parts:
            off = abs(Fraction(measure.grams) * quantity - grams) / grams
            if off <= ABOUT_FIT:
                amount = quantity * measure.amount
                words = f"{amount_words(amount)} {_CUP.sub('cups', rest) if amount > 1 else rest}"
                candidates.append((int(quantity != 1), off, measure.index, words))
    for ounces in (Fraction(1, 2), *(Fraction(n) for n in range(1, 9))):
        off = abs(ounce * ounces - grams) / grams
        if off <= ABOUT_FIT and not own_ounce:
            candidates.append((2, off, 0, f"{amount_words(ounces)} oz"))
    # One of the food's own measures first ("1 oz (23 whole kernels)"), then part of one
    # ("¾ cup"), then the ounce.
    return min(candidates)[3] if candidates else None


def reference_text(reference: ReferenceAmount, grams: Decimal, measures: Sequence[Measure]) -> str:
    """How the reference amount of one food reads on the page.

    A volume as the regulation states it, with this food's grams: "2 tbsp (32 g)". A weight in
    grams, with the nearest household amount when one is close: "30 g (about 1 oz)".
    """
    shown = _grams_text(grams)
    if reference.volume_tsp is not None:
        # "1/2 cup (120 mL)" reads "½ cup (127 g)": this food's grams, not the regulation's mL.
        quantity, unit = re.split(r" \(|,", reference.amount)[0].split(" ", 1)
        return f"{amount_words(Fraction(quantity))} {unit} ({shown} g)"
    about = household_equivalent(Fraction(grams), measures)
    if about is None:
        return f"{shown} g"
    # "1 oz (6 kernels)" inside the brackets reads "1 oz, 6 kernels": no brackets in brackets.
    return f"{shown} g (about {_INNER_BRACKETS.sub(_comma_instead, about)})"


_INNER_BRACKETS = re.compile(r"\s*\(([^()]*)\)")


def _comma_instead(match: re.Match[str]) -> str:
    return f", {' '.join(match[1].split())}"


def _grams_text(grams: Decimal) -> str:
    rounded = grams.quantize(Decimal(1) if grams >= 10 else Decimal("0.1"), ROUND_HALF_UP)
    return f"{rounded.normalize():f}"
