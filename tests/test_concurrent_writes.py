"""Check-then-write steps made atomic: two requests at the same moment never double anything.

Each test sends two requests from two threads (two test clients, two sessions, one database:
SQLite, or PostgreSQL with TRACKER_TEST_DATABASE_URL) and makes the race certain rather than
likely: a barrier holds each request at the step where, before the fix, both had already
decided to write (both had found the account empty, both had found no saved product), until
the other has got there too. With the fix the write path locks (or relies on a unique
constraint) and checks again, so exactly one request writes.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from flask import Flask
from werkzeug.test import TestResponse

from tests.helpers import add_food, add_supplement, food_id, login, make_user
from tracker.account_data import operations as account_data
from tracker.extensions import db
from tracker.models import FoodEntry, SupplementEntry, SupplementProduct, User

DAY = date(2024, 3, 4)
WAIT = 30  # seconds; a barrier that times out fails the test (BrokenBarrierError)


def _both_at_once(
    app: Flask, email: str, send: Callable[[object], TestResponse]
) -> list[TestResponse]:
    """Two logged-in clients of one account send a request each, from two threads."""
    clients = []
    for _ in range(2):
        client = app.test_client()
        login(client, email)
        clients.append(client)
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(send, clients))


def _hold_first_calls(monkeypatch, module, name: str) -> None:
    """Replace module.name so that each thread's first call waits until both threads have
    made it: both requests are then past that step before either goes on."""
    real = getattr(module, name)
    barrier = threading.Barrier(2, timeout=WAIT)
    seen: set[int] = set()

    def held(*args, **kwargs):
        result = real(*args, **kwargs)
        if threading.get_ident() not in seen:
            seen.add(threading.get_ident())
            barrier.wait()
        return result

    monkeypatch.setattr(module, name, held)


def _count(app: Flask, model, user_id: int) -> int:
    with app.app_context():
        return db.session.execute(
            db.select(db.func.count()).select_from(model).where(model.user_id == user_id)
        ).scalar_one()


def _data_file(app: Flask) -> bytes:
    """A real export with entries on three days."""
    make_user(app, "source@example.org")
    client = app.test_client()
    login(client, "source@example.org")
    spinach = food_id(app, "11457")
    for day in (DAY, date(2024, 3, 5), date(2024, 3, 6)):
        for grams in ("50", "80"):
            assert add_food(client, day, spinach, "g", grams).status_code == 302
        assert add_supplement(client, day).status_code == 302
    with app.app_context():
        source = db.session.execute(db.select(User).filter_by(email="source@example.org"))
        return account_data.export_json(source.scalar_one())


def test_two_imports_at_once_land_once(app, monkeypatch):
    body = _data_file(app)
    newcomer = make_user(app, "new@example.org")
    _hold_first_calls(monkeypatch, account_data, "account_is_empty")

    def send(client):
        return client.post(
            "/account/data/import",
            data={"file": (io.BytesIO(body), "data.json")},
            content_type="multipart/form-data",
        )

    responses = _both_at_once(app, "new@example.org", send)
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [302, 400], statuses
    refused = next(response for response in responses if response.status_code == 400)
    assert "already has data" in refused.text
    assert _count(app, FoodEntry, newcomer.id) == 6
    assert _count(app, SupplementEntry, newcomer.id) == 3
    assert _count(app, SupplementProduct, newcomer.id) == 1


def test_one_supplement_logged_from_two_requests_is_saved_once(app, monkeypatch):
    user = make_user(app, "pills@example.org")
    from tracker.supplements import operations as supplements

    # Both requests have looked for the saved product, and found none, before either saves.
    _hold_first_calls(monkeypatch, supplements, "_find_product")
    names = iter(["Magnesium Glycinate", "magnesium  glycinate"])
    lock = threading.Lock()

    def send(client):
        with lock:
            name = next(names)
        return add_supplement(client, DAY, name=name, mg="120")

    responses = _both_at_once(app, "pills@example.org", send)
    assert [response.status_code for response in responses] == [302, 302]
    # Both doses are logged, and point at the one saved product.
    assert _count(app, SupplementEntry, user.id) == 2
    assert _count(app, SupplementProduct, user.id) == 1
    with app.app_context():
        links = db.session.execute(
            db.select(SupplementEntry.product_id).where(SupplementEntry.user_id == user.id)
        ).scalars()
        product = db.session.execute(db.select(SupplementProduct.id)).scalar_one()
        assert set(links) == {product}
