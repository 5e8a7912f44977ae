"""The baseline: withdraw-email written by hand in plain Playwright, on the same mock site.

Same work as `tebiki run withdraw-email --confirm`: start the bundled mock site in-process,
open an e-mail account's session, launch the same Chromium, walk the same eight steps.
"""

from __future__ import annotations

import os
import shutil

from playwright.sync_api import sync_playwright

from mock_site import MockSite

CHROMIUM = os.environ.get("TEBIKI_BROWSER_PATH") or shutil.which("chromium") or "chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

with MockSite() as site:
    session = site.open_session("email")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800},
                                      locale="ja-JP", timezone_id="Asia/Tokyo")
        context.add_cookies([{"name": session.cookie_name, "value": session.cookie_value,
                              "url": site.base_url}])
        page = context.new_page()
        page.goto(site.base_url + "/")
        header = page.get_by_role("banner")
        header.get_by_role("link", name="マイページ", exact=True).click()
        header.get_by_role("button", name=session.display_name, exact=True).hover()
        header.get_by_role("link", name="プロフィール編集", exact=True).click()
        common = page.get_by_role("region", name="共通情報")
        common.get_by_role("link", name="基本情報編集", exact=True).click()
        page.get_by_role("link", name="退会をご希望する方はこちら", exact=True).click()
        page.get_by_label("注意事項を確認しました", exact=True).check()
        page.get_by_role("button", name="退会する", exact=True).click()
        page.get_by_text("退会が完了しました").wait_for()
        browser.close()
    assert not site.account_exists(session.email), "the plain script did not withdraw"
