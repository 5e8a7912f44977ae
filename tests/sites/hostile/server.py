"""A hostile site: pages that send when anything is done to them (a hover, a focus, a scroll, a
mutation of the document, being left), and pages that send by themselves to draw. Every path
under /sent is something a page sent because of what a visitor did; /own, what a page sent by
itself on being opened. The site logs both, and every websocket message it is sent."""

from __future__ import annotations

import contextlib
import secrets
import threading
import time
from urllib.parse import parse_qs, urlsplit

from tests.sites.hostile.websocket import accept_key, frame, read_frame
from tests.sites.serving import PageHandler, ServedSite

# Every page's helper: a POST the site logs under the kind of event that caused it.
_SEND = (
    "const send = kind =>"
    " fetch('/sent?k=' + kind, { method: 'POST', body: kind, keepalive: true });"
)


def _leave_then(dialog: str) -> str:
    """退会する sends the withdrawal, then the page shows ``dialog`` as a modal."""
    return (
        '<h1>退会</h1><main><button id="leave">退会する</button></main>'
        f'<div role="dialog" aria-modal="true" hidden>{dialog}</div>'
        f"<script>{_SEND}document.getElementById('leave').addEventListener('click', () => {{"
        " send('withdrawn'); document.querySelector('[role=dialog]').hidden = false; });</script>"
    )


_EVENTS = (
    "['pointerover', 'pointerenter', 'pointermove', 'mouseover', 'mouseenter', 'mousemove',"
    " 'pointerdown', 'mousedown', 'click', 'focus', 'focusin', 'keydown']"
)


def _watch(selector: str) -> str:
    """Send on every event a visitor's pointer, keyboard or focus gives the element."""
    return (
        f"for (const ev of {_EVENTS}) document.querySelectorAll('{selector}')"
        ".forEach(el => el.addEventListener(ev, () => send(ev)));"
    )


PAGES: dict[str, str] = {
    # A link that posts on any pointer, mouse or focus event.
    "/hover": '<h1>Hover</h1><p><a id="t" href="/done">Next page</a></p>'
    f"<script>{_SEND}{_watch('#t')}</script>",
    # A menu button that opens its menu on hover and posts on mouseenter and focus.
    "/menu": '<h1>Menu</h1><nav><button aria-haspopup="true" aria-expanded="false">Menu</button>'
    '<ul hidden><li><a href="/done">Next page</a></li></ul></nav>'
    f"<script>{_SEND}{_watch('button')}"
    "const b = document.querySelector('button'), m = document.querySelector('ul');"
    "const open = () => { m.hidden = false; b.setAttribute('aria-expanded', 'true'); };"
    "b.addEventListener('mouseenter', open); b.addEventListener('focus', open);</script>",
    # A form that submits itself, a beacon, a post and a link clicked by script, at the first
    # change of the document after it loaded (a highlight drawn into it, say).
    "/observer": '<h1>Observer</h1><form method="post" action="/sent?k=form">'
    '<input name="x" value="1" aria-label="x" type="hidden"><button>Save</button></form>'
    '<p><a id="away" href="/sent?k=scripted-link">elsewhere</a></p>'
    f"<script>{_SEND}"
    "let fired = false;"
    "new MutationObserver(() => { if (fired) return; fired = true; send('mutation');"
    " navigator.sendBeacon('/sent?k=beacon', 'x');"
    " document.getElementById('away').click();"
    " document.querySelector('form').requestSubmit(); })"
    ".observe(document, { subtree: true, childList: true, attributes: true,"
    " characterData: true });</script>",
    # A link far down the page: the page posts when it is scrolled or the link comes into view.
    "/scroll": '<h1>Scroll</h1><div style="height:3000px"></div>'
    '<p><a id="t" href="/done">Next page</a></p>'
    f"<script>{_SEND}"
    "addEventListener('scroll', () => send('scroll'), { once: true });"
    "new IntersectionObserver(e => { if (e[0].isIntersecting && scrollY > 0) send('seen'); })"
    ".observe(document.getElementById('t'));</script>",
    # A websocket page, on Socket.IO's address: says hello on opening and answers the server's
    # Engine.IO pings with "3" (its own doing),
    # and sends "acted" on any event or change; its link is drawn once the socket is up.
    "/ws": "<h1>Socket</h1><main></main>"
    f"<script>{_SEND}"
    "const ws = new WebSocket('ws://' + location.host + '/socket.io/?EIO=4&transport=websocket');"
    "const acted = () => ws.readyState === 1 && ws.send('acted');"
    "ws.onopen = () => ws.send('hello');"
    "ws.onmessage = e => {"
    " if (e.data !== '2') return; ws.send('3');"
    " if (document.getElementById('t')) return;"
    " document.querySelector('main').innerHTML = '<a id=\"t\" href=\"/done\">Next page</a>';"
    f" for (const ev of {_EVENTS}) document.getElementById('t').addEventListener(ev, acted);"
    " new MutationObserver(acted).observe(document.body, { subtree: true, childList: true,"
    " attributes: true });"
    "};</script>",
    # A page that asks its server for what to draw (a POST, as frameworks do) and draws it.
    "/draw": "<h1>Draw</h1><main>読み込み中…</main>"
    "<script>fetch('/own?k=draw', { method: 'POST', body: '{}' }).then(r => r.text())"
    ".then(t => { document.querySelector('main').innerHTML = t; });</script>",
    # A page that sends a beacon as it is left.
    "/leave": '<h1>Leave</h1><p><a href="/done">Next page</a></p>'
    "<script>const bye = () => navigator.sendBeacon('/sent?k=leave', 'bye');"
    "addEventListener('pagehide', bye);"
    "document.addEventListener('visibilitychange', bye);</script>",
    "/done": "<h1>Done</h1><p>The end.</p>",
    # Pages still drawing after load: a section drawn 0.7 s later by a timer, a spinner
    # showing meanwhile; and one drawn when the server says so over a websocket, 0.8 s after
    # the page said hello, 「読み込み中…」 showing meanwhile.
    "/late": '<h1>Late</h1><main><div class="spinner" style="width:20px;height:20px"></div>'
    "</main><script>setTimeout(() => { document.querySelector('main').innerHTML ="
    " '<section><h2>共通情報</h2><p><a href=\"/done\">Next page</a></p></section>'; }, 700);"
    "</script>",
    "/late-ws": "<h1>Late</h1><main><p>読み込み中…</p></main><script>"
    "const ws = new WebSocket('ws://' + location.host + '/socket.io/?EIO=4&transport=websocket');"
    "ws.onopen = () => ws.send('hello-late');"
    "ws.onmessage = e => { if (e.data === '2') { ws.send('3'); return; }"
    " if (e.data === '42[\"draw\"]') document.querySelector('main').innerHTML ="
    " '<section><h2>共通情報</h2><p><a href=\"/done\">Next page</a></p></section>'; };"
    "</script>",
    # A menu a library makes when its button is clicked, at the end of <body>, labelled by the
    # header's button; the library tells its server each time it opens.
    "/portal": '<header><a href="/done">Home</a> <button id="who" aria-haspopup="menu"'
    ' aria-expanded="false">ナミ</button></header><main><h1>Top</h1></main>'
    f"<script>{_SEND}"
    "const b = document.getElementById('who');"
    "b.addEventListener('click', () => { send('opened');"
    " let m = document.getElementById('m');"
    " if (m) { m.remove(); b.setAttribute('aria-expanded', 'false'); return; }"
    " m = document.createElement('div'); m.id = 'm'; m.setAttribute('role', 'menu');"
    " m.setAttribute('aria-labelledby', 'who');"
    ' m.innerHTML = \'<a role="menuitem" href="/done">プロフィール編集</a>\';'
    " document.body.appendChild(m); b.setAttribute('aria-expanded', 'true'); });</script>",
    # A confirmation drawn in the page: 退会する opens a modal dialog with its own 退会する.
    "/modal": '<h1>退会</h1><main><button id="leave">退会する</button></main>'
    '<div role="dialog" aria-modal="true" aria-labelledby="q" hidden>'
    '<p id="q">本当に退会しますか?</p><button>キャンセル</button>'
    '<form method="post" action="/sent?k=withdrawn"><button>退会する</button></form></div>'
    "<script>document.getElementById('leave').addEventListener('click', () => {"
    " document.querySelector('[role=dialog]').hidden = false; });</script>",
    # A type-your-name confirmation: 削除する is enabled only once the name is typed.
    "/confirm-name": '<h1>削除</h1><form method="post" action="/sent?k=deleted">'
    '<label>確認のため nami と入力 <input name="who"></label>'
    "<button disabled>削除する</button></form><script>"
    "const i = document.querySelector('input'), b = document.querySelector('button');"
    "i.addEventListener('input', () => { b.disabled = i.value !== 'nami'; });</script>",
    # The same menu as a component library draws its entries: list items a script makes
    # navigate, with no address of their own.
    "/portal-items": '<header><button id="who" aria-haspopup="menu" aria-expanded="false">'
    "ナミ</button></header><main><h1>Top</h1></main><script>"
    "const b = document.getElementById('who');"
    "b.addEventListener('click', () => { const m = document.createElement('div');"
    " m.setAttribute('role', 'menu'); m.setAttribute('aria-labelledby', 'who');"
    ' m.innerHTML = \'<div role="listitem" tabindex="0" class="q-item">'
    "プロフィール編集</div>';"
    " m.firstChild.addEventListener('click', () => { location.href = '/done'; });"
    " document.body.appendChild(m); b.setAttribute('aria-expanded', 'true'); });</script>",
    # A type-your-name confirmation in a dialog the page draws and keeps closed (aria-hidden,
    # under the page), beneath a fixed header that lies over where the dialog's field sits.
    "/name-dialog": "<style>header{position:fixed;top:0;left:0;right:0;height:90px;"
    "background:#fff;z-index:10}main{margin-top:100px}"
    ".modal{position:fixed;top:0;left:0;right:0;z-index:-1;background:#fff}"
    ".modal.open{z-index:20}</style>"
    '<header><b>Home</b> <a href="/done">Account</a></header>'
    '<main><h1>設定</h1><button id="open">アカウントを削除</button></main>'
    '<div class="modal" role="dialog" aria-modal="true" aria-hidden="true" aria-labelledby="t">'
    '<h2 id="t">アカウントを削除しますか</h2><form method="post" action="/sent?k=deleted">'
    '<label>確認のため nami と入力 <input name="who"></label>'
    "<button disabled>削除する</button></form></div><script>"
    "const d = document.querySelector('.modal'), i = d.querySelector('input'),"
    " b = d.querySelector('button');"
    "document.getElementById('open').addEventListener('click', () => {"
    " d.classList.add('open'); d.setAttribute('aria-hidden', 'false'); });"
    "i.addEventListener('input', () => { b.disabled = i.value !== 'nami'; });</script>",
    # A button the page does not display, under a fixed header that lies over the top left.
    "/hidden": '<header style="position:fixed;top:0;left:0;right:0;height:80px;background:#eee">'
    'ロゴ</header><main style="margin-top:90px"><h1>設定</h1>'
    '<button style="display:none">保存する</button></main>',
    # After 退会する a modal that does not ask (it says the leaving is done) and one that asks
    # something else (an offer to stay): neither is for tebiki to press.
    "/leave-done": _leave_then(
        "<p>退会が完了しました</p><button onclick=\"send('ok-pressed')\">OK</button>"
    ),
    "/leave-offer": _leave_then(
        "<p>別のプランに変更しませんか？</p><button>キャンセル</button>"
        "<button onclick=\"send('plan-changed')\">別のプランに変更する</button>"
    ),
    # A plain page whose link leads to the page that draws by posting.
    "/first": '<h1>First</h1><p><a href="/draw">Next page</a></p>',
    # A page whose link leads where the site has stopped answering.
    "/stop": '<h1>Stop</h1><p><a href="/gone">Next page</a></p>',
}

# A page that logs the visitor in as it is opened: a session cookie and a token in web storage,
# fresh for each visit (the site keeps what it issued, so a test can look for them).
_ISSUED_PAGE = (
    '<h1>Welcome</h1><p><a href="/done">Next page</a></p>'
    "<script>localStorage.setItem('token', '{token}');</script>"
)


def _page(body: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hostile</title>'
        "</head><body>" + body + "</body></html>"
    )


class _Handler(PageHandler):
    site: HostileSite

    def do_GET(self) -> None:  # noqa: N802 - the base's name
        path = urlsplit(self.path).path
        if path == "/socket.io/" and self.headers.get("Upgrade", "").lower() == "websocket":
            self._socket()
        elif path == "/sent":
            self.site.log("sent", "GET " + self._kind())
            self.send_page(200, _page("<h1>Sent</h1>"))
        elif path == "/gone":  # the site went away: the connection closes unanswered
            self.close_connection = True
        elif path == "/hang":  # a site that never answers (until the test ends)
            self.site.stopping.wait(60)
            self.close_connection = True
        elif path == "/login":
            session, token = secrets.token_hex(16), secrets.token_hex(16)
            self.site.log("issued", session)
            self.site.log("issued", token)
            self.send_page(200, _page(_ISSUED_PAGE.format(token=token)), cookie=f"sid={session}")
        elif path in PAGES:
            self.send_page(200, _page(PAGES[path]))
        else:
            self.send_page(404, _page("<h1>Not found</h1>"))

    def do_POST(self) -> None:  # noqa: N802 - the base's name
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        path = urlsplit(self.path).path
        if path == "/own":
            self.site.log("own", self._kind())
            self.send_page(200, '<a href="/done">Next page</a>')
        elif path == "/sent":
            self.site.log("sent", self._kind())
            self.send_page(200, _page("<h1>Sent</h1>"))
        else:
            self.send_page(404)

    def _kind(self) -> str:
        return parse_qs(urlsplit(self.path).query).get("k", ["?"])[0]

    def _socket(self) -> None:
        self.send_response(101)
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept_key(self.headers["Sec-WebSocket-Key"]))
        self.end_headers()
        self.wfile.flush()
        lock, open_ = threading.Lock(), threading.Event()
        open_.set()

        def ping() -> None:  # the server's keep-alive, every 0.2 s, as Engine.IO's
            while open_.is_set():
                with lock:
                    try:
                        self.wfile.write(frame("2"))
                        self.wfile.flush()
                    except (OSError, ValueError):  # the connection closed meanwhile
                        return
                time.sleep(0.2)

        threading.Thread(target=ping, daemon=True).start()
        try:
            while (got := read_frame(self.rfile)) is not None:
                opcode, data = got
                if opcode == 8:  # close
                    break
                if opcode == 1:
                    said = data.decode(errors="replace")
                    self.site.log("ws", said)
                    if said == "hello-late":  # the server answers what to draw, later

                        def draw() -> None:
                            time.sleep(0.8)
                            with lock, contextlib.suppress(OSError, ValueError):
                                self.wfile.write(frame('42["draw"]'))
                                self.wfile.flush()

                        threading.Thread(target=draw, daemon=True).start()
        finally:
            open_.clear()
        self.close_connection = True


class HostileSite(ServedSite):
    handler = _Handler

    def __init__(self) -> None:
        super().__init__()
        self.records: list[tuple[str, str]] = []
        self.stopping = threading.Event()

    def stop(self) -> None:
        self.stopping.set()
        super().stop()

    def log(self, kind: str, what: str) -> None:
        with self.lock:
            self.records.append((kind, what))

    def seen(self, kind: str) -> list[str]:
        with self.lock:
            return [what for k, what in self.records if k == kind]
