"""The mock site's pages beyond the withdrawal path, over plain HTTP with a fixed "today":
contracts, task work awaiting approval, rewards, what blocks leaving, the market and help pages,
and the scenario files that describe them."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from test_mock_site import Browser, set_password

from tebiki_mock import MockSite
from tebiki_mock.scenarios import DEFAULT_FIXTURES_DIR, ScenarioError, load_scenarios
from tebiki_mock.work import format_date, format_yen, parse_date

TODAY = date(2026, 1, 12)
ACTIVE = "/e/contracts?status=active"
FINISHED = "/e/contracts?status=finished"

FINISH_OR_END = "業務を完了するか、契約途中終了リクエストを送信してください。"
CONTRACTS_1 = f"契約中のお仕事があります(1件)。{FINISH_OR_END}"
CONTRACTS_2 = f"契約中のお仕事があります(2件)。{FINISH_OR_END}"
ESCROW_5500 = "仮払いされている金額があります(5,500円)。"
TASKS_2 = "承認待ちのタスク作業があります(2件)。"
REWARDS = "未出金の報酬があります(4,680円)。"


@pytest.fixture(scope="module")
def site() -> Iterator[MockSite]:
    with MockSite(today=lambda: TODAY) as running:
        yield running


def browse(site: MockSite, scenario: str, account: str = "email") -> Browser:
    return Browser(site, site.open_session(account=account, scenario=scenario))


def text(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def main_of(body: str) -> str:
    return body[body.index("<main>") : body.index("</main>")]


def table(body: str, caption: str) -> tuple[list[str], list[list[str]]]:
    """The column headers and the rows (cell texts) of the table with this caption."""
    start = body.index(f"<caption>{caption}</caption>")
    chunk = body[start : body.index("</table>", start)]
    headers = [text(th) for th in re.findall(r'<th scope="col">(.*?)</th>', chunk)]
    tbody = chunk[chunk.index("<tbody>") :]
    rows = [
        [text(td) for td in re.findall(r"<td>(.*?)</td>", tr)]
        for tr in re.findall(r"<tr>(.*?)</tr>", tbody)
    ]
    return headers, rows


def alert_items(body: str) -> list[str]:
    refusal = r'<div class="alert" role="alert"><p>退会できません。</p><ul>(.*?)</ul>'
    match = re.search(refusal, body)
    assert match, "no 退会できません。 alert"
    return [text(li) for li in re.findall(r"<li>(.*?)</li>", match.group(1))]


def withdraw(browser: Browser) -> object:
    return browser.submit("/withdrawal", "/withdrawal", {"confirm": "1", "reason": ""})


# Formats and dates ------------------------------------------------------------------------------


def test_dates_and_amounts_render_the_sites_way() -> None:
    assert format_date(date(2026, 1, 5)) == "2026年1月5日"
    assert format_date(date(2026, 11, 24)) == "2026年11月24日"
    assert format_yen(4680) == "4,680円" and format_yen(525) == "525円"
    assert parse_date("today", "x").resolve(TODAY) == TODAY
    assert parse_date("today-3", "x").resolve(TODAY) == date(2026, 1, 9)
    assert parse_date("today+10", "x").resolve(TODAY) == date(2026, 1, 22)
    assert parse_date("2026-11-24", "x").resolve(TODAY) == date(2026, 11, 24)
    assert parse_date(date(2026, 11, 24), "x").resolve(TODAY) == date(2026, 11, 24)


# Dashboard and header ---------------------------------------------------------------------------


def test_header_links_jobs_and_rewards(site: MockSite) -> None:
    body = browse(site, "clean").get("/dashboard").body
    header = body[body.index("<header") : body.index("</header>")]
    assert header.index(">マイページ</a>") < header.index('<a href="/jobs">仕事を探す</a>')
    assert '<a href="/rewards">報酬</a>' in header
    footer = body[body.index("<footer") :]
    assert '<a href="/contact">お問い合わせ</a>' in footer
    assert '<a href="/consultation">みんなの相談所</a>' in footer


@pytest.mark.parametrize(
    ("scenario", "counts"),
    [
        ("clean", ["契約一覧 契約中 0件", "タスク承認待ち 0件", "報酬 未出金 0円"]),
        ("all-blockers", ["契約一覧 契約中 2件", "タスク承認待ち 2件", "報酬 未出金 4,680円"]),
        ("lapsing-reward", ["契約一覧 契約中 0件", "タスク承認待ち 0件", "報酬 未出金 0円"]),
    ],
)
def test_dashboard_shows_live_counts(site: MockSite, scenario: str, counts: list[str]) -> None:
    body = main_of(browse(site, scenario).get("/dashboard").body)
    section = body[body.index(">お仕事の状況</h2>") : body.index(">お知らせ</h2>")]
    assert [text(li) for li in re.findall(r"<li>(.*?)</li>", section)] == counts
    for href in (ACTIVE, "/tasks/pending", "/rewards"):
        assert f'href="{href}"' in section
    assert "ナミさん、こんにちは" in body and "仮払い済みになってから作業を始めましょう。" in body


# 契約一覧 ------------------------------------------------------------------------------------


def test_contract_lists_filter_by_status_from_the_query_string(site: MockSite) -> None:
    browser = browse(site, "clean")
    active = main_of(browser.get(ACTIVE).body)
    assert "<h1>契約一覧</h1>" in active
    headers, rows = table(active, "契約中のお仕事")
    assert headers == ["仕事", "クライアント", "契約金額", "状態", "納期"] and rows == []
    assert "<tbody></tbody></table><p" in active and "契約中のお仕事はありません。" in active
    assert f'href="{FINISHED}">完了したお仕事</a>' in active

    finished = main_of(browser.get(FINISHED).body)
    assert table(finished, "完了したお仕事")[1] == [
        ["旅行記事のリライト", "株式会社ミライ書房", "3,200円", "完了", "2025年12月13日"]
    ]
    assert "完了したお仕事はありません。" not in finished
    # No query, or one the page does not know: the active ones, like the default tab.
    for path in ("/e/contracts", "/e/contracts?status=x", "/e/contracts?page=2&status=active"):
        assert table(browser.get(path).body, "契約中のお仕事")[1] == [], path


def test_unfinished_contract_rows_and_links(site: MockSite) -> None:
    body = main_of(browse(site, "unfinished-contract").get(ACTIVE).body)
    assert table(body, "契約中のお仕事")[1] == [
        [
            "ブログ記事の作成(2000文字程度)",
            "株式会社ミライ書房",
            "5,500円",
            "仮払い済み",
            "2026年1月22日",
        ],
        [
            "新商品のネーミング案募集",
            "合同会社サンプル企画",
            "3,000円",
            "仮払い待ち",
            "2026年2月1日",
        ],
    ]
    assert re.search(r'<a href="/contracts/\d+">ブログ記事の作成', body)
    assert '<a href="/public/clients/301">株式会社ミライ書房</a>' in body


def test_escrow_pending_shows_both_statuses(site: MockSite) -> None:
    rows = table(browse(site, "escrow-pending").get(ACTIVE).body, "契約中のお仕事")[1]
    assert [(row[3], row[2]) for row in rows] == [
        ("仮払い待ち", "10,000円"),
        ("仮払い済み", "4,000円"),
    ]


def test_contract_page_and_end_request(site: MockSite) -> None:
    session = site.open_session(scenario="escrow-held")
    browser = Browser(site, session)
    path = re.search(r'href="(/contracts/\d+)"', browser.get(ACTIVE).body).group(1)
    page = main_of(browser.get(path).body)
    assert "<h1>ブログ記事の作成(2000文字程度)</h1>" in page
    facts = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", page))
    assert {k: text(v) for k, v in facts.items()} == {
        "クライアント": "株式会社ミライ書房",
        "契約金額": "5,500円",
        "状態": "納品済み",
        "納期": "2026年1月10日",
    }
    assert '<label for="reason">理由</label>' in page
    assert '<button type="submit" class="btn">契約途中終了リクエスト</button>' in page

    empty = browser.submit(path, f"{path}/end_request", {"reason": " "})
    assert empty.status == 200 and 'role="alert">理由を入力してください' in empty.body
    sent = browser.submit(path, f"{path}/end_request", {"reason": "体調不良のため"})
    assert sent.status == 303 and sent.location == path
    after = browser.get(path).body
    assert '<div class="notice" role="status">契約途中終了リクエストを送信しました</div>' in after
    assert "<dd>途中終了リクエスト中</dd>" in after and "<textarea" not in after
    assert site.mutations(session)[-1] == {
        "method": "POST",
        "path": f"{path}/end_request",
        "fields": ["authenticity_token", "reason"],
    }
    # Still in progress: it keeps blocking, and its escrow is still held.
    assert table(browser.get(ACTIVE).body, "契約中のお仕事")[1][0][3] == "途中終了リクエスト中"
    assert alert_items(withdraw(browser).body) == [CONTRACTS_1, ESCROW_5500]
    assert site.account_exists(session.email)
    # Another account's contract is not there for this one.
    assert browse(site, "escrow-held").get(path).status == 404


# タスク承認待ち and 報酬 ---------------------------------------------------------------------


def test_pending_tasks(site: MockSite) -> None:
    body = main_of(browse(site, "pending-task-approval").get("/tasks/pending").body)
    assert "<h1>タスク承認待ち</h1>" in body
    headers, rows = table(body, "承認待ちのタスク作業")
    assert headers == ["タスク", "クライアント", "報酬", "応募期限", "作業日"]
    assert rows == [
        [
            "商品モニターのアンケート回答",
            "株式会社ミライ書房",
            "300円",
            "2026年1月9日",
            "2026年1月7日",
        ],
        [
            "新商品のネーミング案の投稿",
            "合同会社サンプル企画",
            "150円",
            "2026年1月16日",
            "2026年1月11日",
        ],
    ]
    clean = browse(site, "clean").get("/tasks/pending").body
    assert table(clean, "承認待ちのタスク作業")[1] == []
    assert "承認待ちのタスク作業はありません。" in clean


def test_rewards_page(site: MockSite) -> None:
    body = main_of(browse(site, "unwithdrawn-reward").get("/rewards").body)
    assert "<h1>報酬</h1>" in body and "<dt>未出金の報酬</dt><dd>4,680円</dd>" in body
    headers, rows = table(body, "未出金の報酬の内訳")
    assert headers == ["仕事", "金額", "報酬支払い確定日"]
    assert rows == [
        ["旅行記事のリライト", "3,200円", "2025年12月23日"],
        ["ブログ記事の作成(1500文字程度)", "1,480円", "2025年10月4日"],
    ]
    quick = body[body.index(">クイック出金</h2>") :]
    assert "手数料:出金額の5%(530円から出金できます)" in quick
    assert '<label for="amount">出金額</label>' in quick and 'type="number" id="amount"' in quick
    assert '<label for="bank">振込先</label>' in quick
    assert ">楽天銀行</option>" in quick and ">その他の金融機関</option>" in quick
    assert ">クイック出金を申請する</button>" in quick


def test_lapsed_reward_is_not_counted_and_does_not_block(site: MockSite) -> None:
    browser = browse(site, "lapsing-reward")
    body = main_of(browser.get("/rewards").body)
    assert "<dt>未出金の報酬</dt><dd>0円</dd>" in body
    assert table(body, "未出金の報酬の内訳")[1] == [] and "未出金の報酬はありません。" in body
    lapsed = table(body, "失効した報酬")[1]
    assert lapsed == [["口コミ記事の作成", "800円", "2025年7月15日", "失効"]]
    assert "退会できない理由があります" not in browser.get("/withdrawal").body
    assert withdraw(browser).location == "/withdrawal/complete"


def test_quick_withdrawal(site: MockSite) -> None:
    session = site.open_session(scenario="unwithdrawn-reward")
    browser = Browser(site, session)
    for amount, message in [
        ("529", "出金額は530円以上で入力してください"),
        ("4681", "出金額が未出金の報酬(4,680円)を超えています"),
        ("abc", "出金額を半角数字で入力してください"),
    ]:
        reply = browser.submit(
            "/rewards", "/rewards/quick_withdrawal", {"amount": amount, "bank": "rakuten"}
        )
        assert reply.status == 200 and f'role="alert">{message}</div>' in reply.body, amount
    assert "<dd>4,680円</dd>" in browser.get("/rewards").body

    fields = {"amount": "4680", "bank": "other"}
    done = browser.submit("/rewards", "/rewards/quick_withdrawal", fields)
    assert done.status == 303 and done.location == "/rewards"
    page = browser.get("/rewards").body
    assert 'role="status">クイック出金を申請しました</div>' in page
    assert "<dt>未出金の報酬</dt><dd>0円</dd>" in page
    assert site.mutations(session)[-1] == {
        "method": "POST",
        "path": "/rewards/quick_withdrawal",
        "fields": ["authenticity_token", "amount", "bank"],
    }
    assert len(site.mutations(session)) == 4
    assert withdraw(browser).location == "/withdrawal/complete"


def test_small_reward_is_below_todays_minimum(site: MockSite) -> None:
    browser = browse(site, "small-reward")
    assert "<dd>525円</dd>" in browser.get("/rewards").body
    fields = {"amount": "525", "bank": "rakuten"}
    reply = browser.submit("/rewards", "/rewards/quick_withdrawal", fields)
    assert 'role="alert">出金額は530円以上で入力してください' in reply.body
    assert alert_items(withdraw(browser).body) == ["未出金の報酬があります(525円)。"]


# Leaving ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scenario", "items"),
    [
        ("unfinished-contract", [CONTRACTS_2, ESCROW_5500]),
        ("escrow-held", [CONTRACTS_1, ESCROW_5500]),
        ("escrow-pending", [CONTRACTS_2, "仮払いされている金額があります(4,000円)。"]),
        ("pending-task-approval", [TASKS_2]),
        ("unwithdrawn-reward", [REWARDS]),
        (
            "all-blockers",
            [CONTRACTS_2, "仮払いされている金額があります(9,500円)。", TASKS_2, REWARDS],
        ),
    ],
)
def test_withdrawal_is_refused_while_blockers_apply(
    site: MockSite, scenario: str, items: list[str]
) -> None:
    session = site.open_session(scenario=scenario)
    browser = Browser(site, session)
    arrival = main_of(browser.get("/withdrawal").body)
    assert 'role="alert"' not in arrival
    start = arrival.index(">退会できない理由があります</h2>")
    section = arrival[start : arrival.index("</section>")]
    listed = [text(li) for li in re.findall(r"<li>(.*?)</li>", section)]
    assert [entry.rsplit(" ", 1)[0] for entry in listed] == items

    refused = withdraw(browser)
    assert refused.status == 200
    assert alert_items(refused.body) == items
    assert refused.body.count("<p>退会できません。</p>") == 1
    assert site.account_exists(session.email)
    assert site.mutations(session)[-1]["path"] == "/withdrawal"


def test_blocker_links_lead_to_their_pages(site: MockSite) -> None:
    body = browse(site, "all-blockers").get("/withdrawal").body
    section = body[body.index(">退会できない理由があります</h2>") :]
    for href, name in [
        (ACTIVE, "契約一覧"),
        (ACTIVE, "仮払いの状況"),
        ("/tasks/pending", "タスク承認待ち"),
        ("/rewards", "報酬"),
    ]:
        assert f'<a href="{href}">{name}</a>' in section


def test_clean_account_can_leave(site: MockSite) -> None:
    session = site.open_session(scenario="clean")
    browser = Browser(site, session)
    assert "退会できない理由があります" not in browser.get("/withdrawal").body
    assert withdraw(browser).location == "/withdrawal/complete"
    assert not site.account_exists(session.email)


def test_no_password_notice_comes_first_for_social_accounts(site: MockSite) -> None:
    session = site.open_session(account="social", scenario="unwithdrawn-reward")
    browser = Browser(site, session)
    refused = withdraw(browser)
    assert "パスワードが設定されていません。" in refused.body
    assert "<p>退会できません。</p>" not in refused.body
    set_password(browser, "social-pass-1")
    assert alert_items(withdraw(browser).body) == [REWARDS]
    assert site.account_exists(session.email)


# Market and help pages --------------------------------------------------------------------------


def test_jobs_and_client_ratings(site: MockSite) -> None:
    session = site.open_session()
    assert session.sample_client == "株式会社ミライ書房"
    browser = Browser(site, session)
    jobs = main_of(browser.get("/jobs").body)
    assert "<h1>仕事を探す</h1>" in jobs
    assert re.search(
        r"<article[^>]*><h2>ブログ記事の作成\(2000文字程度\)</h2>.*?"
        r'<a href="/public/clients/301">株式会社ミライ書房</a>.*?'
        r"<dt>報酬</dt><dd>1記事 2,000円</dd>",
        jobs,
    )

    client = main_of(browser.get("/public/clients/301").body)
    assert "<h1>株式会社ミライ書房</h1>" in client
    ratings = client[client.index(">評価</h2>") :]
    assert "<dt>総合評価</dt><dd>4.6</dd><dt>評価数</dt><dd>52件</dd>" in ratings
    assert '<a href="/public/clients/301/low_ratings">低評価をつけたメンバー</a>' in ratings
    headers, rows = table(ratings, "最近の評価")
    assert headers == ["評価者", "評価", "コメント"] and len(rows) == 7

    low = main_of(browser.get("/public/clients/301/low_ratings").body)
    assert "<h1>株式会社ミライ書房に低評価をつけたメンバー</h1>" in low
    assert table(low, "低評価をつけたメンバー") == (
        ["メンバー", "つけた評価", "メンバーの総合評価"],
        [["こうじ", "1", "2.1"], ["あやか", "2", "4.7"]],
    )
    member = main_of(browser.get("/public/members/506").body)
    assert "<h1>こうじ</h1>" in member and "<dt>総合評価</dt><dd>2.1</dd>" in member

    other = main_of(browser.get("/public/clients/302/low_ratings").body)
    assert table(other, "低評価をつけたメンバー")[1] == [["しんや", "2", "評価なし"]]
    assert "<dd>3.2</dd>" in browser.get("/public/clients/302").body
    for missing in ("/public/clients/999", "/public/clients/999/low_ratings", "/public/members/1"):
        assert browser.get(missing).status == 404
    assert site.mutations(session) == []


def test_contact_and_consultation(site: MockSite) -> None:
    session = site.open_session()
    browser = Browser(site, session)
    page = main_of(browser.get("/contact").body)
    assert "<h1>お問い合わせ</h1>" in page
    assert '<label for="kind">お問い合わせの種類</label>' in page
    assert '<label for="body">お問い合わせ内容</label>' in page and ">送信する</button>" in page
    missing = browser.submit("/contact", "/contact", {"kind": "", "body": ""})
    assert "お問い合わせの種類を選択してください" in missing.body
    assert "お問い合わせ内容を入力してください" in missing.body
    sent = browser.submit("/contact", "/contact", {"kind": "withdrawal", "body": "退会できません"})
    assert sent.status == 303 and sent.location == "/contact"
    assert 'role="status">お問い合わせを受け付けました' in browser.get("/contact").body
    assert site.mutations(session)[-1] == {
        "method": "POST",
        "path": "/contact",
        "fields": ["authenticity_token", "kind", "body"],
    }

    help_page = main_of(browser.get("/consultation").body)
    assert "<h1>みんなの相談所</h1>" in help_page
    assert "実際にクラウドワークスを利用している人から回答が得られます" in help_page
    assert re.search(r"<li>[^<]+<span[^>]*>回答 \d+件</span></li>", help_page)


def test_new_posts_need_the_csrf_token(site: MockSite) -> None:
    session = site.open_session(scenario="all-blockers")
    browser = Browser(site, session)
    for path in ("/rewards/quick_withdrawal", "/contact", "/contracts/1/end_request"):
        assert browser.post(path, {"amount": "4680", "bank": "rakuten"}).status == 403, path
    assert "<dd>4,680円</dd>" in browser.get("/rewards").body


# Scenario files ---------------------------------------------------------------------------------


def test_every_scenario_has_a_description_and_shared_accounts() -> None:
    scenarios = load_scenarios()
    expected = {
        "clean",
        "unfinished-contract",
        "escrow-held",
        "escrow-pending",
        "pending-task-approval",
        "unwithdrawn-reward",
        "small-reward",
        "lapsing-reward",
        "all-blockers",
    }
    assert expected <= set(scenarios)
    for scenario in scenarios.values():
        assert scenario.description, scenario.name
        email, social = scenario.account("email"), scenario.account("social")
        assert email.registered_with == "email" and social.registered_with != "email"
        assert email.extra == social.extra, scenario.name


def _fixtures(tmp_path: Path, account_yaml: str) -> Path:
    (tmp_path / "scenarios").mkdir()
    shutil.copy(DEFAULT_FIXTURES_DIR / "market.yaml", tmp_path / "market.yaml")
    (tmp_path / "scenarios" / "bad.yaml").write_text(
        "description: x\naccounts:\n  email:\n    display_name: ナミ\n" + account_yaml,
        encoding="utf-8",
    )
    return tmp_path


CONTRACT = (
    "    contracts:\n"
    "      - {{job: j, client: 株式会社ミライ書房, amount: {a}, status: {s}, due: {d}}}\n"
)


@pytest.mark.parametrize(
    ("yaml_text", "key"),
    [
        (CONTRACT.format(a=100, s="進行中", d="today"), "accounts.email.contracts[0].status"),
        (CONTRACT.format(a=100, s="完了", d="yesterday"), "accounts.email.contracts[0].due"),
        (CONTRACT.format(a=100, s="完了", d="2026-13-01"), "accounts.email.contracts[0].due"),
        (CONTRACT.format(a="12.5", s="完了", d="today"), "accounts.email.contracts[0].amount"),
        (CONTRACT.format(a='"5,500"', s="完了", d="today"), "accounts.email.contracts[0].amount"),
        (
            "    rewards:\n      - {job: j, amount: 1, confirmed_on: today - 3}\n",
            "accounts.email.rewards[0].confirmed_on",
        ),
        (
            "    tasks_awaiting_approval:\n      - {task: t, client: 株式会社ミライ書房,"
            " reward: x, deadline: today, worked_on: today}\n",
            "accounts.email.tasks_awaiting_approval[0].reward",
        ),
        ("    rewards: {job: j}\n", "accounts.email.rewards"),
    ],
)
def test_bad_work_data_names_the_file_and_key(tmp_path: Path, yaml_text: str, key: str) -> None:
    fixtures = _fixtures(tmp_path, yaml_text)
    with pytest.raises(ScenarioError) as caught:
        load_scenarios(fixtures)
    message = str(caught.value)
    assert str(fixtures / "scenarios" / "bad.yaml") in message and key in message


def test_unknown_client_is_refused(tmp_path: Path) -> None:
    fixtures = _fixtures(
        tmp_path,
        CONTRACT.replace("株式会社ミライ書房", "謎の会社").format(a=1, s="完了", d="today"),
    )
    with pytest.raises(ScenarioError, match=r"bad\.yaml: accounts\.email\.contracts\[0\]\.client"):
        MockSite(fixtures_dir=fixtures)


def test_tasks_lapse_after_two_weeks_and_rewards_after_180_days(tmp_path: Path) -> None:
    fixtures = _fixtures(
        tmp_path,
        """\
    tasks_awaiting_approval:
      - task: 期限から14日
        client: 株式会社ミライ書房
        reward: 100
        deadline: today-14
        worked_on: today-20
      - task: 期限から15日
        client: 株式会社ミライ書房
        reward: 100
        deadline: 2025-12-28
        worked_on: 2025-12-20
    rewards:
      - {job: 確定から180日, amount: 700, confirmed_on: today-180}
      - {job: 確定から181日, amount: 900, confirmed_on: today-181}
""",
    )
    with MockSite(fixtures_dir=fixtures, today=lambda: TODAY) as custom:
        browser = Browser(custom, custom.open_session(scenario="bad"))
        tasks = table(browser.get("/tasks/pending").body, "承認待ちのタスク作業")[1]
        assert [row[0] for row in tasks] == ["期限から14日"]
        assert tasks[0][3] == "2025年12月29日"
        rewards = browser.get("/rewards").body
        assert [row[0] for row in table(rewards, "未出金の報酬の内訳")[1]] == ["確定から180日"]
        assert "<dt>未出金の報酬</dt><dd>700円</dd>" in rewards
        assert alert_items(withdraw(browser).body) == [
            "承認待ちのタスク作業があります(1件)。",
            "未出金の報酬があります(700円)。",
        ]
