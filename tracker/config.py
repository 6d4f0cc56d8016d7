"""Configuration: safe defaults, overridden by TRACKER_* environment variables."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from tracker.security import valid_host_name

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


# Where links in emails point when TRACKER_PUBLIC_URL is unset: only the embedded default (mail
# written to instance/mail/ on one machine) may rely on it; `make run` serves this address.
LOCAL_PUBLIC_URL = "http://127.0.0.1:5000"
MAIL_TLS_MODES = ("starttls", "ssl", "off")


class ConfigError(ValueError):
    """A TRACKER_* setting that cannot work; the message says which and why."""


def _public_url(mail_server: str) -> str:
    """The address people reach the app at, for links in emails; never taken from a request."""
    url = os.environ.get(f"{ENV_PREFIX}PUBLIC_URL", "").strip()
    if not url:
        if mail_server:
            raise ConfigError(
                "TRACKER_PUBLIC_URL must be set when TRACKER_MAIL_SERVER is: links in emails are "
                "built from it (for example https://tracker.example.org), never from the "
                "request's Host header."
            )
        return f"http://127.0.0.1:{os.environ.get('PORT') or '5000'}"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ConfigError(
            f"TRACKER_PUBLIC_URL={url!r} is not a plain http(s) address such as "
            "https://tracker.example.org or https://example.org/tracker"
        )
    return url.rstrip("/")


def _trusted_hosts() -> list[str] | None:
    """TRACKER_TRUSTED_HOSTS: the host names the app answers to (Flask's TRUSTED_HOSTS).

    Comma-separated; `.example.org` also accepts every subdomain. A request for any other
    Host gets a 400. Unset, any well-formed host is served (one machine, or a proxy that
    sends only its own).
    """
    names = [name.strip().lower() for name in _env("TRUSTED_HOSTS", "").split(",")]
    names = [name for name in names if name]
    for name in names:
        if ":" in name or not valid_host_name(name.removeprefix(".")):
            raise ConfigError(
                f"TRACKER_TRUSTED_HOSTS: {name!r} is not a host name such as "
                "tracker.example.org or .example.org (no scheme, port or path)."
            )
    return names or None


def _mail_config(instance_path: Path) -> dict[str, object]:
    """Flask-Mailman settings: SMTP when TRACKER_MAIL_SERVER is set, else .eml files."""
    server = _env("MAIL_SERVER", "")
    tls = _env("MAIL_TLS", "starttls").lower()
    if tls not in MAIL_TLS_MODES:
        raise ConfigError(f"TRACKER_MAIL_TLS must be one of {', '.join(MAIL_TLS_MODES)}")
    public_host = urlsplit(_public_url(server)).hostname or "localhost"
    return {
        # tracker.mail.EmlFileEmailBackend: one RFC 5322 file per message in instance/mail/.
        "MAIL_BACKEND": "smtp" if server else "tracker.mail.EmlFileEmailBackend",
        "MAIL_FILE_PATH": str(instance_path / "mail"),
        "MAIL_SERVER": server or "localhost",
        "MAIL_PORT": int(_env("MAIL_PORT", "465" if tls == "ssl" else "587")),
        "MAIL_USE_TLS": tls == "starttls",
        "MAIL_USE_SSL": tls == "ssl",
        "MAIL_USERNAME": _env("MAIL_USERNAME", "") or None,
        "MAIL_PASSWORD": _env("MAIL_PASSWORD", "") or None,
        "MAIL_DEFAULT_SENDER": _env("MAIL_SENDER", f"Magnesium Tracker <no-reply@{public_host}>"),
        "MAIL_TIMEOUT": int(_env("MAIL_TIMEOUT", "10")),
        "PUBLIC_URL": _public_url(server),
        # Share links use PUBLIC_URL only when it was set (tracker.urls.link_for_others).
        "PUBLIC_URL_SET": bool(os.environ.get(f"{ENV_PREFIX}PUBLIC_URL", "").strip()),
        # Where mail reaches people, registration cannot say whether an email has an account
        # (a link is mailed instead); the embedded default keeps one-step registration (README).
        "REGISTRATION_BY_EMAIL": _env("CONFIRM_REGISTRATION", "1" if server else "0") == "1",
    }


def _minutes(name: str, default: str) -> timedelta:
    """A TRACKER_* setting in whole minutes, at least 1."""
    value = _env(name, default)
    if not value.isdigit() or int(value) < 1:
        raise ConfigError(f"TRACKER_{name} must be a whole number of minutes, 1 or more")
    return timedelta(minutes=int(value))


def load_config(instance_path: Path) -> dict[str, object]:
    """Build the configuration mapping for an app whose instance folder is instance_path."""
    return {
        "SECRET_KEY": _secret_key(instance_path),
        # argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane: tracker/auth/hashing.py).
        "PASSWORD_HASH_METHOD": "argon2id",
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
        # A login lasts LOGIN_LIFETIME, or REMEMBER_LIFETIME with "Keep me logged in"; the
        # server refuses older ones whatever the browser sends (tracker/auth/sessions.py).
        "LOGIN_LIFETIME": timedelta(hours=24),
        "REMEMBER_LIFETIME": timedelta(days=int(_env("REMEMBER_DAYS", "30"))),
        "KNOWN_DEVICE_LIFETIME": timedelta(days=365),
        # Making a share link or downloading all data asks for the password again when it
        # was last entered longer ago than this (tracker/auth/recent.py).
        "RECENT_LOGIN": _minutes("REAUTH_MINUTES", "15"),
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
        # Wrong two-step codes for one account; requests that send an email (password reset,
        # registration, email change) from one address, and to one email address.
        "TWO_STEP_RATE_LIMIT": _env("TWO_STEP_RATE_LIMIT", "10 per hour"),
        "MAIL_REQUEST_RATE_LIMIT": _env("MAIL_REQUEST_RATE_LIMIT", "10 per hour"),
        "MAIL_TO_ADDRESS_RATE_LIMIT": _env("MAIL_TO_ADDRESS_RATE_LIMIT", "3 per hour"),
        # Heavy work per account: data file imports, and the large downloads (all data, the
        # CSVs, the PDF report), each up to seconds of a worker's CPU (tracker/auth/limits.py).
        "IMPORT_RATE_LIMIT": _env("IMPORT_RATE_LIMIT", "10 per hour"),
        "EXPORT_RATE_LIMIT": _env("EXPORT_RATE_LIMIT", "60 per hour"),
        # How many reverse proxies in front of the app set X-Forwarded-For/-Proto.
        "TRUSTED_PROXIES": int(_env("TRUSTED_PROXIES", "0")),
        "TRUSTED_HOSTS": _trusted_hosts(),
        **_mail_config(instance_path),
    }
