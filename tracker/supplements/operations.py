"""Supplements, magnesium-containing medicines and medicines to space from magnesium.

Every read and write of supplement entries, saved products ("My supplements") and medicine
doses goes through here, scoped to one user; the day's supplemental numbers and cautions too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from sqlalchemy.exc import IntegrityError

from tracker.dbtypes import max_length
from tracker.domain.bone_nutrients import (
    VitaminDUnit,
    parse_calcium_ug_per_unit,
    parse_vitamin_d_ng_per_unit,
    scaled,
)
from tracker.domain.errors import ValidationError
from tracker.domain.supplements import (
    SPACED_MEDICINES,
    MedicinePreset,
    ProductKind,
    SupplementForm,
    medicine_preset,
    parse_mg_per_unit,
    product_name_key,
    spaced_medicine,
    supplemental_mg_for,
)
from tracker.domain.text import TextError, clean_text
from tracker.domain.totals import (
    QuantityError,
    mg_to_ug,
    parse_quantity,
    quantity_to_micro,
    ug_to_mg,
)
from tracker.extensions import db
from tracker.formatting import exact_text
from tracker.models import MedicineDose, SupplementEntry, SupplementProduct, User, utcnow

MAX_NAME_LENGTH = max_length(SupplementEntry.name)
MAX_MEDICINE_NAME_LENGTH = max_length(MedicineDose.medicine_name)


# --- supplements and magnesium-containing medicines ---------------------------------------------


@dataclass(frozen=True)
class SupplementInput:
    name: str
    form: str
    mg_per_unit_text: str
    units_text: str
    time: time | None
    preset_key: str | None = None
    # The label's calcium (mg) and vitamin D (in µg or IU as printed) per unit: optional.
    calcium_per_unit_text: str = ""
    vitamin_d_per_unit_text: str = ""
    vitamin_d_unit: str = VitaminDUnit.UG.value


def _clean_text(field: str, text: str, max_length: int) -> str:
    """A name as stored (tracker.domain.text.clean_text), or ValidationError."""
    try:
        cleaned = clean_text(text or "")
    except TextError as error:
        raise ValidationError(field, error.problem.in_form) from error
    if len(cleaned) > max_length:
        raise ValidationError(field, f"Use at most {max_length} characters.")
    return cleaned


def _form_of(value: str) -> SupplementForm:
    try:
        return SupplementForm(value)
    except ValueError as error:
        raise ValidationError("form", "Choose one of the forms listed.") from error


def _units(units_text: str) -> Decimal:
    try:
        return parse_quantity(units_text)
    except QuantityError as error:
        raise ValidationError("units", str(error).replace("portions", "units")) from error


def _amounts(
    mg_per_unit: Decimal,
    units_text: str,
    calcium_ug_per_unit: int | None = None,
    vitamin_d_ng_per_unit: int | None = None,
) -> dict[str, object]:
    units = _units(units_text)
    try:
        magnesium = supplemental_mg_for(mg_per_unit, units)
    except QuantityError as error:
        raise ValidationError("units", str(error)) from error
    return {
        "magnesium_ug_per_unit": mg_to_ug(mg_per_unit),
        "units_text": units_text.strip()[: max_length(SupplementEntry.units_text)],
        "units_micro": quantity_to_micro(units),
        "magnesium_ug": mg_to_ug(magnesium),
        "calcium_ug_per_unit": calcium_ug_per_unit,
        "vitamin_d_ng_per_unit": vitamin_d_ng_per_unit,
        "calcium_ug": scaled(calcium_ug_per_unit, units),
        "vitamin_d_ng": scaled(vitamin_d_ng_per_unit, units),
    }


def _bone_per_unit(data: SupplementInput) -> tuple[int | None, int | None]:
    """The label's calcium (µg) and vitamin D (ng) per unit; empty fields are not given."""
    try:
        calcium = parse_calcium_ug_per_unit(data.calcium_per_unit_text)
    except QuantityError as error:
        raise ValidationError("calcium_per_unit", str(error)) from error
    if data.vitamin_d_unit not in {unit.value for unit in VitaminDUnit}:
        raise ValidationError("vitamin_d_unit", "Choose µg or IU, as the label prints it.")
    try:
        vitamin_d = parse_vitamin_d_ng_per_unit(data.vitamin_d_per_unit_text, data.vitamin_d_unit)
    except QuantityError as error:
        raise ValidationError("vitamin_d_per_unit", str(error)) from error
    return calcium, vitamin_d


def _entry_values(data: SupplementInput) -> tuple[dict[str, object], MedicinePreset | None]:
    """Check what the user typed and return the stored values, or raise ValidationError."""
    name = _clean_text("name", data.name, MAX_NAME_LENGTH)
    if not name:
        raise ValidationError("name", "Enter the name, for example the product name on the label.")
    form = _form_of(data.form)
    try:
        mg_per_unit = parse_mg_per_unit(data.mg_per_unit_text)
    except QuantityError as error:
        raise ValidationError("magnesium_per_unit", str(error)) from error
    preset = medicine_preset(data.preset_key) if data.preset_key else None
    values = {
        "name": name,
        "form": form,
        "kind": ProductKind.MEDICINE
        if preset is not None and preset.is_medicine
        else ProductKind.SUPPLEMENT,
        "time": data.time,
        **_amounts(mg_per_unit, data.units_text, *_bone_per_unit(data)),
    }
    return values, preset


def _find_product(user: User, values: dict[str, object]) -> SupplementProduct | None:
    return db.session.execute(
        db.select(SupplementProduct).where(
            SupplementProduct.user_id == user.id,
            SupplementProduct.name_key == product_name_key(str(values["name"])),
            SupplementProduct.form == values["form"],
            SupplementProduct.magnesium_ug_per_unit == values["magnesium_ug_per_unit"],
        )
    ).scalar()


def _saved_product(
    user: User, values: dict[str, object], preset: MedicinePreset | None
) -> SupplementProduct:
    """The user's saved product with this name, form and strength, created when new.

    Race-safe: the table allows one such product per user (uq_supplement_products_same_
    product). When another request made it between the look-up and the insert, the insert
    (in a savepoint) fails and the other request's product is used.
    """
    product = _find_product(user, values)
    if product is None:
        candidate = SupplementProduct(
            user_id=user.id,
            name=str(values["name"]),
            form=values["form"],
            kind=values["kind"],
            preset_key=None if preset is None else preset.key,
            unit_name=None if preset is None else preset.unit_name,
            magnesium_ug_per_unit=values["magnesium_ug_per_unit"],
        )
        _label_bone_values(candidate, values)
        try:
            with db.session.begin_nested():
                db.session.add(candidate)
            product = candidate
        except IntegrityError:
            product = _find_product(user, values)
            if product is None:  # not a duplicate after all: a real error
                raise
    else:
        _label_bone_values(product, values)
    product.last_used_at = utcnow()
    return product


def _label_bone_values(product: SupplementProduct, values: dict[str, object]) -> None:
    """The product keeps the calcium and vitamin D last read from its label, when given."""
    for column in ("calcium_ug_per_unit", "vitamin_d_ng_per_unit"):
        value = values.get(column)
        if value is not None:
            setattr(product, column, value)


def add_supplement_entry(user: User, day: date, data: SupplementInput) -> SupplementEntry:
    """Log a supplement or medicine and save it to "My supplements", or raise ValidationError."""
    values, preset = _entry_values(data)
    product = _saved_product(user, values, preset)
    values["kind"] = product.kind
    entry = SupplementEntry(user_id=user.id, day=day, product_id=product.id, **values)
    db.session.add(entry)
    db.session.commit()
    return entry


def log_product_again(
    user: User, day: date, product: SupplementProduct, units_text: str, at: time | None
) -> SupplementEntry:
    """Log a saved product in one step, or raise ValidationError."""
    entry = SupplementEntry(
        user_id=user.id,
        day=day,
        time=at,
        product_id=product.id,
        name=product.name,
        form=product.form,
        kind=product.kind,
        **_amounts(
            ug_to_mg(product.magnesium_ug_per_unit),
            units_text,
            product.calcium_ug_per_unit,
            product.vitamin_d_ng_per_unit,
        ),
    )
    product.last_used_at = utcnow()
    db.session.add(entry)
    db.session.commit()
    return entry


def update_supplement_entry(user: User, entry: SupplementEntry, data: SupplementInput) -> None:
    """Change an entry, or raise ValidationError; the changed product is saved too.

    The entry is linked to the saved product that matches it (created when new), so a product
    logged on other days is never rewritten by editing one entry.
    """
    values, preset = _entry_values(data)
    if preset is None:
        # A medicine stays a medicine when it is edited without starting from a preset.
        values["kind"] = entry.kind
    product = _saved_product(user, values, preset)
    values["kind"] = product.kind
    for name, value in values.items():
        setattr(entry, name, value)
    entry.product_id = product.id
    db.session.commit()


def delete_supplement_entry(entry: SupplementEntry) -> None:
    """Delete a supplement entry; the saved product stays in "My supplements"."""
    db.session.delete(entry)
    db.session.commit()


def supplement_entry_or_404(user: User, entry_id: int) -> SupplementEntry:
    """One of the user's supplement entries, or abort with 404."""
    return db.first_or_404(
        db.select(SupplementEntry).where(
            SupplementEntry.id == entry_id, SupplementEntry.user_id == user.id
        )
    )


def product_or_404(user: User, product_id: int) -> SupplementProduct:
    """One of the user's saved products, or abort with 404."""
    return db.first_or_404(
        db.select(SupplementProduct).where(
            SupplementProduct.id == product_id, SupplementProduct.user_id == user.id
        )
    )


def delete_product(product: SupplementProduct) -> None:
    """Remove a product from "My supplements"; logged entries keep their own record."""
    db.session.delete(product)
    db.session.commit()


def entry_form_values(entry: SupplementEntry) -> dict[str, object]:
    """What the edit form starts with for an entry."""
    return {
        "name": entry.name,
        "form": entry.form.value,
        "magnesium_per_unit": exact_text(ug_to_mg(entry.magnesium_ug_per_unit)),
        "units": entry.units_text,
        "time": entry.time,
        "calcium_per_unit": ""
        if entry.calcium_ug_per_unit is None
        else exact_text(ug_to_mg(entry.calcium_ug_per_unit)),
        # Shown in µg (exact): the label's IU are kept exactly as ng, 25 to an IU.
        "vitamin_d_per_unit": ""
        if entry.vitamin_d_ng_per_unit is None
        else exact_text(ug_to_mg(entry.vitamin_d_ng_per_unit)),
        "vitamin_d_unit": VitaminDUnit.UG.value,
    }


# --- medicines to space from magnesium ----------------------------------------------------------


@dataclass(frozen=True)
class MedicineInput:
    medicine_key: str
    other_name: str
    time: time | None


def _medicine_values(data: MedicineInput) -> dict[str, object]:
    medicine = spaced_medicine(data.medicine_key)
    if medicine is None:
        raise ValidationError("medicine", "Choose one of the medicines listed.")
    if data.time is None:
        raise ValidationError(
            "time", "Enter the time of the dose, so its spacing from magnesium can be checked."
        )
    typed = _clean_text("other_name", data.other_name, MAX_MEDICINE_NAME_LENGTH)
    # A typed name is used only for the "other" rows: a listed medicine keeps its own name.
    name = typed if medicine.is_other and typed else medicine.name
    return {
        "medicine_class": medicine.medicine_class,
        "medicine_name": name,
        "time": data.time,
    }


def add_medicine_dose(user: User, day: date, data: MedicineInput) -> MedicineDose:
    """Log a dose of a medicine to space from magnesium, or raise ValidationError."""
    dose = MedicineDose(user_id=user.id, day=day, **_medicine_values(data))
    db.session.add(dose)
    db.session.commit()
    return dose


def update_medicine_dose(dose: MedicineDose, data: MedicineInput) -> None:
    """Change a medicine dose, or raise ValidationError."""
    for name, value in _medicine_values(data).items():
        setattr(dose, name, value)
    db.session.commit()


def delete_medicine_dose(dose: MedicineDose) -> None:
    """Delete a medicine dose."""
    db.session.delete(dose)
    db.session.commit()


def medicine_dose_or_404(user: User, dose_id: int) -> MedicineDose:
    """One of the user's medicine doses, or abort with 404."""
    return db.first_or_404(
        db.select(MedicineDose).where(MedicineDose.id == dose_id, MedicineDose.user_id == user.id)
    )


def dose_form_values(dose: MedicineDose) -> dict[str, object]:
    """What the edit form starts with for a dose."""
    key, typed = medicine_key_of(dose)
    return {"medicine": key, "other_name": typed, "time": dose.time}


def medicine_key_of(dose: MedicineDose) -> tuple[str, str]:
    """The medicine choice and the typed name that reproduce a logged dose in the edit form."""
    for medicine in SPACED_MEDICINES:
        if (
            not medicine.is_other
            and medicine.name == dose.medicine_name
            and medicine.medicine_class is dose.medicine_class
        ):
            return medicine.key, ""
    other = next(
        (m for m in SPACED_MEDICINES if m.is_other and m.medicine_class is dose.medicine_class),
        SPACED_MEDICINES[-1],
    )
    return other.key, "" if dose.medicine_name == other.name else dose.medicine_name


_COPIED_SUPPLEMENT_COLUMNS = (
    "time",
    "product_id",
    "name",
    "form",
    "kind",
    "magnesium_ug_per_unit",
    "units_text",
    "units_micro",
    "magnesium_ug",
    "calcium_ug_per_unit",
    "vitamin_d_ng_per_unit",
    "calcium_ug",
    "vitamin_d_ng",
)


def stage_supplement_copies(user: User, source_day: date, target_day: date) -> int:
    """Add copies of a day's supplement and medicine entries to another day, uncommitted.

    Medicine doses logged only for spacing (bisphosphonates, antibiotics) are not copied:
    they follow their own schedule, and a copied dose would raise false cautions.
    """
    sources = db.session.execute(
        db.select(SupplementEntry)
        .where(SupplementEntry.user_id == user.id, SupplementEntry.day == source_day)
        .order_by(SupplementEntry.time, SupplementEntry.id)
    ).scalars()
    count = 0
    for source in sources:
        values = {column: getattr(source, column) for column in _COPIED_SUPPLEMENT_COLUMNS}
        db.session.add(SupplementEntry(user_id=user.id, day=target_day, **values))
        count += 1
    return count


# --- for planned doses (tracker.regimens) -------------------------------------------------------


def clean_name(field: str, text: str, max_length: int) -> str:
    """Typed text as the day page keeps it (spaces collapsed), or ValidationError."""
    return _clean_text(field, text, max_length)


def parse_units(units_text: str) -> Decimal:
    """A number of units as the day page reads it ("1", "0.5", "1/2"), or ValidationError."""
    return _units(units_text)


def entry_amounts(
    mg_per_unit: Decimal,
    units_text: str,
    calcium_ug_per_unit: int | None = None,
    vitamin_d_ng_per_unit: int | None = None,
) -> dict[str, object]:
    """The amount columns of a supplement entry of `units_text` units, or ValidationError."""
    return _amounts(mg_per_unit, units_text, calcium_ug_per_unit, vitamin_d_ng_per_unit)
