"""The check matrix: each flow's ``check:`` cases spread over the bundled mock site's account
kinds, scenarios and label sets, one cell each, with what the cell must do there.

What applies where is data: the cases live in the flow files, the scenarios and label sets in
the fixtures folder. A name that is in neither is a bad flow file, found before any browser.
"""

from __future__ import annotations

from collections.abc import Callable
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
    # A site of the user's (--base-url, or the flow's base_url:): the flow is played there
    # once, as it is; None: a cell of the bundled mock site.
    site: str | None = None

    @property
    def name(self) -> str:
        if self.site is not None:
            return "site"
        return f"{self.account}-{self.scenario}-{self.labels}"

    @property
    def where(self) -> str:
        """The cell as a person reads it in a failure's first line."""
        if self.site is not None:
            return f"on {self.site}"
        return f"{self.account} account, scenario {self.scenario}, label set {self.labels}"

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


def cells_for(
    paths: list[Path],
    fixtures: Fixtures | Callable[[], Fixtures] = Fixtures.load,
    base_url: str | None = None,
) -> list[Cell]:
    """Every cell of these flows, flow by flow: a flow for a site of the user's (``base_url``,
    or the flow's own base_url:) is one cell there; any other, its cells on the bundled mock
    (whose fixtures are loaded only then)."""
    cells: list[Cell] = []
    loaded: list[Fixtures] = []
    for path in paths:
        flow = load_flow(path)
        site = base_url or flow.base_url
        if site is not None:
            cells.append(Cell(path.stem, path, flow.account, "", "", None, flow, site=site))
            continue
        if not loaded:
            loaded.append(fixtures if isinstance(fixtures, Fixtures) else fixtures())
        cells.extend(flow_cells(path, flow, loaded[0]))
    return cells


def on_mock(cells: list[Cell]) -> bool:
    return any(cell.site is None for cell in cells)


def select(cells: list[Cell], patterns: tuple[str, ...]) -> list[Cell]:
    """Cells whose id contains one of the patterns (``-k``-like), all when none is given."""
    if not patterns:
        return cells
    return [cell for cell in cells if any(pattern in cell.id for pattern in patterns)]
