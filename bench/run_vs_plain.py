"""Times `tebiki run withdraw-email --confirm` against a hand-written plain Playwright script
doing the same steps (bench/plain_withdraw_email.py), both as whole processes, interleaved in
the same run, and prints the ratio of the medians. Target: at most 1.10.

    .venv/bin/python bench/run_vs_plain.py [--rounds N]
"""

import sys
from pathlib import Path

from timing import main

HERE = Path(__file__).resolve().parent
main(
    __doc__ or "",
    [sys.executable, str(HERE / "plain_withdraw_email.py")],
    [sys.executable, "-m", "tebiki", "run", "withdraw-email", "--confirm"],
    ("plain Playwright script", "tebiki run --confirm"),
    1.10,
)
