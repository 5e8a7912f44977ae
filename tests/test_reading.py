"""Read steps in a real Chromium, on markup unlike the bundled mock site's: tables by caption, by
the heading above them or as ARIA grids; values beside a <dt>, a row header, a label, a colon."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from tebiki.flowfile.model import ReadStep
from tebiki.page import reading

ROWS = (
    "<tr><td>記事作成</td><td>仮払い済み</td></tr><tr><td>商品紹介文</td><td>仮払い待ち</td></tr>"
)
HEAD = "<tr><th>仕事</th><th>状態</th></tr>"


def read(page: Page, **step: Any) -> reading.Reading:
    parsed = ReadStep.model_validate({"into": "found", **step})
    found = reading.locate(page, parsed.read, 500)
    assert found is not None, f"{parsed.read.describe()} not found"
    return reading.extract(found, parsed, "ja")


@pytest.mark.parametrize(
    "markup",
    [
        # named by its caption, after another table with the same columns
        f"<table><caption>完了</caption>{HEAD}<tr><td>x</td><td>完了</td></tr></table>"
        f"<table><caption>契約中のお仕事</caption><thead>{HEAD}</thead><tbody>{ROWS}</tbody></table>",
        # no caption: the table under a heading of that name
        f"<h2>完了</h2><table>{HEAD}<tr><td>x</td><td>完了</td></tr></table>"
        f"<h2>契約中のお仕事</h2><div><table>{HEAD}{ROWS}</table></div>",
        # named by aria-label, header row in <thead> with <td> cells
        f"<table aria-label='契約中のお仕事'><thead><tr><td>仕事</td><td>状態</td></tr></thead>"
        f"{ROWS}</table>",
        # an ARIA grid of divs
        "<div role='grid' aria-label='契約中のお仕事'>"
        "<div role='row'><div role='columnheader'>仕事</div>"
        "<div role='columnheader'>状態</div></div>"
        "<div role='row'><div role='gridcell'>記事作成</div>"
        "<div role='gridcell'>仮払い済み</div></div>"
        "<div role='row'><div role='gridcell'>商品紹介文</div>"
        "<div role='gridcell'>仮払い待ち</div></div></div>",
    ],
)
def test_a_table_read_as_a_person_finds_it(page: Page, markup: str) -> None:
    page.set_content(markup)
    found = read(page, read={"table": "契約中のお仕事"}, columns={"仕事": "job", "状態": "status"})
    assert found.rows == [
        {"job": "記事作成", "status": "仮払い済み"},
        {"job": "商品紹介文", "status": "仮払い待ち"},
    ]
    assert found.problems == []


def test_an_empty_table_is_no_rows_and_a_note_row_is_skipped(page: Page) -> None:
    page.set_content(
        f"<table><caption>契約中のお仕事</caption>{HEAD}"
        "<tr><td colspan=2>契約中のお仕事はありません</td></tr></table>"
    )
    found = read(page, read={"table": "契約中のお仕事"}, columns={"仕事": "job"})
    assert found.rows == [] and found.problems == []


def test_a_footer_is_no_row_and_the_last_heading_row_names_the_columns(page: Page) -> None:
    page.set_content(
        "<table><caption>未出金の報酬</caption><thead>"
        "<tr><th colspan=2>内訳</th></tr><tr><th>仕事</th><th>金額</th></tr></thead>"
        "<tbody><tr><td>記事</td><td>3,200円</td></tr></tbody>"
        "<tfoot><tr><th>合計</th><td>3,200円</td></tr></tfoot></table>"
    )
    found = read(page, read={"table": "未出金の報酬"}, columns={"仕事": "job", "金額": "amount"})
    assert found.rows == [{"job": "記事", "amount": "3,200円"}]


def test_a_short_row_is_kept_and_said(page: Page) -> None:
    page.set_content(
        "<table><caption>報酬</caption><tr><th>仕事</th><th>金額</th><th>確定日</th>"
        "</tr><tr><td>記事</td><td>1,000円</td></tr></table>"
    )
    found = read(page, read={"table": "報酬"})
    assert found.rows == [{"仕事": "記事", "金額": "1,000円", "確定日": ""}]
    assert found.problems == ["row 1 has 2 cells for 3 columns; the missing ones are left empty"]


def test_a_missing_column_is_said_by_name(page: Page) -> None:
    page.set_content(f"<table><caption>契約中のお仕事</caption>{HEAD}{ROWS}</table>")
    found = read(page, read={"table": "契約中のお仕事"}, columns={"契約金額": "amount"})
    assert found.problems == ["no column 「契約金額」 (the table has: 仕事、状態)"]


@pytest.mark.parametrize(
    "markup",
    [
        "<dl><dt>評価数</dt><dd>52件</dd><dt>総合評価</dt><dd> 4.6 </dd></dl>",
        "<table><tr><th>総合評価</th><td>4.6</td></tr></table>",
        "<p>総合評価:4.6</p>",
        "<div><span>総合評価</span> <strong>4.6</strong></div>",
        "<label for=r>総合評価</label><input id=r value='4.6' readonly>",
    ],
)
def test_a_value_beside_its_label(page: Page, markup: str) -> None:
    page.set_content(markup)
    assert read(page, read="総合評価").value == "4.6"


def test_a_value_scoped_to_its_section(page: Page) -> None:
    page.set_content(
        "<section><h2>自分</h2><dl><dt>総合評価</dt><dd>4.9</dd></dl></section>"
        "<section><h2>評価</h2><dl><dt>総合評価</dt><dd>3.2</dd></dl></section>"
    )
    assert read(page, read={"label": "総合評価", "within": "評価"}).value == "3.2"


def test_advice_is_given_for_the_rows_it_fits(page: Page) -> None:
    page.set_content(f"<table><caption>契約中のお仕事</caption>{HEAD}{ROWS}</table>")
    found = read(
        page,
        read={"table": "契約中のお仕事"},
        columns={"仕事": "job", "状態": "status"},
        advice=[{"unless": {"status": ["仮払い済み"]}, "say": "{job}は{status}です"}],
    )
    assert found.advice == ["商品紹介文は仮払い待ちです"]


def test_below_advice_skips_what_is_not_a_number(page: Page) -> None:
    page.set_content(
        "<table><caption>評価</caption><tr><th>名前</th><th>評価</th></tr>"
        "<tr><td>A</td><td>2.1</td></tr><tr><td>B</td><td>評価なし</td></tr>"
        "<tr><td>C</td><td>4.7</td></tr></table>"
    )
    found = read(
        page,
        read={"table": "評価"},
        columns={"名前": "name", "評価": "rating"},
        advice=[{"below": {"rating": 3}, "say": "{name}: {rating}"}],
    )
    assert found.advice == ["A: 2.1"]


def test_a_read_step_names_only_fields_it_reads() -> None:
    with pytest.raises(ValueError, match="advice names 'rating', which is not read here"):
        ReadStep.model_validate(
            {
                "read": {"table": "評価"},
                "into": "x",
                "columns": {"名前": "name"},
                "advice": [{"below": {"rating": 3}, "say": "!"}],
            }
        )
