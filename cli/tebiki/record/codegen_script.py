"""Reading a ``playwright codegen --target python`` script as calls, never running it.

A statement such as ``page.get_by_role("link", name="x").first.click()`` becomes a chain of
links (``get_by_role(...)``, ``.first``, ``.click()``), and its locators become segments: what
each one looks for, and what narrows it (``.nth(1)``, ``.filter(has_text=...)``). Turning them
into targets and steps is codegen_targets' and codegen_steps' job.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

LOCATORS = (
    "get_by_role",
    "get_by_text",
    "get_by_label",
    "get_by_placeholder",
    "get_by_title",
    "get_by_alt_text",
    "get_by_test_id",
    "locator",
)


@dataclass
class Link:
    """One ``.name`` or ``.name(args)`` of a chain such as ``page.get_by_role(...).click()``."""

    name: str
    args: list[ast.expr]
    keywords: dict[str, ast.expr]
    called: bool

    @property
    def first(self) -> ast.expr | None:
        return self.args[0] if self.args else None


@dataclass
class Seg:
    """One locator of a chain, and what narrows it (``.first``, ``.filter(has_text=...)``)."""

    kind: str
    arg: str
    name: str | None = None
    # The re.compile(...) call that arg, name or has_text came from, when it was a pattern.
    arg_pattern: ast.expr | None = None
    name_pattern: ast.expr | None = None
    picked: str | None = None  # ".nth(1)", ".first", ".last"
    index: int | None = None  # which one .nth, .first or .last took: 0, 1, -1
    has_text: str | None = None
    has_text_pattern: ast.expr | None = None
    ignored: list[str] = field(default_factory=list)


def chain(node: ast.expr) -> tuple[str, list[Link]] | None:
    """The name a chain starts from (``page``, ``expect``) and its links in order, or None
    when it starts from something else (a subscript, a literal)."""
    links: list[Link] = []
    while True:
        if isinstance(node, ast.Await):
            node = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            keywords = {key.arg: key.value for key in node.keywords if key.arg}
            links.append(Link(node.func.attr, list(node.args), keywords, True))
            node = node.func.value
        elif isinstance(node, ast.Attribute):
            links.append(Link(node.attr, [], {}, False))
            node = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            links.append(Link("()", list(node.args), {}, True))
            return node.func.id, links[::-1]
        elif isinstance(node, ast.Name):
            return node.id, links[::-1]
        else:
            return None


def shown_call(root: str, links: list[Link]) -> str:
    """The call with its arguments left out: they may hold what was typed."""
    return root + "".join(
        ("" if link.name == "()" else "." + link.name) + ("()" if link.called else "")
        for link in links
    )


def text_of(node: ast.expr | None) -> tuple[str, ast.expr | None] | None:
    """A string argument, or the text of ``re.compile(...)``; and that call, when it is a pattern
    that matches more than one text (``re.compile(r"^ナミ$")`` matches ナミ alone: no pattern)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value, None
    root, links = (chain(node) if node is not None else None) or ("", [])
    if node is not None and root == "re" and [link.name for link in links] == ["compile"]:
        inner = text_of(links[0].first)
        if inner:
            pattern = inner[0]
            bare = pattern.removeprefix("^").removesuffix("$")
            exact = (
                len(links[0].args) == 1
                and not links[0].keywords
                and pattern.startswith("^")
                and pattern.endswith("$")
                and not pattern.endswith("\\$")
                and not re.search(r"[.^$*+?{}\[\]|()\\]", re.sub(r"\\[^A-Za-z0-9]", "", bare))
            )
            return re.sub(r"\\([^A-Za-z0-9])", r"\1", bare), None if exact else node
    return None


def number_of(node: ast.expr | None) -> int | None:
    """The index given to .nth(): 1, -2; None when it is not written as a number."""
    try:
        value = ast.literal_eval(node) if node is not None else None
    except (ValueError, TypeError):
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def segments(links: list[Link]) -> list[Seg] | str:
    """The locators of a chain, or why tebiki cannot follow it."""
    segs: list[Seg] = []
    for link in links:
        if link.name in ("frame_locator", "content_frame"):
            return "it is inside a frame, and tebiki flows do not reach into frames"
        if link.name in LOCATORS:
            arg = text_of(link.first)
            name = text_of(link.keywords.get("name"))
            if arg is None:
                return f"{link.name}() is given something other than plain text"
            segs.append(
                Seg(
                    link.name,
                    arg[0],
                    name[0] if name else None,
                    arg_pattern=arg[1],
                    name_pattern=name[1] if name else None,
                )
            )
        elif not segs:
            return f".{link.name} is not a locator tebiki knows"
        elif link.name in ("first", "last", "nth"):
            index = {"first": 0, "last": -1}.get(link.name, number_of(link.first))
            segs[-1].index = index if isinstance(index, int) else None
            shown = "?" if segs[-1].index is None else str(index)
            segs[-1].picked = f".{link.name}" + (f"({shown})" if link.name == "nth" else "")
        elif link.name == "filter" and "has_text" in link.keywords:
            has_text = text_of(link.keywords["has_text"])
            segs[-1].has_text = has_text[0] if has_text else None
            segs[-1].has_text_pattern = has_text[1] if has_text else None
        else:
            segs[-1].ignored.append(link.name)
    return segs or "no locator"
