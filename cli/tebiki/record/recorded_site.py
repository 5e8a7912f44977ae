"""The site a flow was recorded (or a codegen script was made) on, as the flow file says it: the
bundled mock site's own keys (``account:``) only for the mock; for any other site its address
(``base_url:``), so later commands find it without --base-url; and the language the flow's
words are written in (``lang:``), from --lang, else the page's own ``<html lang>``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from tebiki.flowfile.model import Lang, check_site_address, origin_of

# Where `tebiki mock-site` serves the bundled mock unless told otherwise: the address the
# bundled codegen scripts were made on, and the only mock a script or --base-url can name (the
# mock a recording starts for itself is known by its Site).
MOCK_SITE_ORIGINS = frozenset(f"http://{host}:8800" for host in ("127.0.0.1", "localhost", "[::1]"))
# Kana and kanji (and half-width kana): words a page shows in Japanese.
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
_LATIN = re.compile(r"[A-Za-z]")


def on_the_mock(address: str | None) -> bool:
    """Whether an address is on the bundled mock site as `tebiki mock-site` serves it."""
    return address is not None and origin_of(address) in MOCK_SITE_ORIGINS


def lang_from_html(value: str | None) -> Lang:
    """A page's ``<html lang>`` as the flow's language: en, en-GB, … are English; anything
    else (ja, none at all, a language tebiki does not write) is Japanese, tebiki's own."""
    return "en" if (value or "").strip().lower().startswith("en") else "ja"


def lang_from_words(words: Iterable[str]) -> Lang:
    """The language of the names a script found things by, where no page is at hand to ask:
    Japanese if any is, English if they are in Latin letters, else Japanese."""
    shown = [word for word in words if word]
    if any(_JAPANESE.search(word) for word in shown):
        return "ja"
    return "en" if any(_LATIN.search(word) for word in shown) else "ja"


def written_base_url(address: str | None) -> str | None:
    """The site's address as ``base_url:`` may hold it; None when it may not (an address with
    a user name or password: a flow file never keeps one)."""
    if address is None:
        return None
    try:
        return check_site_address(address)
    except ValueError:
        return None


@dataclass(frozen=True)
class RecordedSite:
    """What the flow file says about the site it was recorded on."""

    on_mock: bool
    lang: Lang
    account: str = "email"  # the mock's account kind: written only for the mock
    address: str | None = None  # the other site's address (--base-url, the script's origin)

    @property
    def written_account(self) -> str | None:
        """``account:``, which means something on the bundled mock site alone."""
        return self.account if self.on_mock else None

    @property
    def base_url(self) -> str | None:
        """``base_url:``: the other site, never the mock (started afresh on a port of its own
        for each walk)."""
        return None if self.on_mock else written_base_url(self.address)

    @property
    def left_out(self) -> str | None:
        """Why the site's address is not written, when it is not (said in the file's header)."""
        if self.on_mock or self.address is None or self.base_url is not None:
            return None
        return (
            "base_url: left out: the site's address carries a user name or password; "
            "give it with --base-url each time"
        )
