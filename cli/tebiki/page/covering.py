"""What covers a target a person wants to use: a consent dialog, a banner, a layer over the
whole window. Said by what a person sees, with what to declare so tebiki deals with it."""

from __future__ import annotations

import json
from dataclasses import dataclass

from playwright.sync_api import ElementHandle, Locator
from playwright.sync_api import Error as PlaywrightError

from tebiki.page.scripts import closed_dialog_script, page_script

_COVERING_JS = "el => (" + page_script("covering") + ")(el, " + page_script("dialog_name") + ")"
# A target in a dialog the page has closed is not covered by what lies over it: it is shut in.
CLOSED_DIALOG_JS = closed_dialog_script()
COVER_MARK = "[data-tebiki-cover]"  # the covering element, marked for the failure screenshot


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


@dataclass(frozen=True)
class Cover:
    role: str  # dialog, alertdialog, or layer (a backdrop or banner with no role)
    name: str
    words: str  # its first words
    buttons: tuple[str, ...]

    def describe(self) -> str:
        what = f"{self.role} 「{self.name}」" if self.name else f"a {self.role} over the page"
        if self.words and self.words != self.name:
            what += f" (「{self.words}」)"
        return what

    def advice(self) -> str:
        name = self.name or "ITS NAME"
        dismiss = self.buttons[0] if self.buttons else "ITS BUTTON"
        # Quoted as JSON strings, which YAML reads as they are: a name with a colon, a
        # question mark or a bracket still makes a line that validates.
        entry = f"{{name: {_quoted(name)}, dismiss: {_quoted(dismiss)}}}"
        advice = (
            "if a person would dismiss it, declare it in the flow so tebiki does too: "
            f"overlays: [{entry}]"
        )
        if self.buttons:
            advice += f" (its buttons: {'、'.join(self.buttons)})"
        return advice


def closed_dialog(element: Locator | ElementHandle) -> str | None:
    """The name of the closed dialog the element is in ('' when unnamed), or None."""
    try:
        name: str | None = element.evaluate(CLOSED_DIALOG_JS)
    except PlaywrightError:
        return None
    return name


def what_covers(element: Locator | ElementHandle) -> Cover | None:
    try:
        found: dict[str, object] | None = element.evaluate(_COVERING_JS)
    except PlaywrightError:
        return None
    if not found:
        return None
    buttons = found.get("buttons")
    return Cover(
        str(found["role"]),
        str(found["name"]),
        str(found["words"]),
        tuple(str(b) for b in buttons) if isinstance(buttons, list) else (),
    )
