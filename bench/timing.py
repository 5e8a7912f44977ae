"""Timing whole processes, interleaved so that machine noise falls on both sides alike."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time


def timed(command: list[str], cwd: str) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed


def compare(
    baseline: list[str],
    candidate: list[str],
    cwd: str,
    rounds: int,
    names: tuple[str, str],
    target: float,
) -> float:
    """Run both `rounds` times, alternating, after one warm-up each; print and return the
    ratio of the medians (candidate / baseline)."""
    timed(baseline, cwd), timed(candidate, cwd)
    base_times, cand_times = [], []
    for _ in range(rounds):
        base_times.append(timed(baseline, cwd))
        cand_times.append(timed(candidate, cwd))
    base, cand = statistics.median(base_times), statistics.median(cand_times)
    width = max(len(name) for name in names)
    print(f"rounds: {rounds} (interleaved, whole processes)")
    for name, median, times in ((names[0], base, base_times), (names[1], cand, cand_times)):
        print(
            f"{name:<{width}} : median {median:.3f} s  (min {min(times):.3f}, max {max(times):.3f})"
        )
    ratio = cand / base
    print(f"{'ratio':<{width}} : {ratio:.3f}  (target <= {target})")
    return ratio


def main(
    doc: str,
    baseline: list[str],
    candidate: list[str],
    names: tuple[str, str],
    target: float,
    out: str | None = None,
) -> None:
    """The command line both benchmarks share: --rounds N, a scratch folder, the ratio."""
    import argparse
    import tempfile
    from pathlib import Path

    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as cwd:
        compare(baseline, candidate, cwd, rounds, names, target)
        if out:
            made = sorted(path.name for path in (Path(cwd) / out).iterdir())
            print(f"tebiki wrote: {', '.join(made)}")
