"""Configuration: safe defaults, overridden by TRACKER_* environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ENV_PREFIX = "TRACKER_"


def _secret_key(instance_path: Path) -> str:
    """Return the secret key from the environment, or one generated once and kept in instance/."""
    from_env = os.environ.get(f"{ENV_PREFIX}SECRET_KEY")
    if from_env:
        return from_env
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        # Written with O_EXCL so two processes starting together agree on one key.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    return key_file.read_text().strip()


def _env(name: str, default: str) -> str:
    return os.environ.get(f"{ENV_PREFIX}{name}") or default


def _database_url(instance_path: Path) -> str:
    url = os.environ.get(f"{ENV_PREFIX}DATABASE_URL")
    if url:
        # Heroku-style URLs name the old driver; psycopg 3 is the one we install.
        if url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgres://")
        elif url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        return url
    return f"sqlite:///{instance_path / 'tracker.sqlite3'}"


def load_config(instance_path: Path) -> dict[str, object]:
    """Build the configuration mapping for an app whose instance folder is instance_path."""
    return {
        "SECRET_KEY": _secret_key(instance_path),
        # A memory-hard KDF (werkzeug's scrypt: N=2**15, r=8, p=1).
        "PASSWORD_HASH_METHOD": "scrypt",
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        # A ping before every checkout costs a round trip per request (~0.3 ms on PostgreSQL);
        # recycling connections hourly covers servers that drop idle ones, and a connection
        # found dead is discarded by the pool. TRACKER_DB_PRE_PING=1 turns pinging on.
        "SQLALCHEMY_ENGINE_OPTIONS": {
            "pool_pre_ping": os.environ.get(f"{ENV_PREFIX}DB_PRE_PING") == "1",
            "pool_recycle": 3600,
        },
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get(f"{ENV_PREFIX}SECURE_COOKIES") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "TEMPLATES_AUTO_RELOAD": False,
        # Rate limits (Flask-Limiter). memory:// counts per process: several processes or
        # machines must share one store, e.g. redis://host:6379/0 (README, Deployment).
        "RATELIMIT_STORAGE_URI": _env("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATE_LIMITS_ENABLED": _env("RATELIMIT_ENABLED", "1") != "0",
        # Failed logins from one address, failed logins for one account (NIST SP 800-63B
        # 5.2.2 caps these at 100), and registration attempts from one address.
        "LOGIN_RATE_LIMIT": _env("LOGIN_RATE_LIMIT", "10 per minute"),
        "LOGIN_ACCOUNT_RATE_LIMIT": _env("LOGIN_ACCOUNT_RATE_LIMIT", "50 per hour"),
        "REGISTER_RATE_LIMIT": _env("REGISTER_RATE_LIMIT", "20 per hour"),
        # How many reverse proxies in front of the app set X-Forwarded-For/-Proto.
        "TRUSTED_PROXIES": int(_env("TRUSTED_PROXIES", "0")),
    }
