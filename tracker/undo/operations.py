"""Undo a deletion: the deleted row travels in a signed, time-limited token and comes back whole.

No table is needed: before a row is deleted its every column is signed with the app's secret
(itsdangerous, one salt per kind of row, so a token for one kind is refused for another) into
a token that the confirmation message's Undo button posts back. Restoring checks the
signature, its age and the owner, then inserts the same row again: same id when free, same
created_at. A row of the same owner, day and created_at is the same row already restored, so
pressing Undo twice restores it once.

Each token is single-use and valid only in the session that deleted the row: it carries a
random id that the session keeps (in its signed cookie, OUTSTANDING_KEY) until the token is
used, expires, or the session ends (logging out clears it). An old Undo pressed after the row
was restored, edited and deleted again, or after logging out and in, restores nothing. A used
id is also recorded in the database (SpentUndo) until it would have expired, so replaying a
saved old copy of the session cookie, which still lists it, restores nothing either.
"""

from __future__ import annotations

import secrets
import time as clock
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from flask import current_app, session
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from tracker.extensions import Model, db
from tracker.feedback import UndoOffer
from tracker.models import (
    Food,
    FoodEntry,
    MedicineDose,
    Recipe,
    SpentUndo,
    SupplementEntry,
    SupplementProduct,
    User,
)

# The rows a deletion can be undone for.
UndoableRow = FoodEntry | SupplementEntry | MedicineDose

# How long the Undo button works after a deletion.
DEFAULT_UNDO_SECONDS = 15 * 60
MAX_TOKEN_LENGTH = 4000
# The session's unused Undo tokens: their ids and when each expires (Unix seconds).
OUTSTANDING_KEY = "undo_offers"
MAX_OUTSTANDING = 20  # the newest; a session rarely has more than a few


@dataclass(frozen=True)
class Kind:
    model: type
    name_column: str
    section: str  # where on the day page the row is listed (tracker.feedback)


KINDS: dict[str, Kind] = {
    "food-entry": Kind(FoodEntry, "item_name", "entries"),
    "supplement-entry": Kind(SupplementEntry, "name", "supplements"),
    "medicine-dose": Kind(MedicineDose, "medicine_name", "medicines"),
}


class UndoError(Exception):
    """Why a token restores nothing: HTTP status and a plain message; nothing was changed."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Restored:
    kind: str
    day: date
    name: str
    section: str
    already: bool  # the row was already back (a second Undo)


def _serializer(kind: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"tracker-undo-{kind}")


def undo_seconds() -> int:
    """How long a deletion can be undone (config UNDO_SECONDS)."""
    return int(current_app.config.get("UNDO_SECONDS", DEFAULT_UNDO_SECONDS))


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def _from_json(python_type: type, value: Any) -> Any:
    if value is None:
        return None
    if python_type is datetime:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError("a time without its zone")
        return moment.astimezone(UTC)
    if python_type is date:
        return date.fromisoformat(value)
    if python_type is time:
        return time.fromisoformat(value)
    if python_type is bool:
        return bool(value)
    if python_type is int:
        return int(value)
    return str(value)


def _columns(model: type[Model]) -> dict[str, type]:
    return {column.key: column.type.python_type for column in model.__table__.columns}


def row_values(row: Any) -> dict[str, Any]:
    """Every column of a row as JSON values (datetimes in UTC)."""
    return {name: _to_json(getattr(row, name)) for name in _columns(type(row))}


def _outstanding() -> dict[str, int]:
    """This session's unused, unexpired Undo token ids."""
    offers = session.get(OUTSTANDING_KEY)
    if not isinstance(offers, dict):
        return {}
    now = int(clock.time())
    return {str(jti): int(until) for jti, until in offers.items() if int(until) >= now}


def offer_undo(kind: str, row: Any) -> UndoOffer:
    """Sign a copy of a row about to be deleted: the Undo button's token, which this session
    remembers until it is used."""
    jti = secrets.token_urlsafe(12)
    offers = _outstanding()
    offers[jti] = int(clock.time()) + undo_seconds()
    session[OUTSTANDING_KEY] = dict(
        sorted(offers.items(), key=lambda item: item[1])[-MAX_OUTSTANDING:]
    )
    payload = {"user": row.user_id, "row": row_values(row), "jti": jti}
    name = str(getattr(row, KINDS[kind].name_column))
    return {"kind": kind, "token": _serializer(kind).dumps(payload), "name": name}


def _payload(kind: str, token: str) -> dict[str, Any]:
    if kind not in KINDS or not token or len(token) > MAX_TOKEN_LENGTH:
        raise UndoError(400, "This Undo button is not valid. Nothing was changed.")
    try:
        payload = _serializer(kind).loads(token, max_age=undo_seconds())
    except SignatureExpired as error:
        minutes = undo_seconds() // 60
        raise UndoError(
            400, f"Too late to undo: a deletion can be undone for {minutes} minutes."
        ) from error
    except BadSignature as error:
        raise UndoError(400, "This Undo button is not valid. Nothing was changed.") from error
    if not isinstance(payload, dict) or not isinstance(payload.get("row"), dict):
        raise UndoError(400, "This Undo button is not valid. Nothing was changed.")
    return payload


def _values(model: type, row: dict[str, Any]) -> dict[str, Any]:
    columns = _columns(model)
    try:
        return {name: _from_json(columns[name], row.get(name)) for name in columns}
    except (TypeError, ValueError) as error:
        raise UndoError(400, "This Undo button is not valid. Nothing was changed.") from error


def _same_row(model: type[UndoableRow], user: User, values: dict[str, Any]) -> Any | None:
    """The row already restored: same owner, day and creation time (to the microsecond)."""
    candidates: Iterable[Any] = db.session.execute(
        select(model).where(model.user_id == user.id, model.day == values["day"])
    ).scalars()
    return next((c for c in candidates if c.created_at == values["created_at"]), None)


def _drop_missing_references(model: type, user: User, values: dict[str, Any]) -> None:
    """A food or saved product deleted since keeps the row's snapshot, not a broken link."""
    if model is FoodEntry and values.get("food_id") is not None:
        food = db.session.get(Food, values["food_id"])
        if food is None or food.owner_id not in (None, user.id):
            values["food_id"] = None
    if model is FoodEntry and values.get("recipe_id") is not None:
        recipe = db.session.get(Recipe, values["recipe_id"])
        if recipe is None or recipe.user_id != user.id:
            values["recipe_id"] = None
    if model is SupplementEntry and values.get("product_id") is not None:
        product = db.session.get(SupplementProduct, values["product_id"])
        if product is None or product.user_id != user.id:
            values["product_id"] = None


USED = (
    "This Undo button has been used already, or was made before you last logged in. "
    "Nothing was changed."
)


def _use_token(payload: dict[str, Any]) -> None:
    """Spend the token's id from this session's outstanding ones, or raise UndoError."""
    offers = _outstanding()
    jti = payload.get("jti")
    if not isinstance(jti, str) or jti not in offers:
        raise UndoError(400, USED)
    now = int(clock.time())
    db.session.execute(
        delete(SpentUndo).where(SpentUndo.expires_at < datetime.fromtimestamp(now, UTC))
    )
    if db.session.get(SpentUndo, jti) is not None:  # an old cookie, replayed
        raise UndoError(400, USED)
    # Spent in the transaction that restores the row: both, or neither.
    db.session.add(
        SpentUndo(
            jti=jti,
            user_id=payload["user"],
            expires_at=datetime.fromtimestamp(offers[jti], UTC),
        )
    )
    del offers[jti]
    session[OUTSTANDING_KEY] = offers


def restore(user: User, kind: str, token: str) -> Restored:
    """Put a deleted row back for its owner, or raise UndoError (400 bad or late, 404 not yours)."""
    payload = _payload(kind, token)
    if payload.get("user") != user.id:
        raise UndoError(404, "There is nothing to undo here.")
    spec = KINDS[kind]
    values = _values(spec.model, payload["row"])
    if values.get("user_id") != user.id or values.get("day") is None:
        raise UndoError(404, "There is nothing to undo here.")
    name = str(values[spec.name_column])
    existing = _same_row(spec.model, user, values)
    if existing is None:
        _use_token(payload)
        _drop_missing_references(spec.model, user, values)
        # SQLite may give a deleted row's id to the next row: then the restored row gets a new one.
        if db.session.get(spec.model, values["id"]) is not None:
            values.pop("id")
        db.session.add(spec.model(**values))
        try:
            db.session.commit()
        except IntegrityError:  # the same Undo, pressed in two tabs at once: the other won
            db.session.rollback()
            return Restored(kind, values["day"], name, spec.section, already=True)
    return Restored(kind, values["day"], name, spec.section, already=existing is not None)
