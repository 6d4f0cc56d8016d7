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


@dataclass
class _ParsedForm:
    method: str
    action: str
    controls: list[tuple[str, dict[str, str] | FormField]] = field(default_factory=list)


def _is_submit(tag: str, a: dict[str, str]) -> bool:
    kind = a.get("type", "submit" if tag == "button" else "text").lower()
    return kind == "submit" and tag in ("input", "button")


class FormParser(HTMLParser):
    """POST forms as a browser sends them: each form that posts to its action, and each submit
    button that posts its form to another URL (formaction, formmethod), with the form's fields.

    A control belongs to the form its form="..." attribute names, else to the form around it
    (HTML's form-owner rule). So the day page's row buttons, outside any form, each post the
    shared form "row-actions" to their row's URL, and the export page's GET form has a "Make a
    share link" button (formmethod="post") that posts it: every field of the form goes with it.
    """

    def __init__(self) -> None:
        super().__init__()
        self._forms: list[_ParsedForm] = []
        self._forms_by_id: dict[str, _ParsedForm] = {}
        self._named: dict[str, list[tuple[str, dict[str, str] | FormField]]] = {}
        self._current: _ParsedForm | None = None
        self._select: FormField | None = None

    def handle_starttag(self, tag, attrs):
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._current = _ParsedForm(a.get("method", "get").lower(), a.get("action", ""))
            self._forms.append(self._current)
            if a.get("id"):
                self._forms_by_id[a["id"]] = self._current
            return
        if tag == "option":
            if self._select is not None:
                value = a.get("value", "")
                self._select.options.append(value)
                if "selected" in a or len(self._select.options) == 1:
                    self._select.default = value
            return
        if tag not in ("input", "button", "textarea", "select"):
            return
        if a.get("form"):
            controls = self._named.setdefault(a["form"], [])
        elif self._current is not None:
            controls = self._current.controls
        else:
            return
        if tag == "select":
            self._select = FormField(a["name"], "") if a.get("name") else None
            if self._select is not None:
                controls.append(("select", self._select))
        else:
            controls.append((tag, a))

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None

    @property
    def forms(self) -> list[tuple[str, dict[str, FormField]]]:
        """(action, fields) of each POST a button of the page can send, in page order."""
        for form_id, controls in self._named.items():
            if form_id in self._forms_by_id:
                self._forms_by_id[form_id].controls.extend(controls)
        self._named = {}
        found = []
        for form in self._forms:
            fields: dict[str, FormField] = {}
            elsewhere: list[tuple[str, dict[str, str]]] = []
            for tag, a in form.controls:
                if isinstance(a, FormField):
                    fields.setdefault(a.name, a)
                    continue
                if _is_submit(tag, a):
                    method = a.get("formmethod", form.method).lower()
                    action = a.get("formaction", form.action)
                    if method == "post" and (action != form.action or form.method != "post"):
                        elsewhere.append((action, a))
                        continue
                elif tag == "button":  # type="button" or "reset": sends nothing
                    continue
                if not a.get("name") or a["name"] == "csrf_token":
                    continue
                kind = a.get("type", "text").lower()
                fuzzed = fields.setdefault(a["name"], FormField(a["name"], ""))
                value = a.get("value", "on" if kind in ("checkbox", "radio") else "")
                if kind in ("checkbox", "radio"):
                    fuzzed.options.append(value)
                    if "checked" in a:
                        fuzzed.default = value
                else:
                    fuzzed.default = value
            if form.method == "post":
                found.append((form.action, fields))
            for action, button in elsewhere:
                sent = dict(fields)
                if button.get("name"):
                    sent[button["name"]] = FormField(button["name"], button.get("value", ""))
                found.append((action, sent))
        return found


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
