"""The baseline for bench/prod_shots_vs_plain.py: plain screenshots of the steps of
withdraw-email on the production-shaped site (tests/sites/production), written by hand in plain
Playwright, same Chromium, same viewport as `tebiki shots`; like `tebiki shots` it stops at
退会する without clicking it. No checkbox step: that page has none.

    python bench/plain_prod_shots.py BASE_URL STATE_FILE OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # /work/main: bench.*, tests.*

from bench.plain_prod_start import prod_page  # noqa: E402

base_url, state, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
out.mkdir(parents=True, exist_ok=True)

with prod_page(base_url, state, 1024, 768) as page:

    def shot(number: int) -> None:
        page.screenshot(path=str(out / f"{number:02d}.png"))

    header = page.get_by_role("banner")
    menu_button = header.get_by_role("button", name="山田花子", exact=True)
    menu_button.wait_for()
    shot(1)  # マイページ: the start page
    menu_button.click()
    profile = header.get_by_role("menuitem", name="プロフィール編集", exact=True)
    profile.wait_for()
    shot(2)  # the open account menu
    shot(3)  # プロフィール編集 in it
    profile.click()
    common = page.locator(".card").filter(has=page.get_by_text("共通情報", exact=True))
    basic = common.get_by_role("link", name="基本情報編集", exact=True)
    basic.wait_for()
    shot(4)
    basic.click()
    leave = page.get_by_role("link", name="退会をご希望する方はこちら", exact=True)
    leave.wait_for()
    shot(5)
    leave.click()
    page.get_by_role("button", name="退会する", exact=True).wait_for()
    shot(6)
