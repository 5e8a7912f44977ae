"""The frame every page of the production-like site shares: the event spy first in <head>, a
<header> with the logo, the global nav and the account menu button, the optional app banner, the
<footer>, and the body flags the bundle reads (consent pending, chat on).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

SITE_NAME = "CrowdLink"

# The very first thing in <head>: every trusted press, click, key, input, change and submit
# event, seen on window in the capture phase (before any handler of the page), reported to the
# server by a keep-alive GET (it survives navigation, and a dry run lets a GET through, where
# it blocks a beacon: the test's instrument must not be what it measures).
EVENT_SPY = """<script>
(function () {
  var types = ['pointerdown', 'mousedown', 'click', 'keydown', 'input', 'change', 'submit'];
  function report(event) {
    if (!event.isTrusted) return;
    var t = event.target;
    var el = t && t.nodeType === 1 ? t : (t && t.parentElement) || null;
    var q = new URLSearchParams();
    q.set('type', event.type);
    q.set('tag', el ? el.tagName.toLowerCase() : (t === window ? 'window' : 'document'));
    if (el && el.getAttribute('type')) q.set('input_type', el.getAttribute('type'));
    q.set('page', location.pathname);
    fetch('/__event?' + q.toString() + '&n=' + Date.now(), { keepalive: true });
  }
  types.forEach(function (type) { window.addEventListener(type, report, true); });
})();
</script>"""


@dataclass(frozen=True)
class Frame:
    """What the frame needs to know about the visitor and the site instance."""

    csrf_token: str
    display_name: str | None  # None: not logged in (no account menu)
    consent_pending: bool
    chat: bool
    app_banner: bool
    flash: str | None = None


def _header(frame: Frame) -> str:
    if frame.display_name is None:
        account = (
            '<div class="header-account">'
            '<a class="btn btn-outline" href="/login">ログイン</a></div>'
        )
    else:
        name = escape(frame.display_name)
        account = f"""<div class="header-account dropdown">
      <button id="acct-menu-button" class="dropdown-toggle" type="button" aria-haspopup="menu"
        aria-expanded="false" aria-controls="acct-menu"><img class="avatar"
        src="/assets/avatar.svg" alt="" width="28" height="28">{name}<span class="caret"
        aria-hidden="true"></span></button>
      <ul role="menu" id="acct-menu" class="dropdown-menu dropdown-menu-end"
        aria-labelledby="acct-menu-button" hidden>
        <li role="none"><a role="menuitem" class="dropdown-item" tabindex="-1"
          href="/">マイページ</a></li>
        <li role="none"><a role="menuitem" class="dropdown-item" tabindex="-1"
          href="/settings/profile">プロフィール編集</a></li>
        <li role="none" class="dropdown-divider"></li>
        <li role="none"><a role="menuitem" class="dropdown-item" tabindex="-1" href="/logout"
          data-method="delete" rel="nofollow">ログアウト</a></li>
      </ul>
    </div>"""
    return f"""<header class="site-header navbar">
  <div class="container">
    <a class="navbar-brand" href="/"><img src="/assets/logo.svg" alt="ホーム" width="132"
      height="28"></a>
    <nav class="global-nav" aria-label="メインメニュー">
      <ul class="nav">
        <li class="nav-item"><a class="nav-link" href="/jobs">仕事を探す</a></li>
        <li class="nav-item"><a class="nav-link" href="/messages">メッセージ</a></li>
      </ul>
    </nav>
    {account}
  </div>
</header>"""


APP_BANNER = """<div class="smart-banner" id="smart-banner">
  <img src="/assets/logo.svg" alt="" width="66" height="14">
  <div class="smart-banner-text"><strong>CrowdLink アプリ</strong>
    <span class="small text-muted">アプリならお仕事の通知をすぐに受け取れます</span></div>
  <a class="btn btn-primary" href="/app">アプリで開く</a>
  <button type="button" class="smart-banner-close" aria-label="閉じる">&times;</button>
</div>"""

FOOTER = """<footer class="site-footer">
  <div class="container">
    <ul class="footer-links">
      <li><a href="/help/contact">お問い合わせ</a></li>
      <li><a href="/help/community">みんなの相談所</a></li>
      <li><a href="/terms">利用規約</a></li>
      <li><a href="/privacy">プライバシーポリシー</a></li>
    </ul>
    <p class="copyright"><small>&copy; 2024 CrowdLink, Inc.</small></p>
  </div>
</footer>"""


def flash_html(message: str | None) -> str:
    if not message:
        return ""
    return f'<div class="alert alert-success" role="status">{escape(message)}</div>'


def page(frame: Frame, title: str, main: str, scripts: Sequence[str] = ()) -> str:
    """A whole HTML document: `main` goes inside <main>, after the flash message if any."""
    body_flags = (
        f'data-consent="{"pending" if frame.consent_pending else "off"}" '
        f'data-chat="{"on" if frame.chat else "off"}"'
    )
    extra = "".join(f'\n<script src="/assets/{escape(name)}" defer></script>' for name in scripts)
    banner = APP_BANNER if frame.app_banner else ""
    return f"""<!DOCTYPE html>
<html lang="ja">
<head>
{EVENT_SPY}
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-param" content="authenticity_token">
<meta name="csrf-token" content="{escape(frame.csrf_token)}">
<title>{escape(title)} | {SITE_NAME}</title>
<link rel="stylesheet" href="/assets/site.css">
<script src="/assets/site.js" defer></script>{extra}
</head>
<body class="layout-default" {body_flags}>
{banner}
{_header(frame)}
<main class="site-main" id="main">
  <div class="container">
    {flash_html(frame.flash)}
    {main}
  </div>
</main>
{FOOTER}
</body>
</html>
"""


def csrf_input(token: str) -> str:
    return f'<input type="hidden" name="authenticity_token" value="{escape(token)}">'
