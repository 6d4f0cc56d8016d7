"""Password hashes: argon2id with OWASP's parameters, and upgrading older hashes at login.

OWASP's Password Storage Cheat Sheet: "Use Argon2id with a minimum configuration of 19 MiB of
memory, an iteration count of 2, and 1 degree of parallelism." That is the default
(config PASSWORD_HASH_METHOD = "argon2id"): 24-30 ms a check on this project's machines
(bench/bench_password_hash.py, figures in bench/README.md). "argon2id:m=8,t=1,p=1" names
other parameters (the test suite uses a cheap set). Hashes made earlier by werkzeug ("scrypt:...",
"pbkdf2:...") still verify, and are replaced by an argon2id hash at the next successful login.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

ARGON2_PREFIX = "$argon2id$"
# OWASP's minimum for argon2id (memory in KiB).
OWASP_ARGON2 = {"m": 19 * 1024, "t": 2, "p": 1}


@dataclass(frozen=True)
class Hasher:
    """One configured way of hashing: argon2id (with parameters) or a werkzeug method."""

    method: str

    @property
    def argon2(self) -> PasswordHasher | None:
        return _argon2_hasher(self.method) if self.method.startswith("argon2id") else None

    def hash(self, password: str) -> str:
        if self.argon2 is not None:
            return self.argon2.hash(password)
        return generate_password_hash(password, method=self.method)

    def verify(self, stored_hash: str, password: str) -> bool:
        """Whether the password matches a stored hash of any supported kind."""
        if stored_hash.startswith(ARGON2_PREFIX):
            try:
                return _argon2_hasher("argon2id").verify(stored_hash, password)
            except (VerificationError, InvalidHashError):
                return False
        try:
            return check_password_hash(stored_hash, password)
        except ValueError:  # not a hash werkzeug knows either
            return False

    def needs_rehash(self, stored_hash: str) -> bool:
        """Whether a stored hash was made some other way than the configured one."""
        if self.argon2 is not None:
            return not stored_hash.startswith(ARGON2_PREFIX) or self.argon2.check_needs_rehash(
                stored_hash
            )
        return not stored_hash.startswith(self.method.split(":")[0] + ":")


@cache
def _argon2_hasher(method: str) -> PasswordHasher:
    """Parse "argon2id" or "argon2id:m=19456,t=2,p=1" into a hasher (verify reads any)."""
    _, _, options = method.partition(":")
    parameters = dict(OWASP_ARGON2)
    for option in filter(None, options.split(",")):
        name, _, value = option.partition("=")
        if name not in parameters or not value.isdigit():
            raise ValueError(f"Unknown argon2id option {option!r} in {method!r}")
        parameters[name] = int(value)
    return PasswordHasher(
        time_cost=parameters["t"],
        memory_cost=parameters["m"],
        parallelism=parameters["p"],
        type=Type.ID,
    )


def hasher() -> Hasher:
    """The app's configured hasher."""
    return Hasher(current_app.config["PASSWORD_HASH_METHOD"])


_dummy_hashes: dict[str, str] = {}


def dummy_hash() -> str:
    """A hash to check against when there is no account, so the answer takes as long."""
    configured = hasher()
    if configured.method not in _dummy_hashes:
        _dummy_hashes[configured.method] = configured.hash("not a real password")
    return _dummy_hashes[configured.method]
