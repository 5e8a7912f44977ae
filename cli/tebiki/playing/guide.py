"""The guide: a person walks a flow on the live site, and tebiki only shows the way.

``GuidePolicy`` is the guide's policy of the Player's step loop: the loop finds each step's
target as in every mode; the policy scrolls to it and highlights it with a short instruction,
then waits for the person. A listener in the page (on window, in the capture phase, put in by an
init script so that every page load has it) reports the person's clicks, typing and choices
through an exposed binding. The current target carries a ``data-tebiki-step`` mark, so the page
itself tells whether a click landed on it. A click elsewhere is answered on the overlay and the
step waits on. tebiki never clicks, types or submits: all it does to a page is mark, scroll to
and draw around the target, and open the flow's start page and its goto steps. What the site
answers the person's submit is judged by the loop, as in a run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import structlog
from playwright.sync_api import ElementHandle, Page
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Request as PlaywrightRequest

from tebiki.drawing import highlight
from tebiki.flowfile.model import CheckStep, ClickStep, FillStep, Flow, SelectStep, StepBase, Target
from tebiki.page.locate import Found, find
from tebiki.playing import guide_page
from tebiki.playing.guide_page import Event
from tebiki.playing.outcome import Outcome
from tebiki.playing.player import PAGE_MS, Player, PlayOptions, PlayResult, StepReport
from tebiki.playing.policy import Done, Loop, Policy

log = structlog.get_logger()
T = TypeVar("T")


@dataclass(frozen=True)
class GuideOptions:
    wait_ms: int = 0  # how long to wait for the person at each step; 0: no limit
    poll_ms: int = 100
    on_wait: Callable[[int], None] | None = None  # called at every poll while step N waits
    linger: bool = False  # after the last step, stay until the person closes the window


@dataclass
class GuideResult(PlayResult):
    closed_at: int | None = None  # the step at which the person closed the browser window


class _Closed(Exception):
    """The person closed the browser window (or the browser)."""


class GuidePolicy(Policy):
    """The person does every step; tebiki shows it and waits. A target not on the page yet is
    waited for (the person may be on the way to its page); the person's submit reaches the
    site, so the loop judges the site's answer."""

    acts = True
    waits = True
    shot_name = "guide-step"
    answers_dialogs = False  # the person answers a dialog in the window
    overlays = "leave"  # and dismisses what covers the page

    def __init__(self, guide: GuideOptions | None = None) -> None:
        self.guide = guide or GuideOptions()
        self.result = GuideResult()
        self._events: list[Event] = []  # what the page reported, oldest first
        self._loads = 0  # main-frame navigation requests seen
        self._typed: set[int] = set()  # steps whose field the person has typed into
        self._toggle: tuple[int, Found] | None = None  # the last reveal step and its target
        self._message = ""  # put before the instruction after a click elsewhere
        self._note = ""  # said on the banner until the next step is done (a page tebiki opened)

    def bind(self, player: Loop) -> None:
        super().bind(player)
        self.page, self.flow, self.options = player.page, player.flow, player.options
        self.words = guide_page.WORDS[self.options.caption_lang]
        player.result = self.result  # the guide's result also says where the window was closed

    def walk(self, steps: Callable[[], None]) -> None:
        finished = False
        try:
            self.page.on("request", self._on_request)
            guide_page.install(self.page, self._on_report)
            # Where the flow starts is where the person starts: the loop opens it, as it opens
            # a goto step's page.
            steps()
            finished = True
            if self.guide.linger:
                guide_page.clear(self.page)
                highlight.banner(self.page, self.words["end"])
                while True:
                    self._pump(250)
        except (PlaywrightError, _Closed):
            if not self.closed():
                raise
            if not finished:
                self.result.closed_at = self.result.stopped_before = self.player.number

    # -- steps ------------------------------------------------------------------------------

    def begin(self, number: int, step: StepBase) -> None:
        guide_page.clear(self.page)  # none of our words on the page while targets are found
        self._message = ""

    def end(self, report: StepReport) -> None:
        if report.outcome != Outcome.OPENED:
            self._note = ""

    def opened(self, number: int, step: StepBase, url: str) -> None:
        # Not an action on the page: it is where the flow says to be, and asking the person
        # to type an address would add nothing. tebiki opens it and says so.
        self._note = self.words["opened"].format(url=url)
        highlight.banner(self.page, self.options.caption(step), self._note)

    def look(self, target: Target, timeout_ms: int) -> Found | None:
        """As every mode finds it, but never in the guide's own words on the page."""
        found = find(self.page, target, timeout_ms)
        return None if found is None or guide_page.is_ours(found.locator) else found

    def shown(self, number: int, step: StepBase, found: Found, said: str) -> Path | None:
        self._draw(number, step, found, said)
        return None

    def expect(self, number: int, step: StepBase, target: Target, found: Found | None) -> Done:
        seen = self._poll(number, step, lambda: self._visible(target), waiting=True)
        self._draw(number, step, seen, "")
        return Done(Outcome.SEEN, seen.name)

    def navigate(self, number: int, step: StepBase, target: Target, found: Found | None) -> Done:
        return self._by_the_person(number, step, target, found)

    def reveal(self, number: int, step: StepBase, target: Target, found: Found | None) -> Done:
        return self._by_the_person(number, step, target, found)

    def input(self, number: int, step: StepBase, target: Target, found: Found | None) -> Done:
        return self._by_the_person(number, step, target, found)

    def press(self, number: int, step: StepBase, target: Target, found: Found | None) -> Done:
        return self._by_the_person(number, step, target, found)

    def _by_the_person(
        self, number: int, step: StepBase, target: Target, found: Found | None
    ) -> Done:
        """The step done by the person (or found done already). ``found``: None while its
        target is not on this page; the guide looks for it at every poll while it waits (and
        the banner says it is not on the page)."""
        event = self._already(number, step, found) or self._wait(number, step, target, found)
        if "loads" in event and step.effect in ("navigate", "submit", "destructive"):
            self._settle(event)  # the person's click (not a step found done already)
        self._toggle = (number, found) if found and step.effect == "reveal" else None
        detail = event.get("option", "") if isinstance(step, SelectStep) else f"「{target.wanted}」"
        return Done(Outcome(event.get("outcome", Outcome.DONE_BY_YOU)), detail)

    def _already(self, number: int, step: StepBase, found: Found | None) -> Event:
        """A step the page shows done already: a menu that is open, a ticked box, a chosen
        option, a field the person typed into before its turn."""
        if found is None:
            return {}
        if isinstance(step, ClickStep):
            opened = step.effect == "reveal" and self._next_shown(number) is not None
            return {"outcome": Outcome.ALREADY_OPEN} if opened else {}
        state = guide_page.field(found.locator)
        done = (
            (isinstance(step, CheckStep) and state["checked"])
            or (isinstance(step, SelectStep) and state["option"] == self._option(step))
            or (isinstance(step, FillStep) and number in self._typed and state["filled"])
        )
        return {**state, "outcome": Outcome.ALREADY_DONE} if done else {}

    # -- waiting for the person -------------------------------------------------------------

    def _wait(self, number: int, step: StepBase, target: Target, found: Found | None) -> Event:
        drawn: tuple[str, bool, str] | None = None  # the page, visibility and message drawn

        def done() -> Event | None:
            nonlocal found, drawn
            event = self._take(number, step)
            if event is not None:
                return event
            if step.effect == "reveal" and self._next_shown(number) is not None:
                return {"outcome": Outcome.DONE_BY_YOU}  # a menu that opens on hover
            state = guide_page.state(self.page, number)
            if state is None:
                return None  # the page is loading
            if not state["marked"] or (drawn is not None and drawn[0] != state["doc"]):
                found = self.look(target, 0)  # a new page, or the site drew it again
                if (
                    found is None
                    and state["banner"]
                    and drawn == (state["doc"], False, self._message)
                ):
                    return None  # still not on this page, as the banner says
                drawn = None
            if drawn != (state["doc"], state["visible"], self._message) or not state["banner"]:
                self._draw(number, step, found, self._instruction(step, target))
                after = guide_page.state(self.page, number)
                drawn = (after["doc"], after["visible"], self._message) if after else None
            return None

        return self._poll(number, step, done)

    def _take(self, number: int, step: StepBase) -> Event | None:
        """The first reported event that does the step; a click elsewhere sets the message.
        Events after it stay queued for the next step (the click that ended a field's
        typing, on the button that comes next)."""
        while self._events:
            event = self._events.pop(0)
            kind, at = event["type"], int(event["step"])
            if kind == "input":
                self._typed.add(at)
            elif at == number:
                if self._does(step, event):
                    return event
            elif kind == "click" and not 0 < at < number:  # not a step already done
                self._message = self.words["wrong"]
        return None

    def _does(self, step: StepBase, event: Event) -> bool:
        kind: str = event["type"]
        chosen: str = event.get("option", "")
        if isinstance(step, FillStep):  # typed, then left the field (or pressed Enter)
            return kind in ("change", "focusout") and event["filled"] is True
        if isinstance(step, CheckStep):
            return kind in ("click", "change") and event["checked"] is True
        if isinstance(step, SelectStep):
            if kind == "change" and chosen != self._option(step):
                self._message = self.words["wrong"]
            return kind == "change" and chosen == self._option(step)
        return kind == "click"

    def _poll(
        self, number: int, step: StepBase, done: Callable[[], T | None], waiting: bool = False
    ) -> T:
        """Call ``done`` until it gives something, up to the guide's wait limit."""
        limit, deadline = self.guide.wait_ms, None
        while True:
            if self.closed():
                raise _Closed
            result = done()
            if result is not None:
                return result
            # The person's time starts once the step is shown.
            deadline = deadline or time.monotonic() + limit / 1000
            if limit > 0 and time.monotonic() >= deadline:
                raise self.player.failure(number, step, self._timeout(step, limit, waiting))
            if waiting:
                with suppress(PlaywrightError):
                    state = guide_page.state(self.page, number)
                    if state is not None and not state["banner"]:
                        highlight.banner(
                            self.page, self.options.caption(step), self.words["waiting"]
                        )
            if self.guide.on_wait is not None:
                self.guide.on_wait(number)
            self._pump(self.guide.poll_ms)

    def _settle(self, event: Event) -> None:
        """After the person's click: when it set off a page load, wait for the new page."""
        grace = time.monotonic() + 0.5
        while self._loads == event["loads"] and time.monotonic() < grace:
            self._pump(25)
        deadline = time.monotonic() + PAGE_MS / 1000
        while self._loads != event["loads"] and time.monotonic() < deadline:
            state = guide_page.state(self.page, 0)
            if state is not None and state["doc"] not in ("", event["doc"]):
                with suppress(PlaywrightError):
                    self.page.wait_for_load_state("load", timeout=PAGE_MS)
                return
            self._pump(25)

    # -- the page ---------------------------------------------------------------------------

    def _on_report(self, source: Any, payload: Event) -> None:
        self._events.append({**payload, "loads": self._loads})

    def _on_request(self, request: PlaywrightRequest) -> None:
        if request.is_navigation_request() and request.frame == self.page.main_frame:
            self._loads += 1

    def _draw(self, number: int, step: StepBase, found: Found | None, instruction: str) -> None:
        """Mark the target (and the next step's, and the menu toggle), draw around it, and
        say on the banner where the guide is."""
        label = self.options.render(step.target.wanted) if step.target else ""
        title = self.words["step"].format(
            n=number, total=len(self.flow.steps), caption=self.options.caption(step)
        )
        handle = self._handle(found)
        toggle = self._handle(self._toggle[1]) if self._toggle else None
        marks = [(handle, number)] + self._upcoming(number, step) if handle else []
        if toggle is not None and self._toggle is not None and handle:
            marks.append((toggle, self._toggle[0]))
        guide_page.mark(self.page, marks)
        where: ElementHandle | None = handle
        if handle is None:
            instruction = self.words["absent"].format(label=label)
        elif not handle.is_visible():  # in a menu the person has not opened (again)
            where = toggle
            instruction = self.words["menu" if toggle else "hidden"].format(label=label)
        if where is None:
            highlight.clear(self.page)
        else:
            highlight.draw(
                where,
                number=number,
                caption=self.options.caption(step),
                detail=self._message + instruction,
                style=self.options.style,
            )
        # The banner keeps to the half of the window the target is not in.
        box, window = (where.bounding_box() if where else None), self.page.viewport_size
        low = bool(box and window and box["y"] + box["height"] / 2 > window["height"] / 2)
        warning = (
            self.words["warning"] + self.options.caption(step)
            if step.effect == "destructive"
            else ""
        )
        said = self._message + instruction if where is None else self._note or warning
        highlight.banner(self.page, title, said, top=low)

    def _upcoming(self, number: int, step: StepBase) -> list[tuple[ElementHandle, int]]:
        """While a field is filled in, the next step's target is marked too: the click that
        ends the typing (on the button, say) is then known for what it was."""
        handle = self._handle(self._next_shown(number)) if step.effect == "input" else None
        return [(handle, number + 1)] if handle is not None else []

    def _handle(self, found: Found | None) -> ElementHandle | None:
        try:
            return found.locator.element_handle(timeout=1000) if found else None
        except PlaywrightError:
            return None  # gone since it was found

    def _visible(self, target: Target) -> Found | None:
        found = self.look(target, 0)
        return found if found is not None and found.visible else None

    def _next_shown(self, number: int) -> Found | None:
        """The next step's target, when it is shown."""
        steps = self.flow.steps
        upcoming = steps[number].target if number < len(steps) else None
        return self._visible(self.player.render_target(upcoming)) if upcoming is not None else None

    def _pump(self, ms: int) -> None:
        """Let Playwright deliver what the page reported, for ``ms`` milliseconds."""
        self.page.wait_for_timeout(ms)

    def closed(self) -> bool:
        browser = self.page.context.browser
        return self.page.is_closed() or (browser is not None and not browser.is_connected())

    # -- words ------------------------------------------------------------------------------

    def _instruction(self, step: StepBase, target: Target) -> str:
        if step.effect == "reveal" and not self._message:
            return self.words["reveal"]
        kind = step.action if step.action in ("fill", "check", "select") else "click"
        text = self.words[kind + ("+" if self._message else "")].format(
            label=target.wanted, option=self._option(step)
        )
        return (self.words["warning"] if step.effect == "destructive" else "") + text

    def _timeout(self, step: StepBase, limit: int, shown: bool) -> str:
        what = self.options.render(step.target.describe()) if step.target else ""
        if shown:
            return f"waited {limit / 1000:g} s for {what} to be shown"
        return (
            f"waited {limit / 1000:g} s for the person to {step.action} {what}; tebiki "
            "never does it for them"
        )

    def _option(self, step: StepBase) -> str:
        return self.options.render(step.option) if isinstance(step, SelectStep) else ""


class Guide:
    """The guide's walk of one flow: the Player's loop with the guide's policy."""

    def __init__(
        self, page: Page, flow: Flow, options: PlayOptions, guide: GuideOptions | None = None
    ) -> None:
        self.policy = GuidePolicy(guide)
        self.player = Player(page, flow, options, policy=self.policy)

    def play(self) -> GuideResult:
        self.player.play()
        return self.policy.result


def guide_player(guide: GuideOptions) -> Callable[[Page, Flow, PlayOptions], PlayResult]:
    """A WalkRequest.player that guides a person through the flow instead of playing it."""
    return lambda page, flow, options: Player(page, flow, options, GuidePolicy(guide)).play()
