"""What both plain Playwright baselines do first: the bundled mock site, an e-mail account's
session, the same Chromium with the same flags, one page."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Page, sync_playwright

from tebiki_mock import MockSession, MockSite

# What plain Playwright launches headless: a headless shell where one is installed, as tebiki.
CHROMIUM = (
    os.environ.get("TEBIKI_BROWSER_PATH")
    or shutil.which("chromium-headless-shell")
    or shutil.which("chromium")
    or "chromium"
)
ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def mock_page(width: int, height: int) -> Iterator[tuple[MockSite, MockSession, Page]]:
    with MockSite() as site:
        session = site.open_session("email")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            context = browser.new_context(
                viewport={"width": width, "height": height},
                locale="ja-JP",
                timezone_id="Asia/Tokyo",
            )
            context.add_cookies(
                [{"name": session.cookie_name, "value": session.cookie_value, "url": site.base_url}]
            )
            page = context.new_page()
            page.goto(site.base_url + "/")
            yield site, session, page
            browser.close()


def withdraw_by_hand(page: Page, display_name: str) -> None:
    """withdraw-email's eight steps in plain Playwright, from the mock site's start page."""
    header = page.get_by_role("banner")
    header.get_by_role("link", name="マイページ", exact=True).click()
    header.get_by_role("button", name=display_name, exact=True).hover()
    header.get_by_role("link", name="プロフィール編集", exact=True).click()
    common = page.get_by_role("region", name="共通情報")
    common.get_by_role("link", name="基本情報編集", exact=True).click()
    page.get_by_role("link", name="退会をご希望する方はこちら", exact=True).click()
    page.get_by_label("注意事項を確認しました", exact=True).check()
    page.get_by_role("button", name="退会する", exact=True).click()
    page.get_by_text("退会が完了しました").wait_for()
