"""Request handling of the mock site: routing, login, CSRF, the mutation log.

Kept apart from the HTTP server so every rule here works on plain Request/Response values.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from . import pages
from .layout import CSRF_FIELD, View, render_page
from .state import MIN_PASSWORD_LENGTH, Account, Store
from .web import Request, Response, Visit, redirect
from .work_routes import WorkRoutes

__all__ = ["App", "Request", "Response", "Visit", "redirect"]

SESSION_COOKIE = "cw_mock_session"
# Set on logout and withdrawal so auto-login does not sign the same browser straight back in.
NO_AUTO_LOGIN_COOKIE = "cw_mock_no_auto_login"

LOGIN_FAILED = "メールアドレスまたはパスワードが正しくありません"
PASSWORD_MISMATCH = "パスワードが一致しません"
PASSWORD_TOO_SHORT = f"{MIN_PASSWORD_LENGTH}文字以上で入力してください"
CONFIRM_REQUIRED = "注意事項を確認してください"
PROFILE_SAVED = "基本情報を保存しました"
MAX_DISPLAY_NAME = 30

# Pages that only need a title: links along the way that must lead somewhere.
PLACEHOLDERS: dict[str, str] = {
    "/profile/skills": "スキル編集",
    "/account/identity": "本人確認",
}
PUBLIC_PROFILE = re.compile(r"/public/employees/(\d+)")


class App:
    def __init__(self, store: Store, auto_login: str | None = None) -> None:
        if auto_login not in (None, "email", "social"):
            raise ValueError(f"auto_login must be 'email', 'social' or None, not {auto_login!r}")
        self.store = store
        self.auto_login = auto_login
        # 契約一覧, タスク承認待ち, 報酬, 仕事を探す, clients, お問い合わせ, みんなの相談所.
        self.work = WorkRoutes(store, self._not_found)

    # Entry point ---------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        visit = self._visit(request)
        if request.method in ("GET", "HEAD"):
            return self._get(request, visit)
        if request.method == "POST":
            response = self._post(request, visit)
        else:
            response = self._error(visit, 405, "許可されていない操作です", "この操作はできません。")
        by = visit.account.email if visit.account else response.account_email
        self.store.record_mutation(request.method, request.path, request.field_names, by)
        return response

    def _visit(self, request: Request) -> Visit:
        session = self.store.session(request.cookies.get(SESSION_COOKIE))
        account = None
        if session is not None and session.account_email is not None:
            account = self.store.account(session.account_email)
        return Visit(session, account, self.store.today())

    def _page(
        self, visit: Visit, status: int, title: str, body: str, flash: str | None = None
    ) -> Response:
        return Response(status, render_page(visit.view(flash), title, body))

    def _error(self, visit: Visit, status: int, title: str, text: str) -> Response:
        return self._page(visit, status, *pages.error_page(visit.view(), title, text))

    def _not_found(self, visit: Visit) -> Response:
        return self._error(
            visit, 404, "ページが見つかりません", "お探しのページは見つかりませんでした。"
        )

    # GET ----------------------------------------------------------------------------------

    def _get(self, request: Request, visit: Visit) -> Response:
        path = request.path
        if path == "/login":
            return self._login_form(visit)
        if path == "/withdrawal/complete":
            # Readable without a session: the account is gone by the time this is shown.
            done = Visit(None, None)
            return self._page(done, 200, *pages.withdrawal_complete(done.view()))
        render = self._route(path) or self.work.route(path, request.query)
        if render is None:
            return self._not_found(visit)
        new_cookie = None
        if visit.account is None:
            if not self.auto_login or request.cookies.get(NO_AUTO_LOGIN_COOKIE):
                return redirect("/login")
            visit, new_cookie = self._auto_login(self.auto_login)
        assert visit.session is not None and visit.account is not None
        # "/" only redirects: keep any message for the page it redirects to.
        flash = None if path == "/" else self.store.pop_flash(visit.session.token)
        response = render(visit, flash)
        if new_cookie:
            response.set_cookie(SESSION_COOKIE, new_cookie)
        return response

    def _route(self, path: str) -> Callable[[Visit, str | None], Response] | None:
        fixed: dict[str, Callable[[View], pages.Page]] = {
            "/dashboard": pages.dashboard,
            "/profile/edit": pages.profile_edit,
            "/profile/basic": pages.profile_basic,
            "/profile/worker/basic": lambda v: pages.decoy_basic(v, "ワーカー基本情報"),
            "/profile/client/basic": lambda v: pages.decoy_basic(v, "クライアント基本情報"),
            "/account/login_info": pages.login_info,
            "/withdrawal": pages.withdrawal,
        }
        if path == "/":
            return lambda visit, flash: redirect("/dashboard")
        if path in fixed:
            page = fixed[path]
            return lambda visit, flash: self._page(visit, 200, *page(visit.view(flash)))
        if path in PLACEHOLDERS:
            title = PLACEHOLDERS[path]
            return lambda visit, flash: self._page(
                visit, 200, *pages.placeholder(visit.view(flash), title)
            )
        match = PUBLIC_PROFILE.fullmatch(path)
        if match:
            member_id = int(match.group(1))
            return lambda visit, flash: self._public_profile(visit, member_id)
        return None

    def _public_profile(self, visit: Visit, member_id: int) -> Response:
        member = self.store.account_by_id(member_id)
        if member is None:
            return self._not_found(visit)
        return self._page(visit, 200, *pages.public_profile(visit.view(), member))

    def _auto_login(self, kind: str) -> tuple[Visit, str]:
        account = self.store.create_account(kind)
        session = self.store.new_session(account.email)
        return Visit(session, account, self.store.today()), session.token

    def _login_form(self, visit: Visit, error: str | None = None, email: str = "") -> Response:
        if visit.account is not None:
            return redirect("/dashboard")
        new_cookie = None
        if visit.session is None:
            # An anonymous session carries the CSRF token the login form posts back.
            visit = Visit(self.store.new_session(), None)
            new_cookie = visit.session.token if visit.session else None
        title, body = pages.login_page(
            visit.view(), self.store.scenario_names, sorted(self.store.label_sets), error, email
        )
        response = self._page(visit, 200, title, body)
        if new_cookie:
            response.set_cookie(SESSION_COOKIE, new_cookie)
        return response

    # POST ---------------------------------------------------------------------------------

    def _post(self, request: Request, visit: Visit) -> Response:
        sent = request.form.get(CSRF_FIELD, "")
        if visit.session is None or not secrets.compare_digest(
            sent.encode(), visit.session.csrf_token.encode()
        ):
            text = "ページの有効期限が切れたか、不正な送信です。もう一度お試しください。"
            return self._error(visit, 403, "不正なリクエストです", text)
        path = request.path
        if path == "/login":
            return self._login(request, visit)
        if path == "/login/demo":
            return self._demo_login(request, visit)
        handlers: dict[str, Callable[[Request, Visit, Account], Response]] = {
            "/logout": self._logout,
            "/profile/basic": self._save_profile,
            "/account/login_info": self._save_password,
            "/withdrawal": self._withdraw,
        }
        handler = handlers.get(path) or self.work.post_handler(path)
        if handler is None:
            return self._not_found(visit)
        if visit.account is None:
            return redirect("/login")
        return handler(request, visit, visit.account)

    def _signed_in(self, visit: Visit, account: Account) -> Response:
        # A new session id on login, so a token seen before login is worth nothing after it.
        if visit.session is not None:
            self.store.end_session(visit.session.token)
        session = self.store.new_session(account.email)
        response = redirect("/dashboard")
        response.set_cookie(SESSION_COOKIE, session.token)
        response.account_email = account.email
        return response

    def _login(self, request: Request, visit: Visit) -> Response:
        email = request.form.get("email", "").strip()
        account = self.store.check_login(email, request.form.get("password", ""))
        if account is None:
            return self._login_form(Visit(visit.session, None), LOGIN_FAILED, email)
        return self._signed_in(visit, account)

    def _demo_login(self, request: Request, visit: Visit) -> Response:
        form = request.form
        try:
            account = self.store.create_account(
                form.get("account", "email"),
                scenario=form.get("scenario") or "clean",
                labels=form.get("labels") or "article",
                menu=form.get("menu") or "both",
            )
        except ValueError as exc:
            return self._error(visit, 400, "デモアカウントを作成できません", str(exc))
        return self._signed_in(visit, account)

    def _signed_out(self, location: str) -> Response:
        response = redirect(location)
        response.set_cookie(SESSION_COOKIE, "", max_age=0)
        response.set_cookie(NO_AUTO_LOGIN_COOKIE, "1")
        return response

    def _logout(self, request: Request, visit: Visit, account: Account) -> Response:
        assert visit.session is not None
        self.store.end_session(visit.session.token)
        return self._signed_out("/login")

    def _save_profile(self, request: Request, visit: Visit, account: Account) -> Response:
        name = request.form.get("display_name", "").strip()
        introduction = request.form.get("introduction", "")
        errors = []
        if not name:
            errors.append("表示名を入力してください")
        elif len(name) > MAX_DISPLAY_NAME:
            errors.append(f"表示名は{MAX_DISPLAY_NAME}文字以内で入力してください")
        if errors:
            return self._page(
                visit, 200, *pages.profile_basic(visit.view(), errors, name, introduction)
            )
        self.store.set_profile(account.email, name, introduction)
        assert visit.session is not None
        self.store.set_flash(visit.session.token, PROFILE_SAVED)
        return redirect("/profile/basic")

    def _save_password(self, request: Request, visit: Visit, account: Account) -> Response:
        password = request.form.get("password", "")
        confirmation = request.form.get("password_confirmation", "")
        errors = []
        if len(password) < MIN_PASSWORD_LENGTH:
            errors.append(PASSWORD_TOO_SHORT)
        if password != confirmation:
            errors.append(PASSWORD_MISMATCH)
        if errors:
            return self._page(visit, 200, *pages.login_info(visit.view(), errors))
        self.store.set_password(account.email, password)
        assert visit.session is not None
        self.store.set_flash(visit.session.token, visit.view().labels.password_updated)
        return redirect("/account/login_info")

    def _withdraw(self, request: Request, visit: Visit, account: Account) -> Response:
        if account.password is None:
            # A social-login account must set a password before it can leave (the article).
            return self._page(
                visit, 200, *pages.withdrawal(visit.view(), [pages.NO_PASSWORD_NOTICE])
            )
        blockers = account.work.blockers(visit.today)
        if blockers:
            # Contracts, escrow, task work or rewards still open: the account stays.
            return self._page(visit, 200, *pages.withdrawal(visit.view(), refused=True))
        if not request.form.get("confirm"):
            return self._page(visit, 200, *pages.withdrawal(visit.view(), [CONFIRM_REQUIRED]))
        self.store.delete_account(account.email)
        return self._signed_out("/withdrawal/complete")
