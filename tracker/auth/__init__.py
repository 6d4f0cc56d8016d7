"""Accounts: register, log in (two-step login too), log out, passwords, email, deletion, and the
profile that picks the reference intake."""

from tracker.auth import account_views  # noqa: F401 - registers the account settings routes
from tracker.auth.views import bp

__all__ = ["bp"]
