"""Times `tebiki run withdraw-email --confirm` on a site built with a React component library
(tests/sites/dash_mantine: Dash with Mantine, its menu made on opening, a modal asking again)
against bench/plain_dash_withdraw.py, the same steps written by hand in plain Playwright, both
as whole processes (start-up included, as a person waits for it), interleaved in one run;
prints the ratio of the medians. Target: at most 1.10.

Every run must exit 0 and leave exactly one more "withdrawn" in the site's record; otherwise
this prints that run's error and exits 1, without a ratio.

    .venv/bin/python bench/framework_run_vs_plain.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # /work/main: bench.*, tests.*

from bench.plain_prod_start import CHROMIUM  # noqa: E402
from tests.sites.dash_mantine import DashMantineSite  # noqa: E402

HERE = Path(__file__).resolve().parent


def timed(name: str, command: list[str], site: DashMantineSite, work: Path) -> float:
    before = len(site.seen("withdrawn"))
    env = {**os.environ, "TEBIKI_BROWSER_PATH": CHROMIUM}
    start = time.perf_counter()
    done = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        print(f"broken run, no ratio: {name}: exit {done.returncode}", file=sys.stderr)
        print(done.stdout[-3000:] + done.stderr[-3000:], file=sys.stderr)
        sys.exit(1)
    if len(site.seen("withdrawn")) != before + 1:
        print(f"broken run, no ratio: {name} exited 0 but did not withdraw", file=sys.stderr)
        sys.exit(1)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    with (
        tempfile.TemporaryDirectory() as scratch,
        DashMantineSite(Path(scratch) / "site.jsonl") as site,
    ):
        work = Path(scratch)
        sides = {
            "plain Playwright script": [
                sys.executable,
                str(HERE / "plain_dash_withdraw.py"),
                site.base_url,
            ],
            "tebiki run --confirm": [
                sys.executable,
                "-m",
                "tebiki",
                "run",
                "withdraw-email",
                "--confirm",
                "--base-url",
                site.base_url,
                "--var",
                "display_name=ナミ",
            ],
        }
        times: dict[str, list[float]] = {name: [] for name in sides}
        for name, command in sides.items():
            timed(name, command, site, work)  # warm-up, checked like the rest
        for _ in range(rounds):
            for name, command in sides.items():
                times[name].append(timed(name, command, site, work))
    base, cand = (statistics.median(values) for values in times.values())
    width = max(len(name) for name in times)
    print(f"site: tests/sites/dash_mantine; rounds: {rounds} (interleaved, whole processes)")
    for name, values in times.items():
        median, low, high = statistics.median(values), min(values), max(values)
        print(f"{name:<{width}} : median {median:.3f} s  (min {low:.3f}, max {high:.3f})")
    print(f"{'ratio':<{width}} : {cand / base:.3f}  (target <= 1.10)")


if __name__ == "__main__":
    main()
