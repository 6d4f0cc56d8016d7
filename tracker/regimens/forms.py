"""The forms of "My regimen": a schedule, and marking a planned dose taken or skipped."""

from __future__ import annotations

from datetime import date, time

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from tracker.dbtypes import max_length
from tracker.domain.regimens import TIME_FIELDS, WEEKDAY_NAMES, SchedulePattern
from tracker.domain.supplements import SPACED_MEDICINES
from tracker.formtools import choices, plain_text, strip
from tracker.models import MedicineDose, SchedulePlan
from tracker.regimens.operations import MEDICINE_PREFIX, ScheduleInput
from tracker.supplements.forms import MEDICINE_CHOICES

TIME_HELP = "Enter a time of day, such as 07:30 or 21:00 (hours 00 to 23)."
DATE_HELP = "Enter a date, such as 2026-03-09."
MY_SUPPLEMENTS = "My supplements"


class ClockField(TimeField):
    """A time of day; anything else (25:00, 7.30) gets one plain message."""

    def process_formdata(self, valuelist: list) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(TIME_HELP) from error


class CalendarField(DateField):
    """A date; anything else (2026-02-30) gets one plain message."""

    def process_formdata(self, valuelist: list) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(DATE_HELP) from error


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (the days of the week)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


PATTERN_CHOICES = choices((pattern.value, pattern.label) for pattern in SchedulePattern)
WEEKDAY_CHOICES = choices((str(day), name) for day, name in enumerate(WEEKDAY_NAMES))


class ScheduleForm(FlaskForm):
    """A schedule: what (when new), how often, the times, the units, reminders."""

    item = SelectField("Supplement or medicine", validate_choice=False)
    other_name = StringField(
        "Name, if it is not listed (optional)",
        filters=[strip],
        validators=[Optional(), Length(max=max_length(MedicineDose.medicine_name)), plain_text],
    )
    pattern = RadioField(
        "Schedule",
        choices=PATTERN_CHOICES,
        default=SchedulePattern.DAILY.value,
        validate_choice=False,
    )
    days = CheckboxesField("Days", choices=WEEKDAY_CHOICES, validate_choice=False)
    interval_days = StringField("Every how many days", validators=[Length(max=10)])
    time_1 = ClockField("Time", validators=[Optional()])
    time_2 = ClockField("Second time (optional)", validators=[Optional()])
    time_3 = ClockField("Third time (optional)", validators=[Optional()])
    time_4 = ClockField("Fourth time (optional)", validators=[Optional()])
    units = StringField(
        "Units",
        default="1",
        filters=[strip],
        validators=[
            InputRequired("Enter how many units each time, such as 1, 2 or 0.5."),
            Length(max=max_length(SchedulePlan.units_text)),
        ],
    )
    # In the page's order, so the list of problems follows the form.
    start_day = CalendarField("Start date", validators=[InputRequired(DATE_HELP)])
    end_day = CalendarField("End date (optional)", validators=[Optional()])
    reminders = BooleanField("Email me a reminder at each planned time")
    submit = SubmitField("Save schedule")

    @property
    def other_items(self) -> str:
        """The choices that take a typed name (the "Other …" medicines), space-separated."""
        return " ".join(
            f"{MEDICINE_PREFIX}{medicine.key}" for medicine in SPACED_MEDICINES if medicine.is_other
        )

    @property
    def time_fields(self) -> list[ClockField]:
        """The time fields, first to fourth."""
        return [self[name] for name in TIME_FIELDS]

    def set_items(self, products: list[tuple[str, str]]) -> None:
        """Offer the user's saved products, then the medicines to space (as the day page)."""
        self.item.choices = [
            SelectChoice("", "Choose a supplement or medicine"),
            *(SelectChoice(value, name, optgroup=MY_SUPPLEMENTS) for value, name in products),
            *(
                SelectChoice(
                    f"{MEDICINE_PREFIX}{medicine.value}", medicine.label, optgroup=medicine.optgroup
                )
                for medicine in MEDICINE_CHOICES
                if medicine.value
            ),
        ]

    def schedule_input(self) -> ScheduleInput:
        """What the user entered, for the operations (which check it)."""
        return ScheduleInput(
            item=self.item.data or "",
            other_name=self.other_name.data or "",
            pattern=self.pattern.data or "",
            weekdays=tuple(self.days.data or ()),
            interval_days=self.interval_days.data or "",
            start_day=self.start_day.data,
            end_day=self.end_day.data,
            times=tuple(field.data for field in self.time_fields),
            units_text=self.units.data or "",
            reminders=bool(self.reminders.data),
        )


def new_schedule_form(products: list[tuple[str, str]], today: date) -> ScheduleForm:
    """The empty form for a new schedule (starting today), or with the submission."""
    form = ScheduleForm()
    form.set_items(products)
    if not form.is_submitted():
        form.start_day.data = today
    return form


class DoseForm(FlaskForm):
    """A planned dose: Taken, Skipped or Undo (the button pressed), and its planned time."""

    time = HiddenField()
    taken_at = ClockField("Time taken", validators=[Optional()])
    # Sent by the button pressed (name="status"), not rendered as a field.
    status = HiddenField()


def planned_time(text: str | None) -> time | None:
    """The planned time a dose form carries ("07:00"), or None when it is not one."""
    try:
        return time.fromisoformat(text or "") if len(text or "") == 5 else None
    except ValueError:
        return None
