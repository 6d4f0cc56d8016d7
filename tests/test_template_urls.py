"""The templates' url_for (tracker.web.TemplateUrls) writes exactly what Flask's url_for does."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask, render_template_string, request, url_for

from tracker.web import TemplateUrls

# (endpoint, values): links the pages write, with and without values.
LINKS = [
    ("diary.today", {}),
    ("static", {"filename": "css/app.css"}),
    ("diary.day_page", {"day": date(2026, 11, 24)}),
    ("diary.day_page", {"day": date(2026, 11, 25)}),
    ("diary.edit_entry", {"entry_id": 7}),
    ("diary.edit_entry", {"entry_id": 8}),
    ("supplements.log_again", {"day": date(2026, 11, 24), "product_id": 3}),
    ("foods.api_search", {"q": "a b&c"}),  # an unknown value becomes the query string
]


@pytest.mark.parametrize("script_name", ["", "/tracker"])
def test_the_same_urls_as_flask_built_once(app: Flask, script_name: str) -> None:
    urls = app.jinja_env.globals["url_for"]
    assert isinstance(urls, TemplateUrls)
    for _round in range(2):  # the second round is answered from what the first built
        with app.test_request_context("/", base_url=f"http://localhost{script_name}/"):
            assert request.script_root == script_name
            for endpoint, values in LINKS:
                assert urls(endpoint, **values) == url_for(endpoint, **values)
                assert render_template_string("{{ url_for(e, **v) }}", e=endpoint, v=values) == str(
                    url_for(endpoint, **values).replace("&", "&amp;")
                )
    with app.test_request_context("/"):
        assert urls("diary.today").startswith("/")
    with app.test_request_context("/", base_url="http://localhost/tracker/"):
        assert urls("diary.today").startswith("/tracker/")


def test_options_unhashable_values_and_no_request_go_to_flask(app: Flask) -> None:
    urls = TemplateUrls()
    with app.test_request_context("/"):
        assert urls("diary.today", _external=True) == url_for("diary.today", _external=True)
        assert urls("diary.today", _external=True).startswith("http")
        assert urls("diary.today", _anchor="add").endswith("#add")
        assert urls("foods.api_search", q=["a", "b"]) == url_for("foods.api_search", q=["a", "b"])
        assert len(urls.built) == 0
        urls("diary.today")
        assert len(urls.built) == 1
    with app.app_context(), pytest.raises(RuntimeError):
        urls("diary.today")  # as Flask's url_for without a request or SERVER_NAME


def test_bounded(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    urls = TemplateUrls()
    monkeypatch.setattr(TemplateUrls, "MAX_URLS", 3)
    with app.test_request_context("/"):
        for entry_id in range(1, 8):
            assert urls("diary.edit_entry", entry_id=entry_id) == url_for(
                "diary.edit_entry", entry_id=entry_id
            )
        assert len(urls.built) <= 3


def test_row_urls_are_flasks_under_each_script_root(app: Flask) -> None:
    """row_url's URLs come from the kept ones, by script root: never another root's links."""
    row_url = app.jinja_env.globals["row_url"]
    rows = [("diary.edit_entry", "entry_id"), ("diary.delete_entry", "entry_id")]
    for script_name in ("/tracker", "", "/tracker", ""):
        with app.test_request_context("/", base_url=f"http://localhost{script_name}/"):
            for endpoint, name in rows:
                maker = row_url(endpoint, name)
                for row_id in (1, 42, 2**31 - 1):
                    assert maker(row_id) == url_for(endpoint, **{name: row_id})
                assert maker(7).startswith(f"{script_name}/")
