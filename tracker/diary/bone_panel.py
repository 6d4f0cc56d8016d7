"""The day page's "Bone companions": calcium and vitamin D beside magnesium (issue 16).

Every kind of logged item carries its own calcium and vitamin D (tracker.models); the figures
come from tracker.domain.bone_nutrients over those snapshots, against the life stage's values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from tracker.auth.operations import profile_of
from tracker.domain.bone_nutrients import (
    NIH_ODS_CALCIUM,
    NIH_ODS_VITAMIN_D,
    BoneSnapshot,
    Nutrient,
    NutrientFigures,
    bone_day,
    bone_reference,
    bone_upper_limit,
    nutrient_figures,
)
from tracker.domain.reference import Source
from tracker.models import User


@dataclass(frozen=True)
class BonePanel:
    """Calcium and vitamin D of a day as the panel shows them."""

    calcium: NutrientFigures
    vitamin_d: NutrientFigures
    sources: tuple[Source, ...] = (NIH_ODS_CALCIUM, NIH_ODS_VITAMIN_D)

    @property
    def nutrients(self) -> tuple[NutrientFigures, NutrientFigures]:
        """Calcium, then vitamin D."""
        return (self.calcium, self.vitamin_d)

    @property
    def cautions(self) -> list:
        """The upper-limit cautions of the day's known totals (food counts)."""
        return [n.caution for n in self.nutrients if n.caution is not None]


def bone_panel(
    user: User, day: date, foods: Iterable[BoneSnapshot], supplements: Iterable[BoneSnapshot]
) -> BonePanel | None:
    """The panel for a day's entries, or None when the user hid it in the profile."""
    if not user.show_bone_companions:
        return None
    profile = profile_of(user)
    totals = bone_day(foods, supplements)
    return BonePanel(
        calcium=nutrient_figures(
            totals.calcium,
            bone_reference(Nutrient.CALCIUM, profile, day),
            bone_upper_limit(Nutrient.CALCIUM, profile, day),
        ),
        vitamin_d=nutrient_figures(
            totals.vitamin_d,
            bone_reference(Nutrient.VITAMIN_D, profile, day),
            bone_upper_limit(Nutrient.VITAMIN_D, profile, day),
        ),
    )
