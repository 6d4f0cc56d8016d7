"""No response that may hold someone's health data is kept by a cache: `Cache-Control: no-store`
on every page and API response (one rule, tracker.web), walked over the whole URL map."""

from __future__ import annotations

from flask import Flask

from tests.helpers import login, make_user
from tests.routes import app_rules, build_for, populate

OWNER = "cache-owner@example.org"


def _get_routes(app: Flask):
    return [rule for rule in app_rules(app) if "GET" in (rule.methods or ())]


def test_every_page_a_logged_in_user_opens_is_no_store(app):
    owner = make_user(app, OWNER)
    populate(app, owner)  # the pages that list things show them
    client = app.test_client()
    login(client, OWNER)
    opened, problems = [], []
    for rule in _get_routes(app):
        url, _ = build_for(app, rule, owner)
        response = client.get(url)
        if response.status_code == 200:
            opened.append(rule.endpoint)
        if response.headers.get("Cache-Control") != "no-store":
            problems.append(f"{url} ({rule.endpoint}): {response.status_code}, "
                            f"Cache-Control {response.headers.get('Cache-Control')!r}")  # fmt: skip
    assert not problems, "\n".join(problems)
    # The walk really opened the pages with data (not only redirects and errors).
    assert {
        "diary.today", "diary.day_page", "summaries.week", "summaries.month",
        "exports.export_page", "exports.download_entries", "account_data.download_data",
        "foods.api_search", "auth.profile", "sharing.shared_report",
    } <= set(opened), sorted(set(opened))  # fmt: skip


def test_pages_for_visitors_and_share_links_are_no_store(app):
    owner = make_user(app, OWNER)
    visitor = app.test_client()
    for rule in _get_routes(app):
        url, _ = build_for(app, rule, owner)
        response = visitor.get(url)
        assert response.headers.get("Cache-Control") == "no-store", (url, response.status_code)


def test_static_files_may_be_cached(client):
    response = client.get("/static/css/app.css")
    response.close()  # a file response: close it, or the file stays open
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
