"""Plays a flow on a page, in one of two modes, following DESIGN §4's table of effects.

dry-run: every target is found, checked with Playwright's actionability checks (``trial=True``)
and highlighted; links are followed by their address, menus opened by hover and focus; no click,
keystroke or form post ever reaches the page. run: the steps are performed; a destructive step
only when the ``confirm`` callback says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from dataclasses import replace as dataclass_replace
from pathlib import Path
from typing import Literal

import structlog
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from tebiki.drawing import highlight
from tebiki.drawing.capture import Capture
from tebiki.drawing.failure_marks import mark_missing
from tebiki.drawing.highlight import Box, Drawn, Style
from tebiki.errors import EnvironmentProblem, StepFailed
from tebiki.flowfile.model import (
    CheckStep,
    ExpectStep,
    FillStep,
    Flow,
    GotoStep,
    ReadStep,
    SelectStep,
    StepBase,
    Target,
)
from tebiki.flowfile.variables import render, render_target
from tebiki.page import reading
from tebiki.page.links import followable_address, in_menu_of
from tebiki.page.locate import Found, alert_texts, closest_names, find
from tebiki.page.reading import Reading

log = structlog.get_logger()

Mode = Literal["dry-run", "run"]
MASK = "••••••••"
_LOOKAHEAD_MS = 400
_OPTIONAL_MS = 1500
PAGE_MS = 15000  # a page load may take longer than finding a target


@dataclass(frozen=True)
class StepReport:
    """What happened at one step, as the person running the flow is told."""

    number: int
    total: int
    caption: str
    effect: str
    outcome: str
    detail: str = ""
    screenshot: Path | None = None
    target: str = ""  # how the target was described: link 「基本情報編集」 under 共通情報
    label: str = ""  # its label alone: 基本情報編集
    overlay: Drawn | None = None


@dataclass
class PlayResult:
    reports: list[StepReport] = field(default_factory=list)
    stopped_before: int | None = None
    captions: list[str] = field(default_factory=list)  # every step's, reached or not
    readings: dict[str, Reading] = field(default_factory=dict)  # what read steps found

    @property
    def completed(self) -> bool:
        return self.stopped_before is None


@dataclass
class PlayOptions:
    mode: Mode
    base_url: str
    variables: Mapping[str, str] = field(default_factory=dict)
    secrets: Mapping[str, str] = field(default_factory=dict)
    confirm: Callable[[int, str], bool] = lambda number, caption: False
    on_step: Callable[[StepReport], None] = lambda report: None
    highlight_ms: int = 0
    timeout_ms: int = 5000
    screenshots: Path | None = None
    artifacts: Path | None = None
    caption_lang: Literal["ja", "en"] = "ja"
    style: Style = "outline"
    full_page: bool = False
    crop: int | None = None  # padding around the overlay, or the whole page
    mask_text: tuple[str, ...] = ()  # regular expressions of text to mask in every image
    details: bool = True  # "would click" and the like in the callout (not in tutorials)
    stilled: bool = False  # the context's pages carry a style sheet that stops all motion
    renumber: bool = False  # number images as shown, leaving out skipped optional steps
    keep_going: bool = False  # a failed step is reported and the walk goes on (reports)

    # What the Player and the Guide both ask of the options: one answer each.

    def render(self, text: str) -> str:
        return render(text, self.variables)

    def caption(self, step: StepBase) -> str:
        return self.render(step.caption_in(self.caption_lang))

    def patience(self, step: StepBase) -> int:
        """How long to look for a step's target: an optional one is not waited for long."""
        return min(self.timeout_ms, _OPTIONAL_MS) if step.optional else self.timeout_ms

    def site_url(self, path: str) -> str:
        """A path of the site under --base-url, keeping any path prefix the base URL has."""
        if "://" in path:
            return path
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")


def open_page(page: Page, url: str, timeout_ms: int) -> None:
    """Load a page; a site that cannot be reached is the environment's problem (exit 3)."""
    try:
        page.goto(url, wait_until="load", timeout=max(timeout_ms, PAGE_MS))
    except PlaywrightError as error:
        message = _first_line(error)
        if "net::ERR_" in message:
            raise EnvironmentProblem(f"site unreachable: {url} ({message})") from None
        raise


class Player:
    def __init__(self, page: Page, flow: Flow, options: PlayOptions) -> None:
        self.page = page
        self.flow = flow
        self.options = options
        self.dry = options.mode == "dry-run"
        self.result = PlayResult()
        self._revealer: Found | None = None
        # Set when a menu did not open without a click: its links will stay hidden.
        self._menu_closed = False
        self._after_closed_menu = False
        self._overlay: Drawn | None = None
        self._revealed: Box | None = None  # what a reveal opened, for the callout to avoid
        self._skipped_submit = False
        self._last_failure: StepFailed | None = None  # keep_going: the step that went wrong
        self._capture = Capture(page, flow.mask, options)

    # -- the walk ---------------------------------------------------------------------------

    def play(self) -> PlayResult:
        self._open(self.options.site_url(self.flow.start))
        total = len(self.flow.steps)
        self.result.captions = [self._caption(step) for step in self.flow.steps]
        for number, step in enumerate(self.flow.steps, start=1):
            log.debug("step", number=number, action=step.action, effect=step.effect)
            if isinstance(step, ReadStep) and self._last_failure is not None:
                # The way to the page failed: reading whatever page this is would say nothing.
                self._went_wrong(number, total, step, self._last_failure)
                continue
            failed_before = self._last_failure
            try:
                stop = self._play_step(number, total, step)
            except PlaywrightError as error:
                # The page went away under the step (it navigated or reloaded by itself).
                message = f"the page changed while the step was played: {_first_line(error)}"
                failure = self._failure(number, step, message)
                if not self.options.keep_going:
                    raise failure from None
                stop = self._went_wrong(number, total, step, failure)
            except StepFailed as failure:
                if not self.options.keep_going:
                    raise
                stop = self._went_wrong(number, total, step, failure)
            if self._last_failure is failed_before:
                self._last_failure = None  # this step went well: the walk is back on its way
            if stop:
                self.result.stopped_before = number
                break
        return self.result

    def _went_wrong(self, number: int, total: int, step: StepBase, failure: StepFailed) -> bool:
        """keep_going: say what failed, note a read that did not happen, and go on."""
        self._last_failure = failure
        if isinstance(step, ReadStep):
            self.result.readings[step.into] = Reading.missing(step, failure.message)
        self._report(number, total, step, "failed", failure.message)
        return False

    def _play_step(self, number: int, total: int, step: StepBase) -> bool:
        """Play one step; True when the walk stops here (a destructive step not performed)."""
        if isinstance(step, GotoStep):
            url = self.options.site_url(self._render(step.goto))
            self._open(url)
            self._report(number, total, step, "opened", url)
            return False
        target = self._render_target(step.target) if step.target else None
        assert target is not None
        if isinstance(step, ReadStep):
            return self._read(number, total, step, target)
        if isinstance(step, ExpectStep) and self.dry and self._skipped_submit:
            self._report(
                number,
                total,
                step,
                "not checked",
                "it follows a submit that the dry run did not send",
            )
            return False
        found = self._find(number, step, target)
        if found is None:
            self._report(
                number, total, step, "skipped", f"optional: {target.describe()} is not on this page"
            )
            return False
        if isinstance(step, ExpectStep):
            return self._expect(number, total, step, found)
        effect = step.effect
        if effect == "navigate":
            return self._navigate(number, total, step, target, found)
        if effect == "reveal":
            return self._reveal(number, total, step, found)
        if effect == "input":
            return self._input(number, total, step, found)
        return self._press(number, total, step, found)

    # -- effects ----------------------------------------------------------------------------

    def _navigate(
        self, number: int, total: int, step: StepBase, target: Target, found: Found
    ) -> bool:
        if not found.visible:
            return self._follow_hidden_link(number, total, step, target, found)
        self._check_actionable(number, step, found)
        shot = self._show(number, step, found, "")
        if not self.dry:
            self._click(number, step, found)
            self._report(number, total, step, "clicked", self._describe_match(found), shot)
            return False
        href = self._href(number, step, found)
        self._report(number, total, step, "followed link", href, shot)
        self._open(href)
        return False

    def _follow_hidden_link(
        self, number: int, total: int, step: StepBase, target: Target, found: Found
    ) -> bool:
        """A menu that opens only on a click hides its links from a dry run: go by address, but
        only for the step right after that menu's toggle, and only for a link in that menu."""
        revealer = self._revealer
        if (
            not self.dry
            or revealer is None
            or not self._after_closed_menu
            or not in_menu_of(found.locator, revealer.locator)
        ):
            raise self._failure(number, step, f"{target.describe()} is on the page but hidden")
        href = self._href(number, step, found)
        shot = self._show(
            number, step, revealer, "menu opens on click; link followed by its address"
        )
        self._report(
            number,
            total,
            step,
            "followed link",
            f"{href} (hidden in a menu that opens only on click)",
            shot,
        )
        self._open(href)
        return False

    def _reveal(self, number: int, total: int, step: StepBase, found: Found) -> bool:
        self._check_actionable(number, step, found)
        self._revealer = found
        try:
            found.locator.hover(timeout=self.options.timeout_ms)
            opened = self._next_target_visible(number)
            if not opened:  # menus that open on keyboard focus (:focus-within)
                found.locator.focus(timeout=self.options.timeout_ms)
                opened = self._next_target_visible(number)
        except PlaywrightError as error:
            message = f"cannot hover {found.name}: {_first_line(error)}"
            raise self._failure(number, step, message) from None
        self._menu_closed = self.dry and not opened
        how = "hovered"
        if not opened and not self.dry:
            self._click(number, step, found)
            how = "clicked (hover did not open it)"
        shot = self._show(number, step, found, "")
        self._report(
            number,
            total,
            step,
            how if not self.dry else "revealed",
            "" if opened or not self.dry else "menu did not open without a click",
            shot,
        )
        return False

    def _input(self, number: int, total: int, step: StepBase, found: Found) -> bool:
        self._check_actionable(number, step, found)
        shown_value = self._input_value(step)
        verb = "would type" if isinstance(step, FillStep) else "would set"
        if isinstance(step, CheckStep):
            shown_value, verb = "✓", "would tick"
        detail = f"{verb}: {shown_value}"
        shot = self._show(number, step, found, detail if self.dry else "")
        if self.dry:
            self._report(number, total, step, "highlighted", detail, shot)
            return False
        try:
            if isinstance(step, FillStep):
                found.locator.fill(self._fill_value(step), timeout=self.options.timeout_ms)
            elif isinstance(step, CheckStep):
                found.locator.check(timeout=self.options.timeout_ms)
            elif isinstance(step, SelectStep):
                found.locator.select_option(
                    label=self._render(step.option), timeout=self.options.timeout_ms
                )
        except PlaywrightError as error:
            message = f"cannot enter a value: {_first_line(error)}"
            raise self._failure(number, step, message) from None
        done = {"would type": "typed", "would set": "selected", "would tick": "ticked"}[verb]
        self._report(number, total, step, done, shown_value, shot)
        return False

    def _press(self, number: int, total: int, step: StepBase, found: Found) -> bool:
        """submit and destructive: the two effects that change the site."""
        self._check_actionable(number, step, found)
        destructive = step.effect == "destructive"
        if self.dry:
            detail = (
                "stops here: a destructive step is never performed in a dry run"
                if destructive
                else "would click (not sent in a dry run)"
            )
            shot = self._show(number, step, found, detail)
            self._report(number, total, step, "highlighted", detail, shot)
            self._skipped_submit = True
            return destructive
        shot = self._show(number, step, found, "")
        if destructive and not self.options.confirm(number, self._caption(step)):
            self._report(
                number, total, step, "not performed", "destructive step not confirmed", shot
            )
            return True
        before, document, url = set(alert_texts(self.page)), self._document(), self.page.url
        self._click(number, step, found)
        self._settle()
        # The form shown again (a new document at the same address) answers with all its
        # alerts, even one that reads like the last page's; elsewhere only new words count, so
        # a banner every page carries is never taken for a refusal.
        again = self._document() != document and self.page.url == url
        refused = [text for text in alert_texts(self.page) if again or text not in before]
        if refused:
            raise self._failure(
                number, step, "the site refused it: " + " / ".join(refused), refused=tuple(refused)
            )
        self._report(number, total, step, "clicked", self._describe_match(found), shot)
        return False

    def _document(self) -> float | None:
        """Which document the page shows: its time origin changes with every page load."""
        try:
            origin: float = self.page.evaluate("performance.timeOrigin")
        except PlaywrightError:
            return None  # between two documents: whatever comes next is a new one
        return origin

    def _expect(self, number: int, total: int, step: StepBase, found: Found) -> bool:
        if not found.visible:
            raise self._failure(number, step, f"「{found.name}」 is on the page but not shown")
        shot = self._show(number, step, found, "")
        self._report(number, total, step, "seen", found.name, shot)
        return False

    def _read(self, number: int, total: int, step: ReadStep, target: Target) -> bool:
        """Read what the page shows; in every mode, since reading never clicks."""
        found = reading.locate(self.page, target, self.options.patience(step))
        if found is None:
            why = f"{target.describe()} not found on {self.page.url}"
            if not step.optional:
                raise self._failure(number, step, why, missing=target)
            self.result.readings[step.into] = Reading.missing(step, why)
            self._report(number, total, step, "skipped", f"optional: {why}")
            return False
        shot = self._show(number, step, found, "")
        read = reading.extract(found, step, self.options.caption_lang)
        self.result.readings[step.into] = read
        detail = "\n".join([read.summary(), *read.problems])
        self._report(number, total, step, "read", detail, shot)
        return False

    # -- helpers ----------------------------------------------------------------------------

    def _find(self, number: int, step: StepBase, target: Target) -> Found | None:
        found = find(
            self.page, target, self.options.patience(step), accept_hidden=self._menu_closed
        )
        self._after_closed_menu, self._menu_closed = self._menu_closed, False
        if found is not None and self.dry:
            handle = found.locator.element_handle(timeout=self.options.timeout_ms)
            found = dataclass_replace(found, handle=handle)
        if found is None and not step.optional:
            raise self._failure(
                number, step, f"{target.describe()} not found on {self.page.url}", missing=target
            )
        if found is not None and found.scope_missing:
            log.warning(
                "section not on page; used the only match", section=target.within, label=found.name
            )
        return found

    def _next_target_visible(self, number: int) -> bool:
        steps = self.flow.steps
        if number >= len(steps) or steps[number].target is None:
            return True
        upcoming = steps[number].target
        assert upcoming is not None
        found = find(self.page, self._render_target(upcoming), _LOOKAHEAD_MS)
        if found is None or not found.visible:
            return False
        drawing = self.dry or self.options.screenshots is not None or self.options.highlight_ms
        box = found.locator.bounding_box() if drawing else None
        if box is not None:
            scroll_x, scroll_y = self.page.evaluate("[window.scrollX, window.scrollY]")
            self._revealed = (box["x"] + scroll_x, box["y"] + scroll_y, box["width"], box["height"])
        return True

    def _check_actionable(self, number: int, step: StepBase, found: Found) -> None:
        """Playwright's actionability checks (visible, stable, receives events; enabled,
        editable), acting on nothing.

        ``hover(trial=True)`` rather than ``click(trial=True)``: a trial click still dispatches
        trusted pointerdown, pointerup and click events that a page listening on ``window``
        can see, and a dry run must not click at all. A run leaves the checks to the action.
        """
        if not self.dry:
            return
        try:
            found.element.hover(trial=True, timeout=self.options.timeout_ms)
            editing = isinstance(step, FillStep | SelectStep)
            usable: str = found.element.evaluate(_USABLE_JS, editing)
        except PlaywrightError as error:
            raise self._failure(
                number, step, f"「{found.name}」 is not usable: {_first_line(error)}"
            ) from None
        if usable:
            raise self._failure(number, step, f"「{found.name}」 {usable}")

    def _click(self, number: int, step: StepBase, found: Found) -> None:
        try:
            found.locator.click(timeout=self.options.timeout_ms)
        except PlaywrightError as error:
            raise self._failure(
                number, step, f"cannot click 「{found.name}」: {_first_line(error)}"
            ) from None

    def _href(self, number: int, step: StepBase, found: Found) -> str:
        """The address a dry run may open instead of clicking: a plain GET link only."""
        href, refusal = followable_address(found.element, self.page.url)
        if refusal:
            raise self._failure(
                number,
                step,
                f"「{found.name}」 {refusal}, so a dry run cannot follow it without clicking",
            )
        return href

    def _open(self, url: str) -> None:
        open_page(self.page, url, self.options.timeout_ms)

    def _settle(self) -> None:
        # A page that keeps loading is judged by what it shows next.
        with suppress(PlaywrightError):
            self.page.wait_for_load_state("load", timeout=max(self.options.timeout_ms, PAGE_MS))

    def _show(self, number: int, step: StepBase, found: Found, detail: str) -> Path | None:
        """Highlight the target; keep a screenshot of it when asked; hold it for a person."""
        options = self.options
        if not self.dry and options.highlight_ms <= 0 and options.screenshots is None:
            return None  # a plain run draws nothing, so it costs nothing
        ghost = ""
        if self.dry and isinstance(step, FillStep | SelectStep):
            ghost = self._input_value(step)
        elif self.dry and isinstance(step, CheckStep):
            ghost = "✓"
        masks, masked = self._capture.masks() if options.screenshots is not None else ([], ())
        # Playwright paints masks over everything: the callout keeps out of their way.
        avoid = ((self._revealed,) if self._revealed else ()) + masked
        shown = self._shown_number(number)
        self._overlay = highlight.draw(
            found.element,
            number=shown,
            caption=self._caption(step),
            detail=detail if options.details else "",
            style=options.style,
            ghost=ghost,
            avoid=avoid,
            scroll=not self.dry,
        )
        self._revealed = None
        path = None
        if options.screenshots is not None:
            path = options.screenshots / f"{shown:02d}-{step.effect}.png"
            self._capture.screenshot(path, self._overlay, masks)
        if options.highlight_ms > 0:
            self.page.wait_for_timeout(options.highlight_ms)
        highlight.clear(self.page)
        return path

    def _shown_number(self, number: int) -> int:
        """The step's number as a tutorial reader counts: optional steps the site does not
        have are left out of a tutorial, and the numbers close up behind them."""
        if not self.options.renumber:
            return number
        skipped = sum(1 for report in self.result.reports if report.outcome == "skipped")
        return number - skipped

    def _failure(
        self,
        number: int,
        step: StepBase,
        message: str,
        *,
        missing: Target | None = None,
        refused: tuple[str, ...] = (),
    ) -> StepFailed:
        """The error for a step that could not be done, with a screenshot under the artifacts
        folder. For a missing target, what the page has instead and what it says go into the
        message, and the place it was expected and the closest label are marked in the shot.
        ``refused``: the site's answer to this step's submit, its alerts."""
        shot, marked = None, ""
        closest = closest_names(self.page, missing.wanted) if missing is not None else []
        said = alert_texts(self.page)
        if missing is not None:
            message += (
                f"; closest labels on the page: {'、'.join(closest)}"
                if closest
                else "; nothing similar on the page"
            )
            if said:
                message += "; the page says: " + " / ".join(said)
        if self.options.artifacts is not None:
            path = self.options.artifacts / f"failed-step-{number:02d}.png"
            try:
                if missing is not None:
                    marked = mark_missing(
                        self.page, missing.wanted, missing.within, closest[0] if closest else None
                    )
                self._capture.screenshot(path)
                shot = path
            except (PlaywrightError, OSError):
                shot = None  # the failure itself matters more than its picture
            finally:
                if missing is not None:
                    highlight.clear(self.page)
        text = f"step {number} ({self._caption(step)}): {message}"
        if shot:
            text += f"\nscreenshot: {shot}" + (f"  (marked: {marked})" if marked else "")
        return StepFailed(
            text,
            step=number,
            url=self.page.url,
            alerts=refused or tuple(said),
            refused=bool(refused),
            screenshot=shot,
            wanted=missing.wanted if missing else "",
            closest=tuple(closest),
        )

    def _report(
        self,
        number: int,
        total: int,
        step: StepBase,
        outcome: str,
        detail: str = "",
        screenshot: Path | None = None,
    ) -> None:
        target = step.target.describe() if step.target else ""
        label = step.target.wanted if step.target else ""
        report = StepReport(
            number,
            total,
            self._caption(step),
            step.effect,
            outcome,
            detail,
            screenshot,
            self._render(target),
            self._render(label),
            self._overlay,
        )
        self._overlay = None
        self.result.reports.append(report)
        self.options.on_step(report)

    def _caption(self, step: StepBase) -> str:
        return self.options.caption(step)

    def _describe_match(self, found: Found) -> str:
        return f"「{found.name}」" + (" (matched loosely)" if found.loosely else "")

    def _input_value(self, step: StepBase) -> str:
        if isinstance(step, FillStep):
            return MASK if step.secret else self._render(step.value or "")
        if isinstance(step, SelectStep):
            return self._render(step.option)
        return ""

    def _fill_value(self, step: FillStep) -> str:
        if step.secret is not None:
            return self.options.secrets[step.secret]
        return self._render(step.value or "")

    def _render(self, text: str) -> str:
        return self.options.render(text)

    def _render_target(self, target: Target) -> Target:
        return render_target(target, self.options.variables)


# Playwright's "enabled" and "editable", in one round trip: "" when usable, else why not.
_USABLE_JS = """
(el, needsEditing) => {
  const disabled = el.matches(':disabled') || !!el.closest('[aria-disabled=true]');
  if (disabled) return 'is disabled';
  if (needsEditing && (el.readOnly || el.getAttribute('aria-readonly') === 'true'))
    return 'cannot be edited';
  return '';
}
"""


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
