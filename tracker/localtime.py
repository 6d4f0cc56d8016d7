"""The user's local calendar: which day "today" is where they live."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.models import User


def user_zone(user: User) -> ZoneInfo:
    """Return the user's time zone, falling back to UTC for an unknown name."""
    try:
        return ZoneInfo(user.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_now(user: User) -> datetime:
    """Return the current wall-clock time in the user's zone."""
    return datetime.now(user_zone(user))


def local_today(user: User) -> date:
    """Return today's date in the user's zone."""
    return local_now(user).date()
