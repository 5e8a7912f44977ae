"""What every command shares: expected failures as one message and an exit status, and the
walking commands' options read into one request for the engine."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from playwright.sync_api import Error as PlaywrightError

from tebiki.commands.options import settings_from
from tebiki.commands.report import print_site, print_step
from tebiki.commands.terminal import pipe_closed
from tebiki.errors import ExitStatus, TebikiError
from tebiki.flowfile.loader import find_flow
from tebiki.inert import shortened
from tebiki.logs import configure
from tebiki.playing.player import Mode, StepReport
from tebiki.playing.walk import WalkRequest, no_empty_folders
from tebiki.redact import redact

F = TypeVar("F", bound=Callable[..., Any])


def friendly_errors(function: F) -> F:
    """Expected failures become one message and an exit code, never a traceback."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except BrokenPipeError:
            pipe_closed()
        except TebikiError as error:
            click.echo(f"error: {shortened(redact(error.message))}", err=True)
            sys.exit(error.exit_code)
        except PlaywrightError as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else "unknown"
            click.echo(f"error: the browser failed: {shortened(redact(first))}", err=True)
            sys.exit(ExitStatus.ENVIRONMENT)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(ExitStatus.INTERRUPTED)
        except OSError as error:
            # A folder or file the user named (--screenshots, --trace, --artifacts) that
            # cannot be written.
            where = f" {error.filename}" if error.filename else ""
            click.echo(f"error: cannot write{where}: {error.strerror or error}", err=True)
            sys.exit(ExitStatus.BAD_INPUT if error.filename else ExitStatus.ENVIRONMENT)

    return wrapper  # type: ignore[return-value]


def build_request(
    mode: Mode, flow: str, kwargs: dict[str, Any], confirm: bool = False
) -> WalkRequest:
    """The shared options of a walking command, read into one request for the engine."""
    screenshots: Path | None = kwargs.pop("screenshots", None)
    variables: dict[str, str] = kwargs.pop("variables", {})
    verbosity: int = kwargs.pop("verbose", 0)
    settings = settings_from(kwargs)
    configure(settings.log_format, verbosity)
    path = find_flow(flow)

    def confirm_step(number: int, caption: str) -> bool:
        if confirm:
            return True
        if not sys.stdin.isatty():
            return False
        click.echo(f"\nstep {number} ({caption}) cannot be undone.")
        answer = click.prompt("type yes to perform it", default="", show_default=False)
        return bool(answer.strip().lower() == "yes")

    def ask_secret(name: str, description: str) -> str | None:
        if not sys.stdin.isatty():
            return None
        value: str = click.prompt(
            f"{name} ({description})", hide_input=True, confirmation_prompt=True
        )
        return value

    return WalkRequest(
        flow_path=path,
        mode=mode,
        settings=settings,
        variables=variables,
        screenshots=screenshots,
        confirm=confirm_step,
        on_step=print_step,
        ask_secret=ask_secret,
        on_site=lambda site: print_site(path.stem, site),
    )


def in_folder(report: StepReport, folder: Path | None) -> StepReport:
    """The report with its screenshot where --screenshots put it (not where it was staged)."""
    if folder is None or report.screenshot is None:
        return report
    return replace(report, screenshot=folder / report.screenshot.name)


@contextmanager
def staged_screenshots(request: WalkRequest) -> Iterator[WalkRequest]:
    """--screenshots written whole or not at all: the walk writes its images into a hidden
    folder beside the one asked for, and they move there only when the walk ended well. A walk
    that fails or is interrupted leaves that folder as it was (or absent), never half a set."""
    folder = request.screenshots
    if folder is None:
        yield request
        return
    with no_empty_folders(folder.parent):
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".tebiki-screenshots-", dir=folder.parent))
        try:
            on_step = request.on_step
            # Each step's line names no image: none is where it will be until the walk ends
            # well; the summary then says where they all are.
            yield replace(
                request,
                screenshots=staging,
                on_step=lambda report: on_step(replace(report, screenshot=None)),
            )
            if any(staging.iterdir()):
                folder.mkdir(exist_ok=True)
                for image in sorted(staging.iterdir()):
                    os.replace(image, folder / image.name)  # one file system: a rename
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def again_with_confirm() -> str:
    """This very command line, as a person would type it again, with --confirm: the flow as
    they named it (a path stays a path) and every option they gave."""
    context = click.get_current_context()
    words = ["tebiki", context.info_name or "run"]
    for param in context.command.params:
        value = context.params.get(param.name or "")
        if param.name == "confirm" or value in (None, False, (), {}) or value == param.default:
            continue
        if isinstance(param, click.Argument):
            words.append(str(value))
            continue
        option = max(param.opts, key=len)
        if isinstance(value, dict):  # --var KEY=VALUE, once for each
            for key, each in value.items():
                words += [option, f"{key}={each}"]
        elif value is True:
            words.append(option)
        elif isinstance(value, tuple | list):
            for each in value:
                words += [option, str(each)]
        else:
            words += [option, str(value)]
    return shlex.join([*words, "--confirm"])
