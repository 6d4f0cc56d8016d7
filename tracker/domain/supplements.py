"""Supplement forms, their approximate elemental magnesium, and presets for medicines.

Labels state elemental magnesium, and the label's figure always wins: the shares here are
approximate, vary with hydrate and blend, and are shown only to explain why a "500 mg
magnesium glycinate" capsule holds far less magnesium than 500 mg.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

from tracker.domain.cautions import MedicineClass
from tracker.domain.guidance import GuidancePoint
from tracker.domain.reference import BONE_ARTICLE, NIH_ODS
from tracker.domain.totals import QuantityError, mg_to_ug, read_mg_text, ug_to_mg
from tracker.formatting import exact_text

# Source: the forms, their absorption and side effects as BONE_ARTICLE gives them (summarised
# in docs/magnesium-facts.md, "Supplement forms"); the elemental shares are chemistry and
# approximate. The uses the article names for each form (sleep, cognition, energy) are left
# out: NIH ODS does not support them.
FORMS_SOURCE = BONE_ARTICLE

# Source: NIH_ODS: forms that dissolve well in liquid are absorbed more completely; in small
# studies the aspartate, citrate, lactate and chloride forms more completely than oxide and
# sulfate.
FORMS_ABSORPTION = GuidancePoint(
    "Forms of magnesium that dissolve well in liquid are absorbed more completely in the gut "
    "than forms that dissolve poorly: in small studies, magnesium aspartate, citrate, lactate "
    "and chloride were absorbed more completely than magnesium oxide and magnesium sulfate.",
    (NIH_ODS,),
)


class ProductKind(StrEnum):
    """A supplement, or a magnesium-containing medicine (antacid, laxative, Epsom salt): both
    count as supplemental magnesium (NIH_ODS)."""

    SUPPLEMENT = "supplement"
    MEDICINE = "medicine"

    @property
    def label(self) -> str:
        """ "Supplement" or "Medicine"."""
        return self.value.capitalize()


class SupplementForm(StrEnum):
    GLYCINATE = "glycinate"
    CITRATE = "citrate"
    OXIDE = "oxide"
    MALATE = "malate"
    L_THREONATE = "l_threonate"
    CHLORIDE = "chloride"
    LACTATE = "lactate"
    ASPARTATE = "aspartate"
    TAURATE = "taurate"
    CARBONATE = "carbonate"
    HYDROXIDE = "hydroxide"
    SULFATE = "sulfate"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The form as people read it on a label."""
        return _FORM_LABELS.get(self, self.value.capitalize())


_FORM_LABELS = {
    SupplementForm.GLYCINATE: "Glycinate / bisglycinate",
    SupplementForm.L_THREONATE: "L-threonate",
    SupplementForm.OTHER: "Other / unknown",
}

SUPPLEMENT_FORM_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (form.value, form.label) for form in SupplementForm
)


@dataclass(frozen=True)
class SupplementFormRow:
    """One row of the forms table on the guidance page."""

    forms: tuple[SupplementForm, ...]
    absorption: str
    side_effects: str
    # Approximate elemental magnesium by weight, in percent; None = the label decides.
    elemental_percent_low: Decimal | None = None
    elemental_percent_high: Decimal | None = None

    @property
    def label(self) -> str:
        """The form names for the row, e.g. "Chloride, lactate, aspartate"."""
        names = [form.label for form in self.forms]
        return ", ".join([names[0], *(name.lower() for name in names[1:])])

    @property
    def elemental_share(self) -> str:
        """E.g. "~14%", "~11–16%" or "label decides"."""
        low, high = self.elemental_percent_low, self.elemental_percent_high
        if low is None or high is None:
            return "label decides"
        if low == high:
            return f"~{low}%"
        return f"~{low}–{high}%"


# Source: FORMS_SOURCE. Taurate is not in the article's table; like the other less common
# salts its share varies, so it joins the "label decides" row rather than getting a guess.
SUPPLEMENT_FORMS_TABLE: tuple[SupplementFormRow, ...] = (
    SupplementFormRow(
        forms=(SupplementForm.GLYCINATE,),
        absorption="high",
        side_effects="very gentle",
        elemental_percent_low=Decimal(14),
        elemental_percent_high=Decimal(14),
    ),
    SupplementFormRow(
        forms=(SupplementForm.CITRATE,),
        absorption="good",
        side_effects="laxative effect",
        elemental_percent_low=Decimal(11),
        elemental_percent_high=Decimal(16),
    ),
    SupplementFormRow(
        forms=(SupplementForm.OXIDE,),
        absorption="poor",
        side_effects="strong laxative effect",
        elemental_percent_low=Decimal(60),
        elemental_percent_high=Decimal(60),
    ),
    SupplementFormRow(
        forms=(SupplementForm.MALATE,),
        absorption="good",
        side_effects="gentle",
        elemental_percent_low=Decimal(12),
        elemental_percent_high=Decimal(15),
    ),
    SupplementFormRow(
        forms=(SupplementForm.L_THREONATE,),
        absorption="high",
        side_effects="less research on bone",
        elemental_percent_low=Decimal(7),
        elemental_percent_high=Decimal(8),
    ),
    SupplementFormRow(
        forms=(
            SupplementForm.CHLORIDE,
            SupplementForm.LACTATE,
            SupplementForm.ASPARTATE,
            SupplementForm.TAURATE,
            SupplementForm.CARBONATE,
            SupplementForm.HYDROXIDE,
            SupplementForm.SULFATE,
        ),
        absorption="varies",
        side_effects="",
    ),
)

FORMS_TABLE_NOTE = (
    "The shares are approximate and vary with the hydrate and the blend: the elemental "
    "magnesium printed on the label always wins."
)


def form_row(form: SupplementForm) -> SupplementFormRow | None:
    """The forms-table row for a form, or None for "other"."""
    for row in SUPPLEMENT_FORMS_TABLE:
        if form in row.forms:
            return row
    return None


def approximate_elemental_mg(
    compound_mg: Decimal, form: SupplementForm
) -> tuple[Decimal, Decimal] | None:
    """Rough elemental magnesium range in a weight of a compound, for explanation only."""
    row = form_row(form)
    if row is None or row.elemental_percent_low is None or row.elemental_percent_high is None:
        return None
    return (
        compound_mg * row.elemental_percent_low / 100,
        compound_mg * row.elemental_percent_high / 100,
    )


def _elemental_example(compound_mg: Decimal, form: SupplementForm) -> str:
    row = form_row(form)
    estimate = approximate_elemental_mg(compound_mg, form)
    if row is None or estimate is None:  # pragma: no cover - the example uses a tabled form
        raise ValueError(f"no elemental share for {form}")
    low, _high = estimate
    mg = low.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    name = form.label.split(" / ")[0].lower()
    return (
        f"Supplement labels give elemental magnesium, the magnesium itself. A capsule of "
        f"“{compound_mg} mg magnesium {name}” holds roughly {mg} mg of magnesium (about "
        f"{row.elemental_share.lstrip('~')} by weight), so log the elemental amount the label "
        "states, not the weight of the compound."
    )


ELEMENTAL_EXAMPLE = _elemental_example(Decimal(500), SupplementForm.GLYCINATE)


# --- Presets for magnesium-containing medicines and products ------------------------------------
# No milligram values: products differ, so the user confirms the magnesium per unit from
# their own label. All of these count as supplemental magnesium (NIH_ODS).


@dataclass(frozen=True)
class MedicinePreset:
    """A common magnesium-containing product the user can start from."""

    key: str
    label: str
    form: SupplementForm
    unit_name: str
    is_medicine: bool
    note: str
    # Names the food search finds it by, each naming it on its own (never "milk" or "salt"
    # alone: tracker.search.products).
    search_names: tuple[str, ...] = ()

    @property
    def kind(self) -> ProductKind:
        """A medicine (antacid, laxative) or a supplement."""
        return ProductKind.MEDICINE if self.is_medicine else ProductKind.SUPPLEMENT


MEDICINE_PRESETS: tuple[MedicinePreset, ...] = (
    MedicinePreset(
        key="milk-of-magnesia",
        label="Milk of magnesia (magnesium hydroxide)",
        form=SupplementForm.HYDROXIDE,
        unit_name="tablespoon (15 mL)",
        is_medicine=True,
        note=("Use the magnesium figure from your label, not the weight of magnesium hydroxide."),
        search_names=("milk of magnesia", "magnesia", "magnesium hydroxide", "phillips"),
    ),
    MedicinePreset(
        key="antacid",
        label="Magnesium-containing antacid",
        form=SupplementForm.OTHER,
        unit_name="tablet",
        is_medicine=True,
        note="Check the label for the magnesium in each tablet; many antacids list it.",
        search_names=("antacid", "indigestion tablet", "maalox", "mylanta", "rolaids"),
    ),
    MedicinePreset(
        key="epsom-salt",
        label="Epsom salt taken by mouth (magnesium sulfate)",
        form=SupplementForm.SULFATE,
        unit_name="teaspoon",
        is_medicine=True,
        note=(
            "Only Epsom salt taken by mouth counts; use the magnesium figure from your label, "
            "not the weight of magnesium sulfate."
        ),
        search_names=("epsom", "magnesium sulfate", "magnesium sulphate"),
    ),
    MedicinePreset(
        key="multivitamin",
        label="Multivitamin-mineral",
        form=SupplementForm.OTHER,
        unit_name="tablet",
        is_medicine=False,
        note="Use the magnesium figure from the Supplement Facts panel.",
        search_names=("multivitamin", "multi vitamin", "multivitamins", "vitamin mineral"),
    ),
    # Issue 16: many people with osteoporosis take one tablet of all three. No amounts here
    # either: the label's magnesium, calcium and vitamin D are the user's to type.
    MedicinePreset(
        key="calcium-magnesium-vitamin-d",
        label="Calcium, magnesium and vitamin D (combined)",
        form=SupplementForm.OTHER,
        unit_name="tablet",
        is_medicine=False,
        note=(
            "Use the magnesium, calcium and vitamin D figures from the Supplement Facts panel; "
            "vitamin D in µg or IU, as the label prints it."
        ),
        search_names=("cal mag", "calcium magnesium", "cal mag d", "calcium magnesium zinc"),
    ),
)

# Magnesium supplements by their form, for the food search ("magnesium citrate"): each opens
# the supplement form with the name and form filled in; the label's elemental magnesium is
# still the user's to type. Hydroxide and sulfate are the medicines above.
_FORM_NAMES: tuple[tuple[SupplementForm, str, tuple[str, ...]], ...] = (
    (SupplementForm.GLYCINATE, "glycinate", ("glycinate", "bisglycinate")),
    (SupplementForm.CITRATE, "citrate", ("citrate",)),
    (SupplementForm.OXIDE, "oxide", ()),
    (SupplementForm.MALATE, "malate", ("malate",)),
    (SupplementForm.L_THREONATE, "L-threonate", ("threonate", "magtein")),
    (SupplementForm.CHLORIDE, "chloride", ()),
    (SupplementForm.LACTATE, "lactate", ()),
    (SupplementForm.ASPARTATE, "aspartate", ()),
    (SupplementForm.TAURATE, "taurate", ("taurate",)),
    (SupplementForm.CARBONATE, "carbonate", ()),
)
FORM_PRESETS: tuple[MedicinePreset, ...] = (
    MedicinePreset(
        key="magnesium",
        label="Magnesium supplement",
        form=SupplementForm.OTHER,
        unit_name="tablet or capsule",
        is_medicine=False,
        note="Use the elemental magnesium per unit from the Supplement Facts panel.",
        search_names=("magnesium", "magnesium supplement", "mag supplement"),
    ),
    *(
        MedicinePreset(
            key=f"magnesium-{form.value.replace('_', '-')}",
            label=f"Magnesium {name}",
            form=form,
            unit_name="tablet or capsule",
            is_medicine=False,
            note=(
                "Use the elemental magnesium per unit from the Supplement Facts panel, not the "
                "weight of the compound."
            ),
            search_names=(f"magnesium {name}", f"mag {name}", *names),
        )
        for form, name, names in _FORM_NAMES
    ),
)
ALL_PRESETS: tuple[MedicinePreset, ...] = MEDICINE_PRESETS + FORM_PRESETS


def medicine_preset(key: str) -> MedicinePreset | None:
    """The preset with this key (a medicine, the multivitamin or a supplement form), or None."""
    for preset in ALL_PRESETS:
        if preset.key == key:
            return preset
    return None


# --- Medicines to space from magnesium --------------------------------------------------------


@dataclass(frozen=True)
class SpacedMedicine:
    """A medicine the user can log so its timing is checked against magnesium."""

    key: str
    name: str
    medicine_class: MedicineClass
    is_other: bool = False


# Source: NIH_ODS names these bisphosphonates, tetracyclines (its own examples: demeclocycline
# and doxycycline) and quinolones; "other" rows let a user log a medicine of the same class
# that is not listed (they may type its name).
SPACED_MEDICINES: tuple[SpacedMedicine, ...] = (
    SpacedMedicine("alendronate", "Alendronate", MedicineClass.BISPHOSPHONATE),
    SpacedMedicine("risedronate", "Risedronate", MedicineClass.BISPHOSPHONATE),
    SpacedMedicine("ibandronate", "Ibandronate", MedicineClass.BISPHOSPHONATE),
    SpacedMedicine(
        "other-bisphosphonate", "Other bisphosphonate", MedicineClass.BISPHOSPHONATE, True
    ),
    SpacedMedicine("demeclocycline", "Demeclocycline", MedicineClass.TETRACYCLINE),
    SpacedMedicine("doxycycline", "Doxycycline", MedicineClass.TETRACYCLINE),
    SpacedMedicine("minocycline", "Minocycline", MedicineClass.TETRACYCLINE),
    SpacedMedicine("tetracycline", "Tetracycline", MedicineClass.TETRACYCLINE),
    SpacedMedicine(
        "other-tetracycline", "Other tetracycline antibiotic", MedicineClass.TETRACYCLINE, True
    ),
    SpacedMedicine("ciprofloxacin", "Ciprofloxacin", MedicineClass.QUINOLONE),
    SpacedMedicine("levofloxacin", "Levofloxacin", MedicineClass.QUINOLONE),
    SpacedMedicine("moxifloxacin", "Moxifloxacin", MedicineClass.QUINOLONE),
    SpacedMedicine("other-quinolone", "Other quinolone antibiotic", MedicineClass.QUINOLONE, True),
)


def spaced_medicine(key: str) -> SpacedMedicine | None:
    """The listed medicine with this key, or None."""
    return next((medicine for medicine in SPACED_MEDICINES if medicine.key == key), None)


# --- Logged amounts -----------------------------------------------------------------------------
# The user types the elemental magnesium per unit from their label; the tracker multiplies it by
# the units taken and never suggests either number. The limits only catch typing mistakes (and
# keep the stored micrograms inside a 32-bit integer column).


def product_name_key(name: str) -> str:
    """How saved products' names compare: "Magnesium Glycinate" and "magnesium  glycinate"
    are one product (case folded, whitespace runs one space)."""
    return " ".join(name.split()).casefold()


MAX_MG_PER_UNIT = Decimal(5000)
MAX_SUPPLEMENT_MG_PER_ENTRY = Decimal(50_000)


def parse_mg_per_unit(text: str | None) -> Decimal:
    """Read the label's magnesium per unit ("120", "62.5", "62,5"), or raise QuantityError."""
    cleaned, number = read_mg_text(text)
    if not cleaned:
        raise QuantityError("Enter the magnesium per unit from the label, in mg.")
    if cleaned.startswith("-"):
        raise QuantityError("The magnesium per unit must be more than zero.")
    if number is None:
        raise QuantityError(
            f"“{(text or '').strip()}” isn't a number of mg we can read. Try 120 or 62.5."
        )
    mg = number
    if mg > MAX_MG_PER_UNIT:
        raise QuantityError(
            f"That is more than {MAX_MG_PER_UNIT:,} mg of magnesium in one unit. Check the "
            "label: it gives the elemental magnesium per unit."
        )
    # Stored as whole micrograms: anything that rounds to 0 would be an empty entry.
    if mg_to_ug(mg) == 0:
        raise QuantityError("The magnesium per unit must be more than zero.")
    return ug_to_mg(mg_to_ug(mg))


def supplemental_mg_for(mg_per_unit: Decimal, units: Decimal) -> Decimal:
    """Magnesium in a logged amount: per-unit mg × units; QuantityError when implausibly large."""
    with localcontext() as context:
        context.prec = 28
        mg = Decimal(mg_per_unit) * Decimal(units)
    if mg > MAX_SUPPLEMENT_MG_PER_ENTRY:
        raise QuantityError(
            f"That comes to more than {MAX_SUPPLEMENT_MG_PER_ENTRY:,} mg of magnesium in one "
            "entry. Check the magnesium per unit and the number of units."
        )
    return mg


# --- A dose with its arithmetic -----------------------------------------------------------------


def unit_words(units: Decimal, unit_name: str | None) -> str:
    """The units of a dose with their name: "2 capsules", "1 tablet", "0.5 tablespoons (15 mL)",
    "2 gummies"; "2 units" when the entry has no saved product's unit.

    A name the label gives with a note in brackets is made plural before the note.
    """
    name = unit_name or "unit"
    count = exact_text(units)
    if count == "1":
        return f"{count} {name}"
    head, bracket, note = name.partition(" (")
    if head.endswith("s"):
        plural_head = head
    elif head.endswith("y") and head[-2:-1] not in ("a", "e", "i", "o", "u"):
        plural_head = head[:-1] + "ies"  # "gummy": "gummies"
    else:
        plural_head = head + "s"
    return f"{count} {plural_head}{bracket}{note}"


def dose_text(units: Decimal, mg_per_unit: Decimal, unit_name: str | None = None) -> str:
    """A dose and its elemental magnesium: "2 capsules × 120 mg = 240 mg" (label figures, exact)."""
    return (
        f"{unit_words(units, unit_name)} \u00d7 {exact_text(mg_per_unit)} mg = "
        f"{exact_text(units * mg_per_unit)} mg"
    )
