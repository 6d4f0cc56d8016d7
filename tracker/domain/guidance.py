"""The guidance page's general texts: the general cautions, the bone section, with sources.

Restated from NIH ODS's magnesium fact sheet (and the FDA, and the bone article), in the
project's own words; nothing here is advice for one person, and every caution ends by sending
the reader to their healthcare provider.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain.cautions import (
    ASK_PROVIDER,
    ASK_PROVIDER_TIMING,
    DEFAULT_BISPHOSPHONATE_GAP,
    MEDICAL_DISCLAIMER,
    TOXICITY_REPORTED_ABOVE_MG,
    Caution,
    MedicineClass,
    describe_duration,
    spacing_rule,
)
from tracker.domain.reference import BONE_ARTICLE, NIH_ODS, Source

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


@dataclass(frozen=True)
class GuidancePoint:
    """One point of general information, with where it comes from."""

    text: str
    sources: tuple[Source, ...]


# "What magnesium does for bone": NIH_ODS (share in bone, vitamin D, parathyroid hormone,
# bone cells, bone mineral density studies) and BONE_ARTICLE (calcium, vitamin D and magnesium
# together; older adults and postmenopausal women; excess and bone mineralisation).
BONE_POINTS: tuple[GuidancePoint, ...] = (
    GuidancePoint(
        "About half to three fifths of the magnesium in the body (roughly 50–60%) sits in "
        "bone, as part of its mineral crystal.",
        (NIH_ODS, BONE_ARTICLE),
    ),
    GuidancePoint(
        "The body needs magnesium to turn vitamin D into its active form, and calcium "
        "absorption depends on active vitamin D. Magnesium also takes part in the regulation "
        "of parathyroid hormone and in the balance between the cells that build bone and the "
        "cells that break it down.",
        (NIH_ODS, BONE_ARTICLE),
    ),
    GuidancePoint(
        "Calcium, vitamin D and magnesium work together: none of them does the job alone.",
        (BONE_ARTICLE,),
    ),
    GuidancePoint(
        "Studies link low magnesium intake with lower bone mineral density, especially in "
        "older adults and in women after menopause. Whether a shortfall exists, and what to do "
        "about it as part of an osteoporosis plan, is a question for a healthcare provider.",
        (NIH_ODS, BONE_ARTICLE),
    ),
    GuidancePoint(
        "More is not better: too much magnesium can also harm the mineralisation of bone.",
        (BONE_ARTICLE,),
    ),
)

# Source: NIH_ODS, "Groups at Risk of Magnesium Inadequacy".
LOW_MAGNESIUM_GROUPS: tuple[str, ...] = (
    "people with gastrointestinal diseases such as Crohn’s disease and celiac disease",
    "people with type 2 diabetes",
    "people with long-term alcohol dependence",
    "older adults",
)

_ANTIBIOTICS = spacing_rule(MedicineClass.TETRACYCLINE)

GENERAL_CAUTIONS: tuple[Caution, ...] = (
    Caution(
        key="excess",
        title="More is not better: too much from supplements",
        message=(
            "High doses of magnesium from supplements and magnesium-containing medicines often "
            "cause diarrhoea, which can come with nausea and abdominal cramps; the upper limit "
            "is the most supplemental magnesium a day that is unlikely to cause them. Very "
            f"large amounts, typically over {TOXICITY_REPORTED_ABOVE_MG:,} mg a day from "
            "laxatives or antacids, have caused magnesium toxicity; its signs include low blood "
            "pressure, nausea, vomiting, flushing of the face, lethargy, muscle weakness, "
            "difficulty breathing and an irregular heartbeat. Too little magnesium is harmful "
            "to bone, and too much can also harm the mineralisation of bone: more is not "
            f"better. {ASK_PROVIDER}"
        ),
        source=NIH_ODS,
        more_sources=(BONE_ARTICLE,),
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
            f"your profile and the tracker will check it. {ASK_PROVIDER_TIMING}"
        ),
        source=NIH_ODS,
    ),
    Caution(
        key="antibiotics",
        title="Tetracycline and quinolone antibiotics",
        message=(
            "Tetracyclines (such as doxycycline and demeclocycline) and quinolones (such as "
            "ciprofloxacin and levofloxacin) bind magnesium, which can keep the antibiotic from "
            f"being absorbed. The general guidance is to have {_ANTIBIOTICS.guidance}. The "
            f"tracker checks the cautious end: it points out anything closer than "
            f"{describe_duration(_ANTIBIOTICS.before)} before or "
            f"{describe_duration(_ANTIBIOTICS.after)} after. {ASK_PROVIDER_TIMING}"
        ),
        source=NIH_ODS,
    ),
    Caution(
        key="diuretics",
        title="Diuretics (“water pills”)",
        message=(
            "Loop diuretics (such as furosemide) and thiazide diuretics (such as "
            "hydrochlorothiazide) taken for a long time can increase the magnesium the body "
            "loses in urine. Potassium-sparing diuretics, such as amiloride and spironolactone, "
            f"do the opposite: they reduce the magnesium lost. {ASK_PROVIDER}"
        ),
        source=NIH_ODS,
    ),
    Caution(
        key="proton-pump-inhibitors",
        title="Proton-pump inhibitors (acid-reducing medicines)",
        message=(
            "Prescription proton-pump inhibitors, such as esomeprazole and lansoprazole, taken "
            "for a long time (typically more than a year) can lower the level of magnesium in "
            f"the blood, as the US FDA warned in 2011. {ASK_PROVIDER}"
        ),
        source=FDA_PPI_2011,
        more_sources=(NIH_ODS,),
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
        key="low-magnesium-groups",
        title="Who is more likely to have low magnesium",
        message=(
            "Some groups of people are more likely than others to have low magnesium, because "
            "of conditions that reduce how much the gut absorbs or increase how much the body "
            f"loses: {', '.join(LOW_MAGNESIUM_GROUPS[:-1])}, and {LOW_MAGNESIUM_GROUPS[-1]}. "
            "Being in one of these groups is not a diagnosis and does not mean that your own "
            "magnesium is low; only tests ordered by a healthcare provider can show that. Ask "
            "your healthcare provider whether it matters for you."
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
