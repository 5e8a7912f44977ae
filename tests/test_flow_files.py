"""Flow files: the bundled flows say what the article says; broken files get one exact line."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tebiki.errors import FlowFileError
from tebiki.flowfile.loader import bundled_flows, find_flow, load_flow
from tebiki.flowfile.model import ClickStep, FillStep

Tebiki = Callable[..., subprocess.CompletedProcess[str]]

HEADER = "title: t\nvariables:\n  display_name: 表示名\nsteps:\n"


def labels_of(name: str) -> list[tuple[str, tuple[str, ...], str | None]]:
    flow = load_flow(find_flow(name))
    return [
        (step.action, step.target.names, step.target.within)
        for step in flow.steps
        if step.target is not None
    ]


def test_the_article_flows_are_bundled() -> None:
    assert [path.stem for path in bundled_flows()] == [
        "check-escrow",
        "find-help",
        "preflight",
        "vet-client",
        "withdraw-email",
        "withdraw-social",
    ]


def test_withdraw_email_follows_the_article() -> None:
    assert labels_of("withdraw-email") == [
        ("click", ("マイページ",), "header"),
        ("click", ("メニュー",), "header"),  # a phone's folded header; optional
        ("click", ("{display_name}",), "header"),
        ("click", ("プロフィール編集",), "header"),
        ("click", ("基本情報編集",), "共通情報"),
        ("click", ("退会をご希望する方はこちら",), None),
        ("check", ("注意事項を確認しました",), None),
        ("click", ("退会する",), None),
        ("expect", ("退会が完了しました",), None),
    ]


def test_withdraw_social_sets_a_password_first() -> None:
    flow = load_flow(find_flow("withdraw-social"))
    names = [step.target.names for step in flow.steps if step.target is not None]
    assert names[4:8] == [
        ("メールアドレス・パスワード編集",),
        ("パスワード",),
        ("パスワード確認",),
        ("ログイン情報を更新する", "パスワードを更新する"),
    ]
    fills = [step for step in flow.steps if isinstance(step, FillStep)]
    assert [step.secret for step in fills] == ["password", "password"]
    assert all(step.value is None for step in fills)
    effects = [step.effect for step in flow.steps]
    assert effects.count("destructive") == 1
    destructive = next(s for s in flow.steps if s.effect == "destructive")
    assert isinstance(destructive, ClickStep) and destructive.click.names == ("退会する",)
    assert ("基本情報編集",) in names and flow.steps[11].target is not None
    assert flow.steps[11].target.within == "共通情報"
    # Both ways to the display name open a phone's folded header first, where there is one.
    menus = [
        number
        for number, step in enumerate(flow.steps)
        if step.target and step.target.names == ("メニュー",)
    ]
    assert menus == [1, 8] and all(flow.steps[number].optional for number in menus)


BROKEN = [
    (
        "wrong-type.yaml",
        HEADER + "  - click: {link: マイページ}\n    effect: navigate\n    optional: perhaps\n",
        "wrong-type.yaml:7: step 1: optional: true or false, not 'perhaps'",
    ),
    (
        "unknown-action.yaml",
        HEADER + "  - tap: 退会する\n",
        "unknown-action.yaml:5: step 1: tap is not an action; a step needs one of "
        "click, fill, check, select, expect, goto, read",
    ),
    (
        "missing-target.yaml",
        HEADER + "  - click: {within: header}\n    effect: navigate\n",
        "missing-target.yaml:5: step 1: click: a target needs exactly one of name, label or "
        "text (or a role key such as link: or button:)",
    ),
    (
        "missing-effect.yaml",
        HEADER + "  - click: 退会する\n",
        "missing-effect.yaml:5: step 1: effect: missing; a click step needs one of navigate, "
        "reveal, submit, destructive",
    ),
    (
        "bad-effect.yaml",
        HEADER + "  - click: 退会する\n    effect: explode\n",
        "bad-effect.yaml:6: step 1: effect: 'explode' is not one of navigate, reveal, submit, "
        "destructive",
    ),
    (
        "unknown-field.yaml",
        HEADER + "  - click: {link: 退会する, xpath: '//button'}\n    effect: destructive\n",
        "unknown-field.yaml:5: step 1: click.xpath: unknown field; a target has role, name, "
        "label, text, css, also, within, link, button, menuitem, tab, checkbox, radio, "
        "textbox, combobox, heading, option, table",
    ),
    (
        "bad-yaml.yaml",
        "title: t\nsteps:\n  - click: [unclosed\n",
        "bad-yaml.yaml:4: not valid YAML: expected ',' or ']', but got '<stream end>'",
    ),
    ("empty.yaml", "", "empty.yaml:1: empty flow file (a flow needs a title and steps)"),
    (
        "comments-only.yaml",
        "# nothing here\n",
        "comments-only.yaml:1: empty flow file (a flow needs a title and steps)",
    ),
    (
        "a-list.yaml",
        "- click: x\n",
        "a-list.yaml:1: a flow is a mapping with title and steps, not a list",
    ),
    (
        "no-steps.yaml",
        "title: t\nsteps: []\n",
        "no-steps.yaml:2: steps: a flow needs at least one step",
    ),
    (
        "unknown-variable.yaml",
        HEADER + "  - click: {link: マイページ}\n    effect: navigate\n"
        "  - click: {name: '{nickname}', within: header}\n    effect: reveal\n",
        "unknown-variable.yaml:7: step 2: click.name: unknown variable {nickname} "
        "(declared variables: display_name)",
    ),
    (
        "unknown-secret.yaml",
        HEADER + "  - fill: パスワード\n    secret: pin\n",
        "unknown-secret.yaml:6: step 1: secret: unknown secret 'pin' (declared secrets: none)",
    ),
    (
        "fill-without-value.yaml",
        HEADER + "  - fill: パスワード\n",
        "fill-without-value.yaml:5: step 1: a fill step needs exactly one of value or secret",
    ),
    (
        "read-without-name.yaml",
        HEADER + "  - read: {table: 契約中のお仕事}\n",
        "read-without-name.yaml:5: step 1: into: missing; a read step needs it (the name the "
        "value is read into)",
    ),
    (
        "read-unknown-field.yaml",
        HEADER + "  - read: {table: 契約中のお仕事}\n    into: contracts\n"
        "    columns: {状態: status}\n    advice:\n      - when: {state: [仮払い待ち]}\n"
        "        say: まだです\n",
        "read-unknown-field.yaml:5: step 1: advice names 'state', which is not read here "
        "(known: status)",
    ),
    (
        "read-columns-of-a-value.yaml",
        HEADER + "  - read: 総合評価\n    into: rating\n    columns: {評価: rating}\n",
        "read-columns-of-a-value.yaml:5: step 1: columns go with a table: read: {table: 名前}",
    ),
]


@pytest.mark.parametrize(("name", "text", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_files_name_file_line_and_problem(
    tmp_path: Path, name: str, text: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(FlowFileError) as raised:
        load_flow(Path(name))
    assert raised.value.message == message
    assert raised.value.exit_code == 2


def test_validate_command_exits_2_with_one_line_per_broken_file(
    tmp_path: Path, tebiki: Tebiki
) -> None:
    for name, text, _ in BROKEN[:4]:
        (tmp_path / name).write_text(text, encoding="utf-8")
    names = [name for name, _, _ in BROKEN[:4]]
    result = tebiki("validate", *names)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [f"error: {message}" for _, _, message in BROKEN[:4]]
    assert "Traceback" not in result.stderr + result.stdout


def test_validate_accepts_the_bundled_flows(tebiki: Tebiki) -> None:
    files = [str(path) for path in bundled_flows()]
    result = tebiki("validate", *files)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("ok  ") == len(files) == 6


def test_dry_run_of_a_broken_file_exits_2_before_any_browser(
    tmp_path: Path, tebiki: Tebiki
) -> None:
    (tmp_path / "broken.yaml").write_text(BROKEN[1][1], encoding="utf-8")
    result = tebiki("dry-run", "broken.yaml", env={"TEBIKI_BROWSER_PATH": "/nonexistent"})
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {BROKEN[1][2].replace('unknown-action', 'broken')}"


def test_unknown_flow_name_lists_the_bundled_ones(tebiki: Tebiki) -> None:
    result = tebiki("show", "withdraw-everything")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: withdraw-everything: no such flow "
        "(bundled flows: check-escrow, find-help, preflight, "
        "vet-client, withdraw-email, withdraw-social)"
    )


def test_flows_and_show_print_the_article_words(tebiki: Tebiki) -> None:
    listing = tebiki("flows")
    assert listing.returncode == 0
    assert "withdraw-email" in listing.stdout and "withdraw-social" in listing.stdout
    shown = tebiki("show", "withdraw-social")
    assert shown.returncode == 0
    assert " 5. 「メールアドレス・パスワード編集」をクリック" in shown.stdout
    assert "12. 共通情報の「基本情報編集」をクリック" in shown.stdout
    assert "[destructive]" in shown.stdout
