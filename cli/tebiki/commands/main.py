"""The tebiki commands. Each one reads its options, calls the engine, prints, and exits with
one of the codes of tebiki.ExitStatus (docs/semantics.md): 0 done, 1 the flow failed on the
site, 2 bad input, 3 the environment.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import click

from tebiki.commands.common import (
    again_with_confirm,
    build_request,
    friendly_errors,
    in_folder,
    staged_screenshots,
)
from tebiki.commands.options import (
    FLOW_HELP,
    NO_REVEAL,
    TebikiCommand,
    setting_options,
    var_option,
)
from tebiki.commands.report import print_flow, print_summary
from tebiki.errors import ExitStatus, FlowFileError
from tebiki.flowfile.loader import (
    bundled_flows,
    caption_notes,
    find_flow,
    load_flow,
    load_flow_and_text,
)
from tebiki.flowfile.variables import check_given
from tebiki.inert import InertStream
from tebiki.playing.player import Mode
from tebiki.playing.walk import walk
from tebiki.settings import load_settings
from tebiki.words import counted

# Commands whose modules the others never use, loaded only when named (or listed by --help):
# importing them all would add a tenth to the start-up of every command.
LAZY_COMMANDS = {
    "check": ("tebiki.commands.check", "check_command"),
    "check-shots": ("tebiki.commands.shots", "check_shots_command"),
    "guide": ("tebiki.commands.guide", "guide_command"),
    "preflight": ("tebiki.commands.preflight", "preflight_command"),
    "record": ("tebiki.commands.record", "record_command"),
    "shots": ("tebiki.commands.shots", "shots_command"),
}


# The commands in the order a person works with a flow: write and check it, see it walked
# without touching anything, make its tutorial, perform it, keep it working; then the rest.
ORDER = (
    "validate",
    "show",
    "dry-run",
    "shots",
    "run",
    "check",
    "check-shots",
    "guide",
    "record",
    "export",
    "preflight",
    "flows",
    "mock-site",
)


class _LazyGroup(click.Group):
    command_class = TebikiCommand  # the mock-only options apart in every command's --help

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = {*super().list_commands(ctx), *LAZY_COMMANDS}
        return [name for name in ORDER if name in names] + sorted(names - set(ORDER))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Each command's whole first sentence, wrapped, never cut short with "...".
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1000)))
        with formatter.section("Commands, in the order you would use them"):
            formatter.write_dl(rows)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in LAZY_COMMANDS:
            module, name = LAZY_COMMANDS[cmd_name]
            command = getattr(importlib.import_module(module), name)
            self.add_command(command, cmd_name)
        return command


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tebiki")
def cli() -> None:
    """tebiki (手引き) walks a website along a flow, a YAML file of steps named by what a
    person sees: it checks every step without clicking or sending anything (dry-run), makes
    an illustrated tutorial of it (shots), performs it (run) and keeps it working (check).

    Without --base-url (or a flow's own base_url:), flows play on a bundled mock site: the
    Japanese freelancing site of the article the bundled flows come from.

    \b
    On a site of your own:
      tebiki validate my-flow.yaml
      tebiki dry-run my-flow.yaml --base-url http://localhost:8000
      tebiki shots my-flow.yaml --base-url http://localhost:8000 -o tutorial
      tebiki run my-flow.yaml --base-url http://localhost:8000
    """
    # Whatever a command prints may carry a flow's or a page's words: their control characters
    # are shown, never obeyed (inert.py). The logs, on stderr, go through it too.
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if not isinstance(stream, InertStream):
            setattr(sys, name, InertStream(stream))


@cli.command("flows")
@friendly_errors
def list_flows() -> None:
    """List the bundled flows."""
    for path in bundled_flows():
        flow = load_flow(path)
        click.echo(f"{path.stem:<20} {flow.title}  ({counted(len(flow.steps), 'step')})")


@cli.command()
@click.argument("flow", help=FLOW_HELP)
@friendly_errors
def show(flow: str) -> None:
    """Print FLOW's steps as numbered text, in the article's words, and the origins it opens."""
    path = find_flow(flow)
    print_flow(path.stem, load_flow(path))


@cli.command()
@click.argument(
    "files",
    nargs=-1,
    type=click.Path(path_type=Path),
    help="Flow files to check (default: the bundled flows).",
)
@friendly_errors
def validate(files: tuple[Path, ...]) -> None:
    """Check flow files (default: the bundled ones) without a browser: every problem of each,
    one a line, and a note for each step whose tutorial caption tebiki makes."""
    problems = 0
    for path in files or tuple(bundled_flows()):
        try:
            found = find_flow(str(path))
            flow = load_flow(found)
        except FlowFileError as error:
            for line in error.message.splitlines():
                click.echo(f"error: {line}", err=True)
            problems += 1
            continue
        click.echo(f"ok  {path}  ({counted(len(flow.steps), 'step')})")
        for note in caption_notes(found, flow):
            click.echo(f"note: {note}")
    if problems:
        sys.exit(ExitStatus.BAD_INPUT)


def _walk_command(mode: Mode, flow: str, kwargs: dict[str, Any], confirm: bool = False) -> None:
    request = build_request(mode, flow, kwargs, confirm)
    with request.secrets.active():  # the summary is scrubbed with the walk's secrets too
        with staged_screenshots(request) as staged:
            outcome = walk(staged)
        outcome.result.reports = [
            in_folder(report, request.screenshots) for report in outcome.result.reports
        ]
        print_summary(outcome, mode, again_with_confirm())
    if mode == "dry-run" and outcome.mock_mutations:
        click.echo("error: the dry run changed the mock site; this is a bug in tebiki", err=True)
        sys.exit(ExitStatus.FLOW_FAILED)


SCREENSHOTS = click.option(
    "--screenshots",
    type=click.Path(file_okay=False, path_type=Path),
    help="Save one highlighted screenshot per step in this folder.",
)


@cli.command("dry-run")
@click.argument("flow", help=FLOW_HELP)
@SCREENSHOTS
@NO_REVEAL
@setting_options
@friendly_errors
def dry_run(flow: str, **kwargs: Any) -> None:
    """Find, check and highlight every target of FLOW; click, type and send nothing."""
    _walk_command("dry-run", flow, kwargs)


@cli.command()
@click.argument("flow", help=FLOW_HELP)
@click.option(
    "--confirm", is_flag=True, help="Perform destructive steps (such as 退会する) without asking."
)
@SCREENSHOTS
@setting_options
@friendly_errors
def run(flow: str, confirm: bool, **kwargs: Any) -> None:
    """Perform FLOW for real: click, type and submit on the site. A destructive step needs
    --confirm or a typed yes at a terminal."""
    _walk_command("run", flow, kwargs, confirm=confirm)


@cli.command("export")
@click.argument("flow", help=FLOW_HELP)
@click.option(
    "--base-url",
    metavar="URL",
    help="Write the test for this site of yours (default: the flow's base_url:, else the "
    "bundled mock site).",
)
@var_option("A flow variable's value, written into the test (a site of yours only).")
@click.option(
    "--code",
    is_flag=True,
    help="Write the steps as plain Playwright code, one block per step, instead of a test "
    "that plays the flow with tebiki.play_flow.",
)
@friendly_errors
def export(flow: str, base_url: str | None, variables: dict[str, str], code: bool) -> None:
    """Print FLOW as a standalone pytest-playwright test, on a site of yours or on the bundled
    mock site: a test that plays the flow (inside the file) with tebiki.play_flow on the
    test's page, every check of `tebiki run` included; or, with --code, plain Playwright
    code."""
    from tebiki.export import export_flow
    from tebiki.export_play import export_play

    path = find_flow(flow)
    model, text = load_flow_and_text(path)
    check_given(model.variables, variables, "--var {name}")  # a typo is said, not dropped
    site = load_settings(base_url=base_url).base_url or model.base_url
    if code:
        click.echo(export_flow(path.stem, model, site, variables), nl=False)
        return
    click.echo(export_play(path.stem, model, text, site, variables), nl=False)


@cli.command("mock-site")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8800,
    show_default=True,
    help="Port on 127.0.0.1 (0 for any free port).",
)
@click.option(
    "--auto-login",
    type=click.Choice(["email", "social", "none"]),
    default="email",
    show_default=True,
    help="Log new visitors in as a fresh demo account, so flows can start at once.",
)
@friendly_errors
def mock_site(port: int, auto_login: str) -> None:
    """Serve the bundled mock site for a person (or --base-url) to walk."""
    from tebiki.sites.mock import serve

    try:
        serve(port, auto_login=None if auto_login == "none" else auto_login)
    except OSError as error:
        click.echo(f"error: cannot listen on 127.0.0.1:{port}: {error.strerror}", err=True)
        sys.exit(ExitStatus.ENVIRONMENT)


def main() -> None:
    cli(prog_name="tebiki")
