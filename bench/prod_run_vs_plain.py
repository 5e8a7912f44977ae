"""Times `tebiki run withdraw-email --confirm` on the production-shaped test site
(tests/sites/production) against bench/plain_prod_withdraw.py, the same steps written by hand
in plain Playwright for that site, both as whole processes, interleaved in one run, each with a
fresh logged-in session; prints the ratio of the medians. Target: at most 1.10.

Every run must exit 0 and leave its account withdrawn by exactly one POST /withdrawal;
otherwise this prints that run's error and exits 1, without a ratio.

    .venv/bin/python bench/prod_run_vs_plain.py [--rounds N]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # /work/main: bench.*, tests.*

from bench.prod_timing import DISPLAY_NAME, HERE, Run, Side, main  # noqa: E402


def withdrawn(run: Run) -> str | None:
    account = run.site.account(run.cookie)
    if account is None or not account.withdrawn:
        return "the account was not withdrawn"
    posts = [m for m in run.site.mutations_for(run.cookie) if m.path == "/withdrawal"]
    if len(posts) != 1:
        return f"{len(posts)} POST /withdrawal were sent, not one"
    return None


plain = Side(
    "plain Playwright script",
    lambda run: [
        sys.executable,
        str(HERE / "plain_prod_withdraw.py"),
        run.site.base_url,
        str(run.state),
    ],
    withdrawn,
)
tebiki = Side(
    "tebiki run --confirm",
    lambda run: [
        sys.executable,
        "-m",
        "tebiki",
        "run",
        "withdraw-email",
        "--confirm",
        "--base-url",
        run.site.base_url,
        "--var",
        f"display_name={DISPLAY_NAME}",
        "--storage-state",
        str(run.state),
    ],
    withdrawn,
)

if __name__ == "__main__":
    main(__doc__ or "", plain, tebiki, 1.10)
