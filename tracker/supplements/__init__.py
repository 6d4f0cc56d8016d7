"""Supplements and magnesium-containing medicines, medicine doses to space from magnesium."""

from tracker.supplements.views import bp

__all__ = ["bp"]
