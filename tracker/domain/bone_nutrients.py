"""Calcium and vitamin D, magnesium's companions for bone: reference values and day totals.

The reference tables are the Institute of Medicine's Dietary Reference Intakes for Calcium and
Vitamin D (2011) as the NIH Office of Dietary Supplements publishes them (docs/bone-nutrients-
facts.md). Unlike magnesium's, these upper limits count TOTAL intake: food, fortified food and
supplements. Amounts are exact integers: calcium in micrograms (``*_ug``, as magnesium) and
vitamin D in nanograms (``*_ng``: 1 IU is exactly 25 ng, so a label in IU or µg stores exactly).
A value that is not known is None, never 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum
from typing import Protocol

from tracker.domain.cautions import ASK_PROVIDER, Caution
from tracker.domain.reference import (
    FDA_DV,
    MONTHS_PER_YEAR,
    Profile,
    ReproductiveStatus,
    Sex,
    Source,
)
from tracker.domain.totals import (
    QuantityError,
    Threshold,
    at_least,
    display_mg_beside,
    more_than,
    read_decimal,
)
from tracker.formatting import counted, exact_text, plural

IOM_2011 = (
    "Institute of Medicine (Food and Nutrition Board), Dietary Reference Intakes for "
    "Calcium and Vitamin D, 2011"
)

NIH_ODS_CALCIUM = Source(
    name="NIH Office of Dietary Supplements",
    url="https://ods.od.nih.gov/factsheets/Calcium-HealthProfessional/",
    detail=f"Calcium fact sheet for health professionals; values from the {IOM_2011}",
)
NIH_ODS_VITAMIN_D = Source(
    name="NIH Office of Dietary Supplements",
    url="https://ods.od.nih.gov/factsheets/VitaminD-HealthProfessional/",
    detail=f"Vitamin D fact sheet for health professionals; values from the {IOM_2011}",
)

NG_PER_IU = 25  # 1 µg of vitamin D is 40 IU, so 1 IU is 0.025 µg = 25 ng
NG_PER_UG = 1000
UG_PER_MG = 1000
_CONTEXT_PREC = 28


class Nutrient(StrEnum):
    CALCIUM = "calcium"
    VITAMIN_D = "vitamin_d"

    @property
    def label(self) -> str:
        """ "Calcium" or "Vitamin D"."""
        return "Calcium" if self is Nutrient.CALCIUM else "Vitamin D"

    @property
    def unit(self) -> str:
        """The unit the pages show it in: "mg" or "µg"."""
        return "mg" if self is Nutrient.CALCIUM else "µg"


def _years(n: int) -> int:
    return n * MONTHS_PER_YEAR


@dataclass(frozen=True)
class _AgeRow:
    age_label: str
    from_months: int
    to_months: int | None  # inclusive; None = no upper bound

    def contains(self, months: int) -> bool:
        """True when an age in months falls in this row."""
        return months >= self.from_months and (self.to_months is None or months <= self.to_months)


@dataclass(frozen=True)
class BoneStage(_AgeRow):
    """One row of an RDA/AI table, in the nutrient's display unit (mg or µg)."""

    male: int
    female: int
    pregnancy: int | None = None
    lactation: int | None = None
    infant_ai: bool = False


@dataclass(frozen=True)
class BoneLimitStage(_AgeRow):
    """One row of an upper-limit table (TOTAL intake), in mg or µg."""

    amount: int


# Source: NIH_ODS_CALCIUM, "Recommended Dietary Allowances (RDAs) for Calcium" (IOM 2011).
CALCIUM_STAGES: tuple[BoneStage, ...] = (
    BoneStage("0–6 months", 0, 6, 200, 200, infant_ai=True),
    BoneStage("7–12 months", 7, 11, 260, 260, infant_ai=True),
    BoneStage("1–3 years", _years(1), _years(4) - 1, 700, 700),
    BoneStage("4–8 years", _years(4), _years(9) - 1, 1000, 1000),
    BoneStage("9–13 years", _years(9), _years(14) - 1, 1300, 1300),
    BoneStage("14–18 years", _years(14), _years(19) - 1, 1300, 1300, 1300, 1300),
    BoneStage("19–50 years", _years(19), _years(51) - 1, 1000, 1000, 1000, 1000),
    BoneStage("51–70 years", _years(51), _years(71) - 1, 1000, 1200),
    BoneStage("71 years and older", _years(71), None, 1200, 1200),
)
# Source: NIH_ODS_CALCIUM, "Tolerable Upper Intake Levels (ULs) for Calcium" (IOM 2011):
# total intake from food and supplements; pregnancy and lactation as the age row.
CALCIUM_LIMITS: tuple[BoneLimitStage, ...] = (
    BoneLimitStage("0–6 months", 0, 6, 1000),
    BoneLimitStage("7–12 months", 7, 11, 1500),
    BoneLimitStage("1–8 years", _years(1), _years(9) - 1, 2500),
    BoneLimitStage("9–18 years", _years(9), _years(19) - 1, 3000),
    BoneLimitStage("19–50 years", _years(19), _years(51) - 1, 2500),
    BoneLimitStage("51 years and older", _years(51), None, 2000),
)
# Source: NIH_ODS_VITAMIN_D, "Recommended Dietary Allowances (RDAs) for Vitamin D" (IOM 2011),
# in µg (1 µg = 40 IU).
VITAMIN_D_STAGES: tuple[BoneStage, ...] = (
    BoneStage("0–12 months", 0, 11, 10, 10, infant_ai=True),
    BoneStage("1–70 years", _years(1), _years(71) - 1, 15, 15, 15, 15),
    BoneStage("71 years and older", _years(71), None, 20, 20),
)
# Source: NIH_ODS_VITAMIN_D, "Tolerable Upper Intake Levels (ULs) for Vitamin D" (IOM 2011):
# total intake; pregnancy and lactation as the age row.
VITAMIN_D_LIMITS: tuple[BoneLimitStage, ...] = (
    BoneLimitStage("0–6 months", 0, 6, 25),
    BoneLimitStage("7–12 months", 7, 11, 38),
    BoneLimitStage("1–3 years", _years(1), _years(4) - 1, 63),
    BoneLimitStage("4–8 years", _years(4), _years(9) - 1, 75),
    BoneLimitStage("9 years and older", _years(9), None, 100),
)
# Source: FDA_DV (2016 labeling rule), adults and children 4 years and older: used when the
# profile has no age (or no sex where the row differs by sex), as magnesium does.
CALCIUM_DV_MG = 1300
VITAMIN_D_DV_UG = 20
# Without an age, the lowest adult upper limit (calcium 51+: 2,000 mg; vitamin D: 100 µg).
CALCIUM_ADULT_DEFAULT_LIMIT_MG = 2000
VITAMIN_D_ADULT_DEFAULT_LIMIT_UG = 100

_TABLES = {
    Nutrient.CALCIUM: (CALCIUM_STAGES, CALCIUM_LIMITS, NIH_ODS_CALCIUM, CALCIUM_DV_MG),
    Nutrient.VITAMIN_D: (VITAMIN_D_STAGES, VITAMIN_D_LIMITS, NIH_ODS_VITAMIN_D, VITAMIN_D_DV_UG),
}
# The guidance page's tables, from the very rows the look-ups use.
REFERENCE_TABLES = (
    (Nutrient.CALCIUM, CALCIUM_STAGES, CALCIUM_LIMITS, NIH_ODS_CALCIUM),
    (Nutrient.VITAMIN_D, VITAMIN_D_STAGES, VITAMIN_D_LIMITS, NIH_ODS_VITAMIN_D),
)
_DEFAULT_LIMITS = {
    Nutrient.CALCIUM: CALCIUM_ADULT_DEFAULT_LIMIT_MG,
    Nutrient.VITAMIN_D: VITAMIN_D_ADULT_DEFAULT_LIMIT_UG,
}


@dataclass(frozen=True)
class BoneReference:
    """The daily amount (mg of calcium, µg of vitamin D) a profile is compared with."""

    nutrient: Nutrient
    amount: int
    group_label: str
    source: Source
    is_daily_value: bool = False

    @property
    def description(self) -> str:
        """E.g. "Women 51–70 years: 1,200 mg a day (NIH Office of Dietary Supplements)"."""
        return (
            f"{self.group_label}: {amount_words(self.nutrient, self.amount)} a day "
            f"({self.source.name})"
        )


@dataclass(frozen=True)
class BoneLimit:
    """The upper limit of TOTAL intake (food and supplements) a day."""

    nutrient: Nutrient
    amount: int
    group_label: str
    source: Source
    is_adult_default: bool = False

    @property
    def description(self) -> str:
        """E.g. "Ages 51 years and older: 2,000 mg a day from food and supplements together"."""
        return (
            f"{self.group_label}: {amount_words(self.nutrient, self.amount)} a day from food "
            f"and supplements together ({self.source.name})"
        )


def amount_words(nutrient: Nutrient, amount: int | Decimal) -> str:
    """ "1,200 mg", "15 µg (600 IU)": vitamin D always with its IU in brackets."""
    if nutrient is Nutrient.CALCIUM:
        return f"{amount:,} mg"
    return f"{amount:,} µg ({int(amount * 40):,} IU)"


def _group(stage: BoneStage, sex: Sex | None, status: ReproductiveStatus) -> tuple[int, str]:
    if status is ReproductiveStatus.PREGNANT and stage.pregnancy is not None:
        return stage.pregnancy, f"Pregnancy, {stage.age_label}"
    if status is ReproductiveStatus.BREASTFEEDING and stage.lactation is not None:
        return stage.lactation, f"Breastfeeding, {stage.age_label}"
    if stage.infant_ai:
        return stage.male, f"Infants {stage.age_label}"
    if stage.male == stage.female:
        return stage.male, f"Ages {stage.age_label}"
    if sex is Sex.MALE:
        return stage.male, f"Men {stage.age_label}"
    return stage.female, f"Women {stage.age_label}"


def bone_reference(nutrient: Nutrient, profile: Profile | None, on: date) -> BoneReference:
    """The RDA/AI of calcium (mg) or vitamin D (µg) for the life stage on a date.

    Without an age, or without a sex where the row differs by sex (calcium 51–70), the FDA
    Daily Value (calcium 1,300 mg, vitamin D 20 µg), as for magnesium.
    """
    stages, _limits, source, daily_value = _TABLES[nutrient]
    months = profile.age_in_months(on) if profile is not None else None
    if profile is None or months is None:
        return BoneReference(nutrient, daily_value, "General Daily Value", FDA_DV, True)
    stage = next(s for s in stages if s.contains(months))
    sex = profile.sex
    if sex is None and profile.reproductive_status is not ReproductiveStatus.NONE:
        sex = Sex.FEMALE  # only women are marked pregnant or breastfeeding
    needs_sex = stage.male != stage.female and not stage.infant_ai
    reproductive = (
        profile.reproductive_status is ReproductiveStatus.PREGNANT and stage.pregnancy
    ) or (profile.reproductive_status is ReproductiveStatus.BREASTFEEDING and stage.lactation)
    if sex is None and needs_sex and not reproductive:
        return BoneReference(nutrient, daily_value, "General Daily Value", FDA_DV, True)
    amount, label = _group(stage, sex, profile.reproductive_status)
    return BoneReference(nutrient, amount, label, source)


def bone_upper_limit(nutrient: Nutrient, profile: Profile | None, on: date) -> BoneLimit:
    """The upper limit of total calcium (mg) or vitamin D (µg) a day for the age on a date.

    Pregnancy and breastfeeding use the age's row. Without an age: the lowest adult value,
    marked is_adult_default.
    """
    _stages, limits, source, _dv = _TABLES[nutrient]
    months = profile.age_in_months(on) if profile is not None else None
    if months is None:
        return BoneLimit(
            nutrient, _DEFAULT_LIMITS[nutrient], "Adults (general value)", source, True
        )
    row = next(r for r in limits if r.contains(months))
    return BoneLimit(nutrient, row.amount, f"Ages {row.age_label}", source)


# --- Exact amounts ----------------------------------------------------------------------------


def _exact(value: float | Decimal | int) -> Decimal:
    # Food values are stored as floats of the data file's short decimals ("113.0"): their
    # shortest repr is the decimal the source printed.
    return value if isinstance(value, Decimal) else Decimal(repr(value))


def _whole(value: Decimal) -> int:
    with localcontext() as context:
        context.prec = _CONTEXT_PREC
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def whole_amount(value: Decimal) -> int:
    """Whole mg of calcium or µg of vitamin D, half up: how every page and file shows them."""
    return _whole(value)


def calcium_ug_for(calcium_mg_per_100g: float | Decimal | None, grams: Decimal) -> int | None:
    """Calcium in an amount of food, in whole µg; None (not in the source) stays None."""
    if calcium_mg_per_100g is None:
        return None
    with localcontext() as context:
        context.prec = _CONTEXT_PREC
        return _whole(_exact(calcium_mg_per_100g) * UG_PER_MG * Decimal(grams) / 100)


def vitamin_d_ng_for(vitamin_d_iu_per_100g: float | Decimal | None, grams: Decimal) -> int | None:
    """Vitamin D in an amount of food (SR24 gives IU per 100 g), in whole ng; None stays None."""
    if vitamin_d_iu_per_100g is None:
        return None
    with localcontext() as context:
        context.prec = _CONTEXT_PREC
        return _whole(_exact(vitamin_d_iu_per_100g) * NG_PER_IU * Decimal(grams) / 100)


def scaled(per_unit: int | None, units: Decimal) -> int | None:
    """A per-unit amount (µg, ng) times a number of units, whole; None stays None."""
    if per_unit is None:
        return None
    with localcontext() as context:
        context.prec = _CONTEXT_PREC
        return _whole(Decimal(per_unit) * Decimal(units))


def ug_to_mg_exact(ug: int) -> Decimal:
    """Stored µg of calcium as exact mg."""
    return Decimal(int(ug)).scaleb(-3)


def ng_to_ug_exact(ng: int) -> Decimal:
    """Stored ng of vitamin D as exact µg."""
    return Decimal(int(ng)).scaleb(-3)


def ng_to_iu(ng: int | Decimal) -> Decimal:
    """Nanograms of vitamin D as exact IU (25 ng each)."""
    return Decimal(ng) / NG_PER_IU


# --- Reading a label ----------------------------------------------------------------------------

MAX_CALCIUM_MG_PER_UNIT = Decimal(5000)  # no label holds more in one tablet or scoop
MAX_VITAMIN_D_UG_PER_UNIT = Decimal(2500)  # 100,000 IU: the largest prescription capsules


class VitaminDUnit(StrEnum):
    UG = "ug"
    IU = "iu"

    @property
    def label(self) -> str:
        """ "µg" or "IU", as labels print them."""
        return "µg" if self is VitaminDUnit.UG else "IU"


def _label_number(text: str | None, what: str, unit: str) -> Decimal | None:
    cleaned = (text or "").strip()
    lowered = cleaned.lower()
    for suffix in (unit.lower(), "mcg", "µg", "ug", "iu", "mg"):
        if lowered.endswith(suffix):
            cleaned = cleaned[: -len(suffix)].strip()
            break
    if not cleaned:
        return None
    if cleaned.startswith("-"):
        raise QuantityError(f"The {what} can't be negative.")
    number = read_decimal(cleaned)
    if number is None:
        raise QuantityError(
            f"“{(text or '').strip()}” isn't a number we can read. Try 500 or 12.5."
        )
    return number


def parse_calcium_ug_per_unit(text: str | None) -> int | None:
    """The label's calcium per unit in mg ("500", "62.5") as whole µg; empty: None (not given)."""
    mg = _label_number(text, "calcium", "mg")
    if mg is None:
        return None
    if mg > MAX_CALCIUM_MG_PER_UNIT:
        raise QuantityError(
            f"That is more than {MAX_CALCIUM_MG_PER_UNIT:,} mg of calcium in one unit. "
            "Check the label."
        )
    return _whole(mg * UG_PER_MG)


def parse_vitamin_d_ng_per_unit(text: str | None, unit: VitaminDUnit | str) -> int | None:
    """The label's vitamin D per unit, in µg or IU as printed, as whole ng; empty: None."""
    number = _label_number(text, "vitamin D", VitaminDUnit(unit).label)
    if number is None:
        return None
    ng = number * NG_PER_IU if VitaminDUnit(unit) is VitaminDUnit.IU else number * NG_PER_UG
    if ng > MAX_VITAMIN_D_UG_PER_UNIT * NG_PER_UG:
        raise QuantityError(
            f"That is more than {MAX_VITAMIN_D_UG_PER_UNIT:,} µg "
            f"({int(MAX_VITAMIN_D_UG_PER_UNIT * 40):,} IU) of vitamin D in one unit. "
            "Check the label and the unit (µg or IU)."
        )
    return _whole(ng)


def label_text(calcium_ug_per_unit: int | None, vitamin_d_ng_per_unit: int | None) -> str:
    """A product's calcium and vitamin D per unit as typed from its label, exact: "600 mg
    calcium, 25 µg (1,000 IU) vitamin D"; "" when neither was given."""
    parts = []
    if calcium_ug_per_unit is not None:
        parts.append(f"{exact_text(ug_to_mg_exact(calcium_ug_per_unit), grouped=True)} mg calcium")
    if vitamin_d_ng_per_unit is not None:
        ug = exact_text(ng_to_ug_exact(vitamin_d_ng_per_unit), grouped=True)
        iu = exact_text(ng_to_iu(vitamin_d_ng_per_unit), grouped=True)
        parts.append(f"{ug} µg ({iu} IU) vitamin D")
    return ", ".join(parts)


# --- A day's calcium and vitamin D ------------------------------------------------------------


class BoneSnapshot(Protocol):
    """What a logged item carries: its own calcium (µg) and vitamin D (ng), None when unknown.

    Food entries of every kind and supplement entries fill these two columns; nothing else
    is read, so a new kind of entry only has to fill them.
    """

    @property
    def calcium_ug(self) -> int | None: ...

    @property
    def vitamin_d_ng(self) -> int | None: ...


@dataclass(frozen=True)
class NutrientPart:
    """The known sum of one nutrient over some items, and how many items have a value."""

    known_total: int  # µg of calcium or ng of vitamin D, over the items with a value
    known: int
    items: int

    @property
    def unknown(self) -> int:
        """How many items have no value (left out of the sum, never counted as 0)."""
        return self.items - self.known


def _part(values: Iterable[int | None]) -> NutrientPart:
    known_total = known = items = 0
    for value in values:
        items += 1
        if value is not None:
            known += 1
            known_total += int(value)
    return NutrientPart(known_total, known, items)


@dataclass(frozen=True)
class NutrientDay:
    """One nutrient on one day: food and supplements apart, in stored units."""

    nutrient: Nutrient
    food: NutrientPart
    supplements: NutrientPart

    @property
    def known_total(self) -> int:
        """Food and supplements together, over the items with a value (a minimum)."""
        return self.food.known_total + self.supplements.known_total

    def amount(self, stored: int) -> Decimal:
        """A stored amount (µg of calcium, ng of vitamin D) in mg or µg, exact."""
        return Decimal(int(stored)).scaleb(-3)

    @property
    def total_amount(self) -> Decimal:
        """The known total in mg (calcium) or µg (vitamin D), exact."""
        return self.amount(self.known_total)


@dataclass(frozen=True)
class BoneDay:
    calcium: NutrientDay
    vitamin_d: NutrientDay


def bone_day(foods: Iterable[BoneSnapshot], supplements: Iterable[BoneSnapshot]) -> BoneDay:
    """A day's calcium and vitamin D from its entries' own snapshots (unknowns counted apart)."""
    food_rows = [(item.calcium_ug, item.vitamin_d_ng) for item in foods]
    supplement_rows = [(item.calcium_ug, item.vitamin_d_ng) for item in supplements]
    return BoneDay(
        calcium=NutrientDay(
            Nutrient.CALCIUM,
            _part(row[0] for row in food_rows),
            _part(row[0] for row in supplement_rows),
        ),
        vitamin_d=NutrientDay(
            Nutrient.VITAMIN_D,
            _part(row[1] for row in food_rows),
            _part(row[1] for row in supplement_rows),
        ),
    )


def limit_line(limit: BoneLimit) -> Threshold:
    """The upper limit as a line: passed only above it (2,000 mg is not over 2,000 mg)."""
    return more_than(limit.amount)


def reference_line(reference: BoneReference) -> Threshold:
    """The reference as a line: reached at it."""
    return at_least(reference.amount)


def is_over_limit(day: NutrientDay, limit: BoneLimit) -> bool:
    """True when the known TOTAL (food and supplements) is above the upper limit."""
    return limit_line(limit).reached(day.total_amount)


# --- As the pages show it -------------------------------------------------------------------
# Whole mg of calcium and whole µg of vitamin D (IU in brackets), except where rounding would
# put a figure on the other side of the line beside it (display_mg_beside's one rule).

# Source: NIH_ODS_CALCIUM and NIH_ODS_VITAMIN_D: a UL is the most a day unlikely to cause
# harm; it counts food and supplements together, and does not apply to people taking these
# under medical supervision.
BONE_LIMIT_EFFECTS = (
    "The upper limit is the most a day, from food and supplements together, that is unlikely "
    "to cause harm in the general population; it does not apply to people taking {what} under "
    "a doctor’s supervision."
)


def display_amount(day: NutrientDay, reference: BoneReference, limit: BoneLimit) -> str:
    """The day's known total as shown beside the reference and the upper limit ("276")."""
    return display_mg_beside(day.total_amount, [reference_line(reference), limit_line(limit)])


def display_iu(ng: int) -> str:
    """Vitamin D in whole IU ("124 IU")."""
    return f"{_whole(ng_to_iu(ng)):,} IU"


def display_part(nutrient: Nutrient, stored: int) -> str:
    """A part (food, supplements) in whole mg or µg, with IU for vitamin D: "3 µg (124 IU)"."""
    shown = f"{_whole(Decimal(int(stored)).scaleb(-3)):,} {nutrient.unit}"
    if nutrient is Nutrient.VITAMIN_D:
        return f"{shown} ({display_iu(stored)})"
    return shown


def _known_of(part: NutrientPart, noun: str, nouns: str) -> str:
    if part.known == part.items:
        return f"{plural(part.items, 'the', 'all')} {counted(part.items, noun, nouns)}"
    return f"{part.known:,} of {counted(part.items, noun, nouns)}"


def coverage_text(nutrient: Nutrient, food: NutrientPart, supplements: NutrientPart) -> str:
    """ "Vitamin D known for 6 of 9 foods and the 1 supplement" ("" with nothing logged)."""
    parts = []
    if food.items:
        parts.append(_known_of(food, "food", "foods"))
    if supplements.items:
        parts.append(_known_of(supplements, "supplement", "supplements"))
    if not parts:
        return ""
    return f"{nutrient.label} known for {' and '.join(parts)}"


def limit_caution(day: NutrientDay, limit: BoneLimit, shown: str) -> Caution:
    """The caution when a day's known total passes its upper limit: general words, no advice."""
    what = "calcium" if day.nutrient is Nutrient.CALCIUM else "vitamin D"
    iu = f" ({display_iu(day.known_total)})" if day.nutrient is Nutrient.VITAMIN_D else ""
    group = limit.group_label[:1].lower() + limit.group_label[1:]
    limit_words = amount_words(day.nutrient, limit.amount)
    return Caution(
        key=f"{day.nutrient.value.replace('_', '-')}-upper-limit",
        title=f"Above the upper limit for {what}",
        message=(
            f"The {what} logged on this day, from food and supplements together, comes to "
            f"{shown} {day.nutrient.unit}{iu}, above the general upper limit of {limit_words} "
            f"a day for {group}. {BONE_LIMIT_EFFECTS.format(what=what)} {ASK_PROVIDER}"
        ),
        source=limit.source,
    )


@dataclass(frozen=True)
class NutrientFigures:
    """One nutrient of the day as the pages show it, every figure rounded here."""

    nutrient: Nutrient
    total_text: str  # "276": whole mg or µg unless a line beside it needs a decimal
    iu_text: str  # "124 IU" for vitamin D, "" for calcium
    food_text: str  # "276 mg", "3 µg (124 IU)"
    supplements_text: str
    reference: BoneReference
    limit: BoneLimit
    percent: int  # of the reference, whole; the bar's value
    bar_value: int  # the known total in whole display units, capped at the reference
    coverage: str  # "Vitamin D known for 6 of 9 foods and the 1 supplement"
    has_unknown: bool
    caution: Caution | None

    @property
    def bar_text(self) -> str:
        """The bar's text equivalent: "Calcium 276 of 1,000 mg, 28%"."""
        iu = f" ({self.iu_text})" if self.iu_text else ""
        return (
            f"{self.nutrient.label} {self.total_text} {self.nutrient.unit}{iu} of "
            f"{amount_words(self.nutrient, self.reference.amount)}, {self.percent}%"
        )


def nutrient_figures(
    day: NutrientDay, reference: BoneReference, limit: BoneLimit
) -> NutrientFigures:
    """A nutrient's day figures against its reference and upper limit, with the caution."""
    total_text = display_amount(day, reference, limit)
    whole_total = _whole(day.total_amount)
    with localcontext() as context:
        context.prec = _CONTEXT_PREC
        percent = _whole(day.total_amount * 100 / reference.amount)
    return NutrientFigures(
        nutrient=day.nutrient,
        total_text=total_text,
        iu_text=display_iu(day.known_total) if day.nutrient is Nutrient.VITAMIN_D else "",
        food_text=display_part(day.nutrient, day.food.known_total),
        supplements_text=display_part(day.nutrient, day.supplements.known_total),
        reference=reference,
        limit=limit,
        percent=percent,
        bar_value=min(whole_total, reference.amount),
        coverage=coverage_text(day.nutrient, day.food, day.supplements),
        has_unknown=bool(day.food.unknown or day.supplements.unknown),
        caution=limit_caution(day, limit, total_text) if is_over_limit(day, limit) else None,
    )


# --- A week, a month, a report: daily averages over the logged days -------------------------


@dataclass(frozen=True)
class NutrientAverage:
    """One nutrient's daily average over the logged days, with how much of it is known."""

    nutrient: Nutrient
    logged_days: int
    average: Decimal | None  # mg of calcium or µg of vitamin D a day; None: nothing logged
    food: NutrientPart  # summed over the period's entries
    supplements: NutrientPart
    days_with_unknown: int
    # Days whose known total passed that day's upper limit (food and supplements together).
    days_over_limit: int = 0

    @property
    def over_limit_text(self) -> str:
        """ "On 2 days the calcium logged, from food and supplements together, passed the
        general upper limit for total intake." ("" when on none): calm, no advice."""
        if not self.days_over_limit:
            return ""
        days = counted(self.days_over_limit, "day")
        what = "calcium" if self.nutrient is Nutrient.CALCIUM else "vitamin D"
        return (
            f"On {days} the {what} logged, from food and supplements together, passed the "
            f"general upper limit for total intake. {ASK_PROVIDER}"
        )

    @property
    def average_text(self) -> str:
        """ "812 mg", "4 µg (160 IU)"; "" when nothing was logged."""
        if self.average is None:
            return ""
        return display_part(self.nutrient, _whole(self.average * 1000))

    @property
    def average_number(self) -> str:
        """The average alone in whole mg or µg ("812"), for tables and files."""
        return "" if self.average is None else f"{_whole(self.average):,}"

    @property
    def coverage(self) -> str:
        """ "Vitamin D known for 20 of 31 foods and the 1 supplement"."""
        return coverage_text(self.nutrient, self.food, self.supplements)


def _add(parts: Iterable[NutrientPart]) -> NutrientPart:
    known_total = known = items = 0
    for part in parts:
        known_total += part.known_total
        known += part.known
        items += part.items
    return NutrientPart(known_total, known, items)


def nutrient_average(
    nutrient: Nutrient, days: Iterable[NutrientDay], limits: Iterable[BoneLimit] = ()
) -> NutrientAverage:
    """The daily average of a nutrient's known totals over logged days (each day given is one);
    `limits`, one a day in the same order, count the days over the upper limit."""
    logged = list(days)
    over = sum(1 for day, limit in zip(logged, limits, strict=False) if is_over_limit(day, limit))
    average = None
    if logged:
        with localcontext() as context:
            context.prec = _CONTEXT_PREC
            average = Decimal(sum(day.known_total for day in logged)).scaleb(-3) / len(logged)
    return NutrientAverage(
        nutrient=nutrient,
        logged_days=len(logged),
        average=average,
        food=_add(day.food for day in logged),
        supplements=_add(day.supplements for day in logged),
        days_with_unknown=sum(1 for day in logged if day.food.unknown or day.supplements.unknown),
        days_over_limit=over,
    )


@dataclass(frozen=True)
class BonePeriod:
    calcium: NutrientAverage
    vitamin_d: NutrientAverage

    @property
    def nutrients(self) -> tuple[NutrientAverage, NutrientAverage]:
        """Calcium, then vitamin D."""
        return (self.calcium, self.vitamin_d)


def bone_period(days: Mapping[date, BoneDay], profile: Profile | None = None) -> BonePeriod:
    """Calcium and vitamin D daily averages over the logged days given, and the days over
    each day's upper limit for the profile (its age on that day)."""
    logged = sorted(days.items())

    def average(nutrient: Nutrient) -> NutrientAverage:
        return nutrient_average(
            nutrient,
            (day.calcium if nutrient is Nutrient.CALCIUM else day.vitamin_d for _, day in logged),
            (bone_upper_limit(nutrient, profile, on) for on, _ in logged),
        )

    return BonePeriod(calcium=average(Nutrient.CALCIUM), vitamin_d=average(Nutrient.VITAMIN_D))
