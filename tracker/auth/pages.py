"""How account pages are answered: rendered, a form with errors as a 400, secret URLs kept
out of Referer headers (no caching for any page: tracker.web)."""

from __future__ import annotations

from flask import Response, render_template


def private(response: Response, *, secret_url: bool = False) -> Response:
    """No Referer at all from pages whose URL holds a secret."""
    if secret_url:
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


def page(template: str, status: int = 200, *, secret_url: bool = False, **context) -> Response:
    """Render an account page; a form sent back with errors is a 400."""
    response = Response(render_template(template, **context), status=status)
    return private(response, secret_url=secret_url)


def form_page(template: str, form, *, secret_url: bool = False, **context) -> Response:
    """An account page with its form: 400 when the form has errors."""
    return page(template, 400 if form.errors else 200, secret_url=secret_url, form=form, **context)
