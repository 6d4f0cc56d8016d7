"""The export page's form: the dates and the report's options."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, StringField, SubmitField
from wtforms.validators import Length, Optional

from tracker.dbtypes import max_length
from tracker.domain.periods import CUSTOM_PERIOD, DEFAULT_PERIOD
from tracker.formtools import choices, plain_text, tidy
from tracker.models import User
from tracker.reports.pdf import PAPER_LABELS

PERIOD_CHOICES = choices(
    [
        ("7", "Last 7 days"),
        ("30", "Last 30 days"),
        ("90", "Last 90 days"),
        (CUSTOM_PERIOD, "Choose the dates"),
    ]
)
PAPER_CHOICES = choices(list(PAPER_LABELS.items()))
# The name printed on the report is the profile's display name by default.
MAX_NAME_LENGTH = max_length(User.display_name)


class RangeForm(FlaskForm):
    """The date range and report options: a GET form, so it needs no CSRF token."""

    class Meta:
        csrf = False

    period = RadioField("Dates", choices=PERIOD_CHOICES, default=DEFAULT_PERIOD)
    start = DateField("From", validators=[Optional()])
    end = DateField("To", validators=[Optional()])
    name = StringField(
        "Name on the report (optional)",
        filters=[tidy],
        validators=[Optional(), Length(max=MAX_NAME_LENGTH), plain_text],
    )
    paper = RadioField("Paper size of the PDF", choices=PAPER_CHOICES, default="a4")
    submit = SubmitField("Show these dates")
