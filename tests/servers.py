"""Servers the tests start as real processes: gunicorn serving the app on a loopback port.

Written to run in any pytest-xdist worker: ports are chosen by the kernel, gunicorn is handed
a socket already bound (so no parallel worker can take its port), every file lives in the
folder the test gives, and a server is always stopped, whatever happens.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A loopback port free at the moment, for a server that cannot be handed a socket (Redis).

    Another process may take it before the server binds it; callers that can should pass a
    bound socket instead, as Server does.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn on a loopback port, in its own process group (so kill -9 takes all of it).

    The port is bound here and the socket handed to gunicorn (`--bind fd://N`), so no other
    process (a parallel test worker) can take the port between choosing it and listening.
    """

    def __init__(
        self,
        database: Path | str,
        folder: Path,
        env: dict[str, str] | None = None,
        threads: int = 4,
    ) -> None:
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        self.port = listener.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        url = database if isinstance(database, str) else f"sqlite:///{database}"
        self.env = {
            **os.environ,
            "TRACKER_DATABASE_URL": url,
            "TRACKER_INSTANCE_PATH": str(folder),
            "TRACKER_SECRET_KEY": "data-safety-test",
            **(env or {}),
        }
        self.log = open(folder / f"gunicorn-{self.port}.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "--workers", "2", "--threads", str(threads),
                "--bind", f"fd://{listener.fileno()}", "--no-control-socket",
                "--graceful-timeout", "2", "tracker:create_app()",
            ],
            cwd=REPO, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True, pass_fds=[listener.fileno()],
        )  # fmt: skip
        # gunicorn has its own copy now; without ours, a kill -9 frees the port at once.
        listener.close()
        try:
            self._wait_until_up()
        except BaseException:
            self.stop()  # never leave a server behind
            raise

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: see {self.log.name}")
            try:
                with urllib.request.urlopen(self.base + "/welcome", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start within 60 s")

    def kill_9(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill_9()
        self.log.close()
