"""Account settings: change the password or the email, two-step login, delete the account."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import flash, redirect, request, session, url_for
from flask_login import current_user, login_required

from tracker.auth import limits, messages, operations, recent, sessions, two_step
from tracker.auth.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    ConfirmEmailForm,
    ConfirmPasswordForm,
    DeleteAccountForm,
    RecoveryCodesForm,
    TwoStepOffForm,
    TwoStepSetupForm,
)
from tracker.auth.pages import form_page, page
from tracker.auth.views import WRONG_CODE, bp, link_invalid, safe_next
from tracker.formtools import add_error, required

WRONG_PASSWORD = "That is not your current password."
SETUP_KEY = "two_step_setup"
NEW_CODES = "recovery_codes_once"
# A key being set up is kept in the session this long before a new one is made.
SETUP_WINDOW = timedelta(minutes=30)


def _password_refused(field, message: str = WRONG_PASSWORD) -> bool:
    """Whether the field's password is wrong (and the form then says so)."""
    if operations.password_is_right(current_user, field.data):
        recent.mark_password_entered()
        return False
    field.errors.append(message)
    return True


# --- Password -----------------------------------------------------------------------------


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limits.password_checks
def change_password():
    form = ChangePasswordForm(email=current_user.email)
    if form.validate_on_submit() and not _password_refused(form.current_password):
        operations.change_password(current_user, required(form.new_password.data))
        sessions.keep_this_session(current_user)
        flash(
            "Your password is changed. Every other device where you were logged in is now "
            "logged out; this one stays logged in.",
            "success",
        )
        return redirect(url_for("auth.profile"))
    return form_page("auth/change_password.html", form)


# --- Email --------------------------------------------------------------------------------


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
@limits.password_checks
@limits.mail_requests(field="new_email")
def change_email():
    form = ChangeEmailForm()
    if form.validate_on_submit() and not _password_refused(form.current_password):
        new_email = operations.normalize_email(required(form.new_email.data))
        if new_email == current_user.email:
            add_error(form.new_email, "That is already your email address.")
        else:
            operations.request_email_change(current_user, new_email)
            flash(
                f"We sent a link to {new_email}. Open it to confirm the new address; until "
                f"then your account keeps {current_user.email}.",
                "success",
            )
            return redirect(url_for("auth.profile"))
    return form_page("auth/change_email.html", form)


@bp.route("/account/email/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    found = operations.pending_email_change(token)
    if found is None:
        return link_invalid("email")
    user, new_email = found
    form = ConfirmEmailForm()
    if form.validate_on_submit():
        try:
            operations.change_email(user, new_email)
        except operations.EmailTakenError:
            form.submit.errors = [
                "Another account uses this address now, so nothing changed. Choose another one."
            ]
        else:
            flash(f"Your email address is now {new_email}.", "success")
            if current_user.is_authenticated and current_user.id == user.id:
                return redirect(url_for("auth.profile"))
            return redirect(url_for("auth.login"))
    return form_page(
        "auth/confirm_email.html", form, secret_url=True, new_email=new_email, user=user
    )


# --- Two-step login -----------------------------------------------------------------------


def _settings_page(
    status: int = 200,
    off_form: TwoStepOffForm | None = None,
    codes_form: RecoveryCodesForm | None = None,
):
    return page(
        "auth/two_step.html",
        status,
        left=two_step.recovery_codes_left(current_user),
        off_form=off_form or TwoStepOffForm(formdata=None),
        codes_form=codes_form or RecoveryCodesForm(formdata=None),
    )


@bp.get("/account/two-step")
@login_required
def two_step_settings():
    return _settings_page()


def _setup_key() -> str:
    """The key being set up in this session, or a new one."""
    pending = session.get(SETUP_KEY)
    now = int(datetime.now(UTC).timestamp())
    if (
        isinstance(pending, dict)
        and isinstance(pending.get("k"), str)
        and isinstance(pending.get("at"), int)
        and now - pending["at"] < SETUP_WINDOW.total_seconds()
    ):
        return pending["k"]
    key = two_step.new_key()
    session[SETUP_KEY] = {"k": key, "at": now}
    return key


@bp.route("/account/two-step/setup", methods=["GET", "POST"])
@login_required
@limits.code_attempts
def two_step_setup():
    if current_user.two_step_enabled:
        return redirect(url_for("auth.two_step_settings"))
    key = _setup_key()
    form = TwoStepSetupForm()
    if form.validate_on_submit():
        step = two_step.matching_step(key, required(form.code.data))
        if step is None:
            add_error(
                form.code,
                "That code does not match. Check that the app shows Magnesium Tracker with "
                "your email, and type the 6 digits it shows now.",
            )
        else:
            session[NEW_CODES] = two_step.turn_on(current_user, key, step)
            session.pop(SETUP_KEY, None)
            messages.security_notice(current_user, "two_step_on")
            flash("Two-step login is on.", "success")
            return redirect(url_for("auth.recovery_codes"))
    return form_page(
        "auth/two_step_setup.html",
        form,
        qr_svg=two_step.qr_svg(key, current_user.email),
        key=two_step.grouped_key(key),
    )


@bp.post("/account/two-step/off")
@login_required
@limits.code_attempts
def two_step_off():
    if not current_user.two_step_enabled:
        return redirect(url_for("auth.two_step_settings"))
    form = TwoStepOffForm()
    if form.validate_on_submit() and not _password_refused(form.current_password):
        if two_step.use_code(current_user, required(form.code.data)):
            two_step.turn_off(current_user)
            messages.security_notice(current_user, "two_step_off")
            flash("Two-step login is off: logging in needs only your password.", "success")
            return redirect(url_for("auth.two_step_settings"))
        add_error(form.code, WRONG_CODE)
    return _settings_page(400, off_form=form)


@bp.route("/account/two-step/recovery-codes", methods=["GET", "POST"])
@login_required
@limits.password_checks
def recovery_codes():
    if not current_user.two_step_enabled:
        return redirect(url_for("auth.two_step_settings"))
    form = RecoveryCodesForm()
    if form.validate_on_submit() and not _password_refused(form.current_password):
        session[NEW_CODES] = two_step.replace_recovery_codes(current_user)
        return redirect(url_for("auth.recovery_codes"))
    if form.errors:
        return _settings_page(400, codes_form=form)
    # Shown once: the page pops them from the session, and nothing keeps a copy.
    codes = session.pop(NEW_CODES, None)
    return page(
        "auth/recovery_codes.html",
        codes=codes if isinstance(codes, list) else None,
        left=two_step.recovery_codes_left(current_user),
    )


# --- Confirming the password before sharing or downloading everything ---------------------


@bp.route("/account/confirm-password", methods=["GET", "POST"])
@login_required
@limits.password_checks
def confirm_password():
    """Where a guarded GET (tracker.auth.recent) sends the person, with ?next= to go on to."""
    next_url = safe_next(request.args.get("next"))
    guard = recent.guard_of(next_url)
    form = ConfirmPasswordForm()
    if form.is_submitted() and recent.password_confirmed(form):
        if guard is None:
            return redirect(next_url)
        # A download would leave this form on the screen: say it worked, then go on.
        return page("auth/password_confirmed.html", next_url=next_url, guard=guard)
    return recent.confirm_page(
        guard,
        form,
        action_url=url_for("auth.confirm_password", next=next_url),
        carried=[],
        status=400 if form.errors else 200,
    )


# --- Deleting the account -----------------------------------------------------------------


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
@limits.password_checks
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if operations.delete_account(current_user, required(form.password.data)):
            sessions.end_session()
            flash("Your account and everything in it are deleted.", "success")
            return redirect(url_for("pages.home"))
        add_error(form.password, "That password is not right. Nothing was deleted.")
    return form_page("auth/delete_account.html", form)
