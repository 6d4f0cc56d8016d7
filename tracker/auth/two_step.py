"""Two-step login: authenticator-app codes (TOTP, RFC 6238) and single-use recovery codes.

The key is 160 random bits (RFC 4226's recommendation), shown as a QR code drawn here as SVG
(segno; no outside service sees it) and as text to type. Codes are 6 digits for 30-second
steps; the step before and after are accepted too (clock drift, RFC 6238 section 5.2), and
never a code of a step at or before the last one accepted, so a code works once.

Recovery codes are 16 characters from an alphabet without look-alikes (80 random bits), shown
once; only their SHA-256 is stored, as for share links: a leaked database cannot be turned back
into codes. Each works once.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime

import pyotp
import segno
from markupsafe import Markup

from tracker.extensions import db, rows_changed
from tracker.models import RecoveryCode, User, utcnow

ISSUER = "Magnesium Tracker"
KEY_LENGTH = 32  # base32 characters: 160 bits
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
RECOVERY_GROUPS, RECOVERY_GROUP_LENGTH = 4, 4
_TOTP_CODE = re.compile(r"[0-9]{6}")
_SEPARATORS = re.compile(r"[\s-]+")


def new_key() -> str:
    """A new random TOTP key (base32)."""
    return pyotp.random_base32(length=KEY_LENGTH)


def grouped_key(key: str) -> str:
    """The key in groups of four, easier to type into an app."""
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def provisioning_uri(key: str, email: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(key).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_svg(key: str, email: str) -> Markup:
    """The QR code of the key as inline SVG: dark modules on white, no style attributes (CSP)."""
    code = segno.make(provisioning_uri(key, email), error="m")
    svg = code.svg_inline(
        scale=4, dark="#000", light="#fff", svgclass="qr-code", lineclass=None, omitsize=True
    )
    # An image with a name for screen readers; the key is also shown as text beside it.
    svg = svg.replace(
        "<svg ",
        '<svg role="img" aria-label="QR code of your two-step key for an authenticator app" ',
        1,
    )
    # segno's own markup; the email is inside the QR modules only, never as text.
    return Markup(svg)


def normalize(code: str) -> str:
    """A code as typed, without spaces or hyphens, in lower case."""
    return _SEPARATORS.sub("", code or "").lower()


def looks_like_totp(code: str) -> bool:
    return _TOTP_CODE.fullmatch(normalize(code)) is not None


def matching_step(key: str, code: str, at: datetime | None = None) -> int | None:
    """The time step whose TOTP code this is (within the allowed drift), or None."""
    code = normalize(code)
    if not _TOTP_CODE.fullmatch(code):
        return None
    totp = pyotp.TOTP(key)
    now_step = totp.timecode(at or utcnow())
    for step in range(now_step - DRIFT_STEPS, now_step + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def use_totp_code(user: User, code: str) -> bool:
    """Accept a current code of the user's key once: a code already used is refused."""
    if user.totp_secret is None:
        return False
    step = matching_step(user.totp_secret, code)
    if step is None:
        return False
    # One statement, so two requests with the same code cannot both succeed.
    accepted = rows_changed(
        db.update(User)
        .where(
            User.id == user.id,
            db.or_(User.totp_last_counter.is_(None), User.totp_last_counter < step),
        )
        .values(totp_last_counter=step)
    )
    db.session.commit()
    return accepted == 1


def _code_hash(code: str) -> str:
    return hashlib.sha256(normalize(code).encode()).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones; return them (shown once)."""
    codes = [
        "-".join(
            "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUP_LENGTH))
            for _ in range(RECOVERY_GROUPS)
        )
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.add_all(RecoveryCode(user_id=user.id, code_sha256=_code_hash(c)) for c in codes)
    return codes


def replace_recovery_codes(user: User) -> list[str]:
    """Ten new recovery codes instead of the old ones, saved; return them (shown once)."""
    codes = new_recovery_codes(user)
    db.session.commit()
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """Accept one of the user's unused recovery codes, once."""
    used = rows_changed(
        db.update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_sha256 == _code_hash(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
    )
    db.session.commit()
    return used == 1


def use_code(user: User, code: str) -> bool:
    """Accept an authenticator code or a recovery code, each once."""
    if looks_like_totp(code):
        return use_totp_code(user, code)
    return use_recovery_code(user, code)


def recovery_codes_left(user: User) -> int:
    """How many of the user's recovery codes are unused."""
    return db.session.execute(
        db.select(db.func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ).scalar_one()


def turn_on(user: User, key: str, confirmed_step: int) -> list[str]:
    """Save a key confirmed by a code of `confirmed_step`; return the new recovery codes."""
    user.totp_secret = key
    user.totp_enabled_at = utcnow()
    user.totp_last_counter = confirmed_step  # the code that confirmed it is used up
    codes = new_recovery_codes(user)
    db.session.commit()
    return codes


def turn_off(user: User) -> None:
    """Remove the key and the recovery codes."""
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_counter = None
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.commit()
