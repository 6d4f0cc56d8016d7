"""Small helpers shared by the feature packages' forms."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import TypeVar

from wtforms import DecimalField, Field, Form

# In WTForms since 3.2; its type stubs do not list it yet.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import ValidationError

from tracker.domain.errors import ValidationError as DomainValidationError

T = TypeVar("T")


def required(value: T | None) -> T:
    """A required field's value once its form has validated (its validators refused None)."""
    if value is None:
        raise ValueError("a required field is empty after its form validated")
    return value


def add_error(field: Field, message: str) -> None:
    """Add a message to a field's errors (after validation, which made them a list)."""
    field.errors = [*field.errors, message]


def show_error(form: Form, error: DomainValidationError) -> None:
    """Show an operation's ValidationError on the form field it names."""
    add_error(form[error.field], error.message)


def choices(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """Turn (value, label) pairs into WTForms select choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def strip(value: object) -> object:
    """A WTForms filter that trims surrounding whitespace from text."""
    return value.strip() if isinstance(value, str) else value


class FiniteDecimalField(DecimalField):
    """A DecimalField that refuses NaN and infinities: they break NumberRange with a 500."""

    def process_formdata(self, valuelist: list) -> None:
        super().process_formdata(valuelist)
        if self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError("Enter a number, such as 12 or 12.5.")


def plain_text(form: object, field: Field) -> None:
    """A WTForms validator: no control characters (NUL cannot even be stored on PostgreSQL)."""
    if any(unicodedata.category(char) == "Cc" for char in field.data or ""):
        raise ValidationError("Use letters, numbers and punctuation only.")
