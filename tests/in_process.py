"""The `tebiki` command run in the test's own process, on a browser the suite already runs.

click's test runner calls the same command group the entry point calls, with the arguments,
environment, working folder and standard input a process would have; what comes back has the
fields of a finished process (returncode, stdout, stderr), so a test reads it the same way
either way. What only a separate process shows (the entry point's own handling, signals, a
terminal, start-up, launching a browser) is tested with the ``tebiki_process`` fixture.
"""

from __future__ import annotations

import os
import subprocess
import traceback
from collections.abc import Callable, Mapping
from contextlib import chdir, nullcontext
from pathlib import Path

from click.testing import CliRunner
from playwright.sync_api import Browser

from tebiki.browser import lend_browser
from tebiki.commands.main import cli

Command = Callable[..., subprocess.CompletedProcess[str]]


def command_env(tmp_path: Path) -> dict[str, str | None]:
    """What every command under test runs with besides the suite's own environment: failure
    artifacts under the test's folder (the TEBIKI_ settings of the suite are taken away)."""
    return {"TEBIKI_ARTIFACTS": str(tmp_path / "artifacts")}


def invoke(
    args: list[str],
    *,
    cwd: Path,
    env: Mapping[str, str | None] | None = None,
    input: str | None = None,
    browser: Browser | None = None,
) -> subprocess.CompletedProcess[str]:
    """`tebiki ARGS` in ``cwd``, with none of the suite's TEBIKI_ settings but those in
    ``env`` (where None takes a variable away), on ``browser`` where given."""
    run_env: dict[str, str | None] = {key: None for key in os.environ if key.startswith("TEBIKI_")}
    run_env.update(env or {})
    lent = lend_browser(browser) if browser is not None else nullcontext()
    with chdir(cwd), lent:  # .env, relative paths and outputs, as in a process started there
        result = CliRunner().invoke(cli, args, input=input, env=run_env, prog_name="tebiki")
    stderr = result.stderr
    code = result.exit_code
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        # What Python prints for an exception nothing caught, so a test that says "no
        # traceback" fails here as it would on a terminal.
        assert result.exc_info is not None
        stderr += "".join(traceback.format_exception(*result.exc_info))
        code = 1
    return subprocess.CompletedProcess(["tebiki", *args], code, result.stdout, stderr)


def in_process_command(tmp_path: Path, browser: Browser | None) -> Command:
    """The `tebiki` fixture's runner: in ``tmp_path`` (or ``cwd=``), failure artifacts under
    ``tmp_path/artifacts``."""

    def run(
        *args: str,
        env: Mapping[str, str | None] | None = None,
        input: str | None = None,
        timeout: float = 120,  # noqa: ARG001 - a process's bound; kept so calls read alike
        cwd: Path | None = None,
    ) -> subprocess.CompletedProcess[str]:
        given = {**command_env(tmp_path), **(env or {})}
        return invoke(list(args), cwd=cwd or tmp_path, env=given, input=input, browser=browser)

    return run
