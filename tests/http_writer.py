"""A separate process that logs in to a real server and adds food entries, one by one.

Each entry gets its own (day, time), and is written to the ack file the moment the server
acknowledges it (302 back to the day page), so whoever reads the file afterwards knows
exactly which writes the server promised, even if this process or the server was killed.

    python -m tests.http_writer --base http://127.0.0.1:PORT --email E --password P \\
        --food-id N --first-day 2024-01-01 --count 40 --acks FILE
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Session:
    """Cookies, CSRF token, no automatic redirects: every status is seen as sent."""

    def __init__(self, base: str, timeout: float = 30.0) -> None:
        self.base = base.rstrip("/")
        self.timeout = timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = None if data is None else urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(self.base + path, body, timeout=self.timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def token(self, path: str) -> str:
        status, page = self.request(path)
        match = TOKEN.search(page)
        if status != 200 or match is None:
            raise RuntimeError(f"GET {path}: {status}, no CSRF token")
        return match.group(1)

    def login(self, email: str, password: str) -> None:
        token = self.token("/login")
        status, _ = self.request(
            "/login", {"email": email, "password": password, "csrf_token": token}
        )
        if status != 302:
            raise RuntimeError(f"login as {email}: {status}")


def entry_slot(first_day: date, number: int) -> tuple[date, str]:
    """The (day, "HH:MM") of the number-th entry: one a minute, 1,440 a day."""
    day = first_day + timedelta(days=number // 1440)
    minutes = number % 1440
    return day, f"{minutes // 60:02d}:{minutes % 60:02d}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--food-id", required=True)
    parser.add_argument("--first-day", required=True, type=date.fromisoformat)
    parser.add_argument("--count", required=True, type=int)
    parser.add_argument("--acks", required=True)
    args = parser.parse_args()

    try:
        return _write(args)
    except (OSError, http.client.HTTPException):
        # The server went away (the crash test kills it): stop; the acks file is complete.
        return 3


def _write(args: argparse.Namespace) -> int:
    session = Session(args.base)
    session.login(args.email, args.password)
    token = session.token(f"/day/{args.first_day.isoformat()}")
    refused = 0
    with open(args.acks, "a", encoding="utf-8") as acks:
        for number in range(args.count):
            day, at = entry_slot(args.first_day, number)
            form = {
                "food_id": args.food_id, "portion": "g", "quantity": "100", "meal": "",
                "time": at, "csrf_token": token,
            }  # fmt: skip
            status, _ = session.request(f"/day/{day.isoformat()}/entries", form)
            # Acknowledged only once the whole answer has arrived.
            if status == 302:
                acks.write(f"{day.isoformat()} {at}\n")
                acks.flush()
            else:
                refused += 1
                print(f"{args.email} {day} {at}: HTTP {status}", file=sys.stderr)
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
