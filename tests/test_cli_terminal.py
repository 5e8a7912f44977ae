"""At a terminal: the destructive step waits for a typed yes; settings come from .env too."""

from __future__ import annotations

import contextlib
import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tebiki_mock import MockSite
from tests.conftest import storage_state_for

Tebiki = Callable[..., subprocess.CompletedProcess[str]]


def run_at_terminal(args: list[str], answer: str, cwd: Path) -> tuple[int, str]:
    """Run the command with a pseudo-terminal as its stdin and stdout, answering its prompt."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("TEBIKI_")}
    pid, fd = pty.fork()
    if pid == 0:  # the child: become the command
        os.chdir(cwd)
        os.execve(sys.executable, [sys.executable, "-m", "tebiki", *args], env)
    output, answered = b"", False
    while True:
        ready, _, _ = select.select([fd], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
        if not answered and b"type yes to perform it" in output:
            os.write(fd, answer.encode() + b"\r")
            answered = True
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), output.decode("utf-8", "replace")


@pytest.mark.parametrize(("answer", "withdrawn"), [("yes", True), ("no", False)])
def test_the_destructive_step_waits_for_a_typed_yes(
    mock_site: MockSite, tmp_path: Path, answer: str, withdrawn: bool
) -> None:
    session = mock_site.open_session("email")
    state = storage_state_for(mock_site, session, tmp_path)
    code, output = run_at_terminal(
        [
            "run",
            "withdraw-email",
            "--base-url",
            mock_site.base_url,
            "--storage-state",
            str(state),
            "--var",
            "display_name=ナミ",
        ],
        answer,
        tmp_path,
    )
    assert code == 0, output
    assert "step 8 (「退会する」をクリック) cannot be undone." in output
    assert mock_site.account_exists(session.email) is not withdrawn
    assert ("done: all 9 steps performed" in output) is withdrawn
    assert ("stopped before step 8" in output) is not withdrawn


def test_settings_come_from_a_dot_env_file(
    mock_site: MockSite, tmp_path: Path, tebiki: Tebiki
) -> None:
    session = mock_site.open_session("email")
    state = storage_state_for(mock_site, session, tmp_path)
    (tmp_path / ".env").write_text(
        f"TEBIKI_BASE_URL={mock_site.base_url}\nTEBIKI_STORAGE_STATE={state}\n", encoding="utf-8"
    )
    result = tebiki("dry-run", "withdraw-email", "--var", "display_name=ナミ")
    assert result.returncode == 0, result.stderr
    assert f"checked on {mock_site.base_url}/" in result.stdout
    # An option given on the command line wins over .env.
    wrong = tebiki(
        "dry-run",
        "withdraw-email",
        "--var",
        "display_name=ナミ",
        "--base-url",
        "http://127.0.0.1:1",
    )
    assert wrong.returncode == 3


def test_json_logs_go_to_stderr_one_object_a_line(tebiki: Tebiki) -> None:
    result = tebiki("dry-run", "withdraw-email", "--log-format", "json", "-vv")
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stderr.splitlines()]
    assert {"bundled mock site", "step"} <= {event["event"] for event in events}
    assert all("level" in event and "timestamp" in event for event in events)
    assert "dry run done" in result.stdout and "{" not in result.stdout


@pytest.mark.parametrize("after", [1, 3])
def test_ctrl_c_during_a_check_ends_with_130_and_no_crash(after: int, tmp_path: Path) -> None:
    # An interrupt while two workers are mid-cell. (At a terminal Ctrl-C reaches the browsers'
    # drivers as well; a worker whose browser closes under it waits for the interrupt.)
    env = {key: value for key, value in os.environ.items() if not key.startswith("TEBIKI_")}
    env["PYTHONUNBUFFERED"] = "1"  # each cell's line as it is printed, as at a terminal
    command = subprocess.Popen(
        [sys.executable, "-m", "tebiki", "check", "withdraw-email", "--workers", "2"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert command.stdout is not None and command.stderr is not None
    for line in command.stdout:  # "[ 3/40] ok   …": that many cells are done
        done = re.match(r"\[\s*(\d+)/", line)
        if done and int(done.group(1)) >= after:
            break
    os.kill(command.pid, signal.SIGINT)  # the command itself, as `kill -INT` does
    try:
        rest, errors = command.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(command.pid, signal.SIGKILL)
    assert command.returncode == 130, (command.returncode, errors)
    assert errors.strip().splitlines()[-1] == "interrupted", errors
    assert "Traceback" not in errors
    assert not (tmp_path / "tebiki-artifacts").exists()  # nothing half-made left behind
