"""Page bodies along the article's withdrawal paths. Each returns (title, body HTML).

The structure mimics what the article and the design describe of the real site: the display name
in the header, sections on the profile page where the same link name repeats, the withdrawal link
small and grey at the bottom left of 基本情報編集.
"""

from __future__ import annotations

from .layout import View, alert, csrf_input, esc, status_message
from .state import MENU_MODES, MIN_PASSWORD_LENGTH, Account
from .work_pages import blocker_alert, blocker_section, work_status

Page = tuple[str, str]

SOCIAL_ORIGINS = {"google": "Google", "facebook": "Facebook", "yahoo": "Yahoo! JAPAN ID"}

NO_PASSWORD_NOTICE = (
    "パスワードが設定されていません。"
    "先に「メールアドレス・パスワード編集」でパスワードを設定してください。"
)


def _account(view: View) -> Account:
    if view.account is None:
        raise ValueError("this page needs a logged-in account")
    return view.account


def _options(values: list[tuple[str, str]], selected: str) -> str:
    return "".join(
        f'<option value="{esc(v)}"{" selected" if v == selected else ""}>{esc(text)}</option>'
        for v, text in values
    )


def login_page(
    view: View,
    scenarios: list[str],
    label_sets: list[str],
    error: str | None = None,
    email: str = "",
) -> Page:
    demo_labels = [
        (name, {"article": "記事の表記", "faq": "FAQの表記"}.get(name, name)) for name in label_sets
    ]
    menus = [
        (m, {"both": "クリック・ホバー", "hover": "ホバーのみ", "click": "クリックのみ"}[m])
        for m in MENU_MODES
    ]
    body = f"""
<div class="narrow"><div class="card">
<h1>ログイン</h1>
{alert([error] if error else [])}
<form method="post" action="/login">{csrf_input(view)}
<div class="field"><label for="email">メールアドレス</label>
<input type="email" id="email" name="email" value="{esc(email)}" autocomplete="username"></div>
<div class="field"><label for="password">パスワード</label>
<input type="password" id="password" name="password" autocomplete="current-password"></div>
<button type="submit" class="btn btn-block">ログイン</button>
</form>
<p class="divider">または</p>
<div class="social">
<button type="button" class="btn btn-block">Googleでログイン</button>
<button type="button" class="btn btn-block">Facebookでログイン</button>
<button type="button" class="btn btn-block">Yahoo! JAPAN IDでログイン</button>
<p class="hint">このデモサイトでは外部サービスでのログインはできません。
下のデモアカウントをお使いください。</p>
</div>
<form class="demo" method="post" action="/login/demo">{csrf_input(view)}
<div class="row">
<select name="scenario" aria-label="シナリオ">{_options([(s, s) for s in scenarios], "clean")}
</select>
<select name="labels" aria-label="表記">{_options(demo_labels, "article")}</select>
<select name="menu" aria-label="メニューの開き方">{_options(menus, "both")}</select>
</div>
<button type="submit" name="account" value="email" class="btn btn-secondary btn-block">
デモアカウント(メールアドレス登録)で始める</button>
<button type="submit" name="account" value="social" class="btn btn-secondary btn-block">
デモアカウント(Google登録)で始める</button>
</form>
</div></div>"""
    return "ログイン", body


def dashboard(view: View) -> Page:
    account = _account(view)
    labels = view.labels
    # The display name shows up three times on purpose (header, greeting, profile card), so that
    # only a search scoped to the header finds the menu button.
    body = f"""
<h1>{esc(labels.mypage)}</h1>
{status_message(view.flash)}
<p class="greeting">{esc(account.display_name)}さん、こんにちは</p>
<div class="grid">
<section class="card profile-card" aria-label="プロフィール">
<div class="avatar"></div>
<p class="name"><a href="/public/employees/{account.id}">{esc(account.display_name)}</a></p>
<p class="hint">ワーカー / 在宅ワーク</p>
</section>
<div>
<section class="card"><h2>お仕事の状況</h2>
{work_status(view)}</section>
<section class="card"><h2>お知らせ</h2>
<p>仮払い済みになってから作業を始めましょう。</p></section>
</div></div>"""
    return labels.mypage, body


def public_profile(view: View, member: Account) -> Page:
    body = f"""
<h1>{esc(member.display_name)}さんのプロフィール</h1>
<section class="card"><h2>自己紹介</h2><p>{esc(member.introduction) or "未設定"}</p></section>
<section class="card"><h2>評価</h2><p>まだ評価はありません。</p></section>"""
    return f"{member.display_name}さんのプロフィール", body


def _link_section(key: str, title: str, links: list[tuple[str, str]]) -> str:
    items = "".join(f'<li><a href="{esc(href)}">{esc(text)}</a></li>' for text, href in links)
    # Named by its heading, so the section is also a "region" landmark a flow can scope to.
    return (
        f'<section class="card" aria-labelledby="section-{key}">'
        f'<h2 id="section-{key}">{esc(title)}</h2><ul class="link-list">{items}</ul></section>'
    )


def profile_edit(view: View) -> Page:
    labels = view.labels
    # Order matters: ワーカー情報 comes first so an unscoped search for 基本情報編集 lands on the
    # wrong link. The article's path is 共通情報 の 基本情報編集.
    sections = [
        _link_section(
            "worker",
            labels.worker_section,
            [
                (labels.basic_info, "/profile/worker/basic"),
                (labels.skills, "/profile/skills"),
            ],
        ),
        _link_section(
            "common",
            labels.common_section,
            [
                (labels.basic_info, "/profile/basic"),
                (labels.login_info, "/account/login_info"),
                (labels.identity, "/account/identity"),
            ],
        ),
        _link_section(
            "client",
            labels.client_section,
            [
                (labels.basic_info, "/profile/client/basic"),
            ],
        ),
    ]
    body = f"<h1>{esc(labels.profile_edit)}</h1>{status_message(view.flash)}{''.join(sections)}"
    return labels.profile_edit, body


def profile_basic(
    view: View,
    errors: list[str] | None = None,
    display_name: str | None = None,
    introduction: str | None = None,
) -> Page:
    account = _account(view)
    labels = view.labels
    name_value = account.display_name if display_name is None else display_name
    intro_value = account.introduction if introduction is None else introduction
    body = f"""
<h1>{esc(labels.basic_info)}</h1>
{status_message(view.flash)}{alert(errors or [])}
<div class="two-col">
<div class="sidebar">
<nav class="card" aria-label="{esc(labels.profile_edit)}"><ul class="link-list">
<li><a href="/profile/edit">{esc(labels.profile_edit)}</a></li>
<li><a href="/account/login_info">{esc(labels.login_info)}</a></li>
</ul></nav>
<p class="withdraw-link"><a href="/withdrawal">{esc(labels.withdrawal_link)}</a></p>
</div>
<form class="card" method="post" action="/profile/basic">{csrf_input(view)}
<div class="field"><label for="display_name">表示名</label>
<input type="text" id="display_name" name="display_name" value="{esc(name_value)}" maxlength="30">
<p class="hint">サイト上に表示される名前です(30文字以内)。</p></div>
<div class="field"><label for="introduction">自己紹介</label>
<textarea id="introduction" name="introduction">{esc(intro_value)}</textarea></div>
<div class="field"><label for="prefecture">都道府県</label>
<select id="prefecture" name="prefecture">{
        _options(
            [
                ("", "選択してください"),
                ("tokyo", "東京都"),
                ("osaka", "大阪府"),
                ("fukuoka", "福岡県"),
            ],
            "",
        )
    }</select></div>
<button type="submit" class="btn">{esc(labels.save)}</button>
</form>
</div>"""
    return labels.basic_info, body


def decoy_basic(view: View, title: str) -> Page:
    # Same link name as the real target, different section: no withdrawal link here.
    body = f"""
<h1>{esc(title)}</h1>
<section class="card"><p>この画面では{esc(title)}を編集できます。</p>
<p><a href="/profile/edit">{esc(view.labels.profile_edit)}に戻る</a></p></section>"""
    return title, body


def login_info(view: View, errors: list[str] | None = None) -> Page:
    account = _account(view)
    labels = view.labels
    if account.password is None:
        origin = SOCIAL_ORIGINS.get(account.registered_with, account.registered_with)
        state = f"{origin}アカウントで登録されています。パスワードは未設定です。"
    else:
        state = "パスワードは設定済みです。"
    body = f"""
<h1>{esc(labels.login_info)}</h1>
{status_message(view.flash)}{alert(errors or [])}
<section class="card">
<dl class="info"><dt>{esc(labels.email)}</dt><dd>{esc(account.email)}</dd></dl>
<p class="hint state">{esc(state)}</p>
<form method="post" action="/account/login_info">{csrf_input(view)}
<div class="field"><label for="password">{esc(labels.password)}</label>
<input type="password" id="password" name="password" autocomplete="new-password"
 aria-describedby="password-hint">
<p class="hint" id="password-hint">{MIN_PASSWORD_LENGTH}文字以上</p></div>
<div class="field"><label for="password_confirmation">{esc(labels.password_confirmation)}</label>
<input type="password" id="password_confirmation" name="password_confirmation"
 autocomplete="new-password"></div>
<button type="submit" class="btn">{esc(labels.password_submit)}</button>
</form></section>"""
    return labels.login_info, body


# No public source shows the real withdrawal screen: this page is a guess. Only its final button,
# 退会する, is something flows can count on; the reason and the checkbox are optional steps. What
# blocks leaving is listed (not as an alert) on arrival; after 退会する it is the alert.
def withdrawal(view: View, errors: list[str] | None = None, refused: bool = False) -> Page:
    account = _account(view)
    labels = view.labels
    blockers = account.work.blockers(view.today)
    notices = list(errors or [])
    if account.password is None and NO_PASSWORD_NOTICE not in notices:
        notices.insert(0, NO_PASSWORD_NOTICE)
    refusal = ""
    if notices:
        link = ""
        if NO_PASSWORD_NOTICE in notices:
            link = f'<p><a href="/account/login_info">{esc(labels.login_info)}</a></p>'
        refusal = alert(notices) + link
    if refused and blockers:
        refusal += blocker_alert(blockers)
    refusal += blocker_section(blockers)
    reasons = [
        ("", "選択してください"),
        ("no_time", "しばらく仕事ができない"),
        ("no_job", "希望する仕事が見つからない"),
        ("other_service", "他のサービスを利用する"),
        ("other", "その他"),
    ]
    body = f"""
<h1>{esc(labels.withdrawal_title)}</h1>
{refusal}
<section class="card">
<h2>退会の前にご確認ください</h2>
<ul class="notes">
<li>退会すると、仕事結果や評価の履歴などの情報は削除されます。</li>
<li>退会後の再登録は可能です。ただし、これまでの実績や評価は引き継がれません。</li>
<li>契約中のお仕事、承認待ちのタスク作業、未出金の報酬があると退会できません。</li>
</ul>
<form method="post" action="/withdrawal">{csrf_input(view)}
<div class="field"><label for="reason">{esc(labels.withdrawal_reason)}</label>
<select id="reason" name="reason" aria-describedby="reason-hint">{_options(reasons, "")}</select>
<p class="hint" id="reason-hint">任意</p></div>
<div class="field"><label class="check">
<input type="checkbox" name="confirm" value="1">{esc(labels.withdrawal_confirm)}</label></div>
<button type="submit" class="btn btn-danger">{esc(labels.withdraw_button)}</button>
</form></section>"""
    return labels.withdrawal_title, body


def withdrawal_complete(view: View) -> Page:
    labels = view.labels
    body = f"""
<div class="narrow"><section class="card">
<h1>{esc(labels.withdrawal_done)}</h1>
<p>これまでクラウドワークスをご利用いただき、ありがとうございました。</p>
<p>退会後の再登録も可能です。</p>
<p><a href="/login">ログイン画面へ</a></p>
</section></div>"""
    return labels.withdrawal_done, body


def placeholder(view: View, title: str, text: str = "このページは準備中です。") -> Page:
    body = f'<h1>{esc(title)}</h1><section class="card"><p>{esc(text)}</p></section>'
    return title, body


def error_page(view: View, title: str, text: str) -> Page:
    back = "/dashboard" if view.account is not None else "/login"
    body = f"""
<div class="narrow"><section class="card"><h1>{esc(title)}</h1><p>{esc(text)}</p>
<p><a href="{back}">戻る</a></p></section></div>"""
    return title, body
