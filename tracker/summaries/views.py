"""Views of the week and month summaries."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from tracker.localtime import local_today
from tracker.summaries import operations

bp = Blueprint("summaries", __name__)


@bp.get("/week")
@login_required
def this_week():
    return redirect(url_for("summaries.week", day=operations.current_week_start(current_user)))


@bp.get("/week/<day:day>")
@login_required
def week(day: date):
    return render_template("summaries/week.html", page=operations.week_page(current_user, day))


@bp.get("/month")
@login_required
def this_month():
    return redirect(url_for("summaries.month", month=local_today(current_user).replace(day=1)))


@bp.get("/month/<month:month>")
@login_required
def month(month: date):
    return render_template("summaries/month.html", page=operations.month_page(current_user, month))
