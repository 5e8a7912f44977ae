"""What a dry run refuses to do, on pages served to a real Chromium through Playwright's router:
open a hidden link that no menu of the flow hides, follow a link that would not be a plain GET."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, Route

from tebiki.errors import StepFailed
from tebiki.flowfile.loader import parse_flow
from tebiki.playing.outcome import Outcome
from tebiki.playing.player import Player, PlayOptions, PlayResult

SITE = "http://site.test"
HEADER = (
    '<header><button aria-expanded=false onclick="this.nextElementSibling.hidden=false">'
    "ナミ</button><ul hidden><li><a href='/profile'>プロフィール編集</a></li></ul></header>"
)


def serve(page: Page, pages: dict[str, str]) -> list[str]:
    """Serve pages by path; returns the log of every request the browser made."""
    requests: list[str] = []

    def handle(route: Route) -> None:
        path = route.request.url.removeprefix(SITE)
        requests.append(f"{route.request.method} {path}")
        body = pages.get(path)
        if body is None:
            route.fulfill(status=404, body="not found")
        else:
            route.fulfill(
                status=200,
                content_type="text/html; charset=utf-8",
                body=f"<html lang=ja><body>{HEADER}{body}</body></html>",
            )

    page.route(f"{SITE}/**", handle)
    return requests


def dry_run(page: Page, steps: str, timeout_ms: int = 5000) -> Callable[[], PlayResult]:
    """The flow's dry run, to be played; ``timeout_ms``: how long a target that is there may
    take to answer on a busy machine, or how long one that never shows is waited for."""
    flow = parse_flow("title: t\nsteps:\n" + steps)
    return Player(
        page, flow, PlayOptions(mode="dry-run", base_url=SITE + "/", timeout_ms=timeout_ms)
    ).play


REVEAL = "  - click: {name: ナミ, within: header}\n    effect: reveal\n"


def test_a_menu_link_that_opens_only_on_click_is_followed_by_address(page: Page) -> None:
    requests = serve(page, {"/": "<h1>マイページ</h1>", "/profile": "<h1>プロフィール編集</h1>"})
    play = dry_run(
        page, REVEAL + "  - click: {link: プロフィール編集, within: header}\n    effect: navigate\n"
    )
    play()
    assert requests == ["GET /", "GET /profile"]
    assert page.evaluate("document.querySelector('ul').hidden") is True  # never clicked open


def test_a_hidden_link_outside_the_menu_is_not_opened(page: Page) -> None:
    hidden = "<a href='/withdrawal?step=1'>退会をご希望する方はこちら</a>"
    requests = serve(page, {"/": f"<p role=alert>退会できません</p><div hidden>{hidden}</div>"})
    play = dry_run(
        page,
        REVEAL + "  - click: {link: 退会をご希望する方はこちら}\n    effect: navigate\n",
        timeout_ms=1000,  # it never shows: the wait ends in failure
    )
    with pytest.raises(StepFailed) as failed:
        play()
    assert "is on the page but hidden" in failed.value.message
    assert requests == ["GET /"]


@pytest.mark.parametrize(
    ("link", "reason"),
    [
        ("<a href='/withdrawal' data-method='delete'>退会する</a>", "sends a DELETE request"),
        ("<a href='#' onclick='return false'>退会する</a>", "only runs a script on this page"),
        ("<a href='/export.csv' download>退会する</a>", "downloads a file"),
        ("<a role=button onclick='location=\"/x\"'>退会する</a>", "has no link address"),
    ],
)
def test_links_that_are_not_a_plain_get_are_not_followed(
    page: Page, link: str, reason: str
) -> None:
    # Where such a link leads only a click tells: the dry run does not click it, says why, and
    # leaves the steps after it not checked (a dry run that checked all it could: no failure).
    requests = serve(page, {"/": link})
    play = dry_run(
        page,
        "  - click: {name: 退会する}\n    effect: navigate\n"
        "  - click: {button: 確認する}\n    effect: submit\n"
        "  - expect: 退会しました\n",
    )
    result = play()
    first, *after = result.reports
    assert first.outcome is Outcome.HIGHLIGHTED and reason in first.detail
    assert "the steps after it are not checked" in first.detail
    assert [report.outcome for report in after] == [Outcome.NOT_CHECKED] * 2
    assert all("which a dry run does not click" in report.detail for report in after)
    assert requests == ["GET /"]
