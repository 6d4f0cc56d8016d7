"""Moving the clock of the password-again rule (tracker.auth.recent) in browser tests: the
live server runs in this process, so the app reads the moved clock too."""

from __future__ import annotations

import time

import pytest

from tracker.auth import recent


class Clock:
    """The time tracker.auth.recent reads, moved on by the test."""

    def __init__(self) -> None:
        self.offset = 0.0

    def time(self) -> float:
        return time.time() + self.offset

    def later(self, minutes: float) -> None:
        self.offset += minutes * 60


def moved_clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Give tracker.auth.recent a clock the test can move (undone by monkeypatch)."""
    clock = Clock()
    monkeypatch.setattr(recent, "time", clock)
    return clock
