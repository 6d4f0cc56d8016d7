"""The browser tests' live server closes every response body itself (see `_bodies_closed`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import _bodies_closed


class _Body:
    """A response body that records whether it was closed, like a static file's wrapper."""

    def __init__(self) -> None:
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        yield b"a"
        yield b"b"

    def close(self) -> None:
        self.closed = True


def test_a_body_is_closed_before_the_server_sends_a_byte() -> None:
    body = _Body()
    started: list[str] = []

    def app(environ: object, start_response: object) -> _Body:
        started.append("yes")
        return body

    sent = _bodies_closed(app)({}, lambda *args: None)  # type: ignore[arg-type]

    # Closed already, whether or not the server goes on to write (or the client is still there).
    assert body.closed
    assert started == ["yes"]
    assert list(sent) == [b"ab"]


def test_the_body_is_closed_when_reading_it_fails() -> None:
    class Failing(_Body):
        def __iter__(self) -> Iterator[bytes]:
            raise OSError("disk gone")

    body = Failing()
    with pytest.raises(OSError, match="disk gone"):
        _bodies_closed(lambda environ, start_response: body)({}, lambda *args: None)  # type: ignore[arg-type]
    assert body.closed
