"""The password asked again before an action that hands health data to someone else.

Making a share link (anyone with the link can read the report) and downloading all data need
a password entered in this session within RECENT_LOGIN (TRACKER_REAUTH_MINUTES, 15 by
default). The session (signed, so nobody can move the time) records when the password was
last entered: at login, on any page that checks it, and on "Confirm your password". A login
restored from the "Keep me logged in" cookie has not entered it.

`@recent_login_required(action, back)` guards a view:
- a GET goes to the "Confirm your password" page (auth.confirm_password), which then goes
  on to the URL asked for;
- a POST is answered with the same page, whose form posts back to the same URL with every
  field the person sent kept as hidden fields plus the password, so once it is right the
  action runs with the person's choices and its own answer is the response (a share link
  is shown once, on that very response).
Wrong passwords are rate-limited like every other password check (tracker.auth.limits).

With two-step login on, the password alone confirms: the code proved this device at login,
and the check guards against someone else using a browser left logged in, who does not know
the password; asking for the phone every 15 minutes would add little against that.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import Response, current_app, g, redirect, request, session, url_for
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from tracker.auth import limits, operations
from tracker.auth.forms import ConfirmPasswordForm
from tracker.auth.pages import page
from tracker.formtools import add_error, required

PASSWORD_AT = "password_at"
WRONG_PASSWORD = "That is not your password."
# Hidden fields not carried over from the request being confirmed: a fresh token is sent, and
# the confirmation form's own fields are its own.
NOT_CARRIED = {"csrf_token", limits.REAUTH_FIELD, "reauth_submit"}


@dataclass(frozen=True)
class Guard:
    action: str  # what the person is doing, to finish "To …, enter your password again."
    back: str  # the endpoint of the page to return to without doing it
    back_label: str  # that page's name, for "Back to …"
    then: str | None = None  # for a POST: what happens once confirmed ("your link is made …")


def mark_password_entered(at: float | None = None) -> None:
    """Remember that the password was entered in this session now (or at `at`, Unix time)."""
    session[PASSWORD_AT] = int(time.time() if at is None else at)


def login_is_recent() -> bool:
    """Whether this session's password was entered within RECENT_LOGIN."""
    at = session.get(PASSWORD_AT)
    if not isinstance(at, int) or isinstance(at, bool):
        return False
    age = time.time() - at
    # Up to a minute "in the future": another instance's clock may run a little ahead.
    return -60 <= age < current_app.config["RECENT_LOGIN"].total_seconds()


def password_confirmed(form: ConfirmPasswordForm) -> bool:
    """Check the form's password; remember the time if it is right, else say it is not."""
    if form.validate_on_submit() and operations.password_is_right(
        current_user, required(form.reauth_password.data)
    ):
        mark_password_entered()
        return True
    if not form.reauth_password.errors:
        add_error(form.reauth_password, WRONG_PASSWORD)
    setattr(g, limits.REAUTH_REFUSED, True)
    return False


def this_url() -> str:
    """The path and query of this request, relative to the site."""
    query = request.query_string.decode("latin-1")
    return request.script_root + request.path + (f"?{query}" if query else "")


def guard_of(path: str) -> Guard | None:
    """The guard of the view a path on this site leads to, if it has one."""
    adapter = current_app.url_map.bind("localhost", script_name=request.script_root or "/")
    try:
        endpoint, _ = adapter.match(path.split("?", 1)[0].removeprefix(request.script_root))
    except HTTPException:
        return None
    return getattr(current_app.view_functions.get(endpoint), "recent_login", None)


def confirm_page(
    guard: Guard | None,
    form: ConfirmPasswordForm,
    *,
    action_url: str,
    carried: list[tuple[str, str]],
    status: int = 200,
) -> Response:
    """The "Confirm your password" page."""
    return page(
        "auth/confirm_password.html",
        status,
        form=form,
        guard=guard or Guard("go on", "diary.today", "today’s page"),
        action_url=action_url,
        carried=carried,
        minutes=int(current_app.config["RECENT_LOGIN"].total_seconds() // 60),
    )


def _carried_fields() -> list[tuple[str, str]]:
    return [(k, v) for k, v in request.form.items(multi=True) if k not in NOT_CARRIED]


def recent_login_required(
    action: str, back: str, back_label: str, then: str | None = None
) -> Callable[[Callable], Callable]:
    """Guard a view (after login_required) with the password entered within RECENT_LOGIN.

    The words finish the page's sentences: "To {action}, enter your password again.",
    "Back to {back_label}" (the page of endpoint `back`), "Once you confirm, {then}."
    """
    guard = Guard(action, back, back_label, then)

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            if login_is_recent():
                return view(*args, **kwargs)
            if request.method == "GET":
                return redirect(url_for("auth.confirm_password", next=this_url()))
            sent = limits.REAUTH_FIELD in request.form
            form = ConfirmPasswordForm() if sent else ConfirmPasswordForm(formdata=None)
            if sent and password_confirmed(form):
                return view(*args, **kwargs)
            return confirm_page(
                guard,
                form,
                action_url=this_url(),
                carried=_carried_fields(),
                status=400 if sent else 200,
            )

        guarded.recent_login = guard  # type: ignore[attr-defined]
        # Wrong passwords sent here count like every other password check.
        return limits.reauth_checks(guarded)

    return decorate
