"""The user's local calendar: which day "today" is where they live."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from tracker.models import User


def _timezone_choices() -> list[tuple[str, str]]:
    zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/"))
    return [("UTC", "UTC"), *((z, z.replace("_", " ")) for z in zones)]


# The time zones a user may choose (region/city names, and UTC), with their labels.
TIMEZONE_CHOICES = _timezone_choices()
VALID_TIMEZONES = frozenset(value for value, _ in TIMEZONE_CHOICES)


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
