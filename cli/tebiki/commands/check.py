"""`tebiki check`: each flow played for real, once on a site of the user's, or in every cell
of the bundled mock site's matrix; judged, summed up in a table and in JUnit XML. Exit 1 if a
cell failed."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from tebiki.browser import BrowserOptions
from tebiki.check.check import (
    TRACE_MODES,
    CellResult,
    CheckOptions,
    TraceMode,
    check_variables,
    run_check,
    workers_for,
)
from tebiki.check.matrix import Fixtures, cells_for, select
from tebiki.check.report import cell_line, failures, summary_table, write_junit, write_whole
from tebiki.check.shards import Shard, merge_junit, parse_shard, share
from tebiki.commands.common import friendly_errors
from tebiki.commands.options import FLOWS_HELP, TebikiCommand, var_option
from tebiki.errors import BadInputError, ExitStatus
from tebiki.flowfile.loader import bundled_flows, find_flow
from tebiki.logs import configure
from tebiki.playing.walk import given_secret, no_empty_folders
from tebiki.settings import load_settings
from tebiki.words import counted


def _shard_option(
    context: click.Context, parameter: click.Parameter, value: str | None
) -> Shard | None:
    try:
        return parse_shard(value) if value else None
    except BadInputError as error:
        raise click.BadParameter(error.message.split(": ", 1)[1]) from None


@click.command("check", cls=TebikiCommand)
@click.argument("flows", nargs=-1, help=FLOWS_HELP)
@click.option(
    "--base-url",
    metavar="URL",
    help="Check the flows on this site of yours, each once (default: a flow's base_url:, "
    "else the bundled mock site's matrix).",
)
@var_option("A flow variable for a site of yours, e.g. --var name=Ann.")
@click.option(
    "--storage-state",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Playwright storage state (cookies) to start logged in on a site of yours.",
)
@click.option(
    "--confirm",
    is_flag=True,
    help="Perform destructive steps on a site of yours (without it a cell stops before one).",
)
@click.option(
    "--workers",
    "-j",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Cells played at once, each worker with a browser of its own.",
)
@click.option(
    "--junit",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a JUnit XML report here, for CI.",
)
@click.option(
    "--artifacts",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where a failed cell's screenshot and trace go "
    "(default tebiki-artifacts/, or TEBIKI_ARTIFACTS).",
)
@click.option(
    "--trace",
    type=click.Choice(TRACE_MODES),
    default="replay-on-failure",
    show_default=True,
    help="Playwright traces: replay-on-failure plays a failed cell on the mock site once "
    "more, traced (nothing is traced while cells pass; on a site of yours, where playing "
    "again could act twice, it is retain-on-failure); retain-on-failure traces every cell "
    "and keeps the failed ones; on keeps all; off none.",
)
@click.option(
    "-k",
    "patterns",
    multiple=True,
    metavar="TEXT",
    help="Only cells whose id contains TEXT, e.g. -k social-clean (repeatable).",
)
@click.option("--list", "list_only", is_flag=True, help="List the cells; play nothing.")
@click.option(
    "--shard",
    metavar="I/N",
    callback=_shard_option,
    help="Play only the I-th of N shares of the cells (N CI jobs, I from 1 to N, together "
    "play every cell once); with --list, list them.",
)
@click.option(
    "--merge",
    is_flag=True,
    help="Merge the JUnit files given as arguments (the shards' reports) into --junit; "
    "play nothing.",
)
@click.option(
    "--fixtures",
    type=click.Path(file_okay=False, path_type=Path),
    help="Mock site data folder (scenarios/, labels.yaml, market.yaml) instead of "
    "the bundled fixtures/.",
)
@click.option(
    "--connect",
    metavar="WS_URL",
    multiple=True,
    help="Browsers from a Playwright browser server (playwright run-server), on this host or "
    "another; given more than once, the servers share the cells, --workers on each, and a "
    "server that goes away leaves its cells to the others.",
)
@click.option(
    "--browser-path", type=click.Path(path_type=Path), help="Chromium or Chrome binary to launch."
)
@click.option(
    "--timeout",
    "timeout_ms",
    type=int,
    help="How long to wait for each target, in ms (default 5000).",
)
@click.option("--log-format", type=click.Choice(["console", "json"]), help="Log format on stderr.")
@click.option("-v", "--verbose", count=True, help="Log more on stderr.")
@friendly_errors
def check_command(
    flows: tuple[str, ...],
    base_url: str | None,
    variables: dict[str, str],
    storage_state: Path | None,
    confirm: bool,
    workers: int,
    junit: Path | None,
    artifacts: Path | None,
    trace: TraceMode,
    patterns: tuple[str, ...],
    list_only: bool,
    fixtures: Path | None,
    connect: tuple[str, ...],
    browser_path: Path | None,
    timeout_ms: int | None,
    log_format: str | None,
    verbose: int,
    shard: Shard | None,
    merge: bool,
) -> None:
    """Regression check: each FLOW (default: the bundled ones) walked for real. On a site of
    yours (--base-url, or the flow's base_url:) each flow is one cell; a destructive step is
    performed only with --confirm, else the cell stops before it and passes if all before it
    did. On the bundled mock site, a flow plays in every cell its `check:` cases declare
    (account kind x scenario x label set), each with a fresh account. A cell passes when the
    flow walks through, or is refused by the site for the reason the flow declares."""
    if merge:
        _merge(flows, junit)
        return
    settings = load_settings(
        base_url=base_url,
        storage_state=storage_state,
        artifacts=artifacts,
        fixtures=fixtures,
        connect=connect[0] if connect else None,
        browser_path=browser_path,
        timeout_ms=timeout_ms,
        log_format=log_format,
    )
    configure(settings.log_format, verbose)
    paths = [find_flow(name) for name in flows] if flows else bundled_flows()
    cells = select(
        cells_for(paths, lambda: Fixtures.load(settings.fixtures), settings.base_url), patterns
    )
    if not cells:
        raise BadInputError(
            f"no cells match -k {' / '.join(patterns)}"
            if patterns
            else "no cells to check: the flows' check: cases name none"
        )
    options = CheckOptions(
        artifacts=settings.artifacts,
        trace=trace,
        workers=workers,
        timeout_ms=settings.timeout_ms,
        fixtures=settings.fixtures,
        browser=BrowserOptions(
            browser_path=settings.browser_path,
            connect=settings.connect,
            connect_timeout_ms=settings.connect_timeout_ms,
            storage_state=settings.storage_state,
        ),
        confirm=confirm,
        variables=variables,
        secret=lambda name: given_secret(name, settings),
        servers=connect if len(connect) > 1 else (),
    )
    every = len(cells)
    if shard is not None:
        cells = share(cells, [cell.id for cell in cells], shard)
    check_variables(cells, options, secrets=not list_only)
    if list_only:
        for cell in cells:
            click.echo(f"{cell.id}  {cell.expected}")
        return
    if not cells:  # a shard the cells did not reach: nothing to play, an empty report
        click.echo(f"shard {shard}: no cells (the {every} went to the other shards)")
        if junit is not None:
            write_junit(junit, [], 0.0)
            click.echo(f"JUnit XML: {junit}")
        return
    workers = workers_for(options, cells)
    flow_count = len({cell.flow for cell in cells})
    sites = sorted({cell.site or "the bundled mock site" for cell in cells})
    part = f" (shard {shard} of {counted(every, 'cell')})" if shard is not None else ""
    click.echo(
        f"checking {counted(len(cells), 'cell')} of {counted(flow_count, 'flow')} on "
        f"{' and '.join(sites)} with {counted(workers, 'worker')}{part}"
    )
    # The bundled flows are made for the mock site: only a flow of the person's own is meant.
    bundled = set(bundled_flows())
    undeclared = sorted(
        {
            cell.flow
            for cell in cells
            if cell.site is None and cell.model is not None and cell.path not in bundled
        }
        - {cell.flow for cell in cells if cell.model and "check" in cell.model.model_fields_set}
    )
    if undeclared:
        # A flow that names neither a site nor mock cells is most likely one of the person's
        # own site, about to meet the mock in every cell: said before the long wait.
        click.echo(
            f"note: {', '.join(undeclared)} names no site and no check: cases, so it plays in "
            "every cell of the bundled mock site; for your own site give --base-url (or "
            "base_url: in the flow)"
        )
    started = time.perf_counter()
    done = [0]

    def progress(result: CellResult) -> None:
        # N/M first: a long check says how far it is as it goes.
        done[0] += 1
        width = len(str(len(cells)))
        click.echo(f"[{done[0]:>{width}}/{len(cells)}] {cell_line(result)}")

    dropped: list[str] = []

    def on_dropped(server: str, count: int) -> None:
        dropped.append(server)

    with no_empty_folders(options.artifacts):  # a check that keeps nothing leaves no folder
        results = run_check(cells, options, progress, on_dropped=on_dropped)
    seconds = time.perf_counter() - started
    click.echo("")
    failed = failures(results)
    if failed:
        click.echo(failed)
        click.echo("")
    click.echo(summary_table(results, seconds, workers))
    for server in sorted(set(dropped)):
        again = dropped.count(server)
        click.echo(
            f"note: the browser server {server} went away during the check; "
            f"{counted(again, 'cell')} it was playing {'was' if again == 1 else 'were'} "
            "played again on the others, and each reported once"
        )
    if junit is not None:  # last: a path that cannot be written loses none of the above
        write_junit(junit, results, seconds)
        click.echo(f"JUnit XML: {junit}")
    environment = [result for result in results if result.environment]
    if environment:
        first = environment[0]
        said = first.message.splitlines()[0] if first.message else first.outcome
        click.echo(f"error: {first.cell.id}: {said}", err=True)
        sys.exit(ExitStatus.ENVIRONMENT)
    sys.exit(ExitStatus.FLOW_FAILED if failed else ExitStatus.OK)


def _merge(files: tuple[str, ...], junit: Path | None) -> None:
    """The shards' JUnit files, one report: exit 1 when a cell in them failed."""
    if junit is None or not files:
        raise BadInputError("--merge takes the shards' JUnit files and writes --junit FILE")
    merged = merge_junit([Path(name) for name in files])
    write_whole(junit, merged.xml)
    click.echo(
        f"merged {counted(merged.tests, 'cell')} from {counted(merged.files, 'report')}: "
        f"{merged.failures} failed; JUnit XML: {junit}"
    )
    sys.exit(ExitStatus.FLOW_FAILED if merged.failures else ExitStatus.OK)
