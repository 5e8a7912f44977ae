"""A site built on a real framework, Dash with dash-mantine-components (React/Mantine), that
imitates the pages a Japanese article walks to leave CrowdWorks: マイページ, the display name
「ナミ」's menu (rendered in a portal only once opened) → プロフィール編集 → 基本情報編集 →
「退会をご希望する方はこちら」 → 退会, whose 「退会する」 asks 「本当に退会しますか?」 in a Mantine
modal. It is there so tests meet what a real React app draws (client-side navigation, portals,
callbacks) rather than hand-written HTML. The app runs in its own process (``app.py``) and
appends one JSON object per line to a log for each callback call and each state change."""

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


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class DashMantineSite:
    """The Dash app in a subprocess (its own process group) while the site is open."""

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
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log_path.touch()
        self._port = free_port()
        self._output = self.output_path.open("wb")
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.sites.dash_mantine.app",
                "--port",
                str(self._port),
                "--log",
                str(self.log_path),
            ],
            cwd=REPO_ROOT,
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=self._output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.base_url + "/", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        self.stop()
        output = self.output_path.read_text(encoding="utf-8", errors="replace")
        raise RuntimeError(f"the Dash site did not answer on {self.base_url}:\n{output}")

    def events(self) -> list[dict[str, object]]:
        if not self.log_path.exists():
            return []
        lines = self.log_path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def seen(self, event: str) -> list[dict[str, object]]:
        return [entry for entry in self.events() if entry.get("event") == event]

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            self._signal(process, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
            # Whatever it left in its group goes too, then the process itself is reaped.
            self._signal(process, signal.SIGKILL)
            process.wait()
        if self._output is not None:
            self._output.close()
            self._output = None

    @staticmethod
    def _signal(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError):
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
