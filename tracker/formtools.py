"""Small helpers shared by the feature packages' forms."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TypeVar

from wtforms import Field, Form

# In WTForms since 3.2; its type stubs do not list it yet.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import ValidationError
from wtforms.widgets import TextInput

from tracker.domain.errors import ValidationError as DomainValidationError
from tracker.domain.text import text_problem, without_zero_width
from tracker.domain.totals import QuantityError, read_decimal
from tracker.formatting import exact_text

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


def tidy(value: object) -> object:
    """A WTForms filter for names: zero-width characters gone, whitespace runs one space
    (tracker.domain.text: the rule for every name)."""
    return " ".join(without_zero_width(value).split()) if isinstance(value, str) else value


class DecimalTextField(Field):
    """A number typed as text, read by the one rule for every number a person types
    (tracker.domain.totals.read_decimal: "12.5" or "12,5"; "1,000" refused as ambiguous; no
    NaN, infinity or exponent). Its data is an exact Decimal, or None when left empty."""

    widget = TextInput()
    data: Decimal | None

    def process_formdata(self, valuelist: list) -> None:
        self.data = None
        text = valuelist[0] if valuelist and isinstance(valuelist[0], str) else ""
        text = text.strip()
        if not text:
            return
        # A minus sign is read, so that the field's range says what is allowed.
        negative = text.startswith("-")
        try:
            number = read_decimal(text[1:] if negative else text)
        except QuantityError as error:
            raise ValueError(str(error)) from None
        if number is None:
            raise ValueError("Enter a number, such as 12 or 12.5.")
        self.data = -number if negative else number

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else exact_text(self.data)


def plain_text(form: object, field: Field) -> None:
    """A WTForms validator: no lone surrogates, control or bidirectional control characters
    (tracker.domain.text; NUL cannot even be stored on PostgreSQL)."""
    problem = text_problem(field.data or "") if isinstance(field.data, str) else None
    if problem is not None:
        raise ValidationError(problem.in_form)
