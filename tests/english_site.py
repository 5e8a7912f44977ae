"""A small English site of someone's own, as a new user records it: a contact form (with a
search form in the header before it, so "the form's button" has to be the right one), a
thank-you page with a link to the source, and a help page. Served over real HTTP on 127.0.0.1
and a free port; every form it receives is kept, to show what a run sent."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

CONTACT = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Contact us</title>
</head><body>
<header><form action="/search" role="search"><input name="q" aria-label="Search">
<button>Go</button></form></header>
<main><h1>Contact us</h1>
<form action="/sent" method="post">
<label for="name">Name</label> <input id="name" name="name">
<label>Email <input type="email" name="email"></label>
<label for="message">Message</label> <textarea id="message" name="message"></textarea>
<button type="button">Preview</button> <button>Send message</button>
</form></main></body></html>"""

THANKS = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Thanks</title>
</head><body><main><h1>Thanks for your message</h1>
<p><a href="/source">Source code of this site</a></p></main></body></html>"""

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
</head><body><main><h1>{title}</h1></main></body></html>"""


class EnglishSite:
    """The site on 127.0.0.1 and a free port, served from a daemon thread."""

    def __init__(self) -> None:
        self.sent: list[dict[str, str]] = []  # every contact form received
        self.searches: list[str] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> EnglishSite:
        handler = type("BoundHandler", (_Handler,), {"site": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class _Handler(BaseHTTPRequestHandler):
    site: EnglishSite

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _send(self, status: int, body: str = "", location: str | None = None) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        parts = urlsplit(self.path)
        if parts.path == "/contact":
            self._send(200, CONTACT)
        elif parts.path == "/thanks":
            self._send(200, THANKS)
        elif parts.path == "/search":
            with self.site._lock:
                self.site.searches.append(parse_qs(parts.query).get("q", [""])[0])
            self._send(200, PAGE.format(title="Search results"))
        elif parts.path == "/source":
            self._send(200, PAGE.format(title="Source code"))
        elif parts.path == "/help":
            self._send(200, PAGE.format(title="Help"))
        else:
            self._send(404, PAGE.format(title="Not found"))

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode("utf-8"), keep_blank_values=True)
        if urlsplit(self.path).path != "/sent":
            return self._send(404, PAGE.format(title="Not found"))
        with self.site._lock:
            self.site.sent.append({key: values[0] for key, values in form.items()})
        return self._send(303, location="/thanks")
