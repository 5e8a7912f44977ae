"""Importing what ``playwright codegen --target python`` wrote, as the steps a recording makes.

The script is read with :mod:`ast`, never run. Codegen's locators become targets as a person sees
them (a role and name, a label, a text; a parent landmark or named region becomes ``within``);
the browser set-up around them is left out; anything else is skipped with a note naming its line.
What was typed into a secret field is never written anywhere: the step names a secret instead.

Where codegen picked one of several matches by position (``.nth(1)``, ``.first``, ``.last``), the
flow does not silently take the first: the step asks which one a person means, in a comment and
as ``within: "{which_one}"``, a placeholder the loader refuses until it is answered. A name
codegen matched with a pattern (``re.compile("Sour")``) is written as it is, with a comment and a
note: the flow matches the exact name.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from tebiki.errors import BadInputError
from tebiki.flowfile.model import LANDMARK_ROLES, LANDMARKS
from tebiki.record.recording import (
    Action,
    RecordedStep,
    RecordedTarget,
    default_caption,
    flow_yaml,
    looks_destructive,
    looks_secret,
)

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
# A landmark role as codegen writes it, and the flow's word for it.
ROLE_LANDMARKS = {role: landmark for landmark, role in LANDMARK_ROLES.items()}
LANDMARK_TAGS = ("header", "nav", "footer", "main")
FIELD_ROLES = (
    "textbox",
    "searchbox",
    "combobox",
    "listbox",
    "checkbox",
    "radio",
    "spinbutton",
    "switch",
)
FIELD_ACTIONS = ("fill", "type", "press_sequentially", "check", "uncheck", "select_option")
CLICKS = ("click", "dblclick", "tap")
# Set-up and tear-down around the actions: the browser, its context, the function that runs them.
QUIET_ROOTS = ("playwright", "browser", "context", "asyncio", "sync_playwright", "async_playwright")
WHY_NOT_PAGE = "it checks the page itself (its address or title)"
# The within: of a step whose target codegen picked by position: an undeclared variable, which
# the loader refuses (file:line) until the person writes which one they mean in its place.
WHICH_ONE = "{which_one}"
VIA = {
    "get_by_placeholder": "placeholder",
    "get_by_title": "title (tooltip)",
    "get_by_alt_text": "image's alt text",
}


@dataclass
class ImportedFlow:
    steps: list[RecordedStep]
    start: str  # the first page.goto, relative to its origin: "/dashboard"
    base_url: str | None  # the origin of the first page.goto
    notes: list[str] = field(default_factory=list)  # for the writer: "script.py:12: ..."
    # What the person must answer before the flow validates: "script.py:12: which 「Edit」 link"
    questions: list[str] = field(default_factory=list)


@dataclass(eq=False)
class _Asked(RecordedTarget):
    """A target codegen picked by position: written with ``within: "{which_one}"``, which the
    loader refuses until the person says which one they mean. Its caption leaves it out."""

    def as_flow(self, action: Action) -> str | dict[str, str]:
        plain = RecordedTarget(self.role, self.name, self.label, self.text, WHICH_ONE, self.css)
        written = plain.as_flow(action)
        assert isinstance(written, dict)  # with a within:, never a short form
        return {**written, "within": WHICH_ONE}


@dataclass
class _Link:
    """One ``.name`` or ``.name(args)`` of a chain such as ``page.get_by_role(...).click()``."""

    name: str
    args: list[ast.expr]
    keywords: dict[str, ast.expr]
    called: bool

    @property
    def first(self) -> ast.expr | None:
        return self.args[0] if self.args else None


@dataclass
class _Seg:
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


# A step's line in the script, its questions and its pattern notes.
_Marks = tuple[int, list[str], list[str]]


@dataclass
class _Found:
    """A target as a person sees it, what to say about it, and the pattern its name came from."""

    target: RecordedTarget
    comments: list[str]
    pattern: ast.expr | None = None


def _chain(node: ast.expr) -> tuple[str, list[_Link]] | None:
    links: list[_Link] = []
    while True:
        if isinstance(node, ast.Await):
            node = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            keywords = {key.arg: key.value for key in node.keywords if key.arg}
            links.append(_Link(node.func.attr, list(node.args), keywords, True))
            node = node.func.value
        elif isinstance(node, ast.Attribute):
            links.append(_Link(node.attr, [], {}, False))
            node = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            links.append(_Link("()", list(node.args), {}, True))
            return node.func.id, links[::-1]
        elif isinstance(node, ast.Name):
            return node.id, links[::-1]
        else:
            return None


def _shown_call(root: str, links: list[_Link]) -> str:
    """The call with its arguments left out: they may hold what was typed."""
    return root + "".join(
        ("" if link.name == "()" else "." + link.name) + ("()" if link.called else "")
        for link in links
    )


def _text(node: ast.expr | None) -> tuple[str, ast.expr | None] | None:
    """A string argument, or the text of ``re.compile(...)``; and that call, when it is a pattern
    that matches more than one text (``re.compile(r"^ナミ$")`` matches ナミ alone: no pattern)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value, None
    root, links = (_chain(node) if node is not None else None) or ("", [])
    if node is not None and root == "re" and [link.name for link in links] == ["compile"]:
        inner = _text(links[0].first)
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


def _number(node: ast.expr | None) -> int | None:
    """The index given to .nth(): 1, -2; None when it is not written as a number."""
    try:
        value = ast.literal_eval(node) if node is not None else None
    except (ValueError, TypeError):
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _segments(links: list[_Link]) -> list[_Seg] | str:
    """The locators of a chain, or why tebiki cannot follow it."""
    segs: list[_Seg] = []
    for link in links:
        if link.name in ("frame_locator", "content_frame"):
            return "it is inside a frame, and tebiki flows do not reach into frames"
        if link.name in LOCATORS:
            arg = _text(link.first)
            name = _text(link.keywords.get("name"))
            if arg is None:
                return f"{link.name}() is given something other than plain text"
            segs.append(
                _Seg(
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
            index = {"first": 0, "last": -1}.get(link.name, _number(link.first))
            segs[-1].index = index if isinstance(index, int) else None
            shown = "?" if segs[-1].index is None else str(index)
            segs[-1].picked = f".{link.name}" + (f"({shown})" if link.name == "nth" else "")
        elif link.name == "filter" and "has_text" in link.keywords:
            has_text = _text(link.keywords["has_text"])
            segs[-1].has_text = has_text[0] if has_text else None
            segs[-1].has_text_pattern = has_text[1] if has_text else None
        else:
            segs[-1].ignored.append(link.name)
    return segs or "no locator"


def _scope(seg: _Seg) -> str | None:
    if seg.kind == "get_by_role":
        return ROLE_LANDMARKS.get(seg.arg) or seg.name
    if seg.kind in ("get_by_label", "get_by_text", "get_by_title"):
        return seg.arg
    tag = seg.arg.strip().lower()
    return tag if seg.kind == "locator" and tag in LANDMARK_TAGS else None


def _within(segs: list[_Seg], comments: list[str]) -> str | None:
    """The innermost parent that names a place (the header, a section called 共通情報)."""
    scopes = [_scope(parent) for parent in segs]
    if None in scopes:
        comments.append(
            "the script narrowed the search by CSS or an unnamed part, which "
            "tebiki leaves out: add within: if the name alone is ambiguous"
        )
    return next((scope for scope in reversed(scopes) if scope), None)


def _target(segs: list[_Seg], action: str) -> _Found | str:
    """The last locator as a person sees it, or why it cannot be."""
    seg, comments = segs[-1], []
    kind, arg, name = seg.kind, seg.arg, seg.name
    pattern = seg.arg_pattern
    if kind in ("get_by_role", "locator") and seg.has_text and not name:
        target = RecordedTarget(text=seg.has_text)
        pattern = seg.has_text_pattern
        comments.append(f"the script found this by 「{arg}」 and its text: check the text")
    elif kind == "get_by_role" and not name:
        return f"it is a {arg} with no name: nothing a person sees names it"
    elif kind == "get_by_role":
        field_role = arg in FIELD_ROLES and (
            action in FIELD_ACTIONS or arg in ("checkbox", "radio")
        )
        target = RecordedTarget(label=name) if field_role else RecordedTarget(role=arg, name=name)
        pattern = seg.name_pattern
    elif kind == "get_by_text" or (kind == "locator" and arg.startswith("text=")):
        target = RecordedTarget(text=arg.removeprefix("text=").strip('"'))
    elif kind == "get_by_label":
        target = RecordedTarget(label=arg)
    elif kind in VIA and action in FIELD_ACTIONS:
        # No <label> names it: only its accessible name (from the placeholder) finds it again.
        target = RecordedTarget(role="textbox", name=arg)
    elif kind in VIA:
        target = RecordedTarget(name=arg) if action in CLICKS else RecordedTarget(text=arg)
    else:
        css = f'[data-testid="{arg}"]' if kind == "get_by_test_id" else arg
        target = RecordedTarget(css=css)
        comments.append(
            "nothing a person sees identifies it: found by "
            + ("test id" if kind == "get_by_test_id" else "CSS")
            + ", so this step walks only the site it was recorded on"
        )
    if kind in VIA:
        how = "label" if target.label else "name" if target.name else "text"
        comments.append(
            f"the script found this by its {VIA[kind]} 「{arg}」; tebiki looks for "
            f"it by {how}: check that the page shows it that way"
        )
    if seg.ignored:
        comments.append(
            "left out of the script's locator: "
            + ", ".join(f".{ignored}()" for ignored in seg.ignored)
        )
    within = _within(segs[:-1], comments)
    if not target.css:
        target.within = within
    return _Found(target, comments, pattern)


def _ordinal(index: int | None) -> str:
    """Which one .nth, .first or .last took, in words: "the 2nd", "the last", "the 2nd from
    last"; "one" when the script does not say it as a number."""
    if index is None:
        return "one"
    if index in (0, -1):
        return "the first" if index == 0 else "the last"
    number = abs(index) + (1 if index >= 0 else 0)
    suffix = "th" if number % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(number % 10)
    return f"the {number}{suffix or 'th'}" + (" from last" if index < 0 else "")


def _plural(word: str) -> str:
    return word + ("es" if word.endswith(("s", "x")) else "s")


def _several(seg: _Seg) -> tuple[str, str]:
    """What a locator finds, as a person would say several of them, and what one of them is."""
    kind, arg, name = seg.kind, seg.arg, seg.name
    if kind == "get_by_role" and name:
        what, one = f"「{name}」 {_plural(arg)}", arg
    elif kind == "get_by_role":
        what, one = _plural(arg), arg
    elif kind == "get_by_label":
        what, one = f"fields labelled 「{arg}」", "field"
    elif kind == "get_by_text":
        what, one = f"places showing 「{arg}」", "text"
    elif kind == "get_by_test_id":
        what, one = f"elements with the test id 「{arg}」", "element"
    elif kind in VIA:
        what, one = f"elements with the {VIA[kind]} 「{arg}」", "element"
    else:
        what, one = f"elements matching the CSS 「{arg}」", "element"
    if seg.has_text:
        what += f" that show 「{seg.has_text}」"
    return what, one


def _questions(segs: list[_Seg], target: RecordedTarget) -> list[str]:
    """For each locator of the chain that codegen picked by position: which one a person means,
    in plain words, and how to answer it."""
    questions: list[str] = []
    _, one = _several(segs[-1])
    where = ""
    if target.within in LANDMARKS:
        where = f" in the {target.within}"
    elif target.within:
        where = f" under {target.within}"
    for number, seg in enumerate(segs):
        if not seg.picked:
            continue
        what, _ = _several(seg)
        inside = "" if number == len(segs) - 1 else f" and the 「{target.shown_name}」 in it"
        questions.append(
            f"codegen picked {_ordinal(seg.index)} of several {what}{where} "
            f"({seg.picked}){inside}: say which one a person means with within: SECTION "
            f"(a heading or section title the {one} sits under) or within: "
            "header|footer|main|nav, then delete this line"
        )
    return questions


def _pattern_note(shown: str, target: RecordedTarget) -> str:
    """What to check where codegen matched a pattern and the flow matches the name itself."""
    how = (
        "the exact label"
        if target.label
        else "the text"
        if target.text
        else "the exact name"
        if target.name
        else "the CSS"
    )
    return (
        f"the codegen script matched a pattern, {shown}, and the flow matches {how} "
        f"「{target.shown_name}」: check that this is what the page shows"
    )


class _Importer:
    def __init__(self, shown: str, source: str = "") -> None:
        self.shown = shown
        self.source = source
        self.steps: list[RecordedStep] = []
        self.keys: list[str] = []  # each step's locator as written, to drop clicks before a fill
        self.notes: list[tuple[int, str]] = []  # its line in the script, and what to say
        # Per step (only the steps kept count: a click dropped before its fill asks nothing).
        self.marks: dict[int, _Marks] = {}
        self.pending: list[str] = []  # comments for the next step
        self.pages = {"page"}
        self.locators: dict[str, list[_Link]] = {}
        self.popups: dict[str, bool] = {}  # "page1_info": whether it is a new tab
        self.quiet = set(QUIET_ROOTS)
        self.secrets: dict[str, str] = {}  # what was typed -> its secret's name (memory only)
        self.start: str | None = None
        self.origin: str | None = None

    def note(self, line: int, text: str, inline: bool = False) -> None:
        self.notes.append((line, text))
        if inline:
            self.pending.append(f"line {line}: {text}")

    def add(
        self,
        step: RecordedStep,
        key: str,
        comments: list[str],
        marks: _Marks | None = None,
    ) -> None:
        step.comments, self.pending = self.pending + comments, []
        self.steps.append(step)
        self.keys.append(key)
        if marks:
            self.marks[id(step)] = marks

    def ask(self, segs: list[_Seg], found: _Found, line: int) -> _Marks:
        """A target codegen picked by position asks which one (its within: a placeholder the
        loader refuses); a name it matched by pattern is noted. Both go in the step's comments."""
        target = found.target
        questions = _questions(segs, target)
        checks: list[str] = []
        if found.pattern is not None:
            pattern = ast.get_source_segment(self.source, found.pattern) or ast.unparse(
                found.pattern
            )
            checks.append(_pattern_note(" ".join(pattern.split()), target))
        if questions:
            found.target = _Asked(
                target.role, target.name, target.label, target.text, None, target.css
            )
        found.comments += questions + checks
        return line, questions, checks

    def block(self, body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self.quiet.add(node.name)
                self.pages |= {arg.arg for arg in node.args.args if arg.arg.startswith("page")}
                self.block(node.body)
            elif isinstance(node, ast.With | ast.AsyncWith):
                for item in node.items:
                    self.context_manager(item, node.lineno)
                self.block(node.body)
            elif isinstance(node, ast.Expr) and not isinstance(node.value, ast.Constant):
                self.expression(node.value, node.lineno)
            elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                self.assign(node.targets[0].id, node.value, node.lineno)
            elif isinstance(node, ast.If | ast.For | ast.While | ast.Try):
                if not (isinstance(node, ast.If) and "__name__" in ast.dump(node.test)):
                    self.note(
                        node.lineno,
                        "a Python block (if, for, while or try): its actions "
                        "are imported once, as written",
                    )
                self.block(node.body)
            elif not isinstance(node, ast.Import | ast.ImportFrom | ast.Pass | ast.Expr):
                self.note(node.lineno, f"skipped a Python {type(node).__name__} statement")

    def context_manager(self, item: ast.withitem, line: int) -> None:
        root, links = _chain(item.context_expr) or ("", [])
        kind = links[-1].name if links and root in self.pages else ""
        if kind in ("expect_popup", "expect_download"):
            self.note(
                line,
                "a new tab opened here; the flow goes on in the same tab, so check "
                "it still works there"
                if kind == "expect_popup"
                else "a download started here; tebiki does not keep downloads",
                inline=True,
            )
            if isinstance(item.optional_vars, ast.Name):
                self.popups[item.optional_vars.id] = kind == "expect_popup"
        elif root not in self.quiet:
            self.note(
                line,
                f"`with {_shown_call(root, links)}` is not known to tebiki: the "
                "actions inside it are imported",
            )

    def assign(self, name: str, value: ast.expr, line: int) -> None:
        root, links = _chain(value) or ("", [])
        names = [link.name for link in links]
        if names[-1:] == ["new_page"] or (self.popups.get(root) and names == ["value"]):
            self.pages.add(name)
        elif root in self.popups or root in self.quiet:
            self.quiet.add(name)
        elif root in self.pages | self.locators.keys() and not isinstance(_segments(links), str):
            self.locators[name] = self.locators.get(root, []) + links
        else:
            self.note(line, f"skipped {name} = {_shown_call(root, links)}: not a step")

    def expression(self, node: ast.expr, line: int) -> None:
        root, links = _chain(node) or ("?", [])
        if root == "expect" and len(links) == 2 and links[0].args:
            self.assertion(links[0].args[0], links[1], line)
        elif root in self.locators or (root in self.pages and links):
            self.page_call(self.locators.get(root, []) + links, line)
        elif root not in self.quiet:
            self.note(line, f"skipped {_shown_call(root, links)}: not a step tebiki records")

    def page_call(self, links: list[_Link], line: int) -> None:
        action = links[-1]
        if len(links) == 1 and action.name == "goto":
            return self.goto(action)
        if len(links) == 1 and action.name in ("close", "bring_to_front"):
            return None
        if len(links) == 1 and action.name in ("once", "on"):
            return self.note(line, "the script answers a dialog here; tebiki does not")
        segs = _segments(links[:-1])
        found = segs if isinstance(segs, str) else _target(segs, action.name)
        if isinstance(found, str) or isinstance(segs, str):
            return self.note(line, f"skipped .{action.name}(): {found}", inline=True)
        box = segs[-1].kind == "get_by_role" and segs[-1].arg in ("checkbox", "radio")
        marks = self.ask(segs, found, line)
        return self.act(action, found, key=repr(segs), line=line, box=box, marks=marks)

    def act(
        self,
        action: _Link,
        found: _Found,
        key: str,
        line: int,
        box: bool,
        marks: _Marks,
    ) -> None:
        target, comments = found.target, found.comments
        verb, shown = action.name, target.shown_name
        typed = _text(action.first)
        if verb in CLICKS and not box:
            if action.keywords.keys() & {"button", "modifiers"}:
                comments.append("the script clicked with another button or a modifier key")
            self.add(RecordedStep("click", target), key, comments, marks)
        elif verb in ("click", "check"):
            self.add(RecordedStep("check", target), key, comments, marks)
        elif verb in ("fill", "type", "press_sequentially"):
            value = typed[0] if typed and not typed[1] else None
            if looks_secret(shown) or (value is not None and value in self.secrets):
                number = len(self.secrets) + 1
                secret = self.secrets.setdefault(
                    value if value is not None else f"\0{line}",
                    "password" if number == 1 else f"password_{number}",
                )
                return self.add(RecordedStep("fill", target, secret=secret), key, comments, marks)
            if value is None:
                comments.append("the script typed something other than plain text: write it")
            self.add(RecordedStep("fill", target, value=value or ""), key, comments, marks)
        elif verb == "select_option":
            chosen = action.keywords.get("label") or action.keywords.get("value") or action.first
            if isinstance(chosen, ast.List) and chosen.elts:
                comments.append("the script chose several options; the flow chooses the first")
                chosen = chosen.elts[0]
            option = _text(chosen)
            if option is None:
                return self.note(
                    line,
                    f"skipped .select_option() on 「{shown}」: no option given as plain text",
                    inline=True,
                )
            if "label" not in action.keywords:
                comments.append(
                    "codegen wrote the option's value; tebiki chooses by the label "
                    "the page shows: check it"
                )
            self.add(RecordedStep("select", target, option=option[0]), key, comments, marks)
        elif verb == "press" and typed == ("Enter", None):
            self.note(
                line,
                f"pressed Enter in 「{shown}」: likely a submit; flows press no "
                "keys, so add a click on the form's button if it has one",
                inline=True,
            )
        elif verb == "uncheck":
            self.note(line, f"unticked 「{shown}」: flows only tick boxes; left out", inline=True)
        else:
            self.note(
                line, f"skipped .{verb}() on 「{shown}」: not a step tebiki records", inline=True
            )
        return None

    def assertion(self, subject: ast.expr, check: _Link, line: int) -> None:
        root, links = _chain(subject) or ("", [])
        links = self.locators.get(root, []) + links
        segs = (
            _segments(links)
            if links and root in self.pages | self.locators.keys()
            else WHY_NOT_PAGE
        )
        text = _text(check.first)
        found: _Found | str
        if check.name in ("to_have_text", "to_contain_text") and text and not isinstance(segs, str):
            # What must show is the text; the locator only says where (a named part of it).
            last = segs[-1] if segs[-1].kind in ("get_by_role", "locator") else None
            where = _within(segs[:-1] + ([last] if last else []), [])
            target = RecordedTarget(text=text[0], within=where if where != text[0] else None)
            found = _Found(target, [], text[1])
        elif check.name == "to_be_visible":
            found = segs if isinstance(segs, str) else _target(segs, "expect")
        else:
            found = segs if isinstance(segs, str) else "tebiki only checks that a text is shown"
        if isinstance(found, str) or isinstance(segs, str):
            return self.note(line, f"skipped the assertion .{check.name}(): {found}")
        marks = self.ask(segs, found, line)
        return self.add(RecordedStep("expect", found.target), "expect", found.comments, marks)

    def goto(self, action: _Link) -> None:
        given = _text(action.first)
        if given is None or given[0].startswith(("about:", "chrome:")):
            return
        parts = urlsplit(given[0])
        origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if self.start is None and not self.steps:
            self.start, self.origin = path, origin
        else:
            where = path if origin in (None, self.origin) else given[0]
            self.add(RecordedStep("goto", goto=where), "goto", [])

    def finish(self) -> list[RecordedStep]:
        """Drop the click into a field that codegen writes before its fill; infer effects."""
        steps: list[RecordedStep] = []
        for index, step in enumerate(self.steps):
            later = self.steps[index + 1] if index + 1 < len(self.steps) else None
            if (
                step.action == "click"
                and later
                and later.action in ("fill", "select")
                and self.keys[index] == self.keys[index + 1]
            ):
                # Only what was noted on its line moves on; the rest is said again on the fill.
                later.comments[:0] = [c for c in step.comments if c.startswith("line ")]
                continue
            steps.append(step)
        for index, step in enumerate(steps):
            if step.action != "click" or step.target is None:
                continue
            after = next((s for s in steps[index + 1 :] if s.action != "expect"), None)
            role = step.target.role
            if role == "link":
                step.effect = "navigate"
            elif looks_destructive(step.target.shown_name):
                step.effect = "destructive"
                step.comments.append("irreversible: check before running")
            elif (
                role != "menuitem"
                and after
                and after.action == "click"
                and after.target
                and after.target.role in ("link", "menuitem")
            ):
                step.effect = "reveal"
            elif role == "menuitem":
                step.effect = "navigate"
            else:
                step.effect = "submit"
                if role != "button":
                    step.comments.append(
                        "effect guessed: use navigate if this click opens another page"
                    )
            step.caption = default_caption(step)
        return steps


def import_codegen(source: str, shown: str = "<script>") -> ImportedFlow:
    """The steps of a script that ``playwright codegen --target python`` wrote (never run)."""
    try:
        tree = ast.parse(source, filename=shown)
    except SyntaxError as error:
        raise BadInputError(
            f"{shown}:{error.lineno or 1}: not Python ({error.msg}): expected "
            "what `playwright codegen --target python` writes"
        ) from None
    except ValueError as error:  # a NUL byte
        raise BadInputError(f"{shown}:1: not Python ({error})") from None
    importer = _Importer(shown, source)
    importer.block(tree.body)
    steps = importer.finish()
    if not steps:
        raise BadInputError(
            f"{shown}:1: no page actions (clicks, fills, checks) found: is this "
            "what `playwright codegen --target python` writes?"
        )
    if importer.start is None:
        importer.notes.insert(0, (0, "the script opens no page first: start: / assumed"))
    marks = [importer.marks[id(step)] for step in steps if id(step) in importer.marks]
    notes = importer.notes + [(line, check) for line, _, checks in marks for check in checks]
    return ImportedFlow(
        steps,
        importer.start or "/",
        importer.origin,
        [f"{shown}:{line or 1}: {text}" for line, text in sorted(notes, key=lambda note: note[0])],
        [f"{shown}:{line}: {question}" for line, questions, _ in marks for question in questions],
    )


def codegen_to_yaml(
    source: str,
    shown: str = "<script>",
    title: str | None = None,
    *,
    account: str = "email",
    variables: dict[str, str] | None = None,
) -> str:
    """The flow file for a codegen script, with the import's notes at the top."""
    imported = import_codegen(source, shown)
    name = Path(shown).name
    header = [
        f"Imported from {name} (playwright codegen) by tebiki record --from-codegen"
        + (f",\nrecorded on {imported.base_url}." if imported.base_url else "."),
        "Captions are drafts from the accessible names: edit them, and read the comments.",
    ]
    header = [line for text in header for line in text.split("\n")]
    header += [f"note: {note}" for note in imported.notes]
    text = flow_yaml(
        imported.steps,
        title=title or f"{Path(shown).stem}(codegen から取り込み)",
        start=imported.start,
        account=account,
        source=f"playwright codegen: {name}",
        header=header,
        variables=variables,
    )
    return text


def open_questions(text: str, written: str) -> str:
    """One line for the person: how many questions are left in a flow file this module wrote
    (each a step that does not validate until it is answered) and how many notes to check, each
    as ``file:line`` of that file."""
    lines = text.splitlines()
    asked = [
        f"{written}:{number}"
        for number, line in enumerate(lines, 1)
        if line.startswith("  - ") and WHICH_ONE in line
    ]
    noted = [
        f"{written}:{number}" for number, line in enumerate(lines, 1) if line.startswith("# note: ")
    ]
    said = f"{len(noted)} note{'' if len(noted) == 1 else 's'} to check" + (
        f" ({', '.join(noted)})" if noted else ""
    )
    if not asked:
        return f"no questions left in {written}; {said}"
    return (
        f"{len(asked)} question{'' if len(asked) == 1 else 's'} left in {written} "
        f"({', '.join(asked)}): it does not validate until each is answered as the comment "
        f"above it says; {said}"
    )
