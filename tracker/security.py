"""Request-level protections: the Host header, proxy headers and rate limiting (limits live on
the views)."""

from __future__ import annotations

import ipaddress
import re

from flask import Flask, Request, abort, current_app, request
from flask_limiter.errors import RateLimitExceeded
from werkzeug.exceptions import BadHost
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import MapAdapter
from werkzeug.sansio.utils import host_is_trusted

from tracker.domain.text import any_surrogate
from tracker.extensions import limiter

# RFC 1035 sections 2.3.1 and 2.3.4: a label is 1 to 63 letters, digits and hyphens, a name
# at most 253 octets (without a final dot).
_LABEL = re.compile(r"[A-Za-z0-9-]{1,63}")
MAX_NAME_LENGTH = 253


def valid_host_name(name: str) -> bool:
    """Whether a host (no port) can name a site: a DNS name whose labels are 1 to 63 letters,
    digits and hyphens and whose IDNA ("xn--") labels decode, an IPv4 address, or an IPv6
    address in brackets.

    Werkzeug checks the characters of the Host header; this checks what it does not, each
    of which failed deep inside a request before (an empty label, `a..b`, broke URL building;
    an undecodable `xn--` label broke `request.url`).
    """
    if name.startswith("[") and name.endswith("]"):
        try:
            ipaddress.IPv6Address(name[1:-1])
        except ValueError:
            return False
        return True
    labels = name.removesuffix(".").split(".")
    if not name or len(name.removesuffix(".")) > MAX_NAME_LENGTH:
        return False
    for label in labels:
        if not _LABEL.fullmatch(label):
            return False
        try:
            label.encode("ascii").decode("idna")
        except UnicodeError:
            return False
    return True


def check_host(incoming: Request) -> None:
    """Refuse (400, BadHost) a request whose Host header cannot name this site.

    HTTP requires it (RFC 9112 section 3.2: a 400 for a Host header with an invalid value).
    Werkzeug's host_is_trusted checks the characters and the port; valid_host_name the
    rest. Flask has already refused hosts outside TRUSTED_HOSTS (TRACKER_TRUSTED_HOSTS).
    """
    sent = incoming.environ.get("HTTP_HOST")
    if sent is None:
        return  # HTTP/1.0 without a Host header: werkzeug uses the server's own name
    if not host_is_trusted(sent):
        raise BadHost()
    name = sent[: sent.index("]") + 1] if sent.startswith("[") else sent.partition(":")[0]
    if not valid_host_name(name):
        raise BadHost()


class HostCheckingFlask(Flask):
    """Flask that binds a request to the URL map only if its Host header names a site."""

    def create_url_adapter(self, incoming: Request | None) -> MapAdapter | None:
        adapter = super().create_url_adapter(incoming)
        if incoming is not None:
            # Raised here, Flask records it as the request's routing error: the request gets
            # the 400 error page, and the error page builds its links without this host.
            check_host(incoming)
        return adapter


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
    """Refuse, with 400, text that is not Unicode anywhere in a request, and a JSON body that
    is not a flat object of strings.

    A lone surrogate ("\\ud800" in JSON) can be neither stored nor hashed as UTF-8: every
    view that took one failed deep inside as a 500 (the login form's password included).
    One check here covers every route, logged in or not (tracker.domain.text has the rule).
    Flask-WTF reads a JSON body as the form's fields; a list, a number or nested values would
    reach fields that expect text, and fail deep inside as a 500.
    """
    if any_surrogate(list(request.args.items(multi=True))):
        abort(400)
    # Form bodies need no check (and are not parsed here: the import raises the upload limit
    # first): werkzeug decodes them, as the query string, with errors="replace".
    if request.method not in STATE_CHANGING_METHODS or not request.is_json:
        return
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not all(isinstance(v, str) for v in body.values()):
        abort(400)
    if any_surrogate(body):
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
