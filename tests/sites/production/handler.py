"""The request handler of the production-like site: sessions, CSRF, routing and logging.

Every route returns a Reply; the handler logs the request (visit or mutation, with the reply's
status) before it writes the reply, so a test that has seen the response also sees the log.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from . import pages
from .layout import Frame
from .server import COOKIE_NAME, Account, Event, Mutation, ProductionSite, Visit

STATIC = Path(__file__).with_name("static")
CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
}
# Reachable without a logged-in account (after ログアウト or 退会).
PUBLIC = {
    "/login",
    "/withdrawal/done",
    "/help",
    "/help/contact",
    "/help/community",
    "/contact",
    "/contact/done",
    "/terms",
    "/privacy",
    "/app",
    "/jobs",
    "/broken",
}
WITHDRAWN = "退会済みのアカウントです。"


@dataclass
class Reply:
    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


def _html(status: int, text: str) -> Reply:
    return Reply(status, text.encode("utf-8"))


def _redirect(location: str, status: int = 303) -> Reply:
    return Reply(status, headers={"Location": location})


def _redact(form: dict[str, str]) -> dict[str, str]:
    return {k: ("***" if "password" in k.lower() else v) for k, v in form.items()}


def make_handler(site: ProductionSite) -> type[BaseHTTPRequestHandler]:
    class ProductionHandler(_Handler):
        pass

    ProductionHandler.site = site
    return ProductionHandler


class _Handler(BaseHTTPRequestHandler):
    site: ProductionSite
    server_version = "nginx"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    # -- plumbing -------------------------------------------------------------------------------

    def _jar(self) -> SimpleCookie:
        return SimpleCookie(self.headers.get("Cookie", ""))

    def _session(self, create: bool) -> tuple[Account | None, bool]:
        """The visitor's account, and whether its cookie was made just now."""
        morsel = self._jar().get(COOKIE_NAME)
        if morsel is not None:
            account = self.site.account(morsel.value)
            if account is not None:
                return account, False
        if not create:
            return None, False
        return self.site.account(self.site.new_session()), True

    def _frame(self, account: Account, consumes_flash: bool = True) -> Frame:
        jar = self._jar()
        consented = "consent" in jar and jar["consent"].value == "1"
        if consented and not account.consented:
            self.site.update(account.cookie, lambda a: setattr(a, "consented", True))
        banner_closed = "app_banner_closed" in jar
        flash = self.site.pop_flash(account.cookie) if consumes_flash else None
        logged_in = account.logged_in and not account.withdrawn
        return Frame(
            csrf_token=account.csrf_token,
            display_name=account.display_name if logged_in else None,
            consent_pending=self.site.consent and not consented,
            chat=self.site.chat,
            app_banner=self.site.app_banner and not banner_closed,
            flash=flash,
        )

    def _write(self, reply: Reply, set_cookie: str | None = None) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Frame-Options", "SAMEORIGIN")
        if set_cookie is not None:
            self.send_header(
                "Set-Cookie", f"{COOKIE_NAME}={set_cookie}; Path=/; HttpOnly; SameSite=Lax"
            )
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    def _body(self) -> str:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length).decode("utf-8", "replace") if length else ""

    @staticmethod
    def _fields(raw: str) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}

    def _event(self, query: dict[str, str]) -> None:
        morsel = self._jar().get(COOKIE_NAME)
        self.site.log_event(
            Event(
                type=query.get("type", ""),
                tag=query.get("tag", ""),
                page=query.get("page", ""),
                cookie=morsel.value if morsel is not None else "",
                input_type=query.get("input_type", ""),
            )
        )
        self._write(Reply(204))

    # -- GET ------------------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        url = urlsplit(self.path)
        path = url.path.rstrip("/") or "/"
        if path == "/__event":
            self._event(self._fields(url.query))
            return
        if path.startswith("/assets/"):
            self._write(self._asset(path.removeprefix("/assets/")))
            return
        if path == "/favicon.ico":
            self._write(Reply(204))
            return
        account, fresh = self._session(create=True)
        assert account is not None
        if path.startswith("/api/"):
            self._write(self._api(path, account), account.cookie if fresh else None)
            return
        reply = self._page(path, url.query, account)
        self.site.log_visit(Visit(path, reply.status, account.cookie))
        self._write(reply, account.cookie if fresh else None)

    do_HEAD = do_GET  # noqa: N815

    def _asset(self, name: str) -> Reply:
        file = STATIC / name
        if "/" in name or not file.is_file():
            return Reply(404, b"not found", "text/plain")
        return Reply(200, file.read_bytes(), CONTENT_TYPES.get(file.suffix, "text/plain"))

    def _api(self, path: str, account: Account) -> Reply:
        if path != "/api/withdrawal":
            return Reply(404, b'{"error":"not_found"}', "application/json")
        if account.withdrawn or not account.logged_in:
            return Reply(401, b'{"error":"unauthorized"}', "application/json")
        data = json.dumps(pages.withdrawal_data(account.csrf_token), ensure_ascii=False)
        return Reply(200, data.encode("utf-8"), "application/json; charset=utf-8")

    def _page(self, path: str, query: str, account: Account) -> Reply:
        if path == self.site.fail_path or path == "/broken":
            return _html(500, pages.error(self._frame(account, False), 500))
        logged_in = account.logged_in and not account.withdrawn
        if not logged_in and path not in PUBLIC:
            return _redirect("/login", 302)
        if logged_in and path == "/login":
            return _redirect("/", 302)
        frame = self._frame(account)
        simple = pages.simple
        routes: dict[str, Callable[[], str]] = {
            "/": lambda: pages.dashboard(frame),
            "/settings/profile": lambda: pages.profile(frame),
            "/settings/common/basic": lambda: pages.common_basic(frame),
            "/settings/client/basic": lambda: pages.role_basic(frame, "クライアント"),
            "/settings/worker/basic": lambda: pages.role_basic(frame, "ワーカー"),
            "/settings/account": lambda: pages.login_info(frame, account.email),
            "/settings/notifications": lambda: pages.notifications(frame),
            "/settings/notifications/email": lambda: pages.notification_edit(frame, "email"),
            "/settings/notifications/push": lambda: pages.notification_edit(frame, "push"),
            "/withdrawal": lambda: pages.withdrawal(frame),
            "/withdrawal/done": lambda: pages.withdrawal_done(frame),
            "/contact": lambda: pages.contact(frame),
            "/contact/done": lambda: pages.contact_done(frame),
            "/help": lambda: pages.help_center(frame),
            "/help/contact": lambda: pages.help_center(frame),
            "/help/community": lambda: pages.help_center(frame),
            "/jobs": lambda: pages.jobs(frame),
            "/messages": lambda: simple(frame, "メッセージ", "新着メッセージはありません。"),
            "/terms": lambda: simple(frame, "利用規約", "CrowdLinkの利用条件を定めます。"),
            "/privacy": lambda: simple(frame, "プライバシーポリシー", "個人情報を適切に扱います。"),
            "/app": lambda: simple(frame, "アプリのご案内", "App Store / Google Playで配信中。"),
            "/login": lambda: pages.login(frame, WITHDRAWN if account.withdrawn else None),
        }
        render = routes.get(path)
        if render is None:
            return _html(404, pages.error(frame, 404))
        return _html(200, render())

    # -- POST and the other methods -----------------------------------------------------------

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        url = urlsplit(self.path)
        path = url.path.rstrip("/") or "/"
        raw = self._body()
        if path == "/__event":
            self._event(self._fields(raw) or self._fields(url.query))
            return
        account, fresh = self._session(create=True)
        assert account is not None
        form = self._fields(raw)
        token = form.get("authenticity_token") or self.headers.get("X-CSRF-Token", "")
        if path == self.site.fail_path:
            reply = _html(500, pages.error(self._frame(account, False), 500))
        elif token != account.csrf_token:
            reply = _html(403, pages.error(self._frame(account, False), 403))
        else:
            reply = self._post(path, form, account)
        method = form.get("_method", "POST").upper()
        self.site.log_mutation(Mutation(method, path, account.cookie, _redact(form), reply.status))
        self._write(reply, account.cookie if fresh else None)

    def _flash(self, account: Account, message: str) -> None:
        self.site.update(account.cookie, lambda a: setattr(a, "flash", message))

    def _post(self, path: str, form: dict[str, str], account: Account) -> Reply:
        cookie = account.cookie
        if path == "/login":
            if account.withdrawn:
                return _html(200, pages.login(self._frame(account), WITHDRAWN))
            self.site.update(cookie, lambda a: setattr(a, "logged_in", True))
            return _redirect("/")
        if path in {"/contact", "/contact/done"}:
            errors = [
                label + "を入力してください"
                for key, label in [
                    ("inquiry[name]", "お名前"),
                    ("inquiry[email]", "メールアドレス"),
                ]
                if not form.get(key, "").strip()
            ]
            if errors:
                return _html(422, pages.contact(self._frame(account), errors))
            return _redirect("/contact/done")
        if account.withdrawn or not account.logged_in:
            return _redirect("/login")
        if path == "/logout":
            self.site.update(cookie, lambda a: setattr(a, "logged_in", False))
            return _redirect("/login")
        if path == "/withdrawal":
            if not account.password_set:
                return _html(
                    200, pages.withdrawal(self._frame(account), "パスワードが設定されていません")
                )
            self.site.update(cookie, lambda a: setattr(a, "withdrawn", True))
            return _redirect("/withdrawal/done")
        if path == "/settings/account":
            return self._login_info(form, account)
        if path in {"/settings/common/basic", "/settings/client/basic", "/settings/worker/basic"}:
            name = form.get("user[display_name]", "").strip()
            if name:
                self.site.update(cookie, lambda a: setattr(a, "display_name", name))
            self._flash(account, "基本情報を更新しました")
            return _redirect(path)
        if path in {"/settings/notifications/email", "/settings/notifications/push"}:
            self._flash(account, "通知設定を更新しました")
            return _redirect("/settings/notifications")
        return _html(404, pages.error(self._frame(account), 404))

    def _login_info(self, form: dict[str, str], account: Account) -> Reply:
        password = form.get("user[password]", "")
        confirmation = form.get("user[password_confirmation]", "")
        email = form.get("user[email]", "").strip() or account.email
        errors: list[str] = []
        if len(password) < 8:
            errors.append("パスワードは8文字以上で入力してください")
        if password != confirmation:
            errors.append("パスワード確認とパスワードの入力が一致しません")
        if errors:
            return _html(422, pages.login_info(self._frame(account), email, errors))

        def change(a: Account) -> None:
            a.password, a.email, a.flash = password, email, "ログイン情報を更新しました"

        self.site.update(account.cookie, change)
        return _redirect("/settings/profile")

    def _other(self) -> None:
        self._body()
        account, _ = self._session(create=False)
        cookie = account.cookie if account is not None else ""
        path = urlsplit(self.path).path
        self.site.log_mutation(Mutation(self.command, path, cookie, {}, 405))
        self._write(Reply(405, headers={"Allow": "GET, POST"}))

    do_PUT = do_DELETE = do_PATCH = _other  # noqa: N815 (every non-GET is a mutation)
