"""Public pages that need no account: landing, about, guidance and magnesium-rich foods."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from tracker.domain.bone_nutrients import REFERENCE_TABLES
from tracker.domain.cautions import MEDICAL_DISCLAIMER
from tracker.domain.guidance import BONE_POINTS, GENERAL_CAUTIONS
from tracker.domain.racc import FDA_RACC, FSIS_MEAT_RACC
from tracker.domain.reference import (
    FDA_DV,
    NIH_ODS,
    RDA_SOURCE,
    RDA_TABLE_ROWS,
    UL_SOURCE,
    UL_TABLE_ROWS,
)
from tracker.domain.supplements import (
    ELEMENTAL_EXAMPLE,
    FORMS_ABSORPTION,
    FORMS_SOURCE,
    FORMS_TABLE_NOTE,
    SUPPLEMENT_FORMS_TABLE,
)
from tracker.domain.totals import EXCELLENT_SOURCE_MG, GOOD_SOURCE_MG, SOURCE_CLAIM_SOURCE, whole_mg
from tracker.foods.rich import rich_food_groups
from tracker.localtime import local_today

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


def _kidney_flag() -> bool:
    return bool(current_user.is_authenticated and current_user.kidney_condition)


@bp.get("/guidance")
def guidance():
    """ "Magnesium and your bones": general guidance with the tables from tracker.domain."""
    general = [c for c in GENERAL_CAUTIONS if c.key != "disclaimer"]
    return render_template(
        "pages/guidance.html",
        bone_points=BONE_POINTS,
        bone_sources=list(dict.fromkeys(s for point in BONE_POINTS for s in point.sources)),
        rda_rows=RDA_TABLE_ROWS,
        rda_source=RDA_SOURCE,
        ul_rows=UL_TABLE_ROWS,
        ul_source=UL_SOURCE,
        forms_rows=SUPPLEMENT_FORMS_TABLE,
        forms_source=FORMS_SOURCE,
        forms_note=FORMS_TABLE_NOTE,
        forms_absorption=FORMS_ABSORPTION,
        elemental_example=ELEMENTAL_EXAMPLE,
        cautions=general,
        kidney_caution=next(c for c in general if c.key == "kidney") if _kidney_flag() else None,
        disclaimer=MEDICAL_DISCLAIMER,
        excellent_mg=whole_mg(EXCELLENT_SOURCE_MG),
        good_mg=whole_mg(GOOD_SOURCE_MG),
        claim_source=SOURCE_CLAIM_SOURCE,
        bone_tables=REFERENCE_TABLES,
    )


@bp.get("/foods/rich")
def rich_foods():
    """ "Magnesium-rich foods": USDA foods ranked by magnesium per reference amount."""
    return render_template(
        "pages/rich_foods.html",
        groups=rich_food_groups(),
        excellent_mg=whole_mg(EXCELLENT_SOURCE_MG),
        good_mg=whole_mg(GOOD_SOURCE_MG),
        claim_source=SOURCE_CLAIM_SOURCE,
        racc_source=FDA_RACC,
        meat_source=FSIS_MEAT_RACC,
        log_day=local_today(current_user) if current_user.is_authenticated else None,
    )
