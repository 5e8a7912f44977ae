"""Which Chromium tebiki launches (tebiki.browser): an explicit path, then a Playwright-managed
build, then the usual system paths; none at all is an environment problem (exit 3)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tebiki.browser import find_browser, launch_args
from tebiki.errors import EnvironmentProblem


def executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def test_an_explicit_path_comes_first(tmp_path: Path) -> None:
    mine = executable(tmp_path / "my-chrome")
    assert find_browser(mine) == mine


def test_a_playwright_managed_chromium_beats_the_system_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path))
    executable(tmp_path / "chromium-999" / "chrome-linux" / "chrome")
    newest = executable(tmp_path / "chromium-1200" / "chrome-linux64" / "chrome")
    system = executable(tmp_path / "usr-bin-chromium")
    assert find_browser(None, system_paths=[str(system)]) == newest


def test_the_system_chromium_when_playwright_has_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "empty"))
    system = executable(tmp_path / "usr-bin-chromium")
    assert find_browser(None, system_paths=[str(tmp_path / "missing"), str(system)]) == system


def test_no_browser_anywhere_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(EnvironmentProblem) as raised:
        find_browser(None, system_paths=[])
    assert raised.value.exit_code == 3
    assert raised.value.message.startswith(
        f"no Chromium found: install one: `{sys.executable} -m playwright install chromium`"
    )


def test_a_missing_explicit_path_is_not_silently_replaced(tmp_path: Path) -> None:
    with pytest.raises(EnvironmentProblem) as raised:
        find_browser(tmp_path / "nope")
    assert f"browser not found at {tmp_path / 'nope'}" in raised.value.message


def test_the_quiet_flags_are_always_passed() -> None:
    args = launch_args()
    for flag in (
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ):
        assert flag in args


@pytest.mark.parametrize(("shell_installed", "headless_pick"), [(True, "shell"), (False, "full")])
def test_headless_takes_the_systems_headless_shell_where_there_is_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shell_installed: bool, headless_pick: str
) -> None:
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "empty"))
    full = executable(tmp_path / "usr-bin-chromium")
    shell = tmp_path / "usr-lib-chromium-headless-shell"
    if shell_installed:
        executable(shell)
    system = {"system_paths": [str(full)], "shells": [str(shell)]}
    assert (
        find_browser(None, **system, headless=True) == {"shell": shell, "full": full}[headless_pick]
    )
    # A headed launch (guide, record, --headed) needs the full browser's window.
    assert find_browser(None, **system) == full


def test_playwrights_own_headless_shell_beats_the_systems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path))
    old = "chromium_headless_shell-999/chrome-headless-shell-linux64/chrome-headless-shell"
    new = "chromium_headless_shell-1200/chrome-headless-shell-linux64/chrome-headless-shell"
    executable(tmp_path / old)
    newest = executable(tmp_path / new)
    full = executable(tmp_path / "chromium-1200" / "chrome-linux64" / "chrome")
    system_shell = executable(tmp_path / "usr-lib-chromium-headless-shell")
    assert find_browser(None, system_paths=[], shells=[str(system_shell)], headless=True) == newest
    assert find_browser(None, system_paths=[], shells=[str(system_shell)]) == full
