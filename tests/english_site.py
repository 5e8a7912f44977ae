"""A small English site of someone's own, as a new user records it: a contact form (with a
search form in the header before it, so "the form's button" has to be the right one), a
thank-you page with a link to the source, and a help page. Served over real HTTP on 127.0.0.1
and a free port; every form it receives is kept, to show what a run sent."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.sites.serving import PageHandler, ServedSite

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


class EnglishSite(ServedSite):
    """The site on 127.0.0.1 and a free port, served from a daemon thread."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[dict[str, str]] = []  # every contact form received
        self.searches: list[str] = []


class _Handler(PageHandler):
    site: EnglishSite

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        parts = urlsplit(self.path)
        if parts.path == "/contact":
            self.send_page(200, CONTACT)
        elif parts.path == "/thanks":
            self.send_page(200, THANKS)
        elif parts.path == "/search":
            with self.site.lock:
                self.site.searches.append(parse_qs(parts.query).get("q", [""])[0])
            self.send_page(200, PAGE.format(title="Search results"))
        elif parts.path == "/source":
            self.send_page(200, PAGE.format(title="Source code"))
        elif parts.path == "/help":
            self.send_page(200, PAGE.format(title="Help"))
        else:
            self.send_page(404, PAGE.format(title="Not found"))

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode("utf-8"), keep_blank_values=True)
        if urlsplit(self.path).path != "/sent":
            return self.send_page(404, PAGE.format(title="Not found"))
        with self.site.lock:
            self.site.sent.append({key: values[0] for key, values in form.items()})
        return self.send_page(303, location="/thanks")


EnglishSite.handler = _Handler
