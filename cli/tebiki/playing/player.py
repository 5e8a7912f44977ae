"""Plays a flow on a page: the one step loop of every mode, following the table of effects
(docs/semantics.md).

The loop opens the start page and the goto steps, renders each step's target with the flow's
variables and finds it (an optional step whose target is not on the page is skipped), reads what
read steps read, judges what the site answered a submit or destructive step, reports each step,
and fails a step with a screenshot (or, with keep_going, reports it and goes on). What each
effect does is the mode's policy: run in policies.py, dry-run (also tutorial shots) in
dry_run.py, the guide, where the person acts, in guide.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import NamedTuple

import structlog
from playwright.sync_api import Dialog, Page
from playwright.sync_api import Error as PlaywrightError

from tebiki.drawing.capture import Capture
from tebiki.drawing.highlight import Drawn
from tebiki.errors import EnvironmentProblem, StepFailed
from tebiki.flowfile.model import (
    LANDMARKS,
    ExpectStep,
    FillStep,
    Flow,
    GotoStep,
    ReadStep,
    StepBase,
    Target,
)
from tebiki.flowfile.variables import render_target
from tebiki.page import reading
from tebiki.page.instead import alert_texts, page_sections
from tebiki.page.locate import Found, find, forget_opener, remember_opener, section_shown
from tebiki.page.reading import Reading
from tebiki.playing.dry_run import DryRunPolicy
from tebiki.playing.failure import first_line, step_failure
from tebiki.playing.judging import ambiguity, page_heading, refused_form, unexpected_dialog
from tebiki.playing.options import PAGE_MS, Mode, PlayOptions
from tebiki.playing.origins import OriginGuard
from tebiki.playing.outcome import Outcome
from tebiki.playing.overlays import dismiss_overlays, hide_overlays
from tebiki.playing.page_watch import PageWatch
from tebiki.playing.policies import MASK, RunPolicy
from tebiki.playing.policy import Done, Policy
from tebiki.playing.results import PlayResult, StepReport
from tebiki.playing.send_guard import SendGuard

log = structlog.get_logger()

__all__ = [
    "MASK",
    "PAGE_MS",
    "Mode",
    "Outcome",
    "PlayOptions",
    "PlayResult",
    "Player",
    "StepReport",
    "open_page",
]


def open_page(
    page: Page, url: str, timeout_ms: int, committed: Callable[[], None] | None = None
) -> None:
    """Load a page; a site that cannot be reached, or does not answer, is the environment's
    problem (exit 3), not the flow's. ``committed``: told once the new document is the page's,
    before it loads what it loads."""
    wait = max(timeout_ms, PAGE_MS)
    try:
        if committed is None:
            page.goto(url, wait_until="load", timeout=wait)
        else:
            page.goto(url, wait_until="commit", timeout=wait)
            committed()
            page.wait_for_load_state("load", timeout=wait)
    except PlaywrightError as error:
        message = first_line(error).removeprefix("Page.goto: ")
        if "net::ERR_" in message:
            reason = message.split(" at ", 1)[0]  # the address is said once, before it
            raise EnvironmentProblem(f"site unreachable: {url} ({reason})") from None
        if "Timeout" in message:
            raise EnvironmentProblem(
                f"site not answering: {url} gave no page in {wait / 1000:g} s"
            ) from None
        raise


def stopped_answering(page: Page, watch: PageWatch) -> EnvironmentProblem | None:
    """The site went away under the walk: the page is the browser's own error page (a click
    led to an address that no longer answers)."""
    if not page.url.startswith("chrome-error://"):
        return None
    url, why = watch.failed_document() or ("the next page", "no answer")
    if "BLOCKED_BY_CLIENT" in why:
        return None  # stopped by tebiki itself (a page outside the flow's origins): said so
    return EnvironmentProblem(f"the site stopped answering: {url} ({why})")


def browser_gone(page: Page, error: PlaywrightError) -> bool:
    """Whether the page's browser is gone: the page closed with it, or its connection (which
    the error may tell before the browser object has heard of it)."""
    said = str(error)
    if "Browser closed" in said or "Connection closed" in said or page.is_closed():
        return True
    browser = page.context.browser
    return browser is not None and not browser.is_connected()


class _Before(NamedTuple):
    """The page as a submit found it: what its alerts said, which document, which address."""

    alerts: frozenset[str]
    document: float | None
    url: str


class Player:
    """The step loop. ``policy``: what each effect does (by default the options' mode's)."""

    def __init__(
        self, page: Page, flow: Flow, options: PlayOptions, policy: Policy | None = None
    ) -> None:
        self.page = page
        self.flow = flow
        self.options = options
        self.policy = policy or (DryRunPolicy() if options.mode == "dry-run" else RunPolicy())
        self.result = PlayResult()
        self.number = 1  # the step under way
        self.overlay: Drawn | None = None  # what the policy drew at this step, for its report
        self.capture = Capture(page, flow.mask, options, flow.show_addresses)
        self.watch = PageWatch(page)
        self.origins = OriginGuard(page, flow.allowed_origins(options.base_url))
        # After the origin guard: routes set later are asked first, and fall back to it.
        self.sends = SendGuard(page) if self.policy.guards_sends else None
        self.confirmed_step: int | None = None  # a destructive step the person confirmed
        self._dismissed: list[str] = []  # overlays dismissed during the step under way
        self._after_reveal = False  # the step before this one opened a menu or a dialog
        overlays = [*flow.overlays, *options.overlays]
        if self.policy.overlays == "dismiss":
            dismiss_overlays(page, overlays, lambda o: self._dismissed.append(o.name))
        elif self.policy.overlays == "hide":
            hide_overlays(page, overlays)
        if self.policy.answers_dialogs:
            self.watch.answer = self._answer_dialog
        else:
            self.watch.answer = lambda dialog: None
        self._last_failure: StepFailed | None = None  # keep_going: the step that went wrong
        self.policy.bind(self)

    # -- the walk ---------------------------------------------------------------------------

    def play(self) -> PlayResult:
        self.result.captions = [self.caption(step) for step in self.flow.steps]
        try:
            self.policy.walk(self._walk)
        finally:
            if self.sends is not None:
                self.result.blocked_sends = list(self.sends.blocked)
                self.result.own_sends = list(self.sends.own)
        return self.result

    def _walk(self) -> None:
        self.open(self.options.site_url(self.flow.start))
        self._judge_document(1, self.flow.steps[0], "the start page")
        left = self.origins.after_step()
        if left:
            raise self.failure(1, self.flow.steps[0], left)
        for number, step in enumerate(self.flow.steps, start=1):
            self.number = number
            log.debug("step", number=number, action=step.action, effect=step.effect)
            if isinstance(step, ReadStep) and self._last_failure is not None:
                # The way to the page failed: reading whatever page this is would say nothing.
                self._went_wrong(number, step, self._last_failure)
                continue
            failed_before = self._last_failure
            try:
                self.policy.begin(number, step)
                stop = self._play_step(number, step)
                self._judge_document(number, step)
                left = self.origins.after_step()
                if left:
                    raise self.failure(number, step, left)
            except PlaywrightError as error:
                if self.policy.closed():
                    raise  # the person closed the window: the policy says so
                if browser_gone(self.page, error):
                    # The browser (or the server it came from) went away under the step:
                    # the environment's problem, not the flow's.
                    raise EnvironmentProblem(
                        f"the browser went away: {first_line(error)}"
                    ) from None
                # The page went away under the step (it navigated or reloaded by itself).
                message = f"the page changed while the step was played: {first_line(error)}"
                failure = self.failure(number, step, message)
                if not self.options.keep_going:
                    raise failure from None
                stop = self._went_wrong(number, step, failure)
            except StepFailed as failure:
                if not self.options.keep_going:
                    raise
                stop = self._went_wrong(number, step, failure)
            if self._last_failure is failed_before:
                self._last_failure = None  # this step went well: the walk is back on its way
            if stop:
                self.result.stopped_before = number
                break

    def _went_wrong(self, number: int, step: StepBase, failure: StepFailed) -> bool:
        """keep_going: say what failed, note a read that did not happen, and go on."""
        self._last_failure = failure
        if isinstance(step, ReadStep):
            self.result.readings[step.into] = Reading.missing(step, failure.message)
        self.report(number, step, Outcome.FAILED, failure.message)
        return False

    def _play_step(self, number: int, step: StepBase) -> bool:
        """Play one step; True when the walk stops here (a destructive step not performed)."""
        policy = self.policy
        # A popup that names no control is the last reveal's only at the step right after it.
        after_reveal, self._after_reveal = self._after_reveal, False
        if not after_reveal:
            forget_opener(self.page)
        if isinstance(step, GotoStep):
            url = self.options.site_url(self.render(step.goto))
            self._open_within(number, step, url)
            policy.opened(number, step, url)
            self.report(number, step, Outcome.OPENED, url)
            return False
        assert step.target is not None
        target = self.render_target(step.target)
        if isinstance(step, ReadStep):
            return self._read(number, step, target)
        unchecked = policy.unchecked(step)
        if unchecked:
            self.report(number, step, Outcome.NOT_CHECKED, unchecked)
            return False
        found = self._find(number, step, target)
        if found is None and step.optional:
            why = f"optional: {target.describe()} is not on this page"
            self.report(number, step, Outcome.SKIPPED, why)
            self._after_reveal = after_reveal  # a step the page lacks is not in between
            return False
        self._acting(number)
        if isinstance(step, ExpectStep):
            return self._done(number, step, policy.expect(number, step, target, found))
        effect = step.effect
        if effect == "navigate":
            return self._done(number, step, policy.navigate(number, step, target, found))
        if effect == "reveal":
            if found is not None:
                # Resolved once: the reveal measures, opens and marks it more than once.
                found = remember_opener(found)
                self._after_reveal = True
            return self._done(number, step, policy.reveal(number, step, target, found))
        if effect == "input":
            if (
                isinstance(step, FillStep)
                and step.secret
                and not self.origins.allows(self.page.url)
            ):
                message = (
                    f"the secret is not typed on {self.page.url}: it is outside the flow's origins"
                )
                raise self.failure(number, step, message)
            return self._done(number, step, policy.input(number, step, target, found))
        return self._press(number, step, target, found)

    def _find(self, number: int, step: StepBase, target: Target) -> Found | None:
        """The step's target; None for an optional one not on the page, and where the policy
        waits for the person, for one not on this page yet."""
        waits = self.policy.waits and not step.optional
        # Looked for at once first: a target already shown in its section costs one look at
        # the page, and only one that is not is waited for (a section drawn late included).
        found = self.policy.look(target, 0)
        shown = found is not None and found.visible and not found.scope_missing
        if step.optional:
            # Hidden is not decided at once either: a framework may draw the target hidden and
            # show it when its data comes (Dash's checkbox).
            if not shown:
                # Looked at once more when the page has settled: it may have drawn the target
                # last (and a look at it then is what a person would see).
                self._await_optional(target)
                found = self.policy.look(target, 0)
            if found is not None and not found.visible and not self.policy.reachable(found):
                return None  # on the page but not shown: a person would not do this step
        elif not shown and not waits:
            self._await_scope(number, step, target)
            found = self.policy.look(target, self.options.timeout_ms)
        if found is None and not step.optional and not waits:
            raise self.failure(
                number, step, f"{target.describe()} not found on {self.page.url}", missing=target
            )
        if found is not None and found.ambiguous and not isinstance(step, ExpectStep):
            # Nothing is done to an expect step's target: shown twice is still shown.
            raise self.failure(number, step, ambiguity(target, found))
        if found is not None and found.scope_missing:
            sections = "、".join(page_sections(self.page)[:12]) or "none"
            raise self.failure(
                number,
                step,
                f"the page has no section 「{target.within}」 (its sections: {sections}), so "
                f"{target.describe()} cannot be told apart; nothing was done",
            )
        return found

    def _await_scope(self, number: int, step: StepBase, target: Target) -> None:
        """A section the page does not show fails the step as soon as the page has settled
        without it, not after the whole wait for the target."""
        within = target.within
        if not within or within in LANDMARKS or section_shown(self.page, within):
            return
        deadline = time.monotonic() + self.options.timeout_ms / 1000
        while time.monotonic() < deadline:
            if section_shown(self.page, within):
                return
            # Settled means done drawing, and what it drew last may be the section itself.
            if self.watch.settled() and not section_shown(self.page, within):
                message = f"{target.describe()} not found on {self.page.url}"
                raise self.failure(number, step, message, missing=target)

    def _await_optional(self, target: Target) -> None:
        """An optional step's target is looked for until it shows or the page has settled
        (loaded, nothing in flight, its document quiet for a moment): a page that draws it
        late still has it found, and one that lacks it costs no fixed wait."""
        deadline = time.monotonic() + self.options.timeout_ms / 1000
        while time.monotonic() < deadline:
            found = find(self.page, target, 0)
            if found is not None and found.visible:
                return
            if self.watch.settled():
                return

    def _press(self, number: int, step: StepBase, target: Target, found: Found | None) -> bool:
        """submit and destructive: in a mode that acts, the site's answer is judged here."""
        before = None
        if self.policy.acts:
            alerts = frozenset(alert_texts(self.page))
            before = _Before(alerts, self._document(), self.page.url)
        done = self.policy.press(number, step, target, found)
        if before is not None and not done.stop:
            # The form shown again (a new document at the same address) answers with all its
            # alerts, even one that reads like the last page's; elsewhere only new words count,
            # so a banner every page carries is never taken for a refusal.
            again = self._document() != before.document and self.page.url == before.url
            said = alert_texts(self.page)
            refused = tuple(text for text in said if again or text not in before.alerts)
            if refused:
                message = "the site refused it: " + " / ".join(refused)
                raise self.failure(number, step, message, refused=refused)
            if found is not None and self._document() == before.document:
                invalid = refused_form(found)
                if invalid:
                    raise self.failure(number, step, invalid)
        return self._done(number, step, done)

    def _done(self, number: int, step: StepBase, done: Done) -> bool:
        detail = done.detail
        for name in self._dismissed:
            said = f"dismissed 「{name}」 first, as a person would"
            detail = f"{detail}; {said}" if detail else said
        self._dismissed.clear()
        for dialog in self.watch.take_dialogs():
            if not dialog.expected:
                raise self.failure(number, step, unexpected_dialog(dialog, number))
            detail = f"{detail}; {dialog.said()}" if detail else dialog.said()
        self.report(number, step, done.outcome, detail, done.screenshot)
        if done.then_open:
            self._open_within(number, step, done.then_open)
        return done.stop

    def _read(self, number: int, step: ReadStep, target: Target) -> bool:
        """Read what the page shows; in every mode, since reading never clicks."""
        found = reading.locate(self.page, target, self.options.patience(step))
        if found is None:
            why = f"{target.describe()} not found on {self.page.url}"
            if not step.optional:
                raise self.failure(number, step, why, missing=target)
            self.result.readings[step.into] = Reading.missing(step, why)
            self.report(number, step, Outcome.SKIPPED, f"optional: {why}")
            return False
        self._acting(number)
        read = reading.extract(found, step, self.options.caption_lang)
        self.result.readings[step.into] = read
        shot = self.policy.shown(number, step, found, read.summary())
        detail = "\n".join([read.summary(), *read.problems])
        self.report(number, step, Outcome.READ, detail, shot)
        return False

    # -- what every policy uses -------------------------------------------------------------

    def failure(
        self,
        number: int,
        step: StepBase,
        message: str,
        *,
        missing: Target | None = None,
        refused: tuple[str, ...] = (),
        covered: bool = False,
    ) -> StepFailed:
        """The error for a step that could not be done, with a screenshot (failure.py). On the
        browser's own error page the step failed because the site stopped answering under it
        (the page it led to never came): that is said instead, and nothing is kept."""
        gone = stopped_answering(self.page, self.watch)
        if gone is not None:
            raise gone
        return step_failure(
            self.page,
            self.capture,
            self.options.artifacts,
            number,
            self.caption(step),
            message,
            shot_name=self.policy.shot_name,
            missing=missing,
            refused=refused,
            covered=covered,
        )

    def report(
        self,
        number: int,
        step: StepBase,
        outcome: Outcome,
        detail: str = "",
        screenshot: Path | None = None,
    ) -> None:
        target = step.target.describe() if step.target else ""
        label = step.target.wanted if step.target else ""
        report = StepReport(
            number,
            len(self.flow.steps),
            self.caption(step),
            step.effect,
            outcome,
            detail,
            screenshot,
            self.render(target),
            self.render(label),
            self.overlay,
        )
        self.overlay = None
        self.result.reports.append(report)
        self.options.on_step(report)
        self.policy.end(report)

    def _answer_dialog(self, dialog: Dialog) -> tuple[bool, bool]:
        """A native dialog at the step under way: (accept it, was it expected)."""
        step = self.flow.steps[self.number - 1]
        if step.dialog is not None:
            return step.dialog == "accept", True
        if dialog.type == "beforeunload" and step.effect == "navigate":
            return True, True  # the person chose to leave the page
        if step.effect == "destructive" and self.confirmed_step == self.number:
            return dialog.type == "confirm", dialog.type == "confirm"
        return False, False

    def _judge_document(self, number: int, step: StepBase, what: str = "") -> None:
        """A page the site answered with an HTTP error fails the step that led to it; a site
        that stopped answering ends the walk as the environment's problem."""
        gone = stopped_answering(self.page, self.watch)
        if gone is not None:
            raise gone
        error = self.watch.error_document()
        if error is None:
            return
        heading = page_heading(self.page)
        said = f": 「{heading}」" if heading else ""
        where = what or f"step {number}'s page"
        raise self.failure(
            number,
            step,
            f"{where} {error.url} answered HTTP {error.status} {error.status_text}{said}".rstrip(),
        )

    def _open_within(self, number: int, step: StepBase, url: str) -> None:
        problem = self.origins.problem(url)
        if problem:
            raise self.failure(number, step, problem)
        self.open(url)

    def open(self, url: str) -> None:
        if self.sends is None:
            open_page(self.page, url, self.options.timeout_ms)
            return
        # The new page's own requests, from its first, are its own: the guard lets them go as
        # soon as it is the page's document (and whatever happens, once the opening is over).
        self.sends.opening(url)
        try:
            open_page(self.page, url, self.options.timeout_ms, committed=self.sends.opened)
        finally:
            self.sends.opened()

    def _acting(self, number: int) -> None:
        """tebiki is about to act on the page (look at a target closely, hover it, draw on
        it): where the policy guards, the page may send nothing from now on."""
        if self.sends is not None:
            self.sends.arm(number)

    def settle(self) -> None:
        # A page that keeps loading is judged by what it shows next.
        with suppress(PlaywrightError):
            self.page.wait_for_load_state("load", timeout=max(self.options.timeout_ms, PAGE_MS))

    def _document(self) -> float | None:
        """Which document the page shows: its time origin changes with every page load."""
        try:
            origin: float = self.page.evaluate("performance.timeOrigin")
        except PlaywrightError:
            return None  # between two documents: whatever comes next is a new one
        return origin

    def caption(self, step: StepBase) -> str:
        return self.options.caption(step)

    def render(self, text: str) -> str:
        return self.options.render(text)

    def render_target(self, target: Target) -> Target:
        return render_target(target, self.options.variables)
