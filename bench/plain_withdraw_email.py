"""The baseline: withdraw-email written by hand in plain Playwright, on the same mock site.

Same work as `tebiki run withdraw-email --confirm`: start the bundled mock site in-process,
open an e-mail account's session, launch the same Chromium, walk the same eight steps.
"""

from __future__ import annotations

from plain_start import mock_page, withdraw_by_hand

with mock_page(1280, 800) as (site, session, page):
    withdraw_by_hand(page, session.display_name)
    assert not site.account_exists(session.email), "the plain script did not withdraw"
