"""The scripts the page room runs in the page, each a .js file beside this module: one
expression (an arrow function) that Playwright's evaluate calls."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@cache
def page_script(name: str) -> str:
    return (_HERE / f"{name}.js").read_text(encoding="utf-8")


@cache
def closed_dialog_script() -> str:
    """closed_dialog.js with the dialog_name.js it calls: one function of an element."""
    name, closed = page_script("dialog_name"), page_script("closed_dialog")
    return f"(el => {{ const dialogName = {name}; return ({closed})(el); }})"
