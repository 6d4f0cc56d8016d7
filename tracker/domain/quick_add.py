"""Quick add: magnesium typed in directly, in mg, for a food that is not in the database.

The user reads the figure from a label or a recipe; the tracker stores it as it was typed
(whole micrograms) and counts it as food magnesium. The limits only catch typing mistakes.
"""

from __future__ import annotations

from decimal import Decimal

from tracker.domain.text import TextError, clean_text
from tracker.domain.totals import QuantityError, mg_to_ug, read_mg_text, ug_to_mg

MAX_QUICK_ADD_MG = Decimal(2000)
MAX_DESCRIPTION_LENGTH = 120


def parse_quick_add_mg(text: str | None) -> Decimal:
    """Read "85", "62.5", "62,5" or "85 mg" as exact milligrams, or raise QuantityError."""
    raw = (text or "").strip()
    cleaned, number = read_mg_text(raw)
    if not cleaned:
        raise QuantityError("Enter the magnesium in mg, for example 85 or 62.5.")
    if len(cleaned) > 20:
        raise QuantityError("That number is too long to read. Enter the mg, such as 85 or 62.5.")
    if cleaned.startswith("-"):
        raise QuantityError("The magnesium must be more than 0 mg.")
    if number is None:
        raise QuantityError(f"“{raw}” isn't a number of mg we can read. Try 85 or 62.5.")
    mg = number
    if mg > MAX_QUICK_ADD_MG:
        raise QuantityError(
            f"That is more than {MAX_QUICK_ADD_MG:,} mg for one food. Check the number, or split "
            "it into separate entries."
        )
    # Stored as whole micrograms: a value that rounds to 0 would be an empty entry.
    if mg_to_ug(mg) == 0:
        raise QuantityError("The magnesium must be more than 0 mg.")
    return ug_to_mg(mg_to_ug(mg))


def clean_description(text: str | None) -> str:
    """The description as stored (tracker.domain.text.clean_text), or QuantityError."""
    try:
        description = clean_text(text or "")
    except TextError as error:
        raise QuantityError(error.problem.in_form) from error
    if not description:
        raise QuantityError("Describe the food, for example “Granola bar (from the label)”.")
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise QuantityError(
            f"Keep the description to {MAX_DESCRIPTION_LENGTH} characters or fewer."
        )
    return description
