"""Error pages: a plain message and the right status, never a stack trace."""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, render_template, request
from flask.globals import request_ctx
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException

from tracker.extensions import db
from tracker.security import retry_wait
from tracker.urls import public_url_adapter

MESSAGES = {
    400: "The request could not be understood. Please check what you entered and try again.",
    403: "You do not have access to this page.",
    404: "There is nothing here. The page may have moved, or the link may be mistyped.",
    405: "That action is not allowed on this page.",
    410: "This item is no longer available.",
    413: "That upload is too large.",
    429: "Too many attempts. Please wait a minute and try again.",
    500: "Something went wrong on our side. Nothing you entered was lost; please try again.",
}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _bind_urls_if_unbound() -> None:
    """Let the error page build its links even when the request could not be bound.

    A request whose Host header is malformed or not trusted is refused before Flask binds
    it to the URL map, so url_for() had nothing to build with and the error page itself
    failed (a 500 instead of the 400). Its links are relative, so binding to the public
    address (never the request's host) gives the same links.
    """
    if request_ctx.url_adapter is None:
        request_ctx.url_adapter = public_url_adapter(script_name=request.script_root)


def _plain_page(status: int, message: str) -> Response:
    """The last resort: an error page that needs no template, no URL and no database."""
    body = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Error {status} · Magnesium Tracker</title></head>"
        f"<body><main><h1>Error {status}</h1><p>{escape(message)}</p></main></body></html>"
    )
    return Response(body, status=status, mimetype="text/html")


def _render(status: int, message: str):
    if _wants_json():
        return jsonify(error=message), status
    _bind_urls_if_unbound()
    try:
        return render_template("error.html", status=status, message=message), status
    except Exception:
        # An error page that fails would turn any error into a bare 500 from the server.
        current_app.logger.exception("The error page for %s could not be rendered", status)
        return _plain_page(status, message)


def init_app(app: Flask) -> None:
    """Register the error handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return _render(
            400,
            "This form has expired or was not sent from this site. "
            "Nothing was changed: reload the page and try again.",
        )

    @app.errorhandler(RateLimitExceeded)
    def rate_limited(error: RateLimitExceeded):
        # A limit with words of its own (tracker.auth.limits.heavy_work) says them.
        own = error.limit.error_message
        if isinstance(own, str) and "{wait}" in own:
            return _render(429, own.replace("{wait}", retry_wait(error)))
        return _render(
            429,
            "To protect your account from password guessing, please wait "
            f"{retry_wait(error)} before trying again.",
        )

    @app.errorhandler(DataError)
    def database_refused_value(error: DataError):
        # The database refused a value the forms let through (PostgreSQL: NUL in text, numbers
        # out of range). Nothing was written; it is a bad request, and a form to tighten.
        db.session.rollback()
        current_app.logger.warning("Database refused a value: %s", error.orig)
        return _render(400, MESSAGES[400])

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        return _render(status, MESSAGES.get(status, error.description or "Error."))
