"""The HTML of the second site: the article's labels in their places, with markup unlike the
bundled mock site's (a div role=banner, a click-only menu, headings and lists side by side,
implicit labels, an input type=submit, no checkbox on the withdrawal screen).
"""

from __future__ import annotations

from html import escape

DISPLAY_NAME = "山田花子"

# First thing in <head>: every trusted press, click, key and input event, on window in the
# capture phase (before any handler of the page), pinged to the server as an image request.
EVENT_SPY = """<script>
(() => {
  const types = ['pointerdown', 'mousedown', 'click', 'keydown', 'input', 'change', 'submit'];
  for (const type of types) {
    window.addEventListener(type, event => {
      if (!event.isTrusted) return;
      const target = event.target && event.target.tagName ? event.target.tagName : '';
      new Image().src = '/__event?type=' + encodeURIComponent(type)
        + '&target=' + encodeURIComponent(target)
        + '&page=' + encodeURIComponent(location.pathname)
        + '&n=' + Date.now() + Math.random();
    }, true);
  }
})();
</script>"""

STYLE = """<style>
body { margin: 0; font-family: sans-serif; color: #222; }
.topbar { display: flex; gap: 1.5em; align-items: center; padding: .6em 1.2em;
  background: #0b5394; color: #fff; }
.topbar a { color: #fff; text-decoration: none; }
.brand { font-weight: bold; margin-right: auto; }
.who { position: relative; }
.dropdown { position: absolute; right: 0; top: 1.8em; background: #fff; border: 1px solid #999;
  padding: .4em 0; min-width: 12em; }
.dropdown a { display: block; color: #222; padding: .3em 1em; }
.page { padding: 1em 1.5em; }
.cols { display: grid; grid-template-rows: auto auto; grid-auto-flow: column; gap: .3em 3em; }
.cols h3 { margin: 0; }
.frame { display: flex; min-height: 70vh; }
.rail { display: flex; flex-direction: column; width: 14em; padding: 1em; background: #eef; }
.rail .leave { margin-top: auto; font-size: .85em; }
.content { padding: 1em 2em; }
.card { border: 1px solid #ccc; padding: .8em; width: 16em; margin-top: 1em; }
.notice { background: #ffe; border: 1px solid #cc9; padding: .5em; }
</style>"""

# The menu under the name opens on a click only: no :hover, no :focus-within.
MENU_SCRIPT = """<script>
document.addEventListener('DOMContentLoaded', () => {
  const toggle = document.querySelector('[data-toggle=account-menu]');
  const menu = document.getElementById('account-menu');
  if (!toggle || !menu) return;
  toggle.addEventListener('click', event => {
    event.preventDefault();
    const open = menu.hidden;
    menu.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
  });
  document.addEventListener('click', event => {
    if (!menu.hidden && !toggle.contains(event.target) && !menu.contains(event.target)) {
      menu.hidden = true;
      toggle.setAttribute('aria-expanded', 'false');
    }
  });
});
</script>"""


def _banner() -> str:
    name = escape(DISPLAY_NAME)
    return f"""<div role="banner" class="topbar">
  <span class="brand">ワークスクエア</span>
  <a href="/">マイページ</a>
  <a href="/jobs">仕事を探す</a>
  <div class="who">
    <a href="#" role="button" aria-expanded="false" aria-haspopup="true" aria-label="{name}"
       data-toggle="account-menu">{name} ▾</a>
    <div id="account-menu" class="dropdown" hidden>
      <a href="/settings/profile">プロフィール編集</a>
      <a href="/messages">メッセージ</a>
      <a href="/logout-disabled">ログアウト</a>
    </div>
  </div>
</div>"""


def document(title: str, body: str, banner: bool = True) -> str:
    top = _banner() if banner else ""
    return f"""<!doctype html>
<html lang="ja"><head>{EVENT_SPY}
<meta charset="utf-8"><title>{escape(title)} | ワークスクエア</title>
{STYLE}{MENU_SCRIPT}</head>
<body>{top}
<div class="page">{body}</div>
</body></html>"""


def dashboard() -> str:
    name = escape(DISPLAY_NAME)
    return document(
        "マイページ",
        f"""<h2>{name}さんのダッシュボード</h2>
<p>{name}さん、おかえりなさい。新着のお仕事が3件あります。</p>
<div class="card"><a href="/users/8812">{name}</a><br>ワーカー / デザイン・イラスト</div>""",
    )


def profile() -> str:
    # One container, headings and lists side by side; the same link label three times.
    return document(
        "プロフィール編集",
        """<h2>プロフィール編集</h2>
<div class="cols">
  <h3>ワーカー情報</h3>
  <ul><li><a href="/worker/basic">基本情報編集</a></li>
      <li><a href="/worker/skills">スキル</a></li></ul>
  <h3>共通情報</h3>
  <ul><li><a href="/settings/basic">基本情報編集</a></li>
      <li><a href="/settings/login">メールアドレス・パスワード編集</a></li></ul>
  <h3>クライアント情報</h3>
  <ul><li><a href="/client/basic">基本情報編集</a></li>
      <li><a href="/client/company">会社情報</a></li></ul>
</div>""",
    )


def decoy(kind: str) -> str:
    return document(
        f"{kind} 基本情報編集",
        f"""<h2>{escape(kind)}の基本情報編集</h2>
<p>ここでは{escape(kind)}としての自己紹介を編集できます。</p>""",
    )


def basic_info() -> str:
    name = escape(DISPLAY_NAME)
    return document(
        "基本情報編集",
        f"""<div class="frame">
  <div class="rail">
    <a href="/settings/profile">プロフィール編集</a>
    <a href="/settings/login">メールアドレス・パスワード編集</a>
    <a class="leave" href="/account/close">退会をご希望する方はこちら</a>
  </div>
  <div class="content">
    <h2>基本情報編集</h2>
    <p>表示名: {name}</p><p>所在地: 東京都</p>
  </div>
</div>""",
    )


def login_info(message: str = "", alert: str = "") -> str:
    said = f'<p role="status" class="notice">{escape(message)}</p>' if message else ""
    refused = f'<p role="alert" class="notice">{escape(alert)}</p>' if alert else ""
    return document(
        "メールアドレス・パスワード編集",
        f"""<h2>メールアドレス・パスワード編集</h2>
{said}{refused}
<form method="post" action="/settings/login">
  <p><label>メールアドレス <input type="email" name="mail" value="hanako@example.test"></label></p>
  <p><label>パスワード <input type="password" name="pw1" autocomplete="new-password"></label></p>
  <p><label>パスワード確認
    <input type="password" name="pw2" autocomplete="new-password"></label></p>
  <p><input type="submit" value="ログイン情報を更新する"></p>
</form>""",
    )


def close_account(alert: str = "") -> str:
    refused = f'<div role="alert" class="notice">{escape(alert)}</div>' if alert else ""
    return document(
        "退会手続き",
        f"""<h2>退会手続き</h2>{refused}
<p>退会すると、契約中のお仕事・メッセージ・報酬の履歴はすべて閲覧できなくなります。</p>
<form method="post" action="/account/close">
  <button type="submit">退会する</button>
</form>
<p><a href="/">マイページへ戻る</a></p>""",
    )


def closed() -> str:
    return document(
        "退会完了",
        """<h2>退会が完了しました</h2>
<p>ご利用ありがとうございました。</p>""",
        banner=False,
    )


def gone() -> str:
    return document("アカウントがありません", "<p>このアカウントは退会済みです。</p>", banner=False)


def not_found() -> str:
    return document("ページが見つかりません", "<p>ページが見つかりません。</p>")
