"""Finding a target the way a person would: by role and name, label or text, in a landmark or a
named section, and saying what the page has instead when it is not there.

A section is what sits under a heading (共通情報 の 基本情報編集), whatever the markup: the
candidate's outline (the chain of headings above it), the label of a labelled ancestor
(aria-label, aria-labelledby, a fieldset's legend), or, where no heading has the name, the
element that shows the name alone. Landmarks are the page's header, footer, main and nav.
"""

from __future__ import annotations

import re
import time
from contextlib import suppress
from dataclasses import dataclass
from dataclasses import replace as dataclass_replace
from typing import Literal
from weakref import WeakKeyDictionary

from playwright.sync_api import ElementHandle, Locator, Page
from playwright.sync_api import Error as PlaywrightError

from tebiki.flowfile.targets import LANDMARKS, Target
from tebiki.page.engine import engine_ready, judged, modal_open
from tebiki.page.scripts import closed_dialog_script, page_script

# Runs over every candidate at once, so one round trip tells which are in scope and visible.
# (An element shut in a closed dialog is not shown, wherever its box is.)
_CANDIDATES_JS = (
    "(els, arg) => { const closedDialog = " + closed_dialog_script() + ";"
    " const modals = (" + page_script("modals") + ")();"
    " return (" + page_script("candidates") + ")(els, arg, closedDialog, modals); }"
)

# Where an element sits, as a person would say it: the title of the box it is in (a labelled
# ancestor, or a heading or short title-like first child of an ancestor, as a card's header
# <div>), else the nearest heading before it, else its landmark.
_PLACES_JS = page_script("places")

# How many of the candidates are neither the given element nor shut in a closed dialog.
_OUTSIDE_CLOSED_JS = (
    "(els, opener) => { const closed = " + closed_dialog_script() + ";"
    " return els.filter(el => el !== opener && closed(el) === null).length; }"
)

_POLL_SECONDS = 0.02


@dataclass(frozen=True)
class Found:
    """A resolved target: the element, whether a person can see it, and how it was matched."""

    locator: Locator
    visible: bool
    name: str
    loosely: bool = False
    scope_missing: bool = False
    # Where each visible match sits, when more than one in scope matches: the flow must say
    # which (a person would ask "which one?"); nothing is clicked or followed.
    ambiguous: tuple[str, ...] = ()
    # The element itself, once resolved: a dry run checks, measures and marks it several
    # times, and each use of the locator would look it up again.
    handle: ElementHandle | None = None

    @property
    def element(self) -> Locator | ElementHandle:
        return self.handle or self.locator


# What a person sees as a link or a button, whatever role the markup gives it: a menu item
# that navigates (and its radio and checkbox kinds), a tab; a <summary> that opens a
# disclosure. role=link and role=button on any element, <area>, input buttons and image
# buttons (by their alt text) are links and buttons to Playwright's role engine already.
ROLE_FAMILIES: dict[str, tuple[str, ...]] = {
    "link": ("link", "menuitem", "menuitemradio", "menuitemcheckbox", "tab"),
    "button": ("button", "menuitem", "menuitemradio", "menuitemcheckbox", "tab"),
    "menuitem": ("menuitem", "menuitemradio", "menuitemcheckbox"),
}
_UNROLED = ("link", "button", "menuitem", "menuitemradio", "menuitemcheckbox", "tab")


def _by_roles(page: Page, roles: tuple[str, ...], name: str, exact: bool) -> Locator:
    # Hidden ones too: a link in a closed menu is still there to be followed by its address.
    found: Locator | None = None
    for role in roles:
        one = page.get_by_role(role, name=name, exact=exact, include_hidden=True)  # type: ignore[arg-type]
        found = one if found is None else found.or_(one)
    assert found is not None
    return found


# The entries of an open menu or listbox as component libraries mark them: a list item or an
# option a person clicks (Quasar's q-item is role=listitem), whose words are its name.
_MENU_ENTRIES = (
    "[role=menu] [role=listitem], [role=menu] [role=option], [role=listbox] [role=option]"
)
_CLICKABLE = "a[href], button, [role=menuitem], [role=link], [role=button]"


def _menu_entries(page: Page, name: str, exact: bool) -> Locator:
    """Only an entry that is itself what a person clicks: one that holds a link or a button
    is not also taken for it (that would make every ordinary menu item two matches)."""
    words = rf"^\s*{re.escape(name)}\s*$" if exact else re.escape(name)
    return (
        page.locator(_MENU_ENTRIES)
        .filter(has_text=re.compile(words))
        .filter(has_not=page.locator(_CLICKABLE))
    )


def _summaries(page: Page, name: str, exact: bool) -> Locator:
    """<summary> elements by their text: a disclosure's toggle, which a person clicks."""
    text = page.get_by_text(name, exact=exact)
    return page.locator("summary").filter(has=text).or_(page.locator("summary").and_(text))


# What a label names when it names a field: form controls, and what ARIA or an editor makes
# one (a rich-text editor is a contenteditable element, or a textbox by role).
_FIELDS = (
    "input, textarea, select, [contenteditable]:not([contenteditable=false]), [role=textbox], "
    "[role=searchbox], [role=combobox], [role=listbox], [role=checkbox], [role=radio], "
    "[role=switch], [role=spinbutton], [role=slider]"
)
# A field as assistive technology names it: by its role and accessible name. That is how a
# box a library draws (Quasar's <div role=checkbox> named by the words it holds), a <select>
# inside its <label> (whose label text takes in the options' words) and a field named only by
# aria-label or its placeholder are found by their label.
_FIELD_ROLES: tuple[
    Literal["checkbox", "radio", "switch", "textbox", "searchbox", "combobox", "listbox"], ...
] = ("checkbox", "radio", "switch", "textbox", "searchbox", "combobox", "listbox")
_MARK = r"(?:\*|＊|※|必須|\(必須\)|（必須）|\(required\)|required)"


def _label_as_written(name: str) -> re.Pattern[str]:
    """The label, whole, with what frameworks write around it and a flow leaves out: a colon
    after it, a required mark before or after it. A flow that writes them matches as well."""
    core = re.escape(name.strip())
    return re.compile(rf"^\s*(?:{_MARK}\s*)?{core}\s*(?:[:：]\s*)?(?:{_MARK}\s*)?(?:[:：]\s*)?$")


def _candidates(page: Page, target: Target, name: str, exact: bool) -> Locator:
    if target.css:
        return page.locator(target.css)
    if target.label:
        # A field, never the section or group its label also names, by its label as the page
        # writes it: with a colon after it (Django's 「メールアドレス:」) or a required mark
        # (「Eメール*」, 「※氏名」, 「氏名 必須」) that the flow's label leaves out.
        written = _label_as_written(name)
        labelled = page.get_by_label(written).and_(page.locator(_FIELDS))
        for role in _FIELD_ROLES:
            labelled = labelled.or_(page.get_by_role(role, name=written))
        return labelled
    if target.text:
        # The words exactly first (a heading 「Saved」), then as part of a longer text
        # (「退会が完了しました。」 in a sentence).
        return page.get_by_text(name, exact=exact)
    if target.role:
        found = _by_roles(page, ROLE_FAMILIES.get(target.role, (target.role,)), name, exact)
        if target.role in ("link", "button"):
            found = found.or_(_menu_entries(page, name, exact))
        return found.or_(_summaries(page, name, exact)) if target.role == "button" else found
    return _by_roles(page, _UNROLED, name, exact).or_(_summaries(page, name, exact))


def mask_locator(page: Page, target: Target) -> Locator:
    """Everything that matches a target to hide in screenshots, wherever it is."""
    locator = _candidates(page, target, target.wanted, exact=True)
    for name in target.also:
        locator = locator.or_(_candidates(page, target, name, exact=True))
    return locator


@dataclass(frozen=True)
class Pick:
    """Which of a locator's candidates to take: the first in scope, visible ones first."""

    locator: Locator | None  # the one taken; None: no candidate is in scope
    visible: bool
    in_scope: int  # how many candidates are in scope
    shown: tuple[int, ...] = ()  # the visible ones in scope


# The control each page's last reveal step opened: a popup that names no control of its own
# (a menu a library draws at the end of <body>, with no aria-controls or aria-labelledby)
# counts as being where this control is. Weak, so a closed page takes its entry with it.
_OPENERS: WeakKeyDictionary[Page, ElementHandle] = WeakKeyDictionary()


def forget_opener(page: Page) -> None:
    """The step after a reveal's is past: popups that name no control are no longer taken
    for the one it opened."""
    _OPENERS.pop(page, None)


def remember_opener(found: Found) -> Found:
    """Remember the control a reveal step opens with; the found target, its element resolved."""
    page = found.locator.page
    try:
        handle = found.handle or found.locator.element_handle(timeout=1000)
    except PlaywrightError:
        _OPENERS.pop(page, None)
        return found
    _OPENERS[page] = handle
    return dataclass_replace(found, handle=handle)


def pick(candidates: Locator, within: str | None, quick: bool = False) -> Pick:
    """``quick``: where the page allows, asked where Playwright's actions look (engine.py),
    which spares the page a second set-up of Playwright's own; the whole look, in one round
    trip, where that cannot tell (more than one shown, a modal dialog open, a popup that names
    no control)."""
    opener = _OPENERS.get(candidates.page) if within else None
    if quick and opener is None:
        taken = _quick_pick(candidates, within)
        if taken is not None:
            return taken
    try:
        flags: list[list[bool]] = candidates.evaluate_all(_CANDIDATES_JS, [within, opener])
    except PlaywrightError:
        if opener is None:
            raise
        # The opener belonged to a document since left: its menu went with it.
        _OPENERS.pop(candidates.page, None)
        flags = candidates.evaluate_all(_CANDIDATES_JS, [within, None])
    in_scope = [index for index, (scoped, _) in enumerate(flags) if scoped]
    shown = tuple(index for index in in_scope if flags[index][1])
    if shown:
        return Pick(candidates.nth(shown[0]), True, len(in_scope), shown)
    return Pick(candidates.nth(in_scope[0]) if in_scope else None, False, len(in_scope))


def _quick_pick(candidates: Locator, within: str | None) -> Pick | None:
    page = candidates.page
    if not engine_ready(page) or modal_open(page):
        return None
    shown = judged(candidates, within, "shown")
    count = shown.count()
    if count == 1:
        return Pick(shown.first, True, 1)  # one shown: no index into the candidates needed
    if count > 1:
        return None  # which of them: the whole look says where each sits
    scoped = judged(candidates, within, "scope")
    count = scoped.count()
    return Pick(scoped.first if count else None, False, count)


def _same_destination(candidates: Locator, indexes: tuple[int, ...]) -> bool:
    """Links that all lead to the same address are one choice, however often a page repeats
    them (a client's name in every row of its contracts): a person may take any."""
    hrefs: list[str] = candidates.evaluate_all(
        "els => els.map(el => (el.closest('a[href]') || {}).href || '')"
    )
    chosen = {hrefs[index] for index in indexes if index < len(hrefs)}
    return len(chosen) == 1 and "" not in chosen


def places(candidates: Locator, indexes: tuple[int, ...]) -> tuple[str, ...]:
    """Where each of these candidates sits, as a person would say it: its section's title, or
    the landmark it is in ("the header")."""
    found: list[str] = candidates.evaluate_all(_PLACES_JS)
    return tuple(found[index] for index in indexes if index < len(found))


def section_shown(page: Page, within: str) -> bool:
    """Whether the page shows the section's name at all, as a heading or as any text."""
    heading = page.get_by_role("heading", name=within, exact=True)
    region = page.get_by_role("region", name=within, exact=True)
    text = page.get_by_text(within, exact=True)
    return heading.or_(region).or_(text).count() > 0


def _try_once(
    page: Page, target: Target, loose_ok: bool, text_fallback: bool = True
) -> Found | None:
    """Exact names first (visible before hidden); a loose match only when no exact one exists,
    so 「プロフィール編集のヘルプ」 never stands in for a hidden 「プロフィール編集」."""
    loose = loose_ok and not target.label
    for exact in (True, False) if loose else (True,):
        hidden: Found | None = None
        for name in target.names:
            candidates = _candidates(page, target, name, exact)
            chosen = pick(candidates, target.within, quick=True)
            if chosen.locator is not None:
                # Text is looked for inside longer text by design; only a name is "loose".
                loosely = not exact and not target.text
                found = Found(chosen.locator, chosen.visible, name, loosely)
                if (
                    chosen.visible
                    and len(chosen.shown) > 1
                    and exact
                    and not _same_destination(candidates, chosen.shown)
                ):
                    where = places(candidates, chosen.shown)
                    return dataclass_replace(found, ambiguous=where)
                if chosen.visible:
                    return found
                hidden = hidden or found
        if hidden is not None:
            return hidden
    if text_fallback and not target.role and target.name:
        # A name with no role given that no link or button carries: the same words as plain
        # text (a display name in a <span> whose menu opens on hover), matched exactly.
        for name in target.names:
            candidates = page.get_by_text(name, exact=True)
            chosen = pick(candidates, target.within)
            if chosen.locator is not None:
                return Found(chosen.locator, chosen.visible, name)
    return None


def _try_unscoped(page: Page, target: Target) -> Found | None:
    """A section whose name the page does not show at all: the only match anywhere will do."""
    if not target.within or target.within in LANDMARKS or section_shown(page, target.within):
        return None
    for name in target.names:
        candidates = _candidates(page, target, name, True)
        chosen = pick(candidates, None)
        if chosen.locator is not None and chosen.in_scope == 1:
            return Found(chosen.locator, chosen.visible, name, scope_missing=True)
    return None


def exists_outside_closed_dialogs(page: Page, target: Target, other_than: Found | None) -> bool:
    """Whether the target is on the page, shown or hidden, other than ``other_than`` (the
    control that opens it: 退会する that opens a dialog with its own 退会する) and other than
    in a dialog the page keeps closed."""
    opener = None
    if other_than is not None:
        with suppress(PlaywrightError):
            opener = other_than.handle or other_than.locator.element_handle(timeout=1000)
    try:
        return _outside_closed(page, target, opener)
    except PlaywrightError:
        pass  # the opener's document is gone: look without it
    try:
        return _outside_closed(page, target, None)
    except PlaywrightError:
        return True  # cannot tell: no click is made on a doubt


def _outside_closed(page: Page, target: Target, opener: ElementHandle | None) -> bool:
    for name in target.names:
        looked = [_candidates(page, target, name, exact) for exact in (True, False)]
        if not target.role and target.name:
            looked.append(page.get_by_text(name, exact=True))  # as _try_once looks last
        for candidates in looked[:1] if target.label else looked:
            if candidates.evaluate_all(_OUTSIDE_CLOSED_JS, opener):
                return True
    return False


def _exact_now(page: Page, target: Target) -> Found | None:
    try:
        # The same kinds of element only: plain text with the very words does not beat a
        # link whose name holds them (「設定」 the heading, 「アカウント設定」 the link).
        return _try_once(page, target, loose_ok=False, text_fallback=False)
    except PlaywrightError:
        return None


def find(page: Page, target: Target, timeout_ms: int, accept_hidden: bool = False) -> Found | None:
    """Poll until the target is visible or the time is up; a hidden match is returned last
    (at once with ``accept_hidden``, when it is known to stay hidden)."""
    deadline = time.monotonic() + timeout_ms / 1000
    best: Found | None = None
    while True:
        try:
            found = _try_once(page, target, loose_ok=True) or _try_unscoped(page, target)
        except PlaywrightError as error:
            # The page navigated while it was being read; read the new one.
            if "context was destroyed" not in str(error) and "navigat" not in str(error):
                raise
            found = None
        if found is not None and found.loosely:
            # The exact pass may have read the page before a navigation, the loose one after:
            # a loose match stands only while no exact one exists on the same page.
            found = _exact_now(page, target) or found
        if found is not None and (found.visible or accept_hidden):
            return found
        best = found or best
        if time.monotonic() >= deadline:
            return best
        pause(page, _POLL_SECONDS)


def pause(page: Page, seconds: float) -> None:
    """Wait between two looks at the page, in Playwright rather than in time.sleep: while
    Python sleeps, nothing answers the routes the guards set, and every request the page makes
    meanwhile (a framework's dozens of scripts) waits for the sleep to end."""
    try:
        page.wait_for_timeout(seconds * 1000)
    except PlaywrightError:
        time.sleep(seconds)  # the page closed or went away: only time is left to wait


def elsewhere(page: Page, target: Target) -> tuple[str, ...]:
    """Where the target's visible matches sit when none is in its scope: the sections (or
    landmarks) that do have it."""
    unscoped = target.model_copy(update={"within": None})
    try:
        candidates = _candidates(page, unscoped, target.wanted, True)
        chosen = pick(candidates, None)
        return places(candidates, chosen.shown) if chosen.shown else ()
    except PlaywrightError:
        return ()
