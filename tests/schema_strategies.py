"""Hypothesis strategies made from a JSON Schema: documents that satisfy it, and near misses.

A small builder for the subset of JSON Schema that pydantic's model_json_schema() writes for
the data file (tracker.account_data.schema): type, enum, const, anyOf, $ref into $defs,
object properties (required and optional, additionalProperties false), arrays (minItems,
maxItems), integer and number minimum/maximum, string minLength/maxLength, pattern and the
formats date, time and date-time. (hypothesis-jsonschema would do this, but its last release
does not work with the hypothesis the suite uses.)

What a JSON Schema cannot say (a decimal written as text has a largest value; two fields must
agree) the caller says with `overrides`: a strategy for a property by its place,
"<definition>.<property>" ("FoodEntryRow.quantity", "DataFile.schedules"), or for every string
of a pattern or format.

near_miss(schema, document, path) makes one change that leaves the document invalid at `path`
by the schema itself (a wrong type, a value past a bound, a missing or unexpected key, an
enum or pattern broken) or by the text rules every importer must keep (a lone surrogate, a
bidirectional control, a control character, nothing but a zero-width space).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

Path = tuple[str | int, ...]
TEXT_WORDS = st.sampled_from(
    [
        "Oats",
        "spinach",
        "Crème",
        "fraîche",
        "Müsli",
        "1 cup",
        "½",
        "bar",
        "中文",
        "🥣",
        "x",
        "d'été",
    ]
)
JSON_TYPES = ("string", "integer", "number", "boolean", "null", "array", "object")
# A value of each JSON type, for a value of the wrong one.
WRONG_TYPE_VALUES: dict[str, Any] = {
    "string": "x",
    "integer": 7,
    "number": 2.5,
    "boolean": True,
    "null": None,
    "array": [],
    "object": {},
}
BAD_TEXT = ["x\ud800", "\u202e052", "a\u2066b", "\x00", "\u200b", "", "   "]
BAD_DATES = ["9999-12-31", "0000-01-01", "1899-12-31", "2024-02-30", "2024-1-5", "20240105"]
BAD_MOMENTS = [
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00+23:59",
    "2024-03-05T10:00:00",
    "2024-03-05",
    "x" * 41,
]
BAD_TIMES = ["24:00", "23:59:60", "8:30", "08:30:00.5", "08:30Z"]
BAD_PATTERNED = ["1,000", "1e3", "-1", " 1", "1.", ".5", "0x10", "٣", "1" * 13]
HUGE = 10**30


def default_formats() -> dict[str, st.SearchStrategy[str]]:
    """Strings of each format used: dates, times of day, aware date-times."""
    offsets = st.sampled_from([UTC, timezone(timedelta(hours=2)), timezone(-timedelta(hours=5))])
    return {
        "date": st.dates().map(date.isoformat),
        "time": st.times().map(lambda at: at.replace(microsecond=0).isoformat()),
        "date-time": st.builds(
            lambda moment, zone: moment.replace(microsecond=0, tzinfo=zone).isoformat(),
            st.datetimes(min_value=datetime(1901, 1, 1), max_value=datetime(2199, 1, 1)),
            offsets,
        ),
    }


def plain_text(min_length: int, max_length: int) -> st.SearchStrategy[str]:
    """Text a form would store unchanged: words with single spaces, no controls."""
    return (
        st.lists(TEXT_WORDS, min_size=1, max_size=4)
        .map(" ".join)
        .map(lambda text: text[:max_length].strip())
        .filter(lambda text: len(text) >= max(min_length, 1))
    )


class SchemaStrategies:
    """Strategies for the documents a JSON Schema describes (see the module's docstring)."""

    def __init__(
        self,
        schema: Mapping[str, Any],
        *,
        overrides: Mapping[str, st.SearchStrategy[Any]] | None = None,
        patterns: Mapping[str, st.SearchStrategy[str]] | None = None,
        formats: Mapping[str, st.SearchStrategy[str]] | None = None,
        text: Callable[[int, int], st.SearchStrategy[str]] = plain_text,
        max_items: int = 3,
    ) -> None:
        self.schema = schema
        self.overrides = dict(overrides or {})
        self.patterns = dict(patterns or {})
        self.formats = default_formats() | dict(formats or {})
        self.text = text
        self.max_items = max_items

    def valid(self) -> st.SearchStrategy[Any]:
        """Documents the schema accepts."""
        return self._node(self.schema, self.schema.get("title", ""))

    def _node(self, node: Mapping[str, Any], name: str) -> st.SearchStrategy[Any]:
        if "$ref" in node:
            target = resolve(self.schema, node)
            return st.deferred(lambda: self._node(target, _ref_name(node["$ref"])))
        if "const" in node:
            return st.just(node["const"])
        if "enum" in node:
            return st.sampled_from(node["enum"])
        if "anyOf" in node:
            return st.one_of([self._node(choice, name) for choice in node["anyOf"]])
        kind = node.get("type")
        if kind == "object":
            return self._object(node, name)
        if kind == "array":
            most = min(node.get("maxItems", self.max_items), self.max_items)
            least = node.get("minItems", 0)
            return st.lists(
                self._node(node["items"], name), min_size=least, max_size=max(most, least)
            )
        if kind == "string":
            return self._string(node)
        if kind == "integer":
            low = node.get("minimum", -(2**31))
            return st.integers(low, node.get("maximum", low + 10**6))
        if kind == "number":
            low = node.get("minimum", -1e6)
            return st.floats(low, node.get("maximum", low + 1e6), allow_nan=False)
        if kind == "boolean":
            return st.booleans()
        if kind == "null":
            return st.none()
        raise ValueError(f"no strategy for the schema node {node!r} of {name}")

    def _object(self, node: Mapping[str, Any], name: str) -> st.SearchStrategy[dict[str, Any]]:
        properties = node.get("properties", {})
        required = set(node.get("required", ()))

        def strategy(key: str) -> st.SearchStrategy[Any]:
            override = self.overrides.get(f"{name}.{key}")
            return override if override is not None else self._node(properties[key], name)

        return st.fixed_dictionaries(
            {key: strategy(key) for key in properties if key in required},
            optional={key: strategy(key) for key in properties if key not in required},
        )

    def _string(self, node: Mapping[str, Any]) -> st.SearchStrategy[str]:
        if "pattern" in node:
            pattern = node["pattern"]
            chosen = self.patterns.get(pattern)
            return chosen if chosen is not None else st.from_regex(pattern, fullmatch=True)
        if "format" in node:
            return self.formats[node["format"]]
        return self.text(node.get("minLength", 0), node.get("maxLength", 40))


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def resolve(schema: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    """A node with its $ref (local: "#/$defs/Name") followed."""
    while "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            raise ValueError(f"only local references are supported: {ref}")
        target: Any = schema
        for part in ref[2:].split("/"):
            target = target[part]
        node = target
    return node


def json_type(value: Any) -> str:
    """The JSON type of a parsed JSON value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _allowed_types(schema: Mapping[str, Any], node: Mapping[str, Any]) -> set[str]:
    node = resolve(schema, node)
    if "anyOf" in node:
        return set().union(*(_allowed_types(schema, choice) for choice in node["anyOf"]))
    if "const" in node or "enum" in node:
        values = [node["const"]] if "const" in node else node["enum"]
        return {json_type(value) for value in values}
    kind = node.get("type")
    return {"integer", "number"} if kind == "number" else {kind}


def _branch(schema: Mapping[str, Any], node: Mapping[str, Any], value: Any) -> Mapping[str, Any]:
    """The alternative of an anyOf that a value is of (the first of its JSON type)."""
    node = resolve(schema, node)
    while "anyOf" in node:
        node = next(
            (
                resolve(schema, choice)
                for choice in node["anyOf"]
                if json_type(value) in _allowed_types(schema, choice)
                and (
                    not isinstance(value, dict)
                    or set(value) <= set(resolve(schema, choice).get("properties", value))
                )
            ),
            resolve(schema, node["anyOf"][0]),
        )
    return node


def schema_at(schema: Mapping[str, Any], document: Any, path: Path) -> Mapping[str, Any]:
    """The schema node that describes the value at `path` of a document."""
    node, value = _branch(schema, schema, document), document
    for step in path:
        value = value[step]
        child = node["items"] if isinstance(step, int) else node["properties"][step]
        node = _branch(schema, child, value)
    return node


def paths(document: Any, prefix: Path = ()) -> Iterator[Path]:
    """Every place in a document, containers and leaves, the whole document first."""
    yield prefix
    if isinstance(document, dict):
        for key, value in document.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from paths(value, (*prefix, index))


def near_misses(schema: Mapping[str, Any], document: Any, path: Path) -> list[tuple[str, Any]]:
    """What may replace the value at `path` to make the document invalid there:
    ("value", new value), or for an object ("drop", key) / ("add", key)."""
    value = document
    for step in path:
        value = value[step]
    parent = schema if not path else schema_at(schema, document, path[:-1])
    node = schema_at(schema, document, path)
    declared = (
        parent["items"] if path and isinstance(path[-1], int) else
        parent.get("properties", {}).get(path[-1], node) if path else schema
    )  # fmt: skip
    allowed = _allowed_types(schema, declared)
    changes: list[tuple[str, Any]] = [
        ("value", WRONG_TYPE_VALUES[kind]) for kind in JSON_TYPES if kind not in allowed
        and not (kind == "integer" and "number" in allowed)
    ]  # fmt: skip
    if isinstance(value, dict):
        changes += [("drop", key) for key in node.get("required", ())]
        if node.get("additionalProperties") is False:
            changes.append(("add", "unexpected"))
    if "enum" in node or "const" in node:
        changes += [("value", "not-one-of-them"), ("value", 99)]
    elif node.get("type") == "string":
        changes += _string_misses(node)
    elif node.get("type") in ("integer", "number"):
        if "maximum" in node:
            changes.append(("value", node["maximum"] + 1))
        if "minimum" in node:
            changes.append(("value", node["minimum"] - 1))
        changes.append(("value", HUGE))
    return changes


def _string_misses(node: Mapping[str, Any]) -> list[tuple[str, Any]]:
    if "pattern" in node:
        pattern = re.compile(node["pattern"])
        return [("value", text) for text in BAD_PATTERNED if not pattern.fullmatch(text)]
    by_format = {"date": BAD_DATES, "date-time": BAD_MOMENTS, "time": BAD_TIMES}
    if "format" in node:
        return [("value", text) for text in by_format[node["format"]]]
    changes = [("value", text) for text in BAD_TEXT]
    if "maxLength" in node:
        changes.append(("value", "a" * (node["maxLength"] + 1)))
    return changes


def apply_change(document: Any, path: Path, change: tuple[str, Any]) -> Any:
    """A copy of the document with one near miss applied at `path`."""
    kind, argument = change
    copy = _copy(document)
    if kind == "value":
        if not path:
            return argument
        target = copy
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = argument
        return copy
    target = copy
    for step in path:
        target = target[step]
    if kind == "drop":
        del target[argument]
    else:
        target[argument] = 1
    return copy


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


__all__ = [
    "SchemaStrategies",
    "apply_change",
    "near_misses",
    "paths",
    "plain_text",
    "resolve",
    "schema_at",
]
