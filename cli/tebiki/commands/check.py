"""`tebiki check`: every flow x every scenario it applies to x every label set, played for real
on the bundled mock site, judged, summed up in a table and in JUnit XML. Exit 1 if a cell
failed."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from tebiki.browser import BrowserOptions
from tebiki.check.check import CheckOptions, TraceMode, check_variables, run_check, workers_for
from tebiki.check.matrix import Fixtures, cells_for, select
from tebiki.check.report import cell_line, failures, summary_table, write_junit
from tebiki.commands.common import friendly_errors
from tebiki.errors import BadInputError, ExitStatus
from tebiki.flowfile.loader import bundled_flows, find_flow
from tebiki.logs import configure
from tebiki.settings import load_settings


@click.command("check")
@click.argument("flows", nargs=-1)
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
    type=click.Choice(["retain-on-failure", "on", "off"]),
    default="retain-on-failure",
    show_default=True,
    help="Keep a Playwright trace of failed cells, of all cells, or of none.",
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
    "--fixtures",
    type=click.Path(file_okay=False, path_type=Path),
    help="Mock site data folder (scenarios/, labels.yaml, market.yaml) instead of "
    "the bundled fixtures/.",
)
@click.option(
    "--connect",
    metavar="WS_URL",
    help="Browsers from a remote Playwright server (playwright run-server).",
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
    workers: int,
    junit: Path | None,
    artifacts: Path | None,
    trace: TraceMode,
    patterns: tuple[str, ...],
    list_only: bool,
    fixtures: Path | None,
    connect: str | None,
    browser_path: Path | None,
    timeout_ms: int | None,
    log_format: str | None,
    verbose: int,
) -> None:
    """Regression check on the bundled mock site: each FLOW (default: all) in every cell its
    `check:` cases declare (account kind x scenario x label set), walked for real with a fresh
    account per cell. A cell passes when the flow walks through, or is refused by the site for
    the reason the flow declares."""
    settings = load_settings(
        artifacts=artifacts,
        fixtures=fixtures,
        connect=connect,
        browser_path=browser_path,
        timeout_ms=timeout_ms,
        log_format=log_format,
    )
    configure(settings.log_format, verbose)
    paths = [find_flow(name) for name in flows] if flows else bundled_flows()
    cells = select(cells_for(paths, Fixtures.load(settings.fixtures)), patterns)
    if not cells:
        raise BadInputError(
            f"no cells match -k {' / '.join(patterns)}"
            if patterns
            else "no cells to check: the flows' check: cases name none"
        )
    check_variables(cells)
    if list_only:
        for cell in cells:
            click.echo(f"{cell.id}  {cell.expected}")
        return
    options = CheckOptions(
        artifacts=settings.artifacts,
        trace=trace,
        workers=workers,
        timeout_ms=settings.timeout_ms,
        fixtures=settings.fixtures,
        browser=BrowserOptions(browser_path=settings.browser_path, connect=settings.connect),
    )
    workers = workers_for(options, cells)
    click.echo(
        f"checking {len(cells)} cells of {len({c.flow for c in cells})} flows "
        f"with {workers} worker{'s' if workers != 1 else ''}"
    )
    started = time.perf_counter()
    results = run_check(cells, options, lambda result: click.echo(cell_line(result)))
    seconds = time.perf_counter() - started
    click.echo("")
    failed = failures(results)
    if failed:
        click.echo(failed)
        click.echo("")
    click.echo(summary_table(results, seconds, workers))
    if junit is not None:  # last: a path that cannot be written loses none of the above
        write_junit(junit, results, seconds)
        click.echo(f"JUnit XML: {junit}")
    sys.exit(ExitStatus.FLOW_FAILED if failed else ExitStatus.OK)
