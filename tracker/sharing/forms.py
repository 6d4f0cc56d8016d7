"""Forms of share links: make one for the chosen dates, revoke one."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SubmitField
from wtforms.validators import DataRequired, InputRequired

from tracker.formtools import choices
from tracker.sharing.operations import SHARE_DAYS


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
