"""What every page shares: URL converters, template helpers, security and caching headers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from flask import Flask, Response, request, stream_with_context, url_for
from werkzeug.routing import BaseConverter, IntegerConverter, ValidationError

from tracker import formatting
from tracker.dbtypes import MAX_ROW_ID
from tracker.domain.cautions import MEDICAL_DISCLAIMER
from tracker.domain.periods import month_start, parse_day, within_range
from tracker.domain.regimens import NOT_RECORDED_NOTE
from tracker.domain.totals import display_grams, display_mg, milligrams_to_grams, ug_to_mg
from tracker.form_html import form_field

# The app loads nothing from other origins and runs no inline script.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    )
)


class RowIdConverter(IntegerConverter):
    """`<int:...>` in every route: ids above MAX_ROW_ID are a 404, not a database overflow."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(map, *args, **kwargs)


class DayConverter(BaseConverter):
    """A day in the URL as YYYY-MM-DD; anything else, or an impossible date, is a 404."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        day = parse_day(value)
        if day is None or within_range(day) is None:
            raise ValidationError
        return day

    def to_url(self, value: date) -> str:
        return value.isoformat()


class MonthConverter(BaseConverter):
    """A month in the URL as YYYY-MM, given to the view as its first day; anything else 404s."""

    regex = r"\d{4}-\d{2}"

    def to_python(self, value: str) -> date:
        if not re.fullmatch(self.regex, value):
            raise ValidationError
        first_day = month_start(int(value[:4]), int(value[5:]))
        if first_day is None:
            raise ValidationError
        return first_day

    def to_url(self, value: date) -> str:
        return f"{value.year:04d}-{value.month:02d}"


def private(response: Response) -> Response:
    """Mark a response of health data as never to be kept by a browser cache or a proxy."""
    response.headers["Cache-Control"] = "no-store"
    return response


def download(body: bytes | Iterable[bytes], mimetype: str, filename: str) -> Response:
    """A private file download (CSV, PDF, JSON) with its file name."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return private(response)


def streamed_download(chunks: Iterator[bytes], mimetype: str, filename: str) -> Response:
    """A download sent as its chunks are made; the request (its user and database session)
    stays open until the last one."""
    return download(stream_with_context(chunks), mimetype, filename)


def _security_headers(response: Response) -> Response:
    if request.endpoint != "static":
        # Every response but a static file may hold someone's health data (their pages, the
        # food search with their own foods, a share link's report) or a secret (a CSRF token,
        # a link's token): no browser cache, proxy or back-forward cache may keep a copy.
        response.headers["Cache-Control"] = "no-store"
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault(
        "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
    )
    return response


class TemplateUrls:
    """The templates' url_for: the same URLs as Flask's, each built through the URL map once a
    process instead of on every page.

    The URL map is fixed once the app is built, so a link to an endpoint with given values
    (and the request's script root) is always the same text; a page writes about fifty (the
    navigation, the day's forms), ~25 µs each through werkzeug. Anything else goes to Flask's
    url_for as it is: a blueprint-relative endpoint, the _external/_anchor/... options, a value
    that cannot be a key, no request (mail). Bounded, as there is a URL per day.
    """

    MAX_URLS = 4096

    def __init__(self) -> None:
        self.built: dict[tuple[object, ...], str] = {}

    def __call__(self, endpoint: str, **values: Any) -> str:
        if endpoint.startswith(".") or any(name.startswith("_") for name in values):
            return url_for(endpoint, **values)
        try:
            key = (
                request.script_root,
                endpoint,
                *((n, type(v), v) for n, v in sorted(values.items())),
            )
            url = self.built.get(key)
        except (TypeError, RuntimeError):  # an unhashable value; outside a request
            return url_for(endpoint, **values)
        if url is None:
            url = url_for(endpoint, **values)
            if len(self.built) >= self.MAX_URLS:
                self.built.clear()
            self.built[key] = url
        return url

    def row(self, endpoint: str, name: str) -> Callable[[int], str]:
        """The templates' row_url: the URLs of an endpoint for one row id after another (the
        day page's Edit, Delete and star links of each row), the same as
        url_for(endpoint, **{name: row_id}).

        One URL is built (and kept, as above) with a marker id; each row's id then takes the
        marker's place, which is plain string work rather than a trip through the URL map.
        """
        marker = str(MAX_ROW_ID)
        url = self(endpoint, **{name: MAX_ROW_ID})
        if url.count(marker) != 1:  # the marker is elsewhere in the URL too: build each one
            return lambda row_id: self(endpoint, **{name: row_id})
        start, end = url.split(marker)
        return lambda row_id: f"{start}{int(row_id)}{end}"


def init_app(app: Flask) -> None:
    """Install converters, template globals and response headers."""
    app.url_map.converters["day"] = DayConverter
    app.url_map.converters["month"] = MonthConverter
    app.url_map.converters["int"] = RowIdConverter
    app.after_request(_security_headers)

    @app.context_processor
    def shared_template_values() -> dict[str, object]:
        return {"medical_disclaimer": MEDICAL_DISCLAIMER, "not_recorded_note": NOT_RECORDED_NOTE}

    app.jinja_env.filters.update(template_filters())
    urls = TemplateUrls()
    app.jinja_env.globals["url_for"] = urls
    app.jinja_env.globals["row_url"] = urls.row
    app.jinja_env.globals["form_field"] = form_field


def _ug_as_mg(value: int | None) -> str:
    return display_mg(None if value is None else ug_to_mg(value))


def _milli_as_grams(value: int | None) -> str:
    return "" if value is None else display_grams(milligrams_to_grams(value))


def template_filters() -> dict[str, Callable[..., str]]:
    """Every filter the templates use: the rules of tracker.formatting and the display rounding
    of tracker.domain.totals, so a page writes a number or a date exactly as the PDF does."""
    return {
        "display_mg": display_mg,
        "ug_as_mg": _ug_as_mg,
        "milli_as_grams": _milli_as_grams,
        "exact": formatting.exact_text,
        "number": formatting.number,
        "plural": formatting.plural,
        "counted": formatting.counted,
        "and_list": formatting.and_list,
        "long_date": formatting.long_date,
        "long_day": formatting.long_day,
        "day_month_year": formatting.day_month_year,
        "day_month": formatting.day_month,
        "short_date": formatting.short_date,
        "short_day": formatting.short_day,
        "short_day_month": formatting.short_day_month,
        "short_weekday": formatting.short_weekday,
        "month_name": formatting.month_name,
        "month_year": formatting.month_year,
        "clock": formatting.clock,
    }
