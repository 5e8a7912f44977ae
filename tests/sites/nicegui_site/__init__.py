"""A site built on a real UI framework, NiceGUI (Vue and Quasar in the browser, a websocket to
the server), written as NiceGUI's own docs write an app. It imitates the pages a Japanese article
on leaving クラウドワークス walks: マイページ, the display name 「ナミ」 in the header that opens a
Quasar menu (its entries exist only once it is open), プロフィール編集 whose 共通情報 card
arrives late over the websocket, 基本情報編集 with 「退会をご希望する方はこちら」, and 退会.

Hand-written HTML sites cannot show what a framework's DOM does to a walk (generated markup,
roles Quasar chooses, content that comes after load), so this one runs the framework itself,
in its own process: ``app.py`` on a free port, logging each server-side handler as a JSON line.
"""

from __future__ import annotations

from tests.sites.process import LoggedSite


class NiceGuiSite(LoggedSite):
    """The NiceGUI app in a child process while the site is open (``app.py``)."""

    name = "nicegui_site"
    module = "tests.sites.nicegui_site.app"


__all__ = ["NiceGuiSite"]
