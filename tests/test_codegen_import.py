"""`tebiki record --from-codegen`: what `playwright codegen --target python` writes becomes a flow
file that validates, reads like the hand-written ones, never holds a typed password, and replays
in dry-run on the mock site."""

from __future__ import annotations

import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from tebiki.errors import BadInputError, FlowFileError
from tebiki.flowfile.loader import parse_flow
from tebiki.flowfile.model import (
    CheckStep,
    ClickStep,
    ExpectStep,
    FillStep,
    Flow,
    GotoStep,
    Target,
)
from tebiki.playing.outcome import Outcome
from tebiki.playing.player import Player, PlayOptions
from tebiki.record.codegen import ImportedFlow, codegen_to_yaml, import_codegen, open_questions
from tebiki.record.recording import RecordedTarget
from tebiki_mock import MockSession, MockSite
from tests.in_process import invoke

ROOT = Path(__file__).resolve().parent.parent
CODEGEN = ROOT / "fixtures" / "codegen"
PASSWORD = "Kaze-no-Tebiki-2024"  # what withdraw_social.py typed

OpenContext = Callable[[MockSession], BrowserContext]
Tebiki = Callable[..., subprocess.CompletedProcess[str]]


def script(body: str, url: str = "http://127.0.0.1:8800/dashboard") -> str:
    """Actions wrapped in the boilerplate codegen writes around them."""
    lines = textwrap.indent(textwrap.dedent(body).strip(), "    ")
    return f'''import re
from playwright.sync_api import Playwright, sync_playwright, expect


def run(playwright: Playwright) -> None:
    browser = playwright.chromium.launch(headless=False)
    context = browser.new_context()
    page = context.new_page()
    page.goto("{url}")
{lines}

    # ---------------------
    context.close()
    browser.close()


with sync_playwright() as playwright:
    run(playwright)
'''


def imported(body: str, url: str = "http://127.0.0.1:8800/dashboard") -> ImportedFlow:
    return import_codegen(script(body, url), "script.py")


def flow_of(name: str, account: str = "email") -> tuple[str, Flow]:
    path = CODEGEN / f"{name}.py"
    text = codegen_to_yaml(path.read_text(encoding="utf-8"), path.name, account=account)
    return text, parse_flow(text, f"{name}.yaml")


def step_lines(text: str, wanted: str) -> list[str]:
    """The comment lines right above the step line that contains wanted."""
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("  - ") and wanted in line)
    above: list[str] = []
    while lines[index - 1].startswith("  # "):
        index -= 1
        above.insert(0, lines[index].removeprefix("  # "))
    return above


# -- the article's two paths, as codegen wrote them -----------------------------------------------


def test_withdraw_email_becomes_the_article_path() -> None:
    text, flow = flow_of("withdraw_email")
    assert flow.start == "/dashboard" and flow.account == "email"
    header = Target(role="button", name="ナミ", within="header")
    assert [step.target for step in flow.steps] == [
        header,
        Target(role="link", name="プロフィール編集"),
        Target(role="link", name="基本情報編集", within="共通情報"),
        Target(role="link", name="退会をご希望する方はこちら"),
        Target(label="注意事項を確認しました"),
        Target(role="button", name="退会する"),
        Target(text="退会が完了しました"),
    ]
    assert [step.effect for step in flow.steps] == [
        "reveal",
        "navigate",
        "navigate",
        "navigate",
        "input",
        "destructive",
        "observe",
    ]
    assert isinstance(flow.steps[4], CheckStep) and isinstance(flow.steps[6], ExpectStep)
    assert flow.steps[2].caption == "共通情報の「基本情報編集」をクリック"
    assert "  - expect: 退会が完了しました" in text.splitlines()
    assert "irreversible: check before running" in step_lines(text, "退会する}")
    assert import_codegen((CODEGEN / "withdraw_email.py").read_text(), "x.py").notes == []


def test_withdraw_social_refers_to_a_secret_and_never_writes_the_password() -> None:
    source = (CODEGEN / "withdraw_social.py").read_text(encoding="utf-8")
    assert PASSWORD in source
    text, flow = flow_of("withdraw_social", account="social")
    assert PASSWORD not in text
    result = import_codegen(source, "withdraw_social.py")
    assert result.notes == [] and not any(
        PASSWORD in comment for step in result.steps for comment in step.comments
    )
    fills = [step for step in flow.steps if isinstance(step, FillStep)]
    assert [(step.fill.label, step.secret, step.value) for step in fills] == [
        ("パスワード", "password", None),
        ("パスワード確認", "password", None),
    ]
    assert "password" in flow.secrets and flow.account == "social"
    # codegen's click into each field before its fill is not a step of its own
    assert [step.action for step in flow.steps[3:7]] == ["fill", "fill", "click", "expect"]
    assert flow.steps[5].effect == "submit"
    assert flow.steps[6].target == Target(text="ログイン情報を更新しました")
    assert flow.steps[7].effect == "reveal"  # the display name again, on the way back
    assert flow.steps[-2].effect == "destructive"


@pytest.mark.parametrize("name", ["withdraw_email", "withdraw_social"])
def test_the_imported_flow_passes_tebiki_validate(name: str, tmp_path: Path) -> None:
    text, _ = flow_of(name, account="social" if "social" in name else "email")
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    done = invoke(["validate", str(path)], cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok" in done.stdout


@pytest.mark.parametrize(
    ("name", "account", "last"), [("withdraw_email", "email", 6), ("withdraw_social", "social", 13)]
)
def test_the_imported_flow_replays_in_dry_run_on_the_mock_site(
    mock_site: MockSite, open_context: OpenContext, name: str, account: str, last: int
) -> None:
    _, flow = flow_of(name, account)
    session = mock_site.open_session(account)
    page = open_context(session).new_page()
    options = PlayOptions(
        mode="dry-run",
        base_url=mock_site.base_url + "/",
        variables={"display_name": session.display_name},
    )
    result = Player(page, flow, options).play()
    assert result.stopped_before == last
    assert [report.number for report in result.reports] == list(range(1, last + 1))
    assert result.reports[-1].outcome == Outcome.HIGHLIGHTED
    assert page.url.endswith("/withdrawal")
    assert mock_site.mutations(session) == []
    assert mock_site.account_exists(session.email)


# -- locators, scopes and their comments ---------------------------------------------------------


@pytest.mark.parametrize(
    ("parent", "within"),
    [
        ('page.get_by_role("banner")', "header"),
        ('page.locator("header")', "header"),
        ('page.get_by_role("navigation")', "nav"),
        ('page.get_by_role("navigation", name="メインメニュー")', "nav"),
        ('page.get_by_role("contentinfo")', "footer"),
        ('page.locator("footer")', "footer"),
        ('page.get_by_role("main")', "main"),
        ('page.get_by_role("region", name="共通情報")', "共通情報"),
    ],
)
def test_a_parent_landmark_or_named_region_becomes_within(parent: str, within: str) -> None:
    steps = imported(f'{parent}.get_by_role("link", name="基本情報編集").click()').steps
    assert steps[0].target is not None and steps[0].target.within == within
    assert steps[0].comments == []


def line_of(text: str, wanted: str) -> int:
    """The line number (from 1) of the first line of a flow file that contains wanted."""
    return next(number for number, line in enumerate(text.splitlines(), 1) if wanted in line)


@pytest.mark.parametrize(
    ("pick", "which"), [(".nth(1)", "2nd"), (".first", "first"), (".last", "last")]
)
def test_a_pick_by_position_is_a_question_the_flow_does_not_validate_without(
    tebiki: Tebiki, tmp_path: Path, pick: str, which: str
) -> None:
    source = script(f"""
        page.get_by_role("link", name="Edit"){pick}.click()
        page.get_by_role("button", name="Save").click()
    """)
    result = import_codegen(source, "script.py")
    assert len(result.questions) == 1 and result.questions[0].startswith("script.py:10: ")
    text = codegen_to_yaml(source, "script.py")
    assert step_lines(text, "link: Edit")[0] == (
        f"codegen picked the {which} of several 「Edit」 links ({pick}): say which one a "
        "person means with within: SECTION (a heading or section title the link sits under) "
        "or within: header|footer|main|nav, then delete this line"
    )
    assert "  - click: {link: Edit, within: '{which_one}'}" in text.splitlines()
    assert "    caption: 「Edit」をクリック" in text.splitlines()  # the question is not shown
    path = tmp_path / "imported.yaml"
    path.write_text(text, encoding="utf-8")
    done = tebiki("validate", "imported.yaml")  # run in tmp_path
    assert done.returncode == 2, done.stdout + done.stderr
    line = line_of(text, "within: '{which_one}'")
    assert done.stderr.strip() == (
        f"error: imported.yaml:{line}: not answered yet: which of several matches a person "
        "means; write its section (within: SECTION, or header, footer, main, nav) in place of "
        "{which_one}, as the comment above says"
    )
    assert open_questions(text, "imported.yaml") == (
        f"1 question left in imported.yaml (imported.yaml:{line}): it does not validate until "
        "each is answered as the comment above it says; 0 notes to check"
    )
    # The person answers: the link they mean sits under the section "Section B".
    path.write_text(text.replace("within: '{which_one}'", "within: Section B"), encoding="utf-8")
    done = tebiki("validate", "imported.yaml")
    assert done.returncode == 0, done.stdout + done.stderr
    flow = parse_flow(path.read_text(encoding="utf-8"))
    assert flow.steps[0].target == Target(role="link", name="Edit", within="Section B")
    assert "no questions left" in open_questions(path.read_text(encoding="utf-8"), "x.yaml")


def test_every_pick_by_position_asks_which_one() -> None:
    body = """
        page.get_by_role("listitem").nth(2).get_by_role("link", name="Edit").click()
        page.get_by_role("region", name="共通情報").get_by_role("button", name="保存").first.click()
        page.get_by_label("メモ").nth(-2).fill("x")
        page.get_by_test_id("row").nth(3).click()
        expect(page.get_by_text("保存しました").first).to_be_visible()
        page.get_by_role("link", name="次へ").nth(i).click()
        page.get_by_role("link", name="マイページ").click()
    """
    result = imported(body)
    item, save, memo, row, shown, after, plain = result.steps
    assert [question.split(": ")[0] for question in result.questions] == [
        f"script.py:{line}" for line in range(10, 16)
    ]
    assert "the 3rd of several listitems (.nth(2)) and the 「Edit」 in it" in item.comments[-1]
    assert "the first of several 「保存」 buttons under 共通情報 (.first)" in save.comments[0]
    assert "the 2nd from last of several fields labelled 「メモ」 (.nth(-2))" in memo.comments[0]
    assert "the 4th of several elements with the test id 「row」" in row.comments[1]
    assert "the first of several places showing 「保存しました」" in shown.comments[0]
    assert after.comments[0].startswith("codegen picked one of several 「次へ」 links (.nth(?))")
    assert plain.comments == [] and plain.target == RecordedTarget(role="link", name="マイページ")
    text = codegen_to_yaml(script(body), "script.py")
    lines = text.splitlines()
    assert (
        "  - click: {button: 保存, within: '{which_one}'}" in lines
    )  # 共通情報 is in the question
    assert "  - fill: {label: メモ, within: '{which_one}'}" in lines
    assert "  - click: {css: '[data-testid=\"row\"]', within: '{which_one}'}" in lines
    assert "  - expect: {text: 保存しました, within: '{which_one}'}" in lines
    with pytest.raises(FlowFileError, match=r"^f\.yaml:\d+: not answered yet"):
        parse_flow(text, "f.yaml")
    assert open_questions(text, "f.yaml").startswith("6 questions left in f.yaml (f.yaml:")


def test_a_pick_on_the_click_before_a_fill_is_asked_once() -> None:
    result = imported("""
        page.get_by_label("メモ").nth(1).click()
        page.get_by_label("メモ").nth(1).fill("x")
    """)
    assert [step.action for step in result.steps] == ["fill"]
    assert [question.split(": ")[0] for question in result.questions] == ["script.py:11"]


def test_exact_names_and_regular_expressions() -> None:
    result = imported("""
        page.get_by_role("link", name="マイページ", exact=True).click()
        page.get_by_label("パスワード", exact=True).fill("x")
        page.locator("div").filter(has_text=re.compile(r"^ナミ$")).click()
    """)
    steps = result.steps
    assert [step.target.shown_name for step in steps if step.target] == [
        "マイページ",
        "パスワード",
        "ナミ",
    ]
    assert steps[2].target is not None and steps[2].target.text == "ナミ"
    # ^ナミ$ matches ナミ and nothing else: no pattern to check
    assert result.notes == [] and not any("pattern" in c for s in steps for c in s.comments)


def test_a_name_matched_by_a_pattern_is_written_as_it_is_and_noted(tmp_path: Path) -> None:
    source = script("""
        page.get_by_role("link", name=re.compile("Sour")).click()
        page.get_by_label(re.compile(r"^メール", re.IGNORECASE)).fill("x")
        expect(page.get_by_role("status")).to_have_text(re.compile(r"保存.*"))
    """)
    result = import_codegen(source, "script.py")
    link, mail, saved = result.steps
    assert link.target == RecordedTarget(role="link", name="Sour")
    assert link.comments == [
        'the codegen script used a regular expression, re.compile("Sour"), and the flow '
        "matches the exact name 「Sour」 instead: the name may need adjusting to what the page "
        "shows"
    ]
    assert mail.target is not None and mail.target.label == "メール"
    assert 're.compile(r"^メール", re.IGNORECASE)' in mail.comments[0]
    assert "exact label 「メール」" in mail.comments[0]
    assert saved.target is not None and saved.target.text == "保存.*"
    assert "the flow matches the text 「保存.*」" in saved.comments[0]
    assert [note.split(": ")[0] for note in result.notes] == [
        "script.py:10",
        "script.py:11",
        "script.py:12",
    ]
    assert result.notes[0] == "script.py:10: " + link.comments[0] and result.questions == []
    # The command prints each on stderr, naming the script's line.
    assert result.warnings == result.notes
    text = codegen_to_yaml(source, "script.py")
    assert step_lines(text, "link: Sour") == link.comments
    assert "# note: script.py:10: " + link.comments[0] in text.splitlines()
    assert isinstance(parse_flow(text).steps[0], ClickStep)  # a pattern asks nothing: it loads
    lines = ", ".join(f"f.yaml:{line_of(text, f'# note: script.py:{n}')}" for n in (10, 11, 12))
    assert (
        open_questions(text, "f.yaml") == f"no questions left in f.yaml; 3 notes to check ({lines})"
    )


def test_other_getters_map_to_the_nearest_target_and_say_so() -> None:
    steps = imported("""
        page.get_by_placeholder("キーワード").click()
        page.get_by_placeholder("キーワード").fill("ライティング")
        page.get_by_title("ヘルプ").click()
        page.get_by_alt_text("クラウドワークス").click()
        page.get_by_test_id("withdraw").click()
        page.locator("#save").click()
    """).steps
    fill, title, alt, test_id, css = steps
    assert fill.action == "fill"
    assert fill.target == RecordedTarget(role="textbox", name="キーワード")
    assert "placeholder" in fill.comments[0]
    assert title.target == RecordedTarget(name="ヘルプ") and "title" in title.comments[0]
    assert alt.target == RecordedTarget(name="クラウドワークス") and "alt text" in alt.comments[0]
    assert test_id.target == RecordedTarget(css='[data-testid="withdraw"]')
    assert css.target == RecordedTarget(css="#save")
    for step in (test_id, css):
        assert step.comments[0].startswith("nothing a person sees identifies it")


def test_frames_and_unnamed_roles_are_skipped_with_a_note() -> None:
    result = imported("""
        page.frame_locator("iframe").get_by_role("button", name="送信").click()
        page.get_by_role("checkbox").check()
        page.get_by_role("link", name="マイページ").click()
    """)
    assert len(result.steps) == 1
    assert result.notes[0].startswith("script.py:10: ") and "frame" in result.notes[0]
    assert result.notes[1].startswith("script.py:11: ") and "no name" in result.notes[1]


# -- actions -------------------------------------------------------------------------------------


def test_actions_become_steps() -> None:
    result = imported("""
        page.get_by_role("button", name="メニュー").dblclick()
        page.get_by_label("表示名").type("ナミ")
        page.get_by_label("自己紹介").press_sequentially("よろしく")
        page.get_by_label("都道府県").select_option("13")
        page.get_by_label("退会理由").select_option(label="その他")
        page.get_by_role("checkbox", name="お知らせを受け取る").click()
        page.get_by_role("checkbox", name="注意事項を確認しました").check()
    """)
    dbl, name, intro, prefecture, reason, click_box, check_box = result.steps
    assert dbl.action == "click" and dbl.effect == "submit"
    assert (name.action, name.value, intro.value) == ("fill", "ナミ", "よろしく")
    assert prefecture.option == "13" and "value" in prefecture.comments[0]
    assert reason.option == "その他" and reason.comments == []
    assert [click_box.action, check_box.action] == ["check", "check"]
    assert check_box.target is not None and check_box.target.label == "注意事項を確認しました"


def test_enter_in_a_field_sends_its_form_and_uncheck_leaves_a_comment() -> None:
    result = imported("""
        page.get_by_label("検索").fill("ライティング")
        page.get_by_label("検索").press("Enter")
        page.get_by_role("checkbox", name="メール").uncheck()
        page.get_by_role("link", name="次へ").click()
    """)
    assert [step.action for step in result.steps] == ["fill", "click", "click"]
    fill, sent, after = result.steps
    # The script shows no button: the flow clicks the one Enter presses, the form's first
    # submit button, found by CSS and scoped to the form by the field's label.
    assert sent.effect == "submit" and sent.caption == "フォームを送信する"
    assert sent.target == RecordedTarget(
        css='form:has(label:text-is("検索"), [aria-label="検索" i], [placeholder="検索" i]) '
        ":is(button:not([type]), button[type=submit], input[type=submit], input[type=image])"
    )
    assert sent.comments[0].startswith("line 11: pressed Enter in 「検索」 to send the form")
    assert "click: {button: its name}" in sent.comments[0]
    assert after.comments[0].startswith("line 12: unticked 「メール」")
    assert after.effect == "navigate"
    assert [note.split(": ")[0] for note in result.notes] == ["script.py:11", "script.py:12"]


def test_enter_then_the_forms_button_is_one_submit_by_the_button() -> None:
    result = imported("""
        page.get_by_label("メッセージ").fill("よろしく")
        page.get_by_label("メッセージ").press("Enter")
        page.get_by_role("button", name="送信する").click()
        page.get_by_role("link", name="トップへ").click()
    """)
    fill, sent, back = result.steps
    assert sent.target == RecordedTarget(role="button", name="送信する")
    assert sent.effect == "submit" and sent.caption == "「送信する」をクリック"
    assert sent.comments == [
        "line 11: Enter was pressed in 「メッセージ」 first; the flow sends the form once, "
        "with 「送信する」"
    ]
    assert back.effect == "navigate" and result.notes == []


def test_effects_are_inferred() -> None:
    steps = imported("""
        page.get_by_role("button", name="ナミ").click()
        page.get_by_role("link", name="プロフィール編集").click()
        page.get_by_role("button", name="保存する").click()
        page.get_by_role("button", name="その他").click()
        page.get_by_role("menuitem", name="アカウントを削除").click()
        page.get_by_role("button", name="設定").click()
        page.goto("http://127.0.0.1:8800/rewards")
        page.get_by_role("link", name="報酬").click()
        page.get_by_role("link", name="退会をご希望する方はこちら").click()
        page.get_by_role("button", name="解約する").click()
    """).steps
    effects = [
        (step.target.shown_name if step.target else step.goto, step.effect) for step in steps
    ]
    assert effects == [
        ("ナミ", "reveal"),
        ("プロフィール編集", "navigate"),
        ("保存する", "submit"),
        ("その他", "reveal"),
        ("アカウントを削除", "destructive"),
        ("設定", "submit"),
        ("/rewards", None),
        ("報酬", "navigate"),
        ("退会をご希望する方はこちら", "navigate"),  # a link leads to the way out; no more
        ("解約する", "destructive"),
    ]
    assert steps[0].caption == "「ナミ」を開く"
    assert "irreversible: check before running" in steps[-1].comments


def test_later_gotos_are_steps_with_the_path_or_the_whole_address() -> None:
    result = imported(
        """
        page.get_by_role("link", name="マイページ").click()
        page.goto("http://127.0.0.1:8800/e/contracts?status=active")
        page.goto("https://crowdworks.jp/help")
    """,
        url="http://127.0.0.1:8800/profile/edit",
    )
    assert (result.start, result.base_url) == ("/profile/edit", "http://127.0.0.1:8800")
    assert [step.goto for step in result.steps[1:]] == [
        "/e/contracts?status=active",
        "https://crowdworks.jp/help",
    ]
    text = codegen_to_yaml(
        script(
            'page.goto("http://127.0.0.1:8800/rewards")\n'
            'page.get_by_role("link", name="報酬").click()'
        ),
        "s.py",
    )
    assert isinstance(parse_flow(text).steps[0], GotoStep)


def test_a_popup_block_is_unwrapped_and_noted() -> None:
    result = imported("""
        with page.expect_popup() as page1_info:
            page.get_by_role("link", name="みんなの相談所").click()
        page1 = page1_info.value
        page1.get_by_role("link", name="質問する").click()
        page1.close()
    """)
    assert [step.target.shown_name for step in result.steps if step.target] == [
        "みんなの相談所",
        "質問する",
    ]
    assert "new tab" in result.notes[0] and result.notes[0].startswith("script.py:10:")


def test_assertions_become_expect_steps() -> None:
    text = codegen_to_yaml(
        script("""
        expect(page.get_by_text("退会が完了しました")).to_be_visible()
        expect(page.get_by_role("heading", name="報酬")).to_be_visible()
        expect(page.get_by_role("region", name="共通情報")).to_contain_text("本人確認")
        expect(page.locator("body")).to_have_text(re.compile(r"^保存しました$"))
        expect(page).to_have_url("http://127.0.0.1:8800/dashboard")
        expect(page.get_by_role("checkbox", name="通知")).to_be_checked()
    """),
        "script.py",
    )
    flow = parse_flow(text)
    assert [step.target for step in flow.steps] == [
        Target(text="退会が完了しました"),
        Target(role="heading", name="報酬"),
        Target(text="本人確認", within="共通情報"),
        Target(text="保存しました"),
    ]
    assert all(step.effect == "observe" for step in flow.steps)
    assert "effect:" not in text
    assert "# note: script.py:14: skipped the assertion .to_have_url()" in text
    assert "# note: script.py:15: skipped the assertion .to_be_checked()" in text


def test_boilerplate_is_ignored_and_other_targets_too() -> None:
    pytest_target = """import re
from playwright.sync_api import Page, expect


def test_example(page: Page) -> None:
    page.goto("http://127.0.0.1:8800/dashboard")
    page.get_by_role("link", name="マイページ").click()
"""
    async_target = """import asyncio
import re
from playwright.async_api import Playwright, async_playwright, expect


async def run(playwright: Playwright) -> None:
    browser = await playwright.chromium.launch(headless=False)
    context = await browser.new_context()
    page = await context.new_page()
    await page.goto("http://127.0.0.1:8800/dashboard")
    await page.get_by_role("link", name="マイページ").click()

    # ---------------------
    await context.close()
    await browser.close()


async def main() -> None:
    async with async_playwright() as playwright:
        await run(playwright)


asyncio.run(main())
"""
    for source in (pytest_target, async_target):
        result = import_codegen(source, "script.py")
        assert result.notes == [] and result.start == "/dashboard"
        assert [step.target.shown_name for step in result.steps if step.target] == ["マイページ"]


def test_an_unknown_call_is_skipped_with_a_note_naming_its_line() -> None:
    result = imported("""
        page.get_by_label("パスワード", exact=True).fill("hunter2-secret")
        page.get_by_label("パスワード確認").set_value("hunter2-secret")
        page.wait_for_timeout(1000)
        print(page.title())
        page.get_by_role("button", name="更新する").click()
    """)
    assert [step.action for step in result.steps] == ["fill", "click"]
    assert [note.split(": ")[0] for note in result.notes] == [
        "script.py:11",
        "script.py:12",
        "script.py:13",
    ]
    assert "set_value" in result.notes[0]
    everything = "\n".join(result.notes + [c for step in result.steps for c in step.comments])
    assert "hunter2" not in everything and result.steps[0].value is None


# -- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "line"),
    [
        (
            "import { test, expect } from '@playwright/test';\n\n"
            "test('test', async ({ page }) => {\n"
            "  await page.getByRole('link', { name: 'マイページ' }).click();\n});\n",
            1,
        ),
        ("import re\n\ndef run(:\n    pass\n", 3),
        ("title: not python\nsteps:\n  - click: マイページ\n", 2),
    ],
)
def test_a_file_that_is_not_python_is_bad_input(source: str, line: int) -> None:
    with pytest.raises(BadInputError) as caught:
        import_codegen(source, "script.py")
    message = caught.value.message
    assert message.startswith(f"script.py:{line}: not Python") and "\n" not in message
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    "source", ["", "import re\nprint('hello')\n", script(""), script("page.wait_for_timeout(100)")]
)
def test_a_script_with_no_page_actions_is_bad_input(source: str) -> None:
    with pytest.raises(BadInputError, match=r"^script\.py:1: no page actions"):
        import_codegen(source, "script.py")


def test_a_typed_password_is_never_in_an_error() -> None:
    source = script('page.get_by_label("パスワード").fill("hunter2-secret")\npage.get_by_(')
    with pytest.raises(BadInputError) as caught:
        import_codegen(source, "script.py")
    assert "hunter2" not in caught.value.message


# -- a small English site of one's own -------------------------------------------------------------

CONTACT_FORM = """
    page.get_by_label("Name").click()
    page.get_by_label("Name").fill("Ann Example")
    page.get_by_label("Email").fill("ann@example.com")
    page.get_by_label("Message").fill("Hello there")
    page.get_by_label("Message").press("Enter")
    expect(page.get_by_role("heading", name="Thanks for your message")).to_be_visible()
    page.get_by_role("link", name=re.compile("Sour")).click()
    page.goto("{docs}/help")
"""
SEND_BUTTON = 'page.get_by_role("button", name="Send message").click()'


def contact_script(site: str, docs: str, button: bool = False) -> str:
    """What codegen writes for the contact form: fill name and email, Enter in the message
    (then, if ``button``, a click on Send message too), a link found by a pattern, and a page
    of another origin."""
    body = CONTACT_FORM.format(docs=docs)
    if button:
        body = body.replace('.press("Enter")\n', f'.press("Enter")\n    {SEND_BUTTON}\n')
    return script(body, url=f"{site}/contact")


def test_an_english_contact_form_becomes_an_english_flow_for_its_own_site() -> None:
    source = contact_script("https://contact.example.com", "https://docs.example.org")
    result = import_codegen(source, "contact.py")
    assert result.site.lang == "en" and not result.site.on_mock
    text = codegen_to_yaml(source, "contact.py")
    flow = parse_flow(text, "contact.yaml")
    assert [(step.action, step.effect) for step in flow.steps] == [
        ("fill", "input"),
        ("fill", "input"),
        ("fill", "input"),
        ("click", "submit"),  # Enter in Message sends the form
        ("expect", "observe"),
        ("click", "navigate"),
        ("goto", "navigate"),
    ]
    assert [step.caption for step in flow.steps] == [
        "Fill in 「Name」",
        "Fill in 「Email」",
        "Fill in 「Message」",
        "Send the form",
        "「Thanks for your message」 is shown",
        "Click 「Sour」",
        "Open https://docs.example.org/help",
    ]
    sent = flow.steps[3].target
    assert sent is not None and sent.css is not None
    assert sent.css.startswith('form:has(label:text-is("Message"), ')
    # Nothing only the bundled mock site understands; the site, its language and the other
    # origin it opens, so that later commands need no --base-url, --lang or edits.
    assert "account:" not in text and "check:" not in text
    assert flow.base_url == "https://contact.example.com" and flow.lang == "en"
    assert flow.origins == ["https://docs.example.org"] and flow.start == "/contact"
    assert "  - goto: https://docs.example.org/help" in text.splitlines()
    assert flow.title == "contact (imported from codegen)"
    # The pattern: the literal name, with a comment on the step, a note and a warning.
    warning = (
        'contact.py:16: the codegen script used a regular expression, re.compile("Sour"), '
        "and the flow matches the exact name 「Sour」 instead: the name may need adjusting to "
        "what the page shows"
    )
    assert result.warnings == [warning]
    assert warning.split(": ", 1)[1] in step_lines(text, "link: Sour")
    assert f"# note: {warning}" in text.splitlines()


def test_the_forms_button_after_the_fields_is_a_submit_not_a_menu() -> None:
    source = contact_script("https://contact.example.com", "https://docs.example.org", True)
    flow = parse_flow(codegen_to_yaml(source, "contact.py"))
    sent = flow.steps[3]
    assert isinstance(sent, ClickStep) and sent.click == Target(role="button", name="Send message")
    # A link follows it (on the thank-you page): still the form's submit, never a reveal.
    assert sent.effect == "submit" and sent.caption == "Click 「Send message」"
    assert [step.action for step in flow.steps].count("click") == 2  # Enter is not a step too


def test_lang_and_base_url_given_win_over_the_script() -> None:
    source = contact_script("https://contact.example.com", "https://docs.example.org")
    text = codegen_to_yaml(source, "contact.py", lang="ja", base_url="https://staging.example.com/")
    flow = parse_flow(text)
    assert flow.lang is None and "lang:" not in text  # Japanese, tebiki's own default
    assert (
        flow.steps[0].caption == "「Name」を入力" and flow.steps[3].caption == "フォームを送信する"
    )
    assert flow.base_url == "https://staging.example.com/"
    # The script's own origin is the same site: its pages stay paths.
    assert flow.start == "/contact"


def test_a_script_made_on_the_mock_site_keeps_the_mocks_keys() -> None:
    text, flow = flow_of("withdraw_email")
    assert "account: email" in text.splitlines()
    assert "base_url:" not in text and "lang:" not in text and "origins:" not in text
    social, _ = flow_of("withdraw_social", account="social")
    assert "account: social" in social.splitlines()


@pytest.mark.parametrize(
    ("url", "on_mock"),
    [
        ("http://127.0.0.1:8800/dashboard", True),
        ("http://localhost:8800/", True),
        ("http://127.0.0.1:8801/dashboard", False),
        ("https://example.com/dashboard", False),
    ],
)
def test_only_the_mock_sites_own_address_is_the_mock(url: str, on_mock: bool) -> None:
    result = imported('page.get_by_role("link", name="Home").click()', url=url)
    assert result.site.on_mock is on_mock
    text = codegen_to_yaml(script('page.get_by_role("link", name="Home").click()', url), "s.py")
    assert ("account: email" in text) is on_mock


def test_a_user_name_and_password_in_the_scripts_address_are_never_written() -> None:
    source = script(
        'page.get_by_role("link", name="Home").click()', url="https://ann:pw-1@example.com/"
    )
    text = codegen_to_yaml(source, "s.py")
    assert "pw-1" not in text and "ann" not in text
    assert parse_flow(text).base_url == "https://example.com"
