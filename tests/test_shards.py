"""A check spread over CI jobs: `--shard I/N` shares the cells out so that N jobs play every
cell exactly once, and `--merge` makes their JUnit files one report; bad shares and reports
are bad input."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

Tebiki = Callable[..., subprocess.CompletedProcess[str]]

FIVE = ("-k", "email-clean-article")  # one cell of each of five bundled flows


def listed(done: subprocess.CompletedProcess[str]) -> list[str]:
    assert done.returncode == 0, done.stdout + done.stderr
    return [line.split()[0] for line in done.stdout.splitlines() if line.strip()]


def test_three_shards_list_every_cell_exactly_once(tebiki: Tebiki) -> None:
    every = listed(tebiki("check", "--list"))
    shards = [listed(tebiki("check", "--list", "--shard", f"{i}/3")) for i in (1, 2, 3)]
    assert sorted(cell for shard in shards for cell in shard) == sorted(every)
    assert all(abs(len(shard) - len(every) / 3) < 1 for shard in shards)  # even, give or take one
    # The same share every time, wherever it runs.
    assert listed(tebiki("check", "--list", "--shard", "2/3")) == shards[1]


@pytest.mark.parametrize(
    ("given", "said"),
    [("4/3", "I must be from 1 to N (3)"), ("2", "write it as I/N"), ("a/b", "write it as I/N")],
)
def test_a_bad_shard_is_bad_input(given: str, said: str, tebiki: Tebiki) -> None:
    done = tebiki("check", "--list", "--shard", given)
    assert done.returncode == 2
    assert said in done.stderr and "Traceback" not in done.stderr


def test_shards_play_and_merge_into_one_report(tebiki: Tebiki, tmp_path: Path) -> None:
    reports = []
    for index in (1, 2, 3):
        report = tmp_path / f"shard-{index}.xml"
        done = tebiki("check", *FIVE, "--shard", f"{index}/3", "--junit", str(report))
        assert done.returncode == 0, done.stdout + done.stderr
        assert f"(shard {index}/3 of 5 cells)" in done.stdout
        reports.append(str(report))
    merged = tmp_path / "all.xml"
    done = tebiki("check", "--merge", *reports, "--junit", str(merged))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == f"merged 5 cells from 3 reports: 0 failed; JUnit XML: {merged}"
    root = ET.parse(merged).getroot()
    assert root.get("tests") == "5" and root.get("failures") == "0"
    cells = {(case.get("classname"), case.get("name")) for case in root.iter("testcase")}
    assert len(cells) == 5 and {name for _, name in cells} == {"email-clean-article"}


def test_a_shard_with_no_cells_writes_an_empty_report_that_merges(
    tebiki: Tebiki, tmp_path: Path
) -> None:
    report = tmp_path / "empty.xml"
    done = tebiki(
        "check",
        "-k",
        "withdraw-email[email-clean-article]",
        "--shard",
        "2/2",
        "--junit",
        str(report),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "shard 2/2: no cells (the 1 went to the other shards)" in done.stdout
    merged = tmp_path / "all.xml"
    done = tebiki("check", "--merge", str(report), "--junit", str(merged))
    assert done.returncode == 0, done.stdout + done.stderr
    assert ET.parse(merged).getroot().get("tests") == "0"


def test_merging_overlapping_or_foreign_reports_is_bad_input(
    tebiki: Tebiki, tmp_path: Path
) -> None:
    report = tmp_path / "one.xml"
    done = tebiki("check", "-k", "withdraw-email[email-clean-article]", "--junit", str(report))
    assert done.returncode == 0, done.stdout + done.stderr
    twice = tebiki("check", "--merge", str(report), str(report), "--junit", str(tmp_path / "a.xml"))
    assert twice.returncode == 2
    assert "the shards overlap" in twice.stderr and "Traceback" not in twice.stderr
    foreign = tmp_path / "other.xml"
    foreign.write_text("<testsuites name='pytest'/>", encoding="utf-8")
    other = tebiki("check", "--merge", str(foreign), "--junit", str(tmp_path / "b.xml"))
    assert other.returncode == 2
    assert f"{foreign}: not a JUnit report that tebiki check wrote" in other.stderr
    assert not (tmp_path / "a.xml").exists() and not (tmp_path / "b.xml").exists()
