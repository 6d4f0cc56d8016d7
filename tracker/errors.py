"""Error pages: a plain message and the right status, never a stack trace."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException

from tracker.extensions import db
from tracker.security import retry_wait

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


def _render(status: int, message: str):
    if _wants_json():
        return jsonify(error=message), status
    return render_template("error.html", status=status, message=message), status


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
