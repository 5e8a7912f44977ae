"""What both production-site benches share: the production-shaped test site
(tests/sites/production) served from this process, a fresh logged-in session and its
storage-state file for every run, whole processes timed in interleaved rounds, every run
checked (exit code, then the site's state or the files written), the ratio of the medians.

A broken run (the warm-up included) prints that side's own error and exits 1, without a ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.sites.production.server import COOKIE_NAME, ProductionSite
from tests.sites.serving import cookie_storage_state

HERE = Path(__file__).resolve().parent

DISPLAY_NAME = "山田花子"
# Both sides launch this one binary (tebiki reads TEBIKI_BROWSER_PATH, so does the baseline).
CHROMIUM = os.environ.get("TEBIKI_BROWSER_PATH") or shutil.which("chromium") or "chromium"


@dataclass(frozen=True)
class Run:
    """One run's inputs: the site, its session cookie, the storage-state file, an output folder
    (made fresh; the side may write there or not)."""

    site: ProductionSite
    cookie: str
    state: Path
    out: Path


@dataclass(frozen=True)
class Side:
    name: str
    command: Callable[[Run], list[str]]
    check: Callable[[Run], str | None]  # what is wrong after a run that exited 0, or None


class Broken(Exception):
    pass


def storage_state(site: ProductionSite, cookie: str, path: Path) -> None:
    host = site.base_url.split("://", 1)[1].split(":", 1)[0]
    cookie_storage_state(path, COOKIE_NAME, cookie, host)


def _output(text: str, limit: int = 40) -> str:
    lines = text.rstrip().splitlines()
    if len(lines) > limit:
        lines = [f"... ({len(lines) - limit} lines before)", *lines[-limit:]]
    return "\n".join("    " + line for line in lines)


def timed(side: Side, site: ProductionSite, work: Path, number: int) -> float:
    cookie = site.new_session()
    state = work / f"state-{number}.json"
    storage_state(site, cookie, state)
    out = work / "out"
    shutil.rmtree(out, ignore_errors=True)
    run = Run(site, cookie, state, out)
    command = side.command(run)
    env = {**os.environ, "TEBIKI_BROWSER_PATH": CHROMIUM}
    start = time.perf_counter()
    done = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    where = f"{side.name}, run {number}"
    if done.returncode != 0:
        parts = [f"{where}: exit {done.returncode}: {' '.join(command)}"]
        artifacts = work / "tebiki-artifacts"
        if artifacts.is_dir():  # the scratch folder goes away: keep failure screenshots
            kept = Path(tempfile.mkdtemp(prefix="prod-bench-artifacts-"))
            shutil.copytree(artifacts, kept, dirs_exist_ok=True)
            parts.append(f"  (tebiki-artifacts/ is kept in {kept})")
        if done.stderr.strip():
            parts.append("  stderr:\n" + _output(done.stderr))
        if done.stdout.strip():
            parts.append("  stdout:\n" + _output(done.stdout))
        raise Broken("\n".join(parts))
    problem = side.check(run)
    if problem:
        raise Broken(f"{where}: exited 0, but {problem}\n  stdout:\n{_output(done.stdout)}")
    return elapsed


def main(doc: str, baseline: Side, candidate: Side, target: float) -> None:
    parser = argparse.ArgumentParser(description=doc.strip().splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    site = ProductionSite(consent=False).start()
    base_times: list[float] = []
    cand_times: list[float] = []
    try:
        with tempfile.TemporaryDirectory() as scratch:
            work = Path(scratch)
            timed(baseline, site, work, 0)  # warm-up, checked like the rest
            timed(candidate, site, work, 0)
            for number in range(1, rounds + 1):
                base_times.append(timed(baseline, site, work, number))
                cand_times.append(timed(candidate, site, work, number))
    except Broken as error:
        print(f"broken run, no ratio:\n{error}", file=sys.stderr)
        sys.exit(1)
    finally:
        site.stop()
    base, cand = statistics.median(base_times), statistics.median(cand_times)
    names = (baseline.name, candidate.name)
    width = max(len(name) for name in names)
    print(f"site: tests/sites/production; rounds: {rounds} (interleaved, whole processes)")
    for name, median, times in ((names[0], base, base_times), (names[1], cand, cand_times)):
        print(
            f"{name:<{width}} : median {median:.3f} s  (min {min(times):.3f}, max {max(times):.3f})"
        )
    print(f"{'ratio':<{width}} : {cand / base:.3f}  (target <= {target})")
