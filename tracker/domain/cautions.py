"""Which general cautions apply to a day, and the caution texts for the guidance page.

Everything here is general guidance restated in the project's own words with its source. It
never tells one person what to take or how much: every message ends by sending the user to
their healthcare provider.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from tracker.domain.reference import NIH_ODS, Source, UpperLimit
from tracker.domain.totals import display_mg
from tracker.formatting import clock, counted

ASK_PROVIDER = "Ask your healthcare provider what is right for you."
ASK_PROVIDER_TIMING = (
    "Ask your healthcare provider or pharmacist about the timing of your medicines."
)

FDA_PPI_2011 = Source(
    name="US FDA Drug Safety Communication (2011)",
    url=(
        "https://www.fda.gov/drugs/drug-safety-and-availability/"
        "fda-drug-safety-communication-low-magnesium-levels-can-be-associated-long-term-use-"
        "proton-pump"
    ),
    detail=(
        "Low magnesium levels can be associated with long-term use of proton pump inhibitor "
        "drugs (PPIs), 2 March 2011"
    ),
)

# Source: NIH_ODS: very large amounts, typically over 5,000 mg a day from laxatives or
# antacids, have caused magnesium toxicity.
TOXICITY_REPORTED_ABOVE_MG = 5000


def over_upper_limit(supplemental_mg: Decimal, limit: UpperLimit) -> bool:
    """True when supplemental magnesium is strictly above the UL (350 is fine, 350.01 is over)."""
    if limit.mg is None:
        return False
    return supplemental_mg > limit.mg


# --- Medicine spacing ---------------------------------------------------------------------------


class MedicineClass(StrEnum):
    BISPHOSPHONATE = "bisphosphonate"
    TETRACYCLINE = "tetracycline"
    QUINOLONE = "quinolone"

    @property
    def label(self) -> str:
        """Plain words for the class, with examples."""
        return _MEDICINE_CLASS_LABELS[self]

    @property
    def is_antibiotic(self) -> bool:
        """True for the antibiotic classes (tetracyclines and quinolones)."""
        return self in (MedicineClass.TETRACYCLINE, MedicineClass.QUINOLONE)


_MEDICINE_CLASS_LABELS = {
    MedicineClass.BISPHOSPHONATE: "Bisphosphonate (alendronate, risedronate, ibandronate)",
    MedicineClass.TETRACYCLINE: "Tetracycline antibiotic (doxycycline, demeclocycline)",
    MedicineClass.QUINOLONE: "Quinolone antibiotic (ciprofloxacin, levofloxacin)",
}

# Source: NIH_ODS: bisphosphonates and magnesium at least 2 hours apart. Some leaflets ask
# for longer, so the user may set their own gap within these limits.
DEFAULT_BISPHOSPHONATE_GAP = timedelta(hours=2)
MIN_BISPHOSPHONATE_GAP = timedelta(hours=2)
MAX_BISPHOSPHONATE_GAP = timedelta(hours=24)

# Source: NIH_ODS: the antibiotic at least 2 hours before or 4-6 hours after magnesium. The
# tracker checks the cautious end (6 hours) because "4-6" cannot tell which applies to whom.
ANTIBIOTIC_GAP_BEFORE = timedelta(hours=2)
ANTIBIOTIC_GAP_AFTER = timedelta(hours=6)


@dataclass(frozen=True)
class MagnesiumDose:
    """A logged supplement or medicine containing magnesium, at a naive local time."""

    label: str
    at: datetime


@dataclass(frozen=True)
class MedicineDose:
    """A logged dose of a medicine that magnesium interferes with, at a naive local time."""

    label: str
    at: datetime
    medicine_class: MedicineClass


@dataclass(frozen=True)
class SpacingConflict:
    """A magnesium dose and a medicine dose closer together than the general guidance."""

    magnesium: MagnesiumDose
    medicine: MedicineDose
    minutes_apart: int
    required_gap: str
    message: str

    @property
    def first_at(self) -> datetime:
        """When the earlier of the two doses was taken."""
        return min(self.magnesium.at, self.medicine.at)


def describe_duration(duration: timedelta) -> str:
    """Plain words for a duration in whole minutes: "2 hours", "1 hour 30 minutes"."""
    total_minutes = int(abs(duration).total_seconds() // 60)
    hours, minutes = divmod(total_minutes, 60)
    parts = []
    if hours:
        parts.append(counted(hours, "hour"))
    if minutes or not hours:
        parts.append(counted(minutes, "minute"))
    return " ".join(parts)


def check_bisphosphonate_gap(gap: timedelta) -> timedelta:
    """Return the gap, or raise ValueError (user-facing) when outside 2 to 24 hours."""
    if not MIN_BISPHOSPHONATE_GAP <= gap <= MAX_BISPHOSPHONATE_GAP:
        raise ValueError(
            f"The gap must be between {describe_duration(MIN_BISPHOSPHONATE_GAP)} and "
            f"{describe_duration(MAX_BISPHOSPHONATE_GAP)}."
        )
    return gap


def _when(moment: datetime, other: datetime) -> str:
    # Show the date only when the two doses fall on different days (e.g. across midnight).
    if moment.date() == other.date():
        return clock(moment)
    return f"{moment.date().isoformat()} {clock(moment)}"


def _planned_when(moment: datetime, other: datetime) -> str:
    # Planned doses repeat, so no date (the plan names the days); across midnight, the later
    # of the two is "the next day".
    if moment.date() > other.date():
        return f"{clock(moment)} the next day"
    return clock(moment)


@dataclass(frozen=True)
class Wording:
    """How a spacing message tells of its two doses: as logged in a day, or as planned."""

    verb: str  # "were logged 1 hour apart", "would be taken 1 hour apart"
    when: Callable[[datetime, datetime], str]  # a dose's time, given the other dose's


LOGGED = Wording("were logged", _when)
PLANNED = Wording("would be taken", _planned_when)


def _apart(delta: timedelta) -> str:
    if abs(delta) < timedelta(minutes=1):
        return "at the same time"
    return describe_duration(delta) + " apart"


def _bisphosphonate_conflict(
    magnesium: MagnesiumDose, medicine: MedicineDose, gap: timedelta, wording: Wording = LOGGED
) -> SpacingConflict | None:
    delta = medicine.at - magnesium.at
    if abs(delta) >= gap:
        return None
    required_gap = f"at least {describe_duration(gap)} apart"
    own_gap = (
        ""
        if gap == DEFAULT_BISPHOSPHONATE_GAP
        else (
            f" (the gap in your settings; the general guidance is at least "
            f"{describe_duration(DEFAULT_BISPHOSPHONATE_GAP)})"
        )
    )
    message = (
        f"“{medicine.label}” ({wording.when(medicine.at, magnesium.at)}) and "
        f"“{magnesium.label}” ({wording.when(magnesium.at, medicine.at)}) {wording.verb} "
        f"{_apart(delta)}. Magnesium can "
        "reduce how much of a bisphosphonate the body absorbs, so the general guidance is to "
        f"keep the two {required_gap}{own_gap}. {ASK_PROVIDER_TIMING}"
    )
    return SpacingConflict(
        magnesium=magnesium,
        medicine=medicine,
        minutes_apart=int(abs(delta).total_seconds() // 60),
        required_gap=required_gap,
        message=message,
    )


def _antibiotic_conflict(
    magnesium: MagnesiumDose, medicine: MedicineDose, wording: Wording = LOGGED
) -> SpacingConflict | None:
    delta = medicine.at - magnesium.at  # negative: the antibiotic came first
    # Fine: the antibiotic at least 2 h before, or at least 6 h after. Same time conflicts.
    if delta <= -ANTIBIOTIC_GAP_BEFORE or delta >= ANTIBIOTIC_GAP_AFTER:
        return None
    required_gap = (
        f"the antibiotic at least {describe_duration(ANTIBIOTIC_GAP_BEFORE)} before or "
        f"{describe_duration(ANTIBIOTIC_GAP_AFTER)} after magnesium"
    )
    if abs(delta) < timedelta(minutes=1):
        order = f"{wording.verb} at the same time"
    elif delta < timedelta(0):
        order = (
            f"{wording.verb} with the antibiotic {describe_duration(delta)} before the magnesium"
        )
    else:
        order = f"{wording.verb} with the antibiotic {describe_duration(delta)} after the magnesium"
    message = (
        f"“{medicine.label}” ({wording.when(medicine.at, magnesium.at)}) and "
        f"“{magnesium.label}” ({wording.when(magnesium.at, medicine.at)}) {order}. "
        "Tetracycline and quinolone "
        "antibiotics bind magnesium, which can keep the antibiotic from being absorbed; the "
        f"general guidance is to space them with {required_gap}. {ASK_PROVIDER_TIMING}"
    )
    return SpacingConflict(
        magnesium=magnesium,
        medicine=medicine,
        minutes_apart=int(abs(delta).total_seconds() // 60),
        required_gap=required_gap,
        message=message,
    )


def _conflict_order(conflict: SpacingConflict) -> tuple[datetime, datetime, str, str]:
    # By the earlier dose, then the later one, then the names: the order every page lists.
    magnesium, medicine = conflict.magnesium, conflict.medicine
    return (conflict.first_at, max(magnesium.at, medicine.at), medicine.label, magnesium.label)


def _pair_conflicts(
    magnesium_doses: Iterable[MagnesiumDose],
    medicine: MedicineDose,
    bisphosphonate_gap: timedelta,
    wording: Wording = LOGGED,
) -> Iterator[SpacingConflict]:
    for magnesium in magnesium_doses:
        if medicine.medicine_class is MedicineClass.BISPHOSPHONATE:
            conflict = _bisphosphonate_conflict(magnesium, medicine, bisphosphonate_gap, wording)
        else:
            conflict = _antibiotic_conflict(magnesium, medicine, wording)
        if conflict is not None:
            yield conflict


def find_spacing_conflicts(
    magnesium_doses: Iterable[MagnesiumDose],
    medicine_doses: Iterable[MedicineDose],
    bisphosphonate_gap: timedelta = DEFAULT_BISPHOSPHONATE_GAP,
    wording: Wording = LOGGED,
) -> list[SpacingConflict]:
    """Pairs of magnesium and medicine doses closer than the general guidance, by time.

    Times are naive local datetimes (date + time of day), so doses either side of midnight
    compare naturally. Bisphosphonates: less than the gap apart in either order conflicts.
    Antibiotics: less than 2 hours before or less than 6 hours after magnesium conflicts.
    The wording tells of doses logged (the day) or planned (My regimen): one rule, one text.
    """
    check_bisphosphonate_gap(bisphosphonate_gap)
    magnesium_doses = list(magnesium_doses)
    conflicts = [
        conflict
        for medicine in medicine_doses
        for conflict in _pair_conflicts(magnesium_doses, medicine, bisphosphonate_gap, wording)
    ]
    return sorted(conflicts, key=_conflict_order)


def spacing_conflicts_between(
    magnesium_doses: Iterable[MagnesiumDose],
    medicine_doses: Iterable[MedicineDose],
    first: date,
    last: date,
    bisphosphonate_gap: timedelta = DEFAULT_BISPHOSPHONATE_GAP,
) -> list[SpacingConflict]:
    """The conflicts with either dose on a day from first to last, in the order pages list.

    The doses should include the day before first and the day after last: a gap can cross
    midnight. Each medicine dose is compared only with the magnesium doses of its own day and
    the days either side (no gap allowed is longer than a day), so three years of daily doses
    cost thousands of comparisons, not millions.
    """
    check_bisphosphonate_gap(bisphosphonate_gap)
    by_day: dict[date, list[MagnesiumDose]] = {}
    for dose in magnesium_doses:
        by_day.setdefault(dose.at.date(), []).append(dose)
    conflicts = []
    for medicine in medicine_doses:
        day = medicine.at.date()
        nearby = [dose for offset in (-1, 0, 1) for dose in by_day.get(day + timedelta(offset), [])]
        for conflict in _pair_conflicts(nearby, medicine, bisphosphonate_gap):
            if any(first <= moment <= last for moment in conflict_days(conflict)):
                conflicts.append(conflict)
    return sorted(conflicts, key=_conflict_order)


def conflict_days(conflict: SpacingConflict) -> set[date]:
    """The days of a conflict's two doses (two when it crosses midnight)."""
    return {conflict.magnesium.at.date(), conflict.medicine.at.date()}


# --- Cautions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Caution:
    """A general caution shown with its source; the message ends by pointing to a provider."""

    key: str
    title: str
    message: str
    source: Source


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def day_cautions(
    supplemental_mg: Decimal,
    limit: UpperLimit,
    kidney_flag: bool,
    has_supplemental_entries: bool,
    spacing_conflicts: Iterable[SpacingConflict],
) -> list[Caution]:
    """The cautions that apply to one day: over the UL, kidney flag, medicine spacing."""
    cautions: list[Caution] = []
    if over_upper_limit(supplemental_mg, limit):
        cautions.append(
            Caution(
                key="upper-limit",
                title="Above the upper limit for supplemental magnesium",
                message=(
                    f"Magnesium logged from supplements and medicines today comes to "
                    f"{display_mg(supplemental_mg)} mg, above the general upper limit of "
                    f"{limit.mg:,} mg a day for {_lower_first(limit.group_label)}. "
                    "Above this level, magnesium from supplements commonly causes diarrhoea, "
                    "nausea and abdominal cramps. The limit does not apply to magnesium in food. "
                    f"{ASK_PROVIDER}"
                ),
                source=limit.source,
            )
        )
    if limit.mg is None and has_supplemental_entries:
        # No UL exists for infants because their magnesium should come from milk and food only.
        cautions.append(
            Caution(
                key="infant-supplement",
                title="Supplemental magnesium for an infant",
                message=(
                    "No upper limit for supplemental magnesium has been set for infants under "
                    "12 months; the general guidance is that their magnesium comes from breast "
                    "milk, formula and food. Ask your healthcare provider before giving an "
                    "infant any magnesium supplement or medicine."
                ),
                source=limit.source,
            )
        )
    if kidney_flag and has_supplemental_entries:
        cautions.append(
            Caution(
                key="kidney",
                title="Kidney function and magnesium supplements",
                message=(
                    "Your profile notes reduced kidney function, and today includes magnesium "
                    "from supplements or medicines. Kidneys that work less well clear magnesium "
                    "poorly, so it can build up; the general guidance is to use magnesium "
                    "supplements and magnesium-containing medicines only with a healthcare "
                    f"provider's approval. {ASK_PROVIDER}"
                ),
                source=NIH_ODS,
            )
        )
    cautions.extend(spacing_caution(conflict) for conflict in spacing_conflicts)
    return cautions


def spacing_caution(conflict: SpacingConflict) -> Caution:
    """The caution for one spacing conflict, logged (a day) or planned (My regimen)."""
    return Caution(
        key="spacing",
        title=f"Timing: “{conflict.medicine.label}” and magnesium",
        message=conflict.message,
        source=NIH_ODS,
    )


# --- Static texts for the guidance page ---------------------------------------------------------

MEDICAL_DISCLAIMER = (
    "Magnesium Tracker gives general information for keeping a record. It is not medical "
    "advice and is not a substitute for advice, diagnosis or treatment from a qualified "
    "healthcare provider."
)

GENERAL_CAUTIONS: tuple[Caution, ...] = (
    Caution(
        key="excess",
        title="More is not better: too much from supplements",
        message=(
            "Too much magnesium from supplements and magnesium-containing medicines commonly "
            "causes diarrhoea, nausea and abdominal cramps. Very large amounts, typically over "
            f"{TOXICITY_REPORTED_ABOVE_MG:,} mg a day from laxatives or antacids, have caused "
            "magnesium toxicity; its signs include low blood pressure, nausea, vomiting, "
            "flushing of the face, lethargy, muscle weakness, difficulty breathing and an "
            "irregular heartbeat. Too little magnesium is also harmful to bone, but more is not "
            f"better. {ASK_PROVIDER}"
        ),
        source=NIH_ODS,
    ),
    Caution(
        key="kidney",
        title="Kidney function",
        message=(
            "People with reduced kidney function clear magnesium poorly, so supplements and "
            "magnesium-containing medicines such as antacids and laxatives can build up to "
            "harmful levels. The general guidance is to use none of them without a healthcare "
            f"provider's approval. {ASK_PROVIDER}"
        ),
        source=NIH_ODS,
    ),
    Caution(
        key="bisphosphonates",
        title="Bisphosphonates (osteoporosis medicines)",
        message=(
            "Magnesium-rich supplements and medicines reduce the absorption of bisphosphonates "
            "such as alendronate, risedronate and ibandronate. The general guidance is to keep "
            f"them at least {describe_duration(DEFAULT_BISPHOSPHONATE_GAP)} apart. Some "
            "medicine leaflets ask for a longer gap; you can enter the gap from your leaflet in "
            f"your settings and the tracker will check it. {ASK_PROVIDER_TIMING}"
        ),
        source=NIH_ODS,
    ),
    Caution(
        key="antibiotics",
        title="Tetracycline and quinolone antibiotics",
        message=(
            "Tetracyclines (such as doxycycline and demeclocycline) and quinolones (such as "
            "ciprofloxacin and levofloxacin) bind magnesium, which can keep the antibiotic from "
            "being absorbed. The general guidance is to have the antibiotic at least "
            f"{describe_duration(ANTIBIOTIC_GAP_BEFORE)} before or 4 to 6 hours after a "
            "magnesium supplement; the tracker points out anything closer than "
            f"{describe_duration(ANTIBIOTIC_GAP_BEFORE)} before or "
            f"{describe_duration(ANTIBIOTIC_GAP_AFTER)} after. {ASK_PROVIDER_TIMING}"
        ),
        source=NIH_ODS,
    ),
    Caution(
        key="diuretics",
        title="Diuretics",
        message=(
            "Some diuretics (\u201cwater pills\u201d of the loop and thiazide types) increase "
            f"the amount of magnesium the body loses. {ASK_PROVIDER}"
        ),
        source=NIH_ODS,
    ),
    Caution(
        key="proton-pump-inhibitors",
        title="Proton-pump inhibitors (acid-reducing medicines)",
        message=(
            "Prescription proton-pump inhibitors used for a long time can lower the level of "
            f"magnesium in the blood, as the US FDA warned in 2011. {ASK_PROVIDER}"
        ),
        source=FDA_PPI_2011,
    ),
    Caution(
        key="deficiency",
        title="An app can't diagnose deficiency",
        message=(
            "The symptoms of low magnesium are vague, such as tiredness, cramps and poor "
            "appetite, and only tests ordered by a healthcare provider can confirm a "
            "deficiency. A low logged intake means only that it is below the general "
            "reference, not that you are deficient. Ask your healthcare provider if you are "
            "concerned."
        ),
        source=NIH_ODS,
    ),
    Caution(
        key="disclaimer",
        title="Medical disclaimer",
        message=f"{MEDICAL_DISCLAIMER} {ASK_PROVIDER}",
        source=NIH_ODS,
    ),
)
