"""`tebiki preflight` end to end: the real command reads the real mock site's pages in a real
Chromium, and its report is checked against the scenario files, day by day and yen by yen.
The scenarios write dates relative to today; the expected dates below are worked out from them.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.other_site.server import OtherSite
from tests.test_other_site import on_site

Tebiki = Callable[..., subprocess.CompletedProcess[str]]


def day(offset: int) -> str:
    return (date.today() + timedelta(days=offset)).isoformat()


def preflight(tebiki: Tebiki, *args: str) -> tuple[int, dict[str, Any]]:
    done = tebiki("preflight", "--format", "json", *args)
    assert "Traceback" not in done.stderr
    return done.returncode, json.loads(done.stdout)


def test_all_blockers_with_dates_and_amounts(tebiki: Tebiki) -> None:
    code, report = preflight(tebiki, "--scenario", "all-blockers")
    assert code == 1 and report["can_leave"] is False
    blockers = {blocker["kind"]: blocker for blocker in report["blockers"]}
    assert list(blockers) == [
        "unfinished-contract",
        "escrow-held",
        "pending-task-approval",
        "unwithdrawn-reward",
    ]
    assert blockers["unfinished-contract"]["title"] == "契約中のお仕事があります(2件)"
    # 仮払い済み 5,500円 and 納品済み 4,000円 are both held in escrow.
    assert blockers["escrow-held"]["amount"] == 9500
    # Deadlines today-3 and today+4: the later one awaits approval for two more weeks, until
    # today+18, and is gone the day after.
    assert blockers["pending-task-approval"]["clears_on"] == day(19)
    # 3,200円 confirmed today-20 can be withdrawn for 180 days, until today+160; gone after.
    assert blockers["unwithdrawn-reward"]["amount"] == 4680
    assert blockers["unwithdrawn-reward"]["clears_on"] == day(161)
    quick = report["quick_withdrawal"]
    assert (quick["fee_percent"], quick["fee"], quick["after_fee"]) == ("5", 234, 4446)
    assert quick["paid_by_bank"] == {"楽天銀行": 4346, "その他の金融機関": 3946}
    assert report["problems"] == []


@pytest.mark.parametrize(
    ("scenario", "kinds"),
    [
        ("unfinished-contract", ["unfinished-contract", "escrow-held"]),
        ("escrow-held", ["unfinished-contract", "escrow-held"]),
        ("pending-task-approval", ["pending-task-approval"]),
        ("unwithdrawn-reward", ["unwithdrawn-reward"]),
    ],
)
def test_each_blocker_alone(tebiki: Tebiki, scenario: str, kinds: list[str]) -> None:
    code, report = preflight(tebiki, "--scenario", scenario)
    assert code == 1
    assert [blocker["kind"] for blocker in report["blockers"]] == kinds
    assert report["problems"] == []


@pytest.mark.parametrize("scenario", ["clean", "lapsing-reward"])
def test_nothing_blocks_leaving(tebiki: Tebiki, scenario: str) -> None:
    done = tebiki("preflight", "--scenario", scenario)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "退会を妨げるものは見つかりませんでした。" in done.stdout


def test_the_last_day_still_blocks_on_the_site_and_in_the_report(tebiki: Tebiki) -> None:
    # A task whose 応募期限 was 14 days ago and a reward confirmed 180 days ago: today is
    # their last day. The site still refuses, and the report says so, clearing tomorrow.
    code, report = preflight(tebiki, "--scenario", "last-day")
    assert code == 1
    assert [(b["kind"], b["clears_on"]) for b in report["blockers"]] == [
        ("pending-task-approval", day(1)),
        ("unwithdrawn-reward", day(1)),
    ]
    refused = tebiki("run", "withdraw-email", "--scenario", "last-day", "--confirm")
    assert refused.returncode == 1
    assert "承認待ちのタスク作業があります(1件)" in refused.stderr
    assert "未出金の報酬があります(800円)" in refused.stderr


def test_the_rules_of_the_day_asked_for(tebiki: Tebiki) -> None:
    # 525円: below today's 530円 minimum, above 2019's 520円.
    _, today = preflight(tebiki, "--scenario", "small-reward")
    _, then = preflight(tebiki, "--scenario", "small-reward", "--as-of", "2019-12-01")
    assert today["quick_withdrawal"]["possible"] is False
    assert then["quick_withdrawal"]["possible"] is True
    # 525 × 3.5% = 18.375 → 18; 507 after the fee; 楽天銀行 100円 → 407.
    assert (then["quick_withdrawal"]["fee"], then["quick_withdrawal"]["after_fee"]) == (18, 507)
    assert then["quick_withdrawal"]["paid_by_bank"]["楽天銀行"] == 407


def test_the_text_report_reads_like_the_article(tebiki: Tebiki) -> None:
    done = tebiki("preflight", "--scenario", "all-blockers")
    out = done.stdout
    assert done.returncode == 1
    assert "退会できない理由が4件あります。" in out
    assert "もしくは「契約途中終了リクエスト」を送信し、契約をキャンセルしてください。" in out
    assert "「応募期限」から2週間が経過すれば自動的に非承認になります。" in out
    assert "出金するか半年待って、報酬金が0円になってから退会できます。" in out
    assert "クイック出金(手数料5%、530円から):4,680円 − 手数料234円 = 4,446円" in out
    english = tebiki("preflight", "--scenario", "all-blockers", "--lang", "en").stdout
    assert "4 things block leaving." in english


def test_a_site_without_those_pages_gets_report_lines(tebiki: Tebiki, tmp_path: Path) -> None:
    # The second test site has the withdrawal path only: no 契約一覧, タスク承認待ち or 報酬.
    # Each part fails on its own, the rest are still tried, and the report says what failed.
    with OtherSite() as site:
        options = on_site(site, site.new_account(), tmp_path)[:4]
        done = tebiki("preflight", *options, "--timeout", "1000")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    for part in ("契約一覧", "タスク承認待ち", "報酬"):
        assert f"{part}を確認できませんでした" in done.stdout
    assert "link 「契約一覧」 under お仕事の状況 not found" in done.stdout


def test_an_unreachable_site_is_the_environment(tebiki: Tebiki) -> None:
    done = tebiki("preflight", "--base-url", "http://127.0.0.1:9/")
    assert done.returncode == 3 and "Traceback" not in done.stderr


def test_a_bad_as_of_date_is_bad_input(tebiki: Tebiki) -> None:
    done = tebiki("preflight", "--as-of", "2019年12月1日")
    assert done.returncode == 2
    assert "--as-of" in done.stderr and "Traceback" not in done.stderr


def test_a_blocked_withdrawal_fails_with_the_site_s_reason(tebiki: Tebiki) -> None:
    done = tebiki("run", "withdraw-email", "--scenario", "unfinished-contract", "--confirm")
    assert done.returncode == 1
    assert "the site refused it: 退会できません。" in done.stderr
    assert "契約中のお仕事があります(2件)" in done.stderr
    assert "Traceback" not in done.stderr


def test_check_escrow_says_which_contract_to_wait_for(tebiki: Tebiki) -> None:
    done = tebiki("dry-run", "check-escrow", "--scenario", "escrow-pending")
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stdout.splitlines() if line.startswith("  ! ")]
    assert warnings == [
        "  ! 「新商品のネーミング案募集」(合同会社サンプル企画)は"
        "「仮払い待ち」です。仮払い済みになるまで作業を始めないでください"
    ]
    assert "mock site: 0 changing requests" in done.stdout


def test_vet_client_for_the_client_named(tebiki: Tebiki) -> None:
    done = tebiki("dry-run", "vet-client", "--var", "client=合同会社サンプル企画")
    assert done.returncode == 0, done.stderr
    assert "rating:\n  3.2\n  ! 総合評価が3.2と低めです。" in done.stdout
    # Its one low rater has no rating of its own: shown as read, no advice about it.
    assert "member: しんや | given: 2 | member_rating: 評価なし" in done.stdout
    assert "しんやさん自身" not in done.stdout


def test_vet_client_for_a_client_not_on_the_page(tebiki: Tebiki) -> None:
    done = tebiki("dry-run", "vet-client", "--var", "client=株式会社どこにもない")
    assert done.returncode == 1
    assert "link 「株式会社どこにもない」 not found" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("flow", "images"), [("check-escrow", 3), ("vet-client", 5), ("find-help", 5)]
)
def test_the_article_flows_make_tutorials(
    tebiki: Tebiki, tmp_path: Path, flow: str, images: int
) -> None:
    done = tebiki("shots", flow, "-o", str(tmp_path / flow), "--scenario", "escrow-pending")
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / flow).glob("*.png"))) == 2 * images  # each with its crop
    tutorial = (tmp_path / flow / "tutorial.md").read_text(encoding="utf-8")
    caption = {
        "check-escrow": "仕事の欄が仮払済み、というステータスになってからお仕事を開始しましょう",
        "vet-client": "「低評価をつけたメンバー」の評価までみると安心です",
        "find-help": "ちょっとした困りごとは、一番下のメニューの「みんなの相談所」へ",
    }[flow]
    assert caption in tutorial
