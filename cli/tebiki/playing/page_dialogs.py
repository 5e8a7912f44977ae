"""Dialogs the page draws itself (a modal of a component library, a <dialog>), as opposed to
the browser's own confirm(): what one says, and answering one that asks to confirm a
destructive step the person confirmed.

After 退会する a site may ask 「本当に退会しますか?」 in a modal with its own 退会する. A person
who meant to leave presses it; so does a run where that step was confirmed (--confirm, or the
typed confirmation at the prompt), and the words are reported, as for a native confirm(). A
step that was not confirmed is never performed, so its dialog never opens."""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from tebiki.flowfile.targets import Target
from tebiki.page.scripts import page_script

_PAGE_DIALOG_JS = page_script("page_dialog")

# A dialog's way back: never the button that confirms.
_BACK = re.compile(
    r"^(キャンセル|いいえ|戻る|閉じる|やめる|中止|cancel|no|back|close|dismiss|keep)", re.IGNORECASE
)
_MODALS = "dialog[open], [aria-modal=true], [role=alertdialog]"


@dataclass(frozen=True)
class PageDialog:
    title: str
    words: str
    buttons: tuple[str, ...]

    def describe(self) -> str:
        named = f"「{self.title}」" if self.title else f"「{self.words[:60]}」"
        buttons = "、".join(f"「{name}」" for name in self.buttons) or "no buttons"
        return f"a dialog {named} (its buttons: {buttons})"


def page_dialog(page: Page) -> PageDialog | None:
    """The modal dialog the page shows on top, if any."""
    try:
        found = page.evaluate(_PAGE_DIALOG_JS)
    except PlaywrightError:
        return None
    if not found:
        return None
    return PageDialog(found["title"], found["words"], tuple(found["buttons"]))


def confirming_button(dialog: PageDialog, step_name: str) -> str | None:
    """The button that confirms: the one that repeats the step's words (退会する after
    退会する), else the only one that is not a way back; None when a person would have to
    guess."""
    if step_name in dialog.buttons:
        return step_name
    forward = [name for name in dialog.buttons if not _BACK.match(name)]
    return forward[0] if len(forward) == 1 else None


def answers_itself(dialog: PageDialog, upcoming: Target | None) -> bool:
    """Whether the flow's next step presses one of the dialog's buttons: then the flow
    answers it, and tebiki leaves it to that step."""
    return (
        upcoming is not None
        and upcoming.role in ("button", "link", None)
        and any(name in dialog.buttons for name in upcoming.names)
    )


def press_in_dialog(page: Page, name: str, timeout_ms: int) -> None:
    dialog = page.locator(_MODALS).filter(visible=True).last
    dialog.get_by_role("button", name=name, exact=True).or_(
        dialog.get_by_role("link", name=name, exact=True)
    ).first.click(timeout=timeout_ms)
