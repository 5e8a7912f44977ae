"""The baseline for bench/framework_run_vs_plain.py: withdraw-email written by hand in plain
Playwright for the Dash + Mantine test site (tests/sites/dash_mantine), the way a person would
script it there: the account menu is made when its button is clicked, 退会する asks again in
a modal whose own 退会する confirms.

    python bench/plain_dash_withdraw.py BASE_URL
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # /work/main: bench.*

from playwright.sync_api import sync_playwright  # noqa: E402

from bench.plain_prod_start import ARGS, CHROMIUM  # noqa: E402

base_url = sys.argv[1]

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    page = browser.new_context(
        viewport={"width": 1024, "height": 768}, locale="ja-JP", timezone_id="Asia/Tokyo"
    ).new_page()
    page.goto(base_url + "/")
    header = page.get_by_role("banner")
    header.get_by_role("link", name="マイページ", exact=True).click()
    header.get_by_role("button", name="ナミ", exact=True).click()
    page.get_by_role("menuitem", name="プロフィール編集", exact=True).click()
    page.get_by_role("link", name="基本情報編集", exact=True).click()
    page.get_by_role("link", name="退会をご希望する方はこちら", exact=True).click()
    page.get_by_role("checkbox", name="注意事項を確認しました").check()
    page.get_by_role("button", name="退会する", exact=True).click()
    page.get_by_role("dialog").get_by_role("button", name="退会する", exact=True).click()
    page.get_by_text("退会が完了しました").wait_for()
    browser.close()
