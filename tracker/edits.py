"""Edit conflicts: two tabs (or two devices) editing one entry never lose a save silently.

Every edit page sends back the entry's ``updated_at`` as it was when the page was opened (the
hidden field VERSION_FIELD). claim_unchanged() saves only if the row still has that time: a
conditional UPDATE that bumps it, in the transaction that then writes the edit, so of two
saves of one loaded page the second is refused even when both arrive at the same moment (the
UPDATE holds the row's lock on PostgreSQL, the write lock on SQLite). The refused page shows
"This entry was changed elsewhere" with the saved values beside the ones typed (differences()),
keeps the typed ones in the form and carries the new version: saving again is a choice made
knowing both. A form without the field (a script) is saved as before: last save wins.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import update
from wtforms import Form

from tracker.extensions import db, rows_changed
from tracker.formatting import clock
from tracker.models import utcnow

VERSION_FIELD = "loaded_version"
SKIPPED_FIELDS = {"CSRFTokenField", "HiddenField", "SubmitField"}


class EditConflict(Exception):
    """The row was changed after the form was loaded; nothing was written."""


def version_of(row: Any) -> str:
    """The version an edit page carries: the row's updated_at, to the microsecond, in UTC."""
    return row.updated_at.astimezone(UTC).isoformat(timespec="microseconds")


def _loaded(version: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(version)
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo is not None else None


def claim_unchanged(row: Any, version: str | None) -> None:
    """Go on with an edit of the row only if it is unchanged since `version` was read (and
    keep it locked for the rest of the transaction); EditConflict otherwise, rolled back.
    None (no version sent) claims nothing."""
    if version is None:
        return
    loaded = _loaded(version)
    model = type(row)
    claimed = loaded is not None and rows_changed(
        update(model)
        .where(model.id == row.id, model.updated_at == loaded)
        .values(updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if not claimed:
        db.session.rollback()  # the row reloads with what was saved elsewhere
        raise EditConflict(model.__name__)


def _shown(field: Any) -> str:
    choices = getattr(field, "choices", None)
    if choices is not None:
        labels = {str(value): str(label) for value, label, *_ in field.iter_choices()}
        text = labels.get(str(field.data if field.data is not None else ""), "")
    elif field.type == "TimeField":
        text = clock(field.data) if field.data else ""
    else:
        text = str(field._value())
    return text.strip() or "—"


def differences(saved: Form, typed: Form) -> list[tuple[str, str, str]]:
    """(label, saved value, typed value) for each visible field of an edit form."""
    return [
        (str(field.label.text), _shown(saved[field.short_name]), _shown(field))
        for field in typed
        if field.type not in SKIPPED_FIELDS
    ]
