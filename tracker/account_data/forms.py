"""Forms of the "Your data" page: import a data file, import from Cronometer."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, SubmitField


class ImportForm(FlaskForm):
    file = FileField("Data file (JSON, from “Download all my data”)")
    submit = SubmitField("Import")


class CronometerUploadForm(FlaskForm):
    file = FileField("Cronometer export (servings.csv)")
    submit = SubmitField("Preview the import")


class CronometerImportForm(FlaskForm):
    """The preview's buttons: the token names the upload kept for it."""

    token = HiddenField()
    submit = SubmitField("Import")
    cancel = SubmitField("Cancel")
