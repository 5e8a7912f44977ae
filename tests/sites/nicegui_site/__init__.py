"""A site built on a real UI framework, NiceGUI (Vue and Quasar in the browser, a websocket to
the server), written as NiceGUI's own docs write an app. It imitates the pages a Japanese article
on leaving クラウドワークス walks: マイページ, the display name 「ナミ」 in the header that opens a
Quasar menu (its entries exist only once it is open), プロフィール編集 whose 共通情報 card
arrives late over the websocket, 基本情報編集 with 「退会をご希望する方はこちら」, and 退会.

Hand-written HTML sites cannot show what a framework's DOM does to a walk (generated markup,
roles Quasar chooses, content that comes after load), so this one runs the framework itself,
in its own process: ``app.py`` on a free port, logging each server-side handler as a JSON line.
"""

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
from types import TracebackType
from typing import IO, Self

REPO_ROOT = Path(__file__).resolve().parents[3]
START_TIMEOUT = 60.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class NiceGuiSite:
    """The NiceGUI site in a child process (its own process group) while it is open."""

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self.output_path = log_path.with_name(log_path.name + ".server.txt")
        self._port: int | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._output: IO[bytes] | None = None

    @property
    def base_url(self) -> str:
        assert self._port is not None, "the site is not started"
        return f"http://127.0.0.1:{self._port}"

    def start(self) -> Self:
        self._port = _free_port()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log_path.touch()
        self._output = self.output_path.open("wb")
        command = [sys.executable, "-m", "tests.sites.nicegui_site.app"]
        command += ["--port", str(self._port), "--log", str(self.log_path)]
        self._process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            start_new_session=True,
            # A site as a person runs it: NiceGUI switches to its own test mode under pytest.
            env={key: value for key, value in os.environ.items() if key != "PYTEST_CURRENT_TEST"},
            stdin=subprocess.DEVNULL,
            stdout=self._output,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                break
            if self._answers():
                return self
            time.sleep(0.2)
        self.stop()
        output = self.output_path.read_text(encoding="utf-8", errors="replace")
        raise RuntimeError(f"the NiceGUI site did not start at {self.base_url}:\n{output}")

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.base_url + "/", timeout=2) as response:
                status: int = response.status
                return status == 200
        except (urllib.error.URLError, OSError):
            return False

    def events(self) -> list[dict[str, object]]:
        """Every event the site logged, in order."""
        if not self.log_path.exists():
            return []
        lines = self.log_path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def seen(self, event: str) -> list[dict[str, object]]:
        """The logged events of one kind."""
        return [entry for entry in self.events() if entry.get("event") == event]

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            self._signal(process, signal.SIGTERM)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._signal(process, signal.SIGKILL)
                process.wait()
            # The group may outlive its leader (a child the app started): end it all.
            self._signal(process, signal.SIGKILL)
        if self._output is not None:
            self._output.close()
            self._output = None

    @staticmethod
    def _signal(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


__all__ = ["NiceGuiSite"]
