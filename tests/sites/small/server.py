"""The small site served from a daemon thread on 127.0.0.1; every request that changes
something (any method but GET and HEAD) is logged, so a test can say what a walk sent."""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from tests.sites.serving import PageHandler, ServedSite


@dataclass(frozen=True)
class Mutation:
    method: str
    path: str
    form: dict[str, str]


_HEADER = """<header>
  <a href="/">Acme Notes</a>
  <nav aria-label="Main"><a href="/">Home</a> <a href="/contact">Contact</a></nav>
  <div class="account">
    <button type="button" aria-haspopup="menu" aria-expanded="false"
      aria-controls="m">Account</button>
    <ul id="m" role="menu" hidden>
      <li role="none"><a role="menuitem" href="/settings">Settings</a></li>
      <li role="none"><a role="menuitem" href="/">Sign out</a></li>
    </ul>
  </div>
</header>
<script>
  const toggle = document.querySelector('.account button');
  const menu = document.getElementById('m');
  toggle.addEventListener('click', () => {
    const open = menu.hidden;
    menu.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
  });
</script>"""


def _page(title: str, body: str) -> bytes:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        "<style>body{font-family:sans-serif;margin:0} header{display:flex;gap:2em;"
        "padding:1em;background:#eef} main{padding:1em 2em} section{margin:1em 0}"
        " label{display:block;margin-top:.6em}"
        # A dark scheme of its own, as sites that honour prefers-color-scheme have.
        " @media (prefers-color-scheme: dark){body{background:#14161a;color:#e6e6e6}"
        " header{background:#22283a} a{color:#9cf}}</style></head>"
        f"<body>{_HEADER}<main>{body}</main>"
        "<footer><p>Write to help@acme.test</p></footer></body></html>"
    ).encode()


def _form(action: str, fields: list[tuple[str, str, str]], submit: str) -> str:
    inputs = "".join(
        f'<label for="f{n}">{label}</label><input id="f{n}" name="{name}" type="{kind}">'
        for n, (label, name, kind) in enumerate(fields)
    )
    return f'<form method="post" action="{action}">{inputs}<p><button>{submit}</button></p></form>'


PAGES: dict[str, tuple[str, str]] = {
    "/": ("Acme Notes", "<h1>Welcome to Acme Notes</h1><p>Your notes, everywhere.</p>"),
    "/settings": (
        "Settings",
        "<h1>Settings</h1>"
        '<section aria-labelledby="p"><h2 id="p">Profile</h2><p>Your name and e-mail.</p>'
        '<a href="/settings/profile">Edit</a></section>'
        '<section aria-labelledby="n"><h2 id="n">Newsletter</h2><p>Weekly, on Mondays.</p>'
        '<a href="/settings/newsletter">Edit</a></section>'
        '<section aria-labelledby="d"><h2 id="d">Danger zone</h2>'
        '<form method="post" action="/account/delete" '
        "onsubmit=\"return confirm('Really delete your account?')\">"
        "<button>Delete account</button></form></section>",
    ),
    "/settings/profile": (
        "Profile",
        "<h1>Profile</h1>"
        + _form(
            "/settings/profile",
            [
                ("Your name", "name", "text"),
                ("Email", "email", "email"),
                ("Home page", "url", "url"),
            ],
            "Save",
        ),
    ),
    "/settings/newsletter": (
        "Newsletter",
        '<h1>Newsletter</h1><form method="post" action="/settings/newsletter">'
        '<label><input type="checkbox" name="weekly"> Send me the weekly letter</label>'
        "<p><button>Save</button></p></form>",
    ),
    "/contact": (
        "Contact",
        "<h1>Contact us</h1>"
        + _form(
            "/contact",
            [
                ("Your name", "name", "text"),
                ("Email", "email", "email"),
                ("Message", "message", "text"),
            ],
            "Send message",
        ),
    ),
}

_ANSWERS = {
    "/contact": ("Thanks", "<h1>Thanks</h1><p>We will write back soon.</p>"),
    "/settings/profile": ("Saved", '<h1>Profile</h1><p role="status">Saved</p>'),
    # The word again in the sentence under it, as such pages say it.
    "/settings/newsletter": ("Saved", "<h1>Saved</h1><p>Your newsletter settings were saved.</p>"),
    "/account/delete": ("Deleted", "<h1>Your account is deleted</h1>"),
}


class SmallSite(ServedSite):
    def __init__(self) -> None:
        super().__init__()
        self._mutations: list[Mutation] = []

    def mutations(self) -> list[Mutation]:
        with self.lock:
            return list(self._mutations)

    def _log(self, mutation: Mutation) -> None:
        with self.lock:
            self._mutations.append(mutation)


class _Handler(PageHandler):
    site: SmallSite

    def do_GET(self) -> None:  # noqa: N802 - the base's name
        path = urlsplit(self.path).path
        if path in PAGES:
            self.send_page(200, _page(*PAGES[path]))
        else:
            self.send_page(404, _page("Not found", "<h1>Not found</h1>"))

    def do_POST(self) -> None:  # noqa: N802 - the base's name
        path = urlsplit(self.path).path
        length = int(self.headers.get("Content-Length") or 0)
        fields = parse_qs(self.rfile.read(length).decode())
        form = {key: html.escape(values[0]) for key, values in fields.items()}
        self.site._log(Mutation("POST", path, form))
        if path in _ANSWERS:
            self.send_page(200, _page(*_ANSWERS[path]))
        else:
            self.send_page(404, _page("Not found", "<h1>Not found</h1>"))


SmallSite.handler = _Handler
