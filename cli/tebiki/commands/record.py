"""`tebiki record`: a new flow by walking the path once in a headed browser, or from what
`playwright codegen --target python` wrote."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from tebiki.commands.common import friendly_errors
from tebiki.commands.options import TebikiCommand, setting_options, settings_from
from tebiki.errors import BadInputError
from tebiki.logs import configure
from tebiki.words import counted


@click.command("record", cls=TebikiCommand)
@click.option(
    "--start",
    default="/",
    show_default=True,
    help="The page to start on, relative to --base-url (or the mock site).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The flow file to write, e.g. flows/my-path.yaml.",
)
@click.option(
    "--from-codegen",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Import this script from `playwright codegen --target python` instead.",
)
@click.option("--title", help="The flow's title (default: from the file name).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@setting_options
@friendly_errors
def record_command(
    start: str,
    output: Path,
    from_codegen: Path | None,
    title: str | None,
    force: bool,
    **kwargs: Any,
) -> None:
    """Record a flow: walk the path in the browser that opens, then close its window. Every
    click, typed value, tick and choice becomes a step, its target what you saw; passwords are
    never written (the step names a secret); irreversible steps are marked destructive."""
    from tebiki.record.session import record, write_flow, write_unanswered

    # The person's own values (--var display_name=ナミ) become placeholders in the flow.
    variables: dict[str, str] = kwargs.pop("variables", {})
    if from_codegen is None:
        if kwargs.get("headed") is False:
            raise BadInputError("--headless: recording needs a person at a browser window")
        kwargs["headed"] = True
    verbosity: int = kwargs.pop("verbose", 0)
    settings = settings_from(kwargs)
    configure(settings.log_format, verbosity)
    if output.exists() and not force:
        raise BadInputError(f"{output}: already exists (--force to replace it)")
    title = title or output.stem.replace("-", " ").replace("_", " ")
    if from_codegen is not None:
        from tebiki.record.codegen import WHICH_ONE, codegen_flow, open_questions

        try:
            source = from_codegen.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise BadInputError(f"{from_codegen}: cannot read: {error}") from None
        written = codegen_flow(
            source,
            str(from_codegen),
            title,
            account=settings.account or "email",
            variables=variables,
            lang=settings.lang,
            base_url=settings.base_url,
        )
        text = written.text
        # What the flow may get wrong where the script said more than a flow can (a name it
        # matched by a regular expression): said before anything else, each with its line.
        for warning in written.imported.warnings:
            click.echo(f"warning: {warning}", err=True)
        if WHICH_ONE in text:
            # Questions only the person can answer (which of several matches codegen picked):
            # the flow is written as it is, and does not validate until they are answered.
            write_unanswered(text, output)
            click.echo(f"wrote {output}", err=True)
            click.echo(open_questions(text, str(output)), err=True)
            click.echo(f"then check it: tebiki validate {output} && tebiki dry-run {output}")
            return
        click.echo(open_questions(text, str(output)), err=True)
    else:
        text = record(settings, start, title, variables).yaml
    flow = write_flow(text, output, force)
    flagged = sum(1 for step in flow.steps if step.effect == "destructive")
    steps = len(flow.steps)
    click.echo(
        f"wrote {output} ({counted(steps, 'step')}"
        + (f"; {flagged} irreversible, marked destructive" if flagged else "")
        + ")"
    )
    click.echo(f"check it: tebiki validate {output} && tebiki dry-run {output}")
