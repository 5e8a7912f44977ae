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
