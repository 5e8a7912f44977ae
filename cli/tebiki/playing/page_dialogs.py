"""Dialogs the page draws itself (a modal of a component library, a <dialog>), as opposed to
the browser's own confirm(): what one says, and answering one that asks to confirm a
destructive step the person confirmed.

After 退会する a site may ask 「本当に退会しますか?」 in a modal with its own 退会する. A person
who meant to leave presses it; so does a run where that step was confirmed (--confirm, or the
typed confirmation at the prompt), and the words are reported, as for a native confirm(). A
step that was not confirmed is never performed, so its dialog never opens. Only a dialog that
opened after the click and asks is answered, and only with the button that repeats the step's
words or the one plain yes among its buttons: anything else (a survey, an offer to stay, a
notice that it is done) is left to the flow."""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import ElementHandle, Page
from playwright.sync_api import Error as PlaywrightError

from tebiki.page.scripts import page_script

_MODALS_JS = page_script("modals")
# The modal on top, when it is not one of those given (open before the click), else null.
_NEW_MODAL_JS = (
    "(before) => { const modals = (" + _MODALS_JS + ")(); const top = modals[modals.length - 1];"
    " return top && !before.includes(top) ? top : null; }"
)
_SAYS_JS = (
    "(dialog) => (" + page_script("page_dialog") + ")(dialog, " + page_script("dialog_name") + ")"
)
_PRESSABLE = "button, [role=button], input[type=submit], input[type=button], a[href]"

# Words that ask to confirm; and a button that says plain yes.
_ASKS = re.compile(r"ますか|ですか|本当に|よろしい|確認|are you sure|confirm|really|\?|？", re.I)
_YES = re.compile(r"(はい|ok|確認|実行|続ける|yes|confirm|continue|proceed)[。.!！]?", re.I)


@dataclass(frozen=True)
class PageDialog:
    title: str
    words: str
    buttons: tuple[tuple[int, str], ...]  # (place among the dialog's pressables, name)
    handle: ElementHandle

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for _, name in self.buttons)

    def said(self) -> str:
        return self.words or self.title

    def describe(self) -> str:
        named = f"「{self.title}」" if self.title else f"「{self.words[:60]}」"
        buttons = "、".join(f"「{name}」" for name in self.names) or "no buttons"
        return f"a dialog {named} (its buttons: {buttons})"


def modals(page: Page) -> list[ElementHandle]:
    """The modal dialogs open now: what a click's own dialog is told apart from."""
    try:
        listed = page.evaluate_handle(_MODALS_JS)
        found = [each.as_element() for each in listed.get_properties().values()]
    except PlaywrightError:
        return []
    return [element for element in found if element is not None]


def new_dialog(page: Page, before: list[ElementHandle]) -> PageDialog | None:
    """The modal on top, if it is not one of ``before``."""
    try:
        try:
            top = page.evaluate_handle(_NEW_MODAL_JS, before).as_element()
        except PlaywrightError:  # the page the handles were of is gone: all is new
            top = page.evaluate_handle(_NEW_MODAL_JS, []).as_element()
        return None if top is None else _read(top)
    except PlaywrightError:
        return None


def page_dialog(page: Page) -> PageDialog | None:
    """The modal dialog the page shows on top, if any."""
    return new_dialog(page, [])


def _read(dialog: ElementHandle) -> PageDialog:
    says = dialog.evaluate(_SAYS_JS)
    buttons = tuple((int(each["index"]), str(each["name"])) for each in says["buttons"])
    return PageDialog(str(says["title"]), str(says["words"]), buttons, dialog)


def asks(dialog: PageDialog, step_name: str) -> bool:
    """Whether the dialog asks about the step: its words ask, or a button repeats the step's."""
    repeats = any(step_name and step_name in name for name in dialog.names)
    return repeats or bool(_ASKS.search(dialog.said()))


def confirming_button(dialog: PageDialog, step_name: str) -> int | None:
    """Which button confirms, when the dialog asks: the one that repeats the step's words
    (退会する after 退会する, or 「はい、退会する」), else its one plain yes; None when a person
    would have to think."""
    for place, name in dialog.buttons:
        if step_name and step_name in name:
            return place
    yes = [place for place, name in dialog.buttons if _YES.fullmatch(name)]
    return yes[0] if len(yes) == 1 else None


def holds(dialog: PageDialog, element: ElementHandle) -> bool:
    try:
        return bool(dialog.handle.evaluate("(d, el) => d.contains(el)", element))
    except PlaywrightError:
        return False


def press(dialog: PageDialog, place: int, timeout_ms: int) -> str:
    """Press the button at ``place`` in this very dialog; its name."""
    dialog.handle.query_selector_all(_PRESSABLE)[place].click(timeout=timeout_ms)
    return dict(dialog.buttons)[place]
