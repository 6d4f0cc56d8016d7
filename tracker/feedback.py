"""Confirmation messages ("flashes") that can name the part of the day page they belong to.

A message with a `section` is shown inside that section of the day page (the one the
redirect's #fragment scrolls to), so it is on screen where the person is looking; on any
other page, or with no section, it is shown at the top of the page. A message can carry an
Undo offer: of a deletion (tracker.undo restores the row), or of an addition (the button
deletes the row just added, through its own delete route).
"""

from __future__ import annotations

from typing import TypedDict

from flask import flash


class UndoOffer(TypedDict):
    kind: str
    token: str
    name: str  # what was deleted, for the button's accessible name


class RemoveOffer(TypedDict):
    """Undo of an addition: the button posts to the row's own delete URL."""

    url: str
    name: str  # what was added, for the button's accessible name


class Message(TypedDict):
    text: str
    section: str | None
    undo: UndoOffer | None
    remove: RemoveOffer | None


def notify(
    text: str,
    *,
    section: str | None = None,
    undo: UndoOffer | None = None,
    remove: RemoveOffer | None = None,
    category: str = "success",
) -> None:
    """Show `text` on the next page, in the day page's `section` when given."""
    message: Message = {"text": text, "section": section, "undo": undo, "remove": remove}
    flash(message, category)  # type: ignore[arg-type]  # the session stores any JSON value
