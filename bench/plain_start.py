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
