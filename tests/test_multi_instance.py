"""Growing past one machine, proved: two gunicorn instances (2 workers each, their own instance
folders, the same secret key) on different loopback ports, one PostgreSQL database, one Redis
for the rate-limit counts, and a client that alternates between them with one cookie jar, as
behind a load balancer without sticky sessions:

- a session made on one instance works on the other (pages, CSRF tokens, logging out);
- the failed-login limit counts across both (TRACKER_RATELIMIT_STORAGE_URI=redis://...);
- a food data reload made through one (`flask load-foods` with its settings) is seen by
  every worker's search on both;
- no request fails, and neither server logs an error.

Redis is Debian's redis-server, started here on a free loopback port with nothing saved to
disk; the database is a scratch one made for this module (tracker_..._multi_<random>) and
dropped after. Everything listens on 127.0.0.1 and every wait has a deadline. It runs only
against PostgreSQL (the way to run several machines); TRACKER_REQUIRE_MULTI_INSTANCE=1,
set by .ci/run's PostgreSQL pass, turns every skip into a failure.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from tests.databases import database_url_for_tests
from tests.http_writer import TOKEN, Session
from tests.servers import REPO, Server, free_port
from tracker.foods.operations import USDA_DATA_FILE

PASSWORD = "mauve kettle on the stairs"
DEADLINE_SECONDS = 60
DAY = "2024-03-05"


def _unavailable(reason: str) -> None:
    if os.environ.get("TRACKER_REQUIRE_MULTI_INSTANCE") == "1":
        pytest.fail(f"{reason} (TRACKER_REQUIRE_MULTI_INSTANCE=1 requires this test)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def postgres_url() -> str:
    url = database_url_for_tests()
    if not url.startswith("postgresql"):
        _unavailable(
            "several instances share one PostgreSQL database: set TRACKER_TEST_DATABASE_URL "
            "to a PostgreSQL URL (CI does)"
        )
    return url


@pytest.fixture(scope="module")
def scratch_database(postgres_url: str) -> Iterator[str]:
    """A database of this module's own, migrated and with the USDA foods; dropped after."""
    base = make_url(postgres_url)
    name = f"{base.database}_multi_{secrets.token_hex(4)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    try:
        env = {**os.environ, "TRACKER_DATABASE_URL": url, "TRACKER_SECRET_KEY": "setup"}
        for command in (["db", "upgrade"], ["load-foods"]):
            subprocess.run(
                [sys.executable, "-m", "flask", "--app", "tracker", *command],
                cwd=REPO, env=env, check=True, capture_output=True, timeout=300,
            )  # fmt: skip
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory) -> Iterator[str]:
    """Debian's redis-server on a free loopback port, saving nothing; stopped after."""
    executable = shutil.which("redis-server")
    if executable is None:
        _unavailable("redis-server is not installed (apt-get install redis-server)")
    try:
        import redis
    except ImportError:
        _unavailable("the redis package is not installed (pip install -e '.[test]')")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [
            executable, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(folder), "--daemonize", "no",
        ],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url, socket_timeout=2)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if client.ping():
                    break
            except redis.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)


@dataclass
class Instances:
    """Two app instances and a client that sends each request to the next one in turn."""

    servers: list[Server]
    redis_url: str
    answers: list[tuple[str, str, int]] = field(default_factory=list)

    def client(self) -> Alternating:
        return Alternating(self)


class Alternating:
    """One browser behind a load balancer: one cookie jar, instances taken in turn."""

    def __init__(self, instances: Instances) -> None:
        self.instances = instances
        self.sessions = [Session(server.base) for server in instances.servers]
        for other in self.sessions[1:]:
            other.opener = self.sessions[0].opener  # the same cookies on both
        self.turn = 0

    def on(self, index: int, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        status, body = self.sessions[index].request(path, data)
        self.instances.answers.append((self.sessions[index].base, path, status))
        return status, body

    def next(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        """Send to the instance whose turn it is, then pass the turn on."""
        index, self.turn = self.turn, (self.turn + 1) % len(self.sessions)
        return self.on(index, path, data)

    def token(self, index: int, path: str) -> str:
        """The CSRF token of a page, from the given instance."""
        status, page = self.on(index, path)
        match = TOKEN.search(page)
        assert status == 200 and match, (path, status)
        return match.group(1)


@pytest.fixture(scope="module")
def instances(scratch_database: str, redis_url: str, tmp_path_factory) -> Iterator[Instances]:
    env = {"TRACKER_RATELIMIT_STORAGE_URI": redis_url, "TRACKER_SECRET_KEY": "one-key-for-all"}
    found = Instances([], redis_url)
    try:
        for name in ("a", "b"):
            folder = tmp_path_factory.mktemp(f"instance-{name}")
            found.servers.append(Server(scratch_database, folder, env=env, threads=1))
        yield found
    finally:
        for server in found.servers:
            server.stop()
    # No request failed, and neither server logged an error.
    assert [answer for answer in found.answers if answer[2] >= 500] == []
    for server in found.servers:
        log = Path(server.log.name).read_text(errors="replace")
        assert "Traceback" not in log and "[ERROR]" not in log, log[-3000:]


def _register(client: Alternating, email: str) -> None:
    token = client.token(0, "/register")
    form = {"email": email, "password": PASSWORD, "confirm_password": PASSWORD}
    status, _ = client.on(1, "/register", form | {"csrf_token": token})
    assert status == 302


def test_a_session_made_on_one_instance_works_on_the_other(instances: Instances):
    client = instances.client()
    email = f"ada-{secrets.token_hex(4)}@example.org"
    _register(client, email)  # the form from one instance, sent to the other
    for _ in range(4):
        status, page = client.next("/profile")
        assert status == 200 and email in page
    # A form from A, sent to B with A's CSRF token; the entry is then on A's page.
    token = client.token(0, f"/day/{DAY}")
    _, body = client.on(0, "/api/foods?q=spinach+raw")
    spinach = json.loads(body)["results"][0]["id"]
    status, _ = client.on(
        1,
        f"/day/{DAY}/entries",
        {"food_id": str(spinach), "portion": "g", "quantity": "100", "csrf_token": token},
    )
    assert status == 302
    status, page = client.on(0, f"/day/{DAY}")
    assert status == 200 and "Spinach, raw" in page
    # Logging out on one instance ends the session on both.
    status, _ = client.on(1, "/logout", {"csrf_token": token})
    assert status == 302
    for index in (0, 1):
        status, _ = client.on(index, "/profile")
        assert status == 302


def test_the_failed_login_limit_counts_across_both(instances: Instances):
    import redis

    client = instances.client()
    email = f"grace-{secrets.token_hex(4)}@example.org"
    _register(client, email)
    client.on(0, "/logout", {"csrf_token": client.token(0, "/profile")})
    try:
        # TRACKER_LOGIN_RATE_LIMIT: 10 failed logins a minute from one address, wherever
        # they land: five on each instance (and on each one's two workers).
        for attempt in range(10):
            token = client.token(attempt % 2, "/login")
            status, _ = client.next(
                "/login", {"email": email, "password": "guess", "csrf_token": token}
            )
            assert status == 400, attempt
        for index in (0, 1):
            token = client.token(index, "/login")
            status, page = client.on(
                index, "/login", {"email": email, "password": PASSWORD, "csrf_token": token}
            )
            assert status == 429, index
            assert "please wait a minute" in page
    finally:
        # The counts live in Redis: clear them, so the other tests log in as usual.
        redis.Redis.from_url(instances.redis_url).flushdb()


def _search_names(client: Alternating, query: str) -> list[str]:
    status, body = client.next("/api/foods?" + urllib.parse.urlencode({"q": query}))
    assert status == 200
    return [food["name"] for food in json.loads(body)["results"]]


def test_a_food_data_reload_through_one_is_seen_by_the_others_search(
    instances: Instances, tmp_path: Path
):
    client = instances.client()
    word = "".join(secrets.choice("bcdfghjklmnpqrstvwxz") for _ in range(10))
    assert _search_names(client, word) == [] and _search_names(client, word) == []
    # A new version of the data file: its first food renamed.
    lines = USDA_DATA_FILE.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["name"] = f"{first['name']}, {word}"
    data_file = tmp_path / "usda-new.jsonl"
    data_file.write_text("\n".join([json.dumps(first), *lines[1:]]) + "\n", encoding="utf-8")
    loaded = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "tracker", "load-foods", "--file", str(data_file)],
        cwd=REPO, env=instances.servers[0].env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert loaded.returncode == 0, loaded.stderr
    assert "updated foods" in loaded.stdout
    # Every worker of both instances notices within seconds (tracker/foods/catalog.py): wait
    # until ten requests in a row, alternating, all find it.
    in_a_row, deadline = 0, time.monotonic() + DEADLINE_SECONDS
    while in_a_row < 10:
        assert time.monotonic() < deadline, "the reload was not seen in time"
        in_a_row = in_a_row + 1 if first["name"] in _search_names(client, word) else 0
        if in_a_row == 0:
            time.sleep(0.25)
