"""The password policy of NIST SP 800-63B: long enough, not a known common password.

No composition rules (digits, symbols, case): they make passwords harder to remember without
making them harder to guess. The list is tracker/data/common_passwords.txt (see its
provenance file); every entry is lower-case, so the comparison ignores case.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

COMMON_PASSWORDS_FILE = Path(__file__).resolve().parents[1] / "data" / "common_passwords.txt"
# Words that name this service: a password made of them is the first thing an attacker tries.
SERVICE_WORDS = ("magnesium", "magnesiumtracker", "magnesium tracker", "tracker")


@cache
def common_passwords() -> frozenset[str]:
    """Return the shipped list of common passwords (lower-case)."""
    return frozenset(COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines())


def password_problem(password: str, email: str = "") -> str | None:
    """Return why a new password is refused (beyond its length), or None if it is fine."""
    candidate = password.strip().lower()
    if candidate in common_passwords():
        return (
            "This password is on a list of common passwords that attackers try first. "
            "Choose a different one: a few unrelated words work well."
        )
    email = email.strip().lower()
    local_part = email.partition("@")[0]
    if candidate and candidate in {email, local_part, *SERVICE_WORDS}:
        return "Choose a password that is not your email address or the name of this site."
    return None
