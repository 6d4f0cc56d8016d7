"""Absolute links for places outside the page (emails, printed links, the CLI).

They are built from TRACKER_PUBLIC_URL (config PUBLIC_URL), never from the request: the Host
header is chosen by whoever sends the request, so a password-reset email built from it could
carry an attacker's address (password-reset poisoning).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request, url_for
from werkzeug.routing import MapAdapter


def public_url_adapter(script_name: str | None = None) -> MapAdapter:
    """The URL map bound to the app's public address (the path under it: script_name)."""
    public = urlsplit(current_app.config["PUBLIC_URL"])
    return current_app.url_map.bind(
        public.netloc, script_name=script_name or public.path or "/", url_scheme=public.scheme
    )


def external_url(endpoint: str, **values: object) -> str:
    """Return the absolute URL of an endpoint at the app's public address."""
    return public_url_adapter().build(endpoint, values, force_external=True)


def link_for_others(endpoint: str, **values: object) -> str:
    """An absolute link a person passes on to someone else (a share link).

    At TRACKER_PUBLIC_URL when it is set, whatever Host the request carried. The embedded
    default on one machine has no public address of its own (127.0.0.1 is useless to a
    doctor), so there the link uses the address this person's browser used.
    """
    if current_app.config["PUBLIC_URL_SET"] or not request.host:
        return external_url(endpoint, **values)
    return url_for(endpoint, _external=True, **values)  # type: ignore[arg-type]
