"""Forms of share links: make one for the chosen dates, revoke one."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

from tracker.formtools import choices
from tracker.sharing.operations import SHARE_DAYS


class ShareLinkForm(FlaskForm):
    """How long a share link works; its dates are the export page's (tracker.exports.choice).

    Its fields sit in the export page's one form, beside the range form's: the prefix keeps
    their names apart. The CSRF token is the value of the "Make a share link" button.
    """

    class Meta:
        # The app-wide CSRFProtect checks the token (the button's "csrf_token"), as it does for
        # every POST; a field of this form's own would be named "share-csrf_token".
        csrf = False

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", "share")
        super().__init__(*args, **kwargs)

    valid_days = RadioField(
        "The link stops working after",
        choices=choices([(str(days), f"{days} days") for days in SHARE_DAYS]),
        default=str(SHARE_DAYS[0]),
        validators=[InputRequired("Choose 7 or 30 days.")],
    )
    submit = SubmitField("Make a share link")


class RevokeForm(FlaskForm):
    submit = SubmitField("Revoke")
