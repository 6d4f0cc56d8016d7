"""Two-step login: setup with a QR code, login with a code or a recovery code, limits, turning
it off, and a password reset that does not get around it."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest

from tests import account_helpers, mail_server
from tests.account_helpers import (
    Codes,
    client_from,
    fresh_user,
    password_step,
    turn_on_two_step,
)
from tests.helpers import PASSWORD, login
from tests.page_forms import CRITICAL, forms_on
from tests.routes import snapshot
from tracker.auth import tokens, two_step
from tracker.extensions import db
from tracker.models import RecoveryCode, User, utcnow

WRONG = "That code is not right"
mailbox, rate_limits = mail_server.mailbox, account_helpers.rate_limits  # fixtures


def _key_from_page(page: str) -> str:
    return re.search(r'data-testid="two-step-key">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")


def test_setup_shows_a_qr_code_and_the_key_and_needs_a_right_code(
    app, auth_client, user, monkeypatch
):
    settings = auth_client.get("/account/two-step").get_data(as_text=True)
    assert "Set up two-step login" in settings
    page = auth_client.get("/account/two-step/setup").get_data(as_text=True)
    svg = re.search(r"<svg [^>]*>.*?</svg>", page, re.S).group(0)
    assert 'role="img"' in svg and "aria-label=" in svg
    assert "style=" not in svg  # the CSP allows no inline style
    key = _key_from_page(page)
    assert len(key) == 32  # 160 bits
    # The same key until it is confirmed, so a reload does not break a half-done setup.
    assert _key_from_page(auth_client.get("/account/two-step/setup").get_data(as_text=True)) == key

    wrong = auth_client.post("/account/two-step/setup", data={"code": "000000"})
    assert wrong.status_code == 400
    assert "That code does not match" in wrong.get_data(as_text=True)
    assert fresh_user(app, user.email).totp_secret is None

    code = Codes(key).next(monkeypatch)
    done = auth_client.post("/account/two-step/setup", data={"code": code})
    assert done.status_code == 302
    assert done.headers["Location"] == "/account/two-step/recovery-codes"
    shown = auth_client.get("/account/two-step/recovery-codes").get_data(as_text=True)
    codes = re.findall(r"<code>([a-z0-9-]+)</code>", shown)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", c) for c in codes)
    # Shown once: the next visit shows none, and only their hashes are stored.
    again = auth_client.get("/account/two-step/recovery-codes").get_data(as_text=True)
    assert not re.findall(r"<code>", again)
    assert "shown once only" in again
    with app.app_context():
        stored = db.session.execute(db.select(RecoveryCode.code_sha256)).scalars().all()
        assert len(stored) == 10 and not set(codes) & set(stored)
        assert db.session.get(User, user.id).totp_secret == key


def test_login_asks_for_the_code_after_the_password(app, client, user, monkeypatch):
    key, _ = turn_on_two_step(app, user.email)
    codes = Codes(key)
    response = password_step(client, user.email)
    assert response.headers["Location"] == "/login/two-step"
    assert client.get("/profile").status_code == 302  # not logged in yet
    page = client.get("/login/two-step").get_data(as_text=True)
    assert "Authentication code" in page and ">Verify<" in page.replace(
        'value="Verify"', ">Verify<"
    )
    wrong = client.post("/login/two-step", data={"code": "123456"})
    assert wrong.status_code == 400 and WRONG in wrong.get_data(as_text=True)
    code = codes.next(monkeypatch)
    ok = client.post("/login/two-step", data={"code": code})
    assert ok.status_code == 302
    assert client.get("/profile").status_code == 200

    # The same code cannot be used twice (RFC 6238 5.2), in another login.
    other = app.test_client()
    password_step(other, user.email)
    assert other.post("/login/two-step", data={"code": code}).status_code == 400
    assert other.post("/login/two-step", data={"code": codes.next(monkeypatch)}).status_code == 302


def test_a_recovery_code_works_once(app, client, user):
    _, recovery = turn_on_two_step(app, user.email)
    password_step(client, user.email)
    used = client.post("/login/two-step", data={"code": recovery[0].upper().replace("-", " ")})
    assert used.status_code == 302
    assert "9 recovery codes left" in client.get("/profile").get_data(as_text=True)
    other = app.test_client()
    password_step(other, user.email)
    assert other.post("/login/two-step", data={"code": recovery[0]}).status_code == 400
    assert other.post("/login/two-step", data={"code": recovery[1]}).status_code == 302


def test_the_code_step_needs_a_recent_password_step(app, client, user, monkeypatch):
    turn_on_two_step(app, user.email)
    assert client.get("/login/two-step").headers["Location"] == "/login"
    password_step(client, user.email)
    from tracker.auth import views

    monkeypatch.setattr(views, "TWO_STEP_WINDOW", -views.TWO_STEP_WINDOW)
    assert client.post("/login/two-step", data={"code": "123456"}).headers["Location"] == "/login"


def test_wrong_codes_are_limited_and_the_owner_is_told(
    app, user, rate_limits, mailbox, monkeypatch
):
    key, _ = turn_on_two_step(app, user.email)
    rate_limits["TWO_STEP_RATE_LIMIT"] = "3 per hour"
    for attempt in range(3):
        stranger = client_from(app, f"203.0.113.{attempt + 1}")
        password_step(stranger, user.email)
        assert stranger.post("/login/two-step", data={"code": "000000"}).status_code == 400
    blocked = client_from(app, "203.0.113.50")
    password_step(blocked, user.email)
    response = blocked.post("/login/two-step", data={"code": Codes(key).next(monkeypatch)})
    assert response.status_code == 429
    [alert] = mailbox.wait_for(1)
    assert alert["Subject"] == "Someone is trying to log in to your Magnesium Tracker account"
    assert alert["To"] == user.email


def test_turning_off_needs_the_password_and_a_code(app, auth_client, user, monkeypatch):
    key, _ = turn_on_two_step(app, user.email)
    codes = Codes(key)
    page = auth_client.get("/account/two-step").get_data(as_text=True)
    assert "Recovery codes left: <strong>10</strong>" in page
    bad_password = auth_client.post(
        "/account/two-step/off",
        data={"current_password": "not it", "code": codes.next(monkeypatch)},
    )
    assert bad_password.status_code == 400
    bad_code = auth_client.post(
        "/account/two-step/off", data={"current_password": PASSWORD, "code": "000000"}
    )
    assert bad_code.status_code == 400
    assert fresh_user(app, user.email).two_step_enabled
    off = auth_client.post(
        "/account/two-step/off",
        data={"current_password": PASSWORD, "code": codes.next(monkeypatch)},
    )
    assert off.status_code == 302
    assert not fresh_user(app, user.email).two_step_enabled
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(RecoveryCode.id))).scalar_one() == 0
    login(app.test_client(), user.email)  # one step again


def test_new_recovery_codes_replace_the_old_ones(app, auth_client, user):
    _, old = turn_on_two_step(app, user.email)
    refused = auth_client.post(
        "/account/two-step/recovery-codes", data={"current_password": "wrong one"}
    )
    assert refused.status_code == 400
    made = auth_client.post("/account/two-step/recovery-codes", data={"current_password": PASSWORD})
    assert made.status_code == 302
    new = re.findall(
        r"<code>([a-z0-9-]+)</code>",
        auth_client.get("/account/two-step/recovery-codes").get_data(as_text=True),
    )
    assert len(new) == 10 and not set(new) & set(old)
    client = app.test_client()
    password_step(client, user.email)
    assert client.post("/login/two-step", data={"code": old[0]}).status_code == 400
    assert client.post("/login/two-step", data={"code": new[0]}).status_code == 302


def test_a_password_reset_does_not_get_around_two_step_login(app, client, user, monkeypatch):
    key, recovery = turn_on_two_step(app, user.email)
    with app.app_context():
        token = tokens.for_account(db.session.get(User, user.id), tokens.Purpose.PASSWORD_RESET)
    url = f"/password/reset/{token}"
    assert "Authentication code" in client.get(url).get_data(as_text=True)
    new = {
        "new_password": "a brand new passphrase",
        "confirm_new_password": "a brand new passphrase",
    }
    for code in ("", "000000", "not-a-code"):
        before = snapshot(app)
        response = client.post(url, data={**new, "code": code})
        assert response.status_code == 400
        assert snapshot(app) == before
    done = client.post(url, data={**new, "code": Codes(key).next(monkeypatch)})
    assert done.status_code == 302
    # Logged in by the reset; the next login still asks for a code.
    other = app.test_client()
    password_step(other, user.email, "a brand new passphrase")
    assert other.get("/profile").status_code == 302
    assert other.post("/login/two-step", data={"code": recovery[0]}).status_code == 302


def test_the_two_step_forms_survive_bad_values(app, user, monkeypatch):
    """What tests/test_bad_input.py does for every form, for the two-step forms it cannot see."""
    key, _ = turn_on_two_step(app, user.email)
    owner = app.test_client()
    password_step(owner, user.email)
    assert (
        owner.post("/login/two-step", data={"code": Codes(key).next(monkeypatch)}).status_code
        == 302
    )
    pending = app.test_client()
    password_step(pending, user.email)
    forms = [
        (owner, form)
        for form in forms_on(app, "/account/two-step", owner.get("/account/two-step").text, True)
    ]
    forms += [
        (pending, form)
        for form in forms_on(app, "/login/two-step", pending.get("/login/two-step").text, False)
    ]
    assert {form.endpoint for _, form in forms} >= {
        "auth.two_step_off",
        "auth.recovery_codes",
        "auth.two_step_login",
    }
    problems = []
    for client, form in forms:
        for name in form.fields:
            for bad in [*CRITICAL, "١٢٣٤٥٦", " 1 2 3 4 5 6 ", "12345", "1234567"]:
                before = snapshot(app)
                payload = {n: f.default for n, f in form.fields.items()} | {name: bad}
                response = client.post(form.action, data=payload)
                if response.status_code >= 500:
                    problems.append(f"{form.endpoint} {name}={bad[:20]!r}: {response.status_code}")
                elif response.status_code >= 400 and snapshot(app) != before:
                    problems.append(f"{form.endpoint} {name}={bad[:20]!r}: refused, data changed")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("drift", [-30, 0, 30])
def test_codes_of_the_neighbouring_steps_are_accepted(drift):
    key = two_step.new_key()
    totp = pyotp.TOTP(key)
    now = utcnow()
    assert two_step.matching_step(key, totp.at(now + timedelta(seconds=drift)), now) is not None
    assert two_step.matching_step(key, totp.at(now + timedelta(seconds=95)), now) is None
