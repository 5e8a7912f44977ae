"""The NiceGUI app itself: マイページ, プロフィール編集, 基本情報編集 and 退会, as the article on
leaving クラウドワークス walks them. Every server-side handler appends one JSON line to the log.

Run from the repository root: ``python -m tests.sites.nicegui_site.app --port N --log FILE``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
from typing import Any

from nicegui import ui

SITE_NAME = "クラウドワークス"
DISPLAY_NAME = "ナミ"
LOG_PATH: Path | None = None  # set from the command line


def record(event: str, **fields: Any) -> None:
    """Append one event to the site's log (one JSON object a line)."""
    if LOG_PATH is None:
        return
    with LOG_PATH.open("a", encoding="utf-8") as log:
        log.write(json.dumps({"event": event, **fields}, ensure_ascii=False) + "\n")


def menu_item(name: str, target: str) -> None:
    """An entry of the account menu: record the click, then go to the entry's page."""

    def click() -> None:
        record("menu_item", name=name)
        ui.navigate.to(target)

    ui.menu_item(name, on_click=click)


def header() -> None:
    """The header every page shares: the site name, マイページ and the account menu."""
    with ui.header().classes("items-center gap-6 bg-sky-700"):
        ui.label(SITE_NAME).classes("text-xl font-bold")
        ui.link("マイページ", "/").classes("text-white")
        ui.space()
        button = ui.button(DISPLAY_NAME, icon="account_circle").props("flat color=white no-caps")
        with button, ui.menu() as menu:
            menu_item("プロフィール編集", "/profile")
            menu_item("お仕事管理", "/jobs")
            menu_item("報酬", "/payments")
            ui.separator()
            menu_item("ログアウト", "/logout")
        menu.on_value_change(lambda e: record("menu", open=e.value))


def card_title(text: str) -> None:
    """A card's title as the site draws it: a styled label, not a heading."""
    ui.label(text).classes("text-lg font-bold text-sky-800")


@ui.page("/", title=f"マイページ | {SITE_NAME}")
def my_page() -> None:
    header()
    ui.label("マイページ").classes("text-2xl font-bold")
    with ui.row().classes("gap-4"):
        with ui.card().classes("w-80"):
            card_title("お仕事の状況")
            ui.label("契約中のお仕事はありません。")
            ui.link("お仕事を探す", "/jobs")
        with ui.card().classes("w-80"):
            card_title("報酬")
            ui.label("未出金の報酬: 0円")
            ui.link("報酬の詳細", "/payments")


@ui.page("/profile", title=f"プロフィール編集 | {SITE_NAME}")
async def profile_page() -> None:
    header()
    ui.label("プロフィール編集").classes("text-2xl font-bold")
    with ui.row().classes("items-center gap-2") as loading:
        ui.spinner(size="lg")
        ui.label("読み込み中…")
    content = ui.row().classes("gap-4")
    # As real apps do, the sections arrive late: after the page connected, over the websocket.
    await ui.context.client.connected()
    await asyncio.sleep(0.8)
    loading.delete()
    with content:
        with ui.card().classes("w-80"):
            card_title("共通情報")
            ui.link("基本情報編集", "/profile/basic")
            ui.link("メールアドレス・パスワード編集", "/profile/login")
        with ui.card().classes("w-80"):
            card_title("ワーカー情報")
            ui.link("スキル・資格", "/profile/skills")
            ui.link("ポートフォリオ", "/profile/portfolio")


@ui.page("/profile/basic", title=f"基本情報編集 | {SITE_NAME}")
def basic_page() -> None:
    header()
    ui.label("基本情報編集").classes("text-2xl font-bold")
    with ui.card().classes("w-96"):
        email = ui.input("メールアドレス", value="nami@example.com").classes("w-full")
        name = ui.input("表示名", value=DISPLAY_NAME).classes("w-full")

        def save() -> None:
            record("saved", email=email.value, display_name=name.value)
            ui.notify("保存しました")

        ui.button("保存する", on_click=save)
    ui.link("退会をご希望する方はこちら", "/withdraw").classes("text-sm mt-8")


@ui.page("/withdraw", title=f"退会 | {SITE_NAME}")
def withdraw_page() -> None:
    header()
    ui.label("退会").classes("text-2xl font-bold")
    with ui.column() as content:
        ui.label("退会すると、これまでの実績や評価はすべて削除されます。")
        ui.label("契約中のお仕事や未出金の報酬がある場合は退会できません。")
        agreed = ui.checkbox(
            "注意事項を確認しました",
            on_change=lambda e: record("checkbox", name="注意事項を確認しました", value=e.value),
        )

        def withdraw() -> None:
            if not agreed.value:
                ui.notify("注意事項を確認してください", type="warning")
                return
            record("withdrawn")
            content.clear()
            with content:
                ui.label("退会が完了しました").classes("text-xl font-bold")
                ui.label("ご利用ありがとうございました。")

        ui.button("退会する", on_click=withdraw).props("color=negative")


SIMPLE_PAGES = {
    "/jobs": ("お仕事管理", "契約中のお仕事はありません。"),
    "/payments": ("報酬", "未出金の報酬はありません。"),
    "/logout": ("ログアウト", "ログアウトしました。"),
    "/profile/login": ("メールアドレス・パスワード編集", "ログイン情報を編集します。"),
    "/profile/skills": ("スキル・資格", "登録されたスキルはありません。"),
    "/profile/portfolio": ("ポートフォリオ", "登録された作品はありません。"),
}


def simple_page(path: str, title: str, text: str) -> None:
    """A page that only says what it is (the routes the walk passes by)."""

    @ui.page(path, title=f"{title} | {SITE_NAME}")
    def page() -> None:
        header()
        ui.label(title).classes("text-2xl font-bold")
        ui.label(text)


for _path, (_title, _text) in SIMPLE_PAGES.items():
    simple_page(_path, _title, _text)


if __name__ in {"__main__", "__mp_main__"}:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", type=Path, required=True)
    args = parser.parse_args()
    LOG_PATH = args.log
    ui.run(
        host="127.0.0.1",
        port=args.port,
        title=SITE_NAME,
        language="ja",
        reload=False,
        show=False,
        show_welcome_message=False,
        uvicorn_logging_level="warning",
    )
