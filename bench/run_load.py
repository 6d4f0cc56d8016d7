"""Load test: gunicorn (2 workers, loopback only) under 10, 50 and 100 simulated diary users.

For each level: start the users (bench/locustfile.py), wait until every one has logged in,
reset the statistics, measure for --duration seconds, stop. Then check the database: every
entry the server acknowledged is stored exactly once. Bounded in time and requests; sends
traffic only to 127.0.0.1; stops the server it started.

The server runs the production configuration (scrypt, CSRF, rate limits, security headers)
on a fresh SQLite file with the USDA foods, or on the PostgreSQL database in --database-url
(its public schema is emptied first: give it a database of its own).

    pip install -e ".[bench]"
    python bench/run_load.py                       # 10, 50, 100 users, 20 s each, SQLite
    python bench/run_load.py --users 50 --duration 30 --think 0
    python bench/run_load.py --database-url postgresql+psycopg://tracker:tracker@127.0.0.1/tracker_bench
"""

# ruff: noqa: I001 - locust patches the standard library for gevent on import: it comes first.
from __future__ import annotations

import locust  # noqa: F401
import gevent

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from locust import between, constant
from locust.env import Environment

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import locustfile  # noqa: E402

MAX_SECONDS_PER_LEVEL = 300  # login ramp + measurement, whatever the arguments say
MAX_USERS = 200


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare_database(url: str, users: int) -> None:
    """Migrate, load the foods and create the users (one scrypt hash, shared: same password)."""
    from flask_migrate import upgrade
    from sqlalchemy import insert, text
    from werkzeug.security import generate_password_hash

    from tracker import create_app
    from tracker.extensions import db
    from tracker.foods.operations import load_usda_foods
    from tracker.models import User

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade()
        load_usda_foods()
        password_hash = generate_password_hash(locustfile.PASSWORD, method="scrypt")
        db.session.execute(
            insert(User),
            [
                {"email": f"load{number}@example.org", "password_hash": password_hash}
                for number in range(users)
            ],
        )
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def stored_entries(url: str) -> dict[str, int]:
    """Count food entries per user email."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT users.email, count(food_entries.id) FROM users "
                "LEFT JOIN food_entries ON food_entries.user_id = users.id GROUP BY users.email"
            )
        ).all()
    engine.dispose()
    return {email: count for email, count in rows}


class Server:
    """gunicorn, production settings, on a free loopback port."""

    def __init__(self, url: str, instance: Path, workers: int, threads: int = 1) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "TRACKER_DATABASE_URL": url,
            "TRACKER_INSTANCE_PATH": str(instance),
            "TRACKER_SECRET_KEY": "load-test-only",
        }
        self.log = open(instance / "gunicorn.log", "wb")  # noqa: SIM115
        # One line a request, "METHOD PATH STATUS MILLISECONDS": the server's own timings.
        self.access_log = instance / "access.log"
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "--workers", str(workers),
                "--threads", str(threads), "--bind", f"127.0.0.1:{self.port}",
                "--no-control-socket", "--access-logfile", str(self.access_log),
                "--access-logformat", "%(m)s %(U)s %(s)s %(M)s",
                "tracker:create_app()",
            ],
            cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.base + "/welcome", timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.2)
            except BaseException:
                self.stop()  # never leave a server behind
                raise
        self.stop()
        raise SystemExit("gunicorn did not start; see " + self.log.name)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def auth_costs(base: str, rounds: int = 5) -> tuple[dict[str, float], requests.Session]:
    """Median ms of one login and one registration, one at a time (no other load).

    Also returns the last logged-in session, for the warm-up.
    """
    timings: dict[str, list[float]] = {"login": [], "register": []}
    for number in range(rounds):
        session = requests.Session()
        page = session.get(base + "/register").text
        form = {
            "email": f"cost{number}-{time.time_ns()}@example.org",
            "password": locustfile.PASSWORD,
            "confirm_password": locustfile.PASSWORD,
            "csrf_token": locustfile._token(page),
        }
        start = time.perf_counter()
        response = session.post(base + "/register", data=form, allow_redirects=False)
        timings["register"].append((time.perf_counter() - start) * 1000)
        assert response.status_code == 302, response.status_code
        session = requests.Session()
        page = session.get(base + "/login").text
        start = time.perf_counter()
        response = session.post(
            base + "/login",
            data={"email": form["email"], "password": form["password"],
                  "csrf_token": locustfile._token(page)},
            allow_redirects=False,
        )  # fmt: skip
        timings["login"].append((time.perf_counter() - start) * 1000)
        assert response.status_code == 302, response.status_code
    return {name: statistics.median(values) for name, values in timings.items()}, session


def warm_up(base: str, session: requests.Session, week_page: bool) -> float:
    """Build each worker's search index and template cache; return the slowest request in ms.

    The first search in a worker process builds the in-memory food index (~0.4 s); this is a
    one-off per process start, reported apart from the steady state the levels measure.
    """
    slowest = 0.0
    for number in range(30):
        for path in ["/api/foods?q=spinach", f"/day/2024-03-0{1 + number % 7}"] + (
            [f"/week/2024-03-0{1 + number % 7}"] if week_page else []
        ):
            start = time.perf_counter()
            session.get(base + path)
            slowest = max(slowest, (time.perf_counter() - start) * 1000)
    return round(slowest)


def _server_times(access_log: Path, offset: int) -> dict[str, float]:
    """p50/p95/p99 of the server's own request times (ms) logged after offset."""
    with access_log.open("rb") as log:
        log.seek(offset)
        times = sorted(int(line.split()[-1]) for line in log.read().decode().splitlines() if line)
    if not times:
        return {}
    pick = lambda fraction: times[min(len(times) - 1, int(fraction * len(times)))]  # noqa: E731
    return {"p50_ms": pick(0.5), "p95_ms": pick(0.95), "p99_ms": pick(0.99), "max_ms": times[-1]}


def run_level(
    base: str, users: int, duration: float, think: tuple[float, float], access_log: Path
) -> dict:
    """Run one level; return its figures."""
    locustfile.DiaryUser.wait_time = between(*think) if think[1] > 0 else constant(0)
    # Users finish the task in hand when the level stops, so few writes are left in flight.
    environment = Environment(user_classes=[locustfile.DiaryUser], host=base, stop_timeout=15)
    runner = environment.create_local_runner()
    started = time.monotonic()
    logged_in_before = len(locustfile.logged_in)
    runner.start(users, spawn_rate=users)
    while len(locustfile.logged_in) - logged_in_before < users:
        if time.monotonic() - started > MAX_SECONDS_PER_LEVEL / 2:
            runner.quit()
            raise SystemExit(f"only {len(locustfile.logged_in)} users logged in")
        gevent.sleep(0.1)
    login_seconds = time.monotonic() - started
    login_stats = environment.stats.get("POST /login (scrypt)", "POST")
    login = {
        "p50_ms": login_stats.get_response_time_percentile(0.5),
        "p95_ms": login_stats.get_response_time_percentile(0.95),
        "all_logged_in_s": round(login_seconds, 1),
    }
    environment.stats.reset_all()
    log_offset = access_log.stat().st_size if access_log.exists() else 0
    measured_from = time.monotonic()
    gevent.sleep(min(duration, MAX_SECONDS_PER_LEVEL / 2))
    runner.stop()
    server_ms = _server_times(access_log, log_offset)
    measured = time.monotonic() - measured_from
    runner.quit()
    total = environment.stats.total
    endpoints = {
        f"{entry.method} {entry.name}" if not entry.name.startswith(entry.method) else entry.name: {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50_ms": entry.get_response_time_percentile(0.5),
            "p95_ms": entry.get_response_time_percentile(0.95),
        }
        for entry in environment.stats.entries.values()
        if entry.num_requests
    }
    return {
        "users": users,
        # Other work on the machine shares its 2 cores with server and client: say how much.
        "load_average_1min_after": round(os.getloadavg()[0], 2),
        "seconds": round(measured, 1),
        "requests": total.num_requests,
        "failures": total.num_failures,
        "errors": {str(k): v.occurrences for k, v in environment.stats.errors.items()},
        "throughput_rps": round(total.num_requests / measured, 1),
        "p50_ms": total.get_response_time_percentile(0.5),
        "p95_ms": total.get_response_time_percentile(0.95),
        "p99_ms": total.get_response_time_percentile(0.99),
        "max_ms": round(total.max_response_time),
        "server_side": server_ms,
        "login": login,
        "endpoints": endpoints,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[10, 50, 100])
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per level")
    parser.add_argument(
        "--think", type=float, nargs=2, default=(0.5, 2.0), metavar=("MIN", "MAX"),
        help="seconds between a user's actions (0 0: none, a closed loop at full speed)",
    )  # fmt: skip
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="per worker (1: sync worker)")
    parser.add_argument("--database-url", help="PostgreSQL: a database of its own (emptied)")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    if max(args.users) > MAX_USERS or sum(args.users) > 2 * MAX_USERS:
        raise SystemExit(f"at most {MAX_USERS} users a level")

    load_before = round(os.getloadavg()[0], 2)
    instance = Path(tempfile.mkdtemp(prefix="tracker-load-"))
    url = args.database_url or f"sqlite:///{instance / 'load.sqlite3'}"
    seeded = sum(args.users)
    print(f"Preparing {url.split(':')[0]} with the USDA foods and {seeded} users ...", flush=True)
    prepare_database(url, seeded)
    server = Server(url, instance, args.workers, args.threads)
    try:
        locustfile.DiaryUser.has_week_page = (
            requests.get(server.base + "/week/2024-03-01", allow_redirects=False).status_code != 404
        )
        costs, session = auth_costs(server.base)
        print(f"one login {costs['login']:.0f} ms, one registration {costs['register']:.0f} ms")
        costs["cold_start_slowest_request"] = warm_up(
            server.base, session, locustfile.DiaryUser.has_week_page
        )
        print(f"warm-up: slowest request {costs['cold_start_slowest_request']} ms")
        results = []
        for users in args.users:
            locustfile.user_offset = sum(r["users"] for r in results)
            locustfile.next_user = iter(range(10**6))
            locustfile.acknowledged.clear()
            locustfile.attempted.clear()
            result = run_level(
                server.base, users, args.duration, tuple(args.think), server.access_log
            )
            # Lost writes: every acknowledged entry must be stored, and nothing else.
            stored = stored_entries(url)
            level_emails = {
                f"load{locustfile.user_offset + number}@example.org" for number in range(users)
            }
            result["writes_acknowledged"] = sum(locustfile.acknowledged.values())
            result["writes_attempted"] = sum(locustfile.attempted.values())
            result["writes_stored"] = sum(stored.get(email, 0) for email in level_emails)
            # Lost: acknowledged but not stored. Phantom: stored more often than attempted.
            result["writes_mismatched_users"] = sorted(
                email
                for email in level_emails
                if not locustfile.acknowledged[email]
                <= stored.get(email, 0)
                <= locustfile.attempted[email]
            )
            results.append(result)
            print(json.dumps({k: v for k, v in result.items() if k != "endpoints"}), flush=True)
    finally:
        server.stop()
    report = {
        "load_average_1min_before": load_before,
        "database": url.split(":")[0],
        "workers": args.workers,
        "threads": args.threads,
        "think_seconds": list(args.think),
        "week_page": locustfile.DiaryUser.has_week_page,
        "auth_costs_ms": costs,
        "levels": results,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"load-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(report, indent=2))
    print(markdown(report))
    print(f"Full figures: {out}")
    if any(r["failures"] or r["writes_mismatched_users"] for r in results):
        sys.exit(1)


def markdown(report: dict) -> str:
    """The README table for one run."""
    lines = [
        "| Users | Requests | Throughput | p50 | p95 | p99 | Errors | Writes acked / stored |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in report["levels"]:
        lines.append(
            f"| {r['users']} | {r['requests']} | {r['throughput_rps']} req/s | {r['p50_ms']} ms "
            f"| {r['p95_ms']} ms | {r['p99_ms']} ms | {r['failures']} "
            f"| {r['writes_acknowledged']} / {r['writes_stored']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
