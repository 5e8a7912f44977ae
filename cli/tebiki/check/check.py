"""`tebiki check`: every cell played for real and judged against what the flow declares (walks
through, or is refused for a given reason). A cell is a flow on a site of the user's, played
once as it is, or a flow in one cell of the bundled mock site's matrix.

One mock site serves every mock cell; each cell gets a fresh account of its own and a browser
context of its own, so cells never see each other's state. Workers are threads, each with its
own Playwright and browser (Playwright's objects stay in the thread that made them), taking
cells from one queue.
"""

from __future__ import annotations

import queue
import shutil
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import structlog
from playwright.sync_api import Browser, BrowserContext
from playwright.sync_api import Error as PlaywrightError

from tebiki.browser import BrowserOptions, has_lent_browser, launch, new_context
from tebiki.check.matrix import Cell, on_mock
from tebiki.check.verdict import explain, judge
from tebiki.errors import BadInputError, EnvironmentProblem, StepFailed, TebikiError
from tebiki.flowfile.loader import load_flow, where_in
from tebiki.flowfile.model import FillStep, Flow
from tebiki.flowfile.variables import resolve
from tebiki.playing.failure import played_on_the_mock
from tebiki.playing.options import play_options
from tebiki.playing.player import Player, PlayResult
from tebiki.playing.walk import close_trace, generated_secrets
from tebiki.redact import Secrets

if TYPE_CHECKING:
    from tebiki.sites.mock import MockSite

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
    # For a site of the user's: a destructive step is performed only with confirm (the mock's
    # accounts are throwaways, so there it always is); the flow's variables (--var); its
    # secrets, as the person gave them (TEBIKI_<NAME>), by name.
    confirm: bool = False
    variables: dict[str, str] = field(default_factory=dict)
    secret: Callable[[str], str | None] = lambda name: None
    # Several browser servers (--connect, given more than once): the workers share them out,
    # `workers` on each; a cell a server took down with it is played again on another.
    servers: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Setting:
    """Where and as whom a cell plays: the site's address, the cookies that log it in, the
    flow's variables and secrets, and whether a destructive step is performed."""

    base_url: str
    cookies: tuple[dict[str, str], ...]
    variables: dict[str, str]
    secrets: dict[str, str]
    confirm: bool
    mutations: Callable[[], int] = lambda: 0
    email: str = ""


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
    # The failure was not the flow's but the environment's (a site that stopped answering, a
    # browser that went away): the check ends with exit 3, as every command does for it.
    environment: bool = False


def check_variables(
    cells: list[Cell], options: CheckOptions | None = None, secrets: bool = True
) -> None:
    """A flow variable nothing fills in is a bad flow for `check`, and a secret nobody gave:
    said before any browser starts."""
    options = options or CheckOptions()
    flows = {cell.path: (_flow_of(cell), cell.site) for cell in cells}
    for path, (flow, site) in sorted(flows.items(), key=lambda item: item[0]):
        if site is not None:
            _check_own_site(path, flow, options, secrets)
            continue
        from tebiki.sites.mock import MockSession

        missing = [name for name in flow.variables if name not in MockSession.SHOWN]
        if missing:
            raise BadInputError(
                f"{where_in(path, ('variables', missing[0]))}: variable "
                f"{missing[0]!r} has no value on the mock site, so `check` "
                "cannot play this flow (the mock fills in: "
                f"{', '.join(MockSession.SHOWN)}; for your own site, give --base-url and "
                "--var)"
            )


def _check_own_site(path: Path, flow: Flow, options: CheckOptions, secrets: bool) -> None:
    missing = [name for name in flow.variables if name not in options.variables]
    if missing:
        raise BadInputError(
            f"{where_in(path, ('variables', missing[0]))}: variable {missing[0]!r} has no "
            f"value: give --var {missing[0]}=VALUE"
        )
    for name in sorted(_secret_names(flow)) if secrets else ():
        if not options.secret(name):
            raise BadInputError(
                f"{path}: the flow needs the secret {name!r}: set TEBIKI_{name.upper()} "
                "(environment or .env); `check` asks nobody"
            )


def _secret_names(flow: Flow) -> set[str]:
    return {step.secret for step in flow.steps if isinstance(step, FillStep) and step.secret}


def _flow_of(cell: Cell) -> Flow:
    return cell.model or load_flow(cell.path)


def _on_mock(site: MockSite, flow: Flow, cell: Cell, secrets: Secrets) -> _Setting:
    """A fresh account of the cell's kind, scenario and label set; throwaway secrets."""
    session = site.open_session(cell.account, cell.scenario, cell.labels)
    secrets.add_session(session.cookie_value)  # its session: traces record every Cookie
    return _Setting(
        site.base_url + "/",
        (session.cookie(site.base_url),),
        resolve(flow.variables, {}, session.shown_values()),
        generated_secrets(flow, secrets),
        confirm=True,
        mutations=lambda: len(site.mutations(session)),
        email=session.email,
    )


def _on_own_site(flow: Flow, cell: Cell, options: CheckOptions, secrets: Secrets) -> _Setting:
    """The user's site as it is, logged in by --storage-state if given."""
    assert cell.site is not None
    values = {name: options.secret(name) or "" for name in sorted(_secret_names(flow))}
    for value in values.values():
        secrets.add(value)
    return _Setting(
        cell.site.rstrip("/") + "/",
        (),
        resolve(flow.variables, options.variables, {}),
        values,
        confirm=options.confirm,
    )


def play_cell(
    browser: Browser, site: MockSite | None, cell: Cell, options: CheckOptions
) -> CellResult:
    """Play one cell in a context of its own and judge it. Never raises for what the site or
    the browser did: a failure is a result."""
    started = time.perf_counter()
    flow = _flow_of(cell)
    folder = options.artifacts / cell.flow / cell.name
    shutil.rmtree(folder, ignore_errors=True)  # nothing left over from an earlier check
    secrets = Secrets()  # this cell's: the password it types, nobody else's
    if cell.site is not None:
        setting = _on_own_site(flow, cell, options, secrets)
    else:
        assert site is not None
        setting = _on_mock(site, flow, cell, secrets)
    confirm = setting.confirm
    play = play_options(
        "run",
        setting.base_url,
        variables=setting.variables,
        secrets=setting.secrets,
        confirm=lambda number, caption: confirm,
        timeout_ms=options.timeout_ms,
        artifacts=folder,
    )
    result: PlayResult | None = None
    failure: TebikiError | None = None
    kept: list[Path] = []
    context: BrowserContext | None = None
    # On a site of the user's, as they log in: their storage state, their context arguments.
    own = cell.site is not None
    browser_options = BrowserOptions(
        cookies=setting.cookies,
        storage_state=options.browser.storage_state if own else None,
        context_args=options.browser.context_args if own else {},
    )
    try:
        context = new_context(browser, browser_options)
        if options.trace != "off":
            context.tracing.start(screenshots=True, snapshots=True, title=cell.id)
        page = context.new_page()
        page.set_default_timeout(options.timeout_ms)
        with secrets.active():
            result = Player(page, flow, play).play()
    except TebikiError as error:
        failure = error
    except PlaywrightError as error:  # the browser, or the server it came from, went away
        failure = EnvironmentProblem(f"the browser failed: {str(error).splitlines()[0]}")
    if (
        cell.site is None
        and "check" not in flow.model_fields_set
        and isinstance(failure, StepFailed)
    ):
        # A flow that declares no mock cells may be one of the person's own site, played here
        # for want of --base-url: a miss says so, as a walk's does.
        played_on_the_mock(failure)
    verdict = judge(cell, result, failure)
    passed, outcome, why = verdict.passed, verdict.outcome, verdict.why
    if context is not None:
        keep = options.trace == "on" or (options.trace == "retain-on-failure" and not passed)
        try:
            if keep:
                kept = close_trace(context, folder / "trace.zip", secrets)
            elif options.trace != "off":
                context.tracing.stop()
        except (PlaywrightError, OSError) as error:
            why += f"\n(no trace: {str(error).splitlines()[0]})"
        with suppress(PlaywrightError):
            context.close()
    if passed and options.trace != "on":
        shutil.rmtree(folder, ignore_errors=True)  # a refusal's screenshot, as expected
    shot = failure.screenshot if isinstance(failure, StepFailed) and not passed else None
    artifacts = tuple(path for path in (shot, *kept) if path is not None and path.exists())
    if not passed:
        why = explain(cell, failure, why, artifacts)
    # Every report of it (console, JUnit XML, pytest) is made from here: scrubbed once.
    return CellResult(
        cell,
        passed,
        secrets.redact(outcome),
        secrets.redact(why),
        time.perf_counter() - started,
        artifacts,
        setting.mutations(),
        setting.email,
        environment=isinstance(failure, EnvironmentProblem) and not passed,
    )


def run_check(
    cells: list[Cell],
    options: CheckOptions,
    on_result: Callable[[CellResult], None] = lambda result: None,
    site: MockSite | None = None,
    on_dropped: Callable[[str, int], None] = lambda server, cells: None,
) -> list[CellResult]:
    """Play every cell on `workers` threads against one mock site (started here unless given);
    results in the cells' order. Raises EnvironmentProblem when no browser can be had."""
    check_variables(cells, options)
    if site is None and on_mock(cells):
        from tebiki.sites.mock import MockSite

        try:
            with MockSite(fixtures_dir=options.fixtures) as started:
                return _run(cells, options, on_result, started, on_dropped)
        except ValueError as error:  # fixtures that do not parse
            raise BadInputError(f"mock site fixtures: {error}") from None
    return _run(cells, options, on_result, site, on_dropped)


def _run(
    cells: list[Cell],
    options: CheckOptions,
    on_result: Callable[[CellResult], None],
    site: MockSite | None,
    on_dropped: Callable[[str, int], None],
) -> list[CellResult]:
    todo: queue.SimpleQueue[tuple[int, Cell]] = queue.SimpleQueue()
    for index, cell in enumerate(cells):
        todo.put((index, cell))
    results: dict[int, CellResult] = {}
    problems: list[TebikiError] = []
    lock = threading.Lock()
    stopping = threading.Event()  # set on Ctrl-C: no worker takes another cell
    started: set[int] = set()  # the cells a worker took: only theirs may have left artifacts

    def worker(number: int) -> None:
        servers = options.servers
        own = options.browser
        if servers:
            own = replace(own, connect=servers[number % len(servers)])
        try:
            with launch(own) as browser:
                while not stopping.is_set():
                    try:
                        index, cell = todo.get_nowait()
                    except queue.Empty:
                        return
                    with lock:
                        started.add(index)
                    result = play_cell(browser, site, cell, options)
                    if result.environment and servers and _gone(browser):
                        # Its server went away with the cell: another server plays it again,
                        # and this worker, whose browser is gone, takes no more.
                        todo.put((index, cell))
                        on_dropped(str(own.connect), 1)
                        problems.append(
                            EnvironmentProblem(f"the browser server {own.connect} went away")
                        )
                        return
                    if result.environment and "closed" in result.message:
                        # Ctrl-C at a terminal reaches the browser's driver too, and it may
                        # close the browser before the main thread hears of the interrupt:
                        # a moment for it, so the cell is not reported as the site's fault.
                        stopping.wait(1.0)
                    with lock:
                        if stopping.is_set():
                            return  # failed, most likely, because Ctrl-C reached its browser
                        results[index] = result
                        on_result(result)
        except TebikiError as problem:  # no browser, or a server that cannot be reached
            problems.append(problem)
        except Exception as error:  # noqa: BLE001 - said once, in the caller's thread
            problems.append(EnvironmentProblem(f"a worker stopped: {error}"))

    # A worker whose browser did not start leaves its cells to the others; only when no
    # worker can play is the check given up. One worker on a browser the caller lent plays in
    # the caller's thread, where that browser lives.
    count = workers_for(options, cells)
    threads = [
        threading.Thread(target=worker, args=(n,), name=f"check-{n}", daemon=True)
        for n in range(count)
    ]
    if count == 1 and has_lent_browser(options.browser):
        worker(0)
        threads = []
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            thread.join()
    except KeyboardInterrupt:
        # The command ends now. The workers take no new cell and get a moment to end theirs
        # (Ctrl-C reached their browsers too); what an unreported cell left is taken away:
        # no half-made artifacts of a cell nobody was told about.
        stopping.set()
        for thread in threads:
            thread.join(timeout=3)
        with lock:
            unreported = [cells[index] for index in started if index not in results]
        for cell in unreported:
            shutil.rmtree(options.artifacts / cell.flow / cell.name, ignore_errors=True)
        raise
    finally:
        _drop_empty_folders(options.artifacts, cells)
    if len(results) < len(cells):
        raise problems[0] if problems else EnvironmentProblem("cells were left unplayed")
    return [results[index] for index in range(len(cells))]


def _gone(browser: Browser) -> bool:
    """Whether a remote browser went away with its server: it can open no context (its
    is_connected may not have heard of it yet)."""
    if not browser.is_connected():
        return True
    try:
        browser.new_context().close()
    except PlaywrightError:
        return True
    return False


def workers_for(options: CheckOptions, cells: list[Cell]) -> int:
    per_server = options.workers * max(1, len(options.servers))
    return max(1, min(per_server, len(cells)))


def _drop_empty_folders(artifacts: Path, cells: list[Cell]) -> None:
    """Flows whose cells all passed leave no empty folder behind (after every worker is done:
    a worker may be about to write into one)."""
    for cell in cells:
        with suppress(OSError):
            (artifacts / cell.flow / cell.name).rmdir()
    for flow in {cell.flow for cell in cells}:
        with suppress(OSError):
            (artifacts / flow).rmdir()
