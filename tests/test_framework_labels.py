"""Labels as frameworks write them (tests/sites/labels): a flow names a field by its words, and
finds it whether the page adds a colon (「メールアドレス:」) or a required mark (「Eメール*」,
「氏名 必須」); a fieldset named like its field is not the field; a rich-text editor is a field
and is typed into; a table's caption is a section."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from tests.sites.labels import LabelsSite

Tebiki = Callable[..., subprocess.CompletedProcess[str]]

FLOW = """\
title: 設定を保存する
start: /
steps:
  - fill: メールアドレス
    value: a@example.com
  - fill: Eメール
    value: b@example.com
  - fill: 氏名
    value: 手引 太郎
  - fill: タイトル
    value: はじめて
  - fill: 本文
    value: こんにちは
  - click: {button: 保存する}
    effect: submit
  - expect: 保存しました
"""


def test_fields_are_found_by_their_words_whatever_marks_the_page_adds(
    tebiki: Tebiki, tmp_path: Path
) -> None:
    (tmp_path / "save.yaml").write_text(FLOW, encoding="utf-8")
    with LabelsSite() as site:
        dry = tebiki("dry-run", "save.yaml", "--base-url", site.base_url, "--timeout", "3000")
        assert dry.returncode == 0, dry.stdout + dry.stderr
        assert site.forms == []  # a dry run sent nothing
        done = tebiki("run", "save.yaml", "--base-url", site.base_url, "--timeout", "3000")
        assert done.returncode == 0, done.stdout + done.stderr
        assert site.forms == [
            {
                "email": "a@example.com",
                "email2": "b@example.com",
                "name": "手引 太郎",
                "title": "はじめて",
                "body": "こんにちは",
            }
        ]


def test_a_table_caption_is_a_section(tebiki: Tebiki, tmp_path: Path) -> None:
    (tmp_path / "edit.yaml").write_text(
        "title: 変更\nstart: /\nsteps:\n  - click: {link: 変更, within: 最近の操作}\n"
        "    effect: navigate\n  - expect: done\n",
        encoding="utf-8",
    )
    with LabelsSite() as site:
        done = tebiki("run", "edit.yaml", "--base-url", site.base_url, "--timeout", "3000")
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_label_ending_in_a_colon_is_explained_in_one_line(tebiki: Tebiki, tmp_path: Path) -> None:
    (tmp_path / "colon.yaml").write_text(
        "title: t\nstart: /\nsteps:\n  - fill: メールアドレス:\n    value: a\n", encoding="utf-8"
    )
    done = tebiki("validate", "colon.yaml")
    assert done.returncode == 2
    assert done.stderr.startswith("error: colon.yaml:4: not valid YAML: mapping values")
    assert 'fill: "メールアドレス:"' in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_success_notice_is_not_a_refusal_and_an_error_is(tebiki: Tebiki, tmp_path: Path) -> None:
    (tmp_path / "save.yaml").write_text(FLOW, encoding="utf-8")
    without_name = FLOW.replace("  - fill: 氏名\n    value: 手引 太郎\n", "")
    (tmp_path / "unnamed.yaml").write_text(without_name, encoding="utf-8")
    with LabelsSite() as site:
        saved = tebiki("run", "save.yaml", "--base-url", site.base_url, "--timeout", "3000")
        refused = tebiki("run", "unnamed.yaml", "--base-url", site.base_url, "--timeout", "3000")
    # 「保存しました」 in a role=alert box is the site agreeing.
    assert saved.returncode == 0, saved.stdout + saved.stderr
    assert refused.returncode == 1
    assert "the site refused it: 氏名を入力してください。" in refused.stderr


def test_landing_on_a_login_page_is_named_with_the_way_in(tebiki: Tebiki, tmp_path: Path) -> None:
    (tmp_path / "expired.yaml").write_text(
        "title: t\nstart: /signin\nsteps:\n  - click: {button: 設定}\n    effect: navigate\n",
        encoding="utf-8",
    )
    with LabelsSite() as site:
        done = tebiki("run", "expired.yaml", "--base-url", site.base_url, "--timeout", "1000")
    assert done.returncode == 1
    first = done.stderr.splitlines()[0]
    assert "button 「設定」 not found" in first
    assert "this is a login page (a password field is shown)" in first
    assert "--storage-state" in first
