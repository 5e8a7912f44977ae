"""The whole check matrix, as `tebiki check` plays it in CI: every cell of every bundled flow
on the bundled mock site, each its own test, so the suite's workers share them out. Each cell
plays through the check's own play_cell (a fresh context and a fresh account of its own),
on the worker's browser and mock site."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tebiki.check.check import CheckOptions, play_cell
from tebiki.check.matrix import Cell, Fixtures, cells_for
from tebiki.flowfile.loader import bundled_flows
from tebiki_mock import MockSite

CELLS = cells_for(bundled_flows(), Fixtures.load())


def test_the_matrix_has_every_bundled_flow() -> None:
    assert {cell.flow for cell in CELLS} == {path.stem for path in bundled_flows()}
    assert len(CELLS) == len({cell.id for cell in CELLS})  # each cell once


@pytest.mark.parametrize("cell", CELLS, ids=[cell.id for cell in CELLS])
def test_cell_passes(cell: Cell, browser: Browser, mock_site: MockSite, tmp_path: Path) -> None:
    # 10 s per target, not 5: a loaded two-core machine can take longer than 5 s to show a page,
    # and this test is about what the cells judge, not how fast.
    options = CheckOptions(artifacts=tmp_path, trace="off", timeout_ms=10000)
    result = play_cell(browser, mock_site, cell, options)
    assert result.passed, f"expected {cell.expected}, {result.outcome}\n{result.message}"
    if cell.refused is None:
        assert result.outcome == "completed"
    else:  # refused by the site, at the step and with the words the flow declares
        assert result.outcome.startswith("refused at step ") and cell.refused in result.outcome
