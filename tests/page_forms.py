"""The POST forms on a page of the app, read from its HTML, and the values every field of
every form is tried with: shared by the fuzz tests (tests/test_bad_input.py) and the tests that
fuzz forms the walker cannot reach (tests/test_two_step.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.exceptions import MethodNotAllowed, NotFound

# Each of these is tried in every field of every form (test_every_form_field_with_each_bad_value).
CRITICAL = ["", "NaN", "sNaN", "-1", "9" * 25, "\x00", "x" * 5000, "1,000"]
# Code points that change what a name shows: a bidirectional control ("Mag 052" shown as
# "Mag 250") and zero-width characters. Tried in every field; none may ever be stored.
DIRECTION_AND_INVISIBLE = ["Mag 052\u202e mg", "\u2067Mag\u2069", "\u200bMag\u2060ne\ufeff"]
# Only a JSON body can carry a lone surrogate ("\\ud800"): a form's bytes are UTF-8.
SURROGATES = ["x\ud800", "\udfff", "\ud83d"]


@dataclass
class FormField:
    name: str
    default: str
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    page: str
    action: str
    endpoint: str
    as_owner: bool
    fields: dict[str, FormField] = field(default_factory=dict)

    @property
    def key(self) -> tuple:
        return (self.endpoint, self.as_owner, tuple(sorted(self.fields)))


class FormParser(HTMLParser):
    """POST forms, and the buttons of any form that post it elsewhere (formmethod="post").

    A GET form whose button has formmethod="post" and a formaction (the export page's "Make a
    share link") is a POST form for that button: every field of the form goes with it.
    """

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, FormField]]] = []
        self._current: dict[str, FormField] | None = None
        self._posts = False
        self._action = ""
        self._post_buttons: list[str] = []
        self._select: FormField | None = None

    def handle_starttag(self, tag, attrs):
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._current = {}
            self._posts = a.get("method", "get").lower() == "post"
            self._action = a.get("action", "")
            self._post_buttons = []
        elif self._current is None:
            return
        elif tag in ("input", "button", "textarea") and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind == "submit" and a.get("formmethod", "").lower() == "post":
                self._post_buttons.append(a.get("formaction", self._action))
            if a["name"] == "csrf_token" or (tag == "button" and kind != "submit"):
                return
            fuzzed = self._current.setdefault(a["name"], FormField(a["name"], ""))
            value = a.get("value", "on" if kind in ("checkbox", "radio") else "")
            if kind in ("checkbox", "radio"):
                fuzzed.options.append(value)
                if "checked" in a:
                    fuzzed.default = value
            else:
                fuzzed.default = value
        elif tag == "select" and a.get("name"):
            self._select = self._current.setdefault(a["name"], FormField(a["name"], ""))
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select.options.append(value)
            if "selected" in a or len(self._select.options) == 1:
                self._select.default = value

    def handle_endtag(self, tag):
        if tag == "form" and self._current is not None:
            if self._posts:
                self.forms.append((self._action, self._current))
            for action in self._post_buttons:
                self.forms.append((action, dict(self._current)))
            self._current = None
        elif tag == "select":
            self._select = None


def endpoint_for(app: Flask, path: str) -> str | None:
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _ = adapter.match(path, method="POST")
    except (NotFound, MethodNotAllowed):
        return None
    return endpoint


def forms_on(app: Flask, page: str, html: str, as_owner: bool) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    found = []
    for action, fields in parser.forms:
        endpoint = endpoint_for(app, urlsplit(action).path or urlsplit(page).path)
        if endpoint is not None:
            found.append(Form(page, action or page, endpoint, as_owner, fields))
    return found
