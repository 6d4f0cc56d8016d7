"""Reference intakes for magnesium: RDA/AI, the supplemental upper limit and the FDA Daily Value.

Every number here is general guidance from a public fact sheet and is shown with its source.
The tables are defined once and everything else (the day page, the guidance page, reports)
reads them from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


@dataclass(frozen=True)
class Source:
    """Where a reference value or a caution comes from."""

    name: str
    url: str
    detail: str = ""


NIH_ODS = Source(
    name="NIH Office of Dietary Supplements",
    url="https://ods.od.nih.gov/factsheets/Magnesium-HealthProfessional/",
    detail=(
        "Magnesium fact sheet for health professionals; values from the Institute of "
        "Medicine (Food and Nutrition Board) Dietary Reference Intakes, 1997"
    ),
)

FDA_DV = Source(
    name="US FDA Daily Values",
    url="https://www.fda.gov/food/nutrition-facts-label/daily-value-nutrition-and-supplement-facts-labels",
    detail="Daily Values from the 2016 Nutrition Facts and Supplement Facts labeling rule",
)

# The article the project's bone and supplement-form content follows (see
# docs/magnesium-facts.md, "Magnesium and bone" and "Supplement forms").
BONE_ARTICLE = Source(
    name="“Can You Take Magnesium with Osteoporosis? A Guide to Bone Health”",
    url="https://wis.it.com/can-you-take-magnesium-with-osteoporosis",
    detail="an article on magnesium, osteoporosis and supplement forms",
)


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class ReproductiveStatus(StrEnum):
    NONE = "none"
    PREGNANT = "pregnant"
    BREASTFEEDING = "breastfeeding"


class IntakeKind(StrEnum):
    RDA = "RDA"  # Recommended Dietary Allowance
    AI = "AI"  # Adequate Intake (infants: not enough evidence for an RDA)
    DV = "DV"  # FDA Daily Value, used when the profile is too incomplete for a life stage


MONTHS_PER_YEAR = 12


def age_in_months(birth_year: int, birth_month: int, on: date) -> int:
    """Whole months of age on a date: 0 during the birth month, 12 when it first comes round."""
    if not 1 <= birth_month <= MONTHS_PER_YEAR:
        raise ValueError(f"birth month must be 1-12, not {birth_month}")
    months = (on.year - birth_year) * MONTHS_PER_YEAR + (on.month - birth_month)
    if months < 0:
        raise ValueError("the birth month is after the date")
    return months


@dataclass(frozen=True)
class Profile:
    """What the reference values depend on; any part may be unknown."""

    birth_year: int | None
    birth_month: int | None
    sex: Sex | None
    reproductive_status: ReproductiveStatus = ReproductiveStatus.NONE

    def __post_init__(self) -> None:
        if self.birth_month is not None and not 1 <= self.birth_month <= MONTHS_PER_YEAR:
            raise ValueError(f"birth month must be 1-12, not {self.birth_month}")
        # Stored values arrive as plain strings; coercing here keeps comparisons exact and
        # rejects unknown values early (ValueError).
        if self.sex is not None:
            object.__setattr__(self, "sex", Sex(self.sex))
        object.__setattr__(
            self, "reproductive_status", ReproductiveStatus(self.reproductive_status or "none")
        )

    @property
    def is_complete(self) -> bool:
        """True when birth year, birth month and sex are all set."""
        return self.birth_year is not None and self.birth_month is not None and self.sex is not None

    def age_in_months(self, on: date) -> int | None:
        """Age in whole months on a date, or None when unknown or the birth is after the date."""
        if self.birth_year is None or self.birth_month is None:
            return None
        try:
            return age_in_months(self.birth_year, self.birth_month, on)
        except ValueError:
            # A diary day before the birth month has no life stage; fall back to general values.
            return None


# --- Recommended intake (RDA; AI for infants) --------------------------------------------------
# Source: NIH_ODS (Magnesium fact sheet, table 1), IOM Dietary Reference Intakes 1997.
# mg per day, total from food + supplements.


@dataclass(frozen=True)
class LifeStage:
    """One row of the RDA/AI table."""

    age_label: str  # as the table prints it, e.g. "14–18 years"
    from_months: int  # inclusive
    to_months: int | None  # inclusive; None = no upper bound
    kind: IntakeKind
    male_mg: int
    female_mg: int
    pregnancy_mg: int | None  # None = the table has no pregnancy value for this age
    lactation_mg: int | None
    male_label: str
    female_label: str
    short_age: str  # used in "Pregnancy, 14–18"

    def contains(self, months: int) -> bool:
        """True when an age in months falls in this life stage."""
        return months >= self.from_months and (self.to_months is None or months <= self.to_months)

    @property
    def differs_by_sex(self) -> bool:
        """True when men and women have different values in this row."""
        return self.male_mg != self.female_mg or self.male_label != self.female_label


def _years(n: int) -> int:
    return n * MONTHS_PER_YEAR


def _children(age: str) -> dict[str, str]:
    return {"male_label": f"Children {age}", "female_label": f"Children {age}", "short_age": age}


# Source: NIH_ODS, Table 1 "Recommended Dietary Allowances (RDAs) for Magnesium" (IOM 1997).
LIFE_STAGES: tuple[LifeStage, ...] = (
    LifeStage(
        age_label="0–6 months",
        from_months=0,
        to_months=6,
        kind=IntakeKind.AI,
        male_mg=30,  # NIH_ODS, AI
        female_mg=30,  # NIH_ODS, AI
        pregnancy_mg=None,
        lactation_mg=None,
        male_label="Infants 0–6 months",
        female_label="Infants 0–6 months",
        short_age="0–6 months",
    ),
    LifeStage(
        age_label="7–12 months",
        from_months=7,
        to_months=11,  # at 12 months the child is 1 year old and moves to the 1–3 row
        kind=IntakeKind.AI,
        male_mg=75,  # NIH_ODS, AI
        female_mg=75,  # NIH_ODS, AI
        pregnancy_mg=None,
        lactation_mg=None,
        male_label="Infants 7–12 months",
        female_label="Infants 7–12 months",
        short_age="7–12 months",
    ),
    LifeStage(
        age_label="1–3 years",
        from_months=_years(1),
        to_months=_years(4) - 1,
        kind=IntakeKind.RDA,
        male_mg=80,  # NIH_ODS
        female_mg=80,  # NIH_ODS
        pregnancy_mg=None,
        lactation_mg=None,
        **_children("1–3"),
    ),
    LifeStage(
        age_label="4–8 years",
        from_months=_years(4),
        to_months=_years(9) - 1,
        kind=IntakeKind.RDA,
        male_mg=130,  # NIH_ODS
        female_mg=130,  # NIH_ODS
        pregnancy_mg=None,
        lactation_mg=None,
        **_children("4–8"),
    ),
    LifeStage(
        age_label="9–13 years",
        from_months=_years(9),
        to_months=_years(14) - 1,
        kind=IntakeKind.RDA,
        male_mg=240,  # NIH_ODS
        female_mg=240,  # NIH_ODS
        pregnancy_mg=None,
        lactation_mg=None,
        **_children("9–13"),
    ),
    LifeStage(
        age_label="14–18 years",
        from_months=_years(14),
        to_months=_years(19) - 1,
        kind=IntakeKind.RDA,
        male_mg=410,  # NIH_ODS
        female_mg=360,  # NIH_ODS
        pregnancy_mg=400,  # NIH_ODS
        lactation_mg=360,  # NIH_ODS
        male_label="Boys 14–18",
        female_label="Girls 14–18",
        short_age="14–18",
    ),
    LifeStage(
        age_label="19–30 years",
        from_months=_years(19),
        to_months=_years(31) - 1,
        kind=IntakeKind.RDA,
        male_mg=400,  # NIH_ODS
        female_mg=310,  # NIH_ODS
        pregnancy_mg=350,  # NIH_ODS
        lactation_mg=310,  # NIH_ODS
        male_label="Men 19–30",
        female_label="Women 19–30",
        short_age="19–30",
    ),
    LifeStage(
        age_label="31–50 years",
        from_months=_years(31),
        to_months=_years(51) - 1,
        kind=IntakeKind.RDA,
        male_mg=420,  # NIH_ODS
        female_mg=320,  # NIH_ODS
        pregnancy_mg=360,  # NIH_ODS
        lactation_mg=320,  # NIH_ODS
        male_label="Men 31–50",
        female_label="Women 31–50",
        short_age="31–50",
    ),
    LifeStage(
        age_label="51 years and older",
        from_months=_years(51),
        to_months=None,
        kind=IntakeKind.RDA,
        male_mg=420,  # NIH_ODS
        female_mg=320,  # NIH_ODS
        pregnancy_mg=None,
        lactation_mg=None,
        male_label="Men 51 and older",
        female_label="Women 51 and older",
        short_age="51 and older",
    ),
)

# The guidance page renders the table from the very rows the lookups use.
RDA_TABLE_ROWS: tuple[LifeStage, ...] = LIFE_STAGES
RDA_SOURCE = NIH_ODS


def life_stage_for(months: int) -> LifeStage:
    """The RDA/AI row for an age in whole months."""
    if months < 0:
        raise ValueError("age can't be negative")
    for stage in LIFE_STAGES:
        if stage.contains(months):
            return stage
    raise AssertionError("LIFE_STAGES must cover every age")  # pragma: no cover


# --- FDA Daily Values ---------------------------------------------------------------------------
# Source: FDA_DV (2016 labeling rule; the table of Reference Daily Intakes, 21 CFR 101.9(c)(8)(iv)).
DV_ADULT_MG = 420  # FDA_DV: adults and children 4 years and older
DV_CHILD_1_3_MG = 80  # FDA_DV: children 1-3 years
DV_INFANT_MG = 75  # FDA_DV: infants through 12 months
DV_PREGNANCY_LACTATION_MG = 400  # FDA_DV: pregnant and lactating women
DV_FALLBACK_LABEL = "General adult Daily Value"
DV_PREGNANCY_LACTATION_LABEL = "Daily Value in pregnancy and breastfeeding"


@dataclass(frozen=True)
class ReferenceIntake:
    """The daily total (food + supplements) a profile is compared with."""

    mg: int
    kind: IntakeKind
    group_label: str
    source: Source

    @property
    def description(self) -> str:
        """E.g. "Women 51 and older: 320 mg a day (NIH Office of Dietary Supplements)"."""
        return f"{self.group_label}: {self.mg:,} mg a day ({self.source.name})"

    @property
    def is_daily_value(self) -> bool:
        """True when this is an FDA Daily Value used for want of a life stage, not an RDA/AI."""
        return self.kind is IntakeKind.DV


GENERAL_ADULT_DV = ReferenceIntake(
    mg=DV_ADULT_MG, kind=IntakeKind.DV, group_label=DV_FALLBACK_LABEL, source=FDA_DV
)
PREGNANCY_LACTATION_DV = ReferenceIntake(
    mg=DV_PREGNANCY_LACTATION_MG,
    kind=IntakeKind.DV,
    group_label=DV_PREGNANCY_LACTATION_LABEL,
    source=FDA_DV,
)


def _daily_value_fallback(profile: Profile | None) -> ReferenceIntake:
    # The FDA has a Daily Value for pregnancy and lactation (400 mg): a woman marked pregnant
    # or breastfeeding without a birth date is compared with it, not with the adult 420 mg.
    if profile is not None and profile.reproductive_status is not ReproductiveStatus.NONE:
        return PREGNANCY_LACTATION_DV
    return GENERAL_ADULT_DV


# Pregnancy and lactation values exist only where the table has them (ages 14-50). Outside
# that range the age/sex row applies: a 13-year-old marked pregnant gets the 9-13 row and a
# 52-year-old marked breastfeeding the 51+ row, because the source gives nothing else.


def _reproductive_value(stage: LifeStage, status: ReproductiveStatus) -> tuple[int, str] | None:
    if status is ReproductiveStatus.PREGNANT and stage.pregnancy_mg is not None:
        return stage.pregnancy_mg, f"Pregnancy, {stage.short_age}"
    if status is ReproductiveStatus.BREASTFEEDING and stage.lactation_mg is not None:
        return stage.lactation_mg, f"Breastfeeding, {stage.short_age}"
    return None


def reference_intake(profile: Profile | None, on: date) -> ReferenceIntake:
    """The RDA/AI for the profile's life stage on a date, or else the FDA Daily Value.

    The fallback (no birth date, or no sex where the row differs by sex) is the general adult
    Daily Value of 420 mg, or 400 mg for a woman marked pregnant or breastfeeding.
    """
    if profile is None:
        return GENERAL_ADULT_DV
    months = profile.age_in_months(on)
    if months is None:
        return _daily_value_fallback(profile)
    stage = life_stage_for(months)
    # The pregnancy and lactation columns do not depend on the sex field, so they apply
    # whenever the user has marked the status and the table has a value for the age.
    reproductive = _reproductive_value(stage, profile.reproductive_status)
    if reproductive is not None:
        mg, label = reproductive
        return ReferenceIntake(mg=mg, kind=stage.kind, group_label=label, source=RDA_SOURCE)
    sex = profile.sex
    if sex is None and profile.reproductive_status is not ReproductiveStatus.NONE:
        # Pregnancy and breastfeeding are marked only for women (the profile form refuses
        # them with sex "male"), so outside the table's pregnancy ages the women's row applies.
        sex = Sex.FEMALE
    if sex is None:
        if stage.differs_by_sex:
            # Guessing a sex would be wrong half the time; the DV is the neutral label value.
            return GENERAL_ADULT_DV
        return ReferenceIntake(
            mg=stage.male_mg, kind=stage.kind, group_label=stage.male_label, source=RDA_SOURCE
        )
    if sex is Sex.MALE:
        mg, label = stage.male_mg, stage.male_label
    else:
        mg, label = stage.female_mg, stage.female_label
    return ReferenceIntake(mg=mg, kind=stage.kind, group_label=label, source=RDA_SOURCE)


def missing_for_life_stage(profile: Profile | None, on: date) -> tuple[str, ...]:
    """What the profile would need for a life stage on a date, when the Daily Value is used.

    Empty when reference_intake gives an RDA/AI: a child's row needs no sex, nor does
    pregnancy; "sex" only where the row differs by sex.
    """
    if not reference_intake(profile, on).is_daily_value:
        return ()
    if profile is None or profile.age_in_months(on) is None:
        birth = ("year and month of birth",)
        needs_sex = profile is None or (
            profile.sex is None and profile.reproductive_status is ReproductiveStatus.NONE
        )
        return (*birth, "sex") if needs_sex else birth
    return ("sex",)


def daily_value_mg(profile: Profile | None, on: date) -> int:
    """FDA Daily Value: 75 infants, 80 ages 1-3, 400 pregnancy or lactation, otherwise 420."""
    months = profile.age_in_months(on) if profile is not None else None
    if months is not None and months < _years(1):
        return DV_INFANT_MG
    if months is not None and months < _years(4):
        return DV_CHILD_1_3_MG
    if profile is not None and profile.reproductive_status is not ReproductiveStatus.NONE:
        return DV_PREGNANCY_LACTATION_MG
    return DV_ADULT_MG


# --- Tolerable Upper Intake Level ---------------------------------------------------------------
# Source: NIH_ODS, Table 3 "Tolerable Upper Intake Levels (ULs) for Supplemental Magnesium"
# (IOM 1997). Applies to magnesium from supplements and medicines only, never to food.


@dataclass(frozen=True)
class UpperLimitStage:
    """One row of the UL table."""

    age_label: str  # as the table prints it
    group_label: str  # plain words used in the day's caution
    from_months: int
    to_months: int | None  # inclusive; None = no upper bound
    mg: int | None  # None = not established

    def contains(self, months: int) -> bool:
        """True when an age in months falls in this row."""
        return months >= self.from_months and (self.to_months is None or months <= self.to_months)


UL_ADULT_MG = 350  # NIH_ODS: 9 years and older, the same in pregnancy and lactation

UL_TABLE_ROWS: tuple[UpperLimitStage, ...] = (
    UpperLimitStage(
        age_label="0–12 months",
        group_label="Infants under 12 months",
        from_months=0,
        to_months=_years(1) - 1,
        mg=None,  # NIH_ODS: not established; magnesium from breast milk, formula and food only
    ),
    UpperLimitStage(
        age_label="1–3 years",
        group_label="Children 1–3",
        from_months=_years(1),
        to_months=_years(4) - 1,
        mg=65,  # NIH_ODS
    ),
    UpperLimitStage(
        age_label="4–8 years",
        group_label="Children 4–8",
        from_months=_years(4),
        to_months=_years(9) - 1,
        mg=110,  # NIH_ODS
    ),
    UpperLimitStage(
        age_label="9 years and older (pregnancy and breastfeeding too)",
        group_label="Ages 9 and older",
        from_months=_years(9),
        to_months=None,
        mg=UL_ADULT_MG,
    ),
)
UL_SOURCE = NIH_ODS
UL_ADULT_DEFAULT_LABEL = "Adults (general value)"


@dataclass(frozen=True)
class UpperLimit:
    """The most supplemental magnesium a day (supplements + medicines, not food)."""

    mg: int | None  # None = not established (under 1 year)
    group_label: str
    source: Source
    is_adult_default: bool = False

    @property
    def description(self) -> str:
        """E.g. "Ages 9 and older: 350 mg a day from supplements and medicines (NIH ...)"."""
        if self.mg is None:
            return (
                f"{self.group_label}: no upper limit established; magnesium from breast milk, "
                f"formula and food only ({self.source.name})"
            )
        return (
            f"{self.group_label}: {self.mg:,} mg a day from supplements and medicines "
            f"({self.source.name})"
        )


def upper_limit(profile: Profile | None, on: date) -> UpperLimit:
    """The UL for supplemental magnesium (supplements and medicines only, never food).

    Magnesium naturally in food and water is not counted against it. Ages 1-3: 65 mg,
    4-8: 110 mg, 9 and older (pregnancy and lactation too): 350 mg; under 1 year: not
    established (mg None). Unknown age: the adult 350 mg, marked is_adult_default.
    """
    months = profile.age_in_months(on) if profile is not None else None
    if months is None:
        return UpperLimit(
            mg=UL_ADULT_MG,
            group_label=UL_ADULT_DEFAULT_LABEL,
            source=UL_SOURCE,
            is_adult_default=True,
        )
    for row in UL_TABLE_ROWS:
        if row.contains(months):
            return UpperLimit(mg=row.mg, group_label=row.group_label, source=UL_SOURCE)
    raise AssertionError("UL_TABLE_ROWS must cover every age")  # pragma: no cover
