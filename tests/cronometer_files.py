"""Cronometer export files written for the tests, in Cronometer's own format.

The header is a real "Food & Recipe Entries" (servings.csv) header: 70+ columns, Magnesium in
the middle, "µ" as U+00B5 in some headers and U+03BC in others (both appear in the wild).
Cells not named in a row are written as Cronometer writes a nutrient it has no value for:
empty.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

MICRO, MU = "\u00b5", "\u03bc"

SERVINGS_HEADER = [
    "Day", "Time", "Group", "Food Name", "Amount", "Energy (kcal)", "Alcohol (g)",
    "Caffeine (mg)", "Water (g)", "B1 (Thiamine) (mg)", "B2 (Riboflavin) (mg)",
    "B3 (Niacin) (mg)", "B5 (Pantothenic Acid) (mg)", "B6 (Pyridoxine) (mg)",
    f"B12 (Cobalamin) ({MICRO}g)", f"Biotin ({MU}g)", "Choline (mg)", f"Folate ({MICRO}g)",
    f"Vitamin A ({MU}g)", "Vitamin C (mg)", "Vitamin D (IU)", "Vitamin E (mg)",
    f"Vitamin K ({MICRO}g)", "Calcium (mg)", f"Chromium ({MU}g)", "Copper (mg)",
    "Fluoride (mg)", f"Iodine ({MICRO}g)", "Iron (mg)", "Magnesium (mg)", "Manganese (mg)",
    f"Molybdenum ({MU}g)", "Phosphorus (mg)", "Potassium (mg)", f"Selenium ({MICRO}g)",
    "Sodium (mg)", "Zinc (mg)", "Carbs (g)", "Fiber (g)", "Starch (g)", "Sugars (g)",
    "Added Sugars (g)", "Net Carbs (g)", "Fat (g)", "Cholesterol (mg)", "Monounsaturated (g)",
    "Polyunsaturated (g)", "Saturated (g)", "Trans-Fats (g)", "Omega-3 (g)", "Omega-6 (g)",
    "Cystine (g)", "Histidine (g)", "Isoleucine (g)", "Leucine (g)", "Lysine (g)",
    "Methionine (g)", "Phenylalanine (g)", "Protein (g)", "Threonine (g)", "Tryptophan (g)",
    "Tyrosine (g)", "Valine (g)", "Beta-carotene (µg)", "Lutein+Zeaxanthin (µg)",
    "Lycopene (µg)", "Alpha-carotene (µg)", "Retinol (µg)", "Vitamin B12 (µg)",
    "Oxalate (mg)", "Phytate (mg)", "Caffeine2 (mg)", "Category",
]  # fmt: skip

DAILY_NUTRITION_HEADER = [
    "Date", "Energy (kcal)", "Alcohol (g)", "Caffeine (mg)", "Water (g)", "Calcium (mg)",
    "Magnesium (mg)", "Potassium (mg)", "Protein (g)", "Completed",
]  # fmt: skip

MYFITNESSPAL_HEADER = [
    "Date", "Meal", "Calories", "Fat (g)", "Saturated Fat", "Cholesterol", "Sodium (mg)",
    "Potassium", "Carbohydrates (g)", "Fiber", "Sugar", "Protein (g)", "Calcium", "Iron", "Note",
]  # fmt: skip

# A few typical rows: the values Cronometer writes (its magnesium is the total for the amount).
BANANA = {
    "Day": "2024-03-01", "Time": "8:05 AM", "Group": "Breakfast",
    "Food Name": "Bananas, raw", "Amount": "1 medium banana (118 g)",
    "Energy (kcal)": "105.02", "Magnesium (mg)": "31.86", "Calcium (mg)": "5.9",
    "Category": "Fruits and Fruit Juices",
}  # fmt: skip
SPINACH = {
    "Day": "2024-03-01", "Time": "12:30 PM", "Group": "Lunch",
    "Food Name": "Spinach, cooked, boiled, drained, without salt", "Amount": "1 cup (180 g)",
    "Magnesium (mg)": "156.6", "Category": "Vegetables and Vegetable Products",
}  # fmt: skip
ALMONDS = {
    "Day": "2024-03-02", "Time": "", "Group": "Snacks",
    "Food Name": "Almonds", "Amount": "1 oz, whole kernels (28.35 g)",
    "Magnesium (mg)": "76.55", "Category": "Nut and Seed Products",
}  # fmt: skip
CAPSULE = {
    "Day": "2024-03-02", "Time": "9:00 PM", "Group": "Supper",
    "Food Name": "Magnesium Glycinate 120 mg", "Amount": "1 capsule",
    "Magnesium (mg)": "120", "Category": "Supplements",
}  # fmt: skip
HOMEMADE = {
    "Day": "2024-03-02", "Time": "7:10 PM", "Group": "Dinner",
    "Food Name": "Grandma's lentil soup", "Amount": "1.5 bowl",
    "Magnesium (mg)": "", "Category": "Recipes",
}  # fmt: skip

TYPICAL_ROWS = (BANANA, SPINACH, ALMONDS, CAPSULE, HOMEMADE)


def csv_text(header: Iterable[str], rows: Iterable[Mapping[str, str]]) -> str:
    """A CSV file's text: the header, then each row's named cells (others empty)."""
    header = list(header)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return out.getvalue()


def servings_csv(rows: Iterable[Mapping[str, str]] = TYPICAL_ROWS, *, bom: bool = True) -> bytes:
    """A servings.csv as Cronometer writes it (UTF-8, with the byte-order mark it may carry)."""
    return (("\ufeff" if bom else "") + csv_text(SERVINGS_HEADER, rows)).encode("utf-8")
