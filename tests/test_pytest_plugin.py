"""The pytest plugin (tebiki.pytest_plugin) in a user's own suite: pytest runs in a subprocess,
in a folder of its own with the user's test files written here (Playwright's sync API cannot
start inside this suite's pytest-playwright loop). Each run selects few tests: cells are real
walks of a few seconds each.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from tebiki.browser import find_browser
from tebiki.check.matrix import Cell, Fixtures, cells_for
from tebiki.flowfile.loader import FLOWS_DIR, bundled_flows
from tebiki_mock.scenarios import DEFAULT_FIXTURES_DIR

ROOT = Path(__file__).resolve().parent.parent


def run_pytest(
    folder: Path, *args: str, pythonpath: tuple[Path, ...] = (), plugin: bool = True
) -> subprocess.CompletedProcess[str]:
    """pytest as a user runs it, with this checkout's code first on the path. `-p` loads the
    plugin whether or not the installed package has its entry point yet."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("TEBIKI_")}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *map(str, pythonpath), env.get("PYTHONPATH", "")]
    )
    if not (folder / "pytest.ini").exists():  # keeps pytest from finding an ini file above
        # A busy machine (the suite's other tests) may take longer than 5 s to show a target.
        (folder / "pytest.ini").write_text("[pytest]\ntebiki_timeout_ms = 10000\n")
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "-W",
        "ignore::pytest.PytestRemovedIn10Warning",
        *(["-p", "tebiki.pytest_plugin"] if plugin else []),
        *args,
    ]
    return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=240)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def all_cells() -> list[Cell]:
    return cells_for(bundled_flows(), Fixtures.load())


USER_TESTS = """\
    import pytest


    @pytest.mark.tebiki(scenario="all-blockers")
    def test_dry_run_touches_nothing(tebiki_page, tebiki_play, tebiki_mock_site, tebiki_account):
        assert tebiki_account.scenario == "all-blockers"
        result = tebiki_play("withdraw-email")
        assert result.stopped_before == 7  # the destructive step, never performed in a dry run
        assert tebiki_page.url.startswith(tebiki_mock_site.base_url)
        assert tebiki_mock_site.mutations(tebiki_account) == []


    def test_run_confirmed(tebiki_play, tebiki_mock_site, tebiki_account):
        assert tebiki_play("withdraw-email", "run", confirm=True).completed
        assert not tebiki_mock_site.account_exists(tebiki_account.email)


    def test_renamed_label(tebiki_play):
        tebiki_play("renamed.yaml")
    """

# The user's own override: it receives the plugin's arguments, and its executable is the one
# launched (a wrapper that leaves a mark, then starts the real browser).
USER_CONFTEST = """\
    import json
    from pathlib import Path

    import pytest


    @pytest.fixture(scope="session")
    def browser_type_launch_args(browser_type_launch_args, browser_type):
        Path("received.json").write_text(json.dumps({
            "args": browser_type_launch_args,
            "managed": Path(browser_type.executable_path).exists(),
        }))
        return {**browser_type_launch_args, "executable_path": str(Path("browser.sh").resolve())}
    """


def test_user_tests_play_flows_and_their_conftest_launches_the_browser(tmp_path: Path) -> None:
    write(tmp_path / "test_user.py", USER_TESTS)
    write(tmp_path / "conftest.py", USER_CONFTEST)
    flow = (FLOWS_DIR / "withdraw-email.yaml").read_text(encoding="utf-8")
    renamed = flow.replace(
        "{link: 基本情報編集, within: 共通情報}", "{link: 基本情報の編集, within: 共通情報}"
    )
    assert renamed != flow
    (tmp_path / "renamed.yaml").write_text(renamed, encoding="utf-8")
    wrapper = write(
        tmp_path / "browser.sh",
        f"""\
        #!/bin/sh
        echo launched >> "{tmp_path / "launched.txt"}"
        exec "{find_browser()}" "$@"
        """,
    )
    wrapper.chmod(0o755)

    done = run_pytest(tmp_path, "-rA")
    out = done.stdout + done.stderr

    assert "2 passed" in out and "1 failed" in out, out
    assert "PASSED test_user.py::test_dry_run_touches_nothing" in out
    assert "PASSED test_user.py::test_run_confirmed" in out
    failure = out[out.index("test_renamed_label") :]
    assert (
        "step 4 (「基本情報編集」をクリック): link 「基本情報の編集」 under 共通情報 not found"
    ) in failure
    assert "closest labels on the page: 基本情報編集" in failure
    assert "screenshot: " in failure and "failed-step-04.png" in failure
    assert (
        "Traceback" not in out and "tebiki/playing/player.py" not in out and "StepFailed" not in out
    )
    # The order of the overrides: pytest-playwright's, then tebiki's, then the conftest's.
    received = json.loads((tmp_path / "received.json").read_text())
    if not received["managed"]:
        assert received["args"]["executable_path"] == str(find_browser())
        assert "--disable-sync" in received["args"]["args"]
    assert (tmp_path / "launched.txt").read_text().count("launched") == 1


def test_flow_cells_are_tests_that_k_selects(tmp_path: Path) -> None:
    expected = [
        cell
        for cell in all_cells()
        if cell.flow == "withdraw-email" and cell.scenario == "clean" and cell.labels == "article"
    ]
    # One that walks through and one the site must refuse (a social account has no password).
    assert {cell.refused is None for cell in expected} == {True, False}

    done = run_pytest(
        tmp_path, "--tebiki-flows", "-k", "withdraw-email and clean and article", "-v"
    )
    out = done.stdout + done.stderr

    assert done.returncode == 0, out
    assert f"{len(expected)} passed" in out
    for cell in expected:
        assert f"tebiki-flows::{cell.id} PASSED" in out


def test_collect_only_lists_every_cell(tmp_path: Path) -> None:
    cells = all_cells()

    done = run_pytest(tmp_path, "--tebiki-flows", "--collect-only", "-q")

    listed = [line for line in done.stdout.splitlines() if line.startswith("tebiki-flows::")]
    assert listed == [f"tebiki-flows::{cell.id}" for cell in cells], done.stdout
    assert f"{len(cells)} tests collected" in done.stdout


def test_flow_option_and_fixtures_folder(tmp_path: Path) -> None:
    # The bundled data plus one scenario of its own: cells the bundled fixtures do not have.
    fixtures = tmp_path / "data"
    shutil.copytree(DEFAULT_FIXTURES_DIR, fixtures)
    clean = (fixtures / "scenarios" / "clean.yaml").read_text(encoding="utf-8")
    (fixtures / "scenarios" / "extra.yaml").write_text(
        clean.replace("name: clean", "name: extra", 1), encoding="utf-8"
    )
    write(tmp_path / "pytest.ini", "[pytest]\ntebiki_fixtures = nowhere\n")
    expected = cells_for([FLOWS_DIR / "withdraw-email.yaml"], Fixtures.load(fixtures))
    assert "extra" in {cell.scenario for cell in expected}

    done = run_pytest(
        tmp_path,
        "--tebiki-flow",
        "withdraw-email",
        "--tebiki-fixtures",
        "data",
        "--collect-only",
        "-q",
    )
    listed = [line for line in done.stdout.splitlines() if line.startswith("tebiki-flows::")]
    assert listed == [f"tebiki-flows::{cell.id}" for cell in expected], done.stdout

    # Without the option the ini value counts: a folder that is not there.
    done = run_pytest(tmp_path, "--tebiki-flow", "withdraw-email", "--collect-only", "-q")
    assert done.returncode == 2 and "ERROR collecting tebiki-flows" in done.stdout
    assert "no scenarios directory" in done.stdout and "Traceback" not in done.stdout


def test_unknown_flow_is_one_collection_error(tmp_path: Path) -> None:
    done = run_pytest(tmp_path, "--tebiki-flow", "nosuch")

    assert done.returncode == 2
    assert "nosuch: no such flow (bundled flows: " in done.stdout
    assert "Traceback" not in done.stdout


def test_without_pytest_playwright(tmp_path: Path) -> None:
    write(
        tmp_path / "test_site.py",
        """\
        import pytest


        @pytest.mark.tebiki(account="social", labels="faq")
        def test_account(tebiki_mock_site, tebiki_account):
            assert (tebiki_account.account, tebiki_account.labels) == ("social", "faq")
            assert tebiki_mock_site.mutations(tebiki_account) == []
        """,
    )

    done = run_pytest(tmp_path, "-p", "no:playwright", "-q")
    assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout + done.stderr

    done = run_pytest(tmp_path, "-p", "no:playwright", "--tebiki-flows")
    assert done.returncode != 0 and "pip install pytest-playwright" in done.stderr

    # Loading the plugin, browser side included, costs a suite that never asks for tebiki no
    # engine: no click, no pydantic models, no player.
    imported = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.modules['pytest_playwright'] = None; "
            "import tebiki.pytest_plugin, tebiki.pytest_plugin.browser; "
            "print(sorted(m for m in ('click', 'pydantic', 'tebiki.playing.player', "
            "'tebiki.flowfile.model', "
            "'tebiki_mock') if m in sys.modules))",
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert imported.stdout.strip() == "[]", imported.stdout + imported.stderr


def test_entry_point_and_p_option_together(tmp_path: Path) -> None:
    # The entry point as an installed tebiki declares it, on a folder of its own on the path.
    write(
        tmp_path / "site" / "tebiki_plugin_probe-0.dist-info" / "METADATA",
        "Metadata-Version: 2.1\nName: tebiki-plugin-probe\nVersion: 0\n",
    )
    write(
        tmp_path / "site" / "tebiki_plugin_probe-0.dist-info" / "entry_points.txt",
        "[pytest11]\ntebiki = tebiki.pytest_plugin\n",
    )
    count = len([cell for cell in all_cells() if cell.flow == "find-help"])

    for plugin in (True, False):
        done = run_pytest(
            tmp_path,
            "--tebiki-flow",
            "find-help",
            "--collect-only",
            "-q",
            pythonpath=(tmp_path / "site",),
            plugin=plugin,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert f"{count} tests collected" in done.stdout
