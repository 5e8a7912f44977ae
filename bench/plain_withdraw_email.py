"""The baseline: withdraw-email written by hand in plain Playwright, on the same mock site.

Same work as `tebiki run withdraw-email --confirm`: start the bundled mock site in-process,
open an e-mail account's session, launch the same Chromium, walk the same eight steps.
"""

from __future__ import annotations

from plain_start import mock_page

with mock_page(1280, 800) as (site, session, page):
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
    assert not site.account_exists(session.email), "the plain script did not withdraw"
