"""Share links: a read-only link to a report for a date range, made, listed, revoked and opened.

The token is shown once and never stored: only its SHA-256 is kept, so a database leak gives
no working link. Unknown, revoked and expired tokens all open nothing, alike.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from tracker.domain.errors import ValidationError
from tracker.domain.periods import DateRange
from tracker.extensions import db
from tracker.formatting import moment_text
from tracker.localtime import user_zone
from tracker.models import ShareLink, User, utcnow

SHARE_DAYS = (7, 30)
MAX_LIVE_LINKS = 20
SHOWN_LINKS = 50
# secrets.token_urlsafe(32): 32 random bytes (256 bits) as 43 URL-safe base64 characters.
TOKEN_BYTES = 32
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")


def token_hash(token: str) -> str:
    """The SHA-256 of a token, as stored: the token itself is never kept."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class ShareLinkRow:
    """A share link as the export page lists it."""

    id: int
    range: DateRange
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_accessed_at: datetime | None
    status: str  # "active", "expired" or "revoked"

    @property
    def active(self) -> bool:
        """True while the link opens the report."""
        return self.status == "active"


def _status(link: ShareLink, now: datetime) -> str:
    if link.revoked_at is not None:
        return "revoked"
    if link.expires_at <= now:
        return "expired"
    return "active"


def live_link_count(user: User, now: datetime) -> int:
    """How many of the user's links still open a report."""
    return db.session.execute(
        db.select(db.func.count())
        .select_from(ShareLink)
        .where(
            ShareLink.user_id == user.id,
            ShareLink.revoked_at.is_(None),
            ShareLink.expires_at > now,
        )
    ).scalar_one()


def create_share_link(
    user: User, chosen: DateRange, valid_days: int, now: datetime | None = None
) -> tuple[ShareLink, str]:
    """Make a share link for a range; return it with its token, which is shown once only."""
    now = now or utcnow()
    if valid_days not in SHARE_DAYS:
        raise ValidationError("valid_days", "Choose 7 or 30 days.")
    if live_link_count(user, now) >= MAX_LIVE_LINKS:
        raise ValidationError(
            "valid_days",
            f"You have {MAX_LIVE_LINKS} links that still work. Revoke one you no longer need "
            "before making another.",
        )
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = ShareLink(
        user_id=user.id,
        token_sha256=token_hash(token),
        start_day=chosen.start,
        end_day=chosen.end,
        created_at=now,
        expires_at=now + timedelta(days=valid_days),
    )
    db.session.add(link)
    db.session.commit()
    return link, token


def share_links_of(user: User, now: datetime | None = None) -> list[ShareLinkRow]:
    """The user's share links, newest first, with whether each still works."""
    now = now or utcnow()
    links = db.session.execute(
        db.select(ShareLink)
        .where(ShareLink.user_id == user.id)
        .order_by(ShareLink.created_at.desc(), ShareLink.id.desc())
        .limit(SHOWN_LINKS)
    ).scalars()
    return [
        ShareLinkRow(
            id=link.id,
            range=DateRange(link.start_day, link.end_day),
            created_at=link.created_at,
            expires_at=link.expires_at,
            revoked_at=link.revoked_at,
            last_accessed_at=link.last_accessed_at,
            status=_status(link, now),
        )
        for link in links
    ]


def share_link_or_404(user: User, link_id: int) -> ShareLink:
    """One of the user's share links, or abort with 404 (another user's id included)."""
    return db.first_or_404(
        db.select(ShareLink).where(ShareLink.id == link_id, ShareLink.user_id == user.id)
    )


def revoke_share_link(link: ShareLink, now: datetime | None = None) -> ShareLink:
    """Revoke a link so it no longer opens the report (revoking again changes nothing)."""
    if link.revoked_at is None:
        link.revoked_at = now or utcnow()
        db.session.commit()
    return link


def open_share_link(token: str, now: datetime | None = None) -> tuple[User, DateRange] | None:
    """The owner and range of a live link, noting the access; None for any other token.

    Unknown, revoked and expired tokens all give None, so callers cannot tell them apart.
    """
    if not TOKEN_RE.fullmatch(token or ""):
        return None
    now = now or utcnow()
    link = db.session.execute(
        db.select(ShareLink).where(ShareLink.token_sha256 == token_hash(token))
    ).scalar_one_or_none()
    if link is None or _status(link, now) != "active":
        return None
    link.last_accessed_at = now
    db.session.commit()
    user = db.session.get(User, link.user_id)
    if user is None:  # pragma: no cover - the link is deleted with its user (ON DELETE CASCADE)
        return None
    return user, DateRange(link.start_day, link.end_day)


def local_time_text(user: User, moment: datetime | None) -> str:
    """A moment in the user's time zone, e.g. "5 Mar 2024, 14:05"; "never" for None."""
    if moment is None:
        return "never"
    return moment_text(moment.astimezone(user_zone(user)))
