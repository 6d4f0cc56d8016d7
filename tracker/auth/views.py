"""Account pages: register, log in, log out, profile."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from tracker.auth import operations
from tracker.auth.forms import VALID_TIMEZONES, LoginForm, ProfileForm, RegisterForm
from tracker.extensions import db, login_manager
from tracker.localtime import local_today
from tracker.models import User

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    if not user_id.isdigit():
        return None
    return db.session.get(User, int(user_id))


def _safe_next(target: str | None) -> str:
    """Only follow a ?next= that stays on this site."""
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
        ):
            return target
    return url_for("diary.today")


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("diary.today"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            detected = request.form.get("timezone", "")
            user = operations.register_user(
                form.email.data,
                form.password.data,
                timezone=detected if detected in VALID_TIMEZONES else "UTC",
            )
        except operations.EmailTakenError:
            # Same wording as a bad login would get: do not confirm who has an account.
            form.email.errors.append(
                "An account cannot be created with this email. If it is yours, log in instead."
            )
        else:
            login_user(user)
            flash(
                "Welcome! Your account is ready: search for a food below to log it.",
                "success",
            )
            return redirect(url_for("diary.today"))
    status = 400 if form.errors else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("diary.today"))
    form = LoginForm()
    if form.validate_on_submit():
        user = operations.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            flash("You are logged in.", "success")
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("That email and password do not match an account.")
    status = 400 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    logout_user()
    flash("You are logged out.", "success")
    return redirect(url_for("pages.home"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if request.method == "GET":
        form.birth_month.data = str(current_user.birth_month or "")
        form.sex.data = current_user.sex or ""
    if form.validate_on_submit():
        operations.update_profile(
            current_user,
            operations.ProfileChanges(
                display_name=(form.display_name.data or "").strip() or None,
                birth_year=form.birth_year.data,
                birth_month=int(form.birth_month.data) if form.birth_month.data else None,
                sex=form.sex.data or None,
                reproductive_status=form.reproductive_status.data,
                timezone=form.timezone.data,
                kidney_condition=form.kidney_condition.data,
            ),
        )
        flash("Profile saved.", "success")
        return redirect(url_for("auth.profile"))
    status = 400 if form.errors else 200
    reference = operations.reference_intake_for(current_user, local_today(current_user))
    return render_template("auth/profile.html", form=form, reference=reference), status
