"""Flow-file validation a person can act on, through the real command: every problem of a file,
each on a line of its own at its line of the YAML, steps counted from 1, misspellings answered
with "did you mean", pydantic's words replaced by plain ones; a step without a caption is told
the caption its tutorial will show. No browser."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import get_args

import pytest

from tebiki.errors import ExitStatus
from tebiki.flowfile.loader import parse_flow
from tebiki.flowfile.model import ACTIONS, Effect, effects_of
from tebiki.playing.options import PlayOptions
from tests.in_process import invoke

README = Path(__file__).resolve().parent.parent / "README.md"
REFERENCE = README.parent / "docs" / "reference.md"
ACTION_LIST = "click, fill, check, select, expect, goto, read"


def validate(folder: Path, *names: str) -> subprocess.CompletedProcess[str]:
    """`tebiki validate` as a person runs it in ``folder``, with no TEBIKI_ settings."""
    return invoke(["validate", *names], cwd=folder)


def refused(tmp_path: Path, text: str, name: str = "f.yaml") -> list[str]:
    """The error lines of validating ``text``, checked to be a bad-input refusal."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = validate(tmp_path, name)
    assert result.returncode == ExitStatus.BAD_INPUT, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""
    return result.stderr.splitlines()


MANY = """\
title: t
account: emial
variables:
  display_name: 表示名
steps:
  - click: {link: Edit, within: Newsletter}
    captoin: ニュースレターを編集
    effect: navigat
  - clik: マイページ
  - click: {button: 保存, namee: 保存する}
    effect: submit
  - fill: パスワード
    value: x
    effect: submit
  - click: 退会する
    effect: input
  - click: 次へ
  - expect: '{display_nam}'
  - fill: 暗証番号
    secret: pin
  - tap: 退会する
  - click: {lnk: マイページ}
    effect: navigate
  - click: 退会する
    fill: メモ
  - click: 退会する
    effect: destructive
    optional: perhaps
  - select: 国
  - read: 評価
    into: 1st
"""


def test_every_problem_is_listed_at_its_line_with_steps_counted_from_1(tmp_path: Path) -> None:
    assert refused(tmp_path, MANY) == [
        "error: f.yaml:2: account: 'emial' is not one of email, social; did you mean email?",
        "error: f.yaml:7: step 1: captoin: unknown field; did you mean caption?",
        "error: f.yaml:8: step 1: effect: 'navigat' is not one of navigate, reveal, submit, "
        "destructive; did you mean navigate?",
        f"error: f.yaml:9: step 2: clik is not an action; did you mean click? (a step needs "
        f"one of {ACTION_LIST})",
        "error: f.yaml:10: step 3: click.namee: unknown field; did you mean name?",
        "error: f.yaml:14: step 4: effect: a fill step's effect is input, and it may be left "
        "out; not 'submit' (submit is the effect of a click step)",
        "error: f.yaml:16: step 5: effect: 'input' is not one of navigate, reveal, submit, "
        "destructive (input is the effect of a fill, check or select step)",
        "error: f.yaml:17: step 6: effect: missing; a click step needs one of navigate, "
        "reveal, submit, destructive",
        "error: f.yaml:18: step 7: expect: unknown variable {display_nam}; did you mean "
        "{display_name}? (declared variables: display_name)",
        "error: f.yaml:20: step 8: secret: unknown secret 'pin' (declared secrets: none)",
        f"error: f.yaml:21: step 9: tap is not an action; a step needs one of {ACTION_LIST}",
        "error: f.yaml:22: step 10: click.lnk: unknown field; did you mean link?",
        "error: f.yaml:24: step 11: a step has one action; this one has click and fill: make "
        "each its own step",
        "error: f.yaml:28: step 12: optional: true or false, not 'perhaps'",
        "error: f.yaml:29: step 13: option: missing; a select step needs it (the option it "
        "chooses, as the page shows it)",
        "error: f.yaml:31: step 14: into: '1st' is not a name: letters, digits and _, not "
        "starting with a digit",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title: t\nsteps: []\n", "f.yaml:2: steps: a flow needs at least one step"),
        (
            "steps:\n  - goto: /\n",
            "f.yaml:1: title: missing; a flow needs it (what the flow does, its tutorial's title)",
        ),
        (
            "title: t\nsteps: {goto: /}\n",
            "f.yaml:2: steps: a list ([a, b], or one - item a line), not a mapping",
        ),
        (
            "title: t\nstesp:\n  - goto: /\nsteps:\n  - goto: /\n",
            "f.yaml:2: stesp: unknown field; did you mean steps?",
        ),
        (
            "title: [t]\nsteps:\n  - goto: /\n",
            "f.yaml:1: title: a text, not a list",
        ),
        (
            "title: t\nsteps:\n  - click: [マイページ]\n    effect: navigate\n",
            "f.yaml:3: step 1: click: a target is a text or a mapping such as {link: 名前}, "
            "{label: 名前} or {text: 文言}, not a list",
        ),
        (
            "title: t\nsteps:\n  - goto: /\n  - 3\n",
            f"f.yaml:4: step 2: a step is a mapping with one action ({ACTION_LIST}), not the "
            "number 3",
        ),
        (
            "title: t\nsteps:\n  - expect: ''\n",
            "f.yaml:3: step 1: expect.text: empty; write the text as the page shows it",
        ),
        (
            "title: t\nsteps:\n  - goto: /\n    dialog: acept\n",
            "f.yaml:4: step 1: dialog: 'acept' is not one of accept, dismiss; did you mean accept?",
        ),
        (
            "title: t\nsteps:\n  - goto: /\ncheck: []\n",
            "f.yaml:4: check: empty; give at least one case, or leave check: out",
        ),
    ],
)
def test_a_common_mistake_is_said_in_plain_words(tmp_path: Path, text: str, message: str) -> None:
    assert refused(tmp_path, text) == [f"error: {message}"]


def test_no_message_speaks_pydantic(tmp_path: Path) -> None:
    lines = refused(tmp_path, MANY)
    for words in ("Input should", "Field required", "Extra inputs", "List should", "steps.0"):
        assert not any(words in line for line in lines), words


def test_each_broken_file_is_told_and_a_good_one_still_passes(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("title: t\nsteps: []\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("title: t\nsteps:\n  - tap: x\n", encoding="utf-8")
    (tmp_path / "ok.yaml").write_text(
        "title: t\nsteps:\n  - goto: /\n    caption: 開く\n  - expect: 完了\n    caption: 完了\n",
        encoding="utf-8",
    )
    result = validate(tmp_path, "a.yaml", "ok.yaml", "b.yaml")
    assert result.returncode == ExitStatus.BAD_INPUT
    assert result.stdout == "ok  ok.yaml  (2 steps)\n"
    assert result.stderr.splitlines() == [
        "error: a.yaml:2: steps: a flow needs at least one step",
        f"error: b.yaml:3: step 1: tap is not an action; a step needs one of {ACTION_LIST}",
    ]


IMPLIED = """\
title: t
steps:
  - fill: メモ
    value: x
    effect: input
  - check: 同意する
    effect: input
  - select: 国
    option: 日本
    effect: input
  - expect: 完了
    effect: observe
  - read: 評価
    into: rating
    effect: observe
  - goto: /x
    effect: navigate
"""


def test_a_step_may_say_its_implied_effect() -> None:
    flow = parse_flow(IMPLIED, "f.yaml")
    assert [step.effect for step in flow.steps] == [
        "input",
        "input",
        "input",
        "observe",
        "observe",
        "navigate",
    ]


def _readme_effects() -> list[str]:
    """The effect column of the reference's table under "What each effect does in each
    mode" (docs/reference.md, which the README points to)."""
    lines = REFERENCE.read_text(encoding="utf-8").splitlines()
    header = next(index for index, line in enumerate(lines) if line.startswith("| effect |"))
    effects = []
    for line in lines[header + 2 :]:  # past the |---| line
        if not line.startswith("|"):
            break
        effects.append(line.split("|")[1].strip())
    return effects


def test_the_readme_effect_table_and_the_model_agree() -> None:
    listed = _readme_effects()
    accepted = {effect for action in ACTIONS for effect in effects_of(action)}
    assert listed, "the reference has no effect table"
    for effect in listed:  # each effect the table lists, a step of some action may say
        assert effect in accepted, effect
    assert accepted <= set(listed)  # and the table lists every effect a step may say
    assert set(listed) == set(get_args(Effect))


NO_CAPTIONS = """\
title: t
{lang}steps:
  - click: {{link: マイページ, within: header}}
    effect: navigate
    caption: マイページを開く
  - click: {{link: Edit, within: Newsletter}}
    effect: navigate
  - fill: パスワード
    value: x
  - check: 同意する
  - expect: 完了しました
"""


def test_a_step_without_a_caption_is_noted_with_the_caption_it_gets(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(NO_CAPTIONS.format(lang=""), encoding="utf-8")
    result = validate(tmp_path, "x.yaml")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == ["ok  x.yaml  (5 steps)"] + [
        f"note: x.yaml:{line}: step {number} has no caption; its tutorial will say {caption} "
        "(from what the page shows)"
        for line, number, caption in [
            (6, 2, "Newsletterの「Edit」をクリック"),
            (8, 3, "「パスワード」を入力"),
            (10, 4, "「同意する」にチェックを入れる"),
            (11, 5, "「完了しました」と表示される"),
        ]
    ]


def test_an_english_flow_gets_english_captions(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(NO_CAPTIONS.format(lang="lang: en\n"), encoding="utf-8")
    result = validate(tmp_path, "x.yaml")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[1:3] == [
        "note: x.yaml:7: step 2 has no caption; its tutorial will say Click 「Edit」 under "
        "Newsletter (from what the page shows)",
        "note: x.yaml:9: step 3 has no caption; its tutorial will say Fill in 「パスワード」 "
        "(from what the page shows)",
    ]


def test_the_tutorial_caption_is_the_made_one() -> None:
    flow = parse_flow(NO_CAPTIONS.format(lang=""), "x.yaml")
    assert [step.caption_in("ja") for step in flow.steps] == [
        "マイページを開く",
        "Newsletterの「Edit」をクリック",
        "「パスワード」を入力",
        "「同意する」にチェックを入れる",
        "「完了しました」と表示される",
    ]
    assert flow.steps[1].caption_in("en") == "Click 「Edit」 under Newsletter"
    assert flow.steps[0].caption_in("en") == "マイページを開く"  # the written one, untranslated


def test_a_tutorial_shows_the_made_caption_with_its_variables_filled_in() -> None:
    """PlayOptions.caption is where every walk (tutorial shots too) takes its captions."""
    flow = parse_flow(
        "title: t\nvariables:\n  display_name: 表示名\nsteps:\n"
        "  - click: {name: '{display_name}', within: header}\n    effect: reveal\n",
        "x.yaml",
    )
    variables = {"display_name": "ナミ"}
    for lang, caption in (("ja", "「ナミ」を開く"), ("en", "Open 「ナミ」")):
        options = PlayOptions(
            mode="dry-run", base_url="http://x", variables=variables, caption_lang=lang
        )
        assert options.caption(flow.steps[0]) == caption
