"""Absolute links for places outside the page (emails, printed links, the CLI).

They are built from TRACKER_PUBLIC_URL (config PUBLIC_URL), never from the request: the Host
header is chosen by whoever sends the request, so a password-reset email built from it could
carry an attacker's address (password-reset poisoning).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint: str, **values: object) -> str:
    """Return the absolute URL of an endpoint at the app's public address."""
    public = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(
        public.netloc, script_name=public.path or "/", url_scheme=public.scheme
    )
    return adapter.build(endpoint, values, force_external=True)
