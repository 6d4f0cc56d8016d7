"""Forms of the "Your data" page: import a data file."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SubmitField


class ImportForm(FlaskForm):
    file = FileField("Data file (JSON, from “Download all my data”)")
    submit = SubmitField("Import")
