"""A real SMTP server on loopback (aiosmtpd) for the mail tests, and the app pointed at it.

`mailbox` starts the server for one test, points the app's Flask-Mailman at it (the "smtp"
backend over a real socket, as in production), and gives the test the messages it received,
parsed as RFC 5322. Waiting for a message waits on a signal, never a fixed sleep.
"""

from __future__ import annotations

import email
import re
import socket
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask_mailman import Mail

WAIT_SECONDS = 10


class Inbox:
    """The messages the server received, in order."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd's handler hook
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        with self._arrived:
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self._arrived.notify_all()
        return "250 Message accepted"

    def wait_for(self, count: int = 1) -> list[EmailMessage]:
        """Wait until `count` messages have arrived in all; return them."""
        with self._arrived:
            arrived = self._arrived.wait_for(lambda: len(self.messages) >= count, WAIT_SECONDS)
        assert arrived, f"expected {count} message(s), got {len(self.messages)}"
        return self.messages[:count]

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in m["To"]]

    @staticmethod
    def text(message: EmailMessage) -> str:
        content = message.get_body(preferencelist=("plain",)).get_content()
        return content.replace("\r\n", "\n")

    @classmethod
    def link(cls, message: EmailMessage, path_start: str) -> str:
        """The one absolute link in a message whose path starts with path_start."""
        [found] = re.findall(rf"https?://\S+{re.escape(path_start)}\S+", cls.text(message))
        return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mailbox(app: Flask) -> Iterator[Inbox]:
    """An SMTP server on 127.0.0.1 for this test, with the app sending through it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    saved_state = app.extensions["mailman"]
    saved_config = {key: app.config[key] for key in app.config if key.startswith("MAIL_")}
    app.config.update(
        MAIL_BACKEND="smtp",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=controller.port,
        MAIL_USE_TLS=False,
        MAIL_USE_SSL=False,
        MAIL_USERNAME=None,
        MAIL_PASSWORD=None,
    )
    app.extensions["mailman"] = Mail.init_mail(app.config)
    try:
        yield inbox
    finally:
        app.extensions["mailman"] = saved_state
        app.config.update(saved_config)
        controller.stop()
