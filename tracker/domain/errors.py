"""The one error type for a change that can't be made, tied to the field it is about.

Operations (and the domain, for a date range) raise ValidationError("quantity", "Enter an
amount."); a view shows it on that field of its form (tracker.formtools.show_error), as
FlaskBB's service layer does. Nothing was changed when it is raised.
"""

from __future__ import annotations


class ValidationError(ValueError):
    """A user-facing reason a change can't be made: `field` names the input, `message` why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
