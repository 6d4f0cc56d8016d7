"""What text the tracker accepts from a person or a data file: one rule, used everywhere.

Names end up on pages, in the report a doctor reads, in the PDF and in the CSV, so a name must
show what it says. Four kinds of code point are dealt with, each in one way everywhere:

- **Lone surrogates** (category Cs, U+D800-U+DFFF) are not characters: no UTF-8 encoder can
  write them, so they could be neither stored nor hashed (a 500 before). Refused, in every
  field and, before anything runs, anywhere in a request (security.refuse_unusable_input).
- **Control characters** (category Cc: NUL, the C0 and C1 controls; PostgreSQL cannot even
  store NUL): refused. Tabs and line breaks in a name are whitespace, made single spaces
  first, as every other run of whitespace.
- **Bidirectional controls** (the Unicode Bidi_Control property: U+061C, U+200E, U+200F,
  U+202A-U+202E, U+2066-U+2069) change the order in which the characters around them are
  shown: "U+202E 052" reads as "250" on screen. Refused, not stripped: the name shown while
  it was typed is not the name without them, so removing them would store something nobody
  saw; refusing says what is wrong. No name needs them: the pages and the report lay out each
  name on its own, and Arabic or Hebrew text is ordered by the Unicode algorithm without them.
- **Zero-width characters** (U+200B zero width space, U+2060 word joiner, U+FEFF zero width
  no-break space; U+200C and U+200D where they join nothing): stripped, not refused. They are
  invisible, arrive with text copied from a web page or a label, and nobody could find them
  to delete them; without them the text looks exactly the same. U+200C (zero width
  non-joiner) and U+200D (zero width joiner) are kept between two visible characters, where
  Persian spelling and emoji sequences need them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Categories Cc and Cs, written out: U+0000-U+001F, U+007F-U+009F and the surrogates.
_CONTROLS = "\x00-\x1f\x7f-\x9f"
_SURROGATES = "\ud800-\udfff"
# The Bidi_Control property (Unicode PropList.txt).
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
ZERO_WIDTH = "\u200b\u2060\ufeff"
JOINERS = "\u200c\u200d"

_SURROGATE = re.compile(f"[{_SURROGATES}]")
_REFUSED = re.compile(f"[{_CONTROLS}{_SURROGATES}{BIDI_CONTROLS}]")
_ZERO_WIDTH = re.compile(f"[{ZERO_WIDTH}]+")
_JOINER_RUN = re.compile(f"[{JOINERS}]+")
_INVISIBLE_OR_SPACE = re.compile(rf"[\s{ZERO_WIDTH}{JOINERS}]")


@dataclass(frozen=True)
class TextProblem:
    """Why text is refused: the code point found first, and what it is."""

    code_point: int

    @property
    def kind(self) -> str:
        """ "surrogate", "control" or "bidi"."""
        if 0xD800 <= self.code_point <= 0xDFFF:
            return "surrogate"
        return "control" if self.code_point < 0xA0 else "bidi"

    @property
    def in_file(self) -> str:
        """The reason as the import writes it after a value's place ("…item_name: contains …")."""
        if self.kind == "surrogate":
            return "contains text that is not valid Unicode (a lone surrogate)."
        if self.kind == "control":
            return "contains control characters."
        return f"contains a character that changes the direction of text (U+{self.code_point:04X})."

    @property
    def in_form(self) -> str:
        """The reason as a form shows it under the field."""
        if self.kind == "bidi":
            return (
                "This has an invisible character that changes the direction of text "
                f"(U+{self.code_point:04X}). Type it again without copying it."
            )
        return "Use letters, numbers and punctuation only."


class TextError(ValueError):
    """Text the tracker does not accept (str(error) is TextProblem.in_file)."""

    def __init__(self, problem: TextProblem) -> None:
        super().__init__(problem.in_file)
        self.problem = problem


def has_surrogate(text: str) -> bool:
    """True when the text holds a lone surrogate (which no UTF-8 encoder can write)."""
    return _SURROGATE.search(text) is not None


def any_surrogate(value: Any) -> bool:
    """True when a decoded request value (text, list, dict, nested) holds a lone surrogate."""
    if isinstance(value, str):
        return has_surrogate(value)
    if isinstance(value, Mapping):
        return any(any_surrogate(key) or any_surrogate(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(any_surrogate(item) for item in value)
    return False


def text_problem(text: str) -> TextProblem | None:
    """The first lone surrogate, control or bidi control in the text, or None."""
    found = _REFUSED.search(text)
    return None if found is None else TextProblem(ord(found.group()))


def check_text(text: str) -> str:
    """The text unchanged, or TextError when text_problem finds something."""
    problem = text_problem(text)
    if problem is not None:
        raise TextError(problem)
    return text


def _keep_joiners_between_letters(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if _INVISIBLE_OR_SPACE.match(before) or _INVISIBLE_OR_SPACE.match(after):
        return ""
    return match.group()


def without_zero_width(text: str) -> str:
    """The text without its zero-width characters (joiners between two visible ones stay)."""
    if not text.isascii():
        text = _ZERO_WIDTH.sub("", text)
        text = _JOINER_RUN.sub(_keep_joiners_between_letters, text)
    return text


def clean_text(text: str) -> str:
    """A name or description as stored: zero-width characters gone, every run of whitespace
    one space, no space at either end; TextError for a surrogate, control or bidi control."""
    if text.isascii() and text.isprintable() and "  " not in text and text == text.strip():
        return text  # the usual case, quickly: nothing to strip or refuse (an import's rows)
    return check_text(" ".join(without_zero_width(text).split()))
