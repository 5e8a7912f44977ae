"""`tebiki guide`: a headed browser shows the person each step; the person clicks and types."""

from __future__ import annotations

from typing import Any

import click

from tebiki.commands.common import build_request, friendly_errors
from tebiki.commands.options import FLOW_HELP, TebikiCommand, setting_options
from tebiki.commands.report import print_readings, print_site
from tebiki.commands.terminal import no_screen
from tebiki.errors import BadInputError, EnvironmentProblem
from tebiki.playing.guide import GuideOptions, GuideResult, guide_player
from tebiki.playing.outcome import Outcome
from tebiki.playing.walk import walk
from tebiki.sites import Site
from tebiki.words import counted


@click.command("guide", cls=TebikiCommand)
@click.argument("flow", help=FLOW_HELP)
@click.option(
    "--wait",
    "wait_seconds",
    type=click.FloatRange(min=0),
    default=0,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait for you at each step (0: no limit).",
)
@setting_options
@friendly_errors
def guide_command(flow: str, wait_seconds: float, **kwargs: Any) -> None:
    """Walk FLOW yourself: the browser highlights each step and waits for your click.

    tebiki never clicks, types or sends anything: you do. A click in the wrong place is
    pointed out; a step that cannot be undone is shown with a warning. Close the browser
    window to stop.
    """
    if kwargs.get("headed") is False:
        # Without a window nobody can make the clicks the guide waits for: it would wait on.
        raise BadInputError(
            "--headless: the guide needs a person at a browser window; "
            f"to walk the flow without one: tebiki dry-run {flow}"
        )
    kwargs["headed"] = True
    # The guide acts on nothing, so it walks as a dry run does: no secret is asked for or
    # generated (the person types their own password, which tebiki never reads).
    request = build_request("dry-run", flow, kwargs)
    settings = request.settings
    if settings.trace:
        # A trace keeps what was typed and sent, and in the guide the person types (a password,
        # a login on another site) what tebiki never knows and so cannot scrub.
        raise BadInputError("--trace cannot be used with guide: the trace would keep what you type")
    if settings.connect is None and no_screen():
        # Said before the mock site or a browser starts. A browser server (--connect) shows
        # its window on its own machine's screen, which this one cannot see.
        raise EnvironmentProblem(
            "the guide needs a screen for its browser window, and neither DISPLAY nor "
            "WAYLAND_DISPLAY is set: run it on a desktop (or over ssh -X); "
            f"to walk the flow without one: tebiki dry-run {flow}"
        )
    request.player = guide_player(GuideOptions(wait_ms=round(wait_seconds * 1000), linger=True))
    name = request.flow_path.stem

    def on_site(site: Site) -> None:
        print_site(name, site)
        click.echo("Follow the highlights in the browser window; close it to stop.")

    request.on_site = on_site
    outcome = walk(request)
    result = outcome.result
    click.echo("")
    for note in outcome.notes:
        click.echo(f"note: {note}")
    if isinstance(result, GuideResult) and result.closed_at is not None:
        click.echo(
            f"guide closed at step {result.closed_at} of {len(outcome.flow.steps)}: "
            "the browser window was closed; nothing more was done."
        )
    else:
        done = sum(1 for report in result.reports if report.outcome != Outcome.SKIPPED)
        click.echo(
            f"guide done: {done} of {counted(len(outcome.flow.steps), 'step')} on "
            f"{outcome.base_url}, every action yours; tebiki clicked nothing."
        )
    print_readings(result.readings)
    for trace in outcome.trace_files:
        click.echo(f"trace: {trace}")
