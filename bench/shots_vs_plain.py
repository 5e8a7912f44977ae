"""Times `tebiki shots withdraw-email` (annotated screenshots, tutorial.md, tutorial.html,
walkthrough.gif; the PDF and the video off: bench/shots_vs_shot_scraper.py says what they
cost) against bench/plain_shots_withdraw_email.py (plain screenshots of the same
steps), both as whole processes, interleaved in one run; prints the ratio of the medians.
Target: at most 1.3.

    .venv/bin/python bench/shots_vs_plain.py [--rounds N]
"""

import sys
from pathlib import Path

from timing import main

HERE = Path(__file__).resolve().parent
main(
    __doc__ or "",
    [sys.executable, str(HERE / "plain_shots_withdraw_email.py"), "plain-out"],
    [
        sys.executable,
        "-m",
        "tebiki",
        "shots",
        "withdraw-email",
        "--no-pdf",
        "--no-video",
        "-o",
        "tebiki-out",
    ],
    ("plain Playwright screenshots", "tebiki shots"),
    1.3,
    out="tebiki-out",
)
