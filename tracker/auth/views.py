"""Account pages: register, log in, log out, profile."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from tracker.auth import operations
from tracker.auth.forms import LoginForm, ProfileForm, RegisterForm
from tracker.extensions import db, limiter, login_manager
from tracker.formtools import add_error
from tracker.localtime import VALID_TIMEZONES, local_today
from tracker.models import User
from tracker.security import limit_value

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Load the user of a session id "<user id>.<session version>"; stale versions get None."""
    parsed = operations.parse_session_id(session_id)
    if parsed is None:
        return None
    user_id, version = parsed
    user = db.session.get(User, user_id)
    if user is None or user.session_version != version:
        return None
    return user


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


def _refused(response: Response) -> bool:
    # A refused login re-renders the form with 400: a wrong password, a bad form or no CSRF token.
    return response.status_code == 400


def _account_key() -> str:
    """Rate-limit key for failed logins to one account, whatever address they come from."""
    return "account:" + operations.normalize_email(request.form.get("email", ""))[:254]


def _start_session(user: User, remember: bool = False) -> None:
    """Log a user in on a new session: nothing from before login carries over (fixation)."""
    session.clear()
    login_user(user, remember=remember)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(limit_value("REGISTER_RATE_LIMIT"), methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("diary.today"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            detected = request.form.get("timezone", "")
            user = operations.register_user(
                form.email.data or "",
                form.password.data or "",
                timezone=detected if detected in VALID_TIMEZONES else "UTC",
            )
        except operations.EmailTakenError:
            # Same wording as a bad login would get: do not confirm who has an account.
            add_error(
                form.email,
                "An account cannot be created with this email. If it is yours, log in instead.",
            )
        else:
            _start_session(user)
            flash(
                "Welcome! Your account is ready: search for a food below to log it.",
                "success",
            )
            return redirect(url_for("diary.today"))
    status = 400 if form.errors else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(limit_value("LOGIN_RATE_LIMIT"), methods=["POST"], deduct_when=_refused)
@limiter.limit(
    limit_value("LOGIN_ACCOUNT_RATE_LIMIT"),
    methods=["POST"],
    deduct_when=_refused,
    key_func=_account_key,
)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("diary.today"))
    form = LoginForm()
    if form.validate_on_submit():
        user = operations.authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            next_url = _safe_next(request.args.get("next"))
            _start_session(user, remember=form.remember.data)
            flash("You are logged in.", "success")
            return redirect(next_url)
        add_error(form.password, "That email and password do not match an account.")
    status = 400 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        # Every copy of this account's session cookies, on any device, stops working.
        operations.end_all_sessions(current_user)
    logout_user()
    # Drop everything the session held (CSRF token, flashes), then say goodbye on a fresh one.
    session.clear()
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
                week_starts_on=form.week_starts_on.data or None,
                bisphosphonate_gap_minutes=form.bisphosphonate_gap_minutes.data,
            ),
        )
        flash("Profile saved.", "success")
        return redirect(url_for("auth.profile"))
    status = 400 if form.errors else 200
    reference = operations.reference_intake_for(current_user, local_today(current_user))
    return render_template("auth/profile.html", form=form, reference=reference), status
