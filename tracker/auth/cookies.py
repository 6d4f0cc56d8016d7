"""The account's own cookies (remember-me, known device): signed, HttpOnly, SameSite=Lax, and
Secure when TRACKER_SECURE_COOKIES=1, like the session cookie."""

from __future__ import annotations

from datetime import timedelta
from typing import TypedDict

from flask import Response, after_this_request, current_app
from itsdangerous import URLSafeTimedSerializer


def signer(purpose: str) -> URLSafeTimedSerializer:
    """A serializer signed with the app's secret key, for one purpose only."""
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"tracker.{purpose}")


class _CookieOptions(TypedDict):
    secure: bool
    httponly: bool
    samesite: str


def _options() -> _CookieOptions:
    secure = bool(current_app.config["SESSION_COOKIE_SECURE"])
    return {"secure": secure, "httponly": True, "samesite": "Lax"}


def set_cookie(name: str, value: str, max_age: timedelta) -> None:
    """Set a cookie on this request's response."""
    options = _options()

    @after_this_request
    def _set(response: Response) -> Response:
        response.set_cookie(name, value, max_age=int(max_age.total_seconds()), **options)
        return response


def delete_cookie(name: str) -> None:
    """Delete a cookie with this request's response."""
    options = _options()

    @after_this_request
    def _delete(response: Response) -> Response:
        response.delete_cookie(name, **options)
        return response
