"""Dry runs in a real Chromium on the real mock site: every target found and highlighted, and
nothing reaches the site: no request that changes anything, no click, key or input event."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import BrowserContext, Page

from tebiki.drawing.highlight import HIGHLIGHT_RGB, OUTLINE_PX
from tebiki.flowfile.loader import find_flow, load_flow
from tebiki.flowfile.model import Flow, Target
from tebiki.page.locate import find
from tebiki.playing.outcome import Outcome
from tebiki.playing.play import play_flow
from tebiki.playing.player import PlayResult
from tebiki_mock import MockSession, MockSite

OpenContext = Callable[[MockSession], BrowserContext]


def dry_run(
    page: Page, site: MockSite, session: MockSession, flow: Flow, **options: Any
) -> PlayResult:
    variables = {"display_name": session.display_name}
    return play_flow(
        page, flow, "dry-run", base_url=site.base_url + "/", variables=variables, **options
    )


def dry_run_flow(
    site: MockSite, open_context: OpenContext, flow_name: str, account: str, **session: str
) -> tuple[Page, MockSession, Flow, PlayResult]:
    """A fresh session of the account, a page for it, and the flow played there dry."""
    flow = load_flow(find_flow(flow_name))
    mock_session = site.open_session(account, **session)
    page = open_context(mock_session).new_page()
    return page, mock_session, flow, dry_run(page, site, mock_session, flow)


def page_events(page: Page) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = page.evaluate(
        "JSON.parse(sessionStorage.getItem('mock-event-log') || '[]')"
    )
    return events


def destructive_number(flow: Flow) -> int:
    return next(n for n, step in enumerate(flow.steps, 1) if step.effect == "destructive")


@pytest.mark.parametrize("menu", ["both", "hover", "click"])
@pytest.mark.parametrize("labels", ["article", "faq"])
@pytest.mark.parametrize(
    ("flow_name", "account"), [("withdraw-email", "email"), ("withdraw-social", "social")]
)
def test_dry_run_reaches_the_last_step_and_touches_nothing(
    mock_site: MockSite,
    open_context: OpenContext,
    flow_name: str,
    account: str,
    labels: str,
    menu: str,
) -> None:
    flow = load_flow(find_flow(flow_name))
    session = mock_site.open_session(account, labels=labels, menu=menu)
    page = open_context(session).new_page()
    before = len(mock_site.all_mutations())

    result = dry_run(page, mock_site, session, flow)

    last = destructive_number(flow)
    assert result.stopped_before == last
    assert [report.number for report in result.reports] == list(range(1, last + 1))
    assert result.reports[-1].outcome == Outcome.HIGHLIGHTED
    assert page.url.endswith("/withdrawal")
    assert mock_site.mutations(session) == []
    assert len(mock_site.all_mutations()) == before
    assert page_events(page) == []
    assert mock_site.account_exists(session.email)
    assert mock_site.has_password(session.email) == (account == "email")


def test_the_event_log_does_see_a_real_click(
    mock_site: MockSite, open_context: OpenContext
) -> None:
    """The control for the test above: the page's event log is not blind to clicks."""
    session = mock_site.open_session("email")
    page = open_context(session).new_page()
    page.goto(mock_site.base_url + "/profile/edit")
    link = page.get_by_role("link", name="メールアドレス・パスワード編集")
    link.click(trial=True)  # Playwright's trial click still sends trusted pointer events
    assert {event["type"] for event in page_events(page)} >= {"pointerdown", "click"}
    link.click()
    page.get_by_label("パスワード", exact=True).fill("x")
    assert {event["type"] for event in page_events(page)} >= {"click", "input"}


def test_dry_run_follows_the_faq_label_for_the_password_button(
    mock_site: MockSite, open_context: OpenContext
) -> None:
    _, _, _, result = dry_run_flow(
        mock_site, open_context, "withdraw-social", "social", labels="faq"
    )
    reports = result.reports
    assert reports[7].caption == "「ログイン情報を更新する」をクリック"
    assert reports[7].detail == "would click (not sent in a dry run)"


def ring_pixels(image: Image.Image, box: dict[str, float]) -> list[tuple[int, int, int]]:
    """The pixels in the middle of each side of the outline drawn around box."""
    pad, half = 6, OUTLINE_PX // 2
    left, top = box["x"] - pad + half, box["y"] - pad + half
    right = box["x"] + box["width"] + pad - half - 1
    bottom = box["y"] + box["height"] + pad - half - 1
    mid_x, mid_y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    points = [(left, mid_y), (right, mid_y), (mid_x, top), (mid_x, bottom)]
    rgb = image.convert("RGB")
    return [rgb.getpixel((round(x), round(y))) for x, y in points]  # type: ignore[misc]


def is_highlight(pixel: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 24 for a, b in zip(pixel, HIGHLIGHT_RGB, strict=True))


def test_the_screenshot_shows_the_highlight_around_the_right_target(
    mock_site: MockSite, open_context: OpenContext, tmp_path: Path
) -> None:
    flow = load_flow(find_flow("withdraw-email"))
    session = mock_site.open_session("email")
    context = open_context(session)
    result = dry_run(context.new_page(), mock_site, session, flow, screenshots=tmp_path)
    shot = result.reports[4].screenshot  # 共通情報 の 基本情報編集
    assert shot is not None and shot.is_file()

    page = context.new_page()
    page.goto(mock_site.base_url + "/profile/edit")
    plain = Image.open(io.BytesIO(page.screenshot()))
    right = find(page, Target(role="link", name="基本情報編集", within="共通情報"), 2000)
    wrong = find(page, Target(role="link", name="基本情報編集", within="ワーカー情報"), 2000)
    assert right is not None and wrong is not None
    right_box, wrong_box = right.locator.bounding_box(), wrong.locator.bounding_box()
    assert right_box is not None and wrong_box is not None and right_box != wrong_box

    highlighted = Image.open(shot)
    assert all(is_highlight(pixel) for pixel in ring_pixels(highlighted, right_box))
    assert not any(is_highlight(pixel) for pixel in ring_pixels(highlighted, wrong_box))
    assert not any(is_highlight(pixel) for pixel in ring_pixels(plain, right_box))


def test_the_overlay_is_gone_after_the_step_and_never_moves_the_page(
    mock_site: MockSite, open_context: OpenContext
) -> None:
    from tebiki.drawing import highlight

    session = mock_site.open_session("email")
    page = open_context(session).new_page()
    page.goto(mock_site.base_url + "/profile/edit")
    target = page.get_by_role("link", name="メールアドレス・パスワード編集")
    before = target.bounding_box()
    highlight.draw(target, number=4, caption="「メールアドレス・パスワード編集」をクリック")
    assert page.locator(f"#{highlight.HOST_ID}").count() == 1
    assert target.bounding_box() == before
    highlight.clear(page)
    assert page.locator(f"#{highlight.HOST_ID}").count() == 0


def test_a_menu_that_opens_only_on_click_is_followed_by_its_address(
    mock_site: MockSite, open_context: OpenContext
) -> None:
    page, _, _, result = dry_run_flow(
        mock_site, open_context, "withdraw-email", "email", menu="click"
    )
    reports = result.reports
    assert reports[3].outcome == Outcome.FOLLOWED_LINK
    assert "hidden in a menu that opens only on click" in reports[3].detail
    assert page_events(page) == []
