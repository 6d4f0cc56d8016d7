"""Public pages: landing, about, "Magnesium and your bones" and "Magnesium-rich foods"."""

from tracker.pages.views import bp

__all__ = ["bp"]
