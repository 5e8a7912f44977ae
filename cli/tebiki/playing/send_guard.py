"""A dry run is safe at the network, not only in what tebiki clicks: whatever a page does
because tebiki acted on it (a hover, a focus, a scroll, a highlight drawn into it, a reveal
click) cannot reach the site.

From tebiki's first action on a document until the next page is opened, the guard is *armed*:
every request other than GET and HEAD, every beacon, every navigation tebiki did not start (a
form submitted, a link clicked by a script) and every websocket message a page sends is
blocked in the browser and counted. Keep-alives pass (a protocol's ping and pong, a framework's
heartbeat), so that a site stays connected. What a page does by itself once opened, before
tebiki acts on it (a framework asking its server for what to draw), goes through and is listed:
that is what any visitor's browser does, and such sites would not draw without it. A page being
left sends nothing either (quiet_leaving.js): tebiki leaves a page only to open the next.
"""

from __future__ import annotations

import json
import re
import threading
from contextlib import suppress
from dataclasses import dataclass
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Request, Route, WebSocketRoute

from tebiki.page.scripts import page_script

_QUIET_LEAVING_JS = page_script("quiet_leaving")
_SAFE_METHODS = frozenset({"GET", "HEAD"})


@dataclass(frozen=True)
class Send:
    """One thing a page sent, or tried to: ``kind`` is request, beacon, navigation or
    websocket message."""

    kind: str
    method: str
    url: str
    step: int  # the step under way (0: before the first)

    def said(self) -> str:
        where = _short(self.url)
        if self.kind == "websocket":
            return f"a websocket message to {where}"
        if self.kind == "beacon":
            return f"a beacon to {where}"
        if self.kind == "navigation":
            return f"{self.method} {where} (a navigation the page started)"
        return f"{self.method} {where}"


def _short(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path or "/"
    return path if len(path) <= 80 else path[:77] + "…"


# A framework's keep-alive, as it writes it on the wire, and nothing more: a STOMP heart-beat
# (a bare newline), a plain ping or pong word, SignalR's ping (exactly {"type":6}), Phoenix's
# heartbeat with an empty payload, a JSON ping/pong/heartbeat of nothing else; Engine.IO's and
# Socket.IO's "2" and "3" (and probes) only on a socket of theirs.
_KEEPALIVE_WORDS = frozenset({"ping", "pong", "heartbeat", "keepalive", "keep-alive"})
_PLAIN_KEEPALIVE = re.compile(r"\r?\n|ping|pong|heartbeat", re.I)
_ENGINE_IO = re.compile(r"[23](?:probe)?")
_ENVELOPE = frozenset({"type", "event", "op", "action", "topic", "ref", "join_ref", "id", "t"})
_EMPTY: tuple[object, ...] = (None, "", {}, [])


def is_keepalive(message: str | bytes, url: str = "") -> bool:
    """Whether a websocket message only keeps the connection alive (says nothing to the
    site): sent through even by an armed guard."""
    if isinstance(message, bytes):
        return len(message) == 0
    text = message.removesuffix("\x1e")  # SignalR ends each message with a record separator
    if _PLAIN_KEEPALIVE.fullmatch(text):
        return True
    if _ENGINE_IO.fullmatch(text):
        return "/socket.io/" in url or "/engine.io/" in url or "EIO=" in url
    if len(text) > 200:
        return False
    try:
        data = json.loads(text)
    except ValueError:
        return False
    if isinstance(data, dict):
        if data == {"type": 6}:  # SignalR's ping
            return True
        said = {str(data.get(key, "")).lower() for key in ("type", "event", "op", "action")}
        payload = data.get("payload", data.get("data"))
        extra = set(data) - _ENVELOPE - {"payload", "data"}
        return bool(said & _KEEPALIVE_WORDS) and not extra and payload in _EMPTY
    if isinstance(data, list) and len(data) == 5:  # Phoenix v2: [join, ref, topic, event, {}]
        return bool(data[2] == "phoenix" and data[3] == "heartbeat" and data[4] in _EMPTY)
    return False


class SendGuard:
    """Blocks what a page sends once tebiki has acted on it; see the module's words."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self._lock = threading.Lock()
        self._armed = False
        self._step = 0
        self._opening: str | None = None  # the address tebiki itself is opening
        self.blocked: list[Send] = []
        self.own: list[Send] = []  # what pages sent by themselves before tebiki acted
        page.route("**/*", self._route)
        page.route_web_socket(re.compile(".*"), self._socket)
        page.add_init_script(_QUIET_LEAVING_JS)

    # -- what the loop tells it -------------------------------------------------------------

    def arm(self, step: int) -> None:
        """tebiki is about to act on the page: from now on the page sends nothing."""
        # One round trip first: what the page asked for before now reaches its route (and is
        # judged as the page's own) before the state changes.
        with suppress(PlaywrightError):
            self.page.evaluate("0")
        with self._lock:
            self._armed, self._step, self._opening = True, step, None

    def opening(self, url: str) -> None:
        """tebiki opens ``url`` itself: that navigation goes; the new page, once opened, may
        again do what it does by itself."""
        with self._lock:
            self._opening = url

    def opened(self) -> None:
        with self._lock:
            self._armed, self._opening = False, None

    # -- the browser's side -----------------------------------------------------------------

    def _route(self, route: Route, request: Request) -> None:
        send = self._judge(request)
        try:
            if send is None:
                route.fallback()  # to any route set before (the origin guard), else the network
            elif send.kind == "navigation":
                route.abort("aborted")  # the page stays as it was: no browser error page
            else:
                route.abort("blockedbyclient")
        except PlaywrightError:
            pass  # the page went away with its request

    def _judge(self, request: Request) -> Send | None:
        """The Send to block, or None to let the request go (listed when it sends)."""
        method = request.method.upper()
        beacon = request.resource_type == "ping"
        navigation = request.is_navigation_request()
        sends = beacon or method not in _SAFE_METHODS
        with self._lock:
            step = self._step
            kind = "beacon" if beacon else "navigation" if navigation else "request"
            send = Send(kind, method, request.url, step)
            if self._armed:
                if navigation and request.frame == self.page.main_frame:
                    if self._opening is not None and not sends:
                        return None  # tebiki's own opening of the next page
                    self.blocked.append(send)
                    return send
                if sends:
                    self.blocked.append(send)
                    return send
                return None
            if sends:
                self.own.append(send)
            return None

    def _socket(self, socket: WebSocketRoute) -> None:
        server = socket.connect_to_server()
        url = socket.url

        def from_page(message: str | bytes) -> None:
            with self._lock:
                armed, step = self._armed, self._step
                keepalive = is_keepalive(message, url)
                if armed and not keepalive:
                    self.blocked.append(Send("websocket", "SEND", url, step))
                    return
                if not armed and not keepalive:
                    self.own.append(Send("websocket", "SEND", url, step))
            server.send(message)

        socket.on_message(from_page)
        server.on_message(socket.send)


def blocked_summary(blocked: list[Send]) -> str:
    if not blocked:
        return ""
    first = blocked[0]
    at = f"at step {first.step}" if first.step else "before the first step"
    more = f" and {len(blocked) - 1} more" if len(blocked) > 1 else ""
    count = "1 request" if len(blocked) == 1 else f"{len(blocked)} requests"
    return (
        f"the pages tried to send {count} because of what the dry run did, all blocked "
        f"in the browser: {first.said()} {at}{more}"
    )
