"""What each effect does in each mode: the policies of the Player's one step loop.

The loop (``Player``) opens the start page and goto steps, renders and finds targets (an
optional one not on the page is skipped), reads, judges what the site answered a submit or a
destructive step, reports every step and fails it with a screenshot. A policy does only what
differs between modes, following the table of effects (docs/semantics.md):

- run (``RunPolicy``): the steps are performed; a destructive step only when ``confirm`` says so.
- dry-run (``DryRunPolicy`` in dry_run.py, also tutorial shots): every target is found,
  checked as Playwright's actionability checks do, without an event, and highlighted; links
  are followed by their address; nothing the page sends because of it reaches the site.
- guide (``GuidePolicy`` in guide.py): the person acts; tebiki shows the way and waits.
"""

from __future__ import annotations

import time
from contextlib import suppress
from pathlib import Path
from typing import ClassVar

from playwright.sync_api import ElementHandle
from playwright.sync_api import Error as PlaywrightError

from tebiki.drawing import highlight
from tebiki.drawing.ghosts import Entered, Ghost
from tebiki.drawing.highlight import Box
from tebiki.drawing.structure import keep_structure
from tebiki.errors import StepFailed
from tebiki.flowfile.steps import CheckStep, FillStep, SelectStep, StepBase
from tebiki.flowfile.targets import Target
from tebiki.page.covering import closed_dialog, what_covers
from tebiki.page.locate import Found, find, pause
from tebiki.page.scripts import page_script
from tebiki.playing.failure import first_line
from tebiki.playing.outcome import Outcome
from tebiki.playing.page_dialogs import (
    PageDialog,
    asks,
    confirming_button,
    holds,
    modals,
    new_dialog,
    press,
)
from tebiki.playing.policy import Done, Loop, Policy

MASK = "••••••••"
LOOKAHEAD_MS = 400  # how long a menu is given to open on hover or focus
_MENU_BUTTON_MS = 150  # the same, for a toggle the page marks as a menu button

# A menu button that is closed: a button (not a link, which a click would follow) that the page
# marks as collapsed or as opening a popup.
_MENU_BUTTON_JS = page_script("menu_button")


class Playing(Policy):
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
            wait = _MENU_BUTTON_MS if menu_button else LOOKAHEAD_MS
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
        self, number: int, wait_ms: int = LOOKAHEAD_MS, opener: Found | None = None
    ) -> bool:
        """Whether the next step's target shows; the control that was to open it does not
        count (退会する that opens a dialog with its own 退会する)."""
        upcoming = self.upcoming_target(number)
        if upcoming is None:
            return True
        found = find(self.page, upcoming, wait_ms)
        if found is None or not found.visible:
            return False
        if opener is not None:
            handle = opener.handle or opener.locator.element_handle(timeout=wait_ms or 1)
            if found.locator.evaluate("(a, b) => a === b", handle):
                return False
        if self.draws():
            with suppress(PlaywrightError):
                x, y, width, height = found.locator.evaluate(_REVEALED_JS)
                self._revealed = (x, y, width, height)
        return True

    def upcoming_step(self, number: int) -> StepBase | None:
        """The step after step ``number``; None after the last."""
        steps = self.player.flow.steps
        return steps[number] if number < len(steps) else None

    def upcoming_target(self, number: int) -> Target | None:
        """The target of the step after step ``number``, its variables filled in."""
        upcoming = self.upcoming_step(number)
        target = upcoming.target if upcoming is not None else None
        return self.player.render_target(target) if target is not None else None

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
        blocked = self.covered_failure(number, step, found)
        return blocked or self.player.failure(number, step, f"{what}: {first_line(error)}")

    def covered_failure(
        self, number: int, step: StepBase, found: Found, covered: bool = True
    ) -> StepFailed | None:
        """What keeps a person from the target, said as they see it: the closed dialog it is
        shut in (never whatever happens to lie over that), or, when it is ``covered``, what
        covers it."""
        shut_in = closed_dialog(found.element)
        if shut_in is not None:
            message = f"「{found.name}」 is in the dialog {_named(shut_in)}, " + self._opened_by(
                number
            )
            return self.player.failure(number, step, message)
        if not covered:
            return None
        cover = what_covers(found.element)
        if cover is None:
            return None
        message = f"「{found.name}」 is covered by {cover.describe()}; {cover.advice()}"
        return self.player.failure(number, step, message, covered=True)

    def _opened_by(self, number: int) -> str:
        """Which step was to open the dialog: the last reveal on this page (none past a step
        that left it)."""
        opener = None
        for earlier in range(number - 1, 0, -1):
            effect = self.player.flow.steps[earlier - 1].effect
            if effect == "reveal":
                opener = earlier
                break
            if effect in ("navigate", "submit", "destructive"):
                break  # a goto, or a step that led to another page
        if opener is None:
            return (
                "which is closed, and no step before this one opens it: add the step that does "
                "(the click a person makes, with `effect: reveal`)"
            )
        return f"which step {opener} opens, and it is still closed"

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
            # An image must show its target: one below the fold is scrolled to (a dry run's
            # guard blocks whatever the scroll makes the page send).
            scroll=self.scroll or options.screenshots is not None,
        )
        self.player.overlay, self._revealed = overlay, None
        path = None
        if options.screenshots is not None:
            path = options.screenshots / f"{shown:02d}-{step.effect}.png"
            capture.screenshot(path, overlay, masks)
            if options.structure:
                keep_structure(found.locator, path, capture.patterns, options.timeout_ms)
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


# What a reveal opened, in page coordinates, for the callout to keep clear of: the whole menu
# or list the next step's target is an entry of (its other entries too), else the target.
_REVEALED_JS = """el => {
  const menu = el.closest('[role=menu], [role=listbox], [role=dialog], [popover], ul, ol');
  const m = menu && menu.getBoundingClientRect(), e = el.getBoundingClientRect();
  const r = m && m.height < 6 * Math.max(e.height, 24) && m.width < 3 * Math.max(e.width, 120)
    ? m : e;
  return [r.left + scrollX, r.top + scrollY, r.width, r.height];
}"""

# How long a destructive step's in-page confirmation may take to appear after the click.
_DIALOG_WAIT_SECONDS = 1.5


class RunPolicy(Playing):
    """tebiki performs each step."""

    def _shut_in(self, number: int, step: StepBase, found: Found) -> None:
        """A target a person cannot reach because its dialog is closed fails as such, before
        Playwright would type into it anyway (it checks no hit target for typing)."""
        if not found.visible and closed_dialog(found.element) is not None:
            blocked = self.covered_failure(number, step, found)
            if blocked is not None:
                raise blocked

    def navigate(self, number: int, step: StepBase, target: Target, found: Found | None) -> Done:
        assert found is not None
        self._shut_in(number, step, found)
        if not found.visible:
            raise self.player.failure(
                number, step, f"{target.describe()} is on the page but hidden"
            )
        shot = self.show(number, step, found, "")
        self.click(number, step, found)
        return Done(Outcome.CLICKED, describe_match(found), shot)

    def reveal(self, number: int, step: StepBase, target: Target, found: Found | None) -> Done:
        assert found is not None
        self._shut_in(number, step, found)
        if found.element.evaluate(_MENU_BUTTON_JS):
            # A closed menu button (a button the page marks aria-expanded="false" or as
            # having a popup): a person clicks it, and waiting for a hover to open it costs.
            shot = self.show(number, step, found, "")
            self.click(number, step, found)
            return Done(Outcome.CLICKED, describe_match(found), shot)
        how = Outcome.HOVERED
        if not self.open_menu(number, step, found):
            self.click(number, step, found)
            how = Outcome.CLICKED_UNHOVERED
        return Done(how, "", self.show(number, step, found, ""))

    def input(self, number: int, step: StepBase, target: Target, found: Found | None) -> Done:
        assert found is not None
        self._shut_in(number, step, found)
        shot = self.show(number, step, found, "")
        timeout, outcome = self.options.timeout_ms, Outcome.SELECTED
        try:
            if isinstance(step, FillStep):
                found.locator.fill(self._fill_value(step), timeout=timeout)
                outcome = Outcome.TYPED
            elif isinstance(step, CheckStep):
                _tick(found, timeout)
                outcome = Outcome.TICKED
            elif isinstance(step, SelectStep):
                found.locator.select_option(label=self.player.render(step.option), timeout=timeout)
        except PlaywrightError as error:
            message = f"cannot enter a value: {first_line(error)}"
            raise self.player.failure(number, step, message) from None
        return Done(outcome, self.shown_value(step), shot)

    def press(self, number: int, step: StepBase, target: Target, found: Found | None) -> Done:
        assert found is not None
        self._shut_in(number, step, found)
        shot = self.show(number, step, found, "")
        if step.effect == "destructive" and not self.options.confirm(
            number, self.player.caption(step)
        ):
            return Done(Outcome.NOT_PERFORMED, "destructive step not confirmed", shot, stop=True)
        before: list[ElementHandle] = []
        if step.effect == "destructive":
            self.player.confirmed_step = number  # its confirm dialog, if any, is accepted
            before = modals(self.page)
        self.click(number, step, found)
        detail = describe_match(found)
        if step.effect == "destructive":
            detail += self._answer_in_page(number, step, found, before)
        self.player.settle()
        return Done(Outcome.CLICKED, detail, shot)

    def _answer_in_page(
        self, number: int, step: StepBase, found: Found, before: list[ElementHandle]
    ) -> str:
        """A dialog the page opened to ask again about the step just confirmed: pressed, and
        said. One that does not ask (a notice that it is done) is left to the flow."""
        asked = self._asked_after(before, self.upcoming_target(number))
        if asked is None or not asks(asked, found.name):
            return ""
        place = confirming_button(asked, found.name)
        if place is None:
            message = (
                f"the site asks to confirm in {asked.describe()}, and which button confirms "
                "is not clear: add the step that presses it after this one, "
                "e.g. `- click: {button: NAME}` with `effect: destructive`"
            )
            raise self.player.failure(number, step, message)
        try:
            name = press(asked, place, self.options.timeout_ms)
        except PlaywrightError as error:
            message = f"cannot press a button in {asked.describe()}: {first_line(error)}"
            raise self.player.failure(number, step, message) from None
        return f"; the site asked 「{asked.said()}」 in the page, answered 「{name}」 as confirmed"

    def _asked_after(
        self, before: list[ElementHandle], upcoming: Target | None
    ) -> PageDialog | None:
        """A dialog opened since the click, unless the flow's next step is on the page (in
        that dialog: the flow answers it itself). A library draws one after its server
        answers and its transition starts: it is waited for a moment."""
        deadline = time.monotonic() + _DIALOG_WAIT_SECONDS
        while True:
            asked = new_dialog(self.page, before)
            shown = find(self.page, upcoming, 0) if upcoming is not None else None
            if shown is not None and shown.visible:
                if asked is None:
                    return None
                if holds(asked, shown.handle or shown.locator.element_handle(timeout=1000)):
                    return None
            if asked is not None or time.monotonic() >= deadline:
                return asked
            if upcoming is None:
                # The flow's last step: the page is let settle, and looked at once more.
                self.player.settle()
                return new_dialog(self.page, before)
            pause(self.page, 0.05)

    def _fill_value(self, step: FillStep) -> str:
        if step.secret is not None:
            return self.options.secrets[step.secret]
        return self.player.render(step.value or "")


def _tick(found: Found, timeout_ms: int) -> None:
    """Tick a box. One whose state the site's server sets (a UI framework that draws over its
    socket) changes a moment after the click, not at once as Playwright's check expects."""
    try:
        found.locator.check(timeout=timeout_ms)
    except PlaywrightError as error:
        if "did not change its state" not in str(error):
            raise
        deadline = time.monotonic() + timeout_ms / 1000
        while not found.locator.is_checked():
            if time.monotonic() >= deadline:
                raise
            pause(found.locator.page, 0.05)


def _named(name: str) -> str:
    return f"「{name}」" if name else "(no title)"


def describe_match(found: Found) -> str:
    return f"「{found.name}」" + (" (matched loosely)" if found.loosely else "")
