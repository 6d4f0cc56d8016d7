"""tracker.form_html writes every control exactly as WTForms would (byte for byte).

Every form class of the app is rendered field by field, both ways, with no data, with text
that needs escaping, with choices selected, and with the attributes the templates pass.
"""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date, time

import pytest
from flask import Flask
from flask_wtf import FlaskForm
from wtforms.fields import DateField, SelectField, StringField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.meta import DefaultMeta

import tracker
from tracker.form_html import PageForm, attributes, render_field

ATTRIBUTE_SETS = [
    {},
    {"class_": "button button-primary", "aria_describedby": "a-hint a-error"},
    {"aria_describedby": False, "aria_invalid": False, "inputmode": "decimal"},
    {"aria_invalid": "true", "autocomplete": "off", "maxlength": 120, "formnovalidate": True},
    {"placeholder": 'e.g. "Granola" <bar> & co', "data_api": "/api?x=1&y=2", "id": "other"},
    {"value": "<&\"'>", "min": date(2026, 1, 1), "max": date(2026, 12, 31)},
]
ODD_TEXT = ' "1/2" <b>&amp;</b> café ½ \u200b '


def _all_form_classes() -> list[type[FlaskForm]]:
    for module in pkgutil.walk_packages(tracker.__path__, "tracker."):
        if module.name.endswith("forms"):
            importlib.import_module(module.name)
    found: list[type[FlaskForm]] = []
    waiting = [FlaskForm]
    while waiting:
        for subclass in waiting.pop().__subclasses__():
            waiting.append(subclass)
            if subclass.__module__.startswith("tracker.") and not subclass.__name__.startswith("_"):
                found.append(subclass)
    return sorted(set(found), key=lambda form: (form.__module__, form.__name__))


FORM_CLASSES = _all_form_classes()


@pytest.fixture(scope="module")
def forms_app(tmp_path_factory) -> Flask:
    """An app for rendering forms only: no database is touched."""
    folder = tmp_path_factory.mktemp("forms")
    return tracker.create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'unused.sqlite3'}", "TESTING": True}
    )


def _states(field) -> list[object]:
    """Data to render a field with: none, odd text, its choices selected."""
    if isinstance(field, SelectField):
        values = [choice[0] for choice in field.iter_choices()]
        return [None, *values[:4], *values[-1:]]  # (the time zones: not all 600)
    if isinstance(field, DateField):
        return [None, date(2026, 11, 24)]
    if isinstance(field, TimeField):
        return [None, time(7, 5)]
    if isinstance(field, StringField):
        return [None, ODD_TEXT]
    return [None]


def test_the_forms_are_found() -> None:
    names = {form.__name__ for form in FORM_CLASSES}
    assert {"FoodEntryForm", "QuickAddForm", "SupplementEntryForm", "MedicineDoseForm"} <= names
    assert len(FORM_CLASSES) > 20


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda form: form.__name__)
def test_every_control_is_written_as_wtforms_writes_it(forms_app: Flask, form_class) -> None:
    written = 0
    with forms_app.test_request_context("/"):
        form = form_class(formdata=None)
        for field in form:
            for state in _states(field):
                if state is not None:
                    field.data = state
                for render_kw in ATTRIBUTE_SETS if state is None else ATTRIBUTE_SETS[:2]:
                    ours = render_field(field, render_kw)
                    theirs = DefaultMeta.render_field(form.meta, field, render_kw)
                    if ours is not None:
                        written += 1
                        assert str(ours) == str(theirs), (field.name, state, render_kw)
    assert written or not list(form), "no control of this form is written by form_html"


def test_the_day_page_forms_use_it(forms_app: Flask) -> None:
    from tracker.diary.forms import FoodEntryForm, QuickAddForm
    from tracker.supplements.forms import MedicineDoseForm, SupplementEntryForm

    for form_class in (FoodEntryForm, QuickAddForm, SupplementEntryForm, MedicineDoseForm):
        assert issubclass(form_class, PageForm)
    with forms_app.test_request_context("/"):
        form = MedicineDoseForm(formdata=None, prefix="medicine")
        # A select with option groups (the medicines by kind) and a time input.
        assert render_field(form.medicine, {}) is not None
        assert "<optgroup" in str(form.medicine())
        assert render_field(form.time, {}) is not None


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"b": "2", "a": "1"}, 'a="1" b="2"'),
        ({"checked": True, "readonly": False}, "checked"),
        ({"data_test_id": "x", "class_": "c"}, 'class="c" data-test-id="x"'),
        ({"title": '"<>&'}, 'title="&#34;&lt;&gt;&amp;"'),
    ],
)
def test_attributes(values, expected) -> None:
    assert attributes(values) == expected


# The Jinja macro form_field replaced (macros.html, until the day page needed it faster).
MACRO_IT_REPLACED = """
{%- macro field(f, hint=None, class_="") -%}
  <div class="field {{ class_ }}{% if f.errors %} has-error{% endif %}">
    <label for="{{ f.id }}">{{ f.label.text }}</label>
    {% if hint %}<p class="hint" id="{{ f.id }}-hint">{{ hint }}</p>{% endif %}
    {% set described = [] %}
    {% if hint %}{% set _ = described.append(f.id ~ '-hint') %}{% endif %}
    {% if f.errors %}{% set _ = described.append(f.id ~ '-error') %}{% endif %}
    {{ f(aria_describedby=(described|join(' ')) or false,
         aria_invalid=('true' if f.errors else false), **kwargs) }}
    {% if f.errors %}
      <p class="error" id="{{ f.id }}-error">{{ f.errors|join(' ') }}</p>
    {% endif %}
  </div>
{%- endmacro %}"""
FIELD_CALLS = [
    {},
    {"hint": ODD_TEXT},
    {"hint": "For example 1, 1.5 or 1/2", "class_": "field-short", "inputmode": "decimal"},
    {"class_": "a <b>", "autocomplete": "off"},
]


def _collapsed(html: str) -> str:
    """HTML with each run of whitespace as one space (as a browser reads it)."""
    return " ".join(html.replace('class="field "', 'class="field"').split())


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda form: form.__name__)
def test_form_field_writes_what_the_macro_wrote(forms_app: Flask, form_class) -> None:
    """Every field of every form, with and without a hint, errors, a class and attributes."""
    from tracker.form_html import form_field

    macro = forms_app.jinja_env.from_string(MACRO_IT_REPLACED + "{{ field(f, **call) }}")
    page = forms_app.jinja_env.from_string(
        '{% from "macros.html" import field %}{{ field(f, **call) }}'
    )
    with forms_app.test_request_context("/"):
        form = form_class(formdata=None)
        for field in form:
            for errors in ([], ["Enter a number.", "Not <more> than 5 & co"]):
                field.errors = errors
                for call in FIELD_CALLS:
                    expected = _collapsed(macro.render(f=field, call=call))
                    assert _collapsed(str(form_field(field, **call))) == expected, (field, call)
                    # and the templates' `field` is this function
                    assert _collapsed(page.render(f=field, call=call)) == expected


def test_options_with_odd_values_labels_and_their_own_attributes(forms_app: Flask) -> None:
    """Options are written as WTForms writes them: escaped values and labels, `selected`
    before `value`, an option's own attributes (render_kw) sorted in."""

    class OddChoices(PageForm):
        pick = SelectField(
            choices=[
                SelectChoice("a\"<&>'", 'x<y & "z"'),
                SelectChoice("", ""),
                SelectChoice("2", "Two", render_kw={"disabled": True, "data_note": 'n"1'}),
                SelectChoice("café ½"),
            ]
        )
        flag = SelectField(choices=[SelectChoice(True, "Yes"), SelectChoice(False, "No")])

    with forms_app.test_request_context("/"):
        form = OddChoices(formdata=None)
        for field, states in ((form.pick, [None, "a\"<&>'", "2", "café ½"]), (form.flag, [True])):
            for state in states:
                field.data = state
                ours = render_field(field, {})
                assert ours is not None
                assert str(ours) == str(DefaultMeta.render_field(form.meta, field, {})), state
