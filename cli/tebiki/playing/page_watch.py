"""What a page does on its own while the loop plays it: the requests it has in flight, the
status of each document it loads, and the native dialogs (alert, confirm, prompt,
beforeunload) it opens. The loop asks, after each step, whether any of it answers the step.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass

from playwright.sync_api import Dialog, Page, Request, Response, WebSocket
from playwright.sync_api import Error as PlaywrightError

from tebiki.page.scripts import page_script
from tebiki.playing.send_guard import is_keepalive

_DOM_QUIET_JS = page_script("dom_quiet")
_DUE_TIMERS_JS = page_script("due_timers")
SOCKET_QUIET_S = 0.5  # a websocket message this recent: the page may be drawing what it said


@dataclass(frozen=True)
class SeenDialog:
    kind: str  # alert, confirm, prompt, beforeunload
    message: str
    answer: str  # accepted, dismissed
    expected: bool  # the step said what to do with it, or it is the confirmed destructive step

    def said(self) -> str:
        words = f"「{self.message}」" if self.message else "(no words)"
        return f"the site asked {words} ({self.kind} dialog, {self.answer})"


@dataclass(frozen=True)
class ErrorDocument:
    url: str
    status: int
    status_text: str


# What the loop says about a dialog at the step under way: accept or dismiss it, and whether
# that was expected (None: leave it to the person, as the guide does).
DialogAnswer = Callable[[Dialog], tuple[bool, bool] | None]


class PageWatch:
    def __init__(self, page: Page) -> None:
        self.page = page
        self._lock = threading.Lock()
        self._inflight: set[Request] = set()
        self._errors: list[ErrorDocument] = []
        self._failed_document: tuple[str, str] | None = None
        self.dialogs: list[SeenDialog] = []
        self.answer: DialogAnswer = lambda dialog: (False, False)
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.on("dialog", self._dialog)
        page.on("websocket", self._socket)
        self._socket_said = 0.0  # when a websocket last carried more than a keep-alive
        page.add_init_script(_DUE_TIMERS_JS)

    # -- requests ---------------------------------------------------------------------------

    def _started(self, request: Request) -> None:
        with self._lock:
            self._inflight.add(request)

    def _ended(self, request: Request) -> None:
        with self._lock:
            self._inflight.discard(request)

    def _failed(self, request: Request) -> None:
        self._ended(request)
        if request.is_navigation_request() and request.frame == self.page.main_frame:
            with self._lock:
                self._failed_document = (request.url, request.failure or "failed")

    def failed_document(self) -> tuple[str, str] | None:
        """The last page the browser could not load: its address and why."""
        with self._lock:
            return self._failed_document

    def _response(self, response: Response) -> None:
        request = response.request
        if not request.is_navigation_request() or request.frame != self.page.main_frame:
            return
        if response.status >= 400:
            with self._lock:
                self._errors.append(
                    ErrorDocument(response.url, response.status, response.status_text)
                )

    def _socket(self, socket: WebSocket) -> None:
        def said(payload: str | bytes) -> None:
            if not is_keepalive(payload, socket.url):
                with self._lock:
                    self._socket_said = time.monotonic()

        socket.on("framereceived", said)
        socket.on("framesent", said)

    def error_document(self) -> ErrorDocument | None:
        """The first page since the last call that the site answered with 4xx or 5xx."""
        with self._lock:
            errors, self._errors = self._errors, []
        return errors[0] if errors else None

    def settled(self, quiet_ms: int = 150, cap_ms: int = 2000) -> bool:
        """Whether the page has done what it does by itself, by every sign a browser gives:
        loaded, no request in flight, no websocket message but keep-alives for a moment, no
        one-off timer due soon, no busy sign showing, and its document quiet for a moment."""
        with self._lock:
            busy = any(not request.is_navigation_request() for request in self._inflight)
            loading = any(request.is_navigation_request() for request in self._inflight)
            talking = time.monotonic() - self._socket_said < SOCKET_QUIET_S
        if busy or loading or talking:
            return False
        try:
            quiet: bool = self.page.evaluate(_DOM_QUIET_JS, [quiet_ms, cap_ms])
        except PlaywrightError:
            return False  # between two documents
        return quiet

    def wait_settled(self, timeout_ms: int) -> bool:
        deadline = time.monotonic() + timeout_ms / 1000
        while time.monotonic() < deadline:
            if self.settled():
                return True
            self.page.wait_for_timeout(50)
        return False

    # -- dialogs ----------------------------------------------------------------------------

    def _dialog(self, dialog: Dialog) -> None:
        decided = self.answer(dialog)
        if decided is None:
            return  # the person answers it in the window
        accept, expected = decided
        with suppress(PlaywrightError):
            if accept:
                dialog.accept()
            else:
                dialog.dismiss()
        seen = SeenDialog(
            dialog.type, dialog.message, "accepted" if accept else "dismissed", expected
        )
        with self._lock:
            self.dialogs.append(seen)

    def take_dialogs(self) -> list[SeenDialog]:
        with self._lock:
            seen, self.dialogs = self.dialogs, []
        return seen
