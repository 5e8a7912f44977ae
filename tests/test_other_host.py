"""--connect to a browser server on another host: a network namespace of its own, joined to
this one by a veth pair, with `playwright run-server` in it. Its 127.0.0.1 is not ours, so the
bundled mock site (on our loopback) is reached only through the connection itself
(Playwright's exposed network); the check passes the same cells as a local browser does.
Skipped, saying why, where a namespace cannot be made (not root, no iproute2)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import pytest

from tebiki.browser import find_browser
from tests.test_remote_browser import stop_group

Tebiki = Callable[..., subprocess.CompletedProcess[str]]
CELLS = ("-k", "email-clean-article")  # one cell of each of five bundled flows


def _ip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["ip", *args], capture_output=True, text=True)


@pytest.fixture
def other_host() -> Iterator[str]:
    """The address of a browser server on a second host, ws://10.X.Y.2:3111/."""
    if os.geteuid() != 0 or shutil.which("ip") is None:
        pytest.skip("a second host needs root and iproute2 (ip netns)")
    tag = os.getpid() % 60000
    name, near, far = f"tbk{tag}", f"tbk{tag}a", f"tbk{tag}b"
    net = f"10.{200 + tag // 250 % 50}.{tag % 250}"
    made = _ip("netns", "add", name)
    if made.returncode != 0:
        pytest.skip(f"no network namespace can be made here: {made.stderr.strip()}")
    server: subprocess.Popen[str] | None = None
    try:
        for command in (
            ("link", "add", near, "type", "veth", "peer", "name", far),
            ("link", "set", far, "netns", name),
            ("addr", "add", f"{net}.1/24", "dev", near),
            ("link", "set", near, "up"),
            ("netns", "exec", name, "ip", "addr", "add", f"{net}.2/24", "dev", far),
            ("netns", "exec", name, "ip", "link", "set", far, "up"),
            ("netns", "exec", name, "ip", "link", "set", "lo", "up"),
        ):
            done = _ip(*command)
            assert done.returncode == 0, (command, done.stderr)
        server = subprocess.Popen(
            ["ip", "netns", "exec", name, sys.executable, "-m", "playwright", "run-server",
             "--port", "3111", "--host", "0.0.0.0", "--unsafe"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        )  # fmt: skip
        assert server.stdout is not None
        line, deadline = "", time.monotonic() + 30
        while time.monotonic() < deadline and "Listening on" not in line:
            line = server.stdout.readline()
        assert "Listening on" in line, line
        yield f"ws://{net}.2:3111/"
    finally:
        if server is not None:
            stop_group(server)
        _ip("link", "del", near)
        _ip("netns", "del", name)


def _outcomes(done: subprocess.CompletedProcess[str]) -> list[str]:
    return sorted(
        " ".join(line.split()[1:3]) for line in done.stdout.splitlines() if line.startswith("[")
    )


def test_a_browser_server_on_another_host_passes_the_cells_a_local_browser_does(
    other_host: str, tebiki: Tebiki
) -> None:
    binary = str(find_browser(None))  # the server's own machine has the same Chromium
    remote = tebiki("check", *CELLS, "--connect", other_host, "--browser-path", binary)
    assert remote.returncode == 0, remote.stdout + remote.stderr
    assert "site unreachable" not in remote.stdout
    local = tebiki("check", *CELLS)
    assert local.returncode == 0, local.stdout + local.stderr
    assert _outcomes(remote) == _outcomes(local)
    assert len(_outcomes(remote)) == 5
