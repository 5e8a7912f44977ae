"""play_flow: one flow played on a page someone else opened (a test's context, a program's
browser), the same loop and result the commands report from; and the browser a caller lends to
the commands it runs in-process, which they use without closing it."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext

from tebiki.errors import BadInputError, StepFailed
from tebiki.flowfile.loader import find_flow, load_flow
from tebiki.playing.outcome import Outcome
from tebiki.playing.play import play_flow
from tebiki_mock import MockSession, MockSite

OpenContext = Callable[[MockSession], BrowserContext]
Tebiki = Callable[..., subprocess.CompletedProcess[str]]


def test_a_run_withdraws_and_the_result_says_each_step(
    mock_site: MockSite, open_context: OpenContext
) -> None:
    session = mock_site.open_session("social")
    page = open_context(session).new_page()
    result = play_flow(
        page,
        "withdraw-social",
        "run",
        base_url=mock_site.base_url + "/",
        variables={"display_name": session.display_name},
        secrets={"password": "Play-Flow-Secret-42"},
        confirm=True,
    )
    assert result.completed
    assert [report.outcome for report in result.reports][-2:] == [Outcome.CLICKED, Outcome.SEEN]
    assert not mock_site.account_exists(session.email)


def test_a_dry_run_sends_nothing(mock_site: MockSite, open_context: OpenContext) -> None:
    session = mock_site.open_session("email")
    page = open_context(session).new_page()
    flow = load_flow(find_flow("withdraw-email"))
    result = play_flow(
        page, flow, base_url=mock_site.base_url + "/",
        variables={"display_name": session.display_name},
    )  # fmt: skip
    assert result.stopped_before == next(
        n for n, step in enumerate(flow.steps, 1) if step.effect == "destructive"
    )
    assert mock_site.mutations(session) == []


def test_a_step_that_fails_raises_with_its_message(
    mock_site: MockSite, open_context: OpenContext, tmp_path: Path
) -> None:
    session = mock_site.open_session("email")
    page = open_context(session).new_page()
    renamed = tmp_path / "renamed.yaml"
    text = (find_flow("find-help")).read_text(encoding="utf-8")
    renamed.write_text(text.replace("{link: お問い合わせ,", "{link: お問合せ,"), encoding="utf-8")
    with pytest.raises(StepFailed) as failed:
        play_flow(page, renamed, base_url=mock_site.base_url + "/", timeout_ms=500)
    assert "「お問合せ」" in failed.value.message and "not found" in failed.value.message


def test_bad_calls_are_bad_input(mock_site: MockSite, open_context: OpenContext) -> None:
    page = open_context(mock_site.open_session("social")).new_page()
    with pytest.raises(BadInputError, match="'dry-run' or 'run'"):
        play_flow(page, "find-help", "shots", base_url=mock_site.base_url)  # type: ignore[arg-type]
    with pytest.raises(BadInputError, match="the secret 'password'"):
        play_flow(
            page, "withdraw-social", "run", base_url=mock_site.base_url,
            variables={"display_name": "x"},
        )  # fmt: skip
    with pytest.raises(BadInputError, match="display_name"):
        play_flow(page, "withdraw-social", base_url=mock_site.base_url)
    assert page.url == "about:blank"  # refused before anything was opened


def test_a_lent_browser_serves_the_command_and_stays_open(browser: Browser, tebiki: Tebiki) -> None:
    contexts = list(browser.contexts)
    done = tebiki("dry-run", "find-help", "--trace", "t.zip")
    assert done.returncode == 0, done.stderr
    assert browser.is_connected()
    assert browser.contexts == contexts  # the command's own context is closed again


def test_the_public_front_plays_a_flow_on_a_page_of_ones_own(
    mock_site: MockSite, open_context: OpenContext
) -> None:
    # What the README shows: `import tebiki`, a logged-in page of the caller's, a run that
    # performs the destructive step only when confirmed, the same result the commands report.
    import tebiki

    session = mock_site.open_session("email")
    page = open_context(session).new_page()
    unconfirmed = tebiki.play_flow(
        page, "withdraw-email", "run", base_url=mock_site.base_url,
        variables={"display_name": session.display_name},
    )  # fmt: skip
    assert isinstance(unconfirmed, tebiki.PlayResult) and not unconfirmed.completed
    assert unconfirmed.reports[-1].outcome == tebiki.Outcome.NOT_PERFORMED
    assert mock_site.account_exists(session.email)
    done = tebiki.play_flow(
        page, "withdraw-email", "run", base_url=mock_site.base_url, confirm=True,
        variables={"display_name": session.display_name},
    )  # fmt: skip
    assert done.completed and all(isinstance(r, tebiki.StepReport) for r in done.reports)
    assert not mock_site.account_exists(session.email)
    assert {"play_flow", "PlayResult", "StepReport", "Outcome", "ShotSettings"} <= set(dir(tebiki))
