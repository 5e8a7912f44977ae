"""The pages of the production-like site, each a whole HTML document built on layout.page().

Labels are the article's; markup is what a Rails + Bootstrap site ships: card divs whose titles
are div.card-header (not headings), Rails forms with authenticity_token, a script-drawn
withdrawal screen, and a help centre that routes with history.pushState.
"""

from __future__ import annotations

from html import escape

from .layout import Frame, csrf_input, page


def _field(ident: str, label: str, control: str, hint: str = "") -> str:
    help_text = f'<div class="form-text" id="{ident}-help">{hint}</div>' if hint else ""
    return (
        f'<div class="form-group"><label class="form-label" for="{ident}">{label}</label>'
        f"{control}{help_text}</div>"
    )


def _errors(messages: list[str]) -> str:
    if not messages:
        return ""
    items = "".join(f"<li>{escape(m)}</li>" for m in messages)
    return f'<div class="alert alert-danger" role="alert"><ul class="mb-0">{items}</ul></div>'


# -- member pages -------------------------------------------------------------------------------


def dashboard(frame: Frame) -> str:
    name = escape(frame.display_name or "")
    main = f"""<h1 class="page-title mypage-title">マイページ</h1>
<p class="greeting">{name}さん、こんにちは</p>
<div class="row">
  <div class="col-main">
    <div class="card"><div class="card-header">進行中のお仕事</div>
      <div class="card-body"><p class="text-muted">進行中のお仕事はありません。</p>
        <a class="btn btn-primary" href="/jobs">お仕事を探す</a></div></div>
    <div class="card"><div class="card-header">お知らせ</div>
      <div class="card-body"><ul class="list-group">
        <li class="list-group-item"><span class="small text-muted">2024/05/10</span>
          システムメンテナンスのお知らせ</li>
        <li class="list-group-item"><span class="small text-muted">2024/04/22</span>
          手数料改定のお知らせ</li></ul></div></div>
  </div>
  <aside class="col-side">
    <div class="card"><div class="card-header">設定</div>
      <div class="card-body"><ul class="list-group">
        <li class="list-group-item"><a href="/settings/notifications">通知設定</a></li>
        <li class="list-group-item"><a href="/help">ヘルプセンター</a></li></ul></div></div>
  </aside>
</div>"""
    return page(frame, "マイページ", main)


def _card(title: str, links: list[tuple[str, str]]) -> str:
    items = "".join(
        f'<li class="list-group-item"><a href="{href}">{text}</a></li>' for text, href in links
    )
    return (
        f'<div class="card"><div class="card-header">{title}</div>'
        f'<div class="card-body"><ul class="list-group">{items}</ul></div></div>'
    )


def profile(frame: Frame) -> str:
    cards = "\n".join(
        [
            _card(
                "共通情報",
                [
                    ("基本情報編集", "/settings/common/basic"),
                    ("メールアドレス・パスワード編集", "/settings/account"),
                ],
            ),
            _card("クライアント情報", [("基本情報編集", "/settings/client/basic")]),
            _card("ワーカー情報", [("基本情報編集", "/settings/worker/basic")]),
        ]
    )
    main = f"""<h1 class="page-title">プロフィール編集</h1>
<p class="text-muted small">登録情報の確認・変更ができます。</p>
{cards}"""
    return page(frame, "プロフィール編集", main)


def _basic_form(frame: Frame, action: str, fields: str) -> str:
    return f"""<form class="edit-form" method="post" action="{action}" accept-charset="UTF-8">
  {csrf_input(frame.csrf_token)}
  {fields}
  <div class="form-actions"><button type="submit" class="btn btn-primary"
    data-disable-with="保存中…">保存する</button></div>
</form>"""


def common_basic(frame: Frame) -> str:
    name = escape(frame.display_name or "")
    fields = "\n".join(
        [
            _field(
                "user_display_name",
                "表示名",
                f'<input class="form-control" type="text" '
                f'id="user_display_name" name="user[display_name]" value="{name}" required>',
            ),
            _field(
                "user_last_name",
                "姓",
                '<input class="form-control" type="text" '
                'id="user_last_name" name="user[last_name]" value="山田">',
            ),
            _field(
                "user_first_name",
                "名",
                '<input class="form-control" type="text" '
                'id="user_first_name" name="user[first_name]" value="花子">',
            ),
            _field(
                "user_prefecture",
                "都道府県",
                '<select class="form-control" id="user_prefecture" '
                'name="user[prefecture]"><option>東京都</option><option>大阪府</option>'
                "<option>福岡県</option></select>",
            ),
        ]
    )
    main = f"""<nav class="breadcrumb small"><a href="/settings/profile">プロフィール編集</a>
  &rsaquo; 共通情報</nav>
<h1 class="page-title">基本情報編集</h1>
<div class="card"><div class="card-body">
{_basic_form(frame, "/settings/common/basic", fields)}
</div></div>
<div class="page-bottom">
  <a class="small link-secondary" href="/withdrawal">退会をご希望する方はこちら</a>
  <span></span>
</div>"""
    return page(frame, "基本情報編集", main)


def role_basic(frame: Frame, role: str) -> str:
    """クライアント情報 / ワーカー情報 の基本情報編集: no withdrawal link here."""
    slug = "client" if role == "クライアント" else "worker"
    if slug == "client":
        fields = _field(
            "client_company",
            "会社名・屋号",
            '<input class="form-control" '
            'type="text" id="client_company" name="client[company]" value="">',
        )
    else:
        fields = _field(
            "worker_occupation",
            "職種",
            '<input class="form-control" type="text" '
            'id="worker_occupation" name="worker[occupation]" value="ライター">',
        )
    fields += _field(
        f"{slug}_intro",
        "自己紹介",
        f'<textarea class="form-control" rows="5" '
        f'id="{slug}_intro" name="{slug}[introduction]"></textarea>',
    )
    main = f"""<nav class="breadcrumb small"><a href="/settings/profile">プロフィール編集</a>
  &rsaquo; {role}情報</nav>
<h1 class="page-title">基本情報編集</h1>
<div class="card"><div class="card-header">{role}情報</div><div class="card-body">
{_basic_form(frame, f"/settings/{slug}/basic", fields)}
</div></div>"""
    return page(frame, "基本情報編集", main)


def login_info(frame: Frame, email: str, errors: list[str] | None = None) -> str:
    fields = "\n".join(
        [
            _field(
                "user_email",
                "メールアドレス",
                f'<input class="form-control" type="email" '
                f'id="user_email" name="user[email]" value="{escape(email)}" '
                'autocomplete="email" required>',
            ),
            _field(
                "user_password",
                "パスワード",
                '<input class="form-control" type="password" '
                'id="user_password" name="user[password]" autocomplete="new-password" required '
                'minlength="8" aria-describedby="user_password-help">',
                "8文字以上の半角英数字・記号",
            ),
            _field(
                "user_password_confirmation",
                "パスワード確認",
                '<input class="form-control" '
                'type="password" id="user_password_confirmation" '
                'name="user[password_confirmation]" autocomplete="new-password" required '
                'minlength="8">',
            ),
        ]
    )
    main = f"""<h1 class="page-title">メールアドレス・パスワード編集</h1>
{_errors(errors or [])}
<div class="card"><div class="card-body">
<form class="edit-form" method="post" action="/settings/account" accept-charset="UTF-8"
  data-warn-unsaved>
  {csrf_input(frame.csrf_token)}
  {fields}
  <div class="form-actions"><button type="submit" class="btn btn-primary"
    data-disable-with="更新中…">ログイン情報を更新する</button></div>
</form>
</div></div>"""
    return page(frame, "メールアドレス・パスワード編集", main)


def withdrawal(frame: Frame, alert: str | None = None) -> str:
    """The shell only: withdrawal.js fetches /api/withdrawal and draws the screen into #app."""
    alert_html = (
        f'<div class="alert alert-danger" role="alert">{escape(alert)}</div>' if alert else ""
    )
    main = f"""{alert_html}
<div id="app" data-source="/api/withdrawal"></div>
<noscript>この画面を表示するにはJavaScriptを有効にしてください。</noscript>"""
    return page(frame, "退会手続き", main, scripts=["withdrawal.js"])


def withdrawal_data(token: str) -> dict[str, object]:
    return {
        "title": "退会手続き",
        "notice": "退会すると、お仕事の履歴やメッセージはすべて削除され、元に戻せません。",
        "cautions": [
            "未払いの報酬がある場合は、退会前に出金手続きを行ってください。",
            "進行中の契約がある場合は退会できません。",
        ],
        "form": {
            "action": "/withdrawal",
            "method": "post",
            "token": token,
            "confirm": "本当に退会しますか?",
            "submit": "退会する",
        },
    }


def withdrawal_done(frame: Frame) -> str:
    main = """<h1 class="page-title">退会が完了しました</h1>
<p>これまでCrowdLinkをご利用いただき、ありがとうございました。</p>
<p><a href="/help">ヘルプセンターへ</a></p>"""
    return page(frame, "退会完了", main)


def notifications(frame: Frame) -> str:
    cards = "\n".join(
        [
            _card("メール通知", [("編集", "/settings/notifications/email")]),
            _card("プッシュ通知", [("編集", "/settings/notifications/push")]),
        ]
    )
    return page(frame, "通知設定", f'<h1 class="page-title">通知設定</h1>\n{cards}')


def notification_edit(frame: Frame, kind: str) -> str:
    label = "メール通知" if kind == "email" else "プッシュ通知"
    main = f"""<h1 class="page-title">{label}の設定</h1>
<div class="card"><div class="card-body">
<form method="post" action="/settings/notifications/{kind}" accept-charset="UTF-8">
  {csrf_input(frame.csrf_token)}
  <div class="form-check"><input type="checkbox" id="n_msg" name="n[message]" value="1" checked>
    <label for="n_msg">メッセージ受信時に通知する</label></div>
  <div class="form-check"><input type="checkbox" id="n_news" name="n[news]" value="1">
    <label for="n_news">お知らせを受け取る</label></div>
  <div class="form-actions"><button type="submit" class="btn btn-primary">保存する</button></div>
</form></div></div>"""
    return page(frame, f"{label}の設定", main)


# -- public pages -------------------------------------------------------------------------------


def contact(frame: Frame, errors: list[str] | None = None) -> str:
    fields = "\n".join(
        [
            _field(
                "inquiry_name",
                "お名前",
                '<input class="form-control" type="text" '
                'id="inquiry_name" name="inquiry[name]" autocomplete="name" required>',
            ),
            _field(
                "inquiry_email",
                "メールアドレス",
                '<input class="form-control" type="email" '
                'id="inquiry_email" name="inquiry[email]" autocomplete="email" required>',
            ),
            _field(
                "inquiry_body",
                "お問い合わせ内容",
                '<textarea class="form-control" rows="6" '
                'id="inquiry_body" name="inquiry[body]"></textarea>',
            ),
        ]
    )
    main = f"""<h1 class="page-title">お問い合わせフォーム</h1>
{_errors(errors or [])}
<div class="card"><div class="card-body">
<form method="post" action="/contact" accept-charset="UTF-8">
  {csrf_input(frame.csrf_token)}
  {fields}
  <div class="form-actions"><button type="submit" class="btn btn-primary">送信する</button></div>
</form></div></div>"""
    return page(frame, "お問い合わせ", main)


def contact_done(frame: Frame) -> str:
    main = """<h1 class="page-title">お問い合わせ</h1>
<div class="alert alert-success" role="status">送信しました</div>
<p>内容を確認のうえ、担当者よりご連絡いたします。</p>"""
    return page(frame, "お問い合わせ", main)


def help_center(frame: Frame) -> str:
    """The help SPA shell; help.js renders #help-view from location.pathname."""
    main = """<h1 class="page-title">ヘルプセンター</h1>
<nav class="help-nav" aria-label="ヘルプメニュー">
  <a href="/help" data-route>ヘルプトップ</a>
  <a href="/help/contact" data-route>お問い合わせ</a>
  <a href="/help/community" data-route>みんなの相談所</a>
</nav>
<div class="card"><div class="card-body" id="help-view" aria-live="polite"></div></div>"""
    return page(frame, "ヘルプセンター", main, scripts=["help.js"])


def jobs(frame: Frame) -> str:
    rows = "".join(
        f'<li class="list-group-item"><a href="/jobs">{escape(t)}</a>'
        f'<span class="small text-muted"> {escape(p)}</span></li>'
        for t, p in [
            ("ECサイトの商品説明文の作成", "固定報酬 3,000円"),
            ("Webサイトのバナー制作", "固定報酬 10,000円"),
            ("データ入力(長期)", "時間単価 1,200円"),
        ]
    )
    main = f"""<h1 class="page-title">仕事を探す</h1>
<form class="search" method="get" action="/jobs" role="search">
  <label class="form-label" for="q">キーワード</label>
  <input class="form-control" type="search" id="q" name="q">
  <button type="submit" class="btn btn-outline">検索</button>
</form>
<div class="card"><div class="card-body"><ul class="list-group">{rows}</ul></div></div>"""
    return page(frame, "仕事を探す", main)


def simple(frame: Frame, title: str, text: str) -> str:
    main = f'<h1 class="page-title">{escape(title)}</h1>\n<p>{escape(text)}</p>'
    return page(frame, title, main)


def login(frame: Frame, message: str | None = None) -> str:
    note = (
        f'<div class="alert alert-danger" role="alert">{escape(message)}</div>' if message else ""
    )
    main = f"""<h1 class="page-title">ログイン</h1>
{note}
<div class="card"><div class="card-body">
<form method="post" action="/login" accept-charset="UTF-8">
  {csrf_input(frame.csrf_token)}
  <div class="form-actions">
    <button type="submit" class="btn btn-primary">ログインする</button></div>
</form></div></div>"""
    return page(frame, "ログイン", main)


def error(frame: Frame, status: int) -> str:
    titles = {
        403: ("アクセスが拒否されました", "不正なリクエストです。再読み込みしてください。"),
        404: ("ページが見つかりません", "お探しのページは移動または削除されました。"),
        500: ("エラーが発生しました", "しばらく時間をおいてから再度お試しください。"),
    }
    title, text = titles.get(status, titles[500])
    main = f"""<div class="error-page"><h1 class="page-title">{title}</h1>
<p>{text}</p><p><a href="/">トップページへ戻る</a></p></div>"""
    return page(frame, title, main)
