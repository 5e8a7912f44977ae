"""The baseline for `tebiki shots withdraw-email`: plain screenshots of the same seven steps,
written by hand in plain Playwright on the same mock site, same Chromium, same viewport.

    python bench/plain_shots_withdraw_email.py OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from plain_start import mock_page

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)

with mock_page(1024, 768) as (site, session, page):

    def shot(number: int) -> None:
        page.screenshot(path=str(out / f"{number:02d}.png"))

    header = page.get_by_role("banner")
    shot(1)
    header.get_by_role("link", name="マイページ", exact=True).click()
    header.get_by_role("button", name=session.display_name, exact=True).hover()
    shot(2)
    shot(3)
    header.get_by_role("link", name="プロフィール編集", exact=True).click()
    shot(4)
    common = page.get_by_role("region", name="共通情報")
    common.get_by_role("link", name="基本情報編集", exact=True).click()
    shot(5)
    page.get_by_role("link", name="退会をご希望する方はこちら", exact=True).click()
    shot(6)
    shot(7)
