"""Fixtures: the real mock site on a free loopback port, the real Chromium (through
pytest-playwright's fixture chain), and the real `tebiki` command in a subprocess.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext

from tebiki.browser import BrowserOptions, find_browser, launch_args, new_context
from tebiki_mock import MockSession, MockSite
from tests.in_process import command_env, in_process_command
from tests.sites.serving import cookie_storage_state

ROOT = Path(__file__).resolve().parent.parent

pytest_plugins = ["pytester", "tests.leftovers"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch, pointed at the Chromium tebiki itself would use."""
    return {
        **browser_type_launch_args,
        # A headless shell where one is installed, unless pytest-playwright's --headed.
        "executable_path": str(
            find_browser(headless=browser_type_launch_args.get("headless", True) is not False)
        ),
        "args": launch_args(),
    }


@pytest.fixture(scope="session")
def mock_site() -> Iterator[MockSite]:
    with MockSite() as site:
        yield site


def context_for(browser: Browser, site: MockSite, session: MockSession) -> BrowserContext:
    cookie = {"name": session.cookie_name, "value": session.cookie_value, "url": site.base_url}
    return new_context(browser, BrowserOptions(cookies=(cookie,)))


@pytest.fixture
def open_context(
    browser: Browser, mock_site: MockSite
) -> Iterator[Callable[[MockSession], BrowserContext]]:
    contexts: list[BrowserContext] = []

    def opener(session: MockSession) -> BrowserContext:
        context = context_for(browser, mock_site, session)
        contexts.append(context)
        return context

    yield opener
    for context in contexts:
        context.close()


def storage_state_for(site: MockSite, session: MockSession, folder: Path) -> Path:
    """A Playwright storage-state file that logs the CLI in as this session."""
    host = site.base_url.removeprefix("http://").split(":")[0]
    path = folder / f"state-{session.cookie_value[:8]}.json"
    return cookie_storage_state(path, session.cookie_name, session.cookie_value, host)


def _command_env(tmp_path: Path, env: dict[str, str | None] | None) -> dict[str, str]:
    """The environment of one command: the suite's own, less every TEBIKI_ setting, with
    failure artifacts under the test's folder."""
    full_env = {key: value for key, value in os.environ.items() if not key.startswith("TEBIKI_")}
    given = {**command_env(tmp_path), **(env or {})}
    full_env.update({key: value for key, value in given.items() if value is not None})
    return full_env


@pytest.fixture
def tebiki_process(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the real command as a user would, in its own process: for what only a process
    shows (the entry point, start-up, signals, a launch of its own browser)."""

    def run(
        *args: str,
        env: dict[str, str | None] | None = None,
        input: str | None = None,
        timeout: float = 120,
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "tebiki", *args],
            cwd=tmp_path,
            env=_command_env(tmp_path, env),
            input=input,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run


@pytest.fixture
def tebiki(tmp_path: Path, browser: Browser) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the `tebiki` command in this process, as click runs it, on the worker's browser
    (lent, so the command opens its own context on it instead of starting a Chromium): the
    same options, engine, messages and exit codes as `tebiki_process`, without paying an
    interpreter and a browser start for every test."""
    return in_process_command(tmp_path, browser)
