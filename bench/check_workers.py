"""Times `tebiki check` over every cell with --workers 4 against the same cells played one at a
time: each cell in a process of its own, one after another (what a CI loop over
`tebiki check -k CELL` does), and one process with --workers 1. All three in one run; prints
the speed-ups. On 2 cores the speed-up is bounded by the cores: every cell is Chromium
rendering plus the in-process mock site, both CPU-bound.

    .venv/bin/python bench/check_workers.py [--workers 4] [-k TEXT ...]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

TEBIKI = [sys.executable, "-m", "tebiki", "check", "--trace", "off"]


def timed(command: list[str], cwd: str) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(
            f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout[-2000:]}{done.stderr}"
        )
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "-k",
        dest="patterns",
        action="append",
        default=[],
        help="only these cells (as tebiki check -k)",
    )
    args = parser.parse_args()
    select = [arg for pattern in args.patterns for arg in ("-k", pattern)]
    with tempfile.TemporaryDirectory() as cwd:
        listed = subprocess.run(
            [*TEBIKI, "--list", *select], cwd=cwd, capture_output=True, text=True, check=True
        )
        cells = [line.split("  ", 1)[0] for line in listed.stdout.splitlines()]
        print(f"cells: {len(cells)}; cores: {os.cpu_count()}")
        parallel = timed([*TEBIKI, "--workers", str(args.workers), *select], cwd)
        single = timed([*TEBIKI, "--workers", "1", *select], cwd)
        apart = sum(timed([*TEBIKI, "-k", cell], cwd) for cell in cells)
    rows = (
        ("one process per cell, one at a time", apart),
        ("one process, --workers 1", single),
        (f"one process, --workers {args.workers}", parallel),
    )
    for name, seconds in rows:
        print(f"{name:<36}: {seconds:8.1f} s")
    print(f"speed-up of --workers {args.workers} over a process per cell: {apart / parallel:.2f}")
    print(f"speed-up of --workers {args.workers} over --workers 1       : {single / parallel:.2f}")


if __name__ == "__main__":
    main()
