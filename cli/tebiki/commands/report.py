"""What the person at the terminal reads on stdout: the steps as they happen, and the summary."""

from __future__ import annotations

import click

from tebiki.flowfile.model import Flow, ReadStep, StepBase
from tebiki.inert import shortened
from tebiki.page.reading import Reading
from tebiki.playing.outcome import Outcome
from tebiki.playing.player import PlayResult, StepReport
from tebiki.playing.send_guard import blocked_summary
from tebiki.playing.walk import WalkOutcome
from tebiki.redact import redact
from tebiki.sites import Site
from tebiki.words import counted, every


def print_step(report: StepReport) -> None:
    line = f"{report.number:>2}/{report.total}  {report.outcome:<14} {shortened(report.caption)}"
    for detail in shortened(report.detail).splitlines():
        line += f"\n        {'':<14} {detail}"
    if report.screenshot:
        line += f"\n        {'':<14} screenshot: {report.screenshot}"
    click.echo(redact(line))


def print_site(flow_name: str, site: Site, err: bool = False) -> None:
    """Where the walk plays, when that is the bundled mock site: a person who meant their own
    site (and forgot --base-url) learns it at the first line, not from a missing target."""
    if site.is_bundled_mock:
        click.echo(
            f"playing {flow_name} on the bundled mock site (give --base-url for your own site)",
            err=err,
        )


def describe_step(number: int, step: StepBase) -> str:
    caption = step.caption_in("ja")
    how = (
        f"{step.action} {step.target.describe()}"
        if step.target
        else f"open {getattr(step, 'goto', '')}"
    )
    if isinstance(step, ReadStep):
        how += f" → {step.into}"
    extra = " (optional)" if step.optional else ""
    return f"{number:>2}. {caption}{extra}\n      {how}  [{step.effect}]"


def print_flow(name: str, flow: Flow) -> None:
    click.echo(f"{flow.title}  ({name})")
    if flow.title_en:
        click.echo(flow.title_en)
    if flow.source:
        click.echo(f"出典: {flow.source}")
    if flow.description:
        click.echo(flow.description)
    # Where the flow may go: its site, and the origins it declares (nothing else opens).
    click.echo("opens: the site given by --base-url (or the bundled mock)")
    for origin in flow.origins:
        click.echo(f"opens: {origin}")
    click.echo("")
    for number, step in enumerate(flow.steps, start=1):
        click.echo(describe_step(number, step))


def print_readings(readings: dict[str, Reading]) -> None:
    """What the read steps found: rows as lines, then the flow's advice on them."""
    for reading in readings.values():
        click.echo(f"\n{reading.name}:")
        if reading.kind == "rows":
            for row in reading.rows:
                click.echo(
                    redact("  " + " | ".join(f"{key}: {value}" for key, value in row.items()))
                )
            if reading.found and not reading.rows:
                click.echo("  (no rows)")
        elif reading.value is not None:
            click.echo(redact(f"  {reading.value}"))
        for problem in reading.problems:
            click.echo(redact(f"  ? {problem}"))
        for advice in reading.advice:
            click.echo(redact(f"  ! {advice}"))


def left_alone(reports: list[StepReport]) -> str:
    """The steps reached but not played, by what happened to them: ` (1 not checked)`."""
    skipped = sum(1 for report in reports if report.outcome is Outcome.SKIPPED)
    parts = [f"{counted(skipped, 'optional step')} not on the page"] if skipped else []
    for outcome in (Outcome.NOT_CHECKED, Outcome.NOT_PERFORMED, Outcome.NOT_SHOWN, Outcome.FAILED):
        number = sum(1 for report in reports if report.outcome is outcome)
        if number:
            parts.append(f"{number} {outcome}")
    return f" ({', '.join(parts)})" if parts else ""


def _touched(result: PlayResult) -> str:
    """What the dry run did to the site, said only as far as it is true."""
    clicks, blocked = result.reveal_clicks, len(result.blocked_sends)
    said = (
        f"{counted(clicks, 'reveal click')} sent (to show a menu that opens only on a click); "
        "nothing else was clicked, typed"
        if clicks
        else "nothing was clicked, typed"
    )
    hovers = result.reveal_hovers
    if hovers:
        pointer = f"{counted(hovers, 'reveal hover')} (the pointer on a menu the flow reveals); "
        said = pointer + said
    if blocked:
        return f"{said} or let through: what the pages tried to send was blocked ({blocked})."
    return f"{said} or sent."


def print_summary(outcome: WalkOutcome, mode: str, again: str) -> None:
    """``again``: the command that performs the destructive step this walk stopped before."""
    result = outcome.result
    total = len(outcome.flow.steps)
    # Only the steps that were played count: one the dry run reached and did not check (an
    # expect after a submit it did not send) is not among the checked. An optional step the
    # page lacks counts, as the flow allows it, and the aside says so.
    done = sum(
        1 for report in result.reports if report.outcome.played or report.outcome is Outcome.SKIPPED
    )
    aside = left_alone(result.reports)
    click.echo("")
    for note in outcome.notes:
        click.echo(f"note: {note}")
    if mode == "dry-run":
        click.echo(
            f"dry run done: {done} of {counted(total, 'step')} checked on "
            f"{outcome.base_url}{aside}; {_touched(result)}"
        )
        blocked = blocked_summary(result.blocked_sends)
        if blocked:
            click.echo(f"blocked: {blocked}.")
        if result.own_sends:
            first = result.own_sends[0].said()
            more = f" and {len(result.own_sends) - 1} more" if len(result.own_sends) > 1 else ""
            click.echo(
                f"the pages sent {counted(len(result.own_sends), 'request')} by themselves "
                f"on being opened, before the dry run acted on them (as for any visitor): "
                f"{first}{more}."
            )
    elif result.stopped_before is not None:
        click.echo(
            f"stopped before step {result.stopped_before}: it cannot be undone and was "
            "not confirmed, so it was not performed."
        )
        click.echo(f"to perform it: {again} (or run at a terminal and confirm when asked)")
    elif done == total:
        click.echo(f"done: {every(total, 'step')} performed on {outcome.base_url}{aside}.")
    else:
        click.echo(
            f"done: {done} of {counted(total, 'step')} performed on {outcome.base_url}{aside}."
        )
    if outcome.mock_mutations is not None:
        click.echo(
            f"mock site: {counted(len(outcome.mock_mutations), 'changing request')} "
            "(POST and the like) recorded."
        )
    print_readings(result.readings)
    shots = [report.screenshot for report in result.reports if report.screenshot]
    if shots:
        click.echo(f"screenshots: {len(shots)} in {shots[0].parent}")
    for trace in outcome.trace_files:
        click.echo(f"trace: {trace}")
