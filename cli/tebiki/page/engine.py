"""Judging candidates where Playwright acts: a selector engine of tebiki's own, run in the
page's isolated world (the world Playwright's own actions use), so that looking at a target
before clicking it does not make Playwright set itself up a second time in the page's main
world on every new page (about 35 ms a page).

``candidates >> tebiki-judge=…`` keeps the candidates that are in the target's scope (and
shown, when asked), judged by candidates.js exactly as the one-round-trip look does. Whatever
needs all candidates at once (which of several, a modal dialog's matches beating those behind
it, a popup placed by the control that opened it) is left to that look.
"""

from __future__ import annotations

import json
import threading
from typing import Any, Literal
from urllib.parse import quote

from playwright.sync_api import Locator, Page

from tebiki.browser import playwright_of
from tebiki.page.scripts import closed_dialog_script, page_script

ENGINE = "tebiki-judge"

# queryAll(root, body): root is each candidate in turn (``candidates >> tebiki-judge=…``), or
# the document for the page's modal dialogs. The body is URL-encoded JSON, so no section name
# can end the selector early.
_ENGINE_JS = (
    "({ queryAll(root, body) {"
    " const [within, want] = JSON.parse(decodeURIComponent(body));"
    " if (want === 'modals') return (" + page_script("modals") + ")();"
    # Asked only once no modal dialog is open (modal_open): none to weigh the candidates by.
    " const modals = [];"
    " const closedDialog = " + closed_dialog_script() + ";"
    " const [[scoped, shown]] = (" + page_script("candidates") + ")("
    "   [root], [within, null], closedDialog, modals);"
    " return (want === 'scope' ? scoped : scoped && shown) ? [root] : [];"
    " } })"
)

_lock = threading.Lock()
_ready: list[Any] = []  # the Playwright instances the engine is registered with


def judged(candidates: Locator, within: str | None, want: Literal["scope", "shown"]) -> Locator:
    """The candidates in scope (``scope``), or in scope and shown (``shown``)."""
    return candidates.locator(f"{ENGINE}={_body(within, want)}")


def modal_open(page: Page) -> bool:
    return page.locator(f"{ENGINE}={_body(None, 'modals')}").count() > 0


def _body(within: str | None, want: str) -> str:
    return quote(json.dumps([within, want], ensure_ascii=False), safe="")


def engine_ready(page: Page) -> bool:
    """Register the engine with the Playwright that made the page, once; False where that
    cannot be done (a context with no browser object, an API that moved): the caller then
    looks the one-round-trip way."""
    try:
        browser = page.context.browser
        if browser is None:
            return False
        # The Playwright that made the browser: selector engines are registered there, and
        # reach every context of it, this page's included.
        playwright = playwright_of(browser)
        with _lock:
            if any(known is playwright for known in _ready):
                return True
            from playwright._impl._sync_base import mapping

            selectors = mapping.from_impl(playwright.selectors)
            try:
                selectors.register(ENGINE, _ENGINE_JS, content_script=True)
            except Exception as error:  # noqa: BLE001 - registered by another thread's look
                if "already registered" not in str(error):
                    return False
            _ready.append(playwright)
            return True
    except Exception:  # noqa: BLE001 - any surprise: the slower look is always right
        return False
