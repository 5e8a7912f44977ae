"""A form written the way frameworks write labels: a colon after each (Django's forms), a
required mark in a span or as 必須, a fieldset named like its one field, a rich-text editor
(contenteditable, named by aria-label), and a table whose caption titles it (an admin's
dashboard box). It answers as frameworks do: the form sent back with its error in an alert,
or a success notice in an alert. It logs each form it is sent."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.sites.serving import PageHandler, ServedSite

FORM = """<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>設定</title></head>
<body><main><h1>アカウント設定</h1>
<form method="post" action="/save">
  <p><label for="id_email">メールアドレス:</label>
     <input type="email" name="email" id="id_email"></p>
  <p><label for="id_email2">Eメール<span class="required">*</span></label>
     <input type="email" name="email2" id="id_email2" required></p>
  <p><label for="id_name">氏名 <em>必須</em></label> <input name="name" id="id_name"></p>
  <fieldset aria-labelledby="t"><legend id="t">タイトル*</legend>
    <label for="id_title">タイトル*</label> <input name="title" id="id_title"></fieldset>
  <p><span id="body-label">本文</span></p>
  <div contenteditable="true" role="textbox" aria-multiline="true"
       aria-labelledby="body-label" style="border:1px solid #999;min-height:3em"></div>
  <input type="hidden" name="body">
  <p><button>保存する</button></p>
</form>
<table><caption>最近の操作</caption>
  <tr><td>プロフィール</td><td><a href="/done">変更</a></td></tr></table>
<table><caption>お知らせ</caption>
  <tr><td>規約</td><td><a href="/elsewhere">変更</a></td></tr></table>
<script>
  document.querySelector('form').addEventListener('submit', () => {
    document.querySelector('[name=body]').value =
      document.querySelector('[contenteditable]').innerText.trim();
  });
</script></main></body></html>"""


class _Handler(PageHandler):
    site: LabelsSite

    def do_GET(self) -> None:  # noqa: N802 - the base's name
        path = urlsplit(self.path).path
        if path == "/":
            self.send_page(200, FORM)
        elif path == "/signin":  # where an expired session lands
            self.send_page(
                200,
                '<!doctype html><html lang="ja"><h1>ログイン</h1><form method="post">'
                '<label>メールアドレス <input name="email"></label>'
                '<label>パスワード <input type="password" name="password"></label>'
                "<button>ログイン</button></form>",
            )
        elif path in ("/done", "/elsewhere"):
            self.send_page(200, f"<!doctype html><h1>{path[1:]}</h1>")
        else:
            self.send_page(404)

    def do_POST(self) -> None:  # noqa: N802 - the base's name
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        form = {key: values[0] for key, values in parse_qs(body).items()}
        with self.site.lock:
            self.site.forms.append(form)
        if not form.get("name"):  # sent back with its error, as a framework's form is
            error = '<div class="alert alert-danger" role="alert">氏名を入力してください。</div>'
            self.send_page(
                200, FORM.replace("<h1>アカウント設定</h1>", "<h1>アカウント設定</h1>" + error)
            )
            return
        # A success notice in an alert, as Bootstrap's flash messages are drawn, on a page
        # with what only looks like an error: a required mark and a red link in text-danger,
        # a React error boundary's id.
        self.send_page(
            200,
            '<!doctype html><html lang="ja"><body><div class="alert alert-success" role="alert">'
            "保存しました</div><h1>設定</h1>"
            '<div id="error-boundary"><p>ようこそ</p>'
            '<p>表示名 <span class="text-danger">*</span></p>'
            '<p><a class="text-danger" href="/elsewhere">アカウントを削除</a></p></div>'
            "</body></html>",
        )


class LabelsSite(ServedSite):
    handler = _Handler

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
