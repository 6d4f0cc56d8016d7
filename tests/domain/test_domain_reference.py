"""Reference intakes: life stages, pregnancy and lactation, the DV fallback and the UL."""

from datetime import date
from itertools import pairwise

import pytest

from tracker.domain.reference import (
    FDA_DV,
    NIH_ODS,
    RDA_TABLE_ROWS,
    UL_TABLE_ROWS,
    IntakeKind,
    Profile,
    ReproductiveStatus,
    Sex,
    age_in_months,
    daily_value_mg,
    reference_intake,
    upper_limit,
)

ON = date(2025, 6, 15)


def born_months_ago(months: int, on: date = ON) -> tuple[int, int]:
    """(birth_year, birth_month) for someone exactly `months` old on `on`."""
    index = on.year * 12 + (on.month - 1) - months
    return index // 12, index % 12 + 1


def profile(
    months: int,
    sex: Sex | None,
    status: ReproductiveStatus = ReproductiveStatus.NONE,
) -> Profile:
    year, month = born_months_ago(months)
    return Profile(birth_year=year, birth_month=month, sex=sex, reproductive_status=status)


def years(n: int, plus_months: int = 0) -> int:
    return n * 12 + plus_months


# --- age_in_months ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth_year", "birth_month", "on", "expected"),
    [
        (2025, 6, date(2025, 6, 1), 0),
        (2025, 6, date(2025, 6, 30), 0),
        (2025, 5, date(2025, 6, 1), 1),
        (2024, 6, date(2025, 5, 31), 11),
        (2024, 6, date(2025, 6, 1), 12),
        (2024, 12, date(2025, 1, 1), 1),
        (1975, 3, date(2025, 2, 28), years(49, 11)),
        (1975, 3, date(2025, 3, 1), years(50)),
    ],
)
def test_age_in_months(birth_year, birth_month, on, expected):
    assert age_in_months(birth_year, birth_month, on) == expected


@pytest.mark.parametrize(
    ("birth_year", "birth_month"), [(2025, 7), (2026, 1), (2000, 0), (2000, 13)]
)
def test_age_in_months_rejects_future_or_bad_month(birth_year, birth_month):
    with pytest.raises(ValueError):
        age_in_months(birth_year, birth_month, ON)


def test_born_months_ago_helper_is_right():
    for months in (0, 5, 6, 11, 12, 13, 600):
        assert age_in_months(*born_months_ago(months), ON) == months


def test_profile_rejects_bad_birth_month():
    with pytest.raises(ValueError):
        Profile(birth_year=1990, birth_month=13, sex=Sex.FEMALE)


@pytest.mark.parametrize(
    ("birth_year", "birth_month", "sex", "complete"),
    [
        (1990, 5, Sex.FEMALE, True),
        (1990, 5, Sex.MALE, True),
        (None, 5, Sex.FEMALE, False),
        (1990, None, Sex.FEMALE, False),
        (1990, 5, None, False),
        (None, None, None, False),
    ],
)
def test_profile_is_complete(birth_year, birth_month, sex, complete):
    assert Profile(birth_year, birth_month, sex).is_complete is complete


# --- RDA / AI by life stage ---------------------------------------------------------------------

LIFE_STAGE_BOUNDARIES = [
    # (age in months, male mg, female mg, male label, female label, kind)
    (0, 30, 30, "Infants 0–6 months", "Infants 0–6 months", IntakeKind.AI),
    (6, 30, 30, "Infants 0–6 months", "Infants 0–6 months", IntakeKind.AI),
    (7, 75, 75, "Infants 7–12 months", "Infants 7–12 months", IntakeKind.AI),
    (11, 75, 75, "Infants 7–12 months", "Infants 7–12 months", IntakeKind.AI),
    (12, 80, 80, "Children 1–3", "Children 1–3", IntakeKind.RDA),
    (years(3, 11), 80, 80, "Children 1–3", "Children 1–3", IntakeKind.RDA),
    (years(4), 130, 130, "Children 4–8", "Children 4–8", IntakeKind.RDA),
    (years(8, 11), 130, 130, "Children 4–8", "Children 4–8", IntakeKind.RDA),
    (years(9), 240, 240, "Children 9–13", "Children 9–13", IntakeKind.RDA),
    (years(13, 11), 240, 240, "Children 9–13", "Children 9–13", IntakeKind.RDA),
    (years(14), 410, 360, "Boys 14–18", "Girls 14–18", IntakeKind.RDA),
    (years(18, 11), 410, 360, "Boys 14–18", "Girls 14–18", IntakeKind.RDA),
    (years(19), 400, 310, "Men 19–30", "Women 19–30", IntakeKind.RDA),
    (years(30, 11), 400, 310, "Men 19–30", "Women 19–30", IntakeKind.RDA),
    (years(31), 420, 320, "Men 31–50", "Women 31–50", IntakeKind.RDA),
    (years(50, 11), 420, 320, "Men 31–50", "Women 31–50", IntakeKind.RDA),
    (years(51), 420, 320, "Men 51 and older", "Women 51 and older", IntakeKind.RDA),
    (years(95), 420, 320, "Men 51 and older", "Women 51 and older", IntakeKind.RDA),
]


@pytest.mark.parametrize(
    ("months", "male_mg", "female_mg", "male_label", "female_label", "kind"),
    LIFE_STAGE_BOUNDARIES,
)
def test_life_stage_boundaries_for_both_sexes(
    months, male_mg, female_mg, male_label, female_label, kind
):
    male = reference_intake(profile(months, Sex.MALE), ON)
    female = reference_intake(profile(months, Sex.FEMALE), ON)
    assert (male.mg, male.group_label, male.kind, male.source) == (
        male_mg,
        male_label,
        kind,
        NIH_ODS,
    )
    assert (female.mg, female.group_label, female.kind, female.source) == (
        female_mg,
        female_label,
        kind,
        NIH_ODS,
    )


@pytest.mark.parametrize(
    ("months", "status", "expected_mg", "expected_label"),
    [
        (years(14), ReproductiveStatus.PREGNANT, 400, "Pregnancy, 14–18"),
        (years(18, 11), ReproductiveStatus.PREGNANT, 400, "Pregnancy, 14–18"),
        (years(19), ReproductiveStatus.PREGNANT, 350, "Pregnancy, 19–30"),
        (years(30, 11), ReproductiveStatus.PREGNANT, 350, "Pregnancy, 19–30"),
        (years(31), ReproductiveStatus.PREGNANT, 360, "Pregnancy, 31–50"),
        (years(50, 11), ReproductiveStatus.PREGNANT, 360, "Pregnancy, 31–50"),
        (years(14), ReproductiveStatus.BREASTFEEDING, 360, "Breastfeeding, 14–18"),
        (years(18, 11), ReproductiveStatus.BREASTFEEDING, 360, "Breastfeeding, 14–18"),
        (years(19), ReproductiveStatus.BREASTFEEDING, 310, "Breastfeeding, 19–30"),
        (years(30, 11), ReproductiveStatus.BREASTFEEDING, 310, "Breastfeeding, 19–30"),
        (years(31), ReproductiveStatus.BREASTFEEDING, 320, "Breastfeeding, 31–50"),
        (years(50, 11), ReproductiveStatus.BREASTFEEDING, 320, "Breastfeeding, 31–50"),
    ],
)
def test_pregnancy_and_lactation_rows(months, status, expected_mg, expected_label):
    intake = reference_intake(profile(months, Sex.FEMALE, status), ON)
    assert (intake.mg, intake.group_label, intake.kind, intake.source) == (
        expected_mg,
        expected_label,
        IntakeKind.RDA,
        NIH_ODS,
    )


@pytest.mark.parametrize(
    ("months", "status", "expected_mg", "expected_label"),
    [
        # Outside 14-50 the table has no pregnancy/lactation value: the age/sex row applies.
        (years(13, 11), ReproductiveStatus.PREGNANT, 240, "Children 9–13"),
        (years(13), ReproductiveStatus.BREASTFEEDING, 240, "Children 9–13"),
        (years(51), ReproductiveStatus.PREGNANT, 320, "Women 51 and older"),
        (years(52), ReproductiveStatus.BREASTFEEDING, 320, "Women 51 and older"),
    ],
)
def test_pregnancy_outside_the_table_uses_the_sex_row(months, status, expected_mg, expected_label):
    intake = reference_intake(profile(months, Sex.FEMALE, status), ON)
    assert (intake.mg, intake.group_label) == (expected_mg, expected_label)


@pytest.mark.parametrize("sex", [Sex.MALE, None])
def test_pregnancy_row_does_not_depend_on_the_sex_field(sex):
    intake = reference_intake(profile(years(25), sex, ReproductiveStatus.PREGNANT), ON)
    assert (intake.mg, intake.group_label) == (350, "Pregnancy, 19–30")


def _is_general_dv(intake) -> bool:
    return (intake.mg, intake.kind, intake.group_label, intake.source) == (
        420,
        IntakeKind.DV,
        "General adult Daily Value",
        FDA_DV,
    )


@pytest.mark.parametrize(
    "incomplete",
    [
        None,
        Profile(birth_year=None, birth_month=None, sex=None),
        Profile(birth_year=None, birth_month=None, sex=Sex.FEMALE),
        Profile(birth_year=1990, birth_month=None, sex=Sex.MALE),
        Profile(birth_year=None, birth_month=4, sex=Sex.MALE),
        Profile(birth_year=1990, birth_month=4, sex=None),
        Profile(birth_year=2010, birth_month=1, sex=None),  # 15: the row differs by sex
        Profile(birth_year=2030, birth_month=1, sex=Sex.FEMALE),  # birth after the date
    ],
)
def test_incomplete_profile_falls_back_to_the_adult_daily_value(incomplete):
    assert _is_general_dv(reference_intake(incomplete, ON))


@pytest.mark.parametrize("status", ["pregnant", "breastfeeding"])
@pytest.mark.parametrize("sex", [Sex.FEMALE, None])
def test_pregnancy_without_a_birth_date_falls_back_to_the_pregnancy_daily_value(status, sex):
    # FDA: 400 mg in pregnancy and lactation, not the adult 420 mg.
    intake = reference_intake(Profile(None, None, sex, status), ON)
    assert (intake.mg, intake.kind, intake.group_label, intake.source) == (
        400,
        IntakeKind.DV,
        "Daily Value in pregnancy and breastfeeding",
        FDA_DV,
    )
    assert intake.is_daily_value


@pytest.mark.parametrize(
    ("months", "status", "expected_mg", "expected_label"),
    [
        # Pregnancy is marked only for women, so with sex unset the women's row applies
        # where the table has no pregnancy value; no Daily Value is needed.
        (years(52), ReproductiveStatus.BREASTFEEDING, 320, "Women 51 and older"),
        (years(25), ReproductiveStatus.PREGNANT, 350, "Pregnancy, 19–30"),
        (years(15), ReproductiveStatus.BREASTFEEDING, 360, "Breastfeeding, 14–18"),
    ],
)
def test_pregnancy_with_sex_unset_uses_the_womens_values(
    months, status, expected_mg, expected_label
):
    intake = reference_intake(profile(months, None, status), ON)
    assert (intake.mg, intake.group_label, intake.is_daily_value) == (
        expected_mg,
        expected_label,
        False,
    )


@pytest.mark.parametrize(
    ("months", "expected_mg", "expected_label"),
    [
        (3, 30, "Infants 0–6 months"),
        (years(2), 80, "Children 1–3"),
        (years(6), 130, "Children 4–8"),
        (years(13, 11), 240, "Children 9–13"),
    ],
)
def test_missing_sex_is_fine_where_the_row_does_not_differ(months, expected_mg, expected_label):
    intake = reference_intake(profile(months, None), ON)
    assert (intake.mg, intake.group_label, intake.source) == (expected_mg, expected_label, NIH_ODS)


def test_descriptions():
    assert (
        reference_intake(profile(years(60), Sex.FEMALE), ON).description
        == "Women 51 and older: 320 mg a day (NIH Office of Dietary Supplements)"
    )
    assert (
        reference_intake(None, ON).description
        == "General adult Daily Value: 420 mg a day (US FDA Daily Values)"
    )


def test_rda_table_matches_the_facts_sheet():
    rows = [
        (r.age_label, r.kind, r.male_mg, r.female_mg, r.pregnancy_mg, r.lactation_mg)
        for r in RDA_TABLE_ROWS
    ]
    assert rows == [
        ("0–6 months", "AI", 30, 30, None, None),
        ("7–12 months", "AI", 75, 75, None, None),
        ("1–3 years", "RDA", 80, 80, None, None),
        ("4–8 years", "RDA", 130, 130, None, None),
        ("9–13 years", "RDA", 240, 240, None, None),
        ("14–18 years", "RDA", 410, 360, 400, 360),
        ("19–30 years", "RDA", 400, 310, 350, 310),
        ("31–50 years", "RDA", 420, 320, 360, 320),
        ("51 years and older", "RDA", 420, 320, None, None),
    ]


@pytest.mark.parametrize("table", [RDA_TABLE_ROWS, UL_TABLE_ROWS])
def test_tables_cover_every_age_without_gaps(table):
    assert table[0].from_months == 0
    for before, after in pairwise(table):
        assert after.from_months == before.to_months + 1
    assert table[-1].to_months is None


# --- Upper limit (supplemental magnesium only) --------------------------------------------------


@pytest.mark.parametrize(
    ("months", "expected_mg", "expected_label"),
    [
        (0, None, "Infants under 12 months"),
        (11, None, "Infants under 12 months"),
        (12, 65, "Children 1–3"),
        (years(3, 11), 65, "Children 1–3"),
        (years(4), 110, "Children 4–8"),
        (years(8, 11), 110, "Children 4–8"),
        (years(9), 350, "Ages 9 and older"),
        (years(40), 350, "Ages 9 and older"),
        (years(80), 350, "Ages 9 and older"),
    ],
)
@pytest.mark.parametrize("sex", [Sex.FEMALE, Sex.MALE, None])
def test_upper_limit_by_age(months, expected_mg, expected_label, sex):
    limit = upper_limit(profile(months, sex), ON)
    assert (limit.mg, limit.group_label, limit.source, limit.is_adult_default) == (
        expected_mg,
        expected_label,
        NIH_ODS,
        False,
    )


@pytest.mark.parametrize("status", list(ReproductiveStatus))
def test_upper_limit_is_the_same_in_pregnancy_and_lactation(status):
    assert upper_limit(profile(years(25), Sex.FEMALE, status), ON).mg == 350


@pytest.mark.parametrize(
    "unknown_age",
    [None, Profile(None, None, Sex.FEMALE), Profile(1990, None, None), Profile(2030, 1, None)],
)
def test_upper_limit_with_unknown_age_is_the_adult_default(unknown_age):
    limit = upper_limit(unknown_age, ON)
    assert (limit.mg, limit.is_adult_default, limit.source) == (350, True, NIH_ODS)


def test_upper_limit_descriptions():
    assert upper_limit(profile(years(40), Sex.MALE), ON).description == (
        "Ages 9 and older: 350 mg a day from supplements and medicines "
        "(NIH Office of Dietary Supplements)"
    )
    assert "no upper limit established" in upper_limit(profile(3, Sex.MALE), ON).description


def test_upper_limit_docstring_says_food_does_not_count():
    assert "never food" in upper_limit.__doc__


# --- FDA Daily Value ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected_mg"),
    [
        (None, 420),
        (Profile(None, None, None), 420),
        (profile(0, Sex.FEMALE), 75),
        (profile(11, Sex.MALE), 75),
        (profile(12, Sex.MALE), 80),
        (profile(years(3, 11), None), 80),
        (profile(years(4), Sex.FEMALE), 420),
        (profile(years(40), Sex.MALE), 420),
        (profile(years(30), Sex.FEMALE, ReproductiveStatus.PREGNANT), 400),
        (profile(years(30), Sex.FEMALE, ReproductiveStatus.BREASTFEEDING), 400),
        (Profile(None, None, Sex.FEMALE, ReproductiveStatus.PREGNANT), 400),
    ],
)
def test_daily_value(who, expected_mg):
    assert daily_value_mg(who, ON) == expected_mg


def test_profile_coerces_stored_strings():
    stored = Profile(birth_year=1990, birth_month=4, sex="female", reproductive_status="pregnant")
    assert stored.sex is Sex.FEMALE
    assert stored.reproductive_status is ReproductiveStatus.PREGNANT
    with pytest.raises(ValueError):
        Profile(birth_year=1990, birth_month=4, sex="unknown")
