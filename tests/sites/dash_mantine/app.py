"""The Dash + dash-mantine-components stand-in for CrowdWorks' withdrawal path, written as the
Dash and dmc docs write an app: MantineProvider, an AppShell whose header holds the display
name's Menu, pages registered with ``dash.register_page`` and callbacks. Every callback call
and every state change it makes is appended as one JSON object per line to the ``--log`` file.

Run from the repository root: ``python -m tests.sites.dash_mantine.app --port N --log FILE``.
"""

from __future__ import annotations

import argparse
import json
import threading
from pathlib import Path
from typing import Any

import dash
import dash_mantine_components as dmc  # type: ignore[import-untyped]
from dash import Dash, Input, Output, State, callback, ctx, html
from dash.exceptions import PreventUpdate

LOG_PATH: Path | None = None
_LOCK = threading.Lock()
ACCOUNT: dict[str, Any] = {"email": "nami@example.com", "name": "ナミ", "withdrawn": False}


def record(event: str, **fields: Any) -> None:
    """Append one event to the log file (if one was given)."""
    if LOG_PATH is None:
        return
    line = json.dumps({"event": event, **fields}, ensure_ascii=False)
    with _LOCK, LOG_PATH.open("a", encoding="utf-8") as log:
        log.write(line + "\n")


def record_call(name: str) -> None:
    """Every callback call, so a test can tell a page drawing itself from a person's action."""
    record("callback", callback=name, trigger=ctx.triggered_id)


app = Dash(__name__, use_pages=True, pages_folder="", suppress_callback_exceptions=True)
app.title = "クラウドワークス"


def card(title: str, *children: Any) -> dmc.Card:
    """A card titled with styled text (not a heading), as the real site titles its sections."""
    style = {"withBorder": True, "shadow": "sm", "radius": "md", "padding": "lg", "mb": "md"}
    return dmc.Card([dmc.Text(title, fw=700, size="lg", mb="sm"), *children], **style)


NOTES = [
    "契約中・承認待ちのお仕事がある場合は退会できません。",
    "未出金の報酬がある場合は退会できません。",
    "退会すると、これまでの実績や評価はすべて消えます。",
]

home = [
    card("お知らせ", dmc.Text("新着のお知らせはありません。", size="sm")),
    card(
        "契約中のお仕事",
        dmc.Text("現在契約中のお仕事はありません。", size="sm"),
        dmc.Anchor("お仕事を探す", href="/jobs", size="sm"),
    ),
    card("報酬", dmc.Text("未出金の報酬: 0円", size="sm")),
]

profile = [
    card(
        "共通情報",
        dmc.Anchor("基本情報編集", href="/profile/basic"),
        dmc.Anchor("メールアドレス・パスワード編集", href="/profile/login"),
    ),
    card(
        "ワーカー情報",
        dmc.Anchor("スキル・資格編集", href="/profile/skills"),
        dmc.Anchor("ポートフォリオ編集", href="/profile/portfolio"),
    ),
]

basic = [
    card(
        "基本情報",
        dmc.TextInput(
            id="email", label="メールアドレス", required=True, value=ACCOUNT["email"], mb="sm"
        ),
        dmc.TextInput(id="display-name", label="表示名", value=ACCOUNT["name"], mb="md"),
        dmc.Group(dmc.Button("保存する", id="save")),
        html.Div(id="save-result", style={"marginTop": 12}),
    ),
    dmc.Anchor("退会をご希望する方はこちら", href="/withdraw", size="sm"),  # bottom left
]

withdraw = [
    card(
        "退会の前にご確認ください",
        dmc.List([dmc.ListItem(note) for note in NOTES], size="sm", mb="md"),
        dmc.Checkbox(id="agree", label="注意事項を確認しました", mb="md"),
        dmc.Group(dmc.Button("退会する", id="withdraw", color="red", disabled=True)),
    ),
    html.Div(id="withdraw-result"),
    dmc.Modal(
        id="withdraw-modal",
        title="本当に退会しますか?",
        opened=False,
        children=[
            dmc.Text("退会すると元に戻せません。", size="sm", mb="md"),
            dmc.Group(
                [
                    dmc.Button("キャンセル", id="withdraw-cancel", variant="default"),
                    dmc.Button("退会する", id="withdraw-confirm", color="red"),
                ],
                justify="flex-end",
            ),
        ],
    ),
]


def page(module: str, path: str, title: str, body: list[Any]) -> None:
    """Register a page whose layout is its title (styled text) above its body."""
    register: Any = dash.register_page  # untyped in Dash
    layout = [dmc.Text(title, fw=700, size="xl", mb="md"), *body]
    register(module, path=path, title=title, name=title, layout=layout)


page("home", "/", "マイページ", home)
page("profile", "/profile", "プロフィール編集", profile)
page("basic", "/profile/basic", "基本情報編集", basic)
page("withdraw", "/withdraw", "退会", withdraw)
for path, title in [
    ("/jobs", "お仕事管理"),
    ("/rewards", "報酬"),
    ("/logout", "ログアウトしました"),
    ("/profile/login", "メールアドレス・パスワード編集"),
    ("/profile/skills", "スキル・資格編集"),
    ("/profile/portfolio", "ポートフォリオ編集"),
]:
    page(path.strip("/").replace("/", "-"), path, title, [card(title, dmc.Text("準備中です。"))])

site_name = dmc.Text("クラウドワークス", fw=800, c="blue")
menu = dmc.Menu(
    [
        dmc.MenuTarget(dmc.Button("ナミ", variant="subtle")),  # the display name
        dmc.MenuDropdown(
            [
                dmc.MenuItem("プロフィール編集", href="/profile"),
                dmc.MenuItem("お仕事管理", href="/jobs"),
                dmc.MenuItem("報酬", href="/rewards"),
                dmc.MenuDivider(),
                dmc.MenuItem("ログアウト", href="/logout", color="red"),
            ]
        ),
    ],
    position="bottom-end",
    width=200,
)
header = dmc.Group(
    [dmc.Group([site_name, dmc.Anchor("マイページ", href="/")], gap="lg"), menu],
    justify="space-between",
    h="100%",
    px="md",
)

app.layout = dmc.MantineProvider(
    dmc.AppShell(
        [dmc.AppShellHeader(header), dmc.AppShellMain(dash.page_container)],
        header={"height": 60},
        padding="md",
    )
)


@callback(
    Output("save-result", "children"),
    Input("save", "n_clicks"),
    State("email", "value"),
    State("display-name", "value"),
)
def save(n_clicks: int | None, email: str | None, name: str | None) -> Any:
    record_call("save")
    if not n_clicks:
        raise PreventUpdate
    if not email:
        return dmc.Text("メールアドレスを入力してください", c="red", size="sm")
    ACCOUNT.update(email=email, name=name or "")
    record("saved", email=email, name=name)
    return dmc.Alert("保存しました", color="green")


@callback(Output("withdraw", "disabled"), Input("agree", "checked"))
def agree(checked: bool | None) -> bool:
    record_call("agree")
    if ctx.triggered_id is not None:
        record("notes_confirmed", checked=bool(checked))
    return not checked


@callback(
    Output("withdraw-modal", "opened"),
    Output("withdraw-result", "children"),
    Input("withdraw", "n_clicks"),
    Input("withdraw-cancel", "n_clicks"),
    Input("withdraw-confirm", "n_clicks"),
    prevent_initial_call=True,
)
def withdraw_flow(*_clicks: int | None) -> tuple[bool, Any]:
    record_call("withdraw_flow")
    if ctx.triggered_id == "withdraw":
        record("withdraw_asked")
        return True, dash.no_update
    if ctx.triggered_id == "withdraw-cancel":
        record("withdraw_cancelled")
        return False, dash.no_update
    ACCOUNT["withdrawn"] = True
    record("withdrawn", email=ACCOUNT["email"])
    return False, dmc.Alert("退会が完了しました", color="gray")


def main() -> None:
    global LOG_PATH
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", type=Path, required=True)
    args = parser.parse_args()
    LOG_PATH = args.log
    app.run(host="127.0.0.1", port=args.port, debug=False)


if __name__ == "__main__":
    main()
