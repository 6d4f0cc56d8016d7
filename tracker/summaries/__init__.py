"""Week and month summaries: charts, averages over logged days, top food sources."""

from tracker.summaries.views import bp

__all__ = ["bp"]
