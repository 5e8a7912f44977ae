"""`tebiki check` as CI runs it: real cells on the real mock site, judged; a table, JUnit XML,
exit codes; and a label renamed in the mock site failing with a message a person can act on,
a screenshot that marks where the label was expected, and a trace."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from tebiki.drawing.failure_marks import MISSING_RGB
from tebiki.flowfile.loader import find_flow, where_in
from tebiki_mock.scenarios import DEFAULT_FIXTURES_DIR

Tebiki = Callable[..., subprocess.CompletedProcess[str]]


def test_blocked_as_it_should_be_passes_and_junit_says_so(tebiki: Tebiki, tmp_path: Path) -> None:
    picks = ("email-clean-article", "email-all-blockers-faq", "social-unfinished-contract-article")
    result = tebiki(
        "check",
        "withdraw-email",
        *[arg for p in picks for arg in ("-k", p)],
        "--junit",
        "out/report.xml",
        "--workers",
        "2",
        timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "ok   withdraw-email[email-clean-article]  completed" in out
    assert "ok   withdraw-email[email-all-blockers-faq]  refused at step 8: 退会できません" in out
    assert (
        "ok   withdraw-email[social-unfinished-contract-article]  refused at step 8: "
        "パスワードが設定されていません"
    ) in out
    assert "all 3 cells passed" in out
    table = [line.split() for line in out.splitlines() if line.startswith("withdraw-email ")]
    assert table == [["withdraw-email", "3", "3", "0", "2", table[0][5], "s"]]
    suites = ET.parse(tmp_path / "out" / "report.xml").getroot()
    assert (suites.get("tests"), suites.get("failures")) == ("3", "0")
    cases = suites.findall("testsuite/testcase")
    assert sorted(case.get("name") for case in cases) == sorted(picks)
    assert all(case.find("failure") is None for case in cases)
    assert [
        path for path in tmp_path.rglob("*") if path.is_file() and "artifacts" in path.parts
    ] == []  # nothing kept for cells that passed


def flow_with(tmp_path: Path, check: str) -> Path:
    """withdraw-email with other expectations: what a wrong declaration (or a site that stopped
    enforcing a blocker) looks like to check."""
    text = find_flow("withdraw-email").read_text(encoding="utf-8")
    head, _, rest = text.partition("check:")
    _, _, steps = rest.partition("steps:")
    path = tmp_path / "withdraw-email.yaml"
    path.write_text(f"{head}check:\n{check}steps:{steps}", encoding="utf-8")
    return path


def test_walking_through_what_should_block_fails(tebiki: Tebiki, tmp_path: Path) -> None:
    path = flow_with(
        tmp_path,
        "  - scenarios: [clean, unfinished-contract]\n"
        "    labels: [article]\n"
        "    expect: {refused: 契約中のお仕事があります}\n"
        "  - scenarios: [all-blockers]\n    labels: [article]\n"
        "    expect: {refused: 本人確認が済んでいません}\n",
    )
    result = tebiki("check", str(path), "--junit", "r.xml", "--trace", "off", timeout=240)
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert "ok   withdraw-email[email-unfinished-contract-article]  refused at step 8" in out
    assert (
        "FAIL withdraw-email[email-clean-article]: email account, scenario clean, label set "
        "article; expected: refused: 契約中のお仕事があります\n  expected the site to refuse "
        "(契約中のお仕事があります), but the flow walked through to its end"
    ) in out
    assert (
        "  the site refused step 8 for another reason: 退会できません。 契約中のお仕事があります"
    ) in out
    assert [line for line in out.splitlines() if " cells " in line and " in " in line] == [
        line for line in out.splitlines() if line.startswith("2 of 3 cells failed in ")
    ]
    failed = ET.parse(tmp_path / "r.xml").getroot().findall("testsuite/testcase/failure")
    assert len(failed) == 2


def test_a_renamed_label_fails_with_what_to_do_a_marked_screenshot_and_a_trace(
    tebiki: Tebiki, tmp_path: Path
) -> None:
    fixtures = tmp_path / "fixtures"
    shutil.copytree(DEFAULT_FIXTURES_DIR, fixtures)
    with (fixtures / "labels.yaml").open("a", encoding="utf-8") as labels:
        labels.write("renamed:\n  basic_info: 基本情報の編集\n")
    result = tebiki(
        "check",
        "withdraw-email",
        "--fixtures",
        str(fixtures),
        "-k",
        "email-clean-renamed",
        "--artifacts",
        "arts",
        timeout=240,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    block = result.stdout.split("FAIL withdraw-email[email-clean-renamed]: ", 1)[1]
    lines = block.split("\n\n")[0].splitlines()
    assert lines[0] == ("email account, scenario clean, label set renamed; expected: completes")
    assert lines[1].startswith(
        "  step 5 (「基本情報編集」をクリック): link 「基本情報編集」 under "
        "共通情報 not found on http://127.0.0.1:"
    )
    assert lines[1].endswith("/profile/edit; closest labels on the page: 基本情報の編集")
    folder = tmp_path / "arts" / "withdraw-email" / "email-clean-renamed"
    shot, trace = folder / "failed-step-05.png", folder / "trace.zip"
    assert lines[2] == (
        "  screenshot: arts/withdraw-email/email-clean-renamed/failed-step-05.png"
        "  (marked: where it was expected (共通情報), the closest label "
        "「基本情報の編集」)"
    )
    line = where_in(find_flow("withdraw-email"), ("steps", 4)).rsplit(":", 1)[1]
    assert (
        find_flow("withdraw-email")
        .read_text()
        .splitlines()[int(line) - 1]
        .endswith("- click: {link: 基本情報編集, within: 共通情報}")
    )
    assert lines[3].startswith("  if the site now says 「基本情報の編集」, add it to step 5 at ")
    assert lines[3].endswith(f"flows/withdraw-email.yaml:{line}: also: [基本情報の編集]")
    assert lines[4].startswith(
        "  trace: arts/withdraw-email/email-clean-renamed/trace.zip  "
        "(open with: playwright show-trace "
    )
    # The first play is kept as a screenshot; the trace is of a second play, made only because
    # the first failed, and it failed the same way.
    assert lines[5] == (
        "  the trace is of a second play, with another fresh account: the same failure"
    )
    assert sorted(path.name for path in folder.iterdir()) == ["failed-step-05.png", "trace.zip"]
    with zipfile.ZipFile(trace) as archive:
        names = archive.namelist()
        assert any(name.endswith(".trace") for name in names)
        played = b"".join(archive.read(name) for name in names if name.endswith(".trace"))
    assert "基本情報の編集".encode() in played
    # The screenshot marks the place: the 共通情報 section (dashed) and 基本情報の編集 (solid)
    # in the failure colour, which nothing on the mock site uses.
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 24) or []
    marked = sum(
        count
        for count, pixel in colours
        if all(abs(a - b) <= 12 for a, b in zip(pixel, MISSING_RGB, strict=True))
    )
    assert marked > 2000, marked


def test_no_browser_is_the_environments_problem(tebiki: Tebiki) -> None:
    result = tebiki(
        "check",
        "find-help",
        "-k",
        "email-clean-article",
        env={"TEBIKI_BROWSER_PATH": "/nonexistent"},
    )
    assert result.returncode == 3
    assert result.stderr.startswith("error: browser not found at /nonexistent")
    assert "Traceback" not in result.stderr


def test_secret_flows_on_two_workers_keep_traces_scrubbed(tebiki: Tebiki, tmp_path: Path) -> None:
    """withdraw-social types a generated password in every cell: workers register secrets while
    others scrub their traces, and every kept trace has the password replaced."""
    result = tebiki(
        "check",
        "withdraw-social",
        "-k",
        "clean",
        "-k",
        "lapsing",
        "--workers",
        "2",
        "--trace",
        "on",
        "--artifacts",
        "arts",
        # Two browsers of its own beside the suite's: on a loaded machine a page may take longer
        # than 5 s, and this test is about the traces, not the speed.
        "--timeout",
        "10000",
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all 4 cells passed" in result.stdout
    traces = sorted((tmp_path / "arts" / "withdraw-social").glob("*/trace.zip"))
    assert len(traces) == 4
    for trace in traces:
        with zipfile.ZipFile(trace) as archive:
            text = b"".join(archive.read(name) for name in archive.namelist())
        # The form posted パスワード and パスワード確認: both went out as the scrubbed mark.
        assert b"password=%2A%2A%2A%2A%2A%2A%2A%2A" in text or b"password=********" in text
