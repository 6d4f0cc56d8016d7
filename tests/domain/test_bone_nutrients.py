"""Calcium and vitamin D: the IOM 2011 tables (NIH ODS) at their boundaries, exact snapshots,
the total-intake upper limit (food alone can pass it) and coverage counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from tracker.domain.bone_nutrients import (
    CALCIUM_DV_MG,
    Nutrient,
    VitaminDUnit,
    bone_day,
    bone_reference,
    bone_upper_limit,
    calcium_ug_for,
    nutrient_figures,
    parse_calcium_ug_per_unit,
    parse_vitamin_d_ng_per_unit,
    vitamin_d_ng_for,
)
from tracker.domain.reference import Profile, ReproductiveStatus, Sex
from tracker.domain.totals import QuantityError

ON = date(2026, 6, 1)
CA, VD = Nutrient.CALCIUM, Nutrient.VITAMIN_D


def aged(years: int, sex: Sex | None = Sex.FEMALE, status=ReproductiveStatus.NONE) -> Profile:
    """A profile exactly `years` old on ON (born in June)."""
    return Profile(ON.year - years, 6, sex, status)


@pytest.mark.parametrize(
    ("years", "sex", "calcium_mg", "vitamin_d_ug"),
    [
        (8, Sex.FEMALE, 1000, 15),
        (9, Sex.FEMALE, 1300, 15),
        (18, Sex.MALE, 1300, 15),
        (19, Sex.MALE, 1000, 15),
        (50, Sex.FEMALE, 1000, 15),
        (51, Sex.FEMALE, 1200, 15),
        (51, Sex.MALE, 1000, 15),
        (70, Sex.MALE, 1000, 15),
        (70, Sex.FEMALE, 1200, 15),
        (71, Sex.MALE, 1200, 20),
        (71, Sex.FEMALE, 1200, 20),
    ],
)
def test_reference_at_age_boundaries(years, sex, calcium_mg, vitamin_d_ug):
    assert bone_reference(CA, aged(years, sex), ON).amount == calcium_mg
    assert bone_reference(VD, aged(years, sex), ON).amount == vitamin_d_ug


@pytest.mark.parametrize(
    ("years", "calcium_ul", "vitamin_d_ul"),
    [(8, 2500, 75), (9, 3000, 100), (18, 3000, 100), (19, 2500, 100), (50, 2500, 100),
     (51, 2000, 100), (70, 2000, 100), (71, 2000, 100), (3, 2500, 63), (4, 2500, 75)],
)  # fmt: skip
def test_upper_limit_at_age_boundaries(years, calcium_ul, vitamin_d_ul):
    assert bone_upper_limit(CA, aged(years), ON).amount == calcium_ul
    assert bone_upper_limit(VD, aged(years), ON).amount == vitamin_d_ul


@pytest.mark.parametrize("status", [ReproductiveStatus.PREGNANT, ReproductiveStatus.BREASTFEEDING])
@pytest.mark.parametrize(
    ("years", "calcium_mg", "calcium_ul"), [(18, 1300, 3000), (19, 1000, 2500)]
)
def test_pregnancy_and_lactation(status, years, calcium_mg, calcium_ul):
    profile = aged(years, None, status)
    reference = bone_reference(CA, profile, ON)
    assert reference.amount == calcium_mg
    assert reference.group_label.startswith(
        "Pregnancy" if status == "pregnant" else "Breastfeeding"
    )
    assert bone_reference(VD, profile, ON).amount == 15
    assert bone_upper_limit(CA, profile, ON).amount == calcium_ul
    assert bone_upper_limit(VD, profile, ON).amount == 100


def test_infants_and_unknown_profiles():
    infant = Profile(ON.year, 1, None)  # 5 months
    assert bone_reference(CA, infant, ON).amount == 200
    assert bone_reference(VD, infant, ON).amount == 10
    assert bone_upper_limit(VD, infant, ON).amount == 25
    # No age: the FDA Daily Value and the lowest adult upper limit, said to be general.
    unknown = bone_reference(CA, None, ON)
    assert (unknown.amount, unknown.is_daily_value) == (CALCIUM_DV_MG, True)
    assert bone_reference(VD, None, ON).amount == 20
    assert bone_upper_limit(CA, None, ON).amount == 2000
    assert bone_upper_limit(CA, None, ON).is_adult_default
    # 51-70 differs by sex: without one, the Daily Value rather than a guess.
    assert bone_reference(CA, aged(60, None), ON).is_daily_value
    assert bone_reference(VD, aged(60, None), ON).amount == 15


def test_whole_milk_cup_and_unknown_stays_unknown():
    # SR24 01077: 113 mg calcium and 51 IU vitamin D per 100 g; 1 cup is 244 g.
    assert calcium_ug_for(113.0, Decimal(244)) == 275_720  # 275.72 mg, shown 276
    assert vitamin_d_ng_for(51.0, Decimal(244)) == 3_111  # 124.44 IU = 3.111 µg
    assert vitamin_d_ng_for(0.0, Decimal(30)) == 0  # raw spinach: a known zero
    assert vitamin_d_ng_for(None, Decimal(198)) is None  # farmed salmon: not in SR24


@dataclass(frozen=True)
class Item:
    calcium_ug: int | None
    vitamin_d_ng: int | None


def test_day_figures_coverage_and_iu():
    milk = Item(275_720, 3_111)
    spinach = Item(29_700, 0)
    salmon = Item(17_820, None)
    supplement = Item(500_000, None)
    day = bone_day([milk, spinach, salmon], [supplement])
    figures = nutrient_figures(day.vitamin_d, bone_reference(VD, aged(60), ON),
                               bone_upper_limit(VD, aged(60), ON))  # fmt: skip
    assert figures.total_text == "3"
    assert figures.iu_text == "124 IU"
    assert figures.coverage == "Vitamin D known for 2 of 3 foods and 0 of 1 supplement"
    assert figures.has_unknown
    assert figures.bar_text == "Vitamin D 3 µg (124 IU) of 15 µg (600 IU), 21%"
    calcium = nutrient_figures(day.calcium, bone_reference(CA, aged(60), ON),
                               bone_upper_limit(CA, aged(60), ON))  # fmt: skip
    assert calcium.total_text == "823"  # 275.72 + 29.7 + 17.82 + 500
    assert calcium.food_text == "323 mg" and calcium.supplements_text == "500 mg"
    assert calcium.coverage == "Calcium known for all 3 foods and the 1 supplement"
    assert calcium.caution is None


def test_food_alone_can_pass_the_total_upper_limit():
    # 2,000.001 mg of calcium from food, nothing else: over the 51+ limit of 2,000 mg.
    limit = bone_upper_limit(CA, aged(60), ON)
    reference = bone_reference(CA, aged(60), ON)
    over = nutrient_figures(bone_day([Item(2_000_001, None)], []).calcium, reference, limit)
    assert over.caution is not None
    assert over.total_text == "2,000.001"  # never "2,000" beside "above the limit"
    assert "from food and supplements together" in over.caution.message
    assert "Ask your healthcare provider" in over.caution.message
    at = nutrient_figures(bone_day([Item(2_000_000, None)], []).calcium, reference, limit)
    assert at.caution is None
    vd = nutrient_figures(
        bone_day([Item(None, 60_000)], [Item(None, 41_000)]).vitamin_d,
        bone_reference(VD, aged(60), ON),
        bone_upper_limit(VD, aged(60), ON),
    )
    assert vd.caution is not None and "101 µg (4,040 IU)" in vd.caution.message


def test_label_values():
    assert parse_calcium_ug_per_unit("") is None
    assert parse_calcium_ug_per_unit("600 mg") == 600_000
    assert parse_calcium_ug_per_unit("0") == 0
    assert parse_vitamin_d_ng_per_unit("1000", VitaminDUnit.IU) == 25_000
    assert parse_vitamin_d_ng_per_unit("25", VitaminDUnit.UG) == 25_000
    assert parse_vitamin_d_ng_per_unit("12,5", "ug") == 12_500
    for bad in ("-5", "lots", "1,000"):
        with pytest.raises(QuantityError):
            parse_calcium_ug_per_unit(bad)
    with pytest.raises(QuantityError):
        parse_vitamin_d_ng_per_unit("200000", VitaminDUnit.IU)


def test_period_average_counts_days_over_each_days_limit():
    from tracker.domain.bone_nutrients import bone_period

    # Born June 1976: 49, then 50 (calcium's limit 2,500 mg); 2,600 mg is over it.
    profile = Profile(1976, 6, Sex.FEMALE)
    days = {
        date(2026, 5, 31): bone_day([Item(2_400_000, 10_000)], []),
        date(2026, 6, 1): bone_day([Item(2_600_000, None)], [Item(None, 100_001)]),
    }
    period = bone_period(days, profile)
    assert period.calcium.average == Decimal(2500)
    assert period.calcium.days_over_limit == 1
    assert period.vitamin_d.days_over_limit == 1  # 100.001 µg > 100 µg
    assert period.vitamin_d.days_with_unknown == 1
    assert period.vitamin_d.average_text == "55 µg (2,200 IU)"  # (10 + 100.001) / 2 µg
    assert "Ask your healthcare provider" in period.calcium.over_limit_text
    assert bone_period({}, profile).calcium.average is None
