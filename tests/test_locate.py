"""Finding targets as a person would, on markup unlike the bundled mock site's, in a real
Chromium: landmarks, sections by heading or by a bare title, exact before loose, what counts
as visible."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tebiki.flowfile.model import Target
from tebiki.page.locate import find

LINKS = "<ul><li><a href='/{0}'>基本情報編集</a></li></ul>"


def href_of(page: Page, target: Target) -> str | None:
    found = find(page, target, 500)
    if found is None:
        return None
    value: str | None = found.locator.get_attribute("href")
    return value


@pytest.mark.parametrize(
    "markup",
    [
        # flat headings and lists side by side in one container
        "<div><h3>ワーカー情報</h3>{w}<h3>共通情報</h3>{c}<h3>クライアント情報</h3>{k}</div>",
        # sections with their own headings
        "<section><h2>ワーカー情報</h2>{w}</section><section><h2>共通情報</h2>{c}</section>"
        "<section><h2>クライアント情報</h2>{k}</section>",
        # no headings at all: a definition list
        "<dl><dt>ワーカー情報</dt><dd>{w}</dd><dt>共通情報</dt><dd>{c}</dd>"
        "<dt>クライアント情報</dt><dd>{k}</dd></dl>",
        # labelled regions without visible headings
        "<div role='region' aria-label='ワーカー情報'>{w}</div>"
        "<div role='region' aria-label='共通情報'>{c}</div>",
        # a sub-heading inside the section
        "<h2>ワーカー情報</h2>{w}<h2>共通情報</h2><h3>アカウント</h3>{c}<h2>クライアント情報</h2>{k}",
    ],
)
def test_the_section_decides_which_same_named_link(page: Page, markup: str) -> None:
    page.set_content(
        markup.format(w=LINKS.format("worker"), c=LINKS.format("common"), k=LINKS.format("client"))
    )
    target = Target(role="link", name="基本情報編集", within="共通情報")
    assert href_of(page, target) == "/common"


def test_a_heading_that_only_starts_with_the_name_is_another_section(page: Page) -> None:
    page.set_content(
        "<h1>共通情報・各種設定</h1><h2>ワーカー情報</h2>"
        + LINKS.format("worker")
        + "<h2>クライアント情報</h2>"
        + LINKS.format("client")
    )
    assert href_of(page, Target(role="link", name="基本情報編集", within="共通情報")) is None


def test_a_section_the_page_does_not_name_at_all_takes_the_only_match(page: Page) -> None:
    page.set_content("<h1>プロフィール</h1>" + LINKS.format("only"))
    assert href_of(page, Target(role="link", name="基本情報編集", within="共通情報")) == "/only"


def test_the_page_header_is_not_an_articles_header(page: Page) -> None:
    page.set_content(
        "<main><article><header><a href='/post'>ナミ</a></header></article></main>"
        "<div role='banner'><button>ナミ</button></div>"
    )
    found = find(page, Target(name="ナミ", within="header"), 500)
    assert found is not None and found.locator.evaluate("el => el.tagName") == "BUTTON"


def test_an_exact_name_beats_a_longer_visible_one(page: Page) -> None:
    page.set_content(
        "<a href='/help'>プロフィール編集のヘルプ</a>"
        "<div hidden><a href='/edit'>プロフィール編集</a></div>"
    )
    found = find(page, Target(role="link", name="プロフィール編集"), 300)
    assert found is not None and not found.visible and not found.loosely
    assert found.locator.get_attribute("href") == "/edit"


def test_a_longer_name_is_used_when_nothing_matches_exactly(page: Page) -> None:
    page.set_content("<header><button><img alt=''>ナミ さん</button></header>")
    found = find(page, Target(name="ナミ", within="header"), 300)
    assert found is not None and found.loosely and found.visible


@pytest.mark.parametrize(
    "style", ["position:absolute;left:-9999px", "opacity:0", "visibility:hidden", "display:none"]
)
def test_what_a_person_cannot_see_is_not_visible(page: Page, style: str) -> None:
    page.set_content(f"<a href='/x' style='{style}'>退会する</a>")
    found = find(page, Target(role="link", name="退会する"), 200)
    assert found is not None and not found.visible


def test_labels_match_exactly(page: Page) -> None:
    page.set_content(
        "<label>パスワード確認<input type=password name=b></label>"
        "<label>パスワード<input type=password name=a></label>"
    )
    found = find(page, Target(label="パスワード"), 300)
    assert found is not None and found.locator.get_attribute("name") == "a"


def test_a_name_without_a_role_may_be_plain_text(page: Page) -> None:
    page.set_content(
        "<p>ナミさん、こんにちは</p><div role='banner'><span class='who'>ナミ</span>"
        "<ul hidden><li><a href='/profile'>プロフィール編集</a></li></ul></div>"
    )
    found = find(page, Target(name="ナミ", within="header"), 300)
    assert found is not None and found.locator.get_attribute("class") == "who"
    assert find(page, Target(role="button", name="ナミ", within="header"), 300) is None


def test_plain_text_with_the_words_does_not_beat_a_link_that_holds_them(page: Page) -> None:
    # 「設定」 is a heading; the only link is 「アカウント設定」: a name with no role is that
    # link, matched loosely, not the heading's text.
    page.set_content("<h2>設定</h2><p><a href='/account'>アカウント設定</a></p>")
    assert href_of(page, Target(name="設定")) == "/account"


def test_what_is_shut_in_a_closed_dialog_is_not_visible(page: Page) -> None:
    # Under the page (z-index) with aria-hidden: its box is there, a person cannot see it.
    page.set_content(
        "<div role='dialog' aria-hidden='true' style='position:fixed;top:0;z-index:-1'>"
        "<button>削除する</button></div><main style='background:#fff;height:200px'></main>"
    )
    found = find(page, Target(role="button", name="削除する"), 200)
    assert found is not None and not found.visible
