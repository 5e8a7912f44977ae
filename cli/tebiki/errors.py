"""The exit statuses, and the errors a user can act on, each carrying its status."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitStatus(IntEnum):
    """What every tebiki command exits with (docs/semantics.md says the same to users)."""

    OK = 0  # done: the flow walked through, the check passed
    FLOW_FAILED = 1  # the flow failed on the site: a target missing, blocked, refused
    BAD_INPUT = 2  # a flow file, an option, a variable or a secret is wrong
    ENVIRONMENT = 3  # no browser, a browser that will not start, a site that cannot be reached
    INTERRUPTED = 130  # Ctrl-C


class TebikiError(Exception):
    """An expected failure: printed as one clear message, never as a traceback."""

    exit_code: ExitStatus = ExitStatus.FLOW_FAILED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FlowFileError(TebikiError):
    """A flow file that cannot be read, parsed or validated."""

    exit_code = ExitStatus.BAD_INPUT


class BadInputError(TebikiError):
    """An option, variable or secret the user gave (or did not give) is wrong."""

    exit_code = ExitStatus.BAD_INPUT


class EnvironmentProblem(TebikiError):
    """No browser, a browser that will not start, a site that cannot be reached."""

    exit_code = ExitStatus.ENVIRONMENT


class StepFailed(TebikiError):
    """A step could not be done on the site: its target is missing, hidden or the site refused.
    The message names the step, the label, the closest labels and the screenshot; the fields
    say the same for a program (`tebiki check` judging a cell)."""

    exit_code = ExitStatus.FLOW_FAILED

    def __init__(
        self,
        message: str,
        *,
        step: int | None = None,
        url: str = "",
        alerts: tuple[str, ...] = (),
        refused: bool = False,
        screenshot: Path | None = None,
        wanted: str = "",
        closest: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.wanted = wanted  # a missing target's label, and the page's labels most like it
        self.closest = closest
        self.step = step
        self.url = url
        self.alerts = alerts  # what the page's alerts said when the step failed
        self.refused = refused  # the site answered a submit or destructive step with an alert
        self.screenshot = screenshot
