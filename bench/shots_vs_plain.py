"""Times `tebiki shots withdraw-email` (annotated screenshots, tutorial.md, tutorial.html,
walkthrough.gif) against bench/plain_shots_withdraw_email.py (plain screenshots of the same
steps), both as whole processes, interleaved in one run; prints the ratio of the medians.
Target: at most 1.3.

    .venv/bin/python bench/shots_vs_plain.py [--rounds N]
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
        compare([sys.executable, str(HERE / "plain_shots_withdraw_email.py"), "plain-out"],
                [sys.executable, "-m", "cli", "shots", "withdraw-email", "-o", "tebiki-out"],
                cwd, rounds, ("plain Playwright screenshots", "tebiki shots"), 1.3)
        made = sorted(path.name for path in (Path(cwd) / "tebiki-out").iterdir())
        print(f"tebiki wrote: {', '.join(made)}")
