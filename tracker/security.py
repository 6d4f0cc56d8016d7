"""Request-level protections: proxy headers and rate limiting (limits live on the views)."""

from __future__ import annotations

from flask import Flask, abort, current_app, request
from flask_limiter.errors import RateLimitExceeded
from werkzeug.middleware.proxy_fix import ProxyFix

from tracker.extensions import limiter


@limiter.request_filter
def _rate_limits_off() -> bool:
    # Read per request, so a test can switch limits on for itself (and the suite keeps them off).
    return not current_app.config.get("RATE_LIMITS_ENABLED", True)


def limit_value(config_key: str):
    """Return a callable that reads a rate limit such as "10 per minute" from the app config."""

    def value() -> str:
        return current_app.config[config_key]

    return value


def retry_wait(error: RateLimitExceeded) -> str:
    """Say how long, at most, until a limited request can succeed again ("a minute", ...)."""
    minutes = max(1, -(-error.limit.limit.get_expiry() // 60))
    if minutes == 1:
        return "a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = -(-minutes // 60)
    return "an hour" if hours == 1 else f"{hours} hours"


STATE_CHANGING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def refuse_unusable_input() -> None:
    """Refuse, with 400, a JSON body that is not a flat object of strings.

    Flask-WTF reads a JSON body as the form's fields; a list, a number or nested values would
    reach fields that expect text, and fail deep inside as a 500.
    """
    if request.method not in STATE_CHANGING_METHODS or not request.is_json:
        return
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not all(isinstance(v, str) for v in body.values()):
        abort(400)


def init_app(app: Flask) -> None:
    """Trust the configured number of proxies, then start the rate limiter."""
    proxies = app.config.get("TRUSTED_PROXIES", 0)
    if proxies:
        # Only with a proxy in front: otherwise any client could pick its own address.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies
        )
    limiter.init_app(app)
    # After CSRFProtect's own check (registered first), so a request without a token is a CSRF 400.
    app.before_request(refuse_unusable_input)
