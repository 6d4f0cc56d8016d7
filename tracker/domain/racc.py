"""Reference amounts customarily consumed (RACC): how much of a food is one eating occasion.

The US FDA sets them in 21 CFR 101.12(b) (Table 2 for the general food supply, Table 1 for
foods made for infants and toddlers); USDA's Food Safety and Inspection Service sets the same
kind of table for meat (9 CFR 317.312(b)) and poultry (9 CFR 381.412(b)). A label's serving
size comes from them, and so do the claims "excellent source" (at least 20% of the Daily Value
per reference amount) and "good source" (10-19%), 21 CFR 101.54.

The tracker uses them twice: scripts/build_food_data.py bases every food's default portion on
its reference amount, and the magnesium-rich foods page judges those claims per reference
amount. This table is the only copy. A row states the amount as the regulation does, in grams
or as a household volume ("2 tbsp", "1 cup"); a volume is turned into grams only through a
household measure of the food itself (tracker.domain.default_portions), and `nominal_grams` is
used for nothing but picking a sensible portion when a food has no volume measure.

Rows whose `label_claims` is False are not FDA or USDA reference amounts but the nearest
public guidance for foods those tables leave out (alcoholic drinks, infant formula); no claim is
ever judged on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from tracker.domain.reference import Source
from tracker.domain.units import TSP_PER_VOLUME_UNIT, label_amount

FDA_RACC = Source(
    name="21 CFR 101.12(b), Table 2",
    url="https://www.ecfr.gov/current/title-21/chapter-I/subchapter-B/part-101/subpart-A/section-101.12",
    detail="US FDA reference amounts customarily consumed per eating occasion: general food supply",
)
FDA_RACC_INFANT = Source(
    name="21 CFR 101.12(b), Table 1",
    url=FDA_RACC.url,
    detail="US FDA reference amounts customarily consumed: infant and toddler foods",
)
FSIS_MEAT_RACC = Source(
    name="9 CFR 317.312(b)",
    url="https://www.ecfr.gov/current/title-9/chapter-III/subchapter-A/part-317/subpart-B/section-317.312",
    detail="USDA FSIS reference amounts customarily consumed: meat products",
)
FSIS_POULTRY_RACC = Source(
    name="9 CFR 381.412(b)",
    url="https://www.ecfr.gov/current/title-9/chapter-III/subchapter-A/part-381/subpart-Y/section-381.412",
    detail="USDA FSIS reference amounts customarily consumed: poultry products",
)
DGA_DRINK = Source(
    name="Dietary Guidelines for Americans, 2020-2025",
    url="https://www.dietaryguidelines.gov/",
    detail="one alcoholic drink-equivalent (the FDA table does not cover beer, wine or spirits)",
)
NO_RACC_FORMULA = Source(
    name="21 CFR 107.10",
    url="https://www.ecfr.gov/current/title-21/chapter-I/subchapter-B/part-107",
    detail=(
        "infant formula has no reference amount (its label is per 100 kcal); the tracker uses "
        "4 fl oz (120 mL), the reference amount for infants' juices in 21 CFR 101.12(b), Table 1"
    ),
)


@dataclass(frozen=True)
class ReferenceAmount:
    """One row of a reference-amount table, as the regulation states it."""

    key: str
    category: str  # the product category, in the regulation's words (shortened)
    amount: str  # as stated: "30 g", "2 tbsp", "1 cup (240 mL)"
    grams: Decimal | None  # set when the amount is a weight
    volume_tsp: Fraction | None  # set when it is a household volume (US teaspoons; 1 cup = 48)
    nominal_grams: Decimal  # a typical weight, only to pick a portion when no measure converts
    source: Source
    label_claims: bool = True  # an FDA or USDA amount that label claims are judged on
    everyday_food: bool = True  # False: seasonings, condiments, fats: never on the rich-foods list

    @property
    def citation(self) -> str:
        """ "21 CFR 101.12(b), Table 2: Nuts, seeds and mixtures, all types (30 g)"."""
        return f"{self.source.name}: {self.category} ({self.amount})"


def _weight(
    key: str,
    category: str,
    grams: str,
    source: Source = FDA_RACC,
    *,
    everyday: bool = True,
    claims: bool = True,
) -> ReferenceAmount:
    return ReferenceAmount(
        key=key,
        category=category,
        amount=f"{grams} g",
        grams=Decimal(grams),
        volume_tsp=None,
        nominal_grams=Decimal(grams),
        source=source,
        label_claims=claims,
        everyday_food=everyday,
    )


def _volume(
    key: str,
    category: str,
    household: str,
    nominal_grams: str,
    source: Source = FDA_RACC,
    *,
    stated: str | None = None,
    everyday: bool = True,
    claims: bool = True,
) -> ReferenceAmount:
    number, unit = household.split(" ", 1)
    return ReferenceAmount(
        key=key,
        category=category,
        amount=stated or household,
        grams=None,
        volume_tsp=label_amount(number) * TSP_PER_VOLUME_UNIT[unit],
        nominal_grams=Decimal(nominal_grams),
        source=source,
        label_claims=claims,
        everyday_food=everyday,
    )


_ROWS: tuple[ReferenceAmount, ...] = (
    # --- Bakery products
    _weight(
        "bagels-muffins", "Bagels, toaster pastries, muffins (excluding English muffins)", "110"
    ),
    _weight(
        "biscuits-tortillas",
        "Biscuits, croissants, tortillas, soft bread sticks, soft pretzels, corn bread, hush "
        "puppies, scones, crumpets, English muffins",
        "55",
    ),
    _weight("breads", "Breads (excluding sweet quick type), rolls", "50"),
    _weight("brownies", "Brownies", "40"),
    _weight(
        "cakes-heavy", "Cakes, heavy weight (cheesecake; fruit, nut and vegetable cakes)", "125"
    ),
    _weight("cakes-medium", "Cakes, medium weight (cupcake, eclair, cream puff, layer cake)", "80"),
    _weight("cakes-light", "Cakes, light weight (angel food, chiffon, sponge cake)", "55"),
    _weight(
        "coffee-cakes",
        "Coffee cakes, crumb cakes, doughnuts, Danish, sweet rolls, sweet quick type breads",
        "55",
    ),
    _weight("cookies", "Cookies", "30"),
    _weight(
        "crackers-plain",
        "Crackers that are usually not used as snack, melba toast, hard bread sticks, ice cream "
        "cones",
        "15",
    ),
    _weight("crackers-snack", "Crackers that are usually used as snacks", "30"),
    _weight("croutons", "Croutons", "7", everyday=False),
    _weight("wrappers", "Eggroll, dumpling, wonton, or potsticker wrappers", "20", everyday=False),
    _weight("pancakes", "French toast, crepes, pancakes, variety mixes", "110"),
    _weight("pancake-mix", "French toast, crepes, pancakes, variety mixes: dry mix", "40"),
    _weight("grain-bars", "Grain-based bars with or without filling or coating", "40"),
    _weight("pies", "Pies, cobblers, fruit crisps, turnovers, other pastries", "125"),
    _weight(
        "pie-crust",
        "Pie crust, pie shells, pastry sheets (about 8 square inches)",
        "25",
        everyday=False,
    ),
    _weight("pizza-crust", "Pizza crust", "55"),
    _weight("taco-shells", "Taco shells, hard", "30"),
    _weight("waffles", "Waffles", "85"),
    # --- Beverages
    _volume(
        "beverages",
        "Carbonated and noncarbonated beverages, wine coolers, water",
        "12 fl oz",
        "360",
        stated="12 fl oz (360 mL)",
    ),
    _volume(
        "coffee-tea-flavored",
        "Coffee or tea, flavored and sweetened",
        "12 fl oz",
        "360",
        stated="12 fl oz (360 mL)",
    ),
    # --- Cereals and other grain products
    _volume(
        "hot-cereal", "Breakfast cereals (hot cereal type), hominy grits: prepared", "1 cup", "240"
    ),
    _weight(
        "hot-cereal-dry", "Breakfast cereals (hot cereal type), hominy grits: plain, dry", "40"
    ),
    _weight(
        "hot-cereal-dry-flavored",
        "Breakfast cereals (hot cereal type), hominy grits: flavored, sweetened, dry",
        "55",
    ),
    _weight("cereal-light", "Breakfast cereals, ready-to-eat, less than 20 g per cup", "15"),
    _weight(
        "cereal-medium",
        "Breakfast cereals, ready-to-eat, 20 g or more but less than 43 g per cup",
        "40",
    ),
    _weight(
        "cereal-heavy", "Breakfast cereals, ready-to-eat, 43 g or more per cup; biscuit types", "60"
    ),
    _weight("bran-germ", "Bran or wheat germ", "15"),
    _weight("flours", "Flours or cornmeal", "30", everyday=False),
    _weight("grains", "Grains, e.g., rice, barley, plain: prepared", "140"),
    _weight("grains-dry", "Grains, e.g., rice, barley, plain: dry", "45"),
    _weight("pastas", "Pastas, plain: prepared", "140"),
    _weight("pastas-dry", "Pastas, plain: dry", "55"),
    _weight(
        "pastas-ready", "Pastas, dry, ready-to-eat, e.g., fried canned chow mein noodles", "25"
    ),
    _weight("starches", "Starches, e.g., cornstarch, potato starch, tapioca", "10", everyday=False),
    _weight("stuffing", "Stuffing", "100"),
    # --- Dairy products and substitutes
    _weight("cottage-cheese", "Cheese, cottage", "110"),
    _weight(
        "ricotta", "Cheese used primarily as ingredients, e.g., dry cottage cheese, ricotta", "55"
    ),
    _weight("grated-cheese", "Cheese, grated hard, e.g., Parmesan, Romano", "5", everyday=False),
    _weight(
        "cheese",
        "Cheese, all others except those listed as separate categories, including cream cheese "
        "and cheese spread",
        "30",
    ),
    _volume(
        "cream",
        "Cream or cream substitutes, fluid",
        "1 tbsp",
        "15",
        stated="1 tbsp (15 mL)",
        everyday=False,
    ),
    _weight("cream-powder", "Cream or cream substitutes, powder", "2", everyday=False),
    _volume(
        "half-and-half",
        "Cream, half & half",
        "2 tbsp",
        "30",
        stated="2 tbsp (30 mL)",
        everyday=False,
    ),
    _volume("eggnog", "Eggnog", "1/2 cup", "127", stated="1/2 cup (120 mL)"),
    _volume(
        "milk-concentrated",
        "Milk, condensed or evaporated, undiluted",
        "2 tbsp",
        "32",
        stated="2 tbsp (30 mL)",
    ),
    _volume(
        "milk",
        "Milk, milk-substitute beverages, milk-based drinks, e.g., instant breakfast, meal "
        "replacement, cocoa, soy beverage",
        "1 cup",
        "244",
        stated="1 cup (240 mL)",
    ),
    _volume(
        "shakes",
        "Shakes or shake substitutes, e.g., dairy shake mixes, fruit frost mixes",
        "1 cup",
        "240",
        stated="1 cup (240 mL)",
    ),
    _weight("sour-cream", "Sour cream", "30", everyday=False),
    _weight("yogurt", "Yogurt", "170"),
    # --- Desserts
    _volume(
        "ice-cream",
        "Ice cream, frozen yogurt, sherbet, frozen flavored and sweetened ice and pops, frozen "
        "fruit juices: all types, bulk and novelties",
        "2/3 cup",
        "88",
    ),
    _volume("sundae", "Sundae", "1 cup", "160"),
    _volume("pudding", "Custards, gelatin or pudding", "1/2 cup", "125"),
    # --- Dessert toppings and fillings
    _volume("frostings", "Cake frostings or icings", "2 tbsp", "35", everyday=False),
    _volume(
        "dessert-toppings",
        "Other dessert toppings, e.g., fruits, syrups, spreads, marshmallow cream, nuts, dairy "
        "and nondairy whipped toppings",
        "2 tbsp",
        "30",
        everyday=False,
    ),
    _weight("pie-fillings", "Pie fillings", "85"),
    # --- Egg and egg substitutes
    _weight("egg-mixtures", "Egg mixtures, e.g., egg foo young, scrambled eggs, omelets", "110"),
    _weight("eggs", "Eggs (all sizes)", "50"),
    _weight(
        "egg-whites",
        "Egg whites, sugared eggs, sugared egg yolks, and egg substitutes (fresh, frozen): an "
        "amount to make 1 large (50 g) egg",
        "50",
    ),
    _weight(
        "egg-dried",
        "Egg whites, eggs and egg substitutes, dried: an amount to make 1 large (50 g) egg",
        "12",
        everyday=False,
    ),
    # --- Fats and oils
    _volume("fats", "Butter, margarine, oil, shortening", "1 tbsp", "14", everyday=False),
    _weight("butter-powder", "Butter replacement, powder", "2", everyday=False),
    _weight("dressings", "Dressings for salads", "30", everyday=False),
    _weight(
        "mayonnaise",
        "Mayonnaise, sandwich spreads, mayonnaise-type dressings",
        "15",
        everyday=False,
    ),
    _weight("fat-spray", "Spray types", "0.25", everyday=False),
    # --- Fish, shellfish, game meats, and meat or poultry substitutes
    _weight(
        "fish-small",
        "Bacon substitutes, canned anchovies, anchovy pastes, caviar",
        "15",
        everyday=False,
    ),
    _weight("jerky", "Dried, e.g., jerky", "30"),
    _weight("fish-with-sauce", "Entrees with sauce, e.g., fish with cream sauce", "140"),
    _weight(
        "fish",
        "Entrees without sauce, e.g., plain or fried fish and shellfish, fish and shellfish cake, "
        "game meat: cooked",
        "85",
    ),
    _weight("fish-raw", "Entrees without sauce (fish, shellfish, game meat): uncooked", "110"),
    _weight("fish-canned", "Fish, shellfish, or game meat, canned", "85"),
    _weight(
        "meat-substitutes",
        "Substitute for luncheon meat, meat spreads, Canadian bacon, sausages, frankfurters, and "
        "seafood",
        "55",
    ),
    _weight(
        "fish-smoked",
        "Smoked or pickled fish, shellfish, or game meat; fish or shellfish spread",
        "55",
    ),
    # --- Fruits and fruit juices
    _weight("candied-fruit", "Candied or pickled fruit", "30"),
    _weight("dried-fruit", "Dehydrated fruits (dried)", "40"),
    _weight(
        "garnish-fruit",
        "Fruits for garnish or flavor, e.g., maraschino cherries",
        "4",
        everyday=False,
    ),
    _weight("fruit-relish", "Fruit relishes, e.g., cranberry sauce, cranberry relish", "70"),
    _weight("avocado", "Fruits used primarily as ingredients, avocado", "50"),
    _weight(
        "fruit-ingredient",
        "Fruits used primarily as ingredients, others (cranberries, lemon, lime)",
        "50",
    ),
    _weight("watermelon", "Watermelon", "280"),
    _weight(
        "fruit",
        "All other fruits (except those listed as separate categories), fresh, canned, or frozen",
        "140",
    ),
    _volume("juice", "Juices, nectars, fruit drinks", "1 cup", "248", stated="8 fl oz (240 mL)"),
    _volume(
        "juice-ingredient",
        "Juices used as ingredients, e.g., lemon juice, lime juice",
        "1 tsp",
        "5",
        stated="1 tsp (5 mL)",
        everyday=False,
    ),
    # --- Legumes
    _weight("tofu", "Bean cake (tofu), tempeh", "85"),
    _weight(
        "beans-canned",
        "Beans, plain or in sauce: in sauce or canned in liquid, and refried beans, prepared",
        "130",
    ),
    _weight("beans", "Beans, plain or in sauce: others, prepared", "90"),
    _weight("beans-dry", "Beans, plain or in sauce: dry", "35"),
    # --- Miscellaneous category
    _weight("leavening", "Baking powder, baking soda, pectin", "0.6", everyday=False),
    _weight("batter-crumbs", "Batter mixes, bread crumbs", "30", everyday=False),
    _volume("cocoa", "Cocoa powder, carob powder, unsweetened", "1 tbsp", "5", everyday=False),
    _volume(
        "cooking-wine", "Cooking wine", "2 tbsp", "30", stated="2 tbsp (30 mL)", everyday=False
    ),
    _weight(
        "salad-toppers",
        "Salad and potato toppers, e.g., salad crunchies, bacon bits",
        "7",
        everyday=False,
    ),
    _volume(
        "salt",
        "Salt, salt substitutes, seasoning salts (e.g., garlic salt)",
        "1/4 tsp",
        "1.5",
        everyday=False,
    ),
    _volume(
        "spices",
        "Spices, herbs (other than dietary supplements)",
        "1/4 tsp",
        "0.5",
        stated="1/4 tsp, or 0.5 g if not measurable by teaspoon",
        everyday=False,
    ),
    # --- Mixed dishes
    _weight(
        "appetizers",
        "Appetizers, hors d'oeuvres, mini mixed dishes, e.g., mini bagel pizzas, breaded "
        "mozzarella sticks, egg rolls, dumplings, potstickers",
        "85",
    ),
    _volume(
        "mixed-dishes-cup",
        "Mixed dishes measurable with a cup, e.g., casseroles, hash, macaroni and cheese, pot "
        "pies, spaghetti with sauce, stews",
        "1 cup",
        "240",
    ),
    _weight(
        "mixed-dishes",
        "Mixed dishes not measurable with a cup, e.g., burritos, enchiladas, pizza, quiche, all "
        "types of sandwiches",
        "140",
    ),
    # --- Nuts and seeds
    _weight(
        "nuts", "Nuts, seeds and mixtures, all types: sliced, chopped, slivered, and whole", "30"
    ),
    _volume("nut-butters", "Nut and seed butters, pastes, or creams", "2 tbsp", "32"),
    _weight("nut-flours", "Coconut, nut and seed flours", "15", everyday=False),
    # --- Potatoes and sweet potatoes/yams
    _weight("fries", "French fries, hash browns, skins, or pancakes: prepared", "70"),
    _weight(
        "fries-frozen", "French fries, hash browns, skins, or pancakes: frozen, unprepared", "85"
    ),
    _weight("potatoes-mashed", "Mashed, candied, stuffed, or with sauce", "140"),
    _weight("potatoes", "Plain, fresh, canned, or frozen: fresh or frozen", "110"),
    _weight("potatoes-canned", "Plain, fresh, canned, or frozen: canned in liquid", "160"),
    # --- Salads
    _weight("gelatin-salad", "Gelatin salad", "120"),
    _weight("pasta-salad", "Pasta or potato salad", "140"),
    _weight(
        "salads",
        "All other salads, e.g., egg, fish, shellfish, bean, fruit, or vegetable salads",
        "100",
    ),
    # --- Sauces, dips, gravies and condiments
    _volume(
        "dips",
        "Barbecue sauce, hollandaise sauce, tartar sauce, other sauces for dipping, all dips "
        "(e.g., bean dips, dairy-based dips, salsa)",
        "2 tbsp",
        "30",
    ),
    _weight("pasta-sauce", "Major main entree sauces, e.g., spaghetti sauce", "125"),
    _volume(
        "sauces",
        "Minor main entree sauces (e.g., pizza sauce, pesto, Alfredo), other sauces used as "
        "toppings (e.g., gravy, white sauce, cheese sauce), cocktail sauce",
        "1/4 cup",
        "60",
        everyday=False,
    ),
    _volume(
        "condiments",
        "Major condiments, e.g., catsup, steak sauce, soy sauce, vinegar, teriyaki sauce, "
        "marinades",
        "1 tbsp",
        "15",
        everyday=False,
    ),
    _volume(
        "condiments-minor",
        "Minor condiments, e.g., horseradish, hot sauces, mustards, Worcestershire sauce",
        "1 tsp",
        "5",
        everyday=False,
    ),
    # --- Snacks
    _weight(
        "snacks",
        "All varieties, chips, pretzels, popcorn, extruded snacks, fruit and vegetable-based "
        "snacks, grain-based snack mixes",
        "30",
    ),
    # --- Soups
    _weight("soups", "Soups, all varieties", "245"),
    # --- Sugars and sweets
    _weight("baking-candies", "Baking candies (e.g., chips)", "15"),
    _weight("hard-candies", "Hard candies, others; powdered candies", "15", everyday=False),
    _weight("breath-mints", "Hard candies, breath mints", "2", everyday=False),
    _weight("candies", "All other candies", "30"),
    _weight("confectioners-sugar", "Confectioner's sugar", "30", everyday=False),
    _weight("chewing-gum", "Chewing gum", "3", everyday=False),
    _volume(
        "honey-jams",
        "Honey, jams, jellies, fruit butter, molasses, fruit pastes, fruit chutneys",
        "1 tbsp",
        "21",
        everyday=False,
    ),
    _weight("marshmallows", "Marshmallows", "30", everyday=False),
    _weight("sugar", "Sugar", "8", everyday=False),
    _weight(
        "sugar-substitutes",
        "Sugar substitutes: an amount equivalent to 8 g of sugar in sweetness",
        "1",
        everyday=False,
    ),
    _volume("syrups", "Syrups", "2 tbsp", "40", stated="2 tbsp (30 mL)", everyday=False),
    # --- Vegetables
    _weight(
        "dried-vegetables",
        "Dried vegetables, dried tomatoes, sun-dried tomatoes, dried mushrooms, dried seaweed",
        "5",
    ),
    _weight("seaweed-sheets", "Dried seaweed sheets", "3"),
    _weight(
        "garnish-vegetables",
        "Vegetables primarily used for garnish or flavor, e.g., pimento, parsley, fresh or dried",
        "4",
        everyday=False,
    ),
    _weight(
        "chili-peppers",
        "Fresh or canned chili peppers, jalapeno peppers, other hot peppers, green onion",
        "30",
    ),
    _weight(
        "vegetables",
        "All other vegetables without sauce: fresh, canned, or frozen: fresh or frozen",
        "85",
    ),
    _weight(
        "vegetables-canned",
        "All other vegetables without sauce: canned in liquid, cream-style corn, canned or "
        "stewed tomatoes, pumpkin, or winter squash",
        "130",
    ),
    _weight(
        "vegetables-with-sauce", "All other vegetables with sauce: fresh, canned, or frozen", "110"
    ),
    _volume("vegetable-juice", "Vegetable juice", "1 cup", "243", stated="8 fl oz (240 mL)"),
    _weight("olives", "Olives", "15", everyday=False),
    _weight("pickles", "Pickles, all types", "30", everyday=False),
    _weight("relishes", "Relishes, e.g., pickle relish, corn relish", "15", everyday=False),
    _weight("vegetable-pastes", "Vegetable pastes, e.g., tomato paste", "30", everyday=False),
    _weight(
        "vegetable-sauces",
        "Vegetable sauces or purees, e.g., tomato sauce, tomato puree",
        "60",
        everyday=False,
    ),
    # --- Meat products (USDA FSIS)
    _weight(
        "meat",
        "Entrees without sauce; cuts of meat, including marinated, tenderized, injected cuts: "
        "cooked",
        "85",
        FSIS_MEAT_RACC,
    ),
    _weight(
        "meat-raw", "Entrees without sauce; cuts of meat: ready-to-cook", "114", FSIS_MEAT_RACC
    ),
    _weight(
        "bacon",
        "Bacon (bacon, beef breakfast strips, pork breakfast strips, pork rinds): ready-to-serve",
        "15",
        FSIS_MEAT_RACC,
    ),
    _weight("bacon-raw", "Bacon: ready-to-cook", "54", FSIS_MEAT_RACC),
    _weight(
        "meat-dried",
        "Dried, e.g., jerky, dried beef, Parma ham, sausage products with a moisture/protein "
        "ratio of less than 2:1, e.g., pepperoni",
        "30",
        FSIS_MEAT_RACC,
    ),
    _weight(
        "luncheon-meat",
        "Luncheon meat, bologna, Canadian style bacon, luncheon loaf, meat spreads, potted meat",
        "55",
        FSIS_MEAT_RACC,
    ),
    _weight(
        "sausages",
        "Linked meat sausage products, frankfurters, Polish sausage, smoked or pickled meat",
        "55",
        FSIS_MEAT_RACC,
    ),
    _weight("meat-canned", "Canned meat, e.g., canned beef, canned pork", "55", FSIS_MEAT_RACC),
    _weight(
        "meat-with-sauce",
        "Entrees with sauce, e.g., barbecued meat in sauce",
        "140",
        FSIS_MEAT_RACC,
    ),
    _weight(
        "poultry",
        "Entrees without sauce, poultry cuts, including marinated, tenderized, injected cuts of "
        "poultry, poultry croquettes, fritters: ready-to-serve",
        "85",
        FSIS_POULTRY_RACC,
    ),
    _weight(
        "poultry-raw",
        "Entrees without sauce, poultry cuts: ready-to-cook",
        "114",
        FSIS_POULTRY_RACC,
    ),
    _weight(
        "poultry-canned", "Canned poultry, canned chicken, canned turkey", "55", FSIS_POULTRY_RACC
    ),
    _weight("poultry-with-sauce", "Entrees with sauce, turkey and gravy", "140", FSIS_POULTRY_RACC),
    # --- Infant and toddler foods (Table 1)
    _weight("infant-cereal-dry", "Cereals, dry instant", "15", FDA_RACC_INFANT),
    _weight("infant-cereal", "Cereals, prepared, ready-to-serve", "110", FDA_RACC_INFANT),
    _weight(
        "infant-snacks",
        "Other cereal and grain products, dry ready-to-eat, e.g., cookies, teething biscuits, and "
        "toasts",
        "7",
        FDA_RACC_INFANT,
    ),
    _weight(
        "infant-junior",
        "Dinners, desserts, fruits, vegetables or soups, ready-to-serve, junior type",
        "110",
        FDA_RACC_INFANT,
    ),
    _weight(
        "infant-strained",
        "Dinners, desserts, fruits, vegetables or soups, ready-to-serve, strained type",
        "60",
        FDA_RACC_INFANT,
    ),
    _weight(
        "infant-dry-mix",
        "Dinners, desserts, fruits, vegetables or soups, dry mix",
        "15",
        FDA_RACC_INFANT,
    ),
    _weight(
        "toddler-dinners",
        "Dinners, stews or soups for toddlers, ready-to-serve",
        "170",
        FDA_RACC_INFANT,
    ),
    _weight("toddler-fruits", "Fruits for toddlers, ready-to-serve", "125", FDA_RACC_INFANT),
    _weight("toddler-vegetables", "Vegetables for toddlers, ready-to-serve", "70", FDA_RACC_INFANT),
    _weight("infant-eggs", "Eggs/egg yolks, ready-to-serve", "55", FDA_RACC_INFANT),
    _volume(
        "infant-juices",
        "Juices, all varieties",
        "4 fl oz",
        "124",
        FDA_RACC_INFANT,
        stated="4 fl oz (120 mL)",
    ),
    _volume(
        "infant-formula",
        "Infant formula, ready to feed (no reference amount)",
        "4 fl oz",
        "124",
        NO_RACC_FORMULA,
        claims=False,
        everyday=False,
    ),
    # --- Foods no FDA or USDA table covers
    _volume(
        "beer",
        "Beer: one drink-equivalent (5% alcohol)",
        "12 fl oz",
        "356",
        DGA_DRINK,
        claims=False,
        everyday=False,
    ),
    _volume(
        "wine",
        "Wine: one drink-equivalent (12% alcohol)",
        "5 fl oz",
        "147",
        DGA_DRINK,
        claims=False,
        everyday=False,
    ),
    _volume(
        "spirits",
        "Distilled spirits: one drink-equivalent (80 proof)",
        "3/2 fl oz",
        "42",
        DGA_DRINK,
        stated="1.5 fl oz",
        claims=False,
        everyday=False,
    ),
)

REFERENCE_AMOUNTS: dict[str, ReferenceAmount] = {row.key: row for row in _ROWS}
if len(REFERENCE_AMOUNTS) != len(_ROWS):  # pragma: no cover - a typo in the table above
    raise ValueError("reference amount keys must be unique")


def reference_amount(key: str) -> ReferenceAmount:
    """The row for a key ("nuts"); KeyError for an unknown key."""
    return REFERENCE_AMOUNTS[key]
