"""What the plugin's options and ini values say, read the same way by the plugin, its browser
fixtures and its check cells."""

from __future__ import annotations

from pathlib import Path

import pytest


def fixtures_dir(config: pytest.Config) -> Path | None:
    """--tebiki-fixtures (from where pytest was started), else the ini value (from the ini
    file's folder), else None: the bundled fixtures."""
    given: str | None = config.getoption("tebiki_fixtures")
    if given:
        return config.invocation_params.dir / given
    ini = str(config.getini("tebiki_fixtures") or "")
    if ini:
        base = config.inipath.parent if config.inipath else config.rootpath
        return base / ini
    return None


def timeout_ms(config: pytest.Config) -> int:
    value = str(config.getini("tebiki_timeout_ms"))
    if not value.isdigit() or int(value) <= 0:
        raise pytest.UsageError(f"tebiki_timeout_ms = {value}: a number of milliseconds")
    return int(value)


def base_url(config: pytest.Config) -> str | None:
    """pytest-playwright's (or pytest-base-url's) --base-url, else its ini value: a site of the
    user's, where the flows are played once each instead of on the bundled mock."""
    given: str | None = config.getoption("base_url", default=None)
    if given:
        return given
    try:
        ini = str(config.getini("base_url") or "")
    except ValueError:  # neither plugin is in use: no such ini value
        return None
    return ini or None


def flow_variables(config: pytest.Config) -> dict[str, str]:
    """--tebiki-var KEY=VALUE, for flows played on a site of the user's."""
    values: dict[str, str] = {}
    for given in config.getoption("tebiki_var") or []:
        key, sep, value = str(given).partition("=")
        if not sep or not key.strip():
            raise pytest.UsageError(f"--tebiki-var {given!r}: write it as KEY=VALUE")
        values[key.strip()] = value
    return values
