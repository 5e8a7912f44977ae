"""The HTTP side of the mock site: a threaded server on 127.0.0.1 and the public MockSite API."""

from __future__ import annotations

import re
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import date
from http.cookies import CookieError, SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .app import SESSION_COOKIE, App, Request, Response
from .market import load_market
from .scenarios import load_label_sets, load_scenarios
from .state import Account, Store

HOST = "127.0.0.1"  # loopback only: the mock is for this machine's tests and browsers
MAX_BODY = 1 << 20
_MULTIPART_NAME = re.compile(rb'content-disposition:[^\r\n]*\bname="([^"]*)"', re.IGNORECASE)


def _parse_cookies(header: str | None) -> dict[str, str]:
    if not header:
        return {}
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return {}
    return {name: morsel.value for name, morsel in jar.items()}


def _parse_form(content_type: str, body: bytes) -> tuple[dict[str, str], list[str]]:
    """Form values (first of each name) and every field name, in the order sent."""
    if content_type.startswith("application/x-www-form-urlencoded"):
        pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        form: dict[str, str] = {}
        for name, value in pairs:
            form.setdefault(name, value)
        return form, [name for name, _ in pairs]
    if content_type.startswith("multipart/form-data"):
        # Nothing here posts multipart; only the names are kept so the log stays complete.
        names = [m.decode("utf-8", "replace") for m in _MULTIPART_NAME.findall(body)]
        return {}, names
    return {}, []


MISDIRECTED = (
    "<!DOCTYPE html><title>421 Misdirected Request</title>"
    "<h1>421 Misdirected Request</h1><p>This mock site answers only to its own loopback "
    "address.</p>"
)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    app: App

    def own_hosts(self) -> frozenset[str]:
        """The Host headers that name this server: its loopback address and port, as
        127.0.0.1 or localhost (and without the port where it is HTTP's own, 80)."""
        port = int(self.server_address[1])
        hosts = {f"{HOST}:{port}", f"localhost:{port}"}
        if port == 80:
            hosts |= {HOST, "localhost"}
        return frozenset(hosts)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "MockSite/1.0"

    def version_string(self) -> str:
        # Just the site's name: the Python version is nobody's business.
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        # One line per request on stderr drowns test output; the mutation log is the record.
        return

    def _dispatch(self) -> None:
        # A page on another site can point a name of its own at 127.0.0.1 (DNS rebinding) and
        # then read this site as its own origin, logged in (--auto-login logs in anyone); its
        # requests carry that name in Host. Only this server's own name is served.
        host = (self.headers.get("Host") or "").strip().lower()
        if host not in self.server.own_hosts():
            self.close_connection = True  # its body, if any, is left unread
            self._send(Response(421, MISDIRECTED))
            return
        split = urlsplit(self.path)
        path = split.path.rstrip("/") or "/"
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.send_error(413)
            return
        body = self.rfile.read(length) if length > 0 else b""
        form, names = _parse_form(self.headers.get("Content-Type", ""), body)
        query: dict[str, str] = {}
        for name, value in parse_qsl(split.query, keep_blank_values=True):
            query.setdefault(name, value)
        request = Request(
            method=self.command,
            path=path,
            cookies=_parse_cookies(self.headers.get("Cookie")),
            form=form,
            field_names=names,
            query=query,
        )
        try:
            response = self.server.app.handle(request)
        except Exception:  # a page bug must show up in the test output, not kill the thread
            traceback.print_exc(file=sys.stderr)
            response = Response(500, "<!DOCTYPE html><h1>500 Internal Server Error</h1>")
        self._send(response)

    def _send(self, response: Response) -> None:
        payload = response.body.encode("utf-8")
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        if response.body:
            self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _dispatch


class MockSession:
    """A logged-in browser session for one fresh account. Reads the account live."""

    cookie_name = SESSION_COOKIE
    SHOWN = ("display_name", "client")  # the names shown_values() gives values for

    def __init__(self, account: Account, cookie_value: str, sample_client: str = "") -> None:
        self._account = account
        self.cookie_value = cookie_value
        self._sample_client = sample_client

    @property
    def email(self) -> str:
        return self._account.email

    @property
    def display_name(self) -> str:
        return self._account.display_name

    @property
    def password(self) -> str | None:
        return self._account.password

    @property
    def account(self) -> str:
        """The account kind: "email" or "social"."""
        return self._account.kind

    @property
    def scenario(self) -> str:
        return self._account.scenario

    @property
    def labels(self) -> str:
        return self._account.labels

    @property
    def menu(self) -> str:
        return self._account.menu

    @property
    def sample_client(self) -> str:
        """The first client in fixtures/market.yaml, for flows that look a client up."""
        return self._sample_client

    def cookie(self, base_url: str) -> dict[str, str]:
        """The session cookie, as a browser context takes it (Playwright's add_cookies)."""
        return {"name": self.cookie_name, "value": self.cookie_value, "url": base_url}

    def shown_values(self) -> dict[str, str]:
        """What the account's pages show that a walk may name: the display name in the
        header, and a client of the market for flows that look one up."""
        return dict(zip(self.SHOWN, (self.display_name, self.sample_client), strict=True))

    def __repr__(self) -> str:  # never show the password
        return f"MockSession(email={self.email!r}, account={self.account!r})"


class MockSite:
    """The bundled mock site, served from a daemon thread on a loopback port."""

    def __init__(
        self,
        fixtures_dir: Path | None = None,
        auto_login: str | None = None,
        port: int = 0,
        today: Callable[[], date] | None = None,
    ) -> None:
        """``today``: the clock scenario dates (today-3 ...) resolve against; date.today if None."""
        self._store = Store(
            load_scenarios(fixtures_dir),
            load_market(fixtures_dir),
            today,
            load_label_sets(fixtures_dir),
        )
        self._app = App(self._store, auto_login)
        self._port = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # Life cycle ---------------------------------------------------------------------------

    def start(self) -> MockSite:
        if self._server is not None:
            return self
        server = _Server((HOST, self._port), _Handler)
        server.app = self._app
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            name="mock-site",
            kwargs={"poll_interval": 0.1},
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> MockSite:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the mock site is not running; call start() first")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    # Accounts and sessions ----------------------------------------------------------------

    @property
    def scenarios(self) -> list[str]:
        return self._store.scenario_names

    def open_session(
        self,
        account: str = "email",
        scenario: str = "clean",
        labels: str = "article",
        menu: str = "both",
    ) -> MockSession:
        """A fresh account from the scenario, already logged in; raises ValueError on bad names."""
        created = self._store.create_account(account, scenario, labels, menu)
        session = self._store.new_session(created.email)
        return MockSession(created, session.token, self._sample_client())

    def login(self, email: str, password: str) -> MockSession | None:
        """The login form's check; a new session when it passes, None when it fails."""
        account = self._store.check_login(email, password)
        if account is None:
            return None
        token = self._store.new_session(account.email).token
        return MockSession(account, token, self._sample_client())

    def _sample_client(self) -> str:
        clients = self._store.market.clients
        return clients[0].name if clients else ""

    def account_exists(self, email: str) -> bool:
        return self._store.account_exists(email)

    def has_password(self, email: str) -> bool:
        account = self._store.account(email)
        return account is not None and account.password is not None

    # Mutation log -------------------------------------------------------------------------

    def mutations(self, session: MockSession) -> list[dict[str, Any]]:
        """Non-GET requests made by this session's account: method, path, field names."""
        return self._store.mutations(session.email)

    def all_mutations(self) -> list[dict[str, Any]]:
        return self._store.mutations()


def serve(
    port: int = 8800, auto_login: str | None = None, fixtures_dir: Path | None = None
) -> None:
    """Serve the mock site in the foreground until interrupted (Ctrl-C); OSError when the port
    cannot be had."""
    site = MockSite(fixtures_dir=fixtures_dir, auto_login=auto_login, port=port).start()
    print(f"mock site: {site.base_url}/  (Ctrl-C to stop)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        site.stop()
