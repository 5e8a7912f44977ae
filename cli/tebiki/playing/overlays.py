"""Overlays a person dismisses (a cookie-consent dialog, an app banner, a campaign modal), as
a flow or a site file declares them by what a person sees: the overlay's name and the button
that dismisses it.

In a run each is dismissed as a person would, whenever it appears, before any action
(Playwright's locator handlers). In a dry run and in tutorial shots each is hidden, with its
backdrop, by a style the page's own scripts never see as an event; tutorial images never
show them. The guide leaves them to the person.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from playwright.sync_api import Locator, Page

from tebiki.flowfile.model import Overlay
from tebiki.page.scripts import page_script

_HIDE_JS = page_script("hide_overlays")


def _overlay(page: Page, overlay: Overlay) -> Locator:
    name = overlay.name
    return (
        page.get_by_role("dialog", name=name, exact=True)
        .or_(page.get_by_role("alertdialog", name=name, exact=True))
        .or_(page.get_by_role("region", name=name, exact=True))
        .or_(page.get_by_role("complementary", name=name, exact=True))
    )


def dismiss_overlays(
    page: Page, overlays: list[Overlay], on_dismiss: Callable[[Overlay], None]
) -> None:
    """Before each action Playwright takes, a declared overlay that shows is dismissed by its
    button, as a person would."""
    for overlay in overlays:

        def dismiss(found: Locator, overlay: Overlay = overlay) -> None:
            found.get_by_role("button", name=overlay.dismiss, exact=True).first.click()
            on_dismiss(overlay)

        page.add_locator_handler(_overlay(page, overlay).first, dismiss)


def hide_overlays(page: Page, overlays: list[Overlay]) -> None:
    """Every page of the walk hides the declared overlays as they appear, with no event."""
    if not overlays:
        return
    names = json.dumps([overlay.name for overlay in overlays], ensure_ascii=False)
    page.context.add_init_script(f"({_HIDE_JS})({names})")
