"""The food database: search API, custom foods."""

from tracker.foods.views import bp

__all__ = ["bp"]
