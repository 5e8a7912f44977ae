"""Where a flow may go, read as a browser reads an address: ``start:`` and ``goto:``, the
entries of ``origins:`` and a flow's ``base_url:``, each checked or refused with why."""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator

from tebiki.flowfile.variables import PLACEHOLDER

# Where a flow may go. ``start:`` and ``goto:`` are paths of the site (``/x``, ``x``) or full
# http(s) addresses of an origin the flow declares in ``origins:``; nothing else a browser
# opens (a file of this computer, a script, the browser's own pages) is a page of a site.
WEB_SCHEMES = {"http": 80, "https": 443}
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_HOST = re.compile(r"^(?:[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?|\[[0-9a-f:.]+\])$")
_WHY_NOT = {
    "file": "it would open a file of this computer",
    "data": "it would open a page written in the address itself",
    "javascript": "it would run a script",
    "vbscript": "it would run a script",
    "blob": "it would open data that another page made",
    "filesystem": "it would open data that another page stored",
    "view-source": "it would open the browser's view of a page's source",
    "about": "it would open a page of the browser itself",
    "chrome": "it would open a page of the browser itself",
    "chrome-extension": "it would open a page of a browser extension",
    "edge": "it would open a page of the browser itself",
    "devtools": "it would open the browser's developer tools",
    "ws": "it is not a page (a WebSocket)",
    "wss": "it is not a page (a WebSocket)",
}
_ONLY_WEB = (
    "a flow opens only http:// and https:// pages, of its site and of the origins it "
    "declares in origins:"
)


def _origin_from(scheme: str, after_slashes: str, value: str, strict: bool) -> tuple[str, str]:
    """The normalised origin (``scheme://host[:port]``, default port dropped) of an address
    whose ``scheme://`` is already read, and what follows its host. ``strict`` refuses
    credentials (a flow's own addresses); a base URL given on the command line may carry them."""
    # A browser ends the host at a backslash too (``https://evil.test\@good.test``).
    authority = re.split(r"[/\\?#]", after_slashes, maxsplit=1)[0]
    rest = after_slashes[len(authority) :]
    if "{" in authority or "}" in authority:
        raise ValueError(
            f"{value}: a variable may fill in the path, not the host: write the host as it "
            "is (https://host/{variable})"
        )
    if "@" in authority:
        if strict:
            raise ValueError(
                f"{value}: an address with a user name or password (user@host) is refused: "
                "it hides which site it opens"
            )
        authority = authority.rpartition("@")[2]
    if not authority:
        raise ValueError(f"{value}: the address has no host ({scheme}://host/path)")
    try:
        parts = urlsplit(f"{scheme}://{authority}")
        host, port = parts.hostname or "", parts.port
    except ValueError as error:
        raise ValueError(f"{value}: not a valid address ({error})") from None
    if "%" in host:
        raise ValueError(f"{value}: write the host as it is, without %-escapes")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise ValueError(f"{value}: {host!r} is not a host name") from None
    host = _as_browsers_write(host.lower())
    if ":" in host:
        host = f"[{host}]"
    if not _HOST.match(host):
        raise ValueError(f"{value}: {host!r} is not a host name")
    shown_port = f":{port}" if port is not None and port != WEB_SCHEMES[scheme] else ""
    return f"{scheme}://{host}{shown_port}", rest


def _as_browsers_write(host: str) -> str:
    """A host as a browser writes it in a page's address (the URL Standard's host parser),
    so that a declared origin matches the pages it opens however it was spelled: an IPv6
    address compressed (``::ffff:127.0.0.1`` is ``::ffff:7f00:1``), an IPv4 address in
    dotted decimal (``127.1``, ``0x7f.0.0.1`` and ``2130706433`` are ``127.0.0.1``)."""
    if ":" in host:
        try:
            return str(ipaddress.IPv6Address(host))
        except ValueError:
            return host
    parts = host.removesuffix(".").split(".")
    if not parts or len(parts) > 4 or not all(_NUMBER.match(part) for part in parts):
        return host
    try:
        numbers = [_ipv4_number(part) for part in parts]
    except ValueError:
        return host  # 09: not a number a browser reads either; the page will not open
    *head, last = numbers
    if any(number > 255 for number in head) or last >= 256 ** (5 - len(numbers)):
        return host  # not an address a browser would take either
    value = last
    for index, number in enumerate(head):
        value += number * 256 ** (3 - index)
    return str(ipaddress.IPv4Address(value))


_NUMBER = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)$")


def _ipv4_number(part: str) -> int:
    """One part of an IPv4 address as the URL Standard reads it: 0x hex (0x alone is 0),
    a leading 0 octal, else decimal."""
    if part[:2] == "0x":
        return int(part[2:] or "0", 16)
    if part[:1] == "0" and len(part) > 1:
        return int(part, 8)
    return int(part)


def _web_address(value: str, what: str) -> tuple[str, str]:
    """``scheme`` and what follows ``scheme://`` of an absolute http(s) address, or why not."""
    match = _SCHEME.match(value)
    if match is None:
        raise ValueError(f"{value}: {what} is an http:// or https:// address (https://host)")
    scheme = match.group(1).lower()
    if scheme not in WEB_SCHEMES:
        why = _WHY_NOT.get(scheme, "it is not a web page")
        raise ValueError(f"{value}: {_ONLY_WEB}, not {scheme}: ones ({why})")
    rest = value[match.end() :]
    if not rest.startswith("//") or rest[2:3] in ("/", "\\"):
        raise ValueError(f"{value}: write a full address as {scheme}://host/path")
    return scheme, rest[2:]


def address_origin(value: str) -> str | None:
    """Check a ``start:`` or ``goto:`` address as a browser would read it: a path of the site
    gives None, a full http(s) address its origin; anything else is a ValueError saying why.
    A ``{variable}`` (filled in when the flow runs) may stand in the path only."""
    if _CONTROL.search(value):
        raise ValueError(f"{value!r}: an address has no control characters (tabs, newlines)")
    # A browser drops the spaces around an address before it reads it.
    text = value.strip(" ")
    if len(text) >= 2 and text[0] in "/\\" and text[1] in "/\\":
        raise ValueError(
            f"{value}: a scheme-relative address (//host/path) opens another site; write a "
            "path of the site (/path), or a full https:// address of an origin declared in "
            "origins:"
        )
    head = re.split(r"[/\\?#]", text, maxsplit=1)[0]
    if text.startswith("{") or PLACEHOLDER.search(head):
        raise ValueError(
            f"{value}: a variable may fill in the path, not where the page is (its scheme "
            "and host): write the path as /.../{variable}, or the full https:// address"
        )
    if _SCHEME.match(text):
        scheme, after = _web_address(text, "a full address")
        return _origin_from(scheme, after, value, strict=True)[0]
    if ":" in head:
        raise ValueError(
            f"{value}: a path's first part has no ':' (a browser would read it as a scheme); "
            "write it as /" + text
        )
    return None


def origin_of(url: str) -> str | None:
    """The normalised origin of an absolute http(s) address (``https://host[:port]``, default
    port dropped, credentials ignored), or None for anything else (``about:blank``, a path)."""
    text = url.strip(" ")
    try:
        scheme, after = _web_address(text, "an address")
        return _origin_from(scheme, after, url, strict=False)[0]
    except ValueError:
        return None


def check_origin(value: str) -> str:
    """An entry of ``origins:``: ``https://host[:port]``, normalised, or a ValueError."""
    if _CONTROL.search(value):
        raise ValueError(f"{value!r}: an origin has no control characters")
    text = value.strip(" ")
    scheme, after = _web_address(text, "an origin")
    origin, rest = _origin_from(scheme, after, value, strict=True)
    if rest not in ("", "/"):
        raise ValueError(f"{value}: an origin has no path, query or fragment: write it as {origin}")
    return origin


Origin = Annotated[str, AfterValidator(check_origin)]


def check_site_address(value: str) -> str:
    """A flow's ``base_url:``: a full http(s) address of the site, a path under it allowed."""
    if _CONTROL.search(value):
        raise ValueError(f"{value!r}: an address has no control characters")
    text = value.strip(" ")
    scheme, after = _web_address(text, "the site's address")
    _origin_from(scheme, after, value, strict=True)
    return text


SiteAddress = Annotated[str, AfterValidator(check_site_address)]
