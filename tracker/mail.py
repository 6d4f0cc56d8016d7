"""Outgoing mail: `send(to, subject, text, html=None)` for every feature that writes to people.

Flask-Mailman does the work. With TRACKER_MAIL_SERVER set, messages go to that SMTP server
(TRACKER_MAIL_PORT, TRACKER_MAIL_TLS, TRACKER_MAIL_USERNAME, TRACKER_MAIL_PASSWORD,
TRACKER_MAIL_SENDER). Without it, the embedded default: every message is written as one
RFC 5322 file into instance/mail/, named so that the newest sorts last, and the log says where.
Links in messages are built with tracker.urls.external_url, never from the request.
"""

from __future__ import annotations

import os
import secrets
import smtplib
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask, current_app
from flask_mailman import EmailMultiAlternatives, Mail
from flask_mailman.backends.base import BaseEmailBackend

from tracker.files import private_folder

mail = Mail()


class EmlFileEmailBackend(BaseEmailBackend):
    """Write each message to MAIL_FILE_PATH as `<UTC time>-<random>.eml` (newest sorts last)."""

    def send_messages(self, email_messages) -> int:
        # The messages hold sign-in links: only the app's own user may open the folder.
        folder = private_folder(Path(self.mailman.file_path))
        sent = 0
        for message in email_messages:
            # Microseconds and a random tail: names stay unique and in order across processes.
            name = f"{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}-{secrets.token_hex(4)}.eml"
            path = folder / name
            # Written to a temporary name, then renamed: a reader never sees half a message.
            # The files hold sign-in links, so only the app's own user may read them.
            fd, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".part")
            with os.fdopen(fd, "wb") as handle:
                handle.write(message.message().as_bytes(linesep="\r\n"))
            os.replace(temporary, path)
            current_app.logger.warning(
                "Mail to %s written to %s (no SMTP server: set TRACKER_MAIL_SERVER to send it)",
                ", ".join(message.to),
                path,
            )
            sent += 1
        return sent


def send(to: str, subject: str, text: str, html: str | None = None) -> bool:
    """Send one message to one address; False (and logged) if the mail server failed."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=current_app.config["MAIL_DEFAULT_SENDER"],
        to=[to],
    )
    if html is not None:
        message.attach_alternative(html, "text/html")
    try:
        message.send(fail_silently=False)
    except (OSError, smtplib.SMTPException):
        # The person gets the page's usual answer; the operator gets the reason.
        current_app.logger.exception("Could not send mail %r to %s", subject, to)
        return False
    return True


def init_app(app: Flask) -> None:
    """Bind Flask-Mailman to the app (its settings come from tracker.config)."""
    mail.init_app(app)
