"""Error pages: a plain message and the right status, never a stack trace."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

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

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        return _render(status, MESSAGES.get(status, error.description or "Error."))
