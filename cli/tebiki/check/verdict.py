"""Judging a played cell against what its flow declares, and the message a person acts on
when it failed: no browser here, so the rules are tested on their own."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tebiki.check.matrix import Cell
from tebiki.errors import StepFailed, TebikiError
from tebiki.flowfile.loader import where_in
from tebiki.playing.outcome import Outcome
from tebiki.playing.player import PlayResult


@dataclass(frozen=True)
class Verdict:
    passed: bool
    outcome: str  # what happened: completed, refused at step N: …, failed at step N
    why: str = ""  # why a failed cell failed; "" when it passed


def judge(cell: Cell, result: PlayResult | None, failure: TebikiError | None) -> Verdict:
    """ "Blocked as it should be" passes; "walked through a blocker" fails, and so does a
    refusal for another reason than the one declared."""
    if failure is None:
        assert result is not None
        last = result.reports[-1] if result.reports else None
        if not result.completed and last is not None and last.outcome is Outcome.NOT_PERFORMED:
            # On a site of the user's, a destructive step waits for --confirm, as in `run`:
            # what came before it is what was checked, and it all passed.
            return Verdict(
                True,
                f"not performed: destructive step {result.stopped_before} needs --confirm",
            )
        if not result.completed:
            return Verdict(
                False,
                f"stopped before step {result.stopped_before}",
                (f"the flow stopped before step {result.stopped_before}"),
            )
        if cell.refused:
            return Verdict(
                False,
                "completed",
                (
                    f"expected the site to refuse ({cell.refused}), but the flow walked through "
                    "to its end: the site let this account past what should block it"
                ),
            )
        return Verdict(True, "completed")
    if isinstance(failure, StepFailed) and failure.refused:
        said = " / ".join(failure.alerts) or "(no words)"
        if cell.refused and any(cell.refused in alert for alert in failure.alerts):
            return Verdict(True, f"refused at step {failure.step}: {said}")
        if cell.refused:
            return Verdict(
                False,
                f"refused at step {failure.step}",
                (
                    f"the site refused step {failure.step} for another reason: {said}; "
                    f"expected: {cell.refused}"
                ),
            )
        return Verdict(False, f"refused at step {failure.step}", failure.message)
    if isinstance(failure, StepFailed):
        return Verdict(False, f"failed at step {failure.step}", failure.message)
    return Verdict(False, "could not play", failure.message)


def explain(
    cell: Cell,
    failure: TebikiError | None,
    why: str,
    artifacts: tuple[Path, ...],
    replayed: str = "",
) -> str:
    """What failed and where (from the player), what to change in the flow file, and the files
    to look at; ``replayed``: what a second, traced play of the cell did."""
    lines = [why.strip()]
    if isinstance(failure, StepFailed) and failure.step is not None:
        where = where_in(cell.path, ("steps", failure.step - 1))
        if failure.closest and failure.wanted:
            lines.append(
                f"if the site now says 「{failure.closest[0]}」, add it to step "
                f"{failure.step} at {where}: also: [{failure.closest[0]}]"
            )
        else:
            lines.append(f"step {failure.step} is at {where}")
    for path in artifacts:
        if path.suffix == ".zip":
            lines.append(f"trace: {path}  (open with: playwright show-trace {path})")
        elif "screenshot:" not in why:
            lines.append(f"screenshot: {path}")
    if replayed:
        lines.append(replayed)
    return "\n".join(lines)
