"""The dry run (and tutorial shots): every target found, checked as Playwright's actionability
checks do without giving the page an event, and highlighted; links followed by their address;
a menu whose entries exist only once it opens is opened by the one click a dry run makes, where
the flow says `effect: reveal`. What the page sends because of any of it is blocked by the
send guard (send_guard.py), which the loop arms before the policy acts.
"""

from __future__ import annotations

import time
from dataclasses import replace as dataclass_replace
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from tebiki.drawing.ghosts import Entered, Ghost
from tebiki.flowfile.steps import (
    CheckStep,
    ClickStep,
    ExpectStep,
    FillStep,
    SelectStep,
    StepBase,
)
from tebiki.flowfile.targets import Target
from tebiki.page.links import followable_address, in_menu_of
from tebiki.page.locate import Found, exists_outside_closed_dialogs, find, pause
from tebiki.page.scripts import page_script
from tebiki.playing.outcome import Outcome
from tebiki.playing.policies import LOOKAHEAD_MS, Playing
from tebiki.playing.policy import Done, Loop
from tebiki.playing.send_guard import Send

# Whether the page marks an element as a toggle that opens something (a menu button, a
# disclosure): aria-expanded, aria-haspopup, aria-controls, or a <summary>; not a form's
# submit control.
_TOGGLE_JS = page_script("toggle")

# The words of the confirm dialog a click would raise, where the page says it in its markup
# (Rails' data-confirm, Turbo's data-turbo-confirm, on the control or its form).
_CONFIRM_JS = page_script("confirm_words")

# Actionability in the page, with no event: "" when usable, else why not.
_STILL_USABLE_JS = page_script("still_usable")


def asked_its_server(blocked: list[Send], page_url: str) -> bool:
    """Whether what was blocked was the page asking its own server (a websocket message, a
    request to its host), not a beacon or an analytics call elsewhere."""
    host = urlsplit(page_url).netloc
    return any(
        send.kind in ("websocket", "request") and urlsplit(send.url).netloc == host
        for send in blocked
    )


class DryRunPolicy(Playing):
    """Nothing reaches the site: each target is checked and highlighted, links followed by
    their address."""

    acts = False
    scroll = False
    overlays = "hide"
    guards_sends = True

    def bind(self, player: Loop) -> None:
        super().bind(player)
        self._revealer: Found | None = None  # the last reveal step's target
        # Set when a menu did not open without a click: its links will stay hidden.
        self._menu_closed = False
        self._after_closed_menu = False
        self._skipped_submit = False
        self._unreachable = ""  # why the steps from here on cannot be checked
        # What the input steps on this page would have entered, drawn in every later image of
        # the page, as the form would look by then. A new document is the form as the server
        # sends it: the values go (same-document navigations keep them, as the fields do).
        self._entered: list[Entered] = []
        self.page.on("domcontentloaded", self._new_document)

    def _new_document(self, page: Page) -> None:
        self._entered.clear()

    def draws(self) -> bool:
        return True

    def entered(self) -> tuple[Entered, ...]:
        return tuple(self._entered)

    def unchecked(self, step: StepBase) -> str:
        if self._unreachable:
            return self._unreachable
        if self._skipped_submit and isinstance(step, ExpectStep):
            return "it follows a submit that the dry run did not send"
        return ""

    def opened(self, number: int, step: StepBase, url: str) -> None:
        self._unreachable = ""  # a goto step: a page the dry run is on again

    def begin(self, number: int, step: StepBase) -> None:
        # Whether the menu the step before opened stayed closed: the same for every look at
        # this step's target, and for no later step's.
        self._after_closed_menu, self._menu_closed = self._menu_closed, False

    def look(self, target: Target, timeout_ms: int) -> Found | None:
        found = find(self.page, target, timeout_ms, accept_hidden=self._after_closed_menu)
        if found is not None and found.handle is None:
            # The element itself: what is checked is what is drawn.
            handle = found.locator.element_handle(timeout=self.options.timeout_ms)
            found = dataclass_replace(found, handle=handle)
        return found

    def reachable(self, found: Found) -> bool:
        revealer = self._revealer
        return (
            self._after_closed_menu
            and revealer is not None
            and in_menu_of(found.locator, revealer.locator)
        )

    def navigate(self, number: int, step: StepBase, target: Target, found: Found | None) -> Done:
        assert found is not None
        if not found.visible:
            return self._follow_hidden_link(number, step, target, found)
        self.check_actionable(number, step, found)
        address = followable_address(found.element, self.page.url)
        if address.refusal:
            # Where it leads only a click tells (a handler, a POST, a download): the dry run
            # does not click, so the steps after it are not checked, and says why.
            detail = (
                f"would click: 「{found.name}」 {address.refusal}, so a dry run cannot follow "
                "it; the steps after it are not checked"
            )
            self._unreachable = f"it follows 「{found.name}」, which a dry run does not click"
            return Done(Outcome.HIGHLIGHTED, detail, self.show(number, step, found, detail))
        shot = self.show(number, step, found, "")
        return Done(Outcome.FOLLOWED_LINK, address.href, shot, then_open=address.href)

    def _follow_hidden_link(
        self, number: int, step: StepBase, target: Target, found: Found
    ) -> Done:
        """A menu that opens only on a click hides its links from a dry run: go by address, but
        only for the step right after that menu's toggle, and only for a link in that menu."""
        revealer = self._revealer
        if (
            revealer is None
            or not self._after_closed_menu
            or not in_menu_of(found.locator, revealer.locator)
        ):
            raise self.player.failure(
                number, step, f"{target.describe()} is on the page but hidden"
            )
        href = self._href(number, step, found)
        shot = self.show(
            number, step, revealer, "menu opens on click; link followed by its address"
        )
        detail = f"{href} (hidden in a menu that opens only on click)"
        return Done(Outcome.FOLLOWED_LINK, detail, shot, then_open=href)

    def reveal(self, number: int, step: StepBase, target: Target, found: Found | None) -> Done:
        assert found is not None
        self.check_actionable(number, step, found)
        self._revealer = found
        # The one place a dry run moves the pointer: the flow says this opens a menu. The
        # hover is said, as a reveal click is; what it makes the page send is blocked.
        opened = self.open_menu(number, step, found, click_next=self.options.reveal_clicks)
        self.player.result.reveal_hovers += 1
        # Found and checked, not opened: a dry run sends no click, and the next step's link is
        # followed by its address instead.
        detail = (
            "opened by hovering it (a reveal hover)"
            if opened
            else "its menu opens only on a click, which a dry run does not send"
        )
        if not opened and self.options.reveal_clicks and found.element.evaluate(_TOGGLE_JS):
            # A tutorial shows the open menu: its toggle, which the page itself marks as one,
            # is clicked (never a form's submit, never on the flow's word alone), and said.
            self.click(number, step, found)
            self.player.result.reveal_clicks += 1
            opened = self.next_target_visible(number, opener=found)
            detail = "opened by a click on its toggle (1 reveal click sent)"
        elif not opened and (closed_in := self._next_needs_open(number)):
            detail, opened = self._click_open(number, step, found, closed_in)
        self._menu_closed = not opened
        shot = self.show(number, step, found, "")
        return Done(Outcome.REVEALED, detail, shot)

    def _click_open(
        self, number: int, step: StepBase, found: Found, closed_in: str
    ) -> tuple[str, bool]:
        """A reveal whose next step can be checked only with its menu open: clicked, unless
        --no-reveal forbids it. What was done, and whether the next target showed."""
        if self.options.no_reveal:
            self._unreachable = f"it follows the menu of 「{found.name}」, left closed"
            return (
                f"{closed_in}, which --no-reveal forbids; the steps after it are not checked",
                False,
            )
        # Nothing of the next step is there to check or follow by its address: a menu whose
        # entries a library makes only when it opens, or a folded header whose display name
        # opens a menu of its own. The flow says this step opens it, so it is clicked; the
        # network guard blocks whatever that would send.
        guard = self.player.sends
        blocked_before = len(guard.blocked) if guard is not None else 0
        self.click(number, step, found)
        self.player.result.reveal_clicks += 1
        opened = self.next_target_visible(number, LOOKAHEAD_MS * 2, found)
        if opened:
            return (
                f"opened by a click: {closed_in} (1 reveal click; anything it would send "
                "is blocked)",
                True,
            )
        detail = "clicked to open it (1 reveal click), and nothing opened"
        if guard is not None and asked_its_server(guard.blocked[blocked_before:], self.page.url):
            # A menu the site's server opens (a UI framework that draws over its socket waits
            # for the server's answer): what the click sent was blocked, so it stays closed,
            # and what lies past it cannot be checked without sending.
            detail += (
                ": it opens only through the site's server, and what the click sent was "
                "blocked; the steps after it are not checked"
            )
            self._unreachable = (
                f"it follows the menu of 「{found.name}」, which opens only through the site's "
                "server"
            )
        return detail, False

    def _next_needs_open(self, number: int) -> str:
        """Why the next step can be checked only with this menu open ("" when it can be
        checked closed: a link in it is followed by its address)."""
        if not self._next_target_exists(number):
            return "its entries exist only once it opens"
        upcoming = self.upcoming_step(number)
        if (
            isinstance(upcoming, ClickStep)
            and upcoming.effect == "reveal"
            # An optional one a wide screen hides (a phone's menu button) is not inside this.
            and not upcoming.optional
            and not self.next_target_visible(number, 0)
        ):
            return "the menu next is inside it, and opens only from there"
        return ""

    def _next_target_exists(self, number: int) -> bool:
        """Whether the next step's target is on the page at all, shown or hidden (a menu whose
        links are in the page already is followed by their addresses, with no click)."""
        upcoming = self.upcoming_target(number)
        if upcoming is None:
            return True
        target = upcoming.model_copy(update={"within": None})
        # One that is only in a dialog the page keeps closed is not there to check either:
        # the dialog opens on the reveal's click, as a menu made on opening does.
        return exists_outside_closed_dialogs(self.page, target, self._revealer)

    def input(self, number: int, step: StepBase, target: Target, found: Found | None) -> Done:
        assert found is not None
        self.check_actionable(number, step, found)
        value = self.shown_value(step)
        verb = "would type" if isinstance(step, FillStep) else "would set"
        if isinstance(step, CheckStep):
            verb = "would tick"
        detail = f"{verb}: {value}"
        # An address the images must not show is masked in its field, as on the page.
        ghost = Ghost(value, masked=self.player.capture.hides(value))
        shot = self.show(number, step, found, detail, ghost=ghost)
        if found.handle is not None:
            self._entered.append((found.handle, ghost))
        return Done(Outcome.HIGHLIGHTED, detail, shot)

    def press(self, number: int, step: StepBase, target: Target, found: Found | None) -> Done:
        assert found is not None
        # A button the page enables once its fields are filled (type your name to confirm)
        # is disabled in a dry run, which types nothing: said, not failed.
        waits_for_values = bool(self._entered)
        disabled = self.check_actionable(number, step, found, disabled_ok=waits_for_values)
        destructive = step.effect == "destructive"
        detail = (
            "stops here: a destructive step is never performed in a dry run"
            if destructive
            else "would click (not sent in a dry run)"
        )
        if disabled:
            detail += "; enabled once the steps above are done (typed or ticked)"
        asks = found.element.evaluate(_CONFIRM_JS)
        if asks:
            detail += f"; the site asks 「{asks}」 first (a confirm dialog; none was raised)"
        shot = self.show(number, step, found, detail)
        self._skipped_submit = True
        # The form is sent with its values (or would be): what follows shows no such page.
        self._entered.clear()
        return Done(Outcome.HIGHLIGHTED, detail, shot, stop=destructive)

    def check_actionable(
        self, number: int, step: StepBase, found: Found, disabled_ok: bool = False
    ) -> bool:
        """Playwright's actionability checks (visible, stable, receives events; enabled,
        editable), acting on nothing and giving the page no event: no mouse moved onto the
        target (Playwright's trial hover does that), no scroll, no focus. A run leaves the
        checks to the action. ``disabled_ok``: a disabled target passes (True is returned)."""
        editing = isinstance(step, FillStep | SelectStep)
        deadline = time.monotonic() + self.options.timeout_ms / 1000
        while True:
            try:
                why: str = found.element.evaluate(_STILL_USABLE_JS, editing)
            except PlaywrightError as error:
                raise self.unusable(
                    number, step, found, f"「{found.name}」 is not usable", error
                ) from None
            if not why:
                return False
            if why == "is disabled" and disabled_ok:
                return True
            if why in ("is disabled", "cannot be edited") or time.monotonic() >= deadline:
                break
            pause(self.page, 0.05)  # shown, settled or uncovered later: a page still drawing
        if why in ("covered", "is not shown"):
            blocked = self.covered_failure(number, step, found, covered=why == "covered")
            if blocked is not None:
                raise blocked
        if why == "covered":
            why = "is covered by something over the page"
        raise self.player.failure(number, step, f"「{found.name}」 {why}")

    def _href(self, number: int, step: StepBase, found: Found) -> str:
        """The address a dry run may open instead of clicking: a plain GET link only."""
        address = followable_address(found.element, self.page.url)
        if address.refusal:
            raise self.player.failure(
                number,
                step,
                f"「{found.name}」 {address.refusal}, so a dry run cannot follow it without "
                "clicking",
            )
        return address.href
