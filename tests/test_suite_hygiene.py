"""The suite's own rules (tests/leftovers.py), run under pytester as a user's suite would: a
process a test leaves running fails the run, naming it; a test marked `alone` runs while no
other test does, even with a worker per core."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def suite(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    )
    monkeypatch.delenv("PYTEST_TEBIKI_SUITE_RUN", raising=False)  # the inner run marks its own
    # A short grace: the leak of the inner run is a `sleep` that never ends by itself.
    pytester.makeini(
        "[pytest]\naddopts = -p tests.leftovers -p no:cacheprovider\nleftover_grace = 1\n"
    )
    return pytester


def test_a_process_left_running_fails_the_run_and_is_named(suite: pytest.Pytester) -> None:
    suite.makepyfile(
        test_leaky="""
        import subprocess

        def test_starts_a_server_and_forgets_it():
            subprocess.Popen(["sleep", "3600"], start_new_session=True)
        """
    )
    result = suite.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        ["1 process(es) of the suite still running after it ended:", "*: sleep 3600", "*1 passed*"]
    )


def test_a_run_that_cleans_up_passes(suite: pytest.Pytester) -> None:
    suite.makepyfile(
        test_tidy="""
        import subprocess

        def test_starts_and_stops_a_server():
            server = subprocess.Popen(["sleep", "3600"])
            server.terminate()
            server.wait()
        """
    )
    result = suite.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.OK
    assert "still running" not in result.stdout.str()


def test_an_alone_test_runs_while_no_other_test_does(suite: pytest.Pytester) -> None:
    # Each test writes when it starts and ends; four ordinary tests and one alone on two
    # workers: nothing else may start or end between the alone test's start and its end.
    suite.makepyfile(
        test_timeline="""
        import time
        from pathlib import Path

        import pytest

        LOG = Path("timeline.txt")

        def mark(name, event):
            with LOG.open("a") as log:
                log.write(f"{time.monotonic():.6f} {name} {event}\\n")

        @pytest.mark.parametrize("n", range(4))
        def test_ordinary(n):
            mark(f"ordinary{n}", "start")
            time.sleep(0.3)
            mark(f"ordinary{n}", "end")

        @pytest.mark.alone
        def test_on_its_own():
            mark("alone", "start")
            time.sleep(0.3)
            mark("alone", "end")
        """
    )
    result = suite.runpytest_subprocess("-n", "2", "-p", "xdist")
    result.assert_outcomes(passed=5)
    events = sorted(
        (float(t), name, event)
        for t, name, event in (
            line.split() for line in (suite.path / "timeline.txt").read_text().splitlines()
        )
    )
    names = [(name, event) for _, name, event in events]
    start = names.index(("alone", "start"))
    assert names[start + 1] == ("alone", "end"), names
