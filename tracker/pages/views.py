"""Public pages that need no account."""

from __future__ import annotations

from flask import Blueprint, render_template

from tracker.domain.cautions import MEDICAL_DISCLAIMER
from tracker.domain.reference import FDA_DV, NIH_ODS

bp = Blueprint("pages", __name__)


def landing():
    """Render the landing page (the diary's "/" shows it to visitors who are not logged in)."""
    return render_template("pages/landing.html")


@bp.get("/welcome")
def home():
    return landing()


@bp.get("/about")
def about():
    return render_template(
        "pages/about.html", sources=(NIH_ODS, FDA_DV), disclaimer=MEDICAL_DISCLAIMER
    )
