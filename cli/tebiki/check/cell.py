"""One cell of `tebiki check`: a flow played for real in a browser context of its own, as a
fresh account on the bundled mock site or as the user on their own site, and judged.

A trace costs a cell about a third of its time, so by default none is recorded while cells
pass: a failed cell on the mock site is played once more, traced, with another fresh account
(``replay-on-failure``). On a site of the user's, playing again could act twice, so there the
default records as it goes and keeps the trace of a failed cell (``retain-on-failure``).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from playwright.sync_api import Browser, BrowserContext
from playwright.sync_api import Error as PlaywrightError

from tebiki.browser import BrowserOptions, new_context
from tebiki.check.matrix import Cell
from tebiki.check.verdict import Verdict, explain, judge
from tebiki.errors import EnvironmentProblem, StepFailed, TebikiError
from tebiki.flowfile.loader import load_flow
from tebiki.flowfile.model import Flow
from tebiki.flowfile.variables import resolve
from tebiki.playing.failure import played_on_the_mock
from tebiki.playing.options import play_options
from tebiki.playing.player import Player, PlayResult
from tebiki.playing.walk import close_trace, generated_secrets
from tebiki.redact import Secrets

if TYPE_CHECKING:
    from tebiki.sites.mock import MockSite

TraceMode = Literal["off", "on", "retain-on-failure", "replay-on-failure"]
TRACE_MODES: tuple[TraceMode, ...] = ("replay-on-failure", "retain-on-failure", "on", "off")


@dataclass(frozen=True)
class CheckOptions:
    artifacts: Path = Path("tebiki-artifacts")
    trace: TraceMode = "replay-on-failure"
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
class _Played:
    verdict: Verdict
    failure: TebikiError | None
    traces: tuple[Path, ...]  # the trace kept, if any
    trace_problem: str = ""  # why a trace that was to be kept could not be written


def flow_of(cell: Cell) -> Flow:
    return cell.model or load_flow(cell.path)


def trace_mode(options: CheckOptions, cell: Cell) -> TraceMode:
    """What is traced for this cell: a replay only where the cell's account is a throwaway."""
    if options.trace == "replay-on-failure" and cell.site is not None:
        return "retain-on-failure"
    return options.trace


def play_cell(
    browser: Browser, site: MockSite | None, cell: Cell, options: CheckOptions
) -> CellResult:
    """Play one cell in a context of its own and judge it. Never raises for what the site or
    the browser did: a failure is a result."""
    started = time.perf_counter()
    flow = flow_of(cell)
    folder = options.artifacts / cell.flow / cell.name
    shutil.rmtree(folder, ignore_errors=True)  # nothing left over from an earlier check
    secrets = Secrets()  # this cell's: the password it types, nobody else's
    setting = _setting(site, flow, cell, options, secrets)
    mode = trace_mode(options, cell)
    played = _play(browser, cell, flow, setting, options, secrets, folder, mode)
    failure, passed = played.failure, played.verdict.passed
    why, traces = played.verdict.why, played.traces
    if played.trace_problem:
        why += f"\n(no trace: {played.trace_problem})"
    environment = isinstance(failure, EnvironmentProblem) and not passed
    replayed = ""
    if mode == "replay-on-failure" and not passed and not environment:
        traces, replayed = _replay(browser, site, played, cell, flow, options, secrets, folder)
    if passed and mode != "on":
        shutil.rmtree(folder, ignore_errors=True)  # a refusal's screenshot, as expected
    shot = failure.screenshot if isinstance(failure, StepFailed) and not passed else None
    artifacts = tuple(path for path in (shot, *traces) if path is not None and path.exists())
    if not passed:
        why = explain(cell, failure, why, artifacts, replayed)
    # Every report of it (console, JUnit XML, pytest) is made from here: scrubbed once.
    return CellResult(
        cell,
        passed,
        secrets.redact(played.verdict.outcome),
        secrets.redact(why),
        time.perf_counter() - started,
        artifacts,
        setting.mutations(),
        setting.email,
        environment=environment,
    )


def _setting(
    site: MockSite | None, flow: Flow, cell: Cell, options: CheckOptions, secrets: Secrets
) -> _Setting:
    if cell.site is not None:
        return _on_own_site(flow, cell, options, secrets)
    assert site is not None
    return _on_mock(site, flow, cell, secrets)


def _replay(
    browser: Browser,
    site: MockSite | None,
    first: _Played,
    cell: Cell,
    flow: Flow,
    options: CheckOptions,
    secrets: Secrets,
    folder: Path,
) -> tuple[tuple[Path, ...], str]:
    """Play a failed cell once more, traced, with another fresh account: its trace, kept
    beside the first play's screenshot, and a line saying whether the failure came again."""
    scratch = folder / "replay"  # the second play's own screenshots are not kept
    kept: tuple[Path, ...] = ()
    try:
        setting = _setting(site, flow, cell, options, secrets)
        again = _play(browser, cell, flow, setting, options, secrets, scratch, "on")
        if again.traces:
            trace = again.traces[0].replace(folder / "trace.zip")
            kept = (trace,)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if again.verdict.passed:
        said = "it passed, so the failure does not happen every time"
    elif again.verdict.outcome == first.verdict.outcome:
        said = "the same failure"
    else:
        said = f"this time {again.verdict.outcome}"
    if not kept:
        problem = again.trace_problem or "no trace was written"
        return (), f"played once more to trace it ({said}), but: {problem}"
    return kept, f"the trace is of a second play, with another fresh account: {said}"


def _play(
    browser: Browser,
    cell: Cell,
    flow: Flow,
    setting: _Setting,
    options: CheckOptions,
    secrets: Secrets,
    folder: Path,
    mode: TraceMode,
) -> _Played:
    """One play of the cell in a fresh context, traced unless ``mode`` says not to; the
    trace is kept where ``mode`` says (always with "on", on failure with
    "retain-on-failure")."""
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
    context: BrowserContext | None = None
    # On a site of the user's, as they log in: their storage state, their context arguments.
    own = cell.site is not None
    browser_options = BrowserOptions(
        cookies=setting.cookies,
        storage_state=options.browser.storage_state if own else None,
        context_args=options.browser.context_args if own else {},
    )
    traced = mode in ("on", "retain-on-failure")
    try:
        context = new_context(browser, browser_options)
        if traced:
            context.tracing.start(screenshots=True, snapshots=True, title=cell.id)
        page = context.new_page()
        page.set_default_timeout(options.timeout_ms)
        with secrets.active():
            result = Player(page, flow, play).play()
    except TebikiError as error:
        failure = error
    except PlaywrightError as error:  # the browser, or the server it came from, went away
        failure = EnvironmentProblem(f"the browser failed: {str(error).splitlines()[0]}")
    if not own and "check" not in flow.model_fields_set and isinstance(failure, StepFailed):
        # A flow that declares no mock cells may be one of the person's own site, played here
        # for want of --base-url: a miss says so, as a walk's does.
        played_on_the_mock(failure)
    verdict = judge(cell, result, failure)
    traces: list[Path] = []
    problem = ""
    if context is not None:
        keep = mode == "on" or (mode == "retain-on-failure" and not verdict.passed)
        try:
            if keep:
                traces = close_trace(context, folder / "trace.zip", secrets)
            elif traced:
                context.tracing.stop()
        except (PlaywrightError, OSError) as error:
            problem = str(error).splitlines()[0]
        with suppress(PlaywrightError):
            context.close()
    return _Played(verdict, failure, tuple(traces), problem)


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
    values = {name: options.secret(name) or "" for name in flow.secret_names()}
    for value in values.values():
        secrets.add(value)
    return _Setting(
        cell.site.rstrip("/") + "/",
        (),
        resolve(flow.variables, options.variables, {}),
        values,
        confirm=options.confirm,
    )
