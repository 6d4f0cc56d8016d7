"""Account pages: register, log in (and its two-step code), log out, forgotten password, profile."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from tracker.auth import devices, limits, operations, recent, sessions, two_step
from tracker.auth.forms import (
    CODE_HINT,
    FinishRegistrationForm,
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    RegisterEmailForm,
    RegisterForm,
    ResetPasswordForm,
    TwoStepLoginForm,
)
from tracker.auth.pages import form_page, page
from tracker.extensions import db, limiter, login_manager
from tracker.formatting import counted
from tracker.formtools import add_error, required
from tracker.localtime import VALID_TIMEZONES, local_today
from tracker.models import User
from tracker.security import limit_value

bp = Blueprint("auth", __name__)

# How long after the password the two-step code may come.
TWO_STEP_WINDOW = timedelta(minutes=5)
LINK_INVALID_STATUS = 404
WRONG_CODE = (
    "That code is not right. Type the 6 digits your app shows now, or an unused recovery code."
)


@login_manager.user_loader
def load_user(login_id: str) -> User | None:
    """The user of a session's login id, while the session-validity rule holds."""
    return sessions.user_for_login_id(login_id)


bp.before_app_request(sessions.restore_remembered_login)


# For each kind of emailed link: what to say when it is expired, used or altered, and what to
# do instead (endpoint, button).
INVALID_LINKS = {
    "reset": (
        "This password reset link has expired (links work for one hour), has been used "
        "already, or is not complete. Ask for a new one: it only takes a minute.",
        "auth.forgot_password",
        "Ask for a new link",
    ),
    "registration": (
        "This link to finish creating an account has expired (links work for 24 hours), has "
        "been used, or is not complete. If you created the account already, log in.",
        "auth.register",
        "Start again",
    ),
    "registered": (
        "An account with this email exists already: log in to it.",
        "auth.login",
        "Log in",
    ),
    "email": (
        "This link to confirm a new email address has expired (links work for 24 hours), "
        "has been used already, or is not complete. Your account keeps the address it had.",
        "auth.change_email",
        "Change your email again",
    ),
}


def link_invalid(kind: str) -> Response:
    """The one answer for an expired, used or altered link: what to do instead."""
    what, endpoint, label = INVALID_LINKS[kind]
    return page(
        "auth/link_invalid.html",
        LINK_INVALID_STATUS,
        secret_url=True,
        what=what,
        again_url=url_for(endpoint),
        again_label=label,
    )


def safe_next(target: str | None) -> str:
    """Only follow a ?next= that stays on this site."""
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
            and "\\" not in target
        ):
            return target
    return url_for("diary.today")


def complete_login(user: User, remember: bool = False, password_at: float | None = None) -> None:
    """The last step of every login: a new session, and this browser known to the account.

    The password was entered now, or at password_at (two-step login: before the code).
    """
    sessions.start_session(user, remember=remember)
    recent.mark_password_entered(password_at)
    devices.remember_account(user.id)


def _detected_timezone() -> str:
    detected = request.form.get("timezone", "")
    return detected if detected in VALID_TIMEZONES else "UTC"


def _welcome() -> WerkzeugResponse:
    flash("Welcome! Your account is ready: search for a food below to log it.", "success")
    return redirect(url_for("diary.today"))


# --- Registration -------------------------------------------------------------------------


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(limit_value("REGISTER_RATE_LIMIT"), methods=["POST"])
@limits.mail_requests(only_when=limits.registration_by_email)
def register():
    if current_user.is_authenticated:
        return redirect(url_for("diary.today"))
    if current_app.config["REGISTRATION_BY_EMAIL"]:
        return _register_by_email()
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = operations.register_user(
                required(form.email.data),
                required(form.password.data),
                timezone=_detected_timezone(),
            )
        except operations.EmailTakenError:
            # Without mail to the owner there is no way not to refuse; say as little as a bad
            # login would (README, "Accounts": set TRACKER_MAIL_SERVER to close this).
            add_error(
                form.email,
                "An account cannot be created with this email. If it is yours, log in instead.",
            )
        else:
            complete_login(user)
            return _welcome()
    return form_page("auth/register.html", form, by_email=False)


def _register_by_email() -> Response:
    """Where mail reaches people: the same answer whether or not the email has an account."""
    form = RegisterEmailForm()
    if form.validate_on_submit():
        operations.request_registration(required(form.email.data))
        return page("auth/check_email.html", purpose="registration", email=form.email.data)
    return form_page("auth/register.html", form, by_email=True)


@bp.route("/register/finish/<token>", methods=["GET", "POST"])
@limiter.limit(limit_value("REGISTER_RATE_LIMIT"), methods=["POST"])
def finish_registration(token: str):
    email = operations.email_for_registration(token)
    if email is None:
        return link_invalid("registration")
    form = FinishRegistrationForm(email=email)
    if form.validate_on_submit():
        try:
            user = operations.register_user(
                email, required(form.password.data), timezone=_detected_timezone()
            )
        except operations.EmailTakenError:
            return link_invalid("registered")
        complete_login(user)
        return _welcome()
    return form_page("auth/finish_registration.html", form, secret_url=True, email=email)


# --- Logging in and out ---------------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
@limits.login_attempts
def login():
    if current_user.is_authenticated:
        return redirect(url_for("diary.today"))
    form = LoginForm()
    if form.validate_on_submit():
        user = operations.authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            next_url = safe_next(request.args.get("next"))
            if user.two_step_enabled:
                session.clear()
                session[limits.TWO_STEP_PENDING] = {
                    "u": user.id,
                    "t": user.session_token,
                    "r": bool(form.remember.data),
                    "n": next_url,
                    "at": int(datetime.now(UTC).timestamp()),
                }
                return redirect(url_for("auth.two_step_login"))
            complete_login(user, remember=form.remember.data)
            flash("You are logged in.", "success")
            return redirect(next_url)
        add_error(form.password, "That email and password do not match an account.")
    return form_page("auth/login.html", form)


def _pending_login() -> tuple[User, dict] | None:
    """The account whose password was just given in this session, if still in time."""
    pending = session.get(limits.TWO_STEP_PENDING)
    user_id = limits.pending_user_id()
    if user_id is None or not isinstance(pending, dict) or not isinstance(pending.get("at"), int):
        return None
    if datetime.now(UTC).timestamp() - pending["at"] > TWO_STEP_WINDOW.total_seconds():
        return None
    user = db.session.get(User, user_id)
    # A password change, reset or log out everywhere since then ends the attempt too.
    if user is None or user.session_token != pending.get("t") or not user.two_step_enabled:
        return None
    return user, pending


@bp.route("/login/two-step", methods=["GET", "POST"])
@limits.code_attempts
def two_step_login():
    if current_user.is_authenticated:
        return redirect(url_for("diary.today"))
    found = _pending_login()
    if found is None:
        session.pop(limits.TWO_STEP_PENDING, None)
        flash("Please log in again: the code must follow the password within 5 minutes.", "info")
        return redirect(url_for("auth.login"))
    user, pending = found
    form = TwoStepLoginForm()
    if form.validate_on_submit():
        was_recovery = not two_step.looks_like_totp(required(form.code.data))
        if two_step.use_code(user, required(form.code.data)):
            complete_login(user, remember=bool(pending.get("r")), password_at=pending["at"])
            if was_recovery:
                _flash_recovery_codes_left(user)
            else:
                flash("You are logged in.", "success")
            return redirect(safe_next(pending.get("n")))
        add_error(form.code, WRONG_CODE)
    return form_page("auth/two_step_login.html", form, code_hint=CODE_HINT)


def _flash_recovery_codes_left(user: User) -> None:
    left = two_step.recovery_codes_left(user)
    advice = " Make new ones on the Two-step login page." if left <= 3 else ""
    flash(
        f"You are logged in with a recovery code; it cannot be used again. "
        f"{counted(left, 'recovery code')} left.{advice}",
        "success" if left > 3 else "info",
    )


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        # Every copy of this account's session cookies, on any device, stops working.
        operations.log_out_everywhere(current_user)
    # Drop everything the session held (CSRF token, flashes), then say goodbye on a fresh one.
    sessions.end_session()
    flash("You are logged out.", "success")
    return redirect(url_for("pages.home"))


# --- A forgotten password -----------------------------------------------------------------


@bp.route("/password/forgot", methods=["GET", "POST"])
@limits.mail_requests()
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        operations.request_password_reset(required(form.email.data))
        return page("auth/check_email.html", purpose="reset", email=form.email.data)
    return form_page("auth/forgot_password.html", form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limits.code_attempts
def reset_password(token: str):
    user = operations.account_for_reset(token)
    if user is None:
        return link_invalid("reset")
    form = ResetPasswordForm(email=user.email)
    if form.validate_on_submit():
        if user.two_step_enabled and not form.code.data:
            add_error(form.code, "Enter the code from your authenticator app.")
        elif user.two_step_enabled and not two_step.use_code(user, required(form.code.data)):
            add_error(form.code, WRONG_CODE)
        elif operations.reset_password(user, user.password_hash, required(form.new_password.data)):
            complete_login(user)
            flash(
                "Your new password is set and you are logged in. Every other device where "
                "you were logged in is logged out.",
                "success",
            )
            return redirect(url_for("diary.today"))
        else:
            return link_invalid("reset")  # used meanwhile, in another tab or request
    return form_page(
        "auth/reset_password.html",
        form,
        secret_url=True,
        two_step=user.two_step_enabled,
        code_hint=CODE_HINT,
    )


# --- Profile ------------------------------------------------------------------------------


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
                show_bone_companions=form.show_bone_companions.data,
            ),
        )
        flash("Profile saved.", "success")
        return redirect(url_for("auth.profile"))
    status = 400 if form.errors else 200
    reference = operations.reference_intake_for(current_user, local_today(current_user))
    return render_template("auth/profile.html", form=form, reference=reference), status
