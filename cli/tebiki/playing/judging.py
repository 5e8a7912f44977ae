"""Reading what a page answered a step with, and saying it as one message: a target several
elements match, a dialog the site opened, a form the browser would not send, the page's
heading (for an HTTP error)."""

from __future__ import annotations

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from tebiki.flowfile.targets import LANDMARKS, Target
from tebiki.page.locate import Found
from tebiki.page.scripts import page_script
from tebiki.playing.page_watch import SeenDialog

_REFUSED_FORM_JS = page_script("refused_form")


def ambiguity(target: Target, found: Found) -> str:
    """Several visible elements match the target in its scope: like Playwright's strict mode,
    nothing is clicked or followed, and the message says where each one sits."""
    places = found.ambiguous
    where = "、".join(f"「{place}」" if place else "(no title)" for place in places)
    message = (
        f"{target.describe()} matches {len(places)} elements on the page, in {where}; "
        "nothing was done"
    )
    titled = [place for place in dict.fromkeys(places) if place]
    if len(titled) == len(places):
        picks = " or ".join(f"within: {_scope(place)}" for place in titled)
        message += f"; say which one with {picks}"
    elif len(set(places)) < len(places):
        message += "; some sit in the same place: name the one meant more exactly"
    else:
        picks = " or ".join(f"within: {_scope(place)}" for place in titled)
        message += f"; say which one with {picks}, or name it more exactly"
    return message


def _scope(place: str) -> str:
    return place if place in LANDMARKS else place


def unexpected_dialog(dialog: SeenDialog, number: int) -> str:
    return (
        f"{dialog.said()}; a person would have to answer it. If they would accept it, add "
        f"`dialog: accept` to step {number} (or `dialog: dismiss`)"
    )


def refused_form(found: Found) -> str:
    """The browser's own validation refused the form (a required field left empty, a
    pattern, a type): which field and what the browser said. Nothing was sent."""
    try:
        refused: list[str] | None = found.element.evaluate(_REFUSED_FORM_JS)
    except PlaywrightError:
        return ""  # the control went away with its page: the form was sent
    if not refused:
        return ""
    label, said = refused
    return f"the browser did not send the form: 「{label}」: {said} (nothing was sent)"


def page_heading(page: Page) -> str:
    """What an error page says it is: its main heading, else its title."""
    try:
        heading = page.locator("h1").first
        if heading.count():
            return " ".join(heading.inner_text(timeout=1000).split())
        return page.title()
    except PlaywrightError:
        return ""
