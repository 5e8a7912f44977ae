"""A production-like test site: a Japanese freelancing service ("CrowdLink", like CrowdWorks) on
which 山田花子 leaves (退会) her account. Python stdlib only; one account per session cookie.

Pages (labels are fixed; markup is Rails + Bootstrap style; never rely on classes or ids)
  /
    マイページ (h1) and 「山田花子さん、こんにちは」. Every page has a <header>: logo link
    (img alt ホーム), nav 仕事を探す / メッセージ, and the account menu: an APG menu button
    山田花子 (aria-haspopup=menu, aria-controls=acct-menu) over a hidden <ul role=menu> with
    menuitems マイページ, プロフィール編集, ログアウト. Opens on click, Enter, Space,
    ArrowDown/Up (never on hover); Escape and a click outside close it.
  /settings/profile
    プロフィール編集: div.card with div.card-header 共通情報 / クライアント情報 /
    ワーカー情報; each card has a link 基本情報編集; 共通情報 also has
    メールアドレス・パスワード編集.
  /settings/common/basic
    a form, and at the bottom left 退会をご希望する方はこちら -> /withdrawal.
  /settings/client/basic, /settings/worker/basic
    forms without that link (decoys).
  /settings/account
    メールアドレス, パスワード, パスワード確認 (required, minlength 8), submit
    ログイン情報を更新する: sets the password, 303 -> /settings/profile with the flash
    ログイン情報を更新しました (role=status). beforeunload warns once a field is edited.
  /withdrawal
    an empty <div id=app>; withdrawal.js waits 300 ms after DOMContentLoaded, fetches
    /api/withdrawal and draws h1 退会手続き, a notice and a Rails form (hidden
    authenticity_token, <button type=submit data-confirm="本当に退会しますか?">退会する).
    Rails UJS: window.confirm; dismissing it cancels the submit. No checkbox.
    POST -> 303 /withdrawal/done (h1 退会が完了しました). social=True accounts have no
    password: the POST answers 200 with the same shell plus
    <div role=alert>パスワードが設定されていません</div>.
  /settings/notifications
    cards メール通知 and プッシュ通知, each with an identical link 編集.
  /contact
    お名前 (required), メールアドレス (type=email, required), 送信する;
    303 -> /contact/done showing 送信しました.
  /help, /help/contact, /help/community
    a small SPA: a[data-route] links use history.pushState (no page load) for the views
    お問い合わせ and みんなの相談所.
  footer (every page)
    お問い合わせ -> /help/contact, みんなの相談所 -> /help/community.
  /jobs, /messages, /terms, /privacy, /app, /login
    plain pages. ログアウト (a[data-method=delete]) logs out; member pages then redirect
    to /login (a button ログインする logs back in). Withdrawn accounts go to /login too.
  errors
    /broken -> 500 (h1 エラーが発生しました); unknown paths -> 404 (h1 ページが見つかりません);
    a POST without the session's CSRF token (authenticity_token or X-CSRF-Token) -> 403.

Flags (ProductionSite(...))
  consent=True
    a cookie-consent dialog (role=dialog aria-modal=true, title Cookieの使用について,
    buttons すべて同意する / 設定) plus a full-screen backdrop that intercepts the
    pointer, injected 200 ms after the load event on every page until the browser has the
    cookie consent=1 (すべて同意する sets it; so does 設定 -> 選択内容を保存).
  chat=False
    a launcher button aria-label チャットで質問する, fixed bottom right (400 ms after load).
  app_banner=False
    a server-drawn banner at the top: link アプリで開く, button aria-label 閉じる.
  social=False
    accounts start without a password (see /withdrawal).
  fail_path=None
    that path answers 500 (the error page) instead of its page, GET and POST.

Logs (thread-safe, per instance)
  mutations: every non-GET request except /__event: method, path, cookie, form (any field whose
             name contains "password" -> "***"), status. mutations_for(cookie) filters.
  events:    every trusted pointerdown/mousedown/click/keydown/input/change/submit seen by the
             spy (first script in <head>, window capture phase), sent by keep-alive GET: type, tag,
             input_type, page. They arrive asynchronously: use wait_for().
  visits:    each page GET (not assets, /api/*, /__event): path, status, cookie.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler

from tests.sites.serving import ServedSite

DISPLAY_NAME = "山田花子"
DEFAULT_PASSWORD = "already-set-Passw0rd"
COOKIE_NAME = "_prod_session"


@dataclass
class Account:
    cookie: str
    csrf_token: str
    password: str | None
    display_name: str = DISPLAY_NAME
    email: str = "hanako.yamada@example.jp"
    withdrawn: bool = False
    logged_in: bool = True
    consented: bool = False  # a request of this session carried consent=1
    flash: str | None = None

    @property
    def password_set(self) -> bool:
        return self.password is not None


@dataclass(frozen=True)
class Mutation:
    method: str
    path: str
    cookie: str
    form: dict[str, str] = field(default_factory=dict)
    status: int = 0


@dataclass(frozen=True)
class Event:
    type: str
    tag: str
    page: str
    cookie: str
    input_type: str = ""


@dataclass(frozen=True)
class Visit:
    path: str
    status: int
    cookie: str


class ProductionSite(ServedSite):
    """The site on 127.0.0.1 and a free port, served from a daemon thread."""

    def __init__(
        self,
        *,
        consent: bool = True,
        chat: bool = False,
        app_banner: bool = False,
        social: bool = False,
        fail_path: str | None = None,
    ) -> None:
        super().__init__()
        self.consent = consent
        self.chat = chat
        self.app_banner = app_banner
        self.social = social
        self.fail_path = fail_path
        self._accounts: dict[str, Account] = {}
        self._mutations: list[Mutation] = []
        self._events: list[Event] = []
        self._visits: list[Visit] = []

    def make_handler(self) -> type[BaseHTTPRequestHandler]:
        from .handler import make_handler

        return make_handler(self)

    # -- accounts -------------------------------------------------------------------------------

    def new_session(self) -> str:
        """A fresh logged-in account, as a first visit makes; returns its session cookie value
        (to put in a browser context as _prod_session for 127.0.0.1)."""
        cookie = secrets.token_hex(16)
        password = None if self.social else DEFAULT_PASSWORD
        with self.lock:
            self._accounts[cookie] = Account(cookie, secrets.token_urlsafe(32), password)
        return cookie

    def account(self, cookie: str) -> Account | None:
        """A snapshot of the account's state (password_set, withdrawn, logged_in, ...)."""
        with self.lock:
            found = self._accounts.get(cookie)
            return replace(found) if found is not None else None

    def sessions(self) -> list[str]:
        """Every session cookie value, oldest first."""
        with self.lock:
            return list(self._accounts)

    def update(self, cookie: str, change: Callable[[Account], None]) -> None:
        """Change an account under the lock (used by the handler)."""
        with self.lock:
            change(self._accounts[cookie])

    def pop_flash(self, cookie: str) -> str | None:
        with self.lock:
            account = self._accounts[cookie]
            message, account.flash = account.flash, None
            return message

    # -- logs -----------------------------------------------------------------------------------

    def log_mutation(self, mutation: Mutation) -> None:
        with self.lock:
            self._mutations.append(mutation)

    def log_event(self, event: Event) -> None:
        with self.lock:
            self._events.append(event)

    def log_visit(self, visit: Visit) -> None:
        with self.lock:
            self._visits.append(visit)

    def mutations(self) -> list[Mutation]:
        with self.lock:
            return list(self._mutations)

    def mutations_for(self, cookie: str) -> list[Mutation]:
        with self.lock:
            return [m for m in self._mutations if m.cookie == cookie]

    def events(self, cookie: str | None = None) -> list[Event]:
        with self.lock:
            return [e for e in self._events if cookie is None or e.cookie == cookie]

    def visits(self, cookie: str | None = None) -> list[Visit]:
        with self.lock:
            return [v for v in self._visits if cookie is None or v.cookie == cookie]

    def clear(self) -> None:
        """Empty the three logs (accounts are kept)."""
        with self.lock:
            self._mutations.clear()
            self._events.clear()
            self._visits.clear()

    def wait_for(self, condition: Callable[[], bool], timeout: float = 3.0) -> bool:
        """Poll `condition` (e.g. lambda: len(site.events()) >= 3) until true or timeout."""
        deadline = time.monotonic() + timeout
        while True:
            if condition():
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)
