"""Time of one password check at login with the production hash (argon2id, OWASP's parameters),
and of a whole login through the Flask stack (form, rate-limit bookkeeping, the check, a new
session); for comparison werkzeug's scrypt, the hash used before.

    python bench/bench_password_hash.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from werkzeug.security import check_password_hash, generate_password_hash

from tracker.auth.hashing import Hasher

PASSWORD = "correct horse battery staple"
ROUNDS = 30


def _times(check) -> list[float]:
    check()  # warm-up
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        check()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _report(name: str, times: list[float]) -> None:
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"{name:<44} median {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms")


def main() -> None:
    production = Hasher("argon2id")
    stored = production.hash(PASSWORD)
    print(f"argon2id parameters: {stored.split('$')[3]}")
    _report("argon2id verify (production)", _times(lambda: production.verify(stored, PASSWORD)))
    scrypt = generate_password_hash(PASSWORD, method="scrypt")
    _report(
        "werkzeug scrypt verify (before)", _times(lambda: check_password_hash(scrypt, PASSWORD))
    )

    from flask_migrate import upgrade

    from tracker import create_app
    from tracker.auth.operations import register_user
    from tracker.extensions import db

    folder = Path(tempfile.mkdtemp(prefix="bench-hash-"))
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
            "WTF_CSRF_ENABLED": False,
            "RATE_LIMITS_ENABLED": True,
        }
    )
    with app.app_context():
        upgrade()
        register_user("bench@example.org", PASSWORD)
        db.session.remove()

    def login() -> None:
        client = app.test_client()
        response = client.post("/login", data={"email": "bench@example.org", "password": PASSWORD})
        assert response.status_code == 302

    _report("whole login, POST /login (SQLite)", _times(login))


if __name__ == "__main__":
    main()
