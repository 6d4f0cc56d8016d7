"""Every user-facing text in the domain: no personal dosing advice, always a provider pointer."""

import ast
import re
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

import tracker.domain
import tracker.formatting
from tracker.domain.cautions import (
    DEFAULT_BISPHOSPHONATE_GAP,
    MEDICAL_DISCLAIMER,
    MagnesiumDose,
    MedicineClass,
    MedicineDose,
    day_cautions,
    find_spacing_conflicts,
    spacing_checks_text,
    spacing_rule,
)
from tracker.domain.guidance import BONE_POINTS, GENERAL_CAUTIONS
from tracker.domain.reference import (
    Profile,
    ReproductiveStatus,
    Sex,
    reference_intake,
    upper_limit,
)
from tracker.domain.summary import DayIntake, period_cautions, summarize_days
from tracker.domain.supplements import (
    ALL_PRESETS,
    ELEMENTAL_EXAMPLE,
    FORMS_ABSORPTION,
    FORMS_TABLE_NOTE,
)
from tracker.domain.totals import QuantityError, check_grams, parse_quantity

DOSING_ADVICE = [
    r"\btake \d",
    r"\btake (a|an|one|two|more|less|extra)\b",
    r"you should take",
    r"\byou (should|must|need to)\b",
    r"increase your (dose|intake)",
    r"(decrease|lower|reduce|double) your (dose|intake|supplement)",
    r"(start|stop|raise) (taking|your)",
    r"\bdose of \d",
    r"\d+\s*mg (a|per) day (is|will be) (right|enough|safe) for you",
]
DOSING_RE = re.compile("|".join(f"(?:{p})" for p in DOSING_ADVICE), re.IGNORECASE)
ENDS_WITH_PROVIDER = re.compile(r"Ask your healthcare provider[^.]*\.$")

ON = date(2025, 6, 15)
DAY = datetime(2025, 6, 15)


def _day_caution_samples():
    adult = upper_limit(Profile(1980, 1, Sex.FEMALE), ON)
    infant = upper_limit(Profile(2025, 1, Sex.FEMALE), ON)
    unknown = upper_limit(None, ON)
    doses = [MagnesiumDose("Magnesium", DAY + timedelta(hours=8))]
    medicines = [
        MedicineDose("Alendronate", DAY + timedelta(hours=7), MedicineClass.BISPHOSPHONATE),
        MedicineDose("Doxycycline", DAY + timedelta(hours=7), MedicineClass.TETRACYCLINE),
        MedicineDose("Cipro", DAY + timedelta(hours=8), MedicineClass.QUINOLONE),
        MedicineDose("Levofloxacin", DAY + timedelta(hours=10), MedicineClass.QUINOLONE),
    ]
    conflicts = find_spacing_conflicts(doses, medicines)
    conflicts += find_spacing_conflicts(doses, medicines[:1], timedelta(hours=4))
    cautions = []
    for limit in (adult, infant, unknown):
        cautions += day_cautions(Decimal(1000), limit, True, True, conflicts)
    return cautions


def _period_caution_samples():
    """Week and month cautions: over the UL, an infant's supplements, kidneys, spacing."""
    days = [ON + timedelta(days=n) for n in range(7)]
    intakes = {
        day: DayIntake(day, supplemental_mg=Decimal("350.4"), supplemental_entries=1)
        for day in days[:3]
    }
    cautions = []
    for profile in (Profile(1980, 1, Sex.FEMALE), Profile(2025, 3, Sex.MALE)):
        summary = summarize_days(days, intakes, profile, spacing_caution_days=days[:1])
        cautions += period_cautions(summary, "the week of 15 June", kidney_flag=True)
    return cautions


DAY_CAUTIONS = _day_caution_samples()
PERIOD_CAUTIONS = _period_caution_samples()
ALL_CAUTIONS = list(GENERAL_CAUTIONS) + DAY_CAUTIONS + PERIOD_CAUTIONS


def _quantity_error_messages():
    messages = []
    for text in ["", "abc", "-1", "0", "1/0", "5000", "0.0000001", "9" * 60]:
        with pytest.raises(QuantityError) as raised:
            parse_quantity(text)
        messages.append(str(raised.value))
    for grams in [Decimal(0), Decimal(6000), Decimal("0.0001")]:
        with pytest.raises(QuantityError) as raised:
            check_grams(grams)
        messages.append(str(raised.value))
    return messages


def _all_texts():
    texts = [MEDICAL_DISCLAIMER, ELEMENTAL_EXAMPLE, FORMS_TABLE_NOTE, FORMS_ABSORPTION.text]
    texts += [point.text for point in BONE_POINTS]
    for gap in (DEFAULT_BISPHOSPHONATE_GAP, timedelta(hours=4)):
        texts.append(spacing_checks_text(gap))
        for medicine_class in MedicineClass:
            rule = spacing_rule(medicine_class, gap)
            texts += [rule.guidance_sentence, rule.checked_sentence, rule.summary]
    for caution in ALL_CAUTIONS:
        texts += [caution.title, caution.message]
    for preset in ALL_PRESETS:
        texts += [preset.label, preset.note]
    for year, month, sex, status in [
        (1980, 1, Sex.FEMALE, ReproductiveStatus.NONE),
        (2000, 1, Sex.FEMALE, ReproductiveStatus.PREGNANT),
        (2025, 1, None, ReproductiveStatus.NONE),
        (None, None, None, ReproductiveStatus.NONE),
    ]:
        profile = Profile(year, month, sex, status)
        texts += [reference_intake(profile, ON).description, upper_limit(profile, ON).description]
    return texts + _quantity_error_messages()


ALL_TEXTS = _all_texts()


def test_the_samples_cover_every_kind_of_caution():
    assert {c.key for c in DAY_CAUTIONS} == {
        "upper-limit",
        "kidney",
        "spacing",
        "infant-supplement",
    }
    assert {c.key for c in PERIOD_CAUTIONS} == {c.key for c in DAY_CAUTIONS}
    assert {c.key for c in GENERAL_CAUTIONS} >= {
        "excess",
        "kidney",
        "bisphosphonates",
        "antibiotics",
        "diuretics",
        "proton-pump-inhibitors",
        "deficiency",
        "low-magnesium-groups",
        "disclaimer",
    }


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_no_personal_dosing_advice(text):
    assert DOSING_RE.search(text) is None, text


@pytest.mark.parametrize(
    "advice",
    [
        "You should take 400 mg.",
        "Take 2 capsules.",
        "Increase your dose.",
        "Stop taking it.",
        "Raise your intake.",
        "Start your supplement today.",
    ],
)
def test_the_advice_check_catches_advice(advice):
    assert DOSING_RE.search(advice)


@pytest.mark.parametrize("caution", ALL_CAUTIONS, ids=lambda c: c.key)
def test_every_caution_sends_the_user_to_their_provider(caution):
    assert ENDS_WITH_PROVIDER.search(caution.message), caution.message


@pytest.mark.parametrize("caution", ALL_CAUTIONS, ids=lambda c: c.key)
def test_every_caution_names_its_source(caution):
    assert caution.source.name
    assert caution.source.url.startswith("https://")


def test_general_caution_content():
    by_key = {c.key: c.message for c in GENERAL_CAUTIONS}
    assert "5,000 mg" in by_key["excess"]
    for sign in ["diarrhoea", "nausea", "abdominal cramps", "irregular heartbeat"]:
        assert sign in by_key["excess"]
    assert "2 hours" in by_key["bisphosphonates"]
    assert "at least 2 hours before or 4–6 hours after magnesium" in by_key["antibiotics"]
    assert "The tracker checks the cautious end" in by_key["antibiotics"]
    # NIH: high supplemental doses *often* cause them; the UL is the most unlikely to.
    assert "High doses of magnesium from supplements" in by_key["excess"]
    assert "often cause diarrhoea" in by_key["excess"]
    assert (
        "the most supplemental magnesium a day that is unlikely to cause them" in (by_key["excess"])
    )
    assert "commonly" not in " ".join(by_key.values())
    assert "harm the mineralisation of bone" in by_key["excess"]
    for diuretic in ["amiloride", "spironolactone", "furosemide", "hydrochlorothiazide"]:
        assert diuretic in by_key["diuretics"]
    assert "typically more than a year" in by_key["proton-pump-inhibitors"]
    for group in ["Crohn’s disease", "celiac disease", "type 2 diabetes", "alcohol", "older"]:
        assert group in by_key["low-magnesium-groups"]
    assert "not a diagnosis" in by_key["low-magnesium-groups"]
    assert "2011" in by_key["proton-pump-inhibitors"]
    assert "below the general reference" in by_key["deficiency"]
    assert MEDICAL_DISCLAIMER in by_key["disclaimer"]
    assert "not a substitute" in MEDICAL_DISCLAIMER


def _imports(module: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.append(node.module or "")
    return names


def test_domain_imports_only_the_standard_library():
    # tracker.formatting (how numbers, counts and dates are written) is the one module outside
    # the package the domain may use: it imports only the standard library itself.
    package_dir = Path(tracker.domain.__file__).parent
    for module in package_dir.glob("*.py"):
        for name in _imports(module):
            top = name.split(".")[0]
            assert (
                top in sys.stdlib_module_names
                or name.startswith("tracker.domain")
                or name == "tracker.formatting"
            ), f"{module.name} imports {name}"


def test_formatting_imports_only_the_standard_library():
    for name in _imports(Path(tracker.formatting.__file__)):
        assert name.split(".")[0] in sys.stdlib_module_names, f"formatting imports {name}"
