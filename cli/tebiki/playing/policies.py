"""What each effect does in each mode: the policies of the Player's one step loop.

The loop (``Player``) opens the start page and goto steps, renders and finds targets (an
optional one not on the page is skipped), reads, judges what the site answered a submit or a
destructive step, reports every step and fails it with a screenshot. A policy does only what
differs between modes, following the table of effects (docs/semantics.md):

- run (``RunPolicy``): the steps are performed; a destructive step only when ``confirm`` says so.
- dry-run (``DryRunPolicy``, also tutorial shots): every target is found, checked with
  Playwright's actionability checks (``trial=True``) and highlighted; links are followed by
  their address, menus opened by hover and focus; no click, keystroke or form post ever
  reaches the page.
- guide (``GuidePolicy`` in guide.py): the person acts; tebiki shows the way and waits.
"""

from __future__ import annotations

import time
from dataclasses import replace as dataclass_replace
from pathlib import Path
from typing import ClassVar

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from tebiki.drawing import highlight
from tebiki.drawing.ghosts import Entered, Ghost
from tebiki.drawing.highlight import Box
from tebiki.errors import StepFailed
from tebiki.flowfile.steps import CheckStep, ExpectStep, FillStep, SelectStep, StepBase
from tebiki.flowfile.targets import Target
from tebiki.page.covering import what_covers
from tebiki.page.links import followable_address, in_menu_of
from tebiki.page.locate import Found, find
from tebiki.page.scripts import page_script
from tebiki.playing.failure import first_line
from tebiki.playing.outcome import Outcome
from tebiki.playing.policy import Done, Loop, Policy

MASK = "••••••••"
_LOOKAHEAD_MS = 400  # how long a menu is given to open on hover or focus
_MENU_BUTTON_MS = 150  # the same, for a toggle the page marks as a menu button

# A menu button that is closed: a button (not a link, which a click would follow) that the page
# marks as collapsed or as opening a popup.
_MENU_BUTTON_JS = page_script("menu_button")

# Whether the page marks an element as a toggle that opens something (a menu button, a
# disclosure): aria-expanded, aria-haspopup, aria-controls, or a <summary>; not a form's
# submit control.
_TOGGLE_JS = page_script("toggle")

# The words of the confirm dialog a click would raise, where the page says it in its markup
# (Rails' data-confirm, Turbo's data-turbo-confirm, on the control or its form).
_CONFIRM_JS = page_script("confirm_words")

# Playwright's "enabled" and "editable", in one round trip: "" when usable, else why not.
_STILL_USABLE_JS = page_script("still_usable")


class _Playing(Policy):
    """What the run and the dry run share: tebiki itself draws the target (and keeps its
    picture when asked), and a menu is opened by hover, then by keyboard focus."""

    scroll: ClassVar[bool] = True  # the highlight scrolls its target into view

    def bind(self, player: Loop) -> None:
        super().bind(player)
        self.page, self.options = player.page, player.options
        self._revealed: Box | None = None  # what a reveal opened, for the callout to avoid

    def draws(self) -> bool:
        return self.options.highlight_ms > 0 or self.options.screenshots is not None

    def look(self, target: Target, timeout_ms: int) -> Found | None:
        return find(self.page, target, timeout_ms)

    def shown(self, number: int, step: StepBase, found: Found, said: str) -> Path | None:
        return self.show(number, step, found, "")

    def expect(self, number: int, step: StepBase, target: Target, found: Found | None) -> Done:
        assert found is not None  # the loop fails a target that is not there
        if not found.visible:
            raise self.player.failure(
                number, step, f"「{found.name}」 is on the page but not shown"
            )
        return Done(Outcome.SEEN, found.name, self.show(number, step, found, ""))

    def open_menu(
        self, number: int, step: StepBase, found: Found, click_next: bool = False
    ) -> bool:
        """Hover the toggle, then focus it (menus that open on :focus-within): whether the next
        step's target showed. ``click_next``: a click on a marked toggle follows if neither
        opens it."""
        try:
            found.locator.hover(timeout=self.options.timeout_ms)
            # A menu button the page marks as one is given less time to open by itself.
            menu_button = bool(found.element.evaluate(_MENU_BUTTON_JS))
            wait = _MENU_BUTTON_MS if menu_button else _LOOKAHEAD_MS
            opened = self.next_target_visible(number, wait, found)
            # Focus opens CSS menus (:focus-within), which carry no ARIA; a marked menu button
            # that hover left shut is one a click opens, and the click is next anyway.
            if not opened and not (menu_button and click_next):
                found.locator.focus(timeout=self.options.timeout_ms)
                opened = self.next_target_visible(number, wait, found)
        except PlaywrightError as error:
            message = f"cannot hover {found.name}: {first_line(error)}"
            raise self.player.failure(number, step, message) from None
        return opened

    def next_target_visible(
        self, number: int, wait_ms: int = _LOOKAHEAD_MS, opener: Found | None = None
    ) -> bool:
        """Whether the next step's target shows; the control that was to open it does not
        count (退会する that opens a dialog with its own 退会する)."""
        steps = self.player.flow.steps
        upcoming = steps[number].target if number < len(steps) else None
        if upcoming is None:
            return True
        found = find(self.page, self.player.render_target(upcoming), wait_ms)
        if found is None or not found.visible:
            return False
        if opener is not None:
            handle = opener.handle or opener.locator.element_handle(timeout=wait_ms or 1)
            if found.locator.evaluate("(a, b) => a === b", handle):
                return False
        box = found.locator.bounding_box() if self.draws() else None
        if box is not None:
            scroll_x, scroll_y = self.page.evaluate("[window.scrollX, window.scrollY]")
            self._revealed = (box["x"] + scroll_x, box["y"] + scroll_y, box["width"], box["height"])
        return True

    def click(self, number: int, step: StepBase, found: Found) -> None:
        try:
            found.locator.click(timeout=self.options.timeout_ms)
        except PlaywrightError as error:
            raise self.unusable(
                number, step, found, f"cannot click 「{found.name}」", error
            ) from None

    def unusable(
        self, number: int, step: StepBase, found: Found, what: str, error: PlaywrightError
    ) -> StepFailed:
        """A target Playwright could not act on: what covers it, when something does (a
        dialog, a banner), said as a person sees it; else Playwright's own reason."""
        cover = what_covers(found.element)
        if cover is None:
            return self.player.failure(number, step, f"{what}: {first_line(error)}")
        message = f"「{found.name}」 is covered by {cover.describe()}; {cover.advice()}"
        return self.player.failure(number, step, message, covered=True)

    def show(
        self, number: int, step: StepBase, found: Found, detail: str, ghost: Ghost | None = None
    ) -> Path | None:
        """Highlight the target; keep a screenshot of it when asked; hold it for a person.
        ``ghost``: the value a dry run would enter, drawn in the field (with the values the
        page's other fields would hold by now: ``entered``)."""
        options, capture = self.options, self.player.capture
        if not self.draws():
            return None  # a plain run draws nothing, so it costs nothing
        masks, masked = capture.masks() if options.screenshots is not None else ([], ())
        # Playwright paints masks over everything: the callout keeps out of their way.
        avoid = ((self._revealed,) if self._revealed else ()) + masked
        shown = self.shown_number(number)
        overlay = highlight.draw(
            found.element,
            number=shown,
            caption=self.player.caption(step),
            detail=detail if options.details else "",
            style=options.style,
            ghost=ghost,
            earlier=self.entered(),
            avoid=avoid,
            scroll=self.scroll,
        )
        self.player.overlay, self._revealed = overlay, None
        path = None
        if options.screenshots is not None:
            path = options.screenshots / f"{shown:02d}-{step.effect}.png"
            capture.screenshot(path, overlay, masks)
        if options.highlight_ms > 0:
            self.page.wait_for_timeout(options.highlight_ms)
        highlight.clear(self.page)
        return path

    def entered(self) -> tuple[Entered, ...]:
        """The fields of this page that hold a value a dry run only drew: none where tebiki
        types for real."""
        return ()

    def shown_number(self, number: int) -> int:
        """The step's number as a tutorial reader counts: optional steps the site does not
        have are left out of a tutorial, and the numbers close up behind them."""
        if not self.options.renumber:
            return number
        reports = self.player.result.reports
        return number - sum(1 for report in reports if report.outcome == Outcome.SKIPPED)

    def shown_value(self, step: StepBase) -> str:
        if isinstance(step, FillStep):
            return MASK if step.secret else self.player.render(step.value or "")
        if isinstance(step, SelectStep):
            return self.player.render(step.option)
        return "✓" if isinstance(step, CheckStep) else ""


class RunPolicy(_Playing):
    """tebiki performs each step."""

    def navigate(self, number: int, step: StepBase, target: Target, found: Found | None) -> Done:
        assert found is not None
        if not found.visible:
            raise self.player.failure(
                number, step, f"{target.describe()} is on the page but hidden"
            )
        shot = self.show(number, step, found, "")
        self.click(number, step, found)
        return Done(Outcome.CLICKED, _describe_match(found), shot)

    def reveal(self, number: int, step: StepBase, target: Target, found: Found | None) -> Done:
        assert found is not None
        if found.element.evaluate(_MENU_BUTTON_JS):
            # A closed menu button (a button the page marks aria-expanded="false" or as
            # having a popup): a person clicks it, and waiting for a hover to open it costs.
            shot = self.show(number, step, found, "")
            self.click(number, step, found)
            return Done(Outcome.CLICKED, _describe_match(found), shot)
        how = Outcome.HOVERED
        if not self.open_menu(number, step, found):
            self.click(number, step, found)
            how = Outcome.CLICKED_UNHOVERED
        return Done(how, "", self.show(number, step, found, ""))

    def input(self, number: int, step: StepBase, target: Target, found: Found | None) -> Done:
        assert found is not None
        shot = self.show(number, step, found, "")
        timeout, outcome = self.options.timeout_ms, Outcome.SELECTED
        try:
            if isinstance(step, FillStep):
                found.locator.fill(self._fill_value(step), timeout=timeout)
                outcome = Outcome.TYPED
            elif isinstance(step, CheckStep):
                found.locator.check(timeout=timeout)
                outcome = Outcome.TICKED
            elif isinstance(step, SelectStep):
                found.locator.select_option(label=self.player.render(step.option), timeout=timeout)
        except PlaywrightError as error:
            message = f"cannot enter a value: {first_line(error)}"
            raise self.player.failure(number, step, message) from None
        return Done(outcome, self.shown_value(step), shot)

    def press(self, number: int, step: StepBase, target: Target, found: Found | None) -> Done:
        assert found is not None
        shot = self.show(number, step, found, "")
        if step.effect == "destructive" and not self.options.confirm(
            number, self.player.caption(step)
        ):
            return Done(Outcome.NOT_PERFORMED, "destructive step not confirmed", shot, stop=True)
        if step.effect == "destructive":
            self.player.confirmed_step = number  # its confirm dialog, if any, is accepted
        self.click(number, step, found)
        self.player.settle()
        return Done(Outcome.CLICKED, _describe_match(found), shot)

    def _fill_value(self, step: FillStep) -> str:
        if step.secret is not None:
            return self.options.secrets[step.secret]
        return self.player.render(step.value or "")


class DryRunPolicy(_Playing):
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

    def look(self, target: Target, timeout_ms: int) -> Found | None:
        found = find(self.page, target, timeout_ms, accept_hidden=self._menu_closed)
        self._after_closed_menu, self._menu_closed = self._menu_closed, False
        if found is not None:  # the element itself: what is checked is what is drawn
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
            opened = self.next_target_visible(number)
            detail = "opened by a click on its toggle (1 reveal click sent)"
        elif not opened and self.options.no_reveal and not self._next_target_exists(number):
            detail = (
                "its entries exist only once it is clicked open, which --no-reveal forbids; "
                "the steps after it are not checked"
            )
            self._unreachable = f"it follows the menu of 「{found.name}」, left closed"
        elif not opened and not self._next_target_exists(number):
            # A menu whose entries a library makes only when it opens: nothing of the next
            # step is there to check or follow by its address. The flow says this step opens
            # it, so it is clicked; the network guard blocks whatever that would send.
            self.click(number, step, found)
            self.player.result.reveal_clicks += 1
            opened = self.next_target_visible(number, _LOOKAHEAD_MS * 2)
            detail = (
                "opened by a click: its entries exist only once it opens (1 reveal click; "
                "anything it would send is blocked)"
                if opened
                else "clicked to open it (1 reveal click), and nothing opened"
            )
        self._menu_closed = not opened
        shot = self.show(number, step, found, "")
        return Done(Outcome.REVEALED, detail, shot)

    def _next_target_exists(self, number: int) -> bool:
        """Whether the next step's target is on the page at all, shown or hidden (a menu whose
        links are in the page already is followed by their addresses, with no click)."""
        steps = self.player.flow.steps
        upcoming = steps[number].target if number < len(steps) else None
        if upcoming is None:
            return True
        target = self.player.render_target(upcoming).model_copy(update={"within": None})
        return find(self.page, target, 0, accept_hidden=True) is not None

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
            detail += "; enabled once the values above are typed"
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
            time.sleep(0.05)  # shown, settled or uncovered later: a page still drawing
        if why == "covered":
            cover = what_covers(found.element)
            if cover is not None:
                message = f"「{found.name}」 is covered by {cover.describe()}; {cover.advice()}"
                raise self.player.failure(number, step, message, covered=True)
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


def _describe_match(found: Found) -> str:
    return f"「{found.name}」" + (" (matched loosely)" if found.loosely else "")
