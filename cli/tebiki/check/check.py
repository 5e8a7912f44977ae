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
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import structlog
from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError

from tebiki.browser import has_lent_browser, launch
from tebiki.check.cell import (
    TRACE_MODES,
    CellResult,
    CheckOptions,
    TraceMode,
    flow_of,
    play_cell,
)
from tebiki.check.matrix import Cell, on_mock
from tebiki.errors import BadInputError, EnvironmentProblem, TebikiError
from tebiki.flowfile.loader import where_in
from tebiki.flowfile.model import Flow

if TYPE_CHECKING:
    from tebiki.sites.mock import MockSite

__all__ = [
    "TRACE_MODES",
    "CellResult",
    "CheckOptions",
    "TraceMode",
    "check_variables",
    "play_cell",
    "run_check",
    "workers_for",
]

log = structlog.get_logger()


def check_variables(
    cells: list[Cell], options: CheckOptions | None = None, secrets: bool = True
) -> None:
    """A flow variable nothing fills in is a bad flow for `check`, and a secret nobody gave:
    said before any browser starts."""
    options = options or CheckOptions()
    flows = {cell.path: (flow_of(cell), cell.site) for cell in cells}
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
    for name in flow.secret_names() if secrets else ():
        if not options.secret(name):
            raise BadInputError(
                f"{path}: the flow needs the secret {name!r}: set TEBIKI_{name.upper()} "
                "(environment or .env); `check` asks nobody"
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
