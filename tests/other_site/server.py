"""A second site, written without looking at the bundled mock site: the same visible labels in
the same places, different markup and URLs. One user (山田花子) per cookie, logged in by a
cookie the server sets on the first GET. It logs every non-GET request (mutations), every page
visit, and every trusted press, click, key or input event the pages report (events).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.other_site import pages
from tests.sites.serving import ServedSite

COOKIE_NAME = "wsq_sid"
DEFAULT_PASSWORD = "already-set-Passw0rd"


@dataclass
class Account:
    password: str | None
    exists: bool = True


@dataclass
class Record:
    """One logged request: a mutation, a visit or a client event."""

    cookie: str
    method: str
    path: str
    detail: dict[str, str] = field(default_factory=dict)


class OtherSite(ServedSite):
    """The site on 127.0.0.1 and a free port, served from a daemon thread."""

    def __init__(self, social: bool = False) -> None:
        super().__init__()
        self.social = social
        self._accounts: dict[str, Account] = {}
        self._mutations: list[Record] = []
        self._visits: list[Record] = []
        self._events: list[Record] = []

    # -- accounts -------------------------------------------------------------------------------

    def new_account(self) -> str:
        """A fresh account, as the server makes for a first visit; returns its cookie value."""
        cookie = secrets.token_hex(16)
        with self.lock:
            self._accounts[cookie] = Account(None if self.social else DEFAULT_PASSWORD)
        return cookie

    def account(self, cookie: str) -> Account | None:
        with self.lock:
            return self._accounts.get(cookie)

    def account_exists(self, cookie: str) -> bool:
        account = self.account(cookie)
        return account is not None and account.exists

    def password(self, cookie: str) -> str | None:
        account = self.account(cookie)
        return account.password if account else None

    def set_password(self, cookie: str, password: str) -> None:
        with self.lock:
            self._accounts[cookie].password = password

    def close_account(self, cookie: str) -> None:
        with self.lock:
            self._accounts[cookie].exists = False

    # -- logs -----------------------------------------------------------------------------------

    def record(self, kind: str, record: Record) -> None:
        """Add to one log: "mutation", "visit" or "event"."""
        logs = {"mutation": self._mutations, "visit": self._visits, "event": self._events}
        with self.lock:
            logs[kind].append(record)

    def mutations(self, cookie: str | None = None) -> list[Record]:
        with self.lock:
            return [r for r in self._mutations if cookie is None or r.cookie == cookie]

    def visits(self, cookie: str | None = None) -> list[str]:
        with self.lock:
            return [r.path for r in self._visits if cookie is None or r.cookie == cookie]

    def events(self, cookie: str | None = None) -> list[Record]:
        with self.lock:
            return [r for r in self._events if cookie is None or r.cookie == cookie]


class _Handler(BaseHTTPRequestHandler):
    site: OtherSite
    server_version = "WorkSquare/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    # -- plumbing -------------------------------------------------------------------------------

    def _cookie(self) -> tuple[str, bool]:
        """The visitor's cookie, and whether it was made just now (to be set on the reply)."""
        jar = SimpleCookie(self.headers.get("Cookie", ""))
        morsel = jar.get(COOKIE_NAME)
        if morsel is not None and self.site.account(morsel.value) is not None:
            return morsel.value, False
        return self.site.new_account(), True

    def _send(
        self,
        status: int,
        body: str,
        cookie: str,
        fresh: bool,
        headers: dict[str, str] | None = None,
    ) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        if fresh:
            self.send_header(
                "Set-Cookie", f"{COOKIE_NAME}={cookie}; Path=/; HttpOnly; SameSite=Lax"
            )
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _redirect(self, location: str, cookie: str, fresh: bool) -> None:
        self._send(303, "", cookie, fresh, {"Location": location})

    def _form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8") if length else ""
        return {key: values[0] for key, values in parse_qs(raw, keep_blank_values=True).items()}

    # -- GET ------------------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        url = urlsplit(self.path)
        if url.path == "/favicon.ico":
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        cookie, fresh = self._cookie()
        if url.path == "/__event":
            query = {key: values[0] for key, values in parse_qs(url.query).items()}
            self.site.record("event", Record(cookie, "EVENT", query.get("page", ""), query))
            self.send_response(204)
            self.end_headers()
            return
        self.site.record("visit", Record(cookie, "GET", url.path))
        account = self.site.account(cookie)
        assert account is not None
        if url.path == "/account/closed":
            self._send(200, pages.closed(), cookie, fresh)
            return
        if not account.exists:
            self._send(410, pages.gone(), cookie, fresh)
            return
        query = parse_qs(url.query)
        routes = {
            "/": pages.dashboard,
            "/settings/profile": pages.profile,
            "/settings/basic": pages.basic_info,
            "/worker/basic": lambda: pages.decoy("ワーカー"),
            "/client/basic": lambda: pages.decoy("クライアント"),
            "/settings/login": lambda: pages.login_info(
                "ログイン情報を更新しました。" if "updated" in query else ""
            ),
            "/account/close": pages.close_account,
        }
        render = routes.get(url.path)
        if render is None:
            self._send(404, pages.not_found(), cookie, fresh)
        else:
            self._send(200, render(), cookie, fresh)

    # -- POST -----------------------------------------------------------------------------------

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        url = urlsplit(self.path)
        cookie, fresh = self._cookie()
        form = self._form()
        self.site.record("mutation", Record(cookie, "POST", url.path, dict.fromkeys(form, "")))
        account = self.site.account(cookie)
        assert account is not None
        if not account.exists:
            self._send(410, pages.gone(), cookie, fresh)
        elif url.path == "/settings/login":
            first, second = form.get("pw1", ""), form.get("pw2", "")
            if len(first) < 8 or first != second:
                alert = "パスワードは8文字以上で、確認と同じものを入力してください。"
                self._send(422, pages.login_info(alert=alert), cookie, fresh)
                return
            self.site.set_password(cookie, first)
            self._redirect("/settings/login?updated=1", cookie, fresh)
        elif url.path == "/account/close":
            if account.password is None:
                alert = "パスワードが未設定のため退会できません。先にパスワードを設定してください。"
                self._send(409, pages.close_account(alert=alert), cookie, fresh)
                return
            self.site.close_account(cookie)
            self._redirect("/account/closed", cookie, fresh)
        else:
            self._send(404, pages.not_found(), cookie, fresh)

    def _refuse(self) -> None:
        self.send_response(405)
        self.send_header("Content-Length", "0")
        self.end_headers()
        self.site.record(
            "mutation", Record(self._cookie()[0], self.command, urlsplit(self.path).path)
        )

    do_PUT = do_DELETE = do_PATCH = _refuse  # noqa: N815 (every non-GET is a mutation)


OtherSite.handler = _Handler
