"""`tebiki check`: every cell of the matrix played for real on the bundled mock site, and
judged against what the flow declares (walks through, or is refused for a given reason).

One mock site serves every cell; each cell gets a fresh account of its own and a browser
context of its own, so cells never see each other's state. Workers are threads, each with its
own Playwright and browser (Playwright's objects stay in the thread that made them), taking
cells from one queue.
"""

from __future__ import annotations

import queue
import secrets as token_source
import shutil
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import structlog
from playwright.sync_api import Browser, BrowserContext
from playwright.sync_api import Error as PlaywrightError

from flows.browser import BrowserOptions, launch, new_context
from flows.errors import BadInputError, EnvironmentProblem, StepFailed, TebikiError
from flows.loader import load_flow, where_in
from flows.matrix import Cell
from flows.model import FillStep, Flow
from flows.player import Player, PlayOptions, PlayResult
from flows.redact import register_secret
from flows.walk import close_trace

if TYPE_CHECKING:
    from mock_site import MockSession, MockSite

log = structlog.get_logger()

TraceMode = Literal["off", "on", "retain-on-failure"]


@dataclass(frozen=True)
class CheckOptions:
    artifacts: Path = Path("tebiki-artifacts")
    trace: TraceMode = "retain-on-failure"
    workers: int = 1
    timeout_ms: int = 5000
    fixtures: Path | None = None
    browser: BrowserOptions = field(default_factory=BrowserOptions)


@dataclass(frozen=True)
class CellResult:
    cell: Cell
    passed: bool
    outcome: str  # what happened: completed, refused: …, failed at step N
    message: str = ""  # why a failed cell failed, with where its artifacts are
    seconds: float = 0.0
    artifacts: tuple[Path, ...] = ()
    mutations: int = 0  # changing requests the cell's own account made
    account_email: str = ""  # the fresh mock account the cell played as


def _values_the_mock_knows(session: MockSession) -> dict[str, str]:
    return {"display_name": session.display_name, "client": session.sample_client}


def check_variables(cells: list[Cell]) -> None:
    """A flow variable the mock site cannot fill is a bad flow for `check`: said before any
    browser starts."""
    known = {"display_name", "client"}
    for path in sorted({cell.path for cell in cells}):
        flow = load_flow(path)
        missing = [name for name in flow.variables if name not in known]
        if missing:
            raise BadInputError(f"{where_in(path, ('variables', missing[0]))}: variable "
                                f"{missing[0]!r} has no value on the mock site, so `check` "
                                "cannot play this flow (the mock fills in: display_name, client)")


def _context(browser: Browser, site: MockSite, session: MockSession, cell: Cell,
             trace: TraceMode) -> BrowserContext:
    """A context of the cell's own, logged in as its account, tracing unless told not to."""
    cookie = {"name": session.cookie_name, "value": session.cookie_value, "url": site.base_url}
    context = new_context(browser, BrowserOptions(cookies=(cookie,)))
    if trace != "off":
        context.tracing.start(screenshots=True, snapshots=True, title=cell.id)
    return context


def play_cell(browser: Browser, site: MockSite, cell: Cell, options: CheckOptions,
              flow: Flow | None = None) -> CellResult:
    """Play one cell in a context of its own and judge it. Never raises for what the site did:
    a failure is a result."""
    started = time.perf_counter()
    flow = flow or load_flow(cell.path)
    folder = options.artifacts / cell.flow / cell.name
    shutil.rmtree(folder, ignore_errors=True)  # nothing left over from an earlier check
    session = site.open_session(cell.account, cell.scenario, cell.labels)
    known = _values_the_mock_knows(session)
    variables = {name: known[name] for name in flow.variables}
    secret_values: dict[str, str] = {}
    for step in flow.steps:
        if isinstance(step, FillStep) and step.secret and step.secret not in secret_values:
            secret_values[step.secret] = token_source.token_urlsafe(12)
            register_secret(secret_values[step.secret])  # scrubbed from the trace
    result: PlayResult | None = None
    failure: TebikiError | None = None
    context = _context(browser, site, session, cell, options.trace)
    try:
        try:
            page = context.new_page()
            page.set_default_timeout(options.timeout_ms)
            play = PlayOptions(mode="run", base_url=site.base_url + "/", variables=variables,
                               secrets=secret_values, confirm=lambda number, caption: True,
                               timeout_ms=options.timeout_ms, artifacts=folder)
            result = Player(page, flow, play).play()
        except TebikiError as error:
            failure = error
        except PlaywrightError as error:  # the browser itself went away
            failure = EnvironmentProblem(f"the browser failed: {str(error).splitlines()[0]}")
        passed, outcome, why = judge(cell, result, failure)
        kept: list[Path] = []
        if options.trace == "on" or (options.trace == "retain-on-failure" and not passed):
            try:
                kept = close_trace(context, folder / "trace.zip")
            except (PlaywrightError, OSError) as error:
                why += f"\n  (no trace: {error})"
        elif options.trace != "off":
            _drop_trace(context)
    finally:
        _close(context)
    if passed and options.trace != "on":
        shutil.rmtree(folder, ignore_errors=True)  # a refusal's screenshot, as expected
        with suppress(OSError):
            folder.parent.rmdir()  # the flow's folder, when no other cell of it kept anything
    shot = failure.screenshot if isinstance(failure, StepFailed) and not passed else None
    artifacts = tuple(path for path in (shot, *kept) if path is not None and path.exists())
    if not passed:
        why = _with_artifacts(cell, failure, why, artifacts)
    return CellResult(cell, passed, outcome, why, time.perf_counter() - started, artifacts,
                      len(site.mutations(session)), session.email)


def _drop_trace(context: BrowserContext) -> None:
    with suppress(PlaywrightError):
        context.tracing.stop()


def _close(context: BrowserContext) -> None:
    with suppress(PlaywrightError):
        context.close()


def judge(cell: Cell, result: PlayResult | None, failure: TebikiError | None
          ) -> tuple[bool, str, str]:
    """(passed, what happened, why it failed). "Blocked as it should be" passes; "walked
    through a blocker" fails, and so does a refusal for another reason than the one declared."""
    if failure is None:
        assert result is not None
        if not result.completed:
            return False, f"stopped before step {result.stopped_before}", (
                f"the flow stopped before step {result.stopped_before}")
        if cell.refused:
            return False, "completed", (
                f"expected the site to refuse ({cell.refused}), but the flow walked through "
                "to its end: the site let this account past what should block it")
        return True, "completed", ""
    if isinstance(failure, StepFailed) and failure.refused:
        said = " / ".join(failure.alerts) or "(no words)"
        if cell.refused and any(cell.refused in alert for alert in failure.alerts):
            return True, f"refused at step {failure.step}: {said}", ""
        if cell.refused:
            return False, f"refused at step {failure.step}", (
                f"the site refused step {failure.step} for another reason: {said}; "
                f"expected: {cell.refused}")
        return False, f"refused at step {failure.step}", failure.message
    if isinstance(failure, StepFailed):
        return False, f"failed at step {failure.step}", failure.message
    return False, "could not play", failure.message


def _with_artifacts(cell: Cell, failure: TebikiError | None, why: str,
                    artifacts: tuple[Path, ...]) -> str:
    """The message a person acts on without opening the code: what failed and where (from the
    player), what to change in the flow file, and the files to look at."""
    lines = [why.strip()]
    if isinstance(failure, StepFailed) and failure.step is not None:
        where = where_in(cell.path, ("steps", failure.step - 1))
        if failure.closest and failure.wanted:
            lines.append(f"if the site now says 「{failure.closest[0]}」, add it to step "
                         f"{failure.step} at {where}: also: [{failure.closest[0]}]")
        else:
            lines.append(f"step {failure.step} is at {where}")
    for path in artifacts:
        if path.suffix == ".zip":
            lines.append(f"trace: {path}  (open with: playwright show-trace {path})")
        elif "screenshot:" not in why:
            lines.append(f"screenshot: {path}")
    return "\n".join(lines)


def run_check(cells: list[Cell], options: CheckOptions,
              on_result: Callable[[CellResult], None] = lambda result: None,
              site: MockSite | None = None) -> list[CellResult]:
    """Play every cell on `workers` threads against one mock site (started here unless given);
    results in the cells' order. Raises EnvironmentProblem when no browser can be had."""
    check_variables(cells)
    if site is None:
        from mock_site import MockSite

        try:
            with MockSite(fixtures_dir=options.fixtures) as started:
                return _run(cells, options, on_result, started)
        except ValueError as error:  # fixtures that do not parse
            raise BadInputError(f"mock site fixtures: {error}") from None
    return _run(cells, options, on_result, site)


def _run(cells: list[Cell], options: CheckOptions, on_result: Callable[[CellResult], None],
         site: MockSite) -> list[CellResult]:
    todo: queue.SimpleQueue[tuple[int, Cell]] = queue.SimpleQueue()
    for index, cell in enumerate(cells):
        todo.put((index, cell))
    results: dict[int, CellResult] = {}
    problems: list[TebikiError] = []
    lock = threading.Lock()
    flows = {path: load_flow(path) for path in {cell.path for cell in cells}}

    def worker() -> None:
        try:
            with launch(options.browser) as browser:
                while not problems:
                    try:
                        index, cell = todo.get_nowait()
                    except queue.Empty:
                        return
                    result = play_cell(browser, site, cell, options, flows[cell.path])
                    with lock:
                        results[index] = result
                        on_result(result)
        except TebikiError as problem:  # no browser, or a server that cannot be reached
            problems.append(problem)

    count = max(1, min(options.workers, len(cells)))
    threads = [threading.Thread(target=worker, name=f"check-{n}", daemon=True)
               for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if problems and len(results) < len(cells):
        raise problems[0]
    return [results[index] for index in range(len(cells))]
