"""Accounts: register, log in, log out, and the profile that picks the reference intake."""

from tracker.auth.views import bp

__all__ = ["bp"]
