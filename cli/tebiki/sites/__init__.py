"""Sites: the one a walk goes to. --base-url names any site; without it, the bundled mock site
(tebiki.sites.mock, the only place the engine knows the mock exists) is started for the walk.
"""

from __future__ import annotations

import threading
from contextlib import ExitStack

from tebiki.settings import Settings
from tebiki.sites.site import Site

__all__ = ["Site", "SiteOpening", "open_site"]


def open_site(stack: ExitStack, account: str, settings: Settings) -> Site:
    """The site to walk: --base-url, or the bundled mock site with a fresh session."""
    if settings.base_url:
        return Site(settings.base_url.rstrip("/") + "/", {})
    from tebiki.sites.mock import open_mock_site  # only needed when no --base-url

    return open_mock_site(stack, account, settings)


class SiteOpening:
    """open_site in a thread of its own: the bundled mock site is imported and loads its
    fixtures while the browser launches (a wait on other processes), not before it."""

    def __init__(self, account: str, settings: Settings) -> None:
        self._own = ExitStack()
        self._opened: Site | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._open, args=(account, settings), name="open-site", daemon=True
        )
        self._thread.start()

    def _open(self, account: str, settings: Settings) -> None:
        try:
            self._opened = open_site(self._own, account, settings)
        except BaseException as error:  # noqa: BLE001 - raised in the caller's thread
            self._error = error

    def result(self) -> Site:
        """The opened site, or the error that opening it raised."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._opened is not None
        return self._opened

    def __enter__(self) -> SiteOpening:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._thread.join()
        self._own.close()
