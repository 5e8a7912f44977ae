"""Recording in a real Chromium on the real mock site, with Playwright acting as the person:
both article paths are walked once, and the flows written replay in dry-run, on the mock site
and on the independently written second site."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tebiki.flowfile.loader import parse_flow
from tebiki.playing.player import Player, PlayOptions
from tebiki.record.recorded_site import RecordedSite, lang_from_html
from tebiki.record.recorder import Recorder, page_lang
from tebiki.record.recording import flow_yaml
from tebiki.record.session import recording_of
from tebiki_mock import MockSession, MockSite
from tests.conftest import context_for
from tests.english_site import EnglishSite
from tests.other_site.pages import DISPLAY_NAME
from tests.other_site.server import OtherSite
from tests.test_other_site import on_site

Tebiki = Callable[..., subprocess.CompletedProcess[str]]
PASSWORD = "Recorded-Secret-7d2a"


def recording(browser: Browser, site: MockSite, session: MockSession) -> tuple[Page, Recorder]:
    context = context_for(browser, site, session)
    recorder = Recorder(site.base_url + "/", {"display_name": session.display_name})
    recorder.attach(context)
    page = context.new_page()
    page.goto(site.base_url + "/dashboard")
    recorder.begin()
    return page, recorder


def written(page: Page, recorder: Recorder, title: str) -> str:
    page.wait_for_timeout(100)  # the last action's report crosses from the page
    steps = recorder.steps()
    return flow_yaml(steps, title=title, start="/dashboard", variables=recorder.variables)


def walk_withdraw_email(page: Page) -> None:
    page.get_by_role("banner").get_by_role("button", name="ナミ").click()
    page.get_by_role("link", name="プロフィール編集").click()
    page.get_by_role("region", name="共通情報").get_by_role("link", name="基本情報編集").click()
    page.get_by_role("link", name="退会をご希望する方はこちら").click()
    page.get_by_label("注意事項を確認しました").check()
    page.get_by_role("button", name="退会する").click()
    page.wait_for_url("**/withdrawal/complete")


def walk_withdraw_social(page: Page) -> None:
    page.get_by_role("banner").get_by_role("button", name="ナミ").click()
    page.get_by_role("link", name="プロフィール編集").click()
    page.get_by_role("link", name="メールアドレス・パスワード編集").click()
    page.get_by_label("パスワード", exact=True).fill(PASSWORD)
    page.get_by_label("パスワード確認").fill(PASSWORD)
    page.get_by_role("button", name="ログイン情報を更新する").click()
    page.wait_for_url("**/account/login_info")
    walk_withdraw_email(page)


@pytest.fixture(scope="module")
def email_recording(browser: Browser, mock_site: MockSite) -> str:
    page, recorder = recording(browser, mock_site, mock_site.open_session("email"))
    walk_withdraw_email(page)
    return written(page, recorder, "記録した退会の手順")


@pytest.fixture(scope="module")
def social_recording(browser: Browser, mock_site: MockSite) -> str:
    page, recorder = recording(browser, mock_site, mock_site.open_session("social"))
    walk_withdraw_social(page)
    return written(page, recorder, "記録した退会の手順(ソーシャル)")


def test_the_recorded_flow_reads_like_the_hand_written_one(email_recording: str) -> None:
    assert (
        email_recording.split("steps:\n")[1]
        == """\
  - click: {name: '{display_name}', within: header}
    effect: reveal
    caption: 「{display_name}」を開く
  - click: {link: プロフィール編集}
    effect: navigate
    caption: 「プロフィール編集」をクリック
  - click: {link: 基本情報編集, within: 共通情報}
    effect: navigate
    caption: 共通情報の「基本情報編集」をクリック
  - click: {link: 退会をご希望する方はこちら}
    effect: navigate
    caption: 「退会をご希望する方はこちら」をクリック
  # on the screen of the irreversible step: optional, as other sites may not ask for it
  - check: 注意事項を確認しました
    optional: true
    caption: 「注意事項を確認しました」にチェックを入れる
  # irreversible: runs only with --confirm or a typed yes; a dry run stops here
  - click: {button: 退会する}
    effect: destructive
    caption: 「退会する」をクリック
"""
    )


def test_a_typed_password_is_never_written(social_recording: str) -> None:
    assert PASSWORD not in social_recording
    flow = parse_flow(social_recording)
    fills = [step for step in flow.steps if step.action == "fill"]
    assert [(step.target.wanted, getattr(step, "secret", None)) for step in fills] == [
        ("パスワード", "password"),
        ("パスワード確認", "password"),
    ]
    assert "password" in flow.secrets
    submit = next(step for step in flow.steps if step.effect == "submit")
    assert submit.target is not None and submit.target.wanted == "ログイン情報を更新する"


@pytest.mark.parametrize("which", ["email", "social"])
def test_the_recorded_flows_replay_dry_on_the_mock_site(
    browser: Browser, mock_site: MockSite, email_recording: str, social_recording: str, which: str
) -> None:
    flow = parse_flow(email_recording if which == "email" else social_recording)
    session = mock_site.open_session(which)
    page = context_for(browser, mock_site, session).new_page()
    options = PlayOptions(
        mode="dry-run",
        base_url=mock_site.base_url + "/",
        variables={"display_name": session.display_name},
    )
    result = Player(page, flow, options).play()
    assert result.stopped_before == len(flow.steps)  # at 退会する, the destructive step
    assert mock_site.mutations(session) == []


@pytest.mark.parametrize("which", ["email", "social"])
def test_the_recorded_flows_replay_dry_on_another_site(
    email_recording: str, social_recording: str, tebiki: Tebiki, tmp_path: Path, which: str
) -> None:
    path = tmp_path / "recorded.yaml"
    recording = email_recording if which == "email" else social_recording
    path.write_text(recording, encoding="utf-8")
    steps = len(parse_flow(path.read_text(encoding="utf-8")).steps)
    with OtherSite(social=which == "social") as site:
        options = on_site(site, site.new_account(), tmp_path)
        # The recording starts where it was made, the mock's /dashboard, which this site
        # answers with a 404: that fails at once, naming the status and the page.
        missing = tebiki("dry-run", str(path), *options)
        assert missing.returncode == 1
        assert "the start page" in missing.stderr and "answered HTTP 404" in missing.stderr
        # This site's own start page is its top page.
        start = next(line for line in recording.splitlines() if line.startswith("start:"))
        path.write_text(recording.replace(start, "start: /"), encoding="utf-8")
        done = tebiki("dry-run", str(path), *options)
        changes = [record for record in site.events() if record.method != "GET"]
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"「{DISPLAY_NAME}」" in done.stdout  # the flow's {display_name}, this site's name
    assert f"dry run done: {steps} of {steps} steps checked" in done.stdout
    assert "skipped" in done.stdout  # the tick this site does not ask for
    assert changes == []


ODD_PAGE = """<!DOCTYPE html><html lang="ja"><body>
<a href="#top">上へ</a> <a href="/help">お困りですか?</a>
<form action="/sent"><input name="q" placeholder="キーワード"></form>
<form action="/saved" method="get">
<label>現在のパスワード<input type="password" name="a"></label>
<label>新しいパスワード<input type="password" name="b"></label>
<label>新しいパスワード(確認)<input type="password" name="c"></label>
<button>変更する</button></form></body></html>"""


def test_odd_pages_are_recorded_as_a_person_would_replay_them(browser: Browser) -> None:
    context = browser.new_context()
    context.route(
        "http://recorder.test/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8", body=ODD_PAGE
        ),
    )
    recorder = Recorder("http://recorder.test/")
    recorder.attach(context)
    page = context.new_page()
    page.goto("http://recorder.test/start")
    recorder.begin()
    page.get_by_role("link", name="上へ").click()  # the same page: no goto
    for label, value in (
        ("現在のパスワード", "old-Secret-1"),
        ("新しいパスワード", "new-Secret-2"),
        ("新しいパスワード(確認)", "new-Secret-2"),
    ):
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_placeholder("キーワード").fill("記事")
    page.get_by_placeholder("キーワード").press("Enter")  # sent with no button
    page.wait_for_url("**/sent?q=*")
    page.goto("http://recorder.test/typed")  # an address the person typed
    page.get_by_role("link", name="お困りですか?").click()
    page.wait_for_url("**/help")
    page.wait_for_timeout(100)
    context.close()
    assert "Secret" not in repr(recorder.events)  # passwords never left the page
    text = flow_yaml(recorder.steps(), title="odd", start="/start")
    flow = parse_flow(text)  # a name with "?" is quoted as YAML needs
    shown = [
        (step.action, step.target.describe() if step.target else step.goto)  # type: ignore[union-attr]
        for step in flow.steps
    ]
    assert shown == [
        ("click", "link 「上へ」"),
        ("fill", "label 「現在のパスワード」"),
        ("fill", "label 「新しいパスワード」"),
        ("fill", "label 「新しいパスワード(確認)」"),
        ("fill", "textbox 「キーワード」"),
        ("goto", "/typed"),
        ("click", "link 「お困りですか?」"),
    ]
    assert [getattr(step, "secret", None) for step in flow.steps[1:4]] == [
        "password",
        "password_2",
        "password_2",
    ]
    assert "then Enter was pressed to send the form" in text


def test_a_small_english_site_is_recorded_as_an_english_flow_for_that_site(
    browser: Browser,
) -> None:
    with EnglishSite() as site, EnglishSite() as docs:
        context = browser.new_context()
        recorder = Recorder(site.base_url + "/")
        recorder.attach(context)
        page = context.new_page()
        page.goto(site.base_url + "/contact")
        # What session.record does: --lang, else the start page's own <html lang>.
        recorded_on = RecordedSite(on_mock=False, lang=page_lang(page), address=site.base_url)
        recorder.begin()
        page.get_by_label("Name").fill("Ann Example")
        page.get_by_label("Email").fill("ann@example.com")
        page.get_by_label("Message").fill("Hello there")
        page.get_by_role("button", name="Send message").click()
        page.wait_for_url("**/thanks")
        page.get_by_role("link", name="Source code of this site").click()
        page.wait_for_url("**/source")
        page.goto(docs.base_url + "/help")  # an address the person typed, on another origin
        page.wait_for_timeout(100)
        context.close()
        home, other = site.base_url, docs.base_url
    text = recording_of(recorder, recorded_on, start="/contact", title="Contact us").yaml
    flow = parse_flow(text)
    assert "account:" not in text  # the bundled mock's key, meaningless here
    assert (flow.lang, flow.base_url, flow.origins) == ("en", home, [other])
    assert [(step.action, step.effect, step.caption) for step in flow.steps] == [
        ("fill", "input", "Fill in 「Name」"),
        ("fill", "input", "Fill in 「Email」"),
        ("fill", "input", "Fill in 「Message」"),
        ("click", "submit", "Click 「Send message」"),
        ("click", "navigate", "Click 「Source code of this site」"),
        ("goto", "navigate", f"Open {other}/help"),
    ]


def test_enter_in_a_field_of_a_form_with_a_button_is_that_buttons_submit(
    browser: Browser,
) -> None:
    with EnglishSite() as site:
        context = browser.new_context()
        recorder = Recorder(site.base_url + "/")
        recorder.attach(context)
        page = context.new_page()
        page.goto(site.base_url + "/contact")
        recorder.begin()
        page.get_by_label("Name").fill("Ann Example")
        page.get_by_label("Name").press("Enter")  # the browser presses the form's button
        page.wait_for_url("**/thanks")
        page.wait_for_timeout(100)
        context.close()
    text = flow_yaml(recorder.steps(), title="t", start="/contact", account=None, lang="en")
    sent = parse_flow(text).steps[-1]
    assert sent.target is not None and sent.target.name == "Send message"  # not the search's Go
    assert (sent.effect, sent.caption) == ("submit", "Click 「Send message」")


def test_the_mock_sites_recording_keeps_its_keys_and_its_language(email_recording: str) -> None:
    assert "account: email" in email_recording.splitlines()
    assert "lang:" not in email_recording and "base_url:" not in email_recording


@pytest.mark.parametrize(
    ("html_lang", "lang"),
    [("en", "en"), ("en-GB", "en"), ("EN-us", "en"), ("ja", "ja"), ("", "ja"), ("fr", "ja")],
)
def test_the_pages_html_lang_is_the_flows_language(html_lang: str, lang: str) -> None:
    assert lang_from_html(html_lang) == lang
