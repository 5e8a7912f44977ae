"""What every test site shares: a threaded HTTP server on 127.0.0.1 and a free port, started
and stopped around a test (a context manager), and a quiet handler that sends a page. Each site
brings its own pages and its own record of what it was sent."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Self


class PageHandler(BaseHTTPRequestHandler):
    """A handler that logs nothing (a test's output stays the test's) and sends HTML."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass

    def send_page(
        self,
        status: int,
        body: str | bytes = "",
        location: str | None = None,
        cookie: str | None = None,
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        if location:
            self.send_header("Location", location)
        if cookie:
            self.send_header("Set-Cookie", f"{cookie}; Path=/; HttpOnly")
        self.end_headers()
        self.wfile.write(data)


class OpenWhileUsed:
    """A site opened by ``with``: started on the way in, stopped on the way out."""

    def start(self) -> Self:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


class ServedSite(OpenWhileUsed):
    """A site served from a daemon thread while it is open. ``handler`` is the site's own
    handler class; each request's handler finds the site as ``self.site``."""

    handler: type[BaseHTTPRequestHandler]

    def __init__(self) -> None:
        self.lock = threading.Lock()  # the site's records are written from the server's threads
        self._server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None, "the site is not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def make_handler(self) -> type[BaseHTTPRequestHandler]:
        """The handler class bound to this site (a site may build its own)."""
        return type("Bound" + self.handler.__name__, (self.handler,), {"site": self})

    def start(self) -> Self:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self.make_handler())
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def cookie_storage_state(path: Path, name: str, value: str, host: str = "127.0.0.1") -> Path:
    """A Playwright storage-state file holding one session cookie, owner-only (a login is kept
    from other users, as a careful person keeps it)."""
    cookie = {
        "name": name,
        "value": value,
        "domain": host,
        "path": "/",
        "expires": -1,
        "httpOnly": True,
        "secure": False,
        "sameSite": "Lax",
    }
    path.write_text(json.dumps({"cookies": [cookie], "origins": []}))
    path.chmod(0o600)
    return path
