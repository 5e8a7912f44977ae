"""--connect: flows played on a browser that a Playwright server launches (how users spread
flows over many machines), here a local `playwright run-server`."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from tebiki.browser import find_browser

Tebiki = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def browser_server() -> Iterator[str]:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "playwright",
            "run-server",
            "--port",
            "0",
            "--host",
            "127.0.0.1",
            "--unsafe",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )  # its own process group: the Node.js server is a grandchild
    assert server.stdout is not None
    deadline = time.monotonic() + 30
    line = ""
    while time.monotonic() < deadline and "Listening on" not in line:
        line = server.stdout.readline()
    try:
        assert "Listening on" in line, line
        yield line.split("Listening on", 1)[1].strip()
    finally:
        stop_group(server)


def stop_group(server: subprocess.Popen[str]) -> None:
    """The wrapper and the Node.js server under it, and whatever that started: asked to stop,
    then, if any is still there after a while, killed; gone either way before the test ends."""
    os.killpg(server.pid, signal.SIGTERM)
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        try:
            os.killpg(server.pid, 0)  # does anything of the group remain?
        except ProcessLookupError:
            break
        server.poll()  # reap the wrapper, so that it does not linger as a zombie
        time.sleep(0.1)
    else:
        os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=10)


def test_dry_run_on_a_remote_browser_server(browser_server: str, tebiki_process: Tebiki) -> None:
    result = tebiki_process(
        "dry-run",
        "withdraw-email",
        "--connect",
        browser_server,
        "--browser-path",
        str(find_browser()),
    )
    assert result.returncode == 0, result.stderr
    assert " 8/9  highlighted" in result.stdout
    assert "mock site: 0 changing requests" in result.stdout


def test_an_unreachable_browser_server_exits_3(tebiki_process: Tebiki) -> None:
    result = tebiki_process("dry-run", "withdraw-email", "--connect", "ws://127.0.0.1:9/")
    assert result.returncode == 3
    assert result.stderr.startswith("error: cannot connect to the browser server ws://127.0.0.1:9/")


def _outcomes(stdout: str) -> list[str]:
    """Each cell's line without its time: what was judged, not how long it took."""
    # "[2/3] ok   find-help[…]  completed  (1.2 s)": the order the cells finished in, and
    # their times, differ from run to run; what was judged must not.
    cells = (re.sub(r"^\[\s*\d+/\d+\] ", "", line) for line in stdout.splitlines())
    return sorted(line.rsplit("  (", 1)[0] for line in cells if line.startswith(("ok ", "FAIL ")))


def test_check_through_a_browser_server_judges_as_a_local_browser_does(
    browser_server: str, tebiki: Tebiki
) -> None:
    cells = (
        "-k",
        "email-clean-faq",
        "-k",
        "email-escrow-held-article",
        "-k",
        "social-clean-article",
    )
    remote = tebiki(
        "check",
        "withdraw-email",
        *cells,
        "--workers",
        "2",
        "--connect",
        browser_server,
        "--browser-path",
        str(find_browser()),
        timeout=300,
    )
    local = tebiki("check", "withdraw-email", *cells, "--workers", "2", timeout=300)
    assert remote.returncode == local.returncode == 0, remote.stdout + remote.stderr
    assert _outcomes(remote.stdout) == _outcomes(local.stdout)
    assert len(_outcomes(local.stdout)) == 3


def test_check_with_an_unreachable_browser_server_exits_3(tebiki_process: Tebiki) -> None:
    result = tebiki_process(
        "check", "find-help", "-k", "email-clean", "--connect", "ws://127.0.0.1:9/"
    )
    assert result.returncode == 3
    assert result.stderr.startswith("error: cannot connect to the browser server ws://127.0.0.1:9/")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A server that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(OSError):
                held.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"ws://127.0.0.1:{listener.getsockname()[1]}/"
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        listener.close()


@pytest.mark.parametrize("command", ["dry-run", "check"])
def test_a_browser_server_that_never_answers_ends_with_exit_3(
    command: str, silent_server: str, tebiki_process: Tebiki
) -> None:
    result = tebiki_process(
        command,
        "withdraw-email",
        "--connect",
        silent_server,
        env={"TEBIKI_CONNECT_TIMEOUT_MS": "1500"},
    )
    assert result.returncode == 3, result.stdout + result.stderr
    assert f"cannot connect to the browser server {silent_server}" in result.stderr
    assert "Traceback" not in result.stderr
