"""The article's other flows (preflight, check-escrow, vet-client, find-help) played dry in a real
Chromium on the real mock site, in every scenario: each step reached, what was read is what the
pages show, and nothing reaches the site (no changing request, no click, key or input event)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext

from tebiki.flowfile.loader import find_flow, load_flow
from tebiki.playing.play import play_flow
from tebiki.playing.player import PlayResult
from tebiki_mock import MockSession, MockSite
from tests.test_dry_run import page_events

OpenContext = Callable[[MockSession], BrowserContext]
SCENARIOS = (
    "clean",
    "unfinished-contract",
    "escrow-held",
    "escrow-pending",
    "pending-task-approval",
    "unwithdrawn-reward",
    "all-blockers",
)


def play_dry(
    site: MockSite,
    open_context: OpenContext,
    flow_name: str,
    scenario: str,
    labels: str = "article",
) -> tuple[MockSession, PlayResult, list[dict[str, object]]]:
    flow = load_flow(find_flow(flow_name))
    session = site.open_session("email", scenario=scenario, labels=labels)
    page = open_context(session).new_page()
    shown = {"display_name": session.display_name, "client": session.sample_client}
    variables = {name: value for name, value in shown.items() if name in flow.variables}
    result = play_flow(page, flow, "dry-run", base_url=site.base_url + "/", variables=variables)
    return session, result, page_events(page)


# The flows that read the member's own pages, in every scenario; the others do not depend on it.
CELLS = [(flow, scenario) for flow in ("preflight", "check-escrow") for scenario in SCENARIOS] + [
    (flow, scenario)
    for flow in ("vet-client", "find-help")
    for scenario in ("clean", "all-blockers")
]


@pytest.mark.parametrize(("flow_name", "scenario"), CELLS)
def test_every_article_flow_walks_dry_and_touches_nothing(
    mock_site: MockSite, open_context: OpenContext, flow_name: str, scenario: str
) -> None:
    session, result, events = play_dry(mock_site, open_context, flow_name, scenario)
    flow = load_flow(find_flow(flow_name))
    assert result.completed
    assert [report.number for report in result.reports] == list(range(1, len(flow.steps) + 1))
    assert mock_site.mutations(session) == []
    assert events == []


def test_preflight_reads_what_the_pages_show(
    mock_site: MockSite, open_context: OpenContext
) -> None:
    _, result, _ = play_dry(mock_site, open_context, "preflight", "all-blockers")
    contracts = result.readings["contracts"].rows
    assert [(row["status"], row["amount"]) for row in contracts] == [
        ("仮払い済み", "5,500円"),
        ("納品済み", "4,000円"),
    ]
    assert [row["task"] for row in result.readings["tasks"].rows] == [
        "商品モニターのアンケート回答",
        "新商品のネーミング案の投稿",
    ]
    assert [row["amount"] for row in result.readings["rewards"].rows] == ["3,200円", "1,480円"]


def test_clean_pages_read_as_empty_tables(mock_site: MockSite, open_context: OpenContext) -> None:
    _, result, _ = play_dry(mock_site, open_context, "preflight", "clean")
    for name in ("contracts", "tasks", "rewards"):
        assert result.readings[name].found and result.readings[name].rows == []
        assert result.readings[name].problems == []


def test_check_escrow_warns_only_about_contracts_not_in_escrow(
    mock_site: MockSite, open_context: OpenContext
) -> None:
    _, result, _ = play_dry(mock_site, open_context, "check-escrow", "escrow-pending")
    advice = result.readings["contracts"].advice
    assert advice == [
        "「新商品のネーミング案募集」(合同会社サンプル企画)は「仮払い待ち」です。"
        "仮払い済みになるまで作業を始めないでください"
    ]


def test_vet_client_reads_the_rating_and_the_low_raters_own_ratings(
    mock_site: MockSite, open_context: OpenContext
) -> None:
    _, result, _ = play_dry(mock_site, open_context, "vet-client", "clean")
    assert result.readings["rating"].value == "4.6"
    raters = result.readings["low_raters"]
    assert [(row["member"], row["member_rating"]) for row in raters.rows] == [
        ("こうじ", "2.1"),
        ("あやか", "4.7"),
    ]
    # Only the rater whose own rating is low is pointed out.
    assert len(raters.advice) == 1 and "こうじ" in raters.advice[0]
