"""Nothing the suite starts outlives it: every process started under this pytest run (workers,
Chromium, Playwright's Node.js driver, `playwright run-server`, `tebiki mock-site`, a command
under test) inherits a mark in its environment; when the run ends, any process that still
carries the mark is named, stopped, and fails the run.

And a test marked ``alone`` runs while no other test runs: every test holds a shared lock on
one file for as long as it runs, an ``alone`` test an exclusive one.
"""

from __future__ import annotations

import fcntl
import os
import signal
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest

# Not TEBIKI_...: the suite takes every tebiki setting away from the commands it runs, and
# this mark must reach them and what they start.
MARK = "PYTEST_TEBIKI_SUITE_RUN"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "leftover_grace",
        "seconds a process told to close gets to be gone before it counts as left behind",
        default="10",
    )


def _is_controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput")  # an xdist worker has it


def pytest_configure(config: pytest.Config) -> None:
    if _is_controller(config):
        os.environ[MARK] = uuid.uuid4().hex  # the workers inherit it, as everything else


def _marked(run_id: str) -> list[tuple[int, str]]:
    """(pid, command line) of every process but this one whose environment has the mark."""
    found: list[tuple[int, str]] = []
    needle = f"{MARK}={run_id}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if command.strip():  # a zombie has no command line: it is already over
            found.append((int(entry.name), command.strip()))
    return found


@pytest.hookimpl(hookwrapper=True)
def pytest_sessionfinish(session: pytest.Session) -> Iterator[None]:
    yield  # after every other finish, xdist's shutdown of its workers included
    run_id = os.environ.get(MARK)
    if not _is_controller(session.config) or not run_id:
        return
    _lock_file(run_id).unlink(missing_ok=True)
    if not Path("/proc").is_dir():
        return
    deadline = time.monotonic() + float(str(session.config.getini("leftover_grace")))
    left = _marked(run_id)
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = _marked(run_id)
    if not left:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    lines = [f"{len(left)} process(es) of the suite still running after it ended:"]
    lines += [f"  {pid}: {command[:160]}" for pid, command in left]
    for pid, _ in left:
        with suppress(OSError):  # gone meanwhile
            os.kill(pid, signal.SIGKILL)
    if reporter is not None:
        reporter.write_line("\n".join(lines), red=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _lock_file(run_id: str) -> Path:
    return Path(tempfile.gettempdir()) / f"tebiki-suite-{run_id}.lock"


@pytest.fixture(autouse=True)
def _alone_or_together(request: pytest.FixtureRequest) -> Iterator[None]:
    """Shared while an ordinary test runs, exclusive while an ``alone`` test runs."""
    run_id = os.environ.get(MARK, "")
    exclusive = request.node.get_closest_marker("alone") is not None
    with open(_lock_file(run_id), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
