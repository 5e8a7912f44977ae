"""What a page shows instead of a missing target, and what the site says back: the words of a
failed step's message (the labels most like the one wanted, what carries its very name, the
sections the page does have) and of a refusal (its alerts, the errors beside a form's
fields)."""

from __future__ import annotations

import difflib

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from tebiki.flowfile.targets import Target
from tebiki.page.locate import ROLE_FAMILIES
from tebiki.page.scripts import page_script

# Everything a person could name on the page: what a "did you mean" list is made of.
_PAGE_NAMES_JS = page_script("page_names")

# The page's sections as a person sees them: headings, labelled regions and groups, and the
# title-like first lines of boxes that hold links or fields (a card's header).
_SECTIONS_JS = page_script("sections")

# The words of each alert that refuses; success notices in an alert left out.
_REFUSALS_JS = page_script("refusals")
# What a form sent back says beside its fields: error lists, aria-invalid descriptions.
_FORM_ERRORS_JS = page_script("form_errors")
# Both in one round trip, the alerts found with the DOM alone (alerts.js).
_SAID_JS = f"() => [({_REFUSALS_JS})(({page_script('alerts')})()), ({_FORM_ERRORS_JS})()]"

_NAMESAKES_JS = page_script("namesakes")

_KINDS = {"link": "a link", "button": "a button", "menuitem": "a menu item", "tab": "a tab"}


def namesakes(page: Page, target: Target) -> list[str]:
    """What the elements carrying the target's exact name are, when none of them is the target
    as the flow describes it: said instead of offering the very name as "closest"."""
    try:
        found: list[dict[str, object]] = page.evaluate(_NAMESAKES_JS, target.wanted)
    except PlaywrightError:
        return []
    said = []
    for element in found:
        kind = str(element["kind"])
        what = _KINDS.get(kind, f"a {kind}")
        if target.role and kind != target.role and kind not in _family(target.role):
            what += f", not a {target.role}"
        if element["menu"]:
            menu = str(element["menu"])
            what += " in a closed menu" + (f" (opened by 「{menu}」)" if menu != "?" else "")
        elif not element["shown"]:
            what += ", hidden"
        if element["covered"]:
            what += ", covered by something over the page"
        said.append(what)
    return said


def _family(role: str) -> tuple[str, ...]:
    return ROLE_FAMILIES.get(role, (role,))


def page_sections(page: Page) -> list[str]:
    """The section titles the page shows, for a message about a scope it does not have."""
    try:
        found: list[str] = page.evaluate(_SECTIONS_JS)
    except PlaywrightError:
        return []
    return found


def closest_names(page: Page, wanted: str, limit: int = 3) -> list[str]:
    """The labels on the page most like the one wanted, for the error message."""
    try:
        names: list[str] = page.evaluate(_PAGE_NAMES_JS)
    except PlaywrightError:
        return []
    return difflib.get_close_matches(wanted, names, n=limit, cutoff=0.5)


def alert_texts(page: Page) -> list[str]:
    """What the site says when it refuses: its alerts, and the errors a form sent back shows
    beside its fields. A success notice in an alert (「保存しました」) is left out: it is the
    site agreeing."""
    try:
        said: list[list[str]] = page.evaluate(_SAID_JS)
    except PlaywrightError:
        return []
    texts, beside_fields = said
    return texts + [text for text in beside_fields if text not in texts]
