"""The one rule for text a person or a data file gives the tracker (tracker.domain.text)."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from tracker.domain.text import (
    BIDI_CONTROLS,
    TextError,
    any_surrogate,
    clean_text,
    text_problem,
    without_zero_width,
)

PERSIAN = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
EMOJI = "Tea \U0001f469\u200d\u2695\ufe0f"
EXPLICIT_DIRECTION_CLASSES = {"LRE", "RLE", "PDF", "LRO", "RLO", "LRI", "RLI", "FSI", "PDI"}


def _expand(ranges: str) -> set[str]:
    chars: set[str] = set()
    index = 0
    while index < len(ranges):
        if index + 2 < len(ranges) and ranges[index + 1] == "-":
            chars |= {chr(code) for code in range(ord(ranges[index]), ord(ranges[index + 2]) + 1)}
            index += 3
        else:
            chars.add(ranges[index])
            index += 1
    return chars


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Magnesium glycinate", "Magnesium glycinate"),
        ("  Magnesium \t glycinate\n", "Magnesium glycinate"),
        ("Gran\u200bola", "Granola"),  # zero width space, pasted from a web page
        ("\ufeffGranola\u2060", "Granola"),  # byte order mark, word joiner
        ("\u200d\u200cGranola \u200d bar\u200c", "Granola bar"),  # joiners that join nothing
        (
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
        ),
        (
            "Tea \U0001f469\u200d\u2695\ufe0f",
            "Tea \U0001f469\u200d\u2695\ufe0f",
        ),  # an emoji sequence
        ("Café crème", "Café crème"),
        ("\u0627\u0644\u062a\u0645\u0631 (dates)", "\u0627\u0644\u062a\u0645\u0631 (dates)"),
        ("\u200b\u2060", ""),
    ],
)
def test_clean_text_strips_what_nobody_can_see(typed, stored):
    assert clean_text(typed) == stored


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("Mag\x00", "control"),
        ("Mag\x7f", "control"),
        ("Mag\x85\x00", "control"),
        ("x\ud800", "surrogate"),
        ("\udfffx", "surrogate"),
        ("Mag 250\u202e mg", "bidi"),  # right-to-left override: "250" would show as "052"
        ("\u2066Alendronate\u2069", "bidi"),
        ("a\u200fb", "bidi"),
        ("a\u061cb", "bidi"),
    ],
)
def test_clean_text_refuses_what_changes_what_is_shown(typed, kind):
    with pytest.raises(TextError) as raised:
        clean_text(typed)
    assert raised.value.problem.kind == kind
    assert isinstance(raised.value, ValueError)


def test_the_messages_name_the_character():
    problem = text_problem("Mag\u202e")
    assert problem is not None
    assert "U+202E" in problem.in_form and "U+202E" in problem.in_file
    assert text_problem("Mag\x00") is not None
    assert text_problem("Mag\x00").in_form == "Use letters, numbers and punctuation only."  # type: ignore[union-attr]
    assert text_problem("Magnesium") is None


def test_the_sets_are_the_unicode_categories():
    every = [chr(code) for code in range(sys.maxunicode + 1)]
    controls = {char for char in every if unicodedata.category(char) == "Cc"}
    surrogates = {char for char in every if unicodedata.category(char) == "Cs"}
    refused = {char for char in every if text_problem(char) is not None}
    assert controls | surrogates <= refused
    explicit = {c for c in every if unicodedata.bidirectional(c) in EXPLICIT_DIRECTION_CLASSES}
    assert explicit <= _expand(BIDI_CONTROLS) <= refused
    # Nothing else is refused: letters of every script, marks, symbols and emoji all pass.
    assert refused == controls | surrogates | _expand(BIDI_CONTROLS)


def test_surrogates_are_found_anywhere_in_a_request_value():
    assert any_surrogate({"a": ["b", {"c": "x\ud800"}]})
    assert any_surrogate({"x\udc00": "key"})
    assert any_surrogate([("name", "\ud83d")])
    assert not any_surrogate({"a": ["b", {"c": "\U0001f9b4", "n": 1, "f": None}]})


def test_ascii_text_is_left_alone():
    assert without_zero_width("plain") == "plain"
