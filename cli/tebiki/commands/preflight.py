"""`tebiki preflight`: what would block leaving, read from the site, judged by the rules in force
on a day (today, or --as-of), as text or JSON."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from typing import Any

import click
import structlog

from tebiki.commands.common import build_request, friendly_errors
from tebiki.commands.options import TebikiCommand, setting_options
from tebiki.commands.report import print_site
from tebiki.errors import ExitStatus
from tebiki.playing.player import StepReport
from tebiki.playing.walk import walk
from tebiki.preflight.preflight import judge, render_text
from tebiki.preflight.rules import load_rules

log = structlog.get_logger()


def _log_step(report: StepReport) -> None:
    # stdout carries the report only (JSON must stay parseable); the walk goes to the log.
    log.info(
        "step",
        number=report.number,
        outcome=report.outcome,
        caption=report.caption,
        detail=report.detail,
    )


@click.command("preflight", cls=TebikiCommand)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    metavar="YYYY-MM-DD",
    help="Judge by the rules in force on this day (default: today).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="A report for a person, or data.",
)
@click.option(
    "--flow",
    "flow_name",
    default="preflight",
    show_default=True,
    help="The flow that reads the pages (contracts, tasks, rewards).",
)
@setting_options
@friendly_errors
def preflight_command(
    as_of: datetime | None, output_format: str, flow_name: str, **kwargs: Any
) -> None:
    """Report what blocks leaving: unfinished contracts, escrow, tasks awaiting approval,
    unwithdrawn rewards; each with the article's remedy, and the dates it clears by itself.
    Reads pages only (a dry run): nothing is clicked or sent. Exit 0 when nothing blocks
    leaving, 1 when something does or could not be checked."""
    request = build_request("dry-run", flow_name, kwargs)
    request.on_step = _log_step
    name = request.flow_path.stem
    request.on_site = lambda site: print_site(name, site, err=True)  # stdout: the report only
    request.keep_going = True
    rules = load_rules(as_of.date() if as_of else date.today())
    outcome = walk(request)
    report = judge(outcome.result.readings, rules, request.settings.lang or "ja")
    if output_format == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(report))
    sys.exit(ExitStatus.OK if report.clear else ExitStatus.FLOW_FAILED)
