"""The emails about accounts: their words (templates/auth/email/) and links (TRACKER_PUBLIC_URL)."""

from __future__ import annotations

from flask import render_template

from tracker import mail
from tracker.auth import tokens
from tracker.models import User
from tracker.urls import external_url


def _send(to: str, subject: str, template: str, **values: object) -> bool:
    text = render_template(f"auth/email/{template}", home_url=external_url("pages.home"), **values)
    return mail.send(to, subject, text)


def password_reset(user: User) -> bool:
    token = tokens.for_account(user, tokens.Purpose.PASSWORD_RESET)
    return _send(
        user.email,
        "Reset your Magnesium Tracker password",
        "password_reset.txt",
        link=external_url("auth.reset_password", token=token),
        two_step=user.two_step_enabled,
    )


def registration_link(email: str) -> bool:
    token = tokens.make(tokens.Purpose.REGISTRATION, e=email)
    return _send(
        email,
        "Finish creating your Magnesium Tracker account",
        "registration_link.txt",
        link=external_url("auth.finish_registration", token=token),
    )


def registration_existing(user: User) -> bool:
    return _send(
        user.email,
        "You already have a Magnesium Tracker account",
        "registration_existing.txt",
        login_url=external_url("auth.login"),
        forgot_url=external_url("auth.forgot_password"),
    )


def email_change(user: User, new_email: str) -> bool:
    token = tokens.for_account(user, tokens.Purpose.EMAIL_CHANGE, e=new_email)
    return _send(
        new_email,
        "Confirm your new email address for Magnesium Tracker",
        "email_change.txt",
        link=external_url("auth.confirm_email", token=token),
    )


def email_change_taken(new_email: str) -> bool:
    return _send(new_email, "Your email address and Magnesium Tracker", "email_change_taken.txt")


NOTICES = {
    "password_changed": (
        "Your Magnesium Tracker password was changed",
        "The password of your Magnesium Tracker account was just changed, and every other "
        "device logged in to it was logged out.",
    ),
    "email_changed": (
        "Your Magnesium Tracker email address was changed",
        "Your Magnesium Tracker account now uses a new email address: {new_email}. This "
        "address ({old_email}) gets no more email about the account.",
    ),
    "two_step_on": (
        "Two-step login is on for your Magnesium Tracker account",
        "Two-step login was turned on: logging in now needs a code from your authenticator "
        "app (or a recovery code) after the password.",
    ),
    "two_step_off": (
        "Two-step login is off for your Magnesium Tracker account",
        "Two-step login was turned off: logging in needs only the password again.",
    ),
    "logins_paused": (
        "Someone is trying to log in to your Magnesium Tracker account",
        "There were many failed attempts to log in to your Magnesium Tracker account, with "
        "a wrong password or a wrong two-step code. To protect it, logins from browsers that "
        "have not logged in to it before are paused for up to an hour. You can still log in "
        "from a browser you have used before.",
    ),
}
ADVICE = (
    "If this was you, there is nothing to do. If it was not, change your password now (or "
    "reset it from the login page: {forgot_url}) and consider turning on two-step login."
)


def security_notice(user: User, kind: str, to: str | None = None, **values: str) -> bool:
    """A short notice about something that happened to the account (NOTICES)."""
    subject, what = NOTICES[kind]
    return _send(
        to or user.email,
        subject,
        "security_notice.txt",
        what=what.format(**values),
        advice=ADVICE.format(forgot_url=external_url("auth.forgot_password")),
    )
