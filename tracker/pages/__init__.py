"""Public pages: the landing page and the about page."""

from tracker.pages.views import bp

__all__ = ["bp"]
