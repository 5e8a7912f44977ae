"""Times `tebiki shots withdraw-email` (annotated screenshots, tutorial.md, tutorial.html,
walkthrough.gif; the PDF and the video off) on the production-shaped test site
(tests/sites/production) against bench/plain_prod_shots.py (plain screenshots of the same
steps), both as whole processes, interleaved in one run, each with a fresh logged-in
session; prints the ratio of the medians.
Target: at most 1.3.

Every run must exit 0, write its images (tebiki: at least one per required step before
退会する, and the tutorial files) and send nothing to the site; otherwise this prints that
run's error and exits 1, without a ratio.

    .venv/bin/python bench/prod_shots_vs_plain.py [--rounds N]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # /work/main: bench.*, tests.*

from bench.prod_timing import DISPLAY_NAME, HERE, Run, Side, main  # noqa: E402

PLAIN_SHOTS = 6  # マイページ, the open menu, プロフィール編集, 基本情報編集, the link, 退会する
TEBIKI_MIN_SHOTS = 5  # the flow's required steps up to 退会する (optional ones may be skipped)
TUTORIAL = ("tutorial.md", "tutorial.html", "walkthrough.gif")


def untouched(run: Run) -> str | None:
    account = run.site.account(run.cookie)
    if account is None or account.withdrawn:
        return "the account was withdrawn by a screenshot run"
    sent = run.site.mutations_for(run.cookie)
    if sent:
        return f"it sent {', '.join(f'{m.method} {m.path}' for m in sent)}"
    return None


def images(run: Run, least: int, also: tuple[str, ...] = ()) -> str | None:
    pngs = [p for p in run.out.glob("*.png") if p.stat().st_size > 0] if run.out.is_dir() else []
    if len(pngs) < least:
        return f"{len(pngs)} images in {run.out}, expected at least {least}"
    missing = [name for name in also if not (run.out / name).is_file()]
    if missing:
        return f"missing {', '.join(missing)} in {run.out}"
    return untouched(run)


plain = Side(
    "plain Playwright screenshots",
    lambda run: [
        sys.executable,
        str(HERE / "plain_prod_shots.py"),
        run.site.base_url,
        str(run.state),
        str(run.out),
    ],
    lambda run: images(run, PLAIN_SHOTS),
)
tebiki = Side(
    "tebiki shots",
    lambda run: [
        sys.executable,
        "-m",
        "tebiki",
        "shots",
        "withdraw-email",
        "--base-url",
        run.site.base_url,
        "--var",
        f"display_name={DISPLAY_NAME}",
        "--storage-state",
        str(run.state),
        "--no-pdf",
        "--no-video",
        "-o",
        str(run.out),
    ],
    lambda run: images(run, TEBIKI_MIN_SHOTS, TUTORIAL),
)

if __name__ == "__main__":
    main(__doc__ or "", plain, tebiki, 1.3)
