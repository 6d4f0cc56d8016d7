"""Export and share: CSV downloads, the PDF report, share links, and the user's own data."""

from tracker.exports.views import bp

__all__ = ["bp"]
