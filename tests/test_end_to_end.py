"""Each command once as a user starts it: `python -m tebiki` in a process of its own, with its
own Chromium and its own bundled mock site. The rest of the suite runs the same command group
in-process (tests/in_process.py); these show that the entry point, the process's start-up and
its exit status agree with it."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

Tebiki = Callable[..., subprocess.CompletedProcess[str]]


def test_shots_writes_a_tutorial(tebiki_process: Tebiki, tmp_path: Path) -> None:
    done = tebiki_process("shots", "find-help", "-o", "tutorial")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "tutorial" / "tutorial.md").is_file()
    assert (tmp_path / "tutorial" / "tutorial.html").is_file()
    images = sorted((tmp_path / "tutorial").glob("*.png"))
    assert images and all(image.stat().st_size > 1000 for image in images)


def test_check_judges_cells_and_writes_junit(tebiki_process: Tebiki, tmp_path: Path) -> None:
    done = tebiki_process(
        "check", "withdraw-email", "-k", "email-clean-article", "-k", "email-all-blockers-faq",
        "--junit", "report.xml",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "all 2 cells passed" in done.stdout
    suite = ET.parse(tmp_path / "report.xml").getroot()
    assert (suite.get("tests"), suite.get("failures")) == ("2", "0")


def test_preflight_reports_the_blockers(tebiki_process: Tebiki) -> None:
    done = tebiki_process("preflight", "--scenario", "all-blockers", "--format", "json")
    assert done.returncode == 1, done.stderr  # blocked: the flow's verdict, not a failure
    report = json.loads(done.stdout)
    assert report["can_leave"] is False and len(report["blockers"]) == 4


def test_validate_and_export_need_no_browser(tebiki_process: Tebiki, tmp_path: Path) -> None:
    env = {"TEBIKI_BROWSER_PATH": str(tmp_path / "no-browser")}  # should either look for one
    validated = tebiki_process("validate", env=env)
    assert validated.returncode == 0, validated.stderr
    assert validated.stdout.count("ok ") >= 6
    exported = tebiki_process("export", "find-help", env=env)
    assert exported.returncode == 0, exported.stderr
    compile(exported.stdout, "test_find_help.py", "exec")  # a Python test file
