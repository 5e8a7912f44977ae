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
from pathlib import Path

import pytest

from tebiki.browser import find_browser
from tests.test_remote_browser import stop_group

Tebiki = Callable[..., subprocess.CompletedProcess[str]]

# Adding and taking away a host's network interfaces is seen by every Chromium on this machine:
# a page another test is loading then fails with net::ERR_NETWORK_CHANGED. These run alone.
pytestmark = pytest.mark.alone
CELLS = ("-k", "email-clean-article")  # one cell of each of five bundled flows


def _ip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["ip", *args], capture_output=True, text=True)


class Hosts:
    """Second hosts made on demand, each a namespace with a browser server; all taken down
    at the end."""

    def __init__(self) -> None:
        self.made: list[tuple[str, str, subprocess.Popen[str] | None]] = []

    def add(self) -> tuple[str, subprocess.Popen[str]]:
        """A new host's browser server: its address and its process (to stop it early)."""
        tag = (os.getpid() * 7 + len(self.made)) % 60000
        name, near, far = f"tbk{tag}", f"tbk{tag}a", f"tbk{tag}b"
        net = f"10.{200 + tag // 250 % 50}.{tag % 250}"
        made = _ip("netns", "add", name)
        if made.returncode != 0:
            pytest.skip(f"no network namespace can be made here: {made.stderr.strip()}")
        self.made.append((name, near, None))
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
        self.made[-1] = (name, near, server)
        assert server.stdout is not None
        line, deadline = "", time.monotonic() + 30
        while time.monotonic() < deadline and "Listening on" not in line:
            line = server.stdout.readline()
        assert "Listening on" in line, line
        return f"ws://{net}.2:3111/", server

    def close(self) -> None:
        for name, near, server in self.made:
            if server is not None and server.poll() is None:
                stop_group(server)
            elif server is not None:
                server.wait()
            _ip("link", "del", near)
            _ip("netns", "del", name)


@pytest.fixture
def hosts() -> Iterator[Hosts]:
    if os.geteuid() != 0 or shutil.which("ip") is None:
        pytest.skip("a second host needs root and iproute2 (ip netns)")
    made = Hosts()
    try:
        yield made
    finally:
        made.close()


@pytest.fixture
def other_host(hosts: Hosts) -> str:
    """The address of a browser server on a second host, ws://10.X.Y.2:3111/."""
    return hosts.add()[0]


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


def test_two_servers_share_the_cells_and_one_that_drops_loses_none(
    hosts: Hosts, tmp_path: Path
) -> None:
    (first, first_server), (second, _) = hosts.add(), hosts.add()
    binary = str(find_browser(None))
    env = {key: value for key, value in os.environ.items() if not key.startswith("TEBIKI_")}
    env["TEBIKI_ARTIFACTS"] = str(tmp_path / "artifacts")
    check = subprocess.Popen(
        [sys.executable, "-m", "tebiki", "check", "-k", "email-clean", "--connect", first,
         "--connect", second, "--browser-path", binary],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert check.stdout is not None
    lines: list[str] = []
    for line in check.stdout:
        lines.append(line)
        if sum(1 for seen in lines if seen.startswith("[")) == 2:
            stop_group(first_server)  # the first host's server goes away mid-check
            break
    lines += check.stdout.readlines()
    errors = check.stderr.read() if check.stderr else ""
    assert check.wait(timeout=240) == 0, "".join(lines) + errors
    said = "".join(lines)
    assert "with 2 workers" in lines[0]
    played = sorted(line.split("]", 1)[1].split()[1] for line in lines if line.startswith("["))
    assert len(played) == 10 and len(set(played)) == 10, played  # every cell, each once
    assert f"note: the browser server {first} went away during the check" in said
