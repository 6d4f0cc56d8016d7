"""Every route, found by walking app.url_map: other users get 404, and CSRF guards every change.

The routes are not listed by hand: tests/routes.py makes a real object for each URL parameter,
so routes added later (supplements, summaries, exports, share links) are covered as soon as
they exist, and a parameter nobody taught tests/routes.py about fails here loudly.
"""

from __future__ import annotations

import json

import pytest
from flask import Flask
from werkzeug.routing import Rule

from tests.helpers import login, make_user
from tests.routes import (
    PUBLIC_TOKENS,
    STATE_CHANGING,
    app_rules,
    build_for,
    build_url,
    dead_share_tokens,
    methods_of,
    object_params,
    snapshot,
)
from tracker.extensions import db
from tracker.web import CONTENT_SECURITY_POLICY

CSRF_MESSAGE = "This form has expired or was not sent from this site."


def _object_rules(app: Flask) -> list[Rule]:
    return [rule for rule in app_rules(app) if object_params(rule)]


def _logged_in(app: Flask, email: str):
    make_user(app, email)
    client = app.test_client()
    login(client, email)
    return client


def _send(client, method: str, url: str, *, as_json: bool = False, headers=None):
    if method == "GET":
        return client.get(url, headers=headers)
    if as_json:
        return client.open(
            url, method=method, data=json.dumps({"anything": "1"}),
            content_type="application/json", headers=headers,
        )  # fmt: skip
    return client.open(url, method=method, data={}, headers=headers)


def test_the_walk_finds_the_routes_we_know(app):
    found = {rule.endpoint for rule in _object_rules(app)}
    # A floor, not the full list: helpers add routes, and the walk picks them up by itself.
    assert {
        "diary.edit_entry",
        "diary.delete_entry",
        "foods.edit_custom_food",
        "foods.delete_custom_food",
    } <= found


def test_every_object_route_is_404_for_another_user(app):
    problems: list[str] = []
    for number, rule in enumerate(_object_rules(app)):
        owner_client = _logged_in(app, f"owner{number}@example.org")
        intruder = _logged_in(app, f"intruder{number}@example.org")
        with app.app_context():
            owner = db.session.execute(
                db.select(db.metadata.tables["users"]).filter_by(email=f"owner{number}@example.org")
            ).one()
        try:
            url, made = build_for(app, rule, owner)
        except LookupError as error:
            problems.append(str(error))
            continue
        public = PUBLIC_TOKENS & set(rule.arguments)
        if public:
            with app.app_context():
                dead = dead_share_tokens(made)
                db.session.remove()
        before = snapshot(app)
        if public:
            problems += _check_public_token_route(app, rule, dead, owner_client)
        else:
            for method in methods_of(rule):
                for as_json in (False, True) if method in STATE_CHANGING else (False,):
                    response = _send(intruder, method, url, as_json=as_json)
                    if response.status_code != 404:
                        kind = " (JSON)" if as_json else ""
                        problems.append(
                            f"{method} {url}{kind} ({rule.endpoint}) as another user: "
                            f"{response.status_code}, expected 404"
                        )
                    anonymous = _send(app.test_client(), method, url, as_json=as_json)
                    if anonymous.status_code not in (302, 401, 404) or (
                        anonymous.status_code == 302
                        and "/login" not in anonymous.headers["Location"]
                    ):
                        problems.append(
                            f"{method} {url} ({rule.endpoint}) logged out: "
                            f"{anonymous.status_code}, expected a login redirect or 404"
                        )
        if snapshot(app) != before:
            problems.append(f"{rule.rule} ({rule.endpoint}): another user's request changed data")
        # Last, and allowed to change data: the owner reaches the object, so the factory made
        # the kind of object this route serves and the 404s above mean something.
        for method in methods_of(rule):
            status = _send(owner_client, method, url).status_code
            if status == 404:
                problems.append(
                    f"{method} {url} ({rule.endpoint}) is 404 for the owner too: the factory in "
                    "tests/routes.py makes the wrong kind of object for this route"
                )
    assert not problems, "\n".join(problems)


def _check_public_token_route(app, rule: Rule, dead: dict[str, str], owner_client) -> list[str]:
    problems = []
    other_values = {name: None for name in rule.arguments}
    for label, token in dead.items():
        values = {**other_values, **{name: token for name in PUBLIC_TOKENS & set(rule.arguments)}}
        url = build_url(app, rule, {k: v for k, v in values.items() if v is not None})
        for who, client in (("logged out", app.test_client()), ("the owner", owner_client)):
            for method in methods_of(rule):
                status = _send(client, method, url).status_code
                if status != 404:
                    problems.append(f"{method} {rule.rule} with a {label} token, {who}: {status}")
    return problems


def test_every_state_changing_route_needs_a_csrf_token(app):
    """Forms and JSON alike: no token, or a wrong one, is a 400 and changes nothing."""
    client = _logged_in(app, "owner@example.org")
    with app.app_context():
        owner = db.session.execute(
            db.select(db.metadata.tables["users"]).filter_by(email="owner@example.org")
        ).one()
    changing = [rule for rule in app_rules(app) if STATE_CHANGING & set(rule.methods or ())]
    # Logging out ends the session and its CSRF token: keep it for last.
    changing.sort(key=lambda rule: rule.endpoint == "auth.logout")
    assert {"auth.login", "auth.register", "auth.logout", "diary.add_entry"} <= {
        rule.endpoint for rule in changing
    }
    problems = []
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        page = client.get("/profile").get_data(as_text=True)
        real_token = page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
        for rule in changing:
            try:
                url, _ = build_for(app, rule, owner)
            except LookupError as error:
                problems.append(str(error))
                continue
            before = snapshot(app)
            for method in sorted(STATE_CHANGING & set(rule.methods or ())):
                attempts = {
                    "form, no token": {},
                    "JSON, no token": {"as_json": True},
                    "JSON, forged header": {
                        "as_json": True,
                        "headers": {"X-CSRFToken": real_token[:-4] + "AAAA"},
                    },
                }
                for label, options in attempts.items():
                    response = _send(client, method, url, **options)
                    body = response.get_data(as_text=True)
                    if response.status_code != 400 or CSRF_MESSAGE not in body:
                        problems.append(f"{method} {url} ({label}): {response.status_code}")
                # The header a script would send is accepted: CSRF does not stop it.
                passed = _send(
                    client, method, url, as_json=True, headers={"X-CSRFToken": real_token}
                )
                if CSRF_MESSAGE in passed.get_data(as_text=True):
                    problems.append(f"{method} {url}: a valid X-CSRFToken header was refused")
                before = before if passed.status_code >= 400 else snapshot(app)
            # Only the request with the valid token may have changed anything.
            if passed.status_code >= 400 and snapshot(app) != before:
                problems.append(f"{rule.rule}: a refused request changed data")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert not problems, "\n".join(problems)


def test_security_headers_on_every_page(app):
    client = _logged_in(app, "owner@example.org")
    with app.app_context():
        owner = db.session.execute(
            db.select(db.metadata.tables["users"]).filter_by(email="owner@example.org")
        ).one()
    checked = 0
    for rule in app_rules(app):
        if "GET" not in (rule.methods or ()):
            continue
        url, _ = build_for(app, rule, owner)
        for who in (client, app.test_client()):
            headers = who.get(url).headers
            assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, url
            assert headers["X-Content-Type-Options"] == "nosniff", url
            assert headers["X-Frame-Options"] == "DENY", url
            # Pages whose URL holds a secret (share links) send no referrer at all.
            assert headers["Referrer-Policy"] in ("same-origin", "no-referrer"), url
            checked += 1
    assert checked >= 10


@pytest.mark.parametrize(
    "path", ["/entries/2147483648/edit", "/foods/mine/99999999999999999999/edit"]
)
def test_ids_beyond_any_row_are_404_not_an_overflow(auth_client, path):
    assert auth_client.get(path).status_code == 404
