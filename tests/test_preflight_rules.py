"""The preflight's pure parts: reading yen and dates as pages write them, the dated rules, and the
report. Expected dates and amounts are worked out by hand in the comments, not by the code."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tebiki.page.reading import Reading
from tebiki.page.values import parse_amount, parse_date, parse_number
from tebiki.preflight.preflight import judge, render_text
from tebiki.preflight.rules import load_rules

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("shown", "amount"),
    [
        ("4,680円", 4680),
        ("¥4,680", 4680),
        ("４，６８０円", 4680),
        ("4,680 円(税込)", 4680),
        ("530", 530),
        ("1,000,000円", 1000000),
        ("0円", 0),
        ("", None),
        ("未定", None),
        ("1,000円〜2,000円", None),
        ("12,34円", None),
        ("-500円", None),
        (None, None),
    ],
)
def test_amounts_as_pages_write_them(shown: str | None, amount: int | None) -> None:
    assert parse_amount(shown) == amount


@pytest.mark.parametrize(
    ("shown", "day"),
    [
        ("2026年11月24日", date(2026, 11, 24)),
        ("2026年1月5日(月)", date(2026, 1, 5)),
        ("２０２６年１１月２４日", date(2026, 11, 24)),
        ("令和8年11月24日", date(2026, 11, 24)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("R8.11.24", date(2026, 11, 24)),
        ("2026/11/24", date(2026, 11, 24)),
        ("2026-11-24", date(2026, 11, 24)),
        ("2026/11/24 23:59", date(2026, 11, 24)),
        ("2026年11月24日 23:59", date(2026, 11, 24)),
        ("令和0年1月1日", None),
        ("11月24日", None),
        ("近日", None),
        ("2026年2月30日", None),
        ("", None),
    ],
)
def test_dates_as_pages_write_them(shown: str, day: date | None) -> None:
    assert parse_date(shown) == day


def test_ratings_are_numbers_and_words_are_not() -> None:
    assert parse_number("4.6") == 4.6
    assert parse_number("★2") == 2.0
    assert parse_number("2.9 (52件)") == 2.9
    assert parse_number("評価なし") is None


def test_the_rules_in_force_change_on_their_dates() -> None:
    before, last_old_day, first_new_day = (
        load_rules(date(2019, 12, 1)),
        load_rules(date(2020, 2, 2)),
        load_rules(date(2020, 2, 3)),
    )
    assert (str(before.quick_fee_percent), before.quick_minimum) == ("3.5", 520)
    assert (str(last_old_day.quick_fee_percent), last_old_day.quick_minimum) == ("3.5", 520)
    assert (str(first_new_day.quick_fee_percent), first_new_day.quick_minimum) == ("5", 530)
    assert load_rules(TODAY).bank_fees == {"楽天銀行": 100, "その他の金融機関": 500}


def test_fees_are_rounded_down_to_the_yen() -> None:
    # 4,680 × 5% = 234 exactly; × 3.5% = 163.8 → 163; 530 × 5% = 26.5 → 26; 525 × 3.5% =
    # 18.375 → 18.
    assert load_rules(TODAY).quick_fee(4680) == 234
    assert load_rules(date(2019, 12, 1)).quick_fee(4680) == 163
    assert load_rules(TODAY).quick_fee(530) == 26
    assert load_rules(date(2019, 12, 1)).quick_fee(525) == 18


def test_last_days_of_rewards_and_tasks() -> None:
    rules = load_rules(TODAY)
    # 出金申請期限 is 180 days after 報酬支払い確定日: 2026-11-07 + 180 days: 23 days to Nov 30,
    # then 31+31+28+31+30 = 151 → Apr 30 is +174, so +180 is 2027-05-06.
    assert rules.withdrawable_until(date(2026, 11, 7)) == date(2027, 5, 6)
    # Confirmed before 2017-07-11: counted from that day, so the last day was 2018-01-07.
    assert rules.withdrawable_until(date(2017, 3, 1)) == date(2018, 1, 7)
    # Before that rule, the article's 半年: six calendar months.
    assert load_rules(date(2016, 1, 1)).withdrawable_until(date(2015, 8, 31)) == date(2016, 2, 29)
    # 応募期限 + 2 weeks.
    assert rules.awaiting_until(date(2026, 11, 24)) == date(2026, 12, 8)


def _rows(name: str, *rows: dict[str, str]) -> Reading:
    return Reading(name, "rows", rows=list(rows))


ALL_BLOCKERS = {
    "contracts": _rows(
        "contracts",
        {
            "job": "ブログ記事の作成",
            "client": "株式会社ミライ書房",
            "amount": "5,500円",
            "status": "仮払い済み",
        },
        {
            "job": "商品紹介文",
            "client": "合同会社サンプル企画",
            "amount": "3,000円",
            "status": "仮払い待ち",
        },
        {"job": "旅行記事", "client": "株式会社ミライ書房", "amount": "8,000円", "status": "完了"},
    ),
    "tasks": _rows(
        "tasks",
        {"task": "アンケート回答", "deadline": "2026年11月24日"},
        {"task": "商品モニター", "deadline": "2026年12月1日"},
    ),
    "rewards": _rows(
        "rewards",
        {"job": "旅行記事のリライト", "amount": "3,200円", "confirmed_on": "2026年11月7日"},
        {"job": "口コミ記事", "amount": "1,480円", "confirmed_on": "2026年8月19日"},
    ),
}


def test_every_blocker_with_its_remedy_and_dates() -> None:
    report = judge(ALL_BLOCKERS, load_rules(TODAY), today=TODAY)
    kinds = [blocker.kind for blocker in report.blockers]
    assert kinds == [
        "unfinished-contract",
        "escrow-held",
        "pending-task-approval",
        "unwithdrawn-reward",
    ]
    contracts, escrow, tasks, rewards = report.blockers
    assert contracts.title == "契約中のお仕事があります(2件)"
    assert "契約途中終了リクエスト" in contracts.remedy
    assert escrow.amount == 5500 and escrow.title == "仮払いされている金額があります(5,500円)"
    # The later deadline, 2026-12-01: two weeks have passed at the end of 12-15; free on 12-16.
    assert tasks.clears_on == date(2026, 12, 16)
    assert "2週間が経過すれば自動的に非承認" in tasks.remedy
    # Last days 2026-08-19 + 180 = 2027-02-15 and 2026-11-07 + 180 = 2027-05-06; the later one
    # has lapsed on 2027-05-07.
    assert rewards.amount == 4680 and rewards.clears_on == date(2027, 5, 7)
    assert "出金するか半年待って" in rewards.remedy
    quick = report.quick_withdrawal
    assert quick is not None and quick.possible
    assert (quick.fee, quick.after_fee) == (234, 4446)
    assert quick.paid_by_bank == {"楽天銀行": 4346, "その他の金融機関": 3946}
    assert not report.clear


def test_the_same_pages_judged_by_the_2019_rules() -> None:
    report = judge(ALL_BLOCKERS, load_rules(date(2019, 12, 1)), today=TODAY)
    quick = report.quick_withdrawal
    assert quick is not None
    # 4,680 × 3.5% = 163.8 → 163; 4,680 − 163 = 4,517.
    assert (quick.fee_percent, quick.minimum, quick.fee, quick.after_fee) == ("3.5", 520, 163, 4517)
    assert quick.paid_by_bank == {"楽天銀行": 4417, "その他の金融機関": 4017}
    text = render_text(report)
    assert "手数料3.5%、520円から" in text and "2019年12月1日時点" in text


def test_a_reward_between_the_two_minimums() -> None:
    rewards = {
        "contracts": _rows("contracts"),
        "tasks": _rows("tasks"),
        "rewards": _rows(
            "rewards", {"job": "記事", "amount": "525円", "confirmed_on": "2026年10月28日"}
        ),
    }
    today = judge(rewards, load_rules(TODAY), today=TODAY).quick_withdrawal
    then = judge(rewards, load_rules(date(2019, 12, 1)), today=TODAY).quick_withdrawal
    assert today is not None and not today.possible
    assert "530円から" in today.lines[0]
    # 525 − 18 = 507; after 楽天銀行's 100円, 407; after 500円, 7.
    assert then is not None and then.possible
    assert then.paid_by_bank == {"楽天銀行": 407, "その他の金融機関": 7}


def test_nothing_blocks_an_account_with_empty_tables() -> None:
    empty = {name: _rows(name) for name in ("contracts", "tasks", "rewards")}
    report = judge(empty, load_rules(TODAY), today=TODAY)
    assert report.clear
    assert "退会を妨げるものは見つかりませんでした" in render_text(report)


def test_bad_values_become_report_lines() -> None:
    readings = {
        "contracts": _rows(
            "contracts", {"job": "記事", "client": "A", "amount": "応相談", "status": "作業中"}
        ),
        "tasks": _rows("tasks", {"task": "回答", "deadline": "11月24日"}),
        "rewards": Reading.not_found(
            "rewards", "rows", "table 「未出金の報酬の内訳」 not found on http://x/rewards"
        ),
    }
    report = judge(readings, load_rules(TODAY), today=TODAY)
    text = render_text(report)
    assert "「応相談」は金額として読めません" in text
    assert "「作業中」は知らない言葉です" in text
    assert "応募期限「11月24日」が日付として読めない" in text
    assert "報酬を確認できませんでした" in text
    tasks = next(b for b in report.blockers if b.kind == "pending-task-approval")
    assert tasks.clears_on is None
    assert not report.clear


def test_rows_past_their_last_day_still_block_while_the_site_shows_them() -> None:
    readings = {
        "contracts": _rows("contracts"),
        "tasks": _rows("tasks", {"task": "回答", "deadline": "2026年11月1日"}),
        "rewards": _rows(
            "rewards", {"job": "記事", "amount": "800円", "confirmed_on": "2026年5月29日"}
        ),
    }
    report = judge(readings, load_rules(TODAY), today=TODAY)
    # 11-01 + 14 = 11-15 and 05-29 + 180 = 11-25 are both past; the pages still list them,
    # so the site will still refuse: blockers, with no date to clear by.
    assert [b.kind for b in report.blockers] == ["pending-task-approval", "unwithdrawn-reward"]
    assert all(b.clears_on is None for b in report.blockers)
    assert "まだ承認待ちと表示されています" in report.blockers[0].items[0]
    assert "まだ未出金と表示されています" in report.blockers[1].items[0]


def test_the_last_day_itself_still_blocks() -> None:
    readings = {
        "contracts": _rows("contracts"),
        "tasks": _rows("tasks", {"task": "回答", "deadline": "2026年11月13日"}),
        "rewards": _rows(
            "rewards", {"job": "記事", "amount": "800円", "confirmed_on": "2026年5月31日"}
        ),
    }
    report = judge(readings, load_rules(TODAY), today=TODAY)
    # 11-13 + 14 = 11-27 and 05-31 + 180 = 11-27: today is the last day; free tomorrow.
    assert [b.clears_on for b in report.blockers] == [date(2026, 11, 28), date(2026, 11, 28)]


def test_zero_negative_and_unreadable_amounts() -> None:
    readings = {
        "contracts": _rows(
            "contracts", {"job": "記事", "client": "A", "amount": "応相談", "status": "仮払い済み"}
        ),
        "tasks": _rows("tasks"),
        "rewards": _rows(
            "rewards",
            {"job": "a", "amount": "0円", "confirmed_on": "2026年11月1日"},
            {"job": "b", "amount": "600円", "confirmed_on": "2026年11月1日"},
            {"job": "c", "amount": "1,000円~", "confirmed_on": "2026年11月1日"},
            {"job": "d", "amount": "-500円", "confirmed_on": "2026年11月1日"},
        ),
    }
    report = judge(readings, load_rules(TODAY), today=TODAY)
    escrow = next(b for b in report.blockers if b.kind == "escrow-held")
    rewards = next(b for b in report.blockers if b.kind == "unwithdrawn-reward")
    # An amount that cannot be read is never counted as 0円.
    assert escrow.amount is None
    assert escrow.title == "仮払いされている金額があります(0円+読めない金額1件)"
    # 0円 is nothing to withdraw; "1,000円~" and "-500円" are not amounts.
    assert rewards.amount is None and len(rewards.items) == 3
    assert rewards.title == "未出金の報酬があります(600円+読めない金額2件)"
    quick = report.quick_withdrawal
    assert quick is not None and quick.fee is None
    assert quick.lines == ["読めない金額が2件あるため、クイック出金の手数料は計算していません"]
    assert sum("は金額として読めません" in problem for problem in report.problems) == 3


def test_json_and_english() -> None:
    report = judge(ALL_BLOCKERS, load_rules(TODAY), "en", today=TODAY)
    data = json.loads(json.dumps(report.as_dict(), ensure_ascii=False))
    assert data["can_leave"] is False and data["as_of"] == "2026-11-27"
    assert data["blockers"][2]["clears_on"] == "2026-12-16"
    assert data["as_of"] == data["today"] == "2026-11-27"
    assert data["rules"]["quick_withdrawal"]["fee_percent"] == "5"
    assert data["blockers"][0]["title"] == "Unfinished contracts (2)"
    assert "Two weeks after the 応募期限" in data["blockers"][2]["remedy"]
