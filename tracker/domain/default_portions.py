"""The default portion of every USDA food: what a person means by the bare name.

scripts/build_food_data.py runs this once per food and stores the result in the data file, so
the rule is applied in one place and can be read, tested and regenerated.

The rule, in three steps:

1. **Which reference amount.** `classify` sorts a food into a row of the FDA/USDA tables of
   reference amounts customarily consumed (tracker.domain.racc) by its USDA food group and name:
   "Nuts, almonds" is *Nuts, seeds and mixtures* (30 g), "Rice, brown, long-grain, cooked" is
   *Grains, prepared* (140 g), "Peanut butter, smooth style" is *Nut and seed butters* (2 tbsp).
   A reference amount stated as a volume becomes grams through the food's own household
   measure (2 tbsp of a food whose "1 cup" weighs 258 g is 32.25 g); without one, a typical
   weight stands in, marked "nominal".

2. **Which household measure.** Each rule lists the measures people use for that kind of food,
   in order: 1 large egg; 1 oz of nuts, seeds, cheese and chocolate; 1 medium whole fruit or
   vegetable; 1 slice of bread; 1 cup of milk, juice, soup, cooked cereal, grains and pasta;
   1/2 cup of cooked beans and vegetables; 3 oz of cooked meat, poultry and fish; 1 or 2 tbsp of
   fats, spreads and nut butters. The first that the food has, and whose weight is within a
   factor of 3 of the reference amount, wins. A piece of food (cookie, cracker, slice of
   bacon) is counted as the FDA counts label servings of discrete units, 21 CFR
   101.9(b)(2)(i): up to half the reference amount, the whole number of pieces nearest to it;
   more than half, one piece.

3. **Otherwise** the household measure nearest the reference amount (never a bulk measure
   such as a package, a roast or a recipe yield, and within the same factor of 3); and when the
   food has none, the reference amount itself in ounces (3 oz rather than 85 g) or, for small
   amounts, in grams.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from tracker.domain.portions import (
    Count,
    DefaultPortion,
    Ounces,
    Rule,
    Serving,
    Size,
    Volume,
    Whole,
    food_rule,
    nearest_measure,
    reference_grams,
    volume_grams,
    weight_fallback,
)
from tracker.domain.racc import REFERENCE_AMOUNTS, ReferenceAmount
from tracker.domain.units import TSP_PER_VOLUME_UNIT, Measure, read_measures, singular

# --- Rules ----------------------------------------------------------------------------------

DAIRY = "Dairy and egg products"
SPICES = "Spices and herbs"
BABY = "Baby foods"
FATS = "Fats and oils"
POULTRY = "Poultry products"
SOUPS = "Soups, sauces and gravies"
SAUSAGES = "Sausages and luncheon meats"
CEREALS = "Breakfast cereals"
FRUITS = "Fruits and fruit juices"
PORK = "Pork products"
VEGETABLES = "Vegetables and vegetable products"
NUTS = "Nut and seed products"
BEEF = "Beef products"
BEVERAGES = "Beverages"
FISH = "Finfish and shellfish products"
LEGUMES = "Legumes and legume products"
GAME = "Lamb, veal and game products"
BAKED = "Baked products"
SWEETS = "Sweets"
GRAINS = "Cereal grains and pasta"
FAST_FOODS = "Fast foods"
MEALS = "Meals, entrees and side dishes"
SNACKS = "Snacks"
NATIVE = "American Indian/Alaska Native foods"
RESTAURANT = "Restaurant foods"
MEAT_GROUPS = frozenset({PORK, BEEF, GAME})
PREPARED_GROUPS = frozenset({FAST_FOODS, MEALS, RESTAURANT, NATIVE})

ONE_CUP = Volume("1 cup")
HALF_CUP = Volume("1/2 cup")
QUARTER_CUP = Volume("1/4 cup")
ONE_TBSP = Volume("1 tbsp")
TWO_TBSP = Volume("2 tbsp")
ONE_TSP = Volume("1 tsp")
QUARTER_TSP = Volume("1/4 tsp")
EIGHT_FL_OZ = Volume("8 fl oz")
ONE_OZ = Ounces(Fraction(1))
TWO_OZ = Ounces(Fraction(2))
THREE_OZ = Ounces(Fraction(3))
FOUR_OZ = Ounces(Fraction(4))
WHOLE = Whole()
ANY_PIECE = Count()
SERVING = Serving()


_COOKED = (
    r"\b(cooked|boiled|baked|roasted|broiled|braised|fried|grilled|stewed|simmered|steamed|"
    r"microwaved|heated|pan-fried|pan-broiled|sauteed|stir-fried|poached|scrambled|toasted|"
    r"smoked|canned|ready-to-serve|ready-to-eat|rotisserie|cured|dried|glazed|barbecued)\b"
)
_RAW = r"\b(raw|ready-to-cook|uncooked|unprepared|frozen, unheated)\b"
_DRY_MIX = (
    r"\b(dry|dry mix|mix, dry|powder|dehydrated|unprepared|not reconstituted)\b(?!.*prepared with)"
)
_MEAT_NAME = (
    r"^(beef|pork|veal|lamb|mutton|chicken|turkey|duck|goose|quail|pheasant|dove|squab|emu|"
    r"ostrich|guinea|capon|game meat|bison|buffalo|elk|moose|caribou|deer|venison|rabbit|"
    r"frog legs|turtle|sea lion|seal|whale|walrus|beaver|bear|horse|goat|opossum|squirrel|"
    r"muskrat|raccoon|antelope|boar)\b"
)
_FISH_NAME = r"^(fish|mollusks|crustaceans|salmon|smelt|steelhead|jellyfish)\b"
_LEAFY = (
    r"^(lettuce|spinach|kale|chard|collards|arugula|cress|watercress|endive|chicory|escarole|"
    r"radicchio|mustard greens|turnip greens|beet greens|dandelion greens|amaranth leaves|"
    r"cabbage|cornsalad|purslane|lambsquarters|mustard spinach|new zealand spinach|"
    r"grape leaves|sweet potato leaves|pumpkin leaves|taro leaves|drumstick leaves|"
    r"jute|borage|dock|alfalfa|sprouts?|.*\bsprouted\b|.*\bgreens\b)"
)
_WHOLE_VEGETABLE = (
    r"^(potato|potatoes|sweet ?potato|yam|tomato|tomatoes|carrots?|onions?|peppers?, sweet|"
    r"peppers, (bell|green|red|yellow)|cucumber|squash, summer|zucchini|eggplant|beets?|"
    r"turnips?|parsnips?|rutabagas?|artichokes?|corn, sweet|kohlrabi|chayote|leeks?|"
    r"celeriac|plantains?|taro|cassava|jicama|yambean|radishes|shallots)\b"
)
_SMALL_SEEDS = r"^seeds, (flaxseed|chia|sesame|poppy|hemp|pumpkin and squash seeds, whole)"

RULES: tuple[Rule, ...] = (
    # --- Babies and toddlers (21 CFR 101.12(b), Table 1)
    food_rule(
        "infant formula, powder",
        "infant-formula",
        r"formula.*\bpowder\b(?!.*prepared)",
        Count(("scoop",)),
        make="serving",
        made="17.6",
    ),
    food_rule(
        "infant formula, concentrate",
        "infant-formula",
        r"formula.*\bconcentrate\b",
        Volume("2 fl oz"),
        make="2 fl oz",
    ),
    food_rule("infant formula", "infant-formula", r"\bformula\b", Volume("4 fl oz"), groups={BABY}),
    food_rule(
        "babies' juice", "infant-juices", r"^baby ?food.*\b(juice|drink)\b", Volume("4 fl oz")
    ),
    food_rule(
        "babies' dry cereal",
        "infant-cereal-dry",
        r"^baby ?food, cereal.*\bdry\b",
        QUARTER_CUP,
        ONE_TBSP,
    ),
    food_rule(
        "babies' cereal", "infant-cereal", r"^baby ?food, cereal", Count(("jar", "container"))
    ),
    food_rule(
        "babies' snacks",
        "infant-snacks",
        r"^(baby ?food|zwieback|gerber graduates).*\b(cookie|cracker|pretzel|teething|biscuit|"
        r"toast|puffs?|bars?|strips|snack|zwieback|rusk|wheel|finger|dry, instant)|^zwieback|"
        r"^gerber graduates",
        ANY_PIECE,
    ),
    food_rule("babies' eggs", "infant-eggs", r"^baby ?food.*\begg", Count(("jar",))),
    food_rule(
        "toddlers' fruit",
        "toddler-fruits",
        r"^baby ?food.*\b(fruit|apple|pear|peach|banana)"
        r".*\btoddler",
        Count(("container", "jar")),
    ),
    food_rule(
        "toddlers' vegetables",
        "toddler-vegetables",
        r"^baby ?food, (vegetables?|carrots|"
        r"peas|green beans|squash|sweet potatoes|corn)\b.*toddler",
        Count(("container", "jar")),
    ),
    food_rule(
        "toddlers' meals", "toddler-dinners", r"^baby ?food.*\btoddler", Count(("container", "jar"))
    ),
    food_rule("babies' dry mix", "infant-dry-mix", r"^baby ?food.*\b(dry|dehydrated)\b", ONE_TBSP),
    food_rule(
        "babies' strained foods", "infant-strained", r"^baby ?food.*\bstrained\b", Count(("jar",))
    ),
    food_rule(
        "babies' foods", "infant-junior", r"^baby ?food|^babyfood", Count(("jar", "container"))
    ),
    # --- Seasonings and condiments
    food_rule("salt", "salt", r"^salt\b|\bsalt, table|seasoning salt", QUARTER_TSP),
    food_rule("vinegar", "condiments", r"^vinegar", ONE_TBSP),
    food_rule("yeast extract spread", "mayonnaise", r"yeast extract", ONE_TSP),
    food_rule(
        "mustard, horseradish, hot sauce",
        "condiments-minor",
        r"^(mustard, prepared|horseradish|sauce, (hot|pepper|tabasco|worcestershire)|"
        r"sauce, ready-to-serve, pepper|.*worcestershire|.*hot sauce|.*\bsriracha)",
        ONE_TSP,
    ),
    food_rule(
        "soy sauce, ketchup, steak sauce",
        "condiments",
        r"^(soy sauce|sauce, (soy|teriyaki|fish|oyster|steak|hoisin|plum)|catsup|ketchup|"
        r"miso|fish sauce|.*\bteriyaki sauce|.*\bmarinade)",
        ONE_TBSP,
    ),
    food_rule(
        "fresh herbs",
        "garnish-vegetables",
        r"^(basil, fresh|dill weed, fresh|spearmint, fresh|peppermint, fresh|thyme, fresh|"
        r"rosemary, fresh|parsley|chives|coriander \(cilantro\) leaves|coriander leaves|"
        r"capers|pimento|garlic(?! bread)|lemon grass|lemon peel|orange peel|celery flakes|"
        r"peppers, (pimento|sweet, .*freeze-dried))",
        ONE_TBSP,
        ONE_TSP,
    ),
    food_rule("spices and dried herbs", "spices", r".", QUARTER_TSP, groups=SPICES),
    # --- Fats, oils and dressings
    food_rule("cooking spray", "fat-spray", r"\bspray\b", groups={FATS}),
    food_rule(
        "salad dressing",
        "dressings",
        r"dressing",
        TWO_TBSP,
        exclude=r"mayonnaise|sandwich spread|sour dressing|without dressing|stuffing",
    ),
    food_rule(
        "mayonnaise and sandwich spreads",
        "mayonnaise",
        r"^(mayonnaise|salad dressing, mayonnaise|sandwich spread)|mayonnaise-type|"
        r"mayonnaise",
        ONE_TBSP,
        groups={FATS, LEGUMES},
    ),
    food_rule("butter replacement powder", "butter-powder", r"butter replacement"),
    food_rule(
        "separable fat",
        "fats",
        r"separable fat|\bsuet\b|backfat|rendered fat",
        Ounces(Fraction(1, 2)),
    ),
    food_rule(
        "butter, oils and fats",
        "fats",
        r"^(butter|oil|fat\b(?! free)|lard|shortening|margarine|ghee|vegetable oil|fish oil|"
        r"animal fat|meat drippings|usda commodity food, oil|.*\bsuet\b|.*\bbackfat\b|"
        r".*rendered fat|.*\bseparable fat\b)",
        ONE_TBSP,
        exclude=r"butterbur|butternut|buttermilk|butterscotch|butter beans|"
        r"^butter, whipped",
    ),
    food_rule("whipped butter", "fats", r"^butter, whipped", ONE_TBSP),
    food_rule("fats and oils", "fats", r".", ONE_TBSP, groups={FATS}),
    # --- Dairy and eggs
    food_rule(
        "eggs, scrambled or omelet",
        "egg-mixtures",
        r"^egg.*\b(scrambled|omelet)|omelet|souffle|egg foo young",
        Size("large"),
        HALF_CUP,
        groups={DAIRY, FAST_FOODS},
    ),
    food_rule(
        "egg substitute",
        "egg-whites",
        r"egg substitute.*\b(liquid|frozen)",
        QUARTER_CUP,
        groups={DAIRY},
    ),
    food_rule(
        "dried egg",
        "egg-dried",
        r"^egg.*\b(dried|powder)\b|egg substitute, powder|egg mix",
        ONE_TBSP,
        TWO_TBSP,
        groups={DAIRY},
    ),
    food_rule(
        "egg whites and yolks",
        "egg-whites",
        r"^egg, (white|yolk)",
        Size("large"),
        QUARTER_CUP,
        groups={DAIRY},
    ),
    food_rule("eggs", "eggs", r"^eggs?\b", Size("large"), Count(("egg",)), groups={DAIRY}),
    food_rule("cottage cheese", "cottage-cheese", r"cheese, cottage", HALF_CUP),
    food_rule("ricotta", "ricotta", r"cheese, ricotta|ricotta", QUARTER_CUP),
    food_rule(
        "grated cheese",
        "grated-cheese",
        r"cheese, parmesan, grated|parmesan cheese topping|cheese, romano, grated|"
        r"cheese, parmesan, shredded|cheese, dry white, queso seco",
        ONE_TBSP,
    ),
    food_rule(
        "cheese sauce",
        "sauces",
        r"^(cheese sauce|sauce, cheese|cheese fondue)",
        QUARTER_CUP,
        exclude=r"\b(dry|mix|powder)\b",
    ),
    food_rule("cream cheese", "cheese", r"cheese, cream|cream cheese|neufchatel", TWO_TBSP, ONE_OZ),
    food_rule(
        "cheese",
        "cheese",
        r"^(cheese|imitation cheese|cheese food|cheese product|"
        r"cheese spread|cheese substitute|usda commodity, cheese)|\bcheese, (pasteurized|"
        r"low)",
        ONE_OZ,
        Count(("slice",)),
        groups={DAIRY},
    ),
    food_rule("half and half", "half-and-half", r"half and half", TWO_TBSP),
    food_rule(
        "sour cream",
        "sour-cream",
        r"sour cream|cream, sour|sour dressing|imitation, sour",
        TWO_TBSP,
    ),
    food_rule(
        "whipped toppings",
        "dessert-toppings",
        r"dessert topping|whipped topping|reddi wip|cream, (whipped|heavy whipping, whipped)|"
        r"whipped cream substitute|cream topping",
        TWO_TBSP,
    ),
    food_rule(
        "cream substitute powder",
        "cream-powder",
        r"cream substitute.*powder|coffee whitener.*"
        r"powder",
        ONE_TSP,
    ),
    food_rule("cream", "cream", r"^cream|cream substitute", ONE_TBSP, groups={DAIRY}),
    food_rule(
        "condensed and evaporated milk",
        "milk-concentrated",
        r"milk, (canned, )?(condensed|evaporated)|milk, canned",
        TWO_TBSP,
    ),
    food_rule(
        "dry milk",
        "milk",
        r"^milk.*\b(dry|dried|powder)\b",
        Volume("1/3 cup"),
        make="1/3 cup",
        groups={DAIRY},
    ),
    food_rule("milk shakes", "shakes", r"milk ?shakes?|^shake", ONE_CUP),
    food_rule("eggnog", "eggnog", r"eggnog|silk nog", HALF_CUP),
    food_rule(
        "yogurt",
        "yogurt",
        r"yogurt",
        Count(("container",)),
        Volume("3/4 cup"),
        ONE_CUP,
        groups={DAIRY, LEGUMES, FAST_FOODS},
        exclude=r"frozen|covered|coating|parfait|bar\b|raisins|cereal",
    ),
    food_rule(
        "ice cream and frozen desserts",
        "ice-cream",
        r"ice ?cream|frozen (yogurt|novelt|dessert)|yogurt, frozen|sherbet|frozen novelites|"
        r"milk dessert|"
        r"fat free ice cream|light ice cream|frozen yogurts|popsicle|fruit and juice bars|"
        r"\bices?, (italian|water)",
        HALF_CUP,
        Count(
            (
                "bar",
                "sandwich",
                "cone",
                "unit",
                "cup",
                "serving",
                "piece",
                "item",
                "cookie",
                "container",
                "stick",
                "pop",
            )
        ),
    ),
    food_rule("dulce de leche", "dessert-toppings", r"dulce de leche", TWO_TBSP),
    food_rule("whey", "milk", r"^whey, (acid|sweet), fluid", ONE_CUP),
    food_rule(
        "dry whey and protein powders",
        "flours",
        r"^whey|protein supplement|protein powder|^nutritional supplement.*powder",
        SERVING,
        QUARTER_CUP,
    ),
    food_rule(
        "milk and milk drinks",
        "milk",
        r"^(milk|buttermilk|kefir|milk substitutes?|nutritional supplement|.*\bmilk\b, "
        r"(fluid|chocolate)|ready-to-drink .*milk|beverage, .*milk)",
        ONE_CUP,
        groups={DAIRY, BEVERAGES},
    ),
    # --- Poultry and meat (9 CFR 381.412 and 317.312)
    food_rule(
        "poultry with gravy",
        "poultry-with-sauce",
        r"^turkey and gravy|with gravy",
        ONE_CUP,
        groups={POULTRY},
    ),
    food_rule(
        "canned poultry", "poultry-canned", r"\bcanned\b", TWO_OZ, Count(("can",)), groups={POULTRY}
    ),
    food_rule(
        "poultry luncheon meat",
        "luncheon-meat",
        r"\b(roll|loaf|bologna|salami|ham\b|pastrami|luncheon|sliced|deli|bacon)",
        Count(("slice", "serving", "piece")),
        TWO_OZ,
        groups={POULTRY},
        exclude=r"\braw\b",
    ),
    food_rule(
        "poultry sausage",
        "sausages",
        r"\b(sausage|frank|hot dog|sticks)\b",
        Count(("link", "frankfurter", "frank", "sausage", "stick", "piece", "serving")),
        TWO_OZ,
        groups={POULTRY},
    ),
    food_rule("raw poultry", "poultry-raw", _RAW, FOUR_OZ, groups={POULTRY}),
    food_rule(
        "breaded poultry",
        "poultry",
        r"nugget|tender|patt|breaded|strips|fingers|popcorn",
        Count(("piece", "nugget", "patty", "tender", "strip", "serving")),
        THREE_OZ,
        groups={POULTRY},
    ),
    food_rule("poultry", "poultry", r".", THREE_OZ, groups={POULTRY}),
    food_rule(
        "bacon, raw",
        "bacon-raw",
        r"\bbacon\b.*\braw\b|breakfast strips.*\braw\b",
        Count(("slice", "strip", "piece")),
        TWO_OZ,
        exclude=r"canadian|bits|substitute|meatless",
    ),
    food_rule(
        "bacon",
        "bacon",
        r"\bbacon\b|breakfast strips|pork skins|pork rinds|cracklings",
        Count(("slice", "strip", "piece", "oz")),
        Ounces(Fraction(1, 2)),
        exclude=r"canadian|bits|substitute|meatless|bacon and beef sticks|grease|sandwich|"
        r"pizza|burger|biscuit|croissant|muffin|potato|salad|"
        r"with bacon|and bacon|bacon,? (cheese|egg)|morningstar|dressing",
    ),
    food_rule(
        "jerky and dried meat",
        "meat-dried",
        r"jerky|dried beef|beef, cured, dried|meat snack|beef sticks|pepperoni|"
        r"bacon and beef sticks|\bsalami, dry|thuringer|summer sausage",
        ONE_OZ,
        Count(("slice", "stick", "piece")),
        exclude=r"pizza",
    ),
    food_rule(
        "canned meat",
        "meat-canned",
        r"corned beef, canned|canned, .*\b(beef|pork)|"
        r"\b(beef|pork)\b.*\bcanned\b",
        TWO_OZ,
        groups={BEEF, PORK, SAUSAGES},
        exclude=r"\bham\b|chili|stew|hash",
    ),
    food_rule(
        "luncheon meats",
        "luncheon-meat",
        r"bologna|salami|loaf|luncheon|\bham\b|pastrami|turkey breast|chicken breast|"
        r"roast beef|spam|headcheese|liverwurst|braunschweiger|liver (cheese|sausage)|spread|"
        r"pate|scrapple|turkey roll|chicken roll|canadian|sliced|roll\b|mortadella|"
        r"luxury|picnic|dutch brand|peppered|pickle and pimiento|barbecue loaf",
        Count(("slice", "serving", "piece")),
        TWO_OZ,
        groups={SAUSAGES},
        exclude=r"^pork, cured, ham",
    ),
    food_rule(
        "sausages and frankfurters",
        "sausages",
        r".",
        Count(("link", "frankfurter", "frank", "sausage", "serving", "piece", "patty", "slice")),
        TWO_OZ,
        groups={SAUSAGES},
    ),
    food_rule(
        "sausages and frankfurters",
        "sausages",
        r"\b(sausages?|frankfurters?|franks?|hot dogs?|bratwurst|kielbasa|knackwurst|"
        r"chorizo|smokies|links?)\b",
        Count(("link", "frankfurter", "frank", "sausage", "serving", "piece", "patty")),
        TWO_OZ,
        groups={BEEF, PORK},
        exclude=r"meatless|vegetarian|soy",
    ),
    food_rule(
        "beef and pork luncheon meats",
        "luncheon-meat",
        r"bologna|salami|luncheon|pastrami|\bloaf\b|thin sliced|deli|spam",
        Count(("slice", "serving", "piece")),
        TWO_OZ,
        groups={BEEF, PORK},
    ),
    food_rule(
        "cured ham", "meat", r"\bham\b|cured", THREE_OZ, groups={PORK}, exclude=r"bacon|salt pork"
    ),
    food_rule("raw meat", "meat-raw", _RAW, FOUR_OZ, groups=MEAT_GROUPS),
    food_rule("meat", "meat", r".", THREE_OZ, groups=MEAT_GROUPS),
    food_rule("raw meat", "meat-raw", _MEAT_NAME + r".*" + _RAW, FOUR_OZ),
    food_rule(
        "meat",
        "meat",
        _MEAT_NAME,
        THREE_OZ,
        exclude=r"soup|sandwich|pot pie|stew\b|chili|gravy|salad|macaroni|noodle|rice|"
        r"dinner|meal|with vegetables|enchilada|burrito|nuggets|pizza|babyfood|meatless",
    ),
    # --- Fish and seafood
    food_rule("caviar and anchovies", "fish-small", r"caviar|roe\b|anchov", ONE_TBSP, Count()),
    food_rule(
        "smoked or pickled fish",
        "fish-smoked",
        _FISH_NAME + r".*\b(smoked|kippered|pickled|lox|salted|spread)\b",
        TWO_OZ,
        Count(("fillet", "piece")),
    ),
    food_rule("imitation seafood", "meat-substitutes", r"surimi|imitation", TWO_OZ, groups={FISH}),
    food_rule(
        "canned fish", "fish-canned", _FISH_NAME + r".*\bcanned\b", THREE_OZ, Count(("can",))
    ),
    food_rule("raw fish", "fish-raw", _FISH_NAME + r".*" + _RAW, FOUR_OZ, exclude=r"cooked"),
    food_rule("fish", "fish", r".", THREE_OZ, groups={FISH}),
    food_rule("fish", "fish", _FISH_NAME, THREE_OZ, exclude=r"soup|sandwich|stew|broth|oil"),
    # --- Foods of American Indians and Alaska Natives, by what they are
    food_rule(
        "stews, soups and mush",
        "mixed-dishes-cup",
        r"\b(stew|soup|mush)\b",
        ONE_CUP,
        Count(("serving",)),
        groups={NATIVE},
    ),
    food_rule(
        "tamales and filled tortillas",
        "mixed-dishes",
        r"tamales?|in tortilla",
        ANY_PIECE,
        groups={NATIVE},
    ),
    food_rule(
        "berries and wild fruit",
        "fruit",
        r"berr|plums|chokecherr|rose hips|pricklypear|melon|agutuk",
        ONE_CUP,
        WHOLE,
        ANY_PIECE,
        groups={NATIVE},
        exclude=r"\bdried\b|beverage",
    ),
    food_rule(
        "wild plants and vegetables",
        "vegetables",
        r"lambsquarters|nettles|cattail|turnips|wocas|squash|agave|corn, (white|steamed)",
        ONE_CUP,
        HALF_CUP,
        ANY_PIECE,
        groups={NATIVE},
        exclude=r"\bdried\b",
    ),
    # --- Fruit
    food_rule("olives", "olives", r"^olives", Count(), groups={FRUITS, VEGETABLES}),
    food_rule("lemon and lime juice", "juice-ingredient", r"^(lemon|lime) juice", ONE_TSP),
    food_rule(
        "juice concentrate",
        "juice",
        r"frozen concentrate(?!.*(diluted|prepared|"
        r"reconstituted))|concentrate, undiluted|concentrate.*\bundiluted",
        Volume("2 fl oz"),
        make="2 fl oz",
        groups={FRUITS, BEVERAGES, VEGETABLES},
    ),
    food_rule(
        "fruit juice",
        "juice",
        r"\b(juices?|nectars?|drinks?|punch|ades?|lemonade|limeade|"
        r"cider)\b|juice cocktail",
        ONE_CUP,
        groups={FRUITS},
        exclude=r"juice pack",
    ),
    food_rule("maraschino cherries and peel", "garnish-fruit", r"maraschino|^\w+ peel\b", Count()),
    food_rule("candied fruit", "candied-fruit", r"candied|glace", ONE_OZ, groups={FRUITS}),
    food_rule(
        "fruit relish",
        "fruit-relish",
        r"cranberry sauce|relish|guava sauce|chutney",
        QUARTER_CUP,
        groups={FRUITS},
    ),
    food_rule("avocado", "avocado", r"^avocados?", Whole(Fraction(1, 2)), HALF_CUP),
    food_rule(
        "lemons, limes, cranberries",
        "fruit-ingredient",
        r"^(lemons|limes|cranberries), raw",
        WHOLE,
        HALF_CUP,
    ),
    food_rule("watermelon", "watermelon", r"^watermelon", Count(("wedge",)), ONE_CUP),
    food_rule(
        "dried fruit",
        "dried-fruit",
        r"\b(dried|dehydrated|dates|raisins|prunes|currants, zante)\b",
        QUARTER_CUP,
        Count(),
        groups={FRUITS, NATIVE},
        exclude=r"stewed|\bcooked|juice|canned",
    ),
    food_rule(
        "canned and frozen fruit",
        "fruit",
        r"\b(canned|frozen|syrup|sweetened|applesauce|juice pack|water pack|cocktail|"
        r"salad|stewed|cooked|sauce)\b",
        HALF_CUP,
        groups={FRUITS},
    ),
    food_rule("fruit", "fruit", r".", WHOLE, ONE_CUP, ANY_PIECE, groups={FRUITS}),
    # --- Vegetables
    food_rule(
        "vegetable juice",
        "vegetable-juice",
        r"\bjuice\b",
        ONE_CUP,
        groups={VEGETABLES, BEVERAGES},
        exclude=r"fruit",
    ),
    food_rule("tomato paste", "vegetable-pastes", r"tomato.*\bpaste\b", TWO_TBSP),
    food_rule(
        "tomato sauce and puree",
        "vegetable-sauces",
        r"tomato.*\b(sauce|puree)\b|^tomato sauce",
        QUARTER_CUP,
        groups={VEGETABLES},
    ),
    food_rule("ketchup", "condiments", r"^catsup|ketchup", ONE_TBSP),
    food_rule("pickle relish", "relishes", r"relish", ONE_TBSP, groups={VEGETABLES}),
    food_rule(
        "pickles",
        "pickles",
        r"^pickles?|\b(pickled|salted)\b",
        Count(),
        ONE_OZ,
        groups={VEGETABLES},
        exclude=r"beets",
    ),
    food_rule(
        "dehydrated mashed potatoes",
        "potatoes-mashed",
        r"potato.*dehydrated.*dry form",
        Volume("1/3 cup"),
        QUARTER_CUP,
        make="serving",
        made="25",
    ),
    food_rule(
        "dried vegetables and seaweed",
        "dried-vegetables",
        r"\b(dried|dehydrated|freeze-dried|sun-dried|flakes)\b|seaweed, (spirulina|agar), "
        r"dried",
        ONE_TBSP,
        Count(),
        groups={VEGETABLES},
        exclude=r"cooked|boiled|prepared",
    ),
    food_rule("seaweed", "vegetables", r"^seaweed", ONE_CUP, groups={VEGETABLES}),
    food_rule(
        "hot peppers and green onion",
        "chili-peppers",
        r"^peppers, (hot|jalapeno|serrano|hungarian|chili|ancho|pasilla)|peppers, .*\bhot\b|"
        r"jalapeno|onions, (spring|young green)|scallions|green onion",
        Count(("pepper",)),
        WHOLE,
        QUARTER_CUP,
        groups={VEGETABLES},
    ),
    food_rule(
        "french fries and hash browns",
        "fries-frozen",
        r"(french fr|hash brown|potato puffs|o'brien|potato pancakes|cottage-cut|wedges|"
        r"crinkle|shoestring).*\bfrozen\b(?!.*\b(prepared|heated|cooked|baked|fried in)\b)",
        THREE_OZ,
        groups={VEGETABLES},
    ),
    food_rule(
        "french fries and hash browns",
        "fries",
        r"french fr|hash brown|potato puffs|o'brien|potato pancakes|potato skins|tater|"
        r"\bfries\b|onion rings",
        Count(("serving", "order")),
        Ounces(Fraction(5, 2)),
    ),
    food_rule(
        "potato salad and pasta salad",
        "pasta-salad",
        r"potato salad|pasta salad|macaroni salad",
        HALF_CUP,
    ),
    food_rule(
        "coleslaw and vegetable salads",
        "salads",
        r"coleslaw|^salad, vegetable|tossed salad",
        HALF_CUP,
        ONE_CUP,
    ),
    food_rule(
        "mashed and stuffed potatoes",
        "potatoes-mashed",
        r"potato.*\b(mashed|au gratin|scalloped|stuffed|candied|with cheese|in sauce)\b|"
        r"sweet potato.*\b(candied|mashed)|potatoes, mashed",
        HALF_CUP,
        WHOLE,
    ),
    food_rule(
        "canned potatoes",
        "potatoes-canned",
        r"^(potatoes|sweet ?potato|yam).*\bcanned\b",
        HALF_CUP,
        groups={VEGETABLES},
    ),
    food_rule(
        "potatoes",
        "potatoes",
        r"^(potato|potatoes|sweet ?potato|yams?)\b",
        WHOLE,
        HALF_CUP,
        groups={VEGETABLES, NATIVE},
        exclude=r"leaves|flour|chips|sticks",
    ),
    food_rule(
        "vegetables with sauce",
        "vegetables-with-sauce",
        r"\b(in (butter|cheese|cream|tomato) sauce|with (cheese|cream|butter) sauce|creamed|"
        r"au gratin|in sauce|with sauce)\b",
        HALF_CUP,
        groups={VEGETABLES},
    ),
    food_rule(
        "canned vegetables",
        "vegetables-canned",
        r"\bcanned\b(?!.*\bdrained\b)|cream style|stewed|^pumpkin, canned|sauerkraut",
        HALF_CUP,
        groups={VEGETABLES},
    ),
    food_rule(
        "raw leafy greens",
        "vegetables",
        _LEAFY + r"(?!.*\b(cooked|boiled|frozen|canned)\b)",
        Volume("1 cup", force=True),  # a salad cup: 20 g of arugula, 30 g of spinach
        groups={VEGETABLES, NATIVE},
    ),
    food_rule(
        "whole vegetables, raw",
        "vegetables",
        _WHOLE_VEGETABLE + r"(?!.*" + _COOKED + ")",
        WHOLE,
        ONE_CUP,
        HALF_CUP,
        groups={VEGETABLES},
    ),
    food_rule(
        "corn on the cob and artichokes",
        "vegetables",
        r"^(corn, sweet|artichokes?|potato|potatoes|sweet ?potato)\b",
        Count(("ear", "artichoke")),
        WHOLE,
        HALF_CUP,
        groups={VEGETABLES},
    ),
    food_rule(
        "cooked vegetables", "vegetables", _COOKED + r"|\bfrozen\b", HALF_CUP, groups={VEGETABLES}
    ),
    food_rule(
        "raw vegetables",
        "vegetables",
        r".",
        ONE_CUP,
        HALF_CUP,
        WHOLE,
        ANY_PIECE,
        groups={VEGETABLES},
    ),
    # --- Nuts and seeds
    food_rule(
        "nut and seed butters",
        "nut-butters",
        r"\b(nut|seed|peanut|almond|cashew|sesame|sunflower|hazelnut|soy|pecan|walnut|"
        r"pistachio|macadamia|seed)s? (butter|paste|spread)|tahini|peanut spread|nutella|"
        r"^(nuts|seeds), [^,]*\b(butter|paste)\b|^peanut butter",
        TWO_TBSP,
        groups={NUTS, LEGUMES, SWEETS},
        exclude=r"cookie|cracker|candies|candy|cup|bar\b|snack|sandwich|fudge|syrup|apple|"
        r"fruit|with peanut butter|peanut butter chips|confectioner",
    ),
    food_rule(
        "nut and seed flours",
        "nut-flours",
        r"\b(flour|meal|defatted|protein)\b",
        QUARTER_CUP,
        groups={NUTS},
    ),
    food_rule("coconut milk and cream", "cream", r"coconut (milk|cream)", TWO_TBSP, groups={NUTS}),
    food_rule("coconut water", "beverages", r"coconut water", ONE_CUP, groups={NUTS}),
    food_rule("seeds eaten by the spoonful", "nuts", _SMALL_SEEDS, TWO_TBSP, ONE_OZ, groups={NUTS}),
    food_rule("nuts and seeds", "nuts", r".", ONE_OZ, groups={NUTS}),
    food_rule(
        "nuts and seeds",
        "nuts",
        r"^(nuts?|seeds|hazelnuts|pinon nuts|trail mix|snacks, "
        r"trail mix)|\bnuts\b.*(roasted|dried)",
        ONE_OZ,
        exclude=r"cookie|bar\b|candies|candy|chocolate covered|cereal",
    ),
    # --- Legumes
    food_rule(
        "peanuts and soy nuts",
        "nuts",
        r"^peanuts\b|soybeans, mature seeds, (dry )?roasted|soy nuts|^chickpeas.*roasted",
        ONE_OZ,
        groups={LEGUMES},
        exclude=r"boiled|butter|flour|spread",
    ),
    food_rule(
        "soy milk", "milk", r"soymilk|soy milk|^silk\b|vitasoy|soy beverage|bean beverage", ONE_CUP
    ),
    food_rule(
        "tofu and tempeh",
        "tofu",
        r"tofu|tempeh|mori-nu|soybean, curd|natto|okara",
        THREE_OZ,
        HALF_CUP,
        groups={LEGUMES},
        exclude=r"yogurt|mayonnaise",
    ),
    food_rule(
        "soy and legume flours",
        "flours",
        r"\b(flour|protein isolate|protein concentrate|soy meal|meal)\b|meat extender",
        QUARTER_CUP,
        groups={LEGUMES},
    ),
    food_rule("hummus and bean dips", "dips", r"hummus|bean dip|dip\b", TWO_TBSP),
    food_rule("falafel", "appetizers", r"falafel", ANY_PIECE),
    food_rule(
        "bacon substitutes",
        "fish-small",
        r"(morningstar farms bacon strips|bacon, meatless|"
        r"bacon bits, meatless|bacon substitute)",
        Count(("strip", "slice", "piece")),
    ),
    food_rule(
        "sausage and frank substitutes",
        "meat-substitutes",
        r"(veggie|meatless|vegetarian).*\b(sausage|frank|hot dog|dogs?|link|luncheon|slices)|"
        r"(sausage|frank|corn dog|luncheon slices).*\b(meatless|vegetarian)|"
        r"morningstar farms.*(sausage|corn dog)|worthington|frankfurter, meatless|"
        r"sandwich spread, meatless|luncheon slices, meatless",
        Count(("link", "patty", "piece", "slice", "frankfurter", "serving")),
        TWO_OZ,
    ),
    food_rule(
        "veggie burgers and meat substitutes",
        "fish",
        r"gardenburger|morningstar|veggie|soyburger|meat extender|vegetarian (fillets|meatloaf|"
        r"patties|burger)|chik|burger|meatless",
        Count(("patty", "piece", "serving", "nugget", "strip", "burger")),
        THREE_OZ,
        groups={LEGUMES, MEALS},
    ),
    food_rule(
        "refried and baked beans",
        "beans-canned",
        r"refried|baked beans|beans, baked|frijoles|in sauce|with pork|with frankfurters|"
        r"chili, barbecue",
        HALF_CUP,
        groups={LEGUMES},
    ),
    food_rule("chili and stews", "mixed-dishes-cup", r"^chili|\bstew\b", ONE_CUP, groups={LEGUMES}),
    food_rule("bean noodles", "pastas-dry", r"^noodles", TWO_OZ, groups={LEGUMES}),
    food_rule("canned beans", "beans-canned", r"\bcanned\b", HALF_CUP, groups={LEGUMES}),
    food_rule(
        "dry beans, lentils and peas",
        "beans-dry",
        r"\b(raw|dry|dried|mature seeds, raw)\b",
        QUARTER_CUP,
        groups={LEGUMES},
        exclude=r"cooked|boiled|roasted",
    ),
    food_rule(
        "beans, lentils and peas",
        "beans",
        r"^(beans|lentils|peas|chickpeas|cowpeas|"
        r"lima|broadbeans|hyacinth|lupins|mothbeans|mung|pigeon|yardlong|winged|soybeans|"
        r"split)",
        HALF_CUP,
        groups={LEGUMES, NATIVE},
    ),
    food_rule("legumes", "beans", r".", HALF_CUP, groups={LEGUMES}),
    # --- Cereals, grains and pasta
    food_rule(
        "cereal bars",
        "grain-bars",
        r"\bbars?\b|wafer straws",
        Count(("bar", "piece", "straw")),
        groups={CEREALS},
    ),
    food_rule(
        "hot cereal, prepared",
        "hot-cereal",
        r"\b(cooked|prepared|boiled)\b|made with (water|milk)",
        ONE_CUP,
        groups={CEREALS, NATIVE},
        exclude=r"ready-to-eat|ready to eat",
    ),
    food_rule(
        "bran and wheat germ, breakfast cereals",
        "bran-germ",
        r"wheat germ|toasted wheat bran|unprocessed bran",
        TWO_TBSP,
        QUARTER_CUP,
        groups={CEREALS},
        exclude=r"flakes|muffin",
    ),
    food_rule(
        "puffed grains",
        "cereal-medium",
        r"\bpuffed\b",
        SERVING,
        ONE_CUP,
        groups={GRAINS, CEREALS},
    ),
    food_rule(
        "ready-to-eat cereal",
        "cereal-medium",
        r"ready[- ]to[- ]eat|granola|^quaker, ",
        SERVING,
        groups={CEREALS},
    ),
    food_rule(
        "hot cereal, flavored, dry",
        "hot-cereal-dry-flavored",
        r"(apple|cinnamon|maple|brown sugar|raisin|flavor|sweetened|peach|banana|strawberr|"
        r"honey|cheddar|bacon|butter|chocolate|fruit|dates|walnut|cream|nut)",
        Count(("packet", "envelope", "pouch", "serving")),
        HALF_CUP,
        groups={CEREALS},
        exclude=r"ready-to-eat|ready to eat",
    ),
    food_rule(
        "hot cereal, dry",
        "hot-cereal-dry",
        r"^(cereals|incaparina)(?!.*ready)",
        Count(("packet", "envelope", "pouch", "serving")),
        groups={CEREALS},
    ),
    food_rule("ready-to-eat cereal", "cereal-medium", r".", SERVING, groups={CEREALS}),
    food_rule("ready-to-eat cereal", "cereal-medium", r"^(cereals?|amaranth flakes)\b", SERVING),
    food_rule(
        "bran and wheat germ",
        "bran-germ",
        r"\bbran\b|wheat germ",
        TWO_TBSP,
        QUARTER_CUP,
        groups={GRAINS},
        exclude=r"cooked|muffin",
    ),
    food_rule(
        "starches",
        "starches",
        r"starch\b|^tapioca, pearl|arrowroot|^sago",
        ONE_TBSP,
        exclude=r"pudding",
    ),
    food_rule(
        "flours and cornmeal",
        "flours",
        r"\b(flours?|cornmeal|meal|masa|semolina|farina)\b",
        QUARTER_CUP,
        groups={GRAINS, NATIVE},
        exclude=r"cooked|prepared|mush|tamale",
    ),
    food_rule(
        "fried noodles", "pastas-ready", r"chow mein|fried noodles", HALF_CUP, groups={GRAINS}
    ),
    food_rule(
        "cooked pasta",
        "pastas",
        r"\b(spaghetti|macaroni|noodles?|pasta|vermicelli|"
        r"tortellini|lasagna noodles)\b.*\b(cooked|boiled|prepared)\b",
        ONE_CUP,
        groups={GRAINS},
    ),
    food_rule(
        "dry pasta",
        "pastas-dry",
        r"\b(spaghetti|macaroni|noodles?|pasta|vermicelli)\b",
        TWO_OZ,
        groups={GRAINS},
    ),
    food_rule(
        "cooked grains",
        "grains",
        r"\b(cooked|boiled|steamed|prepared)\b",
        ONE_CUP,
        groups={GRAINS, NATIVE},
    ),
    food_rule("dry grains", "grains-dry", r".", QUARTER_CUP, groups={GRAINS}),
    # --- Baked products
    food_rule(
        "leavening",
        "leavening",
        r"^leavening|^baking (powder|soda)|cream of tartar|^yeast",
        Volume("1/8 tsp"),
        ONE_TSP,
    ),
    food_rule(
        "bread crumbs",
        "batter-crumbs",
        r"^(bread crumbs|cracker meal|batter|breading)",
        QUARTER_CUP,
    ),
    food_rule("croutons", "croutons", r"croutons", QUARTER_CUP),
    food_rule("stuffing", "stuffing", r"stuffing|dressing, bread", HALF_CUP, groups={BAKED}),
    food_rule("wrappers and phyllo", "wrappers", r"wrappers?\b|phyllo", ANY_PIECE),
    food_rule(
        "pie crust and pastry sheets",
        "pie-crust",
        r"pie crust|pie shell|puff pastry|"
        r"pastry, puff|crust, pie",
        Count(("piece", "slice", "serving", "sheet")),
    ),
    food_rule("pizza crust", "pizza-crust", r"pizza crust", ANY_PIECE),
    food_rule(
        "soft pretzels", "biscuits-tortillas", r"pretzels?, soft|soft pretzel", WHOLE, ANY_PIECE
    ),
    food_rule("taco shells", "taco-shells", r"taco shells?|tostada shells?", Count(("shell",))),
    food_rule("ice cream cones", "crackers-plain", r"ice cream cones?", ANY_PIECE),
    food_rule(
        "pancake and waffle mixes",
        "pancake-mix",
        r"(pancake|waffle|french toast).*\b(dry|mix|incomplete)\b(?!.*prepared)",
        QUARTER_CUP,
    ),
    food_rule(
        "waffles",
        "waffles",
        r"waffle",
        Count(("waffle", "piece", "serving", "round")),
        exclude=r"ice cream|cookie",
    ),
    food_rule(
        "pancakes and french toast",
        "pancakes",
        r"^(?!syrups).*(pancake|french toast|crepe|"
        r"hotcake)",
        Count(("pancake", "slice", "piece", "hotcake", "crepe", "serving", "stick")),
    ),
    food_rule("brownies", "brownies", r"brownie", ANY_PIECE),
    food_rule(
        "cheesecake and fruit cakes",
        "cakes-heavy",
        r"cheesecake|fruitcake|upside-down",
        Count(("piece", "slice", "cake")),
        groups={BAKED, SWEETS},
    ),
    food_rule(
        "light cakes",
        "cakes-light",
        r"angel ?food|sponge cake|chiffon|ladyfinger",
        ANY_PIECE,
        groups={BAKED},
    ),
    food_rule(
        "coffee cakes, doughnuts, sweet rolls",
        "coffee-cakes",
        r"coffee ?cake|crumb cake|doughnut|donut|danish|sweet roll|cinnamon bun|honey ?bun|"
        r"pan dulce|cruller|bread, (banana|pumpkin|zucchini|date|nut|quick)|"
        r"(banana|pumpkin|zucchini|date|nut|quick) bread|strudel|pastry, (cheese|fruit)",
        ANY_PIECE,
    ),
    food_rule(
        "cakes",
        "cakes-medium",
        r"\bcakes?\b|cupcake|eclair|cream puff|boston cream|"
        r"snack cakes|twinkie",
        Count(("piece", "cake", "cupcake", "eclair", "slice", "serving", "puff")),
        groups={BAKED, SWEETS},
        exclude=r"rice cake|pancake|cakes?, (fish|crab)|^cookies|^snacks",
    ),
    food_rule(
        "cookies",
        "cookies",
        r"cookies?|biscotti|ladyfinger|wafers?, (vanilla|chocolate)|"
        r"fig bars|newtons|oreo|gingersnap|macaroon",
        Count(),
        groups={BAKED, SWEETS},
        exclude=r"cookie crisp|crackers?\b",
    ),
    food_rule(
        "plain crackers",
        "crackers-plain",
        r"saltine|matzo|melba|crispbread|rusk|bread ?sticks?|soda crackers|oyster crackers|"
        r"crackers, (rye|wafers)|water biscuits",
        Count(),
        groups={BAKED},
    ),
    food_rule(
        "snack crackers",
        "crackers-snack",
        r"crackers?|triscuit|graham|wheat thins|"
        r"goldfish|cheez",
        Count(),
        ONE_OZ,
        groups={BAKED, SNACKS},
    ),
    food_rule(
        "pies and pastries",
        "pies",
        r"\bpies?\b|cobbler|crisp\b|turnover|\btarts?\b|pastry|"
        r"eclairs|cream puffs",
        Count(("piece", "slice", "pie", "tart", "pastry", "serving")),
        groups={BAKED, SWEETS, FAST_FOODS},
        exclude=r"pot pie|filling|toaster|pop.?tarts|breakfast tart",
    ),
    food_rule(
        "bagels, muffins, toaster pastries",
        "bagels-muffins",
        r"bagel|muffins?\b|toaster pastr|pop-tarts|breakfast tart|keikitos",
        Whole(),
        Count(("bagel", "muffin", "pastry", "tart", "piece", "item", "serving")),
        exclude=r"english muffin|with egg|sandwich|egg,",
    ),
    food_rule(
        "biscuits, croissants, tortillas, English muffins",
        "biscuits-tortillas",
        r"english muffin|biscuits?\b|croissant|tortilla|scone|crumpet|hush pupp|cornbread|"
        r"corn bread|pretzels, soft|soft pretzel|frybread|piki bread|tennis bread|popovers?",
        Count(
            ("muffin", "biscuit", "croissant", "tortilla", "scone", "piece", "serving", "popover")
        ),
        Whole(),
        groups={BAKED, NATIVE},
        exclude=r"chips|cracker",
    ),
    food_rule(
        "bread and rolls",
        "breads",
        r"bread|rolls?\b|buns?\b|pita|focaccia|challah|"
        r"brioche|naan|bagel",
        Count(("slice", "roll", "bun", "pita", "piece", "serving", "loaf")),
        Whole(),
        groups={BAKED, NATIVE},
        exclude=r"stuffing|^bread crumbs|pudding",
    ),
    food_rule("baked products", "cakes-medium", r".", ANY_PIECE, groups={BAKED}),
    # --- Sweets and snacks
    food_rule("pie fillings", "pie-fillings", r"pie filling", QUARTER_CUP),
    food_rule(
        "chocolate syrup",
        "dessert-toppings",
        r"chocolate syrup$|toppings?\b|fudge topping|"
        r"marshmallow cream",
        TWO_TBSP,
        groups={SWEETS, BEVERAGES},
    ),
    food_rule(
        "syrups",
        "syrups",
        r"^syrups?|maple syrup|corn syrup|pancake syrup|sorghum syrup|"
        r"agave",
        TWO_TBSP,
        groups={SWEETS, NATIVE},
        exclude=r"canned|fruit",
    ),
    food_rule("frostings", "frostings", r"frosting|icing|glaze", TWO_TBSP),
    food_rule(
        "honey, jams and molasses",
        "honey-jams",
        r"^(honey|jams?|jellies|jelly|marmalade|preserves|fruit butters?|apple butter|"
        r"molasses|guava paste)|jams and preserves",
        ONE_TBSP,
        exclude=r"roasted|bun|loaf|graham|nut|mustard",
    ),
    food_rule(
        "confectioner's sugar",
        "confectioners-sugar",
        r"sugars?, powdered|confectioner's "
        r"sugar",
        QUARTER_CUP,
    ),
    food_rule("sugar", "sugar", r"^sugars?\b", Volume("2 tsp"), exclude=r"apple|substitute"),
    food_rule(
        "sugar substitutes",
        "sugar-substitutes",
        r"^sweeteners?|sugar substitute",
        Count(("packet", "serving", "tablet", "tsp")),
        ONE_TSP,
    ),
    food_rule("pectin", "leavening", r"^pectin", ONE_TSP),
    food_rule(
        "gelatin, unsweetened",
        "leavening",
        r"gelatins?, dry powder, unsweetened",
        Count(("envelope", "packet")),
        ONE_TSP,
    ),
    food_rule(
        "puddings and gelatin",
        "pudding",
        r"pudding|custard|flan|gelatin|rennin|mousse|tapioca|junket|^desserts?, "
        r"(apple|egg|rennin|mousse)",
        HALF_CUP,
        Count(("container", "cup", "serving", "snack", "package", "piece")),
        groups={SWEETS, DAIRY},
        exclude=r"\b(dry|powder|mix)\b(?!.*prepared)",
    ),
    food_rule(
        "pudding and gelatin mixes",
        "pudding",
        r"pudding|custard|gelatin|flan|rennin|mousse",
        SERVING,
        make="serving",
        made="25",
        groups={SWEETS},
    ),
    food_rule("chewing gum", "chewing-gum", r"chewing gum|\bgum\b", ANY_PIECE),
    food_rule("marshmallows", "marshmallows", r"marshmallow", Count(), HALF_CUP),
    food_rule("breath mints", "breath-mints", r"breath mint|mints\b", ANY_PIECE),
    food_rule(
        "hard candies",
        "hard-candies",
        r"hard candy|candies, hard|lollipop|butterscotch|peppermint|lemon drops|sour balls|"
        r"candy corn|gumdrops|jellybeans|life savers",
        ANY_PIECE,
        ONE_TBSP,
    ),
    food_rule(
        "baking chocolate and chips",
        "baking-candies",
        r"baking chocolate|chocolate chips|semisweet chocolate morsels|\bchips?\b.*\bchocolate"
        r"|chocolate, (baking|chips)|confectioner's coating",
        ONE_TBSP,
        Count(("square",)),
        Ounces(Fraction(1, 2)),
        exclude=r"cookie|potato|tortilla",
    ),
    food_rule(
        "chocolate",
        "candies",
        r"^(chocolate|candies, (milk|sweet|semisweet|dark|white)? ?"
        r"chocolate|candies, chocolate)",
        ONE_OZ,
        Count(("bar", "piece")),
        groups={SWEETS},
        exclude=r"syrup|covered|coated|with|beverage|drink|"
        r"milk\b.*(fluid|beverage)|hazelnut spread",
    ),
    food_rule("cocoa powder", "cocoa", r"^cocoa, dry powder|carob powder|^cocoa powder", ONE_TBSP),
    food_rule("trail mix", "nuts", r"trail mix", QUARTER_CUP, ONE_OZ),
    food_rule(
        "granola and snack bars",
        "grain-bars",
        r"granola bar|\bbars?\b|formulated bar|"
        r"breakfast bar|cereal bar|snack bar",
        Count(("bar", "piece", "package")),
        groups={SNACKS, SWEETS, BAKED},
        exclude=r"candy bar|chocolate bar|ice cream|frozen|fig bars",
    ),
    food_rule(
        "candies",
        "candies",
        r"^candies|^candy|fudge|toffee|caramels?|nougat|halavah|"
        r"truffles|licorice|m&m|snickers|kit kat|reese|milky way|butterfinger",
        Count(("bar", "piece", "package", "serving")),
        ONE_OZ,
        groups={SWEETS, SNACKS},
    ),
    food_rule("popcorn", "snacks", r"popcorn", Count(("cup",)), ONE_OZ),
    food_rule(
        "snacks",
        "snacks",
        r"^snacks?\b|chips|crisps|pretzels|puffs|popcorn|tortilla chips|cheese puffs|"
        r"rice cakes?|fruit leather|corn nuts|pork skins|papad|tortilla, chips",
        Count(("cake", "bag", "piece", "roll", "package", "pouch", "bar")),
        ONE_OZ,
        groups={SNACKS, SWEETS, BAKED},
    ),
    food_rule("sweets", "candies", r".", ONE_OZ, ANY_PIECE, groups={SWEETS}),
    # --- Drinks
    food_rule(
        "beer",
        "beer",
        r"\bbeer\b|\bale\b|lager|malt beverage(?!.*non-?alcoholic)",
        Count(("can", "bottle")),
        Volume("12 fl oz"),
        groups={BEVERAGES},
        exclude=r"root beer|ginger ale|non-?alcoholic",
    ),
    food_rule(
        "wine",
        "wine",
        r"\bwine\b|sake|champagne|sherry|vermouth",
        Volume("5 fl oz"),
        groups={BEVERAGES},
        exclude=r"cooler|cooking",
    ),
    food_rule(
        "distilled spirits and liqueurs",
        "spirits",
        r"distilled|liqueur|whiskey|gin\b|rum\b|vodka|brandy|tequila|cordial|creme de|"
        r"coffee liqueur|\bproof\b",
        Volume("3/2 fl oz"),
        groups={BEVERAGES},
    ),
    food_rule("cooking wine", "cooking-wine", r"cooking wine|wine, cooking", TWO_TBSP),
    food_rule(
        "cocktails",
        "beverages",
        r"alcoholic beverage|daiquiri|pina colada|martini|"
        r"manhattan|screwdriver|bloody mary|tequila sunrise|cocktail, (?!ready)",
        Volume("6 fl oz"),
        EIGHT_FL_OZ,
        groups={BEVERAGES},
    ),
    food_rule("espresso", "beverages", r"espresso", Volume("1 fl oz", force=True)),
    food_rule(
        "instant coffee and tea",
        "beverages",
        r"^(coffee|tea|coffee substitute|coffee and cocoa).*\b(instant|powder|dry|granules|"
        r"mix)\b(?!.*prepared)",
        Volume("1 tsp", force=True),
        Count(("packet", "envelope")),
        make="serving",
        made="2",
    ),
    food_rule(
        "coffee and tea",
        "beverages",
        r"^(coffee|tea|hibiscus tea|herbal tea|chilchen)",
        EIGHT_FL_OZ,
        ONE_CUP,
    ),
    food_rule(
        "drink mixes",
        "juice",
        r"\b(powder|dry|mix|crystals|granules)\b(?!.*prepared)|malted drink mix|"
        r"drink mix|cocoa mix|beverage mix|dairy drink mix",
        SERVING,
        Count(("packet", "envelope", "scoop", "serving", "tbsp")),
        TWO_TBSP,
        make="serving",
        made="20",
        groups={BEVERAGES, SWEETS},
        exclude=r"\bprepared\b",
    ),
    food_rule(
        "cocoa and chocolate drinks",
        "milk",
        r"\b(cocoa|chocolate|malted|carob|eggnog|"
        r"dairy|milk|breakfast type drink, .*milk|meal supplement|ensure|rice (drink|"
        r"beverage)|corn beverage|shake)\b",
        ONE_CUP,
        groups={BEVERAGES},
        exclude=r"syrup$|carbonated|soda",
    ),
    food_rule(
        "fruit drinks and juice drinks",
        "juice",
        r"\b(juices?|nectar|drink|punch|lemonade|limeade|ade|cider|fruit-flavored|"
        r"orange-flavor|cranberry)\b",
        ONE_CUP,
        groups={BEVERAGES, NATIVE},
        exclude=r"energy|sports|water|soda|carbonated",
    ),
    food_rule(
        "water",
        "beverages",
        r"^water\b|\bwater, (bottled|tap)",
        EIGHT_FL_OZ,
        ONE_CUP,
        groups={BEVERAGES},
    ),
    food_rule(
        "soft drinks",
        "beverages",
        r".",
        Count(("can",)),
        Volume("12 fl oz"),
        EIGHT_FL_OZ,
        ONE_CUP,
        groups={BEVERAGES},
    ),
    # --- Soups, sauces and gravies
    food_rule(
        "gravy mix",
        "sauces",
        r"gravy.*\b(dry|mix|powder)\b(?!.*prepared)",
        SERVING,
        ONE_TBSP,
        make="serving",
        made="8",
    ),
    food_rule("gravy", "sauces", r"gravy", QUARTER_CUP, exclude=r"turkey and gravy|with gravy"),
    food_rule(
        "sauce mixes",
        "sauces",
        r"sauce.*\b(dry|mix|powder)\b(?!.*prepared)",
        SERVING,
        TWO_TBSP,
        make="serving",
        made="10",
        groups={SOUPS},
    ),
    food_rule(
        "pasta sauce",
        "pasta-sauce",
        r"sauce, (pasta|spaghetti|marinara|tomato)|spaghetti "
        r"sauce|pasta sauce|marinara",
        HALF_CUP,
    ),
    food_rule(
        "dipping sauces and salsa",
        "dips",
        r"sauce, (barbecue|hollandaise|tartar|sweet and sour|cheese, ready|salsa|nacho)|"
        r"barbecue sauce|hollandaise|tartar sauce|sweet and sour|salsa|sauce, .*dipping|"
        r"\bdip\b",
        TWO_TBSP,
        groups={SOUPS, FAST_FOODS},
    ),
    food_rule(
        "sauces",
        "sauces",
        r"^sauce|sauce\b|pesto|alfredo|enchilada|sofrito|mole\b|"
        r"adobo",
        QUARTER_CUP,
        groups={SOUPS},
    ),
    food_rule(
        "condensed soup",
        "soups",
        r"\bcondensed\b(?!.*prepared)",
        HALF_CUP,
        make="1/2 cup",
        groups={SOUPS},
    ),
    food_rule("ramen noodles, dry", "soups", r"ramen.*\bdry\b", SERVING, make="serving", made="43"),
    food_rule(
        "soup mix and bouillon",
        "soups",
        r"\b(dry|dehydrated|mix|cubes?|powder|granules|bouillon)\b(?!.*prepared)|ramen.*dry",
        SERVING,
        Count(("cube", "packet", "envelope", "serving")),
        ONE_TSP,
        make="serving",
        made="10",
        groups={SOUPS},
        exclude=r"ready-to-serve|canned, (chunky|ready)",
    ),
    food_rule(
        "soups",
        "soups",
        r"soup|broth|stock|chowder|bisque|gumbo|stew/soup|consomme",
        ONE_CUP,
        groups={SOUPS, NATIVE, RESTAURANT, MEALS, FAST_FOODS},
    ),
    food_rule("soups", "soups", r".", ONE_CUP, groups={SOUPS}),
    # --- Prepared foods: fast food, restaurants, meals
    food_rule(
        "boxed dinners, uncooked",
        "mixed-dishes-cup",
        r"dinner.*\b(uncooked|dry)\b",
        SERVING,
        make="serving",
        made="70",
        groups=PREPARED_GROUPS,
    ),
    food_rule(
        "sauces and dressings",
        "dips",
        r"\b(sauce|dressing|dip|ketchup|catsup)\b",
        Count(("package", "packet", "serving", "container", "cup")),
        TWO_TBSP,
        groups=PREPARED_GROUPS,
    ),
    food_rule(
        "sundaes",
        "sundae",
        r"sundae|mcflurry|blizzard",
        Count(("item", "sundae", "serving", "cup")),
        ONE_CUP,
        groups=PREPARED_GROUPS,
    ),
    food_rule(
        "fast food drinks",
        "shakes",
        r"shakes?\b|malt\b|smoothie|frappe",
        Volume("12 fl oz"),
        Count(("cup", "serving", "item")),
        ONE_CUP,
        groups=PREPARED_GROUPS,
    ),
    food_rule(
        "salads",
        "salads",
        r"\bsalad\b",
        Count(("serving", "item", "order")),
        ONE_CUP,
        groups=PREPARED_GROUPS,
        exclude=r"dressing|sandwich",
    ),
    food_rule(
        "appetizers",
        "appetizers",
        r"egg rolls?|spring rolls?|dumplings?|potstickers?|wontons?|mozzarella sticks|"
        r"poppers|onion rings|hush pupp|taquitos|pizza rolls|bagel bites|empanada",
        Count(("piece", "roll", "serving", "order", "item", "stick")),
        THREE_OZ,
    ),
    food_rule(
        "breakfast items",
        "egg-mixtures",
        r"scrambled eggs|eggs?, scrambled|omelet",
        Count(("serving", "item", "order")),
        HALF_CUP,
        groups=PREPARED_GROUPS,
    ),
    food_rule(
        "dishes measured by the cup",
        "mixed-dishes-cup",
        r"chili|stew\b|stew,|casserole|macaroni and cheese|mac (&|and|n') cheese|pot pie|"
        r"lasagna|spaghetti|ravioli|hash\b|fried rice|rice bowl|chicken and rice|beans and "
        r"rice|rice and beans|curry|goulash|spaghettios|beef macaroni|pasta with|noodles|"
        r"tortellini|pot roast|jambalaya|risotto|stroganoff|a la king|^stew|mush|frijoles|"
        r"potatoes, mashed|pasta|rice\b|corned beef and potatoes|sweet and sour|lo mein|"
        r"general tso|orange chicken|beef and vegetables|kung pao|sesame chicken|lemon "
        r"chicken|broccoli",
        ONE_CUP,
        Count(("serving", "cup", "order", "package", "pie", "container", "bowl")),
        groups=PREPARED_GROUPS,
        exclude=r"sandwich|burger|burrito|pizza|salad|wrap|taco",
    ),
    food_rule(
        "fried chicken and fish pieces",
        "poultry",
        r"chicken.*\b(fried|breaded|nuggets|tenders|strips|wings?|drumsticks?|thighs?|"
        r"breasts?|fillets?|popcorn|pieces?|grilled|roasted|rotisserie)\b|chicken fingers|"
        r"nuggets|fish.*\b(fried|breaded|sticks|fillets?)\b|shrimp|clams|catfish|"
        r"skin and breading",
        Count(
            (
                "piece",
                "serving",
                "nugget",
                "strip",
                "wing",
                "drumstick",
                "thigh",
                "breast",
                "item",
                "order",
                "tender",
                "fillet",
            )
        ),
        THREE_OZ,
        groups=PREPARED_GROUPS,
        exclude=r"sandwich|burger|wrap|salad|sub\b|biscuit",
    ),
    food_rule(
        "steaks and ribs",
        "meat",
        r"steak|ribs|sirloin|pork chop|meatloaf|meatballs",
        Count(("steak", "serving", "piece", "item", "order", "rib")),
        THREE_OZ,
        groups=PREPARED_GROUPS,
        exclude=r"sandwich|burger|wrap|salad|burrito|taco|pocket",
    ),
    food_rule(
        "potatoes and sides",
        "potatoes-mashed",
        r"potato|side dish|side dishes|coleslaw|"
        r"corn\b",
        Count(("serving", "order", "item", "piece")),
        HALF_CUP,
        groups=PREPARED_GROUPS,
    ),
    food_rule(
        "pizza",
        "mixed-dishes",
        r"pizza",
        Count(("slice", "piece", "serving", "item")),
        groups=PREPARED_GROUPS,
    ),
    food_rule(
        "sandwiches, burgers, burritos, tacos",
        "mixed-dishes",
        r".",
        Count(
            (
                "item",
                "sandwich",
                "burrito",
                "taco",
                "enchilada",
                "piece",
                "serving",
                "burger",
                "slice",
                "each",
                "pocket",
                "roll",
                "tamale",
                "order",
                "croissant",
                "biscuit",
                "portion",
                "patty",
                "pie",
            )
        ),
        ONE_CUP,
        groups=PREPARED_GROUPS,
    ),
)


# USDA added foods after SR's food groups were fixed (NDB 27xxx, 42xxx-48xxx, 80xxx-93xxx); the
# data file calls their group "Other". For choosing a portion their group is read from the name.
_OTHER_FOODS_GROUP: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), group)
    for pattern, group in (
        (
            r"meatless|^vegetarian|^soy|^tofu|^beans?\b|^baked beans|^peanut butter|^bean bev",
            LEGUMES,
        ),
        (r"^baby ?food", BABY),
        (r"^(cheese|imitation cheese|cream substitute|eggs?\b|milk\b(?! dessert)|yogurt)", DAIRY),
        (
            r"^(creamy dressing|salad dressing|margarine|mayonnaise|oil\b|vegetable oil|"
            r"sandwich spread|butter replacement)",
            FATS,
        ),
        (r"^(cereals?|amaranth flakes)\b", CEREALS),
        (
            r"^(candies|chewing gum|frozen (novel|yogurt)|ice creams|milk dessert|jams|jellies|"
            r"pie fillings|pectin|puddings|sweeteners|syrups|whipped)",
            SWEETS,
        ),
        (r"^(breakfast bars?|granola bar|popcorn|pretzels|rice cake|snacks|papad)", SNACKS),
        (r"^(campbell soup|dip\b|sauce|soup)", SOUPS),
        (
            r"^(bologna|frankfurter|luncheon|pork sausage|sausage|turkey and pork sausage|"
            r"turkey bacon|turkey ham|bacon bits)",
            SAUSAGES,
        ),
        (r"^(chicken|dove|pheasant|quail|turkey)\b", POULTRY),
        (r"^pork\b", PORK),
        (r"^beef\b", BEEF),
        (r"^(frog legs|turtle)\b", GAME),
        (r"^(fish|jellyfish|mollusks)\b", FISH),
        (r"^(cranberry juice|orange-strawberry)", FRUITS),
        (
            r"^(alcoholic|apple cider|beverage|chocolate-flavored drink|cocktail mix|coffee|corn "
            r"beverage|ensure|fluid replacement|fruit-flavored|orange juice drink|cranberry-apple)",
            BEVERAGES,
        ),
        (
            r"^(cabbage|celery|eggplant|palm hearts|potatoes|radishes|sauerkraut|tomato|"
            r"turnip greens|vegetables)\b",
            VEGETABLES,
        ),
        (r"^(millet|vermicelli|vital wheat gluten)\b", GRAINS),
        (r"^rolls\b", BAKED),
    )
)


def classification_group(name: str, group: str | None) -> str | None:
    """The USDA food group a food is classified by: for "Other" foods, read from the name."""
    if group != "Other":
        return group
    for pattern, inferred in _OTHER_FOODS_GROUP:
        if pattern.search(name):
            return inferred
    return group


def classify(name: str, group: str | None) -> Rule:
    """The first rule that covers a food; a food no rule names is a mixed dish."""
    group = classification_group(name, group)
    for rule in RULES:
        if rule.covers(name, group):
            return rule
    return FALLBACK_RULE


FALLBACK_RULE = food_rule("other foods", "mixed-dishes", r".", ANY_PIECE, ONE_CUP)


_CEREAL_BY_CUP_GRAMS = ((Fraction(20), "cereal-light"), (Fraction(43), "cereal-medium"))
_BISCUIT_CEREAL = re.compile(r"shredded wheat|weetabix|biscuits?\b", re.IGNORECASE)


def _reference_for(rule: Rule, name: str, measures: Sequence[Measure]) -> ReferenceAmount:
    if rule.racc != "cereal-medium":
        return rule.reference
    if _BISCUIT_CEREAL.search(name):
        return REFERENCE_AMOUNTS["cereal-heavy"]
    grams_per_cup = volume_grams(measures, TSP_PER_VOLUME_UNIT["cup"])
    if grams_per_cup is None:
        return rule.reference
    for limit, key in _CEREAL_BY_CUP_GRAMS:
        if grams_per_cup < limit:
            return REFERENCE_AMOUNTS[key]
    return REFERENCE_AMOUNTS["cereal-heavy"]


_NAME_WORD = re.compile(r"[a-z]+")


def default_portion(
    name: str, group: str | None, portions: Sequence[tuple[str, Decimal]]
) -> DefaultPortion:
    """Classify a food and choose its default portion from its USDA household measures."""
    rule = classify(name, group)
    measures = read_measures(list(portions))
    reference = _reference_for(rule, name, measures)
    racc_grams, basis = reference_grams(reference, measures, rule.amount_to_make, rule.made_grams)
    name_words = frozenset(singular(w) for w in _NAME_WORD.findall(name.lower()))
    for preference in rule.prefer:
        choice = preference.choose(measures, racc_grams, name_words)
        if choice is not None:
            kind = type(preference).__name__
            return DefaultPortion(rule, reference, racc_grams, basis, choice, kind)
    choice = nearest_measure(measures, racc_grams)
    if choice is not None:
        return DefaultPortion(rule, reference, racc_grams, basis, choice, "nearest measure")
    choice = weight_fallback(measures, racc_grams)
    return DefaultPortion(rule, reference, racc_grams, basis, choice, "weight")
