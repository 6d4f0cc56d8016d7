"""Form controls written out as WTForms writes them, without its slow attribute formatting.

WTForms builds every attribute with ``Markup.format`` (the pure-Python ``string.Formatter``),
which made the day page's ~35 controls cost about 3 ms a request. ``FastHtmlMeta`` plugs in
at WTForms' own hook (``Meta.render_field``) and writes the same bytes for the widgets the app
uses (text, hidden, submit, date, time and number inputs; selects); any other widget, or a
subclass that renders differently, is left to WTForms. tests/test_form_html.py compares the two for
every field of every form in the app.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms.fields.core import Field
from wtforms.meta import DefaultMeta
from wtforms.widgets import Input, NumberInput, Select, SubmitInput
from wtforms.widgets.core import _DateTimeBaseInput, clean_key  # type: ignore[attr-defined]


@lru_cache(maxsize=512)
def _attribute_name(key: str) -> str:
    """An attribute's name as WTForms writes it ("class_" -> "class", "aria_x" -> "aria-x").

    Remembered: the keys are the app's own (its templates and forms), a few dozen in all, and
    the day page writes about two hundred attributes.
    """
    return str(escape(clean_key(key)))


def attributes(values: dict[str, Any]) -> str:
    """HTML attributes as ``wtforms.widgets.html_params`` writes them (sorted by name; True
    alone, False left out, values escaped), as plain text for the caller to wrap."""
    parts = []
    for key, value in sorted(values.items()):
        name = _attribute_name(key)
        if value is True:
            parts.append(name)
        elif value is not False:
            text = str(escape(value)).replace('"', "&quot;")
            parts.append(f'{name}="{text}"')
    return " ".join(parts)


def _flag_attributes(field: Field, widget: Any, values: dict[str, Any]) -> None:
    """The validation flags WTForms adds (required, maxlength...), unless given."""
    flags = getattr(getattr(field, "flags", None), "__dict__", {})
    for name in widget.validation_attrs:
        if name in flags and name not in values:
            value = flags[name]
            values[name] = value() if callable(value) else value


def _dates(field: Any, values: dict[str, Any]) -> None:
    """``_DateTimeBaseInput``: min and max dates written in the field's format."""
    format = getattr(field, "format", None)
    if format is None:
        return
    format = format[0] if isinstance(format, list) else format
    for name in ("min", "max"):
        value: Any = values.get(name, getattr(field.flags, name, None))
        if callable(value):
            value = value()
        if hasattr(value, "strftime"):
            values[name] = value.strftime(format)


def _input(field: Any, widget: Any, values: dict[str, Any]) -> Markup:
    """``wtforms.widgets.Input.__call__``, with what its subclasses used here add first."""
    call = type(widget).__call__
    if call is SubmitInput.__call__:
        values.setdefault("value", field.label.text)
    elif call is _DateTimeBaseInput.__call__:
        _dates(field, values)
    elif call is NumberInput.__call__:
        for name in ("step", "min", "max"):
            if getattr(widget, name) is not None:
                values.setdefault(name, getattr(widget, name))
    values.setdefault("id", field.id)
    values.setdefault("type", widget.input_type)
    if "value" not in values:
        values["value"] = field._value()
    _flag_attributes(field, widget, values)
    values["name"] = field.name
    return Markup(f"<input {attributes(values)}>")


def _option(choice: Any) -> str:
    value = choice.value
    if isinstance(value, bool):
        value = str(value)
    label = escape(choice.label or choice.value)
    if not choice.render_kw:  # the usual option: what attributes() writes, without the sort
        text = str(escape(value)).replace('"', "&quot;")
        return f'<option {"selected " if choice.selected else ""}value="{text}">{label}</option>'
    values = {"value": value, **choice.render_kw}
    if choice.selected:
        values["selected"] = True
    return f"<option {attributes(values)}>{label}</option>"


def _select(field: Any, widget: Any, values: dict[str, Any]) -> Markup:
    """``wtforms.widgets.Select.__call__``."""
    values.setdefault("id", field.id)
    if widget.multiple:
        values["multiple"] = True
    _flag_attributes(field, widget, values)
    values["name"] = field.name
    html = [f"<select {attributes(values)}>"]
    if field.has_groups():
        for group, choices in field._iter_groups_normalized():
            if group is not None:
                html.append(f"<optgroup {attributes({'label': group})}>")
            html.extend(_option(choice) for choice in choices)
            if group is not None:
                html.append("</optgroup>")
    else:
        html.extend(_option(choice) for choice in field._iter_choices_normalized())
    html.append("</select>")
    return Markup("".join(html))


# The __call__ methods written out above; a widget overriding anything else is WTForms'.
_INPUT_CALLS = (
    Input.__call__,
    SubmitInput.__call__,
    _DateTimeBaseInput.__call__,
    NumberInput.__call__,
)


def _is_plain_input(widget: object) -> bool:
    kind: Any = type(widget)
    return (
        isinstance(widget, Input)
        and kind.__call__ in _INPUT_CALLS
        and kind.html_params is Input.html_params
    )


def _is_plain_select(widget: object) -> bool:
    kind: Any = type(widget)
    return (
        isinstance(widget, Select)
        and kind.__call__ is Select.__call__
        and kind.render_option.__func__ is Select.render_option.__func__  # type: ignore[attr-defined]
    )


def render_field(field: Field, render_kw: Mapping[str, Any]) -> Markup | None:
    """The control's HTML for the widgets written here, else None (WTForms renders it)."""
    values = {clean_key(key): value for key, value in render_kw.items()}
    own = getattr(field, "render_kw", None)
    if own is not None:
        values = {**{clean_key(key): value for key, value in own.items()}, **values}
    widget = field.widget
    if _is_plain_input(widget):
        return _input(field, widget, values)
    if _is_plain_select(widget):
        return _select(field, widget, values)
    return None


def form_field(field: Field, hint: str | None = None, class_: str = "", **render_kw: Any) -> Markup:
    """A labelled control as every form page writes it (the templates' ``field``, exported by
    macros.html): the label, an optional hint, the control and its errors, tied together by
    ``aria-describedby`` and ``aria-invalid``. ``render_kw`` goes to the control.

    Python rather than a Jinja macro because the day page writes about twenty of them, and a
    macro call costs several times a function call; the HTML is the macro's.
    """
    name = escape(field.id)
    errors = field.errors
    described = []
    classes = f"field{' ' + escape(class_) if class_ else ''}{' has-error' if errors else ''}"
    parts = [f'<div class="{classes}">\n    <label for="{name}">{escape(field.label.text)}</label>']
    if hint:
        parts.append(f'\n    <p class="hint" id="{name}-hint">{escape(hint)}</p>')
        described.append(f"{field.id}-hint")
    if errors:
        described.append(f"{field.id}-error")
    # False, not None: WTForms writes None out as the text "None" (aria-invalid="None").
    control = field(
        aria_describedby=" ".join(described) or False,
        aria_invalid="true" if errors else False,
        **render_kw,
    )
    parts.append(f"\n    {control}")
    if errors:
        text = " ".join(str(escape(error)) for error in errors)
        parts.append(f'\n    <p class="error" id="{name}-error">{text}</p>')
    parts.append("\n  </div>")
    return Markup("".join(parts))


class FastHtmlMeta(DefaultMeta):
    """A form Meta that writes inputs and selects through ``render_field`` above."""

    def render_field(self, field: Field, render_kw: Any) -> Markup:
        """Render a field's widget: the same HTML as WTForms, faster."""
        return render_field(field, render_kw) or super().render_field(field, render_kw)


class PageForm(FlaskForm):
    """A Flask-WTF form whose controls are written by FastHtmlMeta (the day page's forms)."""

    class Meta(FastHtmlMeta):
        pass
