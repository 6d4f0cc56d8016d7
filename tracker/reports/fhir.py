"""The report as HL7 FHIR R4 JSON, for health records: a Bundle with an Observation a logged day.

The numbers are the report's (tracker.reports.operations.build_report), rounded by the domain
exactly as the day pages and the daily totals CSV round them, so an Observation equals its
day page. A day with nothing logged has no Observation: not logged is not 0 mg. A Patient is
included only when a name was chosen for the report, and holds that name only.

Mapping (README, "Download for health records"):
- Bundle, type "collection", with a timestamp; every entry has a "urn:uuid:" fullUrl.
- Observation per logged day: status "final"; category "social-history"; code LOINC 81005-1
  "Magnesium intake 24 hour Estimated"; effectiveDateTime the day (a date); valueQuantity the
  day's total in mg (UCUM "mg"); two components, the food and the supplemental magnesium,
  coded in this app's own code system (LOINC has no codes for the split); a note naming the
  reference intake and the upper limit used that day, with their source.
- Observation per logged day with at least one known calcium value (issue 16): code LOINC
  81137-2 "Calcium intake 24 hour Estimated"; valueQuantity the known total in whole mg; a note
  with the food and supplement parts, how many items lack a value (the total is then a
  minimum) and the reference values with their source. A day whose calcium is all unknown has
  none: unknown is not 0 mg.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from tracker.domain.bone_nutrients import (
    IOM_2011,
    BoneLimit,
    BoneReference,
    NutrientDay,
    display_part,
    whole_amount,
)
from tracker.domain.reference import Source
from tracker.domain.summary import DaySummary
from tracker.domain.totals import whole_mg
from tracker.formatting import counted
from tracker.models import utcnow
from tracker.reports.operations import Report

MIME_TYPE = "application/fhir+json"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
MAGNESIUM_INTAKE = {
    "system": LOINC,
    "code": "81005-1",
    "display": "Magnesium intake 24 hour Estimated",
}
CALCIUM_INTAKE = {
    "system": LOINC,
    "code": "81137-2",
    "display": "Calcium intake 24 hour Estimated",
}
# The app's own code system for the parts of a day's magnesium. A canonical URL names it (it
# is an identifier; FHIR canonical URLs need not resolve); code_system() is its definition.
CODE_SYSTEM_URL = "http://magnesium-tracker.org/fhir/CodeSystem/intake-source"
CODE_SYSTEM_VERSION = "1"
FOOD_CODE = "food"
SUPPLEMENTAL_CODE = "supplemental"
CODES = {
    FOOD_CODE: (
        "Magnesium from food",
        "Magnesium from the foods logged that day (USDA SR24 values or the food's label), "
        "including quick adds and entries imported from another app.",
    ),
    SUPPLEMENTAL_CODE: (
        "Magnesium from supplements and medicines",
        "Elemental magnesium from supplements and magnesium-containing medicines (antacids, "
        "laxatives) logged that day, as on their labels: the amount the upper limit applies to.",
    ),
}
METHOD_TEXT = (
    "Self-recorded diary of foods, supplements and medicines (Magnesium Tracker); food "
    "magnesium from the USDA National Nutrient Database for Standard Reference or the label "
    "the person entered. An estimate from a diary, not a laboratory measurement."
)


def _mg(value: Decimal | None) -> dict[str, Any]:
    # Whole milligrams, rounded as on the day page (tracker.domain.totals.whole_mg).
    return {
        "value": whole_mg(value or Decimal(0)),
        "unit": "mg",
        "system": UCUM,
        "code": "mg",
    }


def _coded(code: str) -> dict[str, Any]:
    return {
        "coding": [{"system": CODE_SYSTEM_URL, "code": code, "display": CODES[code][0]}],
        "text": CODES[code][0],
    }


def _cited(source: Source) -> str:
    return f"{source.name}, {source.url}"


def day_note(day: DaySummary) -> str:
    """The note of a day's Observation: the reference intake and upper limit used, sourced."""
    sources = [day.reference.source]
    if day.limit.source not in sources:
        sources.append(day.limit.source)
    parts = [
        f"Recommended intake used (food, supplements and medicines together): "
        f"{day.reference.description}.",
        f"Upper limit used (supplements and medicines only, never food): {day.limit.description}.",
        "Source: " + "; ".join(_cited(source) for source in sources) + ".",
    ]
    if day.unknown_food_entries:
        count = counted(day.unknown_food_entries, "food")
        parts.append(f"{count} logged without a magnesium value: the total is a minimum.")
    return " ".join(parts)


def _observation_start(
    coding: dict[str, str], text: str, patient_url: str | None
) -> dict[str, Any]:
    """An Observation's status, category, code and subject: the same for every intake."""
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": OBSERVATION_CATEGORY,
                        "code": "social-history",
                        "display": "Social History",
                    }
                ]
            }
        ],
        "code": {"coding": [coding], "text": text},
    }
    if patient_url is not None:
        observation["subject"] = {"reference": patient_url}
    return observation


def _observation(day: DaySummary, patient_url: str | None) -> dict[str, Any]:
    observation = _observation_start(
        MAGNESIUM_INTAKE, "Magnesium intake, 24 hours (estimated)", patient_url
    )
    observation |= {
        "effectiveDateTime": day.day.isoformat(),
        "valueQuantity": _mg(day.total_mg),
        "method": {"text": METHOD_TEXT},
        "note": [{"text": day_note(day)}],
        "component": [
            {"code": _coded(FOOD_CODE), "valueQuantity": _mg(day.food_mg)},
            {"code": _coded(SUPPLEMENTAL_CODE), "valueQuantity": _mg(day.supplemental_mg)},
        ],
    }
    return observation


def calcium_note(calcium: NutrientDay, reference: BoneReference, limit: BoneLimit) -> str:
    """The note of a day's calcium Observation: the parts, the gaps, the values used."""
    parts = [
        f"Food {display_part(calcium.nutrient, calcium.food.known_total)}, supplements "
        f"{display_part(calcium.nutrient, calcium.supplements.known_total)}.",
    ]
    unknown = calcium.food.unknown + calcium.supplements.unknown
    if unknown:
        parts.append(
            f"{counted(unknown, 'item')} logged without a calcium value: the total is a minimum."
        )
    parts += [
        f"Recommended intake used: {reference.description}.",
        f"Upper limit used (food and supplements together): {limit.description}.",
        f"Source: {_cited(reference.source)} ({IOM_2011}).",
    ]
    return " ".join(parts)


def _calcium_observation(
    day: date, calcium: NutrientDay, report: Report, patient_url: str | None
) -> dict[str, Any] | None:
    if report.bone is None or not (calcium.food.known or calcium.supplements.known):
        return None
    reference, _vitamin_d = report.bone.references
    limit, _vitamin_d_limit = report.bone.limits
    observation = _observation_start(
        CALCIUM_INTAKE, "Calcium intake, 24 hours (estimated)", patient_url
    )
    observation |= {
        "effectiveDateTime": day.isoformat(),
        "valueQuantity": {
            "value": whole_amount(calcium.total_amount),
            "unit": "mg",
            "system": UCUM,
            "code": "mg",
        },
        "method": {"text": METHOD_TEXT.replace("food magnesium", "food calcium")},
        "note": [{"text": calcium_note(calcium, reference, limit)}],
    }
    return observation


def _calcium_entries(report: Report, patient_url: str | None) -> list[dict[str, Any]]:
    if report.bone is None:
        return []
    observations = (
        _calcium_observation(day.day, report.bone.days[day.day].calcium, report, patient_url)
        for day in report.logged_days
        if day.day in report.bone.days
    )
    return [_entry(observation) for observation in observations if observation is not None]


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": f"urn:uuid:{uuid.uuid4()}", "resource": resource}


def fhir_bundle(report: Report, now: datetime | None = None) -> dict[str, Any]:
    """The report as a FHIR R4 Bundle (type collection): a Patient if named, a day per entry."""
    entries = []
    patient_url = None
    if report.name:
        patient = _entry({"resourceType": "Patient", "name": [{"text": report.name}]})
        patient_url = patient["fullUrl"]
        entries.append(patient)
    entries += [_entry(_observation(day, patient_url)) for day in report.logged_days]
    entries += _calcium_entries(report, patient_url)
    return {
        "resourceType": "Bundle",
        "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{uuid.uuid4()}"},
        "type": "collection",
        "timestamp": (now or utcnow()).isoformat(timespec="seconds"),
        "entry": entries,
    }


def fhir_json(report: Report, now: datetime | None = None) -> bytes:
    """The Bundle as UTF-8 JSON text."""
    text = json.dumps(fhir_bundle(report, now), ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")


def code_system() -> dict[str, Any]:
    """The app's code system for the parts of a day's magnesium, as a FHIR CodeSystem."""
    return {
        "resourceType": "CodeSystem",
        "url": CODE_SYSTEM_URL,
        "version": CODE_SYSTEM_VERSION,
        "name": "MagnesiumIntakeSource",
        "title": "Magnesium intake by source (Magnesium Tracker)",
        "status": "active",
        "content": "complete",
        "caseSensitive": True,
        "description": (
            "Where a day's magnesium came from, for the components of an Observation coded "
            "LOINC 81005-1 (Magnesium intake 24 hour Estimated): food, or supplements and "
            "medicines (the part the upper limit applies to)."
        ),
        "concept": [
            {"code": code, "display": display, "definition": definition}
            for code, (display, definition) in CODES.items()
        ],
    }


if __name__ == "__main__":  # pragma: no cover - prints the CodeSystem for the README
    print(json.dumps(code_system(), indent=2))
