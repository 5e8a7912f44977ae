"""The contract between the step loop and a mode: what the loop (``Player``) offers a policy
(``Loop``), what a policy does at each effect (``Policy``), and what it says it did (``Done``).
The modes themselves are in policies.py (run), dry_run.py (the dry run) and guide.py (the
guide)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal, Protocol

from tebiki.flowfile.model import StepBase, Target
from tebiki.page.locate import Found
from tebiki.playing.outcome import Outcome

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from tebiki.drawing.capture import Capture
    from tebiki.drawing.highlight import Drawn
    from tebiki.errors import StepFailed
    from tebiki.flowfile.model import Flow
    from tebiki.playing.options import PlayOptions
    from tebiki.playing.results import PlayResult, StepReport
    from tebiki.playing.send_guard import SendGuard


class Loop(Protocol):
    """What a policy may ask of the step loop that plays it (the Player)."""

    page: Page
    flow: Flow
    options: PlayOptions
    capture: Capture
    result: PlayResult
    number: int  # the step under way
    confirmed_step: int | None  # a destructive step the person confirmed
    overlay: Drawn | None  # what the policy drew at this step, for its report
    sends: SendGuard | None  # what the page may send, where the policy guards it

    def play(self) -> PlayResult: ...

    def failure(
        self,
        number: int,
        step: StepBase,
        message: str,
        *,
        missing: Target | None = None,
        refused: tuple[str, ...] = (),
        covered: bool = False,
    ) -> StepFailed: ...

    def settle(self) -> None: ...

    def caption(self, step: StepBase) -> str: ...

    def render(self, text: str) -> str: ...

    def render_target(self, target: Target) -> Target: ...


@dataclass(frozen=True)
class Done:
    """What a policy did at a step; the loop reports it."""

    outcome: Outcome
    detail: str = ""
    screenshot: Path | None = None
    stop: bool = False  # the walk stops here (a destructive step not performed)
    then_open: str = ""  # an address the loop opens once the step is reported


class Policy(ABC):
    """One mode of the step loop. The effect methods get the step's rendered target and what
    the loop found of it: None only where ``waits`` (the person may still get to its page).
    ``walk``, ``begin``, ``end``, ``closed``, ``opened`` and ``unchecked`` are hooks a mode
    may leave as they are."""

    acts: ClassVar[bool] = True  # a press reaches the site (tebiki's click or the person's)
    waits: ClassVar[bool] = False  # a target not on the page yet is waited for, not failed
    # Declared overlays: dismissed as a person would (run), hidden with no event (dry run,
    # shots), or left to the person (guide).
    overlays: ClassVar[Literal["dismiss", "hide", "leave"]] = "dismiss"
    # Native dialogs are answered by the loop; in the guide, by the person in the window.
    answers_dialogs: ClassVar[bool] = True
    # What a page sends once tebiki acted on it is blocked (send_guard.py): the dry run's.
    guards_sends: ClassVar[bool] = False
    shot_name: ClassVar[str] = "failed-step"  # the failed step's screenshot: NAME-NN.png

    player: Loop

    def bind(self, player: Loop) -> None:
        """The loop this policy plays in; called once, before the walk."""
        self.player = player

    def walk(self, steps: Callable[[], None]) -> None:
        """Around the whole walk (the start page and every step)."""
        steps()

    def begin(self, number: int, step: StepBase) -> None:  # noqa: B027 (a hook)
        """Before a step, whatever it is."""

    def end(self, report: StepReport) -> None:  # noqa: B027 (a hook)
        """After a step is reported (done, skipped or failed)."""

    def closed(self) -> bool:
        """Whether the window was closed under the walk (not a failure of the step)."""
        return False

    def opened(self, number: int, step: StepBase, url: str) -> None:  # noqa: B027 (a hook)
        """A goto step: the loop opened ``url``."""

    def unchecked(self, step: StepBase) -> str:
        """Why an expect step is not checked in this mode ("": it is)."""
        return ""

    def reachable(self, found: Found) -> bool:
        """Whether a hidden target is still this mode's to act on (a dry run follows a link
        in a menu that opens only on a click): else an optional step whose target is hidden
        is skipped, as a person would pass it by."""
        return False

    @abstractmethod
    def look(self, target: Target, timeout_ms: int) -> Found | None:
        """The target as this mode sees the page."""

    @abstractmethod
    def shown(self, number: int, step: StepBase, found: Found, said: str) -> Path | None:
        """Show what a read step read (``said``, its summary); a screenshot when kept."""

    @abstractmethod
    def expect(self, number: int, step: StepBase, target: Target, found: Found | None) -> Done:
        """An expect step: its target must be shown."""

    @abstractmethod
    def navigate(self, number: int, step: StepBase, target: Target, found: Found | None) -> Done:
        """A click that opens another page."""

    @abstractmethod
    def reveal(self, number: int, step: StepBase, target: Target, found: Found | None) -> Done:
        """A click that opens a menu or a section on the same page."""

    @abstractmethod
    def input(self, number: int, step: StepBase, target: Target, found: Found | None) -> Done:
        """A field filled in, a box ticked, an option chosen."""

    @abstractmethod
    def press(self, number: int, step: StepBase, target: Target, found: Found | None) -> Done:
        """submit and destructive: what changes the site. Where ``acts``, the loop judges the
        site's answer unless the Done stops the walk."""
