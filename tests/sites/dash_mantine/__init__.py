"""A site built on a real framework, Dash with dash-mantine-components (React/Mantine), that
imitates the pages a Japanese article walks to leave CrowdWorks: マイページ, the display name
「ナミ」's menu (rendered in a portal only once opened) → プロフィール編集 → 基本情報編集 →
「退会をご希望する方はこちら」 → 退会, whose 「退会する」 asks 「本当に退会しますか?」 in a Mantine
modal. It is there so tests meet what a real React app draws (client-side navigation, portals,
callbacks) rather than hand-written HTML. The app runs in its own process (``app.py``) and
appends one JSON object per line to a log for each callback call and each state change."""

from __future__ import annotations

from tests.sites.process import LoggedSite


class DashMantineSite(LoggedSite):
    """The Dash app in a child process while the site is open (``app.py``)."""

    name = "dash_mantine"
    module = "tests.sites.dash_mantine.app"


__all__ = ["DashMantineSite"]
