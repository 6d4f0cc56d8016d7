"""Property-based tests (hypothesis): any input to any form or API parameter is never a 500,
and a rejected request (4xx) changes nothing.

The forms are not listed by hand: every page of the app is opened (as a visitor and as a
logged-in user with real objects from tests/routes.py), and every POST form on it is fuzzed
field by field, so forms added later are covered as they appear. A state-changing route that
no page offers a form for fails the coverage test, unless listed in FORMLESS with the reason.

Runs are deterministic (derandomize, no example database); TRACKER_HYPOTHESIS_EXAMPLES raises
the number of examples for a deeper run by hand.
"""

from __future__ import annotations

import json
import os
import re

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.test import EnvironBuilder, run_wsgi_app

from tests.helpers import food_id, login, make_user
from tests.page_forms import CRITICAL, DIRECTION_AND_INVISIBLE, SURROGATES, Form, forms_on
from tests.routes import (
    STATE_CHANGING,
    VALUE_CONVERTERS,
    app_rules,
    build_for,
    converter_name,
    object_params,
    populate,
    snapshot,
    without_access_records,
)
from tracker.extensions import db
from tracker.models import User

EXAMPLES = int(os.environ.get("TRACKER_HYPOTHESIS_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
OWNER = "fuzz-owner@example.org"
SPINACH = "11457"

# Pages that show more forms with a query string (the add form needs a chosen food).
PAGE_VARIANTS = {"diary.day_page": ["?food={spinach}"], "diary.today": ["?food={spinach}"]}
# State-changing routes with no HTML form, and why (their JSON bodies are fuzzed below anyway).
FORMLESS: dict[str, str] = {
    "undo.undo": "its form is shown only in the message after a deletion; tests/test_undo.py "
    "sends it tampered, swapped, expired and other users' tokens",
    # Shown only to an account with two-step login on (the fuzzed owner has it off, so that
    # its logins stay one step): tests/test_two_step.py fuzzes each of their fields.
    "auth.two_step_login": "the code step of a login with two-step login on",
    "auth.two_step_off": "on the Two-step login page once it is on",
    "auth.recovery_codes": "on the Two-step login page once it is on",
    "account_data.cronometer_import": "on the preview shown only after an upload (a POST); "
    "tests/test_cronometer.py fuzzes its fields and sends forged, expired and other users' tokens",
}
# Query parameters the app reads somewhere; every GET route is fuzzed with all of them.
QUERY_PARAMS = ["q", "limit", "food", "next", "start", "end", "day", "page", "format", "days"]

NASTY = [
    "", " ", "0", "-0", "-1", "1e309", "1e-320", "NaN", "Infinity", "-inf", "1/0", "0/0", "½",
    "٣", "1_000", "0x10", "9" * 25, "2147483648", "9223372036854775808", "1.", ".5", "1,5",
    "sNaN", "\x00", "\t\n", "<script>alert(1)</script>", "' OR '1'='1", "%s%n", "\u202e", "a" * 300,
    "x" * 5000, "12:60", "24:00", "23:59:59", "-05:00", "2024-02-30", "🦴", "null", "[]", "{}",
]  # fmt: skip
# Plausible values, so that random forms also get past validation and reach the writes.
PLAUSIBLE = ["1", "2", "0.5", "1/2", "100", "250", "08:30", "lunch", "g", "Spinach", "2024-03-04"]
# Odd code points: format characters (bidi controls, zero-width), private use, unassigned
# (noncharacters among them), line and paragraph separators, lone combining marks.
ODD_CATEGORIES = ["Cf", "Co", "Cn", "Zl", "Zp", "Mn", "Me", "Sk"]
odd_text = st.text(
    alphabet=st.one_of(st.characters(categories=ODD_CATEGORIES), st.sampled_from("aZ9 .,")),
    max_size=12,
)
values = st.one_of(
    st.sampled_from(PLAUSIBLE),
    st.sampled_from(NASTY),
    st.text(max_size=30),
    odd_text,
    st.integers(min_value=-(10**12), max_value=10**25).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
# A JSON body can also carry what a form's UTF-8 cannot: lone surrogates.
json_text_values = st.one_of(
    values,
    st.sampled_from(SURROGATES),
    st.text(alphabet=st.characters(categories=["Cs", "Ll", "Cf"]), min_size=1, max_size=6),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


# Host headers: empty and over-long labels, "xn--" labels that do not decode, ports out of
# range, brackets, odd characters; sent as a server would pass them on (bytes as Latin-1).
HOST_LABELS = st.one_of(
    st.sampled_from(["", "a" * 63, "a" * 64, "xn--", "xn--zz", "xn--bcher-kva", "-", "localhost"]),
    st.text(max_size=8),
)
host_headers = st.one_of(
    st.sampled_from(["a..b", ".", "", ":", "[::1]", "[::1", "[::g]:80", "localhost:0", "a" * 300]),
    st.lists(HOST_LABELS, max_size=5).map(".".join),
    st.tuples(st.lists(HOST_LABELS, min_size=1, max_size=3).map(".".join), values).map(":".join),
    st.text(max_size=40).map(lambda text: text.encode("utf-8", "surrogatepass").decode("latin-1")),
    st.binary(max_size=40).map(lambda raw: raw.decode("latin-1")),
)


def _owner_client(app: Flask):
    client = app.test_client()
    login(client, OWNER)
    return client


def _forms_on_pages(app: Flask, owner: User) -> dict[tuple, Form]:
    spinach = food_id(app, SPINACH)
    # One object of every kind, so pages that list them show their edit and delete forms.
    populate(app, owner)
    forms: dict[tuple, Form] = {}
    for rule in app_rules(app):
        if "GET" not in (rule.methods or ()):
            continue
        url, _ = build_for(app, rule, owner)
        pages = [url] + [
            url + v.format(spinach=spinach) for v in PAGE_VARIANTS.get(rule.endpoint, [])
        ]
        for page in pages:
            for as_owner in (False, True):
                client = _owner_client(app) if as_owner else app.test_client()
                response = client.get(page)
                if response.status_code != 200 or response.mimetype != "text/html":
                    continue
                for form in forms_on(app, page, response.get_data(as_text=True), as_owner):
                    forms.setdefault(form.key, form)
    return forms


def discover_forms(app: Flask) -> list[Form]:
    """Open every page as a visitor and as the owner; return each distinct POST form.

    Forms that only appear after an action (an Undo offered after a delete) are found by
    pressing every button-only form once, on objects made for that, and reading the page the
    app answers with.
    """
    with app.app_context():
        owner = db.session.execute(db.select(User).filter_by(email=OWNER)).scalar_one()
        db.session.expunge(owner)
    after_actions: dict[tuple, Form] = {}
    for form in _forms_on_pages(app, owner).values():
        buttons_only = all(name.endswith("submit") for name in form.fields)
        if not form.as_owner or not buttons_only or form.endpoint == "auth.logout":
            continue
        response = _owner_client(app).post(
            form.action, data={n: f.default for n, f in form.fields.items()}, follow_redirects=True
        )
        if response.status_code == 200 and response.mimetype == "text/html":
            for found in forms_on(app, form.action, response.get_data(as_text=True), True):
                after_actions.setdefault(found.key, found)
    forms = _forms_on_pages(app, owner)
    on_pages = {form.endpoint for form in forms.values()}
    extra = [form for form in after_actions.values() if form.endpoint not in on_pages]
    return list(forms.values()) + extra


@pytest.fixture
def owner(app: Flask) -> User:
    return make_user(app, OWNER)


def test_every_state_changing_route_has_a_fuzzed_form(app, owner):
    reached = {form.endpoint for form in discover_forms(app)}
    changing = {
        rule.endpoint for rule in app_rules(app) if STATE_CHANGING & set(rule.methods or ())
    }
    missing = sorted(changing - reached - set(FORMLESS))
    assert not missing, (
        f"No page shows a form that posts to {missing}: add the page to PAGE_VARIANTS in "
        "tests/test_bad_input.py so its fields are fuzzed, or list it in FORMLESS with why."
    )


def _form_data(form: Form, draw, fuzzed_values=values) -> dict[str, str]:
    data = {}
    for name, fuzzed in form.fields.items():
        choice = draw(st.sampled_from(["keep", "keep", "omit", "fuzz", "fuzz", "option"]))
        if choice == "keep":
            data[name] = fuzzed.default
        elif choice == "fuzz":
            data[name] = draw(fuzzed_values)
        elif choice == "option" and fuzzed.options:
            data[name] = draw(st.sampled_from(fuzzed.options))
    return data


def _check(app: Flask, response, before, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"
    if response.status_code >= 400:
        assert snapshot(app) == before, f"{what}: refused with {response.status_code}, data changed"


def test_every_form_field_with_each_bad_value(app, owner):
    """Field by field, every value in CRITICAL with the rest of the form as the page offers it."""
    problems = []
    for form in discover_forms(app):
        client = _owner_client(app) if form.as_owner else app.test_client()
        for name in form.fields:
            if name.endswith("submit"):
                continue  # the button's own name says which button, nothing more
            for bad in CRITICAL:
                payload = {n: f.default for n, f in form.fields.items()} | {name: bad}
                before = snapshot(app)
                try:
                    response = client.post(form.action, data=payload)
                except Exception as error:
                    problems.append(f"{form.endpoint} {name}={bad[:20]!r}: {error!r}")
                    continue
                if response.status_code >= 500:
                    problems.append(f"{form.endpoint} {name}={bad[:20]!r}: {response.status_code}")
                elif response.status_code >= 400 and snapshot(app) != before:
                    problems.append(f"{form.endpoint} {name}={bad[:20]!r}: refused, data changed")
    assert not problems, "\n".join(problems)


def _stored_text(tables: dict[str, list[tuple]]) -> list[tuple[str, str]]:
    return [
        (table, value)
        for table, rows in tables.items()
        for row in rows
        for value in row
        if isinstance(value, str)
    ]


def test_every_form_field_with_odd_code_points(app, owner):
    """Every field of every form: a lone surrogate in a JSON body is a 4xx that changes
    nothing; a bidirectional control or a zero-width character is never stored, whatever
    the field (refused, or stripped: tracker.domain.text)."""
    problems = []
    before_all = _stored_text(snapshot(app))
    for form in discover_forms(app):
        client = _owner_client(app) if form.as_owner else app.test_client()
        for name in form.fields:
            if name.endswith("submit"):
                continue
            defaults = {n: f.default for n, f in form.fields.items()}
            for odd in SURROGATES[:1]:
                before = snapshot(app)
                body = json.dumps(defaults | {name: odd})
                response = client.post(form.action, data=body, content_type="application/json")
                if response.status_code < 400 or snapshot(app) != before:
                    problems.append(f"{form.endpoint} {name}={odd!r} as JSON: not refused")
            for odd in DIRECTION_AND_INVISIBLE:
                response = client.post(form.action, data=defaults | {name: odd})
                if response.status_code >= 500:
                    problems.append(f"{form.endpoint} {name}={odd!r}: {response.status_code}")
    invisible = re.compile("[\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
    for table, value in _stored_text(snapshot(app)):
        if invisible.search(value) and (table, value) not in before_all:
            problems.append(f"stored in {table}: {value!r}")
    assert not problems, "\n".join(problems)


def test_every_form_field(app, owner):
    forms = discover_forms(app)
    assert len(forms) >= 8, [form.endpoint for form in forms]
    for form in forms:
        _fuzz_form(app, form)()


def _fuzz_form(app: Flask, form: Form):
    client = _owner_client(app) if form.as_owner else None

    @FUZZ
    @given(data=st.data(), as_json=st.booleans())
    def fuzz(data, as_json):
        # The same form as a browser sends it, or as a script would: Flask-WTF reads a JSON
        # body as the form's fields, and only JSON can carry a lone surrogate.
        sender = client or app.test_client()
        payload = _form_data(form, data.draw, json_text_values if as_json else values)
        before = snapshot(app)
        if as_json:
            response = sender.post(
                form.action, data=json.dumps(payload), content_type="application/json"
            )
        else:
            response = sender.post(form.action, data=payload)
        kind = "JSON" if as_json else "form"
        _check(app, response, before, f"POST {form.action} ({form.endpoint}) {kind} {payload!r}")

    return fuzz


def test_every_state_changing_route_with_any_json(app, owner):
    client = _owner_client(app)
    rules = [
        rule
        for rule in app_rules(app)
        if STATE_CHANGING & set(rule.methods or ()) and rule.endpoint != "auth.logout"
    ]

    @FUZZ
    @given(rule=st.sampled_from(rules), body=json_values)
    def fuzz(rule, body):
        url, _ = build_for(app, rule, owner)
        before = snapshot(app)
        response = client.post(url, data=json.dumps(body), content_type="application/json")
        _check(app, response, before, f"POST {url} JSON {body!r}")

    fuzz()


def test_every_page_with_any_query_string(app, owner):
    client = _owner_client(app)
    rules = [rule for rule in app_rules(app) if "GET" in (rule.methods or ())]

    @FUZZ
    @given(
        rule=st.sampled_from(rules),
        params=st.dictionaries(st.sampled_from(QUERY_PARAMS) | st.text(max_size=8), values),
        logged_in=st.booleans(),
    )
    def fuzz(rule, params, logged_in):
        url, _ = build_for(app, rule, owner)
        before = snapshot(app)
        response = (client if logged_in else app.test_client()).get(url, query_string=params)
        assert response.status_code < 500, f"GET {url} {params!r}: {response.status_code}"
        changed = without_access_records(snapshot(app)) != without_access_records(before)
        assert not changed, f"GET {url} {params!r} changed data"

    fuzz()


def test_every_route_with_any_host_header(app, owner):
    """Malformed Host headers get a 4xx on every route, logged in or not; nothing changes."""
    cookie = f"session={_owner_client(app).get_cookie('session').value}"
    rules = [rule for rule in app_rules(app) if rule.endpoint != "auth.logout"]

    @FUZZ
    @given(
        rule=st.sampled_from(rules),
        host=host_headers,
        method=st.sampled_from(["GET", "POST"]),
        logged_in=st.booleans(),
    )
    def fuzz(rule, host, method, logged_in):
        url, _ = build_for(app, rule, owner)
        # Straight through WSGI: the test client itself trips over some of these hosts.
        environ = EnvironBuilder(path=url, method=method).get_environ()
        environ["HTTP_HOST"] = host
        if logged_in:
            environ["HTTP_COOKIE"] = cookie
        before = snapshot(app)
        _body, status, _headers = run_wsgi_app(app, environ, buffered=True)
        code = int(status.split()[0])
        assert code < 500, f"{method} {url} Host {host!r}: {status}"
        if code >= 400:
            assert snapshot(app) == before, f"{method} {url} Host {host!r}: {code}, data changed"

    fuzz()


def test_food_search_api_parameters(client):
    @FUZZ
    @given(q=values, limit=st.one_of(st.none(), values))
    def fuzz(q, limit):
        params = {"q": q} if limit is None else {"q": q, "limit": limit}
        response = client.get("/api/foods", query_string=params)
        assert response.status_code in (200, 400), (params, response.status_code)
        assert response.is_json
        body = response.get_json()
        assert ("results" in body) if response.status_code == 200 else ("error" in body)

    fuzz()


def test_entry_preview_api_parameters(auth_client, app):
    """The preview before Add (issue 11): any food, portion and quantity is an answer or a
    404 for a food that is not the user's, never a 500; it changes nothing."""
    before = snapshot(app)

    @FUZZ
    @given(food=values, portion=values, quantity=values)
    def fuzz(food, portion, quantity):
        params = {"food": food, "portion": portion, "quantity": quantity}
        response = auth_client.get("/api/entry-preview", query_string=params)
        assert response.status_code in (200, 404), (params, response.status_code)
        body = response.get_json()
        assert ("ok" in body) if response.status_code == 200 else ("error" in body)

    fuzz()
    assert snapshot(app) == before


def _path_with(rule, raw: str) -> str:
    """The rule's path with `raw` for its first object parameter and plain values elsewhere."""
    first = object_params(rule)[0]

    def fill(match: re.Match) -> str:
        name = match.group("name")
        if name == first:
            return raw
        if name in object_params(rule):
            return "1"
        converter = rule._converters[name]
        return converter.to_url(VALUE_CONVERTERS[converter_name(rule, name)])

    return re.sub(r"<(?:[^:<>]+:)?(?P<name>[^<>]+)>", fill, rule.rule)


def test_every_object_route_with_any_id(app, owner):
    client = _owner_client(app)
    rules = [rule for rule in app_rules(app) if object_params(rule)]

    @FUZZ
    @given(
        rule=st.sampled_from(rules),
        raw=st.one_of(
            st.integers(min_value=0, max_value=2**70).map(str),
            st.sampled_from(["-1", "0", "1.5", "1e3", "%00", "..", "٣", "x" * 300]),
        ),
        method=st.sampled_from(["GET", "POST"]),
    )
    def fuzz(rule, raw, method):
        path = _path_with(rule, raw)
        before = snapshot(app)
        response = client.open(path, method=method, data={})
        _check(app, response, before, f"{method} {path}")

    fuzz()
