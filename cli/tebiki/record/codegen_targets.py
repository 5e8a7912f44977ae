"""A codegen locator as a person sees it: a role and name, a label, a text, and where it sits
(a parent landmark or named region becomes ``within``); what to ask where codegen picked one
of several by position, and what to say where it matched a name by a regular expression."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from tebiki.flowfile.targets import LANDMARK_ROLES, LANDMARKS
from tebiki.record.codegen_script import Seg
from tebiki.record.recording import Action, RecordedTarget

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
# The within: of a step whose target codegen picked by position: an undeclared variable, which
# the loader refuses (file:line) until the person writes which one they mean in its place.
WHICH_ONE = "{which_one}"
VIA = {
    "get_by_placeholder": "placeholder",
    "get_by_title": "title (tooltip)",
    "get_by_alt_text": "image's alt text",
}
# The buttons a browser clicks for a person who presses Enter in a form's field (the form's
# default button is the first of them), as one CSS list.
SUBMIT_BUTTONS = (
    ":is(button:not([type]), button[type=submit], input[type=submit], input[type=image])"
)


@dataclass(eq=False)
class Asked(RecordedTarget):
    """A target codegen picked by position: written with ``within: "{which_one}"``, which the
    loader refuses until the person says which one they mean. Its caption leaves it out."""

    def as_flow(self, action: Action) -> str | dict[str, str]:
        plain = RecordedTarget(self.role, self.name, self.label, self.text, WHICH_ONE, self.css)
        written = plain.as_flow(action)
        assert isinstance(written, dict)  # with a within:, never a short form
        return {**written, "within": WHICH_ONE}


@dataclass
class Found:
    """A target as a person sees it, what to say about it, and the pattern its name came from."""

    target: RecordedTarget
    comments: list[str]
    pattern: ast.expr | None = None  # the re.compile(...) call, when the name was a pattern


def _scope(seg: Seg) -> str | None:
    if seg.kind == "get_by_role":
        return ROLE_LANDMARKS.get(seg.arg) or seg.name
    if seg.kind in ("get_by_label", "get_by_text", "get_by_title"):
        return seg.arg
    tag = seg.arg.strip().lower()
    return tag if seg.kind == "locator" and tag in LANDMARK_TAGS else None


def within_of(segs: list[Seg], comments: list[str]) -> str | None:
    """The innermost parent that names a place (the header, a section called 共通情報)."""
    scopes = [_scope(parent) for parent in segs]
    if None in scopes:
        comments.append(
            "the script narrowed the search by CSS or an unnamed part, which "
            "tebiki leaves out: add within: if the name alone is ambiguous"
        )
    return next((scope for scope in reversed(scopes) if scope), None)


def target_of(segs: list[Seg], action: str) -> Found | str:
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
    within = within_of(segs[:-1], comments)
    if not target.css:
        target.within = within
    return Found(target, comments, pattern)


def _css_string(text: str) -> str:
    """A CSS string literal of ``text``."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def form_button(field: RecordedTarget) -> RecordedTarget:
    """The submit button of the form that holds ``field``, found as the browser finds the
    button Enter presses (the form's first submit button), since the script names no button:
    CSS, scoped to the form by the field's label as a person sees it."""
    if field.css and ">>" not in field.css:
        form = f"form:has({field.css})"
    elif field.css or not field.shown_name:
        form = "form"
    else:
        shown = _css_string(field.shown_name)
        # Playwright's :text-is() matches a <label>'s own words; the attributes cover fields
        # named by aria-label or only by their placeholder.
        form = f"form:has(label:text-is({shown}), [aria-label={shown} i], [placeholder={shown} i])"
    return RecordedTarget(css=f"{form} {SUBMIT_BUTTONS}")


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


def _several(seg: Seg) -> tuple[str, str]:
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


def questions_for(segs: list[Seg], target: RecordedTarget) -> list[str]:
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


def pattern_note(shown: str, target: RecordedTarget) -> str:
    """What to check where codegen matched a regular expression and the flow, whose targets
    have no patterns, matches the name itself."""
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
        f"the codegen script used a regular expression, {shown}, and the flow matches {how} "
        f"「{target.shown_name}」 instead: the name may need adjusting to what the page shows"
    )
