"""The pytest plugin (tebiki.pytest_plugin) in a user's own suite, tested with pytest's own
`pytester` (as microsoft/playwright-pytest tests its plugin): the user's files are written in
`pytester.path` and pytest runs there in a subprocess (Playwright's sync API cannot start inside
this suite's pytest-playwright loop). Each run selects few tests: cells are real walks of a few
seconds each.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from tebiki.browser import find_browser
from tebiki.check.matrix import Cell, Fixtures, cells_for
from tebiki.flowfile.loader import FLOWS_DIR, bundled_flows
from tebiki_mock.scenarios import DEFAULT_FIXTURES_DIR

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = "tebiki.pytest_plugin"
# pytester points HOME at its folder; the user's own HOME (Playwright's browser cache) is kept.
HOME = {key: os.environ.get(key) for key in ("HOME", "USERPROFILE")}


@pytest.fixture
def pytester(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """pytest as a user runs it, with this checkout's code first on the path and no TEBIKI_
    settings of ours. `-p` (pytester.plugins) loads the plugin whether or not the installed
    package has its entry point yet."""
    for key in [key for key in os.environ if key.startswith("TEBIKI_")]:
        monkeypatch.delenv(key)
    for key, value in HOME.items():
        if value is None:
            monkeypatch.delenv(key, raising=False)
        else:
            monkeypatch.setenv(key, value)
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    )
    pytester.plugins.append(PLUGIN)
    return pytester


def runpytest(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    ini_files = ("pytest.ini", ".pytest.ini", "pytest.toml", "tox.ini", "setup.cfg")
    if not any((pytester.path / name).exists() for name in ini_files):
        # Keeps pytest from finding an ini file above. A busy machine (the suite's other
        # tests) may take longer than 5 s to show a target.
        pytester.makeini("[pytest]\ntebiki_timeout_ms = 10000\n")
    return pytester.runpytest_subprocess(
        "-p",
        "no:cacheprovider",
        "-W",
        "ignore::pytest.PytestRemovedIn10Warning",
        *args,
        timeout=240,
    )


def all_cells() -> list[Cell]:
    return cells_for(bundled_flows(), Fixtures.load())


def cell_lines(result: pytest.RunResult) -> list[str]:
    return [line for line in result.outlines if line.startswith("tebiki-flows::")]


USER_TESTS = """\
    import pytest


    @pytest.mark.tebiki(scenario="all-blockers")
    def test_dry_run_touches_nothing(tebiki_page, tebiki_play, tebiki_mock_site, tebiki_account):
        assert tebiki_account.scenario == "all-blockers"
        result = tebiki_play("withdraw-email")
        assert result.stopped_before == 8  # the destructive step, never performed in a dry run
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


def test_user_tests_play_flows_and_their_conftest_launches_the_browser(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(test_user=USER_TESTS)
    pytester.makeconftest(USER_CONFTEST)
    flow = (FLOWS_DIR / "withdraw-email.yaml").read_text(encoding="utf-8")
    renamed = flow.replace(
        "{link: 基本情報編集, within: 共通情報}", "{link: 基本情報の編集, within: 共通情報}"
    )
    assert renamed != flow
    (pytester.path / "renamed.yaml").write_text(renamed, encoding="utf-8")
    wrapper = pytester.makefile(
        ".sh",
        browser=f"""\
        #!/bin/sh
        echo launched >> "{pytester.path / "launched.txt"}"
        exec "{find_browser(headless=True)}" "$@"
        """,
    )
    wrapper.chmod(0o755)

    result = runpytest(pytester, "-rA")

    result.assert_outcomes(passed=2, failed=1)
    # pytest-playwright parametrizes them by browser: test_...[chromium].
    result.stdout.fnmatch_lines_random(
        [
            "PASSED test_user.py::test_dry_run_touches_nothing*",
            "PASSED test_user.py::test_run_confirmed*",
        ]
    )
    failure = "\n".join(result.outlines + result.errlines)
    failure = failure[failure.index("test_renamed_label") :]
    assert (
        "step 5 (「基本情報編集」をクリック): link 「基本情報の編集」 under 共通情報 not found"
    ) in failure
    assert "closest labels on the page: 基本情報編集" in failure
    assert "screenshot: " in failure and "failed-step-05.png" in failure
    for output in (result.stdout, result.stderr):
        for absent in ("Traceback", "tebiki/playing/player.py", "StepFailed"):
            output.no_fnmatch_line(f"*{absent}*")
    # The order of the overrides: pytest-playwright's, then tebiki's, then the conftest's.
    received = json.loads((pytester.path / "received.json").read_text())
    if not received["managed"]:
        assert received["args"]["executable_path"] == str(find_browser(headless=True))
        assert "--disable-sync" in received["args"]["args"]
    assert (pytester.path / "launched.txt").read_text().count("launched") == 1


def test_flow_cells_are_tests_that_k_selects(pytester: pytest.Pytester) -> None:
    expected = [
        cell
        for cell in all_cells()
        if cell.flow == "withdraw-email" and cell.scenario == "clean" and cell.labels == "article"
    ]
    # One that walks through and one the site must refuse (a social account has no password).
    assert {cell.refused is None for cell in expected} == {True, False}

    result = runpytest(
        pytester, "--tebiki-flows", "-k", "withdraw-email and clean and article", "-v"
    )

    assert result.ret == pytest.ExitCode.OK
    result.assert_outcomes(passed=len(expected))
    # Cell ids hold brackets, which fnmatch would read as character classes.
    result.stdout.re_match_lines_random(
        [re.escape(f"tebiki-flows::{cell.id} PASSED") for cell in expected]
    )


def test_collect_only_lists_every_cell(pytester: pytest.Pytester) -> None:
    cells = all_cells()

    result = runpytest(pytester, "--tebiki-flows", "--collect-only", "-q")

    assert cell_lines(result) == [f"tebiki-flows::{cell.id}" for cell in cells], result.outlines
    result.stdout.fnmatch_lines([f"{len(cells)} tests collected*"])


def test_flow_option_and_fixtures_folder(pytester: pytest.Pytester) -> None:
    # The bundled data plus one scenario of its own: cells the bundled fixtures do not have.
    fixtures = pytester.path / "data"
    shutil.copytree(DEFAULT_FIXTURES_DIR, fixtures)
    clean = (fixtures / "scenarios" / "clean.yaml").read_text(encoding="utf-8")
    (fixtures / "scenarios" / "extra.yaml").write_text(
        clean.replace("name: clean", "name: extra", 1), encoding="utf-8"
    )
    pytester.makeini("[pytest]\ntebiki_fixtures = nowhere\n")
    expected = cells_for([FLOWS_DIR / "withdraw-email.yaml"], Fixtures.load(fixtures))
    assert "extra" in {cell.scenario for cell in expected}

    result = runpytest(
        pytester,
        "--tebiki-flow",
        "withdraw-email",
        "--tebiki-fixtures",
        "data",
        "--collect-only",
        "-q",
    )
    assert cell_lines(result) == [f"tebiki-flows::{cell.id}" for cell in expected], result.outlines

    # Without the option the ini value counts: a folder that is not there.
    result = runpytest(pytester, "--tebiki-flow", "withdraw-email", "--collect-only", "-q")
    assert result.ret == pytest.ExitCode.INTERRUPTED  # 2: a collection error
    result.stdout.fnmatch_lines(["*ERROR collecting tebiki-flows*"])
    result.stdout.fnmatch_lines(["*no scenarios directory*"])
    result.stdout.no_fnmatch_line("*Traceback*")


def test_unknown_flow_is_one_collection_error(pytester: pytest.Pytester) -> None:
    result = runpytest(pytester, "--tebiki-flow", "nosuch")

    assert result.ret == pytest.ExitCode.INTERRUPTED  # 2: a collection error
    result.stdout.fnmatch_lines(["*nosuch: no such flow (bundled flows: *"])
    result.stdout.no_fnmatch_line("*Traceback*")


def test_without_pytest_playwright(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_site="""\
        import pytest


        @pytest.mark.tebiki(account="social", labels="faq")
        def test_account(tebiki_mock_site, tebiki_account):
            assert (tebiki_account.account, tebiki_account.labels) == ("social", "faq")
            assert tebiki_mock_site.mutations(tebiki_account) == []
        """
    )

    result = runpytest(pytester, "-p", "no:playwright", "-q")
    assert result.ret == pytest.ExitCode.OK
    result.assert_outcomes(passed=1)

    result = runpytest(pytester, "-p", "no:playwright", "--tebiki-flows")
    assert result.ret != pytest.ExitCode.OK
    result.stderr.fnmatch_lines(['*pip install "tebiki?pytest?"*'])

    # A test that plays a flow says what to install, not "fixture 'tebiki_play' not found".
    pytester.makepyfile(test_play="def test_play(tebiki_play):\n    pass\n")
    result = runpytest(pytester, "-p", "no:playwright", "test_play.py")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(['*pip install "tebiki?pytest?" (pytest and pytest-playwright)*'])
    result.stdout.no_fnmatch_line("*fixture 'tebiki_play' not found*")

    # Loading the plugin, browser side included, costs a suite that never asks for tebiki no
    # engine: no click, no pydantic models, no player. Plain Python, not pytest: pytester.run
    # gives it the same folder and environment.
    imported = pytester.run(
        sys.executable,
        "-c",
        "import sys; sys.modules['pytest_playwright'] = None; "
        "import tebiki.pytest_plugin, tebiki.pytest_plugin.browser; "
        "print(sorted(m for m in ('click', 'pydantic', 'tebiki.playing.player', "
        "'tebiki.flowfile.model', "
        "'tebiki_mock') if m in sys.modules))",
        timeout=60,
    )
    assert str(imported.stdout).strip() == "[]", imported.outlines + imported.errlines


def test_entry_point_and_p_option_together(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The entry point as an installed tebiki declares it, on a folder of its own on the path.
    dist_info = "site/tebiki_plugin_probe-0.dist-info"
    metadata = "Metadata-Version: 2.1\nName: tebiki-plugin-probe\nVersion: 0\n"
    pytester.makefile("", **{f"{dist_info}/METADATA": metadata})
    pytester.makefile(".txt", **{f"{dist_info}/entry_points": f"[pytest11]\ntebiki = {PLUGIN}\n"})
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([os.environ["PYTHONPATH"], str(pytester.path / "site")])
    )
    count = len([cell for cell in all_cells() if cell.flow == "find-help"])

    for plugins in ([PLUGIN], []):  # `-p tebiki.pytest_plugin` as well, then the entry point alone
        pytester.plugins[:] = plugins
        result = runpytest(pytester, "--tebiki-flow", "find-help", "--collect-only", "-q")
        assert result.ret == pytest.ExitCode.OK, result.outlines + result.errlines
        result.stdout.fnmatch_lines([f"{count} tests collected*"])


def test_base_url_plays_a_flow_once_on_that_site(pytester: pytest.Pytester) -> None:
    # pytest-playwright's own --base-url: the flow is played there, once, not on the mock.
    from tests.sites.small import SmallSite
    from tests.test_own_site import CONTACT

    (pytester.path / "contact.yaml").write_text(CONTACT, encoding="utf-8")
    with SmallSite() as site:
        result = runpytest(
            pytester,
            "--tebiki-flow", "contact.yaml", "--base-url", site.base_url,
            "--tebiki-var", "message=Hello", "-v",
        )  # fmt: skip
        sent = site.mutations()
    assert result.ret == pytest.ExitCode.OK, result.outlines
    result.stdout.fnmatch_lines(["tebiki-flows::contact[[]site[]] PASSED*", "*1 passed*"])
    assert [(m.path, m.form.get("message")) for m in sent] == [("/contact", "Hello")]


def test_cells_on_a_site_behind_a_login_start_logged_in(
    pytester: pytest.Pytester, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # Django's admin asks to log in: a cell starts logged in from --tebiki-storage-state, or
    # from the user's own browser_context_args; with neither it lands on the login page.
    from tests.sites.django_admin import FLOWS, DjangoAdminSite, prepare_database

    template = prepare_database(tmp_path_factory.mktemp("django"))
    flow = str(FLOWS / "change-email.yaml")

    def cell(*more: str) -> pytest.RunResult:
        return runpytest(
            pytester, "--tebiki-flow", flow, "--base-url", site.base_url,
            "--tebiki-var", "username=nami", *more,
        )  # fmt: skip

    with DjangoAdminSite(tmp_path_factory.mktemp("site"), template) as site:
        state = str(site.storage_state)
        by_option = cell("--tebiki-var", "email=one@example.com", "--tebiki-storage-state", state)
        assert by_option.ret == pytest.ExitCode.OK, by_option.outlines
        assert site.emails()["nami"] == "one@example.com"

        nowhere = cell("--tebiki-var", "email=two@example.com")
        assert nowhere.ret == pytest.ExitCode.TESTS_FAILED
        nowhere.stdout.fnmatch_lines(["*this is a login page*--storage-state*"])

        pytester.makeconftest(
            "import pytest\n\n\n@pytest.fixture(scope='session')\n"
            "def browser_context_args(browser_context_args):\n"
            f"    return {{**browser_context_args, 'storage_state': {state!r}}}\n"
        )
        by_fixture = cell("--tebiki-var", "email=three@example.com")
        assert by_fixture.ret == pytest.ExitCode.OK, by_fixture.outlines
        assert site.emails()["nami"] == "three@example.com"


def test_the_cells_spread_over_xdist_workers(pytester: pytest.Pytester) -> None:
    result = runpytest(pytester, "--tebiki-flows", "-k", "withdraw-email and clean", "-n", "2")
    assert result.ret == pytest.ExitCode.OK, result.outlines
    result.stdout.fnmatch_lines(["*2 workers*", "*4 passed*"])
