"""Forms of the "Your data" page: import a data file, delete the account."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length

from tracker.auth.forms import MAX_PASSWORD_LENGTH


class ImportForm(FlaskForm):
    file = FileField("Data file (JSON, from “Download all my data”)")
    submit = SubmitField("Import")


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        "Your password",
        validators=[
            DataRequired("Enter your password to confirm."),
            Length(max=MAX_PASSWORD_LENGTH),
        ],
    )
    confirm = BooleanField(
        "I understand that my account and everything in it will be deleted for good",
        validators=[DataRequired("Tick the box to confirm.")],
    )
    submit = SubmitField("Delete my account")
