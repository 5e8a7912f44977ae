"""One step loop for every mode: the site's refusal of a submit is judged by the loop, so the
guide (where the person clicks) stops where a run (where tebiki clicks) stops.

The case: a social-login account has no password, and the withdrawal screen says so before and
after 退会する (the form shown again). Real Chromium, the real mock site, nothing mocked.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from tebiki.errors import ExitStatus, StepFailed
from tebiki.flowfile.loader import find_flow, load_flow
from tebiki.playing.guide import GuideOptions, guide_player
from tebiki.playing.outcome import Outcome
from tebiki.playing.player import PlayOptions, StepReport
from tebiki_mock import MockSession, MockSite
from tests.test_guide import Person, button, page_clicks, to_withdrawal

Tebiki = Callable[..., subprocess.CompletedProcess[str]]
OpenContext = Callable[[MockSession], BrowserContext]
REFUSAL = "パスワードが設定されていません"
STEP_8 = "step 8 (「退会する」をクリック): the site refused it: " + REFUSAL


def test_run_confirm_with_a_social_account_stops_at_the_sites_refusal(
    tebiki: Tebiki, tmp_path: Path
) -> None:
    """On the bundled mock site, as a person would type it."""
    result = tebiki("run", "withdraw-email", "--confirm", "--account", "social", "--headless")
    assert result.returncode == ExitStatus.FLOW_FAILED == 1, result.stderr
    assert result.stderr.startswith("error: " + STEP_8), result.stderr
    assert " 7/9  ticked" in result.stdout and " 8/9" not in result.stdout
    assert "Traceback" not in result.stderr
    assert (tmp_path / "artifacts" / "failed-step-08.png").is_file()


def test_the_guide_with_a_social_account_stops_at_the_sites_refusal_and_waits_no_more(
    mock_site: MockSite, open_context: OpenContext, tmp_path: Path
) -> None:
    session = mock_site.open_session("social")
    page = open_context(session).new_page()
    person = to_withdrawal(Person(page), session.display_name)
    person.at(7, person.tick("注意事項を確認しました"))
    person.at(8, person.click(button("退会する")))
    reports: list[StepReport] = []
    options = PlayOptions(
        mode="dry-run",
        base_url=mock_site.base_url + "/",
        variables={"display_name": session.display_name},
        on_step=reports.append,
        artifacts=tmp_path / "artifacts",
    )
    # A long wait: were step 8 taken for done, step 9 would wait for 退会が完了しました and fail
    # with "waited 60 s" (the guide command's default waits forever).
    play = guide_player(GuideOptions(wait_ms=60_000, poll_ms=30, on_wait=person))

    with pytest.raises(StepFailed) as raised:
        play(page, load_flow(find_flow("withdraw-email")), options)

    failure = raised.value
    assert failure.message.startswith(STEP_8), failure.message
    assert failure.refused and failure.step == 8 and REFUSAL in failure.alerts[0]
    assert failure.exit_code == ExitStatus.FLOW_FAILED
    assert (tmp_path / "artifacts" / "guide-step-08.png").is_file()
    # Steps 1–7 done by the person (2, a phone's menu button, skipped); step 8 refused, not
    # reported done; step 9 never waited for.
    assert [r.outcome for r in reports] == [
        Outcome.DONE_BY_YOU, Outcome.SKIPPED, *[Outcome.DONE_BY_YOU] * 5
    ]  # fmt: skip
    assert person.seen == [1, 3, 4, 5, 6, 7, 8]
    assert page_clicks(page) == person.clicks == 7  # every click the person's, none tebiki's
    assert mock_site.account_exists(session.email)
    assert [m["path"] for m in mock_site.mutations(session)] == ["/withdrawal"]
