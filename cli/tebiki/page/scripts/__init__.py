"""The scripts the page room runs in the page, each a .js file beside this module: one
expression (an arrow function) that Playwright's evaluate calls."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@cache
def page_script(name: str) -> str:
    return (_HERE / f"{name}.js").read_text(encoding="utf-8")
