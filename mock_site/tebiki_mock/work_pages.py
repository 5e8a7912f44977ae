"""Page bodies beyond the withdrawal path: the member's work (契約一覧, タスク承認待ち, 報酬), what
blocks leaving, and the article's other pages (仕事を探す, a client's ratings, お問い合わせ,
みんなの相談所). Each page returns (title, body HTML).

Everything a flow needs is reachable by role and name: tables have a caption and column headers,
facts are <dl> pairs, sections are named by their headings, fields by their labels.
"""

from __future__ import annotations

from collections.abc import Sequence

from .layout import View, alert, csrf_input, esc, status_message
from .market import Client, Market, Member
from .work import (
    BANKS,
    CONTRACTS_ACTIVE,
    CONTRACTS_FINISHED,
    END_REQUESTED,
    FINISHED,
    REWARD_LAPSE_DAYS,
    TASK_AUTO_REJECT_DAYS,
    Blocker,
    Contract,
    Work,
    format_date,
    format_yen,
    quick_withdrawal_rule,
)

Page = tuple[str, str]

CURRENT = ' aria-current="page"'
AUTO_REJECT_NOTE = (
    f"応募期限から{TASK_AUTO_REJECT_DAYS // 7}週間が経過したタスク作業は、"
    "自動的に非承認になります。"
)

CONTACT_KINDS = (
    ("", "選択してください"),
    ("withdrawal", "退会について"),
    ("reward", "報酬・出金について"),
    ("contract", "契約・トラブルについて"),
    ("other", "その他"),
)


def _work(view: View) -> Work:
    if view.account is None:
        raise ValueError("this page needs a logged-in account")
    return view.account.work


def _options(values: Sequence[tuple[str, str]], selected: str) -> str:
    return "".join(
        f'<option value="{esc(v)}"{" selected" if v == selected else ""}>{esc(text)}</option>'
        for v, text in values
    )


def _section(key: str, title: str, inner: str) -> str:
    # Named by its heading, so the section is a "region" landmark a flow can scope to.
    return (
        f'<section class="card" aria-labelledby="section-{key}">'
        f'<h2 id="section-{key}">{esc(title)}</h2>{inner}</section>'
    )


def _dl(pairs: Sequence[tuple[str, str]]) -> str:
    """Facts as term/description pairs; descriptions are HTML already."""
    items = "".join(f"<dt>{esc(term)}</dt><dd>{value}</dd>" for term, value in pairs)
    return f'<dl class="info">{items}</dl>'


def _table(caption: str, columns: Sequence[str], rows: Sequence[Sequence[str]], empty: str) -> str:
    """A real table: caption, column headers, one row per item. Cells are HTML already.

    With no rows the table stays (header row, empty body) and a sentence says there is nothing.
    """
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    table = (
        f'<table class="data"><caption>{esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )
    return table if rows else f'{table}<p class="empty">{esc(empty)}</p>'


def _link(href: str, text: str) -> str:
    return f'<a href="{esc(href)}">{esc(text)}</a>'


def _client_link(name: str, client_id: int | None) -> str:
    return _link(f"/public/clients/{client_id}", name) if client_id is not None else esc(name)


def _rating(value: float | None) -> str:
    return "評価なし" if value is None else f"{value:.1f}"


# Dashboard and withdrawal ---------------------------------------------------------------------


def work_status(view: View) -> str:
    """お仕事の状況 on the dashboard: each page's link, then its live count or amount."""
    work, labels = _work(view), view.labels
    items = [
        (CONTRACTS_ACTIVE, labels.contract_list, f"契約中 {len(work.active_contracts())}件"),
        ("/tasks/pending", labels.pending_tasks, f"{len(work.pending_tasks(view.today))}件"),
        ("/rewards", labels.rewards, f"未出金 {format_yen(work.unwithdrawn_total(view.today))}"),
    ]
    lis = "".join(
        f'<li>{_link(href, text)} <span class="count">{esc(count)}</span></li>'
        for href, text, count in items
    )
    return f'<ul class="work-status">{lis}</ul>'


def blocker_section(blockers: Sequence[Blocker]) -> str:
    """What stops the account leaving, each with a link to where it is dealt with."""
    if not blockers:
        return ""
    items = "".join(f"<li>{esc(b.message)} {_link(b.href, b.link_text)}</li>" for b in blockers)
    return _section("blockers", "退会できない理由があります", f'<ul class="notes">{items}</ul>')


def blocker_alert(blockers: Sequence[Blocker]) -> str:
    """The refusal after 退会する was pressed: 退会できません。 then one item per reason."""
    items = "".join(f"<li>{esc(b.message)}</li>" for b in blockers)
    return f'<div class="alert" role="alert"><p>退会できません。</p><ul>{items}</ul></div>'


# 契約一覧 and one contract ---------------------------------------------------------------------


def contracts(view: View, finished: bool) -> Page:
    work, labels = _work(view), view.labels
    shown = work.finished_contracts() if finished else work.active_contracts()
    caption = "完了したお仕事" if finished else "契約中のお仕事"
    rows = [
        [
            _link(f"/contracts/{c.id}", c.job),
            _client_link(c.client, c.client_id),
            esc(format_yen(c.amount)),
            esc(c.status),
            esc(format_date(c.due.resolve(view.today))),
        ]
        for c in shown
    ]
    tabs = "".join(
        f'<li><a href="{href}"{CURRENT if current else ""}>{text}</a></li>'
        for href, text, current in (
            (CONTRACTS_ACTIVE, "契約中のお仕事", not finished),
            (CONTRACTS_FINISHED, "完了したお仕事", finished),
        )
    )
    table = _table(
        caption,
        ["仕事", "クライアント", "契約金額", "状態", "納期"],
        rows,
        f"{caption}はありません。",
    )
    body = f"""
<h1>{esc(labels.contract_list)}</h1>
{status_message(view.flash)}
<nav class="tabs" aria-label="契約の絞り込み"><ul>{tabs}</ul></nav>
<section class="card">{table}
<p class="hint">クライアントの仮払いが済み、状態が「仮払い済み」になってから作業を始めましょう。</p>
</section>"""
    return labels.contract_list, body


def contract(view: View, item: Contract, errors: list[str] | None = None, reason: str = "") -> Page:
    labels = view.labels
    facts = _dl(
        [
            ("クライアント", _client_link(item.client, item.client_id)),
            ("契約金額", esc(format_yen(item.amount))),
            ("状態", esc(item.status)),
            ("納期", esc(format_date(item.due.resolve(view.today)))),
        ]
    )
    if item.can_request_end:
        end = f"""
<p>業務を続けられない場合は、理由を添えてクライアントに契約の途中終了をリクエストできます。</p>
<form method="post" action="/contracts/{item.id}/end_request">{csrf_input(view)}
<div class="field"><label for="reason">理由</label>
<textarea id="reason" name="reason">{esc(reason)}</textarea></div>
<button type="submit" class="btn">{esc(labels.end_request)}</button>
</form>"""
    elif item.status == END_REQUESTED:
        end = "<p>契約途中終了リクエストを送信済みです。クライアントの回答をお待ちください。</p>"
    else:
        end = "<p>この契約は完了しています。</p>"
    back = CONTRACTS_FINISHED if item.status == FINISHED else CONTRACTS_ACTIVE
    body = f"""
<h1>{esc(item.job)}</h1>
{status_message(view.flash)}{alert(errors or [])}
<section class="card">{facts}
<p>{_link(back, f"{labels.contract_list}に戻る")}</p></section>
{_section("end-request", labels.end_request, end)}"""
    return item.job, body


# タスク承認待ち and 報酬 ------------------------------------------------------------------------


def pending_tasks(view: View) -> Page:
    work, labels = _work(view), view.labels
    rows = [
        [
            esc(t.task),
            _client_link(t.client, t.client_id),
            esc(format_yen(t.reward)),
            esc(format_date(t.deadline.resolve(view.today))),
            esc(format_date(t.worked_on.resolve(view.today))),
        ]
        for t in work.pending_tasks(view.today)
    ]
    table = _table(
        "承認待ちのタスク作業",
        ["タスク", "クライアント", "報酬", "応募期限", "作業日"],
        rows,
        "承認待ちのタスク作業はありません。",
    )
    body = f"""
<h1>{esc(labels.pending_tasks)}</h1>
<section class="card">{table}
<p class="hint">{AUTO_REJECT_NOTE}</p></section>"""
    return labels.pending_tasks, body


def rewards(
    view: View, errors: list[str] | None = None, amount: str | None = None, bank: str = "rakuten"
) -> Page:
    work, labels, today = _work(view), view.labels, view.today
    total = work.unwithdrawn_total(today)
    rows = [
        [esc(r.job), esc(format_yen(r.amount)), esc(format_date(r.confirmed_on.resolve(today)))]
        for r in work.open_rewards(today)
    ]
    table = _table(
        "未出金の報酬の内訳",
        ["仕事", "金額", "報酬支払い確定日"],
        rows,
        "未出金の報酬はありません。",
    )
    lapsed_rows = [
        [
            esc(r.job),
            esc(format_yen(r.amount)),
            esc(format_date(r.confirmed_on.resolve(today))),
            "失効",
        ]
        for r in work.lapsed_rewards(today)
    ]
    lapsed = ""
    if lapsed_rows:
        columns = ["仕事", "金額", "報酬支払い確定日", "状態"]
        lapsed = _table("失効した報酬", columns, lapsed_rows, "")
    rule = quick_withdrawal_rule(today)
    fees = "、".join(f"{name} {format_yen(fee)}" for _, name, fee in BANKS)
    banks = [(value, name) for value, name, _ in BANKS]
    quick = f"""
<p>手数料:出金額の{rule.fee_percent}%({format_yen(rule.minimum)}から出金できます)</p>
<p class="hint">振込手数料(税込):{esc(fees)}</p>
<form method="post" action="/rewards/quick_withdrawal">{csrf_input(view)}
<div class="field"><label for="amount">出金額</label>
<input type="number" id="amount" name="amount" step="1"
 value="{esc(total if amount is None else amount)}" aria-describedby="amount-hint">
<p class="hint" id="amount-hint">円単位で入力してください。</p></div>
<div class="field"><label for="bank">振込先</label>
<select id="bank" name="bank">{_options(banks, bank)}</select></div>
<button type="submit" class="btn">クイック出金を申請する</button>
</form>"""
    body = f"""
<h1>{esc(labels.rewards)}</h1>
{status_message(view.flash)}{alert(errors or [])}
<section class="card">{_dl([("未出金の報酬", esc(format_yen(total)))])}
{table}{lapsed}
<p class="hint">報酬支払い確定日から{REWARD_LAPSE_DAYS}日を過ぎた未出金の報酬は失効します。</p>
</section>
{_section("quick", labels.quick_withdrawal, quick)}"""
    return labels.rewards, body


# 仕事を探す, clients and members ---------------------------------------------------------------


def jobs(view: View, market: Market) -> Page:
    title = view.labels.find_jobs
    articles = "".join(
        f'<article class="card"><h2>{esc(job.title)}</h2>'
        + _dl(
            [
                ("クライアント", _client_link(job.client, market.client_id(job.client))),
                ("報酬", esc(job.reward)),
            ]
        )
        + "</article>"
        for job in market.jobs
    )
    body = f"""
<h1>{esc(title)}</h1>
<p class="hint">応募する前に、クライアントのプロフィールや評価を確認しましょう。</p>
{articles or "<p>募集中のお仕事はありません。</p>"}"""
    return title, body


def client_profile(view: View, market: Market, client: Client) -> Page:
    rows = []
    for review in client.reviews:
        member = market.member(review.member_id)
        name = member.name if member else "退会したメンバー"
        who = _link(f"/public/members/{member.id}", name) if member else esc(name)
        rows.append([who, str(review.stars), esc(review.comment)])
    ratings = (
        _dl([("総合評価", _rating(client.rating)), ("評価数", f"{client.ratings_count}件")])
        + f"<p>{_link(f'/public/clients/{client.id}/low_ratings', view.labels.low_ratings)}</p>"
        + _table("最近の評価", ["評価者", "評価", "コメント"], rows, "まだ評価はありません。")
    )
    intro = f'<section class="card"><p>{esc(client.introduction)}</p></section>'
    body = f"""
<h1>{esc(client.name)}</h1>
{intro if client.introduction else ""}
{_section("ratings", "評価", ratings)}"""
    return client.name, body


def low_ratings(view: View, market: Market, client: Client) -> Page:
    title = f"{client.name}に{view.labels.low_ratings}"
    rows = []
    for review in client.reviews:
        member = market.member(review.member_id)
        if not review.low or member is None:
            continue
        rows.append(
            [
                _link(f"/public/members/{member.id}", member.name),
                str(review.stars),
                _rating(member.rating),
            ]
        )
    table = _table(
        view.labels.low_ratings,
        ["メンバー", "つけた評価", "メンバーの総合評価"],
        rows,
        "低評価をつけたメンバーはいません。",
    )
    body = f"""
<h1>{esc(title)}</h1>
<section class="card">
<p>評価が2以下の評価をつけたメンバーです。評価をつけたメンバー自身の評価も確認しましょう。</p>
{table}
<p>{_link(f"/public/clients/{client.id}", f"{client.name}のプロフィールに戻る")}</p>
</section>"""
    return title, body


def member_profile(view: View, member: Member) -> Page:
    body = f"""
<h1>{esc(member.name)}</h1>
<section class="card">{_dl([("総合評価", _rating(member.rating))])}</section>"""
    return member.name, body


# お問い合わせ and みんなの相談所 -----------------------------------------------------------------


def contact(view: View, errors: list[str] | None = None, kind: str = "", text: str = "") -> Page:
    title = view.labels.contact
    body = f"""
<h1>{esc(title)}</h1>
{status_message(view.flash)}{alert(errors or [])}
<section class="card">
<p>クラウドワークス運営へのご相談・お問い合わせは、こちらのフォームから送信してください。</p>
<form method="post" action="/contact">{csrf_input(view)}
<div class="field"><label for="kind">お問い合わせの種類</label>
<select id="kind" name="kind">{_options(CONTACT_KINDS, kind)}</select></div>
<div class="field"><label for="body">お問い合わせ内容</label>
<textarea id="body" name="body">{esc(text)}</textarea></div>
<button type="submit" class="btn">送信する</button>
</form></section>"""
    return title, body


def consultation(view: View, market: Market) -> Page:
    title = view.labels.consultation
    items = "".join(
        f'<li>{esc(q.text)} <span class="count">回答 {q.answers}件</span></li>'
        for q in market.questions
    )
    body = f"""
<h1>{esc(title)}</h1>
<p>実際にクラウドワークスを利用している人から回答が得られます。</p>
{_section("questions", "最近の相談", f'<ul class="link-list">{items}</ul>')}"""
    return title, body
