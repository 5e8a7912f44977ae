"""The bundled mock site over plain HTTP: login, CSRF, withdrawal rules, mutation log, isolation."""

from __future__ import annotations

import http.client
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import pytest

from tebiki_mock import MockSession, MockSite
from tebiki_mock.scenarios import load_scenarios

CSRF = re.compile(r'name="authenticity_token" value="([^"]+)"')
NO_PASSWORD = (
    "パスワードが設定されていません。"
    "先に「メールアドレス・パスワード編集」でパスワードを設定してください。"
)


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: str

    @property
    def location(self) -> str | None:
        return self.headers.get("Location")


class Browser:
    """A tiny cookie-keeping HTTP client that does not follow redirects, so tests can see them."""

    def __init__(self, site: MockSite, session: MockSession | None = None) -> None:
        self.port = site.port
        self.cookies: dict[str, str] = {}
        if session is not None:
            self.cookies[session.cookie_name] = session.cookie_value

    def request(self, method: str, path: str, fields: dict[str, str] | None = None) -> Reply:
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            reply = Reply(response.status, response.headers, response.read().decode("utf-8"))
        finally:
            conn.close()
        for header in reply.headers.get_all("Set-Cookie") or []:
            pair, _, attrs = header.partition(";")
            name, _, value = pair.strip().partition("=")
            if "max-age=0" in attrs.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return reply

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, fields: dict[str, str]) -> Reply:
        return self.request("POST", path, fields)

    def csrf(self, path: str) -> str:
        match = CSRF.search(self.get(path).body)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def submit(self, page: str, action: str, fields: dict[str, str]) -> Reply:
        """Load the page, then post its form with the page's CSRF token, like a person would."""
        return self.post(action, {"authenticity_token": self.csrf(page), **fields})


@pytest.fixture(scope="module")
def site() -> Iterator[MockSite]:
    with MockSite() as running:
        yield running


def set_password(browser: Browser, password: str) -> Reply:
    fields = {"password": password, "password_confirmation": password}
    return browser.submit("/account/login_info", "/account/login_info", fields)


def test_binds_loopback_only(site: MockSite) -> None:
    url = urlsplit(site.base_url)
    assert url.scheme == "http" and url.hostname == "127.0.0.1"
    assert url.port == site.port and site.port > 0
    # Reachable on loopback; refused on this machine's other address, if it has one.
    other = socket.gethostbyname(socket.gethostname())
    if other.startswith("127."):
        return
    with pytest.raises(OSError), socket.create_connection((other, site.port), timeout=2):
        pass


def test_login_required_redirects_to_login(site: MockSite) -> None:
    anonymous = Browser(site)
    for path in ("/", "/dashboard", "/profile/edit", "/profile/basic", "/withdrawal"):
        reply = anonymous.get(path)
        assert reply.status == 303, path
        assert reply.location == "/login", path
    login = anonymous.get("/login")
    assert login.status == 200
    assert '<html lang="ja">' in login.body
    assert anonymous.get("/no/such/page").status == 404


def test_post_without_matching_csrf_token_is_rejected(site: MockSite) -> None:
    s = site.open_session(account="social")
    browser = Browser(site, s)
    fields = {"password": "longenough1", "password_confirmation": "longenough1"}
    assert browser.post("/account/login_info", {**fields, "authenticity_token": "x"}).status == 403
    assert browser.post("/account/login_info", fields).status == 403
    assert Browser(site).post("/withdrawal", {"confirm": "1"}).status == 403
    assert not site.has_password(s.email)
    assert site.account_exists(s.email)


def test_email_account_sets_password_then_withdraws(site: MockSite) -> None:
    s = site.open_session(account="email")
    assert s.display_name == "ナミ" and s.password
    browser = Browser(site, s)
    reply = set_password(browser, "new-password-1")
    assert reply.status == 303 and reply.location == "/account/login_info"
    page = browser.get("/account/login_info").body
    assert 'role="status"' in page and "ログイン情報を更新しました" in page
    assert s.password == "new-password-1"

    unticked = browser.submit("/withdrawal", "/withdrawal", {"reason": ""})
    assert 'role="alert"' in unticked.body and "注意事項を確認してください" in unticked.body
    assert site.account_exists(s.email)

    done = browser.submit("/withdrawal", "/withdrawal", {"confirm": "1", "reason": "other"})
    assert done.status == 303 and done.location == "/withdrawal/complete"
    assert not site.account_exists(s.email)
    complete = Browser(site).get("/withdrawal/complete")
    assert complete.status == 200 and "退会が完了しました" in complete.body

    # The session is over and the account cannot log in any more.
    assert Browser(site, s).get("/dashboard").location == "/login"
    assert site.login(s.email, "new-password-1") is None
    anonymous = Browser(site)
    fields = {"email": s.email, "password": "new-password-1"}
    failed = anonymous.submit("/login", "/login", fields)
    assert failed.status == 200
    assert 'role="alert"' in failed.body
    assert "メールアドレスまたはパスワードが正しくありません" in failed.body


def test_social_account_without_password_is_refused(site: MockSite) -> None:
    s = site.open_session(account="social")
    assert s.password is None and not site.has_password(s.email)
    browser = Browser(site, s)
    page = browser.get("/withdrawal").body
    assert 'role="alert"' in page and NO_PASSWORD in page
    assert 'href="/account/login_info"' in page

    refused = browser.submit("/withdrawal", "/withdrawal", {"confirm": "1"})
    assert refused.status == 200
    assert 'role="alert"' in refused.body and NO_PASSWORD in refused.body
    assert site.account_exists(s.email)

    # The article's detour: set a password first, then leaving works.
    assert set_password(browser, "social-pass-1").status == 303
    assert site.has_password(s.email) and s.password == "social-pass-1"
    assert NO_PASSWORD not in browser.get("/withdrawal").body
    done = browser.submit("/withdrawal", "/withdrawal", {"confirm": "1"})
    assert done.location == "/withdrawal/complete"
    assert not site.account_exists(s.email)


def test_password_form_validates(site: MockSite) -> None:
    s = site.open_session(account="social")
    browser = Browser(site, s)
    fields = {"password": "abcdefgh", "password_confirmation": "abcdefgX"}
    mismatch = browser.submit("/account/login_info", "/account/login_info", fields)
    assert 'role="alert"' in mismatch.body and "パスワードが一致しません" in mismatch.body
    short = set_password(browser, "short")
    assert 'role="alert"' in short.body and "8文字以上で入力してください" in short.body
    assert not site.has_password(s.email)


def test_mutation_log_records_field_names_not_values(site: MockSite) -> None:
    s = site.open_session(account="email")
    browser = Browser(site, s)
    for path in ("/dashboard", "/profile/edit", "/profile/basic", "/withdrawal"):
        assert browser.get(path).status == 200
    assert site.mutations(s) == []  # reading pages changes nothing

    set_password(browser, "very-secret-value")
    assert site.mutations(s) == [
        {
            "method": "POST",
            "path": "/account/login_info",
            "fields": ["authenticity_token", "password", "password_confirmation"],
        }
    ]
    assert "very-secret-value" not in repr(site.all_mutations())
    assert site.mutations(s)[0] in site.all_mutations()

    assert browser.request("PUT", "/withdrawal", {"x": "1"}).status == 405
    assert site.mutations(s)[-1] == {"method": "PUT", "path": "/withdrawal", "fields": ["x"]}


def test_sessions_are_isolated(site: MockSite) -> None:
    first = site.open_session(account="social")
    second = site.open_session(account="social")
    assert first.email != second.email and first.cookie_value != second.cookie_value
    one, two = Browser(site, first), Browser(site, second)
    assert first.email in one.get("/account/login_info").body
    assert first.email not in two.get("/account/login_info").body

    set_password(one, "first-only-1")
    assert site.has_password(first.email) and not site.has_password(second.email)
    assert site.mutations(second) == []
    # One session's CSRF token is worthless in another.
    stolen = {"authenticity_token": one.csrf("/withdrawal"), "confirm": "1"}
    assert two.post("/withdrawal", stolen).status == 403


def test_faq_labels_change_the_password_button(site: MockSite) -> None:
    article = Browser(site, site.open_session()).get("/account/login_info").body
    faq = Browser(site, site.open_session(labels="faq")).get("/account/login_info").body
    assert "ログイン情報を更新する" in article and "パスワードを更新する" not in article
    assert "パスワードを更新する" in faq and "ログイン情報を更新する" not in faq
    for body in (article, faq):
        assert '<label for="password">パスワード</label>' in body
        assert '<label for="password_confirmation">パスワード確認</label>' in body


def test_header_menu_and_ambiguous_display_name(site: MockSite) -> None:
    s = site.open_session(menu="click")
    body = Browser(site, s).get("/dashboard").body
    header = body[body.index("<header") : body.index("</header>")]
    assert 'aria-haspopup="true" aria-expanded="false">ナミ</button>' in header
    assert 'data-menu="click"' in header
    for text in ("プロフィール編集", "報酬", "ログアウト"):
        assert text in header
    main = body[body.index("<main") : body.index("</main>")]
    assert "ナミさん、こんにちは" in main and ">ナミ</a>" in main
    assert "みんなの相談所" in body[body.index("<footer") :]


def test_profile_edit_sections_in_order(site: MockSite) -> None:
    body = Browser(site, site.open_session()).get("/profile/edit").body
    names = ("ワーカー情報", "共通情報", "クライアント情報")
    positions = [body.index(f">{name}</h2>") for name in names]
    assert positions == sorted(positions)
    assert body.count(">基本情報編集</a>") == 3
    common = body[positions[1] : positions[2]]
    assert 'href="/profile/basic">基本情報編集' in common
    assert 'href="/account/login_info">メールアドレス・パスワード編集' in common


def test_withdrawal_link_only_on_common_basic_info(site: MockSite) -> None:
    browser = Browser(site, site.open_session())
    assert 'href="/withdrawal">退会をご希望する方はこちら' in browser.get("/profile/basic").body
    for decoy in ("/profile/worker/basic", "/profile/client/basic"):
        assert "退会をご希望する方はこちら" not in browser.get(decoy).body


def test_display_name_can_be_saved(site: MockSite) -> None:
    s = site.open_session()
    browser = Browser(site, s)
    reply = browser.submit("/profile/basic", "/profile/basic", {"display_name": "ナミ2"})
    assert reply.status == 303
    assert s.display_name == "ナミ2"
    assert ">ナミ2</button>" in browser.get("/dashboard").body


def test_login_form_and_logout(site: MockSite) -> None:
    s = site.open_session(account="email")
    assert s.password is not None
    browser = Browser(site)
    reply = browser.submit("/login", "/login", {"email": s.email, "password": s.password})
    assert reply.status == 303 and reply.location == "/dashboard"
    assert browser.get("/dashboard").status == 200
    assert browser.submit("/dashboard", "/logout", {}).location == "/login"
    assert browser.get("/dashboard").location == "/login"
    assert site.login(s.email, "wrong") is None
    again = site.login(s.email, s.password)
    assert again is not None and again.email == s.email


def test_demo_buttons_create_fresh_accounts(site: MockSite) -> None:
    browser = Browser(site)
    reply = browser.submit("/login", "/login/demo", {"account": "social", "labels": "faq"})
    assert reply.status == 303 and reply.location == "/dashboard"
    assert "パスワードを更新する" in browser.get("/account/login_info").body


def test_auto_login_until_logout() -> None:
    with MockSite(auto_login="social") as auto:
        browser = Browser(auto)
        page = browser.get("/profile/edit")
        assert page.status == 200 and "プロフィール編集" in page.body
        assert NO_PASSWORD in browser.get("/withdrawal").body  # a social account
        browser.submit("/dashboard", "/logout", {})
        assert browser.get("/dashboard").location == "/login"


def test_every_page_logs_trusted_events(site: MockSite) -> None:
    body = Browser(site, site.open_session()).get("/dashboard").body
    assert "mock-event-log" in body and "isTrusted" in body
    assert 'font-family:"Noto Sans CJK JP",sans-serif' in body
    assert "transition" not in body and "animation" not in body


def test_open_session_rejects_unknown_options(site: MockSite) -> None:
    for options in ({"account": "fax"}, {"scenario": "nope"}, {"labels": "x"}, {"menu": "x"}):
        with pytest.raises(ValueError):
            site.open_session(**options)


def test_clean_scenario_fixture() -> None:
    clean = load_scenarios()["clean"]
    assert clean.account("email").display_name == "ナミ"
    assert clean.account("social").registered_with != "email"
