"""Times `tebiki run withdraw-email --confirm` against a hand-written plain Playwright script
doing the same steps (bench/plain_withdraw_email.py), both as whole processes, interleaved in
the same run, and prints the ratio of the medians. Target: at most 1.15.

    .venv/bin/python bench/run_vs_plain.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEBIKI = [sys.executable, "-m", "cli", "run", "withdraw-email", "--confirm"]
PLAIN = [sys.executable, str(HERE / "plain_withdraw_email.py")]


def timed(command: list[str], cwd: str) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as cwd:
        timed(PLAIN, cwd), timed(TEBIKI, cwd)  # warm the page cache for both
        plain, tebiki = [], []
        for _ in range(rounds):
            plain.append(timed(PLAIN, cwd))
            tebiki.append(timed(TEBIKI, cwd))
    plain_median, tebiki_median = statistics.median(plain), statistics.median(tebiki)
    print(f"rounds: {rounds} (interleaved, whole processes)")
    print(f"plain Playwright script : median {plain_median:.3f} s  "
          f"(min {min(plain):.3f}, max {max(plain):.3f})")
    print(f"tebiki run --confirm    : median {tebiki_median:.3f} s  "
          f"(min {min(tebiki):.3f}, max {max(tebiki):.3f})")
    print(f"ratio tebiki / plain    : {tebiki_median / plain_median:.3f}  (target <= 1.15)")


if __name__ == "__main__":
    main()
