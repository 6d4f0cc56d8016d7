"""Deleting an account (now in tracker/auth): every row goes, every session and link of it dies,
and nothing it held can be used again."""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import ForeignKey

from tests.account_helpers import turn_on_two_step
from tests.databases import database_url_for_tests
from tests.helpers import PASSWORD, login
from tests.routes import row_counts
from tracker.auth import tokens
from tracker.auth.sessions import REMEMBER_COOKIE
from tracker.extensions import checkpoint_sqlite, db
from tracker.files import sqlite_database_file
from tracker.models import FoodEntry, RecoveryCode, User


def test_every_table_that_refers_to_users_goes_with_them():
    """One DELETE of the user row takes everything: each reference cascades, at every level."""
    problems = []
    owned = {"users"}
    for table in db.metadata.sorted_tables:  # parents before children
        for key in table.foreign_keys:
            key: ForeignKey
            if key.column.table.name in owned and key.ondelete != "CASCADE":
                if key.ondelete != "SET NULL":  # e.g. an entry keeps its log when a food goes
                    problems.append(f"{table.name}.{key.parent.name}: ondelete={key.ondelete}")
            elif key.column.table.name == "users":
                owned.add(table.name)
    assert not problems
    assert {"recovery_codes", "food_entries", "share_links", "foods"} <= owned


def test_the_page_asks_for_the_password_and_a_tick(auth_client):
    page = auth_client.get("/account/delete").get_data(as_text=True)
    assert "Your password" in page and "I understand" in page
    assert 'value="Delete my account"' in page
    assert 'href="/account/delete"' in auth_client.get("/account/data").text


def test_deleting_ends_every_session_and_link(app, user, other_user):
    turn_on_two_step(app, user.email)
    # Log in through both steps on two browsers: one remembered.
    with app.app_context():
        row = db.session.get(User, user.id)
        reset_token = tokens.for_account(row, tokens.Purpose.PASSWORD_RESET)
        row.totp_secret = None  # one step, to keep the test short; the codes stay
        db.session.commit()
    here = app.test_client()
    login(here, user.email)
    elsewhere = app.test_client()
    elsewhere.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    remembered = elsewhere.get_cookie(REMEMBER_COOKIE).value
    others = row_counts(app)

    refused = here.post("/account/delete", data={"password": "wrong", "confirm": "y"})
    assert refused.status_code == 400 and "Nothing was deleted" in refused.text
    assert row_counts(app) == others
    done = here.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(User, user.id) is None
        assert db.session.execute(db.select(db.func.count(RecoveryCode.id))).scalar_one() == 0
    for client in (here, elsewhere):
        assert client.get("/profile").status_code == 302
    stale = app.test_client()
    stale.set_cookie(REMEMBER_COOKIE, remembered)
    assert stale.get("/profile").status_code == 302
    assert app.test_client().get(f"/password/reset/{reset_token}").status_code == 404
    login(app.test_client(), other_user.email)  # nobody else is touched


def _sqlite_bytes(database: Path) -> bytes:
    """The database file and its write-ahead log, as they are on disk."""
    wal = database.with_name(database.name + "-wal")
    return database.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


@pytest.mark.skipif(
    database_url_for_tests().startswith("postgresql"),
    reason="SQLite's files: PostgreSQL keeps deleted rows until VACUUM (README, Backups)",
)
def test_a_deleted_account_leaves_nothing_in_the_sqlite_files(app, auth_client, user, other_user):
    marker = f"Zebra-{secrets.token_hex(8)}"
    with app.app_context():
        db.session.get(User, user.id).display_name = marker
        # The two accounts' entries share pages, so deleting one leaves the other's rows.
        for number in range(50):
            for owner, name in ((user.id, f"{marker} bar {number}"), (other_user.id, "Oats")):
                db.session.add(
                    FoodEntry(
                        user_id=owner, day=date(2024, 3, 5), kind="quick_add", item_name=name,
                        portion_label="quick add", quantity_text="1",
                        quantity_micro=1_000_000, magnesium_ug=45_000,
                    )
                )  # fmt: skip
        db.session.commit()
        # As on a server that has run a while: the rows are in the database file itself.
        checkpoint_sqlite(db.engine)
        database = sqlite_database_file(db.engine)
        db.session.remove()
    assert marker.encode() in database.read_bytes()

    done = auth_client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert done.status_code == 302
    # Neither the database file (rows zeroed, not left in free space) nor the WAL (emptied
    # by a checkpoint) holds a byte of it.
    assert marker.encode() not in _sqlite_bytes(database)
    assert database.with_name(database.name + "-wal").stat().st_size == 0
    with app.app_context():
        left = db.session.execute(db.select(db.func.count(FoodEntry.id))).scalar_one()
    assert left == 50  # the other account's entries
