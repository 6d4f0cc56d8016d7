"""Which general cautions apply to a day or a period, medicine spacing, and the disclaimer.

Everything here is general guidance restated in the project's own words with its source. It
never tells one person what to take or how much: every message ends by sending the user to
their healthcare provider. The guidance page's general texts are in tracker.domain.guidance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from tracker.domain.reference import NIH_ODS, Source, UpperLimit
from tracker.domain.totals import display_supplemental_mg, is_over_upper_limit
from tracker.formatting import clock, counted

ASK_PROVIDER = "Ask your healthcare provider what is right for you."
ASK_PROVIDER_TIMING = (
    "Ask your healthcare provider or pharmacist about the timing of your medicines."
)

# Source: NIH_ODS: very large amounts, typically over 5,000 mg a day from laxatives or
# antacids, have caused magnesium toxicity.
TOXICITY_REPORTED_ABOVE_MG = 5000


def over_upper_limit(supplemental_mg: Decimal, limit: UpperLimit) -> bool:
    """True when supplemental magnesium is strictly above the UL (350 is fine, 350.01 is over)."""
    return is_over_upper_limit(supplemental_mg, limit)


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
# tracker checks the cautious end (6 hours) because "4-6" cannot tell which applies to whom,
# and says so wherever it shows the check.
ANTIBIOTIC_GAP_BEFORE = timedelta(hours=2)
ANTIBIOTIC_GUIDANCE_AFTER = (timedelta(hours=4), timedelta(hours=6))
ANTIBIOTIC_GAP_AFTER = ANTIBIOTIC_GUIDANCE_AFTER[1]


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


def _antibiotic_after_words() -> str:
    low, high = ANTIBIOTIC_GUIDANCE_AFTER
    return f"{int(low.total_seconds() // 3600)}–{describe_duration(high)}"


@dataclass(frozen=True)
class SpacingRule:
    """How far apart a medicine and magnesium are checked, and the words for it.

    The general guidance (NIH ODS) and what the tracker checks are kept apart: they differ
    when the user set a longer gap for bisphosphonates (from their leaflet or pharmacist) and
    for antibiotics, where the tracker checks the cautious end of "4-6 hours after". Every
    page, the report and any later check of planned doses take their words from here.
    """

    medicine_class: MedicineClass
    before: timedelta  # the medicine this long (or more) before magnesium is fine
    after: timedelta  # the medicine this long (or more) after magnesium is fine
    guidance: str  # NIH's guidance: "at least 2 hours apart"
    checked: str  # what the tracker checks, in the same form
    own_setting: bool  # True: `checked` is the user's own gap for bisphosphonates

    def allows(self, medicine_at: datetime, magnesium_at: datetime) -> bool:
        """True when the two doses are at least as far apart as the tracker checks."""
        delta = medicine_at - magnesium_at  # negative: the medicine came first
        return delta <= -self.before or delta >= self.after

    @property
    def differs_from_guidance(self) -> bool:
        """True when the tracker checks more than the general guidance says."""
        return self.checked != self.guidance

    @property
    def guidance_sentence(self) -> str:
        """The general guidance, with its source, as a sentence."""
        if self.medicine_class is MedicineClass.BISPHOSPHONATE:
            what = f"to keep a bisphosphonate and magnesium {self.guidance}"
        else:
            what = f"to have {self.guidance}"
        return f"The general guidance from the {NIH_ODS.name} is {what}."

    @property
    def checked_sentence(self) -> str:
        """What the tracker checks when it is more than the guidance (to the user), or ""."""
        if not self.differs_from_guidance:
            return ""
        if self.own_setting:
            return (
                f"Your own setting in your profile (for example from your medicine’s leaflet or "
                f"your pharmacist) is {self.checked}, and the tracker checks that gap."
            )
        return (
            f"The tracker checks the cautious end, {describe_duration(self.after)} after, so a "
            f"gap of {_antibiotic_after_words()} after is pointed out too."
        )

    @property
    def summary(self) -> str:
        """Both, in a few words for a list or a report: guidance first, then the check."""
        # The caution that lists these names NIH as the source of the guidance.
        text = f"general guidance: {self.guidance}"
        if not self.differs_from_guidance:
            return text
        if self.own_setting:
            return f"{text}; own setting in the tracker: {self.checked}"
        return f"{text}; the tracker checks {describe_duration(self.after)} after"


def spacing_rule(
    medicine_class: MedicineClass, bisphosphonate_gap: timedelta = DEFAULT_BISPHOSPHONATE_GAP
) -> SpacingRule:
    """The spacing checked for a class of medicine (bisphosphonates: the user's own gap)."""
    if medicine_class is MedicineClass.BISPHOSPHONATE:
        gap = check_bisphosphonate_gap(bisphosphonate_gap)
        return SpacingRule(
            medicine_class=medicine_class,
            before=gap,
            after=gap,
            guidance=f"at least {describe_duration(DEFAULT_BISPHOSPHONATE_GAP)} apart",
            checked=f"at least {describe_duration(gap)} apart",
            own_setting=gap != DEFAULT_BISPHOSPHONATE_GAP,
        )
    before = f"the antibiotic at least {describe_duration(ANTIBIOTIC_GAP_BEFORE)} before"
    return SpacingRule(
        medicine_class=medicine_class,
        before=ANTIBIOTIC_GAP_BEFORE,
        after=ANTIBIOTIC_GAP_AFTER,
        guidance=f"{before} or {_antibiotic_after_words()} after magnesium",
        checked=f"{before} or {describe_duration(ANTIBIOTIC_GAP_AFTER)} after magnesium",
        own_setting=False,
    )


def spacing_checks_text(bisphosphonate_gap: timedelta = DEFAULT_BISPHOSPHONATE_GAP) -> str:
    """When a spacing caution shows, for each kind of medicine, to the user: one sentence."""
    bisphosphonate = spacing_rule(MedicineClass.BISPHOSPHONATE, bisphosphonate_gap)
    antibiotic = spacing_rule(MedicineClass.TETRACYCLINE)
    whose = "your own setting; " if bisphosphonate.own_setting else ""
    return (
        "A caution shows for a bisphosphonate logged less than "
        f"{describe_duration(bisphosphonate.before)} from magnesium ({whose}the general "
        f"guidance is {bisphosphonate.guidance}), and for a tetracycline or quinolone "
        f"antibiotic logged less than {describe_duration(antibiotic.before)} before or less "
        f"than {describe_duration(antibiotic.after)} after magnesium (the general guidance is "
        f"at least {describe_duration(antibiotic.before)} before or "
        f"{_antibiotic_after_words()} after; the tracker checks the cautious end)."
    )


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
    """A magnesium dose and a medicine dose closer together than the tracker checks."""

    magnesium: MagnesiumDose
    medicine: MedicineDose
    minutes_apart: int
    rule: SpacingRule
    message: str

    @property
    def first_at(self) -> datetime:
        """When the earlier of the two doses was taken."""
        return min(self.magnesium.at, self.medicine.at)


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


def _order_words(delta: timedelta, rule: SpacingRule) -> str:
    """How the two doses fall: "1 hour apart", "with the antibiotic 3 hours after ..."."""
    if abs(delta) < timedelta(minutes=1):
        return "at the same time"
    if rule.medicine_class is MedicineClass.BISPHOSPHONATE:
        return describe_duration(delta) + " apart"
    side = "before" if delta < timedelta(0) else "after"
    return f"with the antibiotic {describe_duration(delta)} {side} the magnesium"


_WHY_SPACE = {
    MedicineClass.BISPHOSPHONATE: (
        "Magnesium can reduce how much of a bisphosphonate the body absorbs."
    ),
    MedicineClass.TETRACYCLINE: (
        "Tetracycline and quinolone antibiotics bind magnesium, which can keep the antibiotic "
        "from being absorbed."
    ),
}
_WHY_SPACE[MedicineClass.QUINOLONE] = _WHY_SPACE[MedicineClass.TETRACYCLINE]


def spacing_conflict(
    magnesium: MagnesiumDose,
    medicine: MedicineDose,
    rule: SpacingRule,
    wording: Wording = LOGGED,
) -> SpacingConflict | None:
    """The two doses as a conflict when they are closer than the rule checks, else None."""
    if rule.allows(medicine.at, magnesium.at):
        return None
    delta = medicine.at - magnesium.at
    sentences = [
        f"“{medicine.label}” ({wording.when(medicine.at, magnesium.at)}) and "
        f"“{magnesium.label}” ({wording.when(magnesium.at, medicine.at)}) {wording.verb} "
        f"{_order_words(delta, rule)}.",
        _WHY_SPACE[rule.medicine_class],
        rule.guidance_sentence,
        rule.checked_sentence,
        ASK_PROVIDER_TIMING,
    ]
    return SpacingConflict(
        magnesium=magnesium,
        medicine=medicine,
        minutes_apart=int(abs(delta).total_seconds() // 60),
        rule=rule,
        message=" ".join(sentence for sentence in sentences if sentence),
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
    rule = spacing_rule(medicine.medicine_class, bisphosphonate_gap)
    for magnesium in magnesium_doses:
        conflict = spacing_conflict(magnesium, medicine, rule, wording)
        if conflict is not None:
            yield conflict


def find_spacing_conflicts(
    magnesium_doses: Iterable[MagnesiumDose],
    medicine_doses: Iterable[MedicineDose],
    bisphosphonate_gap: timedelta = DEFAULT_BISPHOSPHONATE_GAP,
    wording: Wording = LOGGED,
) -> list[SpacingConflict]:
    """Pairs of magnesium and medicine doses closer than the tracker checks, by time.

    Times are naive local datetimes (date + time of day), so doses either side of midnight
    compare naturally. Bisphosphonates: less than the gap apart in either order conflicts.
    Antibiotics: less than 2 hours before or less than 6 hours after magnesium conflicts.
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
    # Further sources of some of the message's points (the bone article, NIH beside the FDA).
    more_sources: tuple[Source, ...] = ()

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source of the message, the main one first."""
        return (self.source, *self.more_sources)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# Source: NIH_ODS: "high doses of magnesium from dietary supplements or medications often result
# in diarrhea that can be accompanied by nausea and abdominal cramping"; a UL is the maximum
# daily intake unlikely to cause adverse health effects.
UPPER_LIMIT_EFFECTS = (
    "High doses of magnesium from supplements and medicines often cause diarrhoea, which can "
    "come with nausea and abdominal cramps; the upper limit is the most supplemental magnesium "
    "a day that is unlikely to cause them. The limit does not apply to magnesium in food."
)


def upper_limit_words(limit: UpperLimit) -> str:
    """ "the general upper limit of 350 mg a day for ages 9 and older"."""
    return f"the general upper limit of {limit.mg:,} mg a day for {_lower_first(limit.group_label)}"


def upper_limit_caution(what_was_logged: str, limit: UpperLimit) -> Caution:
    """Over the UL: `what_was_logged` is the sentence saying how much, when, and the limit."""
    return Caution(
        key="upper-limit",
        title="Above the upper limit for supplemental magnesium",
        message=f"{what_was_logged} {UPPER_LIMIT_EFFECTS} {ASK_PROVIDER}",
        source=limit.source,
    )


def infant_supplement_caution(limit: UpperLimit, when: str = "") -> Caution:
    """Supplemental magnesium logged for an infant, for whom no UL exists; `when` counts days."""
    logged = f"Supplemental magnesium was logged {when}. " if when else ""
    return Caution(
        key="infant-supplement",
        title="Supplemental magnesium for an infant",
        message=(
            f"{logged}No upper limit for supplemental magnesium has been set for infants under "
            "12 months; the general guidance is that their magnesium comes from breast milk, "
            "formula and food. Ask your healthcare provider before giving an infant any "
            "magnesium supplement or medicine."
        ),
        source=limit.source,
    )


def kidney_caution(what_was_logged: str) -> Caution:
    """The kidney flag with supplemental magnesium logged: `what_was_logged` says when."""
    return Caution(
        key="kidney",
        title="Kidney function and magnesium supplements",
        message=(
            f"Your profile notes reduced kidney function, and {what_was_logged}. Kidneys that "
            "work less well clear magnesium poorly, so it can build up; the general guidance is "
            "to use magnesium supplements and magnesium-containing medicines only with a "
            f"healthcare provider's approval. {ASK_PROVIDER}"
        ),
        source=NIH_ODS,
    )


def day_cautions(
    supplemental_mg: Decimal,
    limit: UpperLimit,
    kidney_flag: bool,
    has_supplemental_entries: bool,
    spacing_conflicts: Iterable[SpacingConflict],
) -> list[Caution]:
    """The cautions that apply to one day: over the UL, kidney flag, medicine spacing.

    The words say "this day", never "today": the same cautions show on any day's page.
    """
    cautions: list[Caution] = []
    if over_upper_limit(supplemental_mg, limit):
        cautions.append(
            upper_limit_caution(
                "Magnesium logged from supplements and medicines on this day comes to "
                f"{display_supplemental_mg(supplemental_mg, limit)} mg, above "
                f"{upper_limit_words(limit)}.",
                limit,
            )
        )
    if limit.mg is None and has_supplemental_entries:
        # No UL exists for infants because their magnesium should come from milk and food only.
        cautions.append(infant_supplement_caution(limit))
    if kidney_flag and has_supplemental_entries:
        cautions.append(kidney_caution("this day includes magnesium from supplements or medicines"))
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


# --- The disclaimer every page, report and file carries -----------------------------------------

MEDICAL_DISCLAIMER = (
    "Magnesium Tracker gives general information for keeping a record. It is not medical "
    "advice and is not a substitute for advice, diagnosis or treatment from a qualified "
    "healthcare provider."
)
