"""Small helpers shared by the feature packages' forms."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms.fields.choices import SelectChoice


def choices(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """Turn (value, label) pairs into WTForms select choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def strip(value: object) -> object:
    """A WTForms filter that trims surrounding whitespace from text."""
    return value.strip() if isinstance(value, str) else value
