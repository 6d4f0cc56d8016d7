"""The day page: log foods, edit and delete entries, see the day's magnesium."""

from tracker.diary.views import bp

__all__ = ["bp"]
