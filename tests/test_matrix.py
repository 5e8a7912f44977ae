"""The check matrix: cells come from the flows' `check:` cases and the fixtures' scenarios and
label sets; a later case wins a cell; names the fixtures lack are bad flow files (exit 2)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tebiki.check.check import check_variables
from tebiki.check.matrix import Cell, Fixtures, cells_for, flow_cells, select
from tebiki.errors import BadInputError, FlowFileError
from tebiki.flowfile.loader import find_flow, load_flow
from tebiki_mock.scenarios import DEFAULT_FIXTURES_DIR, load_scenarios

Tebiki = Callable[..., subprocess.CompletedProcess[str]]

SCENARIOS = sorted(load_scenarios())
HEAD = "title: t\nvariables:\n  display_name: 表示名\nsteps:\n  - expect: x\n"


def cells_of(text: str, tmp_path: Path, fixtures: Fixtures | None = None) -> list[Cell]:
    path = tmp_path / "f.yaml"
    path.write_text(HEAD + text, encoding="utf-8")
    return flow_cells(path, load_flow(path), fixtures or Fixtures.load())


def test_without_a_check_block_a_flow_walks_through_everywhere(tmp_path: Path) -> None:
    cells = cells_of("", tmp_path)
    assert {(cell.account, cell.scenario, cell.labels) for cell in cells} == {
        ("email", scenario, labels) for scenario in SCENARIOS for labels in ("article", "faq")
    }
    assert {cell.refused for cell in cells} == {None}


def test_a_later_case_wins_its_cells(tmp_path: Path) -> None:
    cells = cells_of(
        "check:\n  - expect: {refused: だめ}\n  - scenarios: [clean]\n"
        "    labels: [faq]\n    expect: completes\n",
        tmp_path,
    )
    by_id = {cell.name: cell.expected for cell in cells}
    assert by_id["email-clean-faq"] == "completes"
    assert by_id["email-clean-article"] == "refused: だめ"
    assert by_id["email-all-blockers-faq"] == "refused: だめ"
    assert len(cells) == 2 * len(SCENARIOS)


def test_the_withdrawal_flows_declare_refusals_for_every_blocker() -> None:
    fixtures = Fixtures.load()
    cells = cells_for([find_flow("withdraw-email"), find_flow("withdraw-social")], fixtures)
    completes = sorted(cell.id for cell in cells if cell.refused is None)
    assert completes == [
        f"{flow}[{account}-{scenario}-{labels}]"
        for flow, account in (("withdraw-email", "email"), ("withdraw-social", "social"))
        for scenario in ("clean", "lapsing-reward")
        for labels in ("article", "faq")
    ]
    social = [cell for cell in cells if cell.flow == "withdraw-email" and cell.account == "social"]
    assert len(social) == 2 * len(SCENARIOS)
    assert {cell.refused for cell in social} == {"パスワードが設定されていません"}


def test_label_sets_come_from_the_fixtures_folder(tmp_path: Path) -> None:
    folder = tmp_path / "fixtures"
    shutil.copytree(DEFAULT_FIXTURES_DIR, folder)
    with (folder / "labels.yaml").open("a", encoding="utf-8") as labels:
        labels.write("renamed:\n  basic_info: 基本情報の編集\n")
    cells = cells_of("check:\n  - scenarios: [clean]\n", tmp_path, Fixtures.load(folder))
    assert [cell.labels for cell in cells] == ["article", "faq", "renamed"]


@pytest.mark.parametrize(
    ("case", "problem"),
    [
        (
            "  - scenarios: [clean, nowhere]\n",
            "check.1.scenarios: unknown scenario 'nowhere' (known: all-blockers,",
        ),
        (
            "  - labels: [klingon]\n",
            "check.1.labels: unknown label set 'klingon' (known: article, faq)",
        ),
    ],
)
def test_an_unknown_name_points_at_its_line(tmp_path: Path, case: str, problem: str) -> None:
    with pytest.raises(FlowFileError) as caught:
        cells_of("check:\n  - scenarios: [clean]\n" + case, tmp_path)
    assert caught.value.message.startswith(f"{tmp_path / 'f.yaml'}:8: {problem}")


def test_a_bad_expectation_is_a_flow_file_error(tmp_path: Path) -> None:
    with pytest.raises(FlowFileError) as caught:
        cells_of("check:\n  - expect: refused\n", tmp_path)
    assert caught.value.message == (
        f"{tmp_path / 'f.yaml'}:7: check.0.expect: expect is "
        "completes, or {refused: what the site says}"
    )


def test_a_variable_the_mock_cannot_fill_is_refused_before_any_browser(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(
        "title: t\nvariables:\n  order_no: 注文番号\nsteps:\n  - expect: '{order_no}'\n",
        encoding="utf-8",
    )
    cells = flow_cells(path, load_flow(path), Fixtures.load())
    with pytest.raises(BadInputError, match=r"f\.yaml:3: variable 'order_no' has no value"):
        check_variables(cells)


def test_select_keeps_cells_whose_id_holds_a_pattern() -> None:
    cells = cells_for([find_flow("withdraw-email")], Fixtures.load())
    chosen = select(cells, ("social-clean", "email-last-day-faq"))
    assert [cell.id for cell in chosen] == [
        "withdraw-email[email-last-day-faq]",
        "withdraw-email[social-clean-article]",
        "withdraw-email[social-clean-faq]",
    ]


def test_check_list_prints_the_cells_and_bad_names_exit_2(tebiki: Tebiki, tmp_path: Path) -> None:
    listed = tebiki("check", "withdraw-social", "--list")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert len(lines) == 2 * len(SCENARIOS)
    assert "withdraw-social[social-clean-faq]  completes" in lines
    assert "withdraw-social[social-escrow-held-article]  refused: 退会できません" in lines
    missing = tebiki("check", "no-such-flow")
    assert missing.returncode == 2
    assert missing.stderr.startswith("error: no-such-flow: no such flow")
    nothing = tebiki("check", "withdraw-social", "-k", "zzz")
    assert (nothing.returncode, nothing.stderr) == (2, "error: no cells match -k zzz\n")
    (tmp_path / "broken").mkdir()
    bad = tebiki("check", "--fixtures", str(tmp_path / "broken"), "--list")
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: mock site fixtures: no scenarios directory at ")
    assert "Traceback" not in missing.stderr + nothing.stderr + bad.stderr
