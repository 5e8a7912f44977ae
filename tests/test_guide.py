"""The guide in a real Chromium on the real mock site, headless, with the test as the person.

The Guide waits for the person at every step and calls ``on_wait(step)`` while it waits; the
test's Person makes its moves there, one per call, with Playwright. A move that returns False
is not done yet (it waits for something the guide shows) and is tried again at the next call.
Every click the person makes is counted, so the page's own log of trusted events can show that
none came from tebiki.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Locator, Page

from tebiki.drawing.highlight import BANNER_ID, HOST_ID
from tebiki.errors import StepFailed
from tebiki.flowfile.loader import find_flow, load_flow
from tebiki.flowfile.model import Flow
from tebiki.playing.guide import Guide, GuideOptions, GuideResult
from tebiki.playing.outcome import Outcome
from tebiki.playing.player import PlayOptions, StepReport
from tebiki_mock import MockSession, MockSite

OpenContext = Callable[[MockSession], BrowserContext]
Find = Callable[[Page], Locator]
Move = Callable[[Page], Any]
PASSWORD = "tebiki-guide-2026"


class Person:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.moves: dict[int, list[Move]] = {}
        self.clicks = 0
        self.seen: list[int] = []  # the steps the guide waited at, in order

    def at(self, step: int, *moves: Move) -> Person:
        self.moves.setdefault(step, []).extend(moves)
        return self

    def click(self, find: Find) -> Move:
        def move(page: Page) -> None:
            find(page).click()
            self.clicks += 1

        return move

    def tick(self, label: str) -> Move:
        def move(page: Page) -> None:
            page.get_by_label(label, exact=True).check()
            self.clicks += 1

        return move

    def __call__(self, step: int) -> None:
        if not self.seen or self.seen[-1] != step:
            self.seen.append(step)
        moves = self.moves.get(step)
        if moves and moves[0](self.page) is not False:
            moves.pop(0)


def guide(
    page: Page,
    site: MockSite,
    session: MockSession,
    flow: Flow,
    person: Person,
    reports: list[StepReport],
    wait_ms: int = 8000,
) -> GuideResult:
    options = PlayOptions(
        mode="dry-run",
        base_url=site.base_url + "/",
        variables={"display_name": session.display_name},
        on_step=reports.append,
    )
    return Guide(
        page, flow, options, GuideOptions(wait_ms=wait_ms, poll_ms=30, on_wait=person)
    ).play()


def page_clicks(page: Page) -> int:
    events: list[dict[str, str]] = page.evaluate(
        "JSON.parse(sessionStorage.getItem('mock-event-log') || '[]')"
    )
    return sum(1 for event in events if event["type"] == "click")


def callout(page: Page) -> str:
    return page.locator(f"#{HOST_ID} .callout").inner_text()


def banner(page: Page) -> str:
    return page.locator(f"#{BANNER_ID} div").inner_text()


def link(name: str, section: str | None = None) -> Find:
    def find(page: Page) -> Locator:
        scope: Page | Locator = page.get_by_role("region", name=section) if section else page
        return scope.get_by_role("link", name=name, exact=True)

    return find


def in_header(name: str) -> Find:
    return lambda page: page.locator("header").get_by_role("link", name=name, exact=True)


def button(name: str) -> Find:
    return lambda page: page.get_by_role("button", name=name, exact=True)


def to_withdrawal(person: Person, name: str, first: int = 1) -> Person:
    """The person's clicks from the dashboard to the withdrawal screen: the display name's
    menu, プロフィール編集, 共通情報 の 基本情報編集, 退会をご希望する方はこちら. The step
    before the display name, opening a phone's folded header, is skipped on a wide screen."""
    if first == 1:
        person.at(1, person.click(in_header("マイページ")))
    return (
        person.at(first + 2, person.click(button(name)))
        .at(first + 3, person.click(in_header("プロフィール編集")))
        .at(first + 4, person.click(link("基本情報編集", "共通情報")))
        .at(first + 5, person.click(link("退会をご希望する方はこちら")))
    )


def overlay_here(seen: dict[int, tuple[str, int]], step: int) -> Move:
    def look(page: Page) -> None:
        seen[step] = (page.url, page.locator(f"#{HOST_ID}").count())

    return look


@pytest.mark.parametrize("menu", ["click", "hover"])
def test_the_person_walks_withdraw_email_and_tebiki_clicks_nothing(
    mock_site: MockSite, open_context: OpenContext, menu: str
) -> None:
    session = mock_site.open_session("email", menu=menu)
    page = open_context(session).new_page()
    person = to_withdrawal(Person(page), session.display_name)
    if menu == "hover":  # the menu opens under the pointer: no click on the display name
        person.moves[3] = [lambda page: button(session.display_name)(page).hover()]
    arrived: dict[int, tuple[str, int]] = {}
    person.moves[5].insert(0, overlay_here(arrived, 5))
    person.at(7, person.tick("注意事項を確認しました"))
    person.at(8, overlay_here(arrived, 8), person.click(button("退会する")))
    reports: list[StepReport] = []

    result = guide(
        page, mock_site, session, load_flow(find_flow("withdraw-email")), person, reports
    )

    assert result.completed and result.closed_at is None
    # Step 2, a phone's menu button, is not on a wide screen: skipped, no one waited for.
    assert [r.outcome for r in reports] == [
        Outcome.DONE_BY_YOU, Outcome.SKIPPED, *[Outcome.DONE_BY_YOU] * 6, Outcome.SEEN
    ]  # fmt: skip
    assert person.seen == [1, 3, 4, 5, 6, 7, 8]  # the last step, an expect, needs no one
    assert not mock_site.account_exists(session.email)
    # Every click the page saw is one the person made.
    assert page_clicks(page) == person.clicks == (7 if menu == "click" else 6)
    # After each page load the overlay was drawn again, on the new page.
    assert arrived[5][0].endswith("/profile/edit") and arrived[5][1] == 1
    assert arrived[8][0].endswith("/withdrawal") and arrived[8][1] == 1


def test_a_person_who_does_nothing_meets_the_time_limit_and_nothing_is_sent(
    mock_site: MockSite, open_context: OpenContext
) -> None:
    session = mock_site.open_session("email")
    page = open_context(session).new_page()
    person = Person(page)
    reports: list[StepReport] = []
    with pytest.raises(StepFailed, match=r"step 1 \(.*マイページ.*\): waited 1 s for the person"):
        guide(
            page,
            mock_site,
            session,
            load_flow(find_flow("withdraw-email")),
            person,
            reports,
            wait_ms=1000,
        )
    assert person.seen == [1] and reports == []
    assert "ここをクリックしてください" in callout(page)
    assert mock_site.mutations(session) == []
    assert page_clicks(page) == 0
    assert mock_site.account_exists(session.email)


def test_a_click_elsewhere_is_noticed_and_the_step_waits(
    mock_site: MockSite, open_context: OpenContext
) -> None:
    session = mock_site.open_session("email")
    page = open_context(session).new_page()
    person = to_withdrawal(Person(page), session.display_name)
    reports: list[StepReport] = []
    said: dict[str, str] = {}
    reported_before_right_click: list[int] = []

    def wrong_page_says(page: Page) -> bool:
        if (
            not page.url.endswith("/profile/worker/basic")
            or not page.locator(f"#{BANNER_ID}").count()
            or "そこではありません" not in banner(page)
        ):
            return False
        said["banner"] = banner(page)
        return True

    def back_page_says(page: Page) -> bool:
        if not page.locator(f"#{HOST_ID}").count() or "そこではありません" not in callout(page):
            return False
        said["callout"] = callout(page)
        reported_before_right_click.extend(r.number for r in reports)
        return True

    # 基本情報編集 under ワーカー情報 is the article's trap: the same name, the wrong section.
    person.moves[5] = [
        person.click(link("基本情報編集", "ワーカー情報")),
        wrong_page_says,
        lambda page: page.go_back(),
        back_page_says,
        person.click(link("基本情報編集", "共通情報")),
    ]
    person.moves[6] = [lambda page: page.close()]

    result = guide(
        page, mock_site, session, load_flow(find_flow("withdraw-email")), person, reports
    )

    assert "そこではありません" in said["banner"] and "このページにありません" in said["banner"]
    assert said["callout"].startswith("「基本情報編集」をクリック")
    assert "そこではありません。光っている「基本情報編集」をクリックしてください" in said["callout"]
    assert reported_before_right_click == [1, 2, 3, 4]  # step 5 waited through the wrong click
    assert [r.number for r in reports] == [1, 2, 3, 4, 5]
    # The person closed the window at step 6: the guide stops there, cleanly.
    assert result.closed_at == 6 and not result.completed


def test_a_field_is_done_once_typed_and_a_destructive_step_warns(
    mock_site: MockSite, open_context: OpenContext
) -> None:
    session = mock_site.open_session("social")
    page = open_context(session).new_page()
    name = session.display_name
    person = Person(page)
    reports: list[StepReport] = []
    warned: list[str] = []

    def field(label: str) -> Find:
        return lambda page: page.get_by_label(label, exact=True)

    def still_at_6(page: Page) -> None:
        assert person.seen[-1] == 6 and [r.number for r in reports] == [1, 2, 3, 4, 5]

    def read_warning(page: Page) -> None:
        warned.extend([callout(page), banner(page)])
        page.close()

    (
        person.at(1, person.click(in_header("マイページ")))
        .at(3, person.click(button(name)))
        .at(4, person.click(in_header("プロフィール編集")))
        .at(5, person.click(link("メールアドレス・パスワード編集")))
        # Typing into the other field first, or clicking into the right one, leaves step 6
        # waiting; typing there and moving on does it (and the confirmation, typed already,
        # counts for step 7).
        .at(
            6,
            lambda page: field("パスワード確認")(page).fill(PASSWORD),
            still_at_6,
            person.click(field("パスワード")),
            still_at_6,
            lambda page: field("パスワード")(page).fill(PASSWORD),
            lambda page: page.keyboard.press("Tab"),
        )
        .at(8, person.click(button("ログイン情報を更新する")))
    )
    to_withdrawal(person, name, first=8)
    person.at(14, person.tick("注意事項を確認しました")).at(15, read_warning)

    result = guide(
        page, mock_site, session, load_flow(find_flow("withdraw-social")), person, reports
    )

    assert [r.outcome for r in reports][5:8] == [
        Outcome.DONE_BY_YOU,
        Outcome.ALREADY_DONE,
        Outcome.DONE_BY_YOU,
    ]
    assert mock_site.has_password(session.email)  # the person set it, on the site
    assert result.closed_at == 15
    assert warned[0].startswith("「退会する」をクリック")
    assert "この操作は取り消せません" in warned[0] and "この操作は取り消せません" in warned[1]
    assert mock_site.account_exists(session.email)


def test_goto_read_optional_and_a_choice_that_must_be_the_right_one(
    mock_site: MockSite, open_context: OpenContext
) -> None:
    session = mock_site.open_session("email")
    page = open_context(session).new_page()
    flow = Flow.model_validate(
        {
            "title": "退会理由",
            "steps": [
                {"goto": "/withdrawal", "caption": "退会手続きの画面を開く"},
                {"select": "退会理由", "option": "その他", "caption": "退会理由を選ぶ"},
                {"click": {"button": "アンケートに答える"}, "effect": "submit", "optional": True},
                {"read": {"text": "再登録"}, "into": "note"},
                {"expect": "退会の前にご確認ください"},
            ],
        }
    )
    person = Person(page)
    said: list[str] = []

    def choose(key: str) -> Move:
        # With the keyboard, as a person would: Playwright's select_option sends untrusted
        # events, which the guide (rightly) does not take for the person's.
        return lambda page: page.get_by_label("退会理由").press(key)

    def look(page: Page) -> bool:
        if "そこではありません" not in callout(page):
            return False
        said.extend([callout(page), banner(page), page.url])
        return True

    person.at(2, choose("ArrowDown"), look, choose("End"))  # しばらく仕事ができない, その他
    reports: list[StepReport] = []

    result = guide(page, mock_site, session, flow, person, reports)

    assert [r.outcome for r in reports] == [
        Outcome.OPENED,
        Outcome.DONE_BY_YOU,
        Outcome.SKIPPED,
        Outcome.READ,
        Outcome.SEEN,
    ]
    assert (result.readings["note"].value or "").startswith("退会後の再登録は可能です。")
    assert "「その他」を選んでください" in said[0]
    assert "tebiki が" in said[1] and said[2].endswith("/withdrawal")  # the note stays
    assert reports[1].detail == "その他"
    assert mock_site.mutations(session) == []


# The guide command as it is, but with a window nobody sees: a test machine has no screen for
# one. DISPLAY is faked so that the guide's own check lets it start; the launch is headless.
WINDOWLESS = (
    "import dataclasses, tebiki.browser as b; start = b._start; "
    "b._start = lambda p, o, e: start(p, dataclasses.replace(o, headed=False), e); "
    "from tebiki.commands.entry import main; main()"
)


def guide_command(args: list[str], cwd: Any, screen: str | None, **env: str) -> Any:
    """`tebiki guide ARGS` in its own process; screen: the DISPLAY it sees (None: none at
    all, and no WAYLAND_DISPLAY either), and then a window nobody sees."""
    full_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("TEBIKI_") and key not in ("DISPLAY", "WAYLAND_DISPLAY")
    }
    full_env.update(env)
    command = [sys.executable, "-m", "tebiki", "guide", *args]
    if screen is not None:
        full_env["DISPLAY"] = screen
        command = [sys.executable, "-c", WINDOWLESS, "guide", *args]
    return subprocess.run(
        command, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=120
    )


def test_the_guide_command_fails_cleanly_when_nobody_comes(tmp_path: Any) -> None:
    done = guide_command(
        ["withdraw-email", "--wait", "0.5"],
        tmp_path,
        screen=":99",
        TEBIKI_ARTIFACTS=str(tmp_path / "artifacts"),
    )
    assert done.returncode == 1, done.stderr
    assert "error: step 1 (" in done.stderr and "waited 0.5 s for the person" in done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "artifacts" / "guide-step-01.png").is_file()
    assert done.stdout.splitlines()[:2] == [
        "playing withdraw-email on the bundled mock site (give --base-url for your own site)",
        "Follow the highlights in the browser window; close it to stop.",
    ]


def test_the_guide_refuses_headless_before_any_browser(tmp_path: Any) -> None:
    done = guide_command(["find-help", "--headless"], tmp_path, screen=None)
    assert done.returncode == 2
    assert done.stderr == (
        "error: --headless: the guide needs a person at a browser window; "
        "to walk the flow without one: tebiki dry-run find-help\n"
    )
    assert done.stdout == ""
    assert list(tmp_path.iterdir()) == []  # nothing started, nothing written


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="DISPLAY is Linux's")
def test_the_guide_refuses_to_start_without_a_screen(tmp_path: Any) -> None:
    done = guide_command(["find-help"], tmp_path, screen=None)
    assert done.returncode == 3
    assert done.stderr == (
        "error: the guide needs a screen for its browser window, and neither DISPLAY nor "
        "WAYLAND_DISPLAY is set: run it on a desktop (or over ssh -X); "
        "to walk the flow without one: tebiki dry-run find-help\n"
    )
    assert done.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_the_guide_refuses_a_trace(tmp_path: Any) -> None:
    done = guide_command(["find-help", "--trace", str(tmp_path / "t.zip")], tmp_path, ":99")
    assert done.returncode == 2
    assert "--trace cannot be used with guide" in done.stderr
    assert not (tmp_path / "t.zip").exists()
