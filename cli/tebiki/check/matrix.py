"""The check matrix: each flow's ``check:`` cases spread over the bundled mock site's account
kinds, scenarios and label sets, one cell each, with what the cell must do there.

What applies where is data: the cases live in the flow files, the scenarios and label sets in
the fixtures folder. A name that is in neither is a bad flow file, found before any browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tebiki.errors import FlowFileError
from tebiki.flowfile.loader import load_flow, where_in
from tebiki.flowfile.model import Flow


@dataclass(frozen=True)
class Fixtures:
    """What the mock site offers: each scenario's account kinds, and the label sets."""

    scenarios: dict[str, tuple[str, ...]]
    label_sets: tuple[str, ...]

    @classmethod
    def load(cls, folder: Path | None = None) -> Fixtures:
        from tebiki.sites.mock import load_label_sets, load_scenarios

        try:
            scenarios = load_scenarios(folder)
            label_sets = load_label_sets(folder)
        except ValueError as error:
            raise FlowFileError(f"mock site fixtures: {error}") from None
        return cls(
            {name: tuple(scenario.accounts) for name, scenario in scenarios.items()},
            tuple(label_sets),
        )


@dataclass(frozen=True)
class Cell:
    """One flow, played once: an account kind in a scenario under a label set."""

    flow: str
    path: Path
    account: str
    scenario: str
    labels: str
    refused: str | None = None  # None: the flow must walk through to its end
    # The flow file, loaded once when the matrix was made: every cell of it plays this.
    model: Flow | None = field(default=None, compare=False, repr=False)

    @property
    def name(self) -> str:
        return f"{self.account}-{self.scenario}-{self.labels}"

    @property
    def id(self) -> str:
        return f"{self.flow}[{self.name}]"

    @property
    def expected(self) -> str:
        return f"refused: {self.refused}" if self.refused else "completes"


def _names(
    path: Path, index: int, key: str, given: list[str] | str, known: tuple[str, ...], kind: str
) -> tuple[str, ...]:
    if given == "all":
        return known
    for name in given:
        if name not in known:
            raise FlowFileError(
                f"{where_in(path, ('check', index, key))}: check.{index}.{key}: "
                f"unknown {kind} {name!r} (known: {', '.join(known)})"
            )
    return tuple(given)


def flow_cells(path: Path, flow: Flow, fixtures: Fixtures) -> list[Cell]:
    """The cells one flow declares, in the order of its cases; a later case wins a cell."""
    cells: dict[tuple[str, str, str], Cell] = {}
    scenario_names = tuple(fixtures.scenarios)
    for index, case in enumerate(flow.check):
        accounts = tuple(case.accounts or [flow.account])
        scenarios = _names(path, index, "scenarios", case.scenarios, scenario_names, "scenario")
        label_sets = _names(path, index, "labels", case.labels, fixtures.label_sets, "label set")
        for account in accounts:
            for scenario in scenarios:
                if account not in fixtures.scenarios[scenario]:
                    if case.scenarios == "all":
                        continue  # a scenario without this kind of account is not a cell
                    raise FlowFileError(
                        f"{where_in(path, ('check', index, 'scenarios'))}: check.{index}: "
                        f"scenario {scenario!r} has no {account!r} account"
                    )
                for labels in label_sets:
                    refused = case.expect.refused if case.expect else None
                    cells[(account, scenario, labels)] = Cell(
                        path.stem, path, account, scenario, labels, refused, flow
                    )
    return list(cells.values())


def cells_for(paths: list[Path], fixtures: Fixtures) -> list[Cell]:
    """Every cell of these flows, flow by flow."""
    return [cell for path in paths for cell in flow_cells(path, load_flow(path), fixtures)]


def select(cells: list[Cell], patterns: tuple[str, ...]) -> list[Cell]:
    """Cells whose id contains one of the patterns (``-k``-like), all when none is given."""
    if not patterns:
        return cells
    return [cell for cell in cells if any(pattern in cell.id for pattern in patterns)]
