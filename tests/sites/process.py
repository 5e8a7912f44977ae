"""What the test sites built on real frameworks share: the framework's own server in a child
process of its own group, on a free port of 127.0.0.1, answered before a test goes on and
stopped with everything it started (the suite fails on a process left behind). Each site says
only how its server is started; one whose app logs what it does as JSON lines reads them back
with ``events`` and ``seen``."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO, Self

from tests.sites.serving import OpenWhileUsed

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class ProcessSite(OpenWhileUsed):
    """A framework's server in a child process while the site is open; its output goes to
    ``output_path``, shown if it does not start."""

    name = "site"
    ready_path = "/"  # a page that answers 200 once the server is up

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.output_path = folder / f"{self.name}.server.txt"
        self._port = free_port()
        self._process: subprocess.Popen[bytes] | None = None
        self._output: IO[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    def command(self, port: int) -> list[str]:
        raise NotImplementedError

    def environment(self) -> dict[str, str]:
        # A site as a person runs it: frameworks switch to test modes of their own under
        # pytest (NiceGUI does), and the repository's modules are importable from anywhere.
        run = {key: value for key, value in os.environ.items() if key != "PYTEST_CURRENT_TEST"}
        return {**run, "PYTHONPATH": str(REPO_ROOT), "PYTHONUNBUFFERED": "1"}

    def start(self) -> Self:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._output = self.output_path.open("wb")
        self._process = subprocess.Popen(
            self.command(self._port),
            cwd=REPO_ROOT,
            env=self.environment(),
            start_new_session=True,  # its own group, so that stop() leaves nothing behind
            stdin=subprocess.DEVNULL,
            stdout=self._output,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and self._process.poll() is None:
            if self._answers():
                return self
            time.sleep(0.1)
        self.stop()
        output = self.output_path.read_text(encoding="utf-8", errors="replace")
        raise RuntimeError(f"the {self.name} site did not start at {self.base_url}:\n{output}")

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.base_url + self.ready_path, timeout=2) as response:
                return bool(response.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            _signal(process, signal.SIGTERM)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                _signal(process, signal.SIGKILL)
                process.wait()
            _signal(process, signal.SIGKILL)  # the group may outlive its leader
        if self._output is not None:
            self._output.close()
            self._output = None


class LoggedSite(ProcessSite):
    """A site whose app appends one JSON object a line to ``log_path`` for each thing it does
    (a handler it ran, a state it changed), given to it as ``--port N --log FILE``."""

    module = ""  # the app, run as python -m MODULE

    def __init__(self, log_path: Path) -> None:
        super().__init__(log_path.parent)
        self.log_path = log_path

    def command(self, port: int) -> list[str]:
        return [sys.executable, "-m", self.module, "--port", str(port), "--log", str(self.log_path)]

    def start(self) -> Self:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.log_path.touch()
        return super().start()

    def events(self) -> list[dict[str, object]]:
        """Every event the site logged, in order."""
        lines = self.log_path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def seen(self, event: str) -> list[dict[str, object]]:
        """The logged events of one kind."""
        return [entry for entry in self.events() if entry.get("event") == event]


def _signal(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)
