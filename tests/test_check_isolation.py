"""20 cells against one mock site, five at a time: each plays as its own fresh account in its
own browser context, and none sees or changes another's state."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tebiki.check.check import CheckOptions, run_check
from tebiki.check.matrix import Fixtures, cells_for
from tebiki.flowfile.loader import find_flow
from tebiki_mock import MockSite


def test_twenty_cells_five_at_a_time_keep_to_their_own_accounts(tmp_path: Path) -> None:
    cells = [
        cell
        for cell in cells_for([find_flow("withdraw-email")], Fixtures.load())
        if cell.account == "email"
    ]
    assert len(cells) == 20  # every scenario under both label sets
    # Five workers, each its own browser, play the cells side by side against one site: what
    # one cell's account does happens while others are halfway through theirs. Five browsers
    # on a small machine are slow to answer: a long timeout, for this test is about whose
    # state each cell sees, not about speed.
    with MockSite() as site:
        results = run_check(
            cells,
            CheckOptions(artifacts=tmp_path, trace="off", workers=5, timeout_ms=30000),
            site=site,
        )
        everything = site.all_mutations()
        accounts = {
            result.account_email: site.account_exists(result.account_email) for result in results
        }
    assert [result.passed for result in results] == [True] * 20, "\n".join(
        result.message for result in results if not result.passed
    )
    assert len(accounts) == 20  # twenty accounts, one per cell
    for result in results:
        # Each cell pressed 退会する once, as its own account, and only its own account went.
        assert result.mutations == 1, result.cell.id
        left = result.cell.refused is None
        assert accounts[result.account_email] is not left, result.cell.id
    assert Counter((m["method"], m["path"]) for m in everything) == {("POST", "/withdrawal"): 20}
    gone = sorted(result.cell.scenario for result in results if not accounts[result.account_email])
    assert gone == ["clean", "clean", "lapsing-reward", "lapsing-reward"]
