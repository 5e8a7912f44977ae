"""A flow stays on its site: the pages it opens, and in a run the pages a click leads to, are
http(s) pages of the site's origin or of the origins the flow declares. A navigation to any
other is stopped before that page is shown, captured or typed into; a redirect that lands
elsewhere is caught before the next step does anything there."""

from __future__ import annotations

import threading

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Request, Route

from tebiki.flowfile.addresses import origin_of


class OriginGuard:
    def __init__(self, page: Page, allowed: frozenset[str]) -> None:
        self.page = page
        self.allowed = allowed
        self._lock = threading.Lock()
        self._blocked: list[str] = []
        page.route("**/*", self._route)

    def allows(self, url: str) -> bool:
        return origin_of(url) in self.allowed

    def _route(self, route: Route, request: Request) -> None:
        # Only pages: what a page loads besides (images from a CDN, scripts) is the site's own
        # business, and stopping it would break the site.
        leaving = (
            request.is_navigation_request()
            and request.frame == self.page.main_frame
            and not self.allows(request.url)
        )
        try:
            if leaving:
                with self._lock:
                    self._blocked.append(request.url)
                route.abort("blockedbyclient")
            else:
                route.fallback()  # to any route set before (a test's own), else the network
        except PlaywrightError:
            pass  # the page went away with its request

    def problem(self, url: str) -> str:
        """Why the flow must not open ``url`` ("" when it may)."""
        if self.allows(url):
            return ""
        return f"{url} is outside the flow's origins ({self.listed()}); it was not opened"

    def after_step(self) -> str:
        """What the step did that left the flow's origins ("" when nothing did)."""
        with self._lock:
            blocked, self._blocked = self._blocked, []
        if blocked:
            return (
                f"the page tried to open {blocked[0]}, outside the flow's origins "
                f"({self.listed()}); stopped before it was shown"
            )
        url = self.page.url
        if url.startswith(("http://", "https://")) and not self.allows(url):
            return (
                f"the page went to {url} (a redirect), outside the flow's origins "
                f"({self.listed()}); stopped before anything was done there"
            )
        return ""

    def listed(self) -> str:
        return ", ".join(sorted(self.allowed)) or "none"
