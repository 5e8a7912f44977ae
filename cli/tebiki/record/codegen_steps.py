"""Walking a codegen script's statements and turning its page calls into recorded steps.

The browser set-up around the actions is left out; anything else is skipped with a note naming
its line. What was typed into a secret field is never kept: the step names a secret instead.
What the steps' clicks do (their effects) is settled afterwards, by codegen_effects, once the
steps around each click are known.
"""

from __future__ import annotations

import ast
from urllib.parse import urlsplit

from tebiki.flowfile.addresses import origin_of
from tebiki.record.codegen_script import Link, Seg, chain, segments, shown_call, text_of
from tebiki.record.codegen_targets import (
    CLICKS,
    Asked,
    Found,
    form_button,
    pattern_note,
    questions_for,
    target_of,
    within_of,
)
from tebiki.record.recording import RecordedStep, RecordedTarget, looks_secret

# Set-up and tear-down around the actions: the browser, its context, the function that runs them.
QUIET_ROOTS = ("playwright", "browser", "context", "asyncio", "sync_playwright", "async_playwright")
WHY_NOT_PAGE = "it checks the page itself (its address or title)"

# A step's line in the script, its questions and its pattern notes.
Marks = tuple[int, list[str], list[str]]


class Importer:
    """Reads a script's statements in order, keeping the steps, the notes (each with its line)
    and, per step, what to ask and what to check."""

    def __init__(self, shown: str, source: str = "") -> None:
        self.shown = shown
        self.source = source
        self.steps: list[RecordedStep] = []
        self.keys: list[str] = []  # each step's locator as written, to drop clicks before a fill
        self.notes: list[tuple[int, str]] = []  # its line in the script, and what to say
        # Per step (only the steps kept count: a click dropped before its fill asks nothing).
        self.marks: dict[int, Marks] = {}
        # A submit made of an Enter pressed in a field: the step, and the Enter's line.
        self.enters: dict[int, int] = {}
        self.pending: list[str] = []  # comments for the next step
        self.pages = {"page"}
        self.locators: dict[str, list[Link]] = {}
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
        marks: Marks | None = None,
    ) -> None:
        step.comments, self.pending = self.pending + comments, []
        self.steps.append(step)
        self.keys.append(key)
        if marks:
            self.marks[id(step)] = marks

    def ask(self, segs: list[Seg], found: Found, line: int) -> Marks:
        """A target codegen picked by position asks which one (its within: a placeholder the
        loader refuses); a name it matched by pattern is noted. Both go in the step's comments."""
        target = found.target
        questions = questions_for(segs, target)
        checks: list[str] = []
        if found.pattern is not None:
            pattern = ast.get_source_segment(self.source, found.pattern) or ast.unparse(
                found.pattern
            )
            checks.append(pattern_note(" ".join(pattern.split()), target))
        if questions:
            found.target = Asked(
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
        root, links = chain(item.context_expr) or ("", [])
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
                f"`with {shown_call(root, links)}` is not known to tebiki: the "
                "actions inside it are imported",
            )

    def assign(self, name: str, value: ast.expr, line: int) -> None:
        root, links = chain(value) or ("", [])
        names = [link.name for link in links]
        if names[-1:] == ["new_page"] or (self.popups.get(root) and names == ["value"]):
            self.pages.add(name)
        elif root in self.popups or root in self.quiet:
            self.quiet.add(name)
        elif root in self.pages | self.locators.keys() and not isinstance(segments(links), str):
            self.locators[name] = self.locators.get(root, []) + links
        else:
            self.note(line, f"skipped {name} = {shown_call(root, links)}: not a step")

    def expression(self, node: ast.expr, line: int) -> None:
        root, links = chain(node) or ("?", [])
        if root == "expect" and len(links) == 2 and links[0].args:
            self.assertion(links[0].args[0], links[1], line)
        elif root in self.locators or (root in self.pages and links):
            self.page_call(self.locators.get(root, []) + links, line)
        elif root not in self.quiet:
            self.note(line, f"skipped {shown_call(root, links)}: not a step tebiki records")

    def page_call(self, links: list[Link], line: int) -> None:
        action = links[-1]
        if len(links) == 1 and action.name == "goto":
            return self.goto(action)
        if len(links) == 1 and action.name in ("close", "bring_to_front"):
            return None
        if len(links) == 1 and action.name in ("once", "on"):
            return self.note(line, "the script answers a dialog here; tebiki does not")
        segs = segments(links[:-1])
        found = segs if isinstance(segs, str) else target_of(segs, action.name)
        if isinstance(found, str) or isinstance(segs, str):
            return self.note(line, f"skipped .{action.name}(): {found}", inline=True)
        if action.name == "press" and text_of(action.first) == ("Enter", None):
            # The button this submit clicks is not the field the locator names: neither the
            # field's questions nor its pattern notes apply to it.
            return self.enter(found, line)
        box = segs[-1].kind == "get_by_role" and segs[-1].arg in ("checkbox", "radio")
        marks = self.ask(segs, found, line)
        return self.act(action, found, key=repr(segs), line=line, box=box, marks=marks)

    def enter(self, found: Found, line: int) -> None:
        """Enter pressed in a field sends its form. A flow presses no keys, so the step clicks
        the form's submit button: the one the script clicks next if it does (settled with the
        effects), else the one the browser would press, found by CSS."""
        field = found.target if found.pattern is None else RecordedTarget()
        step = RecordedStep("click", form_button(field), effect="submit")
        step.sends = found.target.shown_name
        self.enters[id(step)] = line
        self.add(step, f"enter {line}", [])

    def act(
        self,
        action: Link,
        found: Found,
        key: str,
        line: int,
        box: bool,
        marks: Marks,
    ) -> None:
        target, comments = found.target, found.comments
        verb, shown = action.name, target.shown_name
        typed = text_of(action.first)
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
            option = text_of(chosen)
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
        elif verb == "uncheck":
            self.note(line, f"unticked 「{shown}」: flows only tick boxes; left out", inline=True)
        else:
            self.note(
                line, f"skipped .{verb}() on 「{shown}」: not a step tebiki records", inline=True
            )
        return None

    def assertion(self, subject: ast.expr, check: Link, line: int) -> None:
        root, links = chain(subject) or ("", [])
        links = self.locators.get(root, []) + links
        segs = (
            segments(links) if links and root in self.pages | self.locators.keys() else WHY_NOT_PAGE
        )
        text = text_of(check.first)
        found: Found | str
        if check.name in ("to_have_text", "to_contain_text") and text and not isinstance(segs, str):
            # What must show is the text; the locator only says where (a named part of it).
            last = segs[-1] if segs[-1].kind in ("get_by_role", "locator") else None
            where = within_of(segs[:-1] + ([last] if last else []), [])
            target = RecordedTarget(text=text[0], within=where if where != text[0] else None)
            found = Found(target, [], text[1])
        elif check.name == "to_be_visible":
            found = segs if isinstance(segs, str) else target_of(segs, "expect")
        else:
            found = segs if isinstance(segs, str) else "tebiki only checks that a text is shown"
        if isinstance(found, str) or isinstance(segs, str):
            return self.note(line, f"skipped the assertion .{check.name}(): {found}")
        marks = self.ask(segs, found, line)
        return self.add(RecordedStep("expect", found.target), "expect", found.comments, marks)

    def goto(self, action: Link) -> None:
        given = text_of(action.first)
        if given is None or given[0].startswith(("about:", "chrome:")):
            return
        parts = urlsplit(given[0])
        # Normalised, without a user name or password (never written, not even in a comment).
        origin = origin_of(given[0])
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if self.start is None and not self.steps:
            self.start, self.origin = path, origin
        else:
            # Another origin stays a full address (the flow declares it in origins:).
            where = path if origin in (None, self.origin) else given[0]
            self.add(RecordedStep("goto", goto=where), "goto", [])
