"""The baseline for bench/prod_run_vs_plain.py: withdraw-email written by hand in plain
Playwright for the production-shaped site (tests/sites/production), the way a person would
script it there: the start page is マイページ already, the account menu opens on click, the
withdrawal form is drawn late and asks window.confirm, and there is no checkbox to tick.

    python bench/plain_prod_withdraw.py BASE_URL STATE_FILE
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # /work/main: bench.*, tests.*

from bench.plain_prod_start import prod_page  # noqa: E402

base_url, state = sys.argv[1], sys.argv[2]

with prod_page(base_url, state, 1280, 800) as page:
    header = page.get_by_role("banner")
    header.get_by_role("button", name="山田花子", exact=True).click()
    header.get_by_role("menuitem", name="プロフィール編集", exact=True).click()
    common = page.locator(".card").filter(has=page.get_by_text("共通情報", exact=True))
    common.get_by_role("link", name="基本情報編集", exact=True).click()
    page.get_by_role("link", name="退会をご希望する方はこちら", exact=True).click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="退会する", exact=True).click()
    page.get_by_text("退会が完了しました").wait_for()
