"""Undo a deletion: the confirmation's Undo button restores exactly the deleted row (same id,
same values, same created_at) for its owner; another user, a tampered, swapped or expired
token restore nothing; pressing Undo twice restores once."""

from __future__ import annotations

import html
import re
import time as clock
from datetime import UTC, date, datetime, time, timedelta

import itsdangerous
import pytest

from tests.helpers import add_food, food_id, login, make_user
from tests.routes import snapshot
from tracker.extensions import db
from tracker.models import Food, FoodEntry, MedicineDose, SpentUndo, SupplementEntry
from tracker.undo.operations import DEFAULT_UNDO_SECONDS, row_values

DAY = date(2026, 3, 14)
SPINACH = "11457"  # 79 mg per 100 g; "1 cup" (portion "0") is 30 g
TOKEN_RE = re.compile(
    r'name="kind" value="([a-z-]+)">\s*<input type="hidden" name="token" value="([^"]+)"'
)


def _log_supplement(client, app) -> None:
    response = client.post(
        f"/day/{DAY}/supplements",
        data={
            "supplement-name": "Magnesium glycinate",
            "supplement-form": "glycinate",
            "supplement-magnesium_per_unit": "120",
            "supplement-units": "2",
            "supplement-time": "21:30",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def _log_dose(client, app) -> None:
    response = client.post(
        f"/day/{DAY}/medicines",
        data={"medicine-medicine": "alendronate", "medicine-time": "07:00"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def _log_food(client, app) -> None:
    assert (
        add_food(client, DAY, food_id(app, SPINACH), "0", "2", "lunch", time(12, 30)).status_code
        == 302
    )


# kind: (model, how to log one, delete URL pattern, anchor)
KINDS = {
    "food-entry": (FoodEntry, _log_food, "/entries/{id}/delete", "#entries"),
    "supplement-entry": (
        SupplementEntry,
        _log_supplement,
        "/supplement-entries/{id}/delete",
        "#supplements",
    ),
    "medicine-dose": (MedicineDose, _log_dose, "/medicine-doses/{id}/delete", "#medicines"),
}


def _rows(app, model) -> list[dict]:
    with app.app_context():
        rows = db.session.execute(db.select(model).order_by(model.id)).scalars().all()
        return [row_values(row) for row in rows]


def _log_and_delete(app, client, kind: str) -> tuple[dict, str, str]:
    """Log one row of a kind, delete it; return its values and the Undo form's kind and token."""
    model, log, delete_url, anchor = KINDS[kind]
    log(client, app)
    [before] = _rows(app, model)
    response = client.post(delete_url.format(id=before["id"]))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/day/{DAY}{anchor}"
    assert _rows(app, model) == []
    page = html.unescape(client.get(f"/day/{DAY}").get_data(as_text=True))
    found = TOKEN_RE.search(page)
    assert found, "the day page shows no Undo button after the deletion"
    return before, found.group(1), found.group(2)


@pytest.mark.parametrize("kind", KINDS)
def test_undo_restores_exactly_the_deleted_row(app, auth_client, kind):
    model, _, _, anchor = KINDS[kind]
    before, form_kind, token = _log_and_delete(app, auth_client, kind)
    assert form_kind == kind

    response = auth_client.post("/undo", data={"kind": kind, "token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/day/{DAY}{anchor}"
    assert _rows(app, model) == [before]  # same id, values, created_at and updated_at
    page = auth_client.get(f"/day/{DAY}").get_data(as_text=True)
    assert "Restored " in page


@pytest.mark.parametrize("kind", KINDS)
def test_undo_twice_restores_once(app, auth_client, kind):
    model = KINDS[kind][0]
    before, _, token = _log_and_delete(app, auth_client, kind)
    assert auth_client.post("/undo", data={"kind": kind, "token": token}).status_code == 302
    second = auth_client.post("/undo", data={"kind": kind, "token": token}, follow_redirects=True)
    assert second.status_code == 200
    assert "is already back." in second.get_data(as_text=True)
    assert _rows(app, model) == [before]


def test_undo_of_another_user_is_404_and_changes_nothing(app, auth_client):
    _, kind, token = _log_and_delete(app, auth_client, "food-entry")
    make_user(app, "mallory@example.org")
    mallory = app.test_client()
    login(mallory, "mallory@example.org")
    before = snapshot(app)
    assert mallory.post("/undo", data={"kind": kind, "token": token}).status_code == 404
    assert snapshot(app) == before


def _tampered(token: str) -> str:
    """The token with one character of its payload changed."""
    at = 20
    return token[:at] + ("A" if token[at] != "A" else "B") + token[at + 1 :]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda kind, token: (kind, _tampered(token)), id="tampered payload"),
        pytest.param(lambda kind, token: (kind, token[:-3] + "abc"), id="tampered signature"),
        pytest.param(lambda kind, token: ("supplement-entry", token), id="token of another kind"),
        pytest.param(lambda kind, token: ("food", token), id="unknown kind"),
        pytest.param(lambda kind, token: (kind, ""), id="no token"),
        pytest.param(lambda kind, token: (kind, "x" * 5000), id="huge token"),
        pytest.param(lambda kind, token: (kind, "not.a.token"), id="garbage"),
    ],
)
def test_bad_tokens_are_400_and_change_nothing(app, auth_client, change):
    _, kind, token = _log_and_delete(app, auth_client, "food-entry")
    bad_kind, bad_token = change(kind, token)
    before = snapshot(app)
    response = auth_client.post("/undo", data={"kind": bad_kind, "token": bad_token})
    assert response.status_code == 400
    assert snapshot(app) == before


def test_a_token_signed_with_another_secret_is_400(app, auth_client):
    _, kind, _ = _log_and_delete(app, auth_client, "food-entry")
    forged = itsdangerous.URLSafeTimedSerializer("not-the-secret", salt=f"tracker-undo-{kind}")
    with app.app_context():
        user_id = db.session.execute(db.select(FoodEntry.user_id)).scalar()
    token = forged.dumps({"user": user_id, "row": {"id": 1}})
    before = snapshot(app)
    assert auth_client.post("/undo", data={"kind": kind, "token": token}).status_code == 400
    assert snapshot(app) == before


def test_an_expired_token_is_400_and_changes_nothing(app, auth_client, monkeypatch):
    _, kind, token = _log_and_delete(app, auth_client, "food-entry")
    later = int(clock.time()) + DEFAULT_UNDO_SECONDS + 60
    before = snapshot(app)
    monkeypatch.setattr(itsdangerous.TimestampSigner, "get_timestamp", lambda self: later)
    response = auth_client.post("/undo", data={"kind": kind, "token": token})
    monkeypatch.undo()
    assert response.status_code == 400
    assert "Too late to undo" in response.get_data(as_text=True)
    assert snapshot(app) == before


def test_a_token_just_in_time_still_works(app, auth_client, monkeypatch):
    before, kind, token = _log_and_delete(app, auth_client, "food-entry")
    later = int(clock.time()) + DEFAULT_UNDO_SECONDS - 60
    monkeypatch.setattr(itsdangerous.TimestampSigner, "get_timestamp", lambda self: later)
    response = auth_client.post("/undo", data={"kind": kind, "token": token})
    monkeypatch.undo()
    assert response.status_code == 302
    assert _rows(app, FoodEntry) == [before]


def test_undo_needs_a_login(app, auth_client):
    _, kind, token = _log_and_delete(app, auth_client, "food-entry")
    response = app.test_client().post("/undo", data={"kind": kind, "token": token})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert _rows(app, FoodEntry) == []


def test_undo_after_the_id_was_given_to_a_new_row(app, auth_client):
    """SQLite may reuse the deleted row's id: the restored row then gets a new one, once."""
    before, kind, token = _log_and_delete(app, auth_client, "food-entry")
    _log_food(auth_client, app)  # a new entry, possibly with the deleted one's id
    assert len(_rows(app, FoodEntry)) == 1
    for _ in range(2):
        assert auth_client.post("/undo", data={"kind": kind, "token": token}).status_code == 302
    rows = _rows(app, FoodEntry)
    assert len(rows) == 2
    restored = next(row for row in rows if row["created_at"] == before["created_at"])
    assert {k: v for k, v in restored.items() if k != "id"} == {
        k: v for k, v in before.items() if k != "id"
    }


def test_undo_keeps_the_entry_when_its_custom_food_is_gone(app, auth_client):
    auth_client.post(
        "/foods/mine",
        data={
            "name": "Granola",
            "serving_grams": "50",
            "magnesium_as": "mg",
            "magnesium_amount": "60",
        },
    )
    with app.app_context():
        granola = db.session.execute(db.select(Food.id).where(Food.name == "Granola")).scalar_one()
    assert add_food(auth_client, DAY, granola, "0", "1").status_code == 302
    [entry] = _rows(app, FoodEntry)
    assert entry["food_id"] == granola and entry["magnesium_ug"] == 60_000
    auth_client.post(f"/entries/{entry['id']}/delete")
    page = html.unescape(auth_client.get(f"/day/{DAY}").get_data(as_text=True))
    kind, token = TOKEN_RE.search(page).groups()
    assert auth_client.post(f"/foods/mine/{granola}/delete").status_code == 302

    assert auth_client.post("/undo", data={"kind": kind, "token": token}).status_code == 302
    [restored] = _rows(app, FoodEntry)
    assert restored == entry | {"food_id": None}  # the name and 60 mg are kept


def test_undo_form_needs_csrf(app, auth_client, csrf_enabled):
    response = auth_client.post("/undo", data={"kind": "food-entry", "token": "x"})
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)


# --- single-use, and only in the session that deleted the row ------------------------------------

NOT_AGAIN = "has been used already, or was made before you last logged in"


def test_an_old_undo_after_an_edit_and_a_second_delete_restores_nothing(app, auth_client):
    """The replay: undo, edit, delete again; the first Undo would bring back the old values."""
    before, kind, first = _log_and_delete(app, auth_client, "food-entry")
    assert auth_client.post("/undo", data={"kind": kind, "token": first}).status_code == 302
    [restored] = _rows(app, FoodEntry)
    edited = auth_client.post(
        f"/entries/{restored['id']}/edit",
        data={"portion": "0", "quantity": "3", "meal": "dinner", "time": "19:00"},
    )
    assert edited.status_code == 302
    [after_edit] = _rows(app, FoodEntry)
    assert after_edit["quantity_text"] == "3"
    assert auth_client.post(f"/entries/{restored['id']}/delete").status_code == 302
    page = html.unescape(auth_client.get(f"/day/{DAY}").get_data(as_text=True))
    second = TOKEN_RE.search(page).group(2)

    before_replay = snapshot(app)
    replay = auth_client.post("/undo", data={"kind": kind, "token": first})
    assert replay.status_code == 400
    assert NOT_AGAIN in replay.get_data(as_text=True)
    assert snapshot(app) == before_replay
    # The newest Undo still works, and brings back the edited entry.
    assert auth_client.post("/undo", data={"kind": kind, "token": second}).status_code == 302
    assert _rows(app, FoodEntry) == [after_edit]
    assert before["quantity_text"] == "2"


@pytest.mark.parametrize("kind", KINDS)
def test_an_undo_does_not_work_after_logging_out_and_in(app, auth_client, user, kind):
    model = KINDS[kind][0]
    _, _, token = _log_and_delete(app, auth_client, kind)
    auth_client.post("/logout")
    login(auth_client, user.email)
    response = auth_client.post("/undo", data={"kind": kind, "token": token})
    assert response.status_code == 400
    assert NOT_AGAIN in response.get_data(as_text=True)
    assert _rows(app, model) == []


def test_an_undo_does_not_work_in_another_session_of_the_same_account(app, auth_client, user):
    _, kind, token = _log_and_delete(app, auth_client, "food-entry")
    elsewhere = app.test_client()
    login(elsewhere, user.email)
    response = elsewhere.post("/undo", data={"kind": kind, "token": token})
    assert response.status_code == 400
    assert _rows(app, FoodEntry) == []
    # The session that deleted it still can.
    assert auth_client.post("/undo", data={"kind": kind, "token": token}).status_code == 302
    assert len(_rows(app, FoodEntry)) == 1


def test_a_replayed_old_session_cookie_does_not_make_an_undo_work_twice(app, auth_client):
    """The session lists an Undo until it is used; a saved copy of the cookie from before
    still lists it. The spent token is kept server-side, so the replay restores nothing."""
    _, kind, token = _log_and_delete(app, auth_client, "food-entry")
    saved = auth_client.get_cookie("session").value
    assert auth_client.post("/undo", data={"kind": kind, "token": token}).status_code == 302
    [restored] = _rows(app, FoodEntry)
    assert auth_client.post(f"/entries/{restored['id']}/delete").status_code == 302
    assert _rows(app, FoodEntry) == []

    auth_client.set_cookie("session", saved)  # the old cookie, listing the token as unused
    before_replay = snapshot(app)
    replay = auth_client.post("/undo", data={"kind": kind, "token": token})
    assert replay.status_code == 400
    assert NOT_AGAIN in replay.get_data(as_text=True)
    assert snapshot(app) == before_replay


def test_spent_undo_ids_are_forgotten_once_they_would_have_expired(app, auth_client, user):
    with app.app_context():
        past = datetime.now(UTC) - timedelta(seconds=1)
        db.session.add(SpentUndo(jti="long-expired", user_id=user.id, expires_at=past))
        db.session.commit()
    _, kind, token = _log_and_delete(app, auth_client, "food-entry")
    assert auth_client.post("/undo", data={"kind": kind, "token": token}).status_code == 302
    with app.app_context():
        # The expired one is gone; the one just used is kept until it would expire.
        [(jti, expires_at)] = db.session.execute(db.select(SpentUndo.jti, SpentUndo.expires_at))
        assert jti != "long-expired"
        left = (expires_at - datetime.now(UTC)).total_seconds()
        assert DEFAULT_UNDO_SECONDS - 60 < left <= DEFAULT_UNDO_SECONDS
