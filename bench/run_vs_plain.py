"""Times `tebiki run withdraw-email --confirm` against a hand-written plain Playwright script
doing the same steps (bench/plain_withdraw_email.py), both as whole processes, interleaved in
the same run, and prints the ratio of the medians. Target: at most 1.15.

    .venv/bin/python bench/run_vs_plain.py [--rounds N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from timing import compare

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as cwd:
        compare([sys.executable, str(HERE / "plain_withdraw_email.py")],
                [sys.executable, "-m", "cli", "run", "withdraw-email", "--confirm"],
                cwd, rounds, ("plain Playwright script", "tebiki run --confirm"), 1.15)
