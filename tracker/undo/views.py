"""The Undo button of a deletion's confirmation message."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import DataRequired, Length

from tracker.feedback import notify
from tracker.undo import operations

bp = Blueprint("undo", __name__)


class UndoForm(FlaskForm):
    kind = HiddenField(validators=[DataRequired(), Length(max=40)])
    token = HiddenField(validators=[DataRequired(), Length(max=operations.MAX_TOKEN_LENGTH)])


@bp.post("/undo")
@login_required
def undo():
    form = UndoForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        restored = operations.restore(current_user, form.kind.data or "", form.token.data or "")
    except operations.UndoError as error:
        return render_template(
            "error.html", status=error.status, message=error.message
        ), error.status
    if restored.already:
        notify(f"{restored.name} is already back.", section=restored.section)
    else:
        notify(f"Restored {restored.name}.", section=restored.section)
    return redirect(url_for("diary.day_page", day=restored.day) + f"#{restored.section}")
