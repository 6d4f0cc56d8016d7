"""Forms of the export page, share links and the "Your data" page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, RadioField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from tracker.exports.operations import CUSTOM_PERIOD, DEFAULT_PERIOD, SHARE_DAYS
from tracker.exports.pdf_report import PAPER_LABELS
from tracker.formtools import choices, plain_text, strip

PERIOD_CHOICES = choices(
    [
        ("7", "Last 7 days"),
        ("30", "Last 30 days"),
        ("90", "Last 90 days"),
        (CUSTOM_PERIOD, "Choose the dates"),
    ]
)
PAPER_CHOICES = choices(list(PAPER_LABELS.items()))
MAX_NAME_LENGTH = 80


class RangeForm(FlaskForm):
    """The date range and report options: a GET form, so it needs no CSRF token."""

    class Meta:
        csrf = False

    period = RadioField("Dates", choices=PERIOD_CHOICES, default=DEFAULT_PERIOD)
    start = DateField("From", validators=[Optional()])
    end = DateField("To", validators=[Optional()])
    name = StringField(
        "Name on the report (optional)",
        filters=[strip],
        validators=[Optional(), Length(max=MAX_NAME_LENGTH), plain_text],
    )
    paper = RadioField("Paper size of the PDF", choices=PAPER_CHOICES, default="a4")
    submit = SubmitField("Show these dates")


class ShareLinkForm(FlaskForm):
    """Make a share link for the range chosen on the page (carried in hidden fields)."""

    def __init__(self, *args, **kwargs) -> None:
        # The page's range form has its own start and end: the prefix keeps the ids apart.
        kwargs.setdefault("prefix", "share")
        super().__init__(*args, **kwargs)

    start = HiddenField(validators=[DataRequired("Choose the dates first.")])
    end = HiddenField(validators=[DataRequired("Choose the dates first.")])
    valid_days = RadioField(
        "The link stops working after",
        choices=choices([(str(days), f"{days} days") for days in SHARE_DAYS]),
        default=str(SHARE_DAYS[0]),
        validators=[InputRequired("Choose 7 or 30 days.")],
    )
    submit = SubmitField("Make a share link")


class RevokeForm(FlaskForm):
    submit = SubmitField("Revoke")


class ImportForm(FlaskForm):
    file = FileField("Data file (JSON, from “Download all my data”)")
    submit = SubmitField("Import")
