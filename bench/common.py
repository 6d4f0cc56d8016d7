"""What the benchmarks of heavy users share: the app on a fresh SQLite file (or the database in
TRACKER_DATABASE_URL) with the USDA foods loaded, and a few hundred foods to log."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def bench_app(**config):
    """The app with its database migrated and the USDA foods loaded; rate limits and CSRF off
    (the benchmarks post forms directly); `config` adds to or overrides that."""
    os.environ.setdefault("TRACKER_INSTANCE_PATH", tempfile.mkdtemp(prefix="tracker-bench-"))
    from flask_migrate import upgrade

    from tracker import create_app
    from tracker.extensions import db
    from tracker.foods.operations import load_usda_foods

    url = os.environ.get("TRACKER_DATABASE_URL") or (
        f"sqlite:///{Path(os.environ['TRACKER_INSTANCE_PATH']) / 'bench.sqlite3'}"
    )
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "RATE_LIMITS_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
            **config,
        }
    )
    with app.app_context():
        upgrade()
        load_usda_foods()
        db.session.commit()
    return app, url


def usda_foods(limit: int = 300) -> list[tuple[int, str, int]]:
    """(id, name, magnesium per 100 g in micrograms) of the first USDA foods with a value."""
    from tracker.extensions import db
    from tracker.models import Food

    return [
        tuple(row)
        for row in db.session.execute(
            db.select(Food.id, Food.name, Food.magnesium_ug_per_100g)
            .where(Food.owner_id.is_(None), Food.magnesium_ug_per_100g.is_not(None))
            .order_by(Food.id)
            .limit(limit)
        ).all()
    ]


def login(app, email: str, password: str):
    """A test client logged in through the login form."""
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.status_code
    return client
