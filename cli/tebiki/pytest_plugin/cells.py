"""``pytest --tebiki-flows``: the check matrix (tebiki/check/matrix.py) as test items, one per cell,
each played and judged as `tebiki check` plays and judges it, on pytest-playwright's browser.

The cells hang under one collector node of their own, ``tebiki-flows``, outside the user's
files: their ids read ``tebiki-flows::withdraw-email[email-clean-article]``, and ``-k``
matches the flow, the account, the scenario or the label set by name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Browser

from tebiki.browser import BrowserOptions
from tebiki.check.check import CheckOptions, check_variables, play_cell
from tebiki.check.matrix import Cell, Fixtures, cells_for
from tebiki.errors import TebikiError
from tebiki.flowfile.loader import bundled_flows, find_flow
from tebiki.playing.walk import given_secret
from tebiki.pytest_plugin.config import base_url, fixtures_dir, flow_variables, timeout_ms
from tebiki.redact import redact
from tebiki.settings import Settings

if TYPE_CHECKING:
    from _pytest._code.code import ExceptionInfo, TerminalRepr, TracebackStyle

    from tebiki.sites.mock import MockSite

COLLECTOR = "tebiki-flows"


class FlowCells(pytest.Collector):
    """The cells of the flows asked for (--tebiki-flow; all bundled flows by default)."""

    def collect(self) -> list[pytest.Item | pytest.Collector]:
        config = self.config
        names: list[str] = config.getoption("tebiki_flow") or []
        paths = [find_flow(name) for name in names] if names else bundled_flows()
        fixtures = fixtures_dir(config)
        cells = cells_for(paths, lambda: Fixtures.load(fixtures), base_url(config))
        settings = Settings()  # the secrets a site of the user's needs: TEBIKI_<NAME>
        options = CheckOptions(
            artifacts=Path(config.getoption("--output")).absolute() / COLLECTOR,
            trace=config.getoption("--tracing"),
            timeout_ms=timeout_ms(config),
            fixtures=fixtures,
            confirm=bool(config.getoption("tebiki_confirm")),
            variables=flow_variables(config),
            secret=lambda name: given_secret(name, settings),
        )
        check_variables(cells, options)  # a variable nothing fills: said before any browser
        return [
            pytest.Function.from_parent(self, name=cell.id, callobj=_cell_test(cell, options))
            for cell in cells
        ]

    def repr_failure(
        self, excinfo: ExceptionInfo[BaseException], style: TracebackStyle | None = None
    ) -> str | TerminalRepr:
        # A bad flow file or fixtures folder: its one-line message, not the engine's traceback.
        if isinstance(excinfo.value, TebikiError):
            return excinfo.value.message
        return super().repr_failure(excinfo)


def _cell_test(cell: Cell, options: CheckOptions) -> Callable[..., None]:
    def test_flow_cell(
        browser: Browser,
        browser_context_args: dict[str, Any],
        request: pytest.FixtureRequest,
        record_property: Callable[[str, object], None],
    ) -> None:
        # The mock site starts only for a cell that plays on it.
        mock: MockSite | None = (
            request.getfixturevalue("tebiki_mock_site") if cell.site is None else None
        )
        # On a site of the user's, logged in as their suite logs in: --tebiki-storage-state,
        # and whatever their browser_context_args give (a storage state, credentials…).
        state = request.config.getoption("tebiki_storage_state")
        logged_in = BrowserOptions(
            storage_state=Path(state) if state else None,
            context_args=dict(browser_context_args),
        )
        result = play_cell(browser, mock, cell, replace(options, browser=logged_in))
        record_property("tebiki_outcome", result.outcome)
        if not result.passed:
            pytest.fail(
                redact(f"{cell.id}: expected {cell.expected}, {result.outcome}\n{result.message}"),
                pytrace=False,
            )

    test_flow_cell.__doc__ = f"{cell.flow} {cell.where}: {cell.expected}"
    return test_flow_cell


def collect_cells(session: pytest.Session) -> list[pytest.Item]:
    """The cells as items, collected through pytest's own hooks (collect reports, the
    "collected N items" count, collection errors), as if they had been found in a file."""
    collector = FlowCells.from_parent(session, name=COLLECTOR, nodeid=COLLECTOR)
    return list(session.genitems(collector))
