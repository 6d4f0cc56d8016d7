"""Forms for supplements, magnesium-containing medicines and medicines to space from magnesium."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, SubmitField, TimeField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from tracker.dbtypes import max_length
from tracker.domain.bone_nutrients import VitaminDUnit
from tracker.domain.cautions import MedicineClass
from tracker.domain.supplements import (
    ELEMENTAL_EXAMPLE,
    MEDICINE_PRESETS,
    SPACED_MEDICINES,
    SUPPLEMENT_FORM_CHOICES,
    MedicinePreset,
    SupplementForm,
    medicine_preset,
)
from tracker.form_html import PageForm
from tracker.formtools import choices, plain_text, tidy
from tracker.localtime import local_now, local_today
from tracker.models import MedicineDose, SupplementEntry, User

SUPPLEMENT_PREFIX = "supplement"
TIME_REQUIRED = "Enter the time of the dose, so its spacing from magnesium can be checked."
MEDICINE_PREFIX = "medicine"

_GROUP_LABELS = {
    MedicineClass.BISPHOSPHONATE: "Bisphosphonates (osteoporosis medicines)",
    MedicineClass.TETRACYCLINE: "Tetracycline antibiotics",
    MedicineClass.QUINOLONE: "Quinolone antibiotics",
}
MEDICINE_CHOICES = [
    SelectChoice("", "Choose a medicine"),
    *(
        SelectChoice(medicine.key, medicine.name, optgroup=_GROUP_LABELS[medicine.medicine_class])
        for medicine in SPACED_MEDICINES
    ),
]


class SupplementEntryForm(PageForm):
    # Which preset the entry started from, if any: it marks the product as a medicine.
    preset = HiddenField()
    name = StringField(
        "Supplement or medicine name",
        filters=[tidy],
        validators=[
            DataRequired("Enter the name, for example the product name on the label."),
            Length(max=max_length(SupplementEntry.name)),
            plain_text,
        ],
    )
    form = SelectField(
        "Form",
        choices=choices(SUPPLEMENT_FORM_CHOICES),
        default=SupplementForm.OTHER.value,
        validators=[InputRequired("Choose the form.")],
    )
    magnesium_per_unit = StringField(
        "Magnesium per unit (mg)",
        validators=[
            DataRequired("Enter the magnesium per unit from the label, in mg."),
            Length(max=20),
        ],
    )
    calcium_per_unit = StringField(
        "Calcium per unit (mg, optional)", validators=[Optional(), Length(max=20)]
    )
    vitamin_d_per_unit = StringField(
        "Vitamin D per unit (optional)", validators=[Optional(), Length(max=20)]
    )
    vitamin_d_unit = SelectField(
        "Vitamin D unit",
        choices=[SelectChoice(unit.value, unit.label) for unit in VitaminDUnit],
        default=VitaminDUnit.UG.value,
        # Not sent (an older page, a script): µg, the unit the field starts with.
        validators=[Optional()],
    )
    units = StringField(
        "Units taken",
        validators=[
            DataRequired("Enter how many units, such as 1, 2 or 0.5."),
            Length(max=max_length(SupplementEntry.units_text)),
        ],
    )
    time = TimeField("Time taken", validators=[Optional()])
    submit = SubmitField("Add supplement")


class LogAgainForm(FlaskForm):
    """One step from "My supplements": how many units, and when."""

    units = StringField(
        "Units",
        default="1",
        validators=[
            DataRequired("Enter how many units, such as 1, 2 or 0.5."),
            Length(max=max_length(SupplementEntry.units_text)),
        ],
    )
    time = TimeField("Time", validators=[Optional()])


class MedicineDoseForm(PageForm):
    medicine = SelectField(
        "Medicine",
        choices=MEDICINE_CHOICES,
        validators=[DataRequired("Choose the medicine.")],
    )
    other_name = StringField(
        "Name, if it is not listed (optional)",
        filters=[tidy],
        validators=[Optional(), Length(max=max_length(MedicineDose.medicine_name)), plain_text],
    )
    time = TimeField(
        "Time of dose",
        validators=[InputRequired(TIME_REQUIRED)],
    )
    submit = SubmitField("Add medicine dose")


class DeleteForm(FlaskForm):
    submit = SubmitField("Delete")


@dataclass
class DayForms:
    """The supplement and medicine forms of a day page, fresh or with a failed submission."""

    supplement: SupplementEntryForm
    medicine: MedicineDoseForm
    preset: MedicinePreset | None
    default_time: time | None
    again_errors: dict[int, list[str]] = field(default_factory=dict)

    @property
    def presets(self) -> tuple[MedicinePreset, ...]:
        """Common magnesium-containing products to start an entry from."""
        return MEDICINE_PRESETS

    @property
    def elemental_help(self) -> str:
        """The help line on elemental magnesium (tracker.domain.supplements)."""
        return ELEMENTAL_EXAMPLE


def _now_if_today(user: User, day: date) -> time | None:
    """The current local time, to start the time fields with, when the page is today."""
    if day != local_today(user):
        return None
    return local_now(user).time().replace(second=0, microsecond=0)


def day_forms(
    user: User,
    day: date,
    *,
    preset_key: str | None = None,
    supplement: SupplementEntryForm | None = None,
    medicine: MedicineDoseForm | None = None,
    again_errors: dict[int, list[str]] | None = None,
) -> DayForms:
    """Build the day page's forms; a submitted form is kept with its errors."""
    now = _now_if_today(user, day)
    if supplement is None:
        supplement = SupplementEntryForm(formdata=None, prefix=SUPPLEMENT_PREFIX)
        supplement.time.data = now
        preset = medicine_preset(preset_key) if preset_key else None
        if preset is not None:
            # The user still types the magnesium per unit from their own label.
            supplement.preset.data = preset.key
            supplement.name.data = preset.label
            supplement.form.data = preset.form.value
    else:
        preset = medicine_preset(supplement.preset.data) if supplement.preset.data else None
    if medicine is None:
        medicine = MedicineDoseForm(formdata=None, prefix=MEDICINE_PREFIX)
        medicine.time.data = now
    return DayForms(
        supplement=supplement,
        medicine=medicine,
        preset=preset,
        default_time=now,
        again_errors=again_errors or {},
    )
