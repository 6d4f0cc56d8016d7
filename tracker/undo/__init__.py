"""Undo for deletions: a signed, time-limited copy of the deleted row, restored on request."""

from tracker.undo.views import bp

__all__ = ["bp"]
