"""What both plain Playwright baselines on the production-shaped site do first: the same
Chromium with the same flags as tebiki, a context logged in from a storage-state file, one page
on the start page (which is マイページ).

    BASE_URL STATE_FILE are the scripts' first two arguments; the bench serves the site.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Page, sync_playwright

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
def prod_page(base_url: str, state: str, width: int, height: int) -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(
            viewport={"width": width, "height": height},
            locale="ja-JP",
            timezone_id="Asia/Tokyo",
            storage_state=state,
        )
        page = context.new_page()
        page.goto(base_url + "/")
        yield page
        browser.close()
