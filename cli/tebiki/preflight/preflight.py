"""The preflight report: what the preflight flow read (contracts, tasks awaiting approval,
unwithdrawn rewards), judged by the rules in force, as blockers with the article's remedies.

Pure: readings and rules in, a report out. Values a page shows that cannot be read (a date with
no year, an amount that is a word, a table with no rows, a page with no such table) become report
lines, never exceptions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from tebiki.page.reading import Reading
from tebiki.page.values import japanese_date, normalize, parse_amount, parse_date, yen
from tebiki.preflight.rules import Rules

# Each blocker's title and remedy, in the article's words (and in English).
_WORDS: dict[str, dict[str, str]] = yaml.safe_load(
    (Path(__file__).resolve().parent / "data" / "report_words.yaml").read_text(encoding="utf-8")
)


@dataclass
class Blocker:
    kind: str
    title: str
    items: list[str]
    remedy: str
    source: str
    clears_on: date | None = None
    amount: int | None = None


@dataclass
class QuickWithdrawal:
    amount: int
    fee_percent: str
    minimum: int
    possible: bool
    fee: int | None = None
    after_fee: int | None = None
    paid_by_bank: dict[str, int] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)


@dataclass
class Report:
    as_of: date  # the rules are those in force on this day
    today: date  # the pages are read on this day: what has cleared by now
    lang: str
    blockers: list[Blocker] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # what could not be checked
    notes: list[str] = field(default_factory=list)  # what was seen and set aside
    quick_withdrawal: QuickWithdrawal | None = None
    rules: dict[str, Any] = field(default_factory=dict)

    @property
    def clear(self) -> bool:
        """Nothing blocks leaving, and everything could be checked."""
        return not self.blockers and not self.problems

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = _dates_as_text(asdict(self))
        data["can_leave"] = self.clear
        return data


def _dates_as_text(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _dates_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(item) for item in value]
    return value


class _Judge:
    def __init__(self, rules: Rules, lang: str, today: date) -> None:
        self.today = today
        self.rules = rules
        self.lang = lang
        self.words = _WORDS[lang]
        self.report = Report(rules.as_of, today, lang, rules=_rules_used(rules))

    def say(self, key: str, **values: object) -> str:
        return self.words[key].format(**values)

    def day(self, value: date) -> str:
        return japanese_date(value) if self.lang == "ja" else value.isoformat()

    def rows(self, readings: dict[str, Reading], name: str) -> list[dict[str, str]] | None:
        reading = readings.get(name)
        if reading is None or not reading.found:
            why = reading.problems[0] if reading and reading.problems else "not read"
            self.report.problems.append(self.say("unread", what=self.say(name), why=why))
            return None
        for problem in reading.problems:
            self.report.problems.append(self.say("unread", what=self.say(name), why=problem))
        return reading.rows

    def amount(self, row: dict[str, str], what: str, number: int) -> int | None:
        value = parse_amount(row.get("amount"))
        if value is None:
            self.report.problems.append(
                self.say("no-amount", what=self.say(what), row=number, value=row.get("amount", ""))
            )
        return value

    def money(self, total: _Sum) -> str:
        """A sum as the report states it: never a partial sum passed off as the whole."""
        if total.unreadable:
            return self.say("partial-sum", amount=yen(total.known), n=total.unreadable)
        return yen(total.known)

    def clears(self, last_days: list[date], unknown: bool) -> date | None:
        """The day a blocker is gone by itself: the day after its last row's last day; unknown
        when a row's date could not be read or a row is already past it."""
        if unknown or not last_days or max(last_days) < self.today:
            return None
        return max(last_days) + timedelta(days=1)

    # -- the blockers ----------------------------------------------------------------------

    def contracts(self, rows: list[dict[str, str]]) -> None:
        unfinished: list[str] = []
        held, held_items = _Sum(), []
        for number, row in enumerate(rows, start=1):
            status = normalize(row.get("status"))
            if status in self.rules.finished_statuses:
                continue
            if status not in self.rules.escrow_statuses + self.rules.awaiting_statuses:
                self.report.notes.append(self.say("unknown-status", status=status or "—"))
            amount = self.amount(row, "contracts", number)
            shown = yen(amount) if amount is not None else row.get("amount", "—")
            item = self.say(
                "contract",
                job=row.get("job", "—"),
                client=row.get("client", "—"),
                status=status or "—",
                amount=shown,
            )
            unfinished.append(item)
            if status in self.rules.escrow_statuses and amount != 0:
                held.add(amount)
                held_items.append(item)
        if unfinished:
            self.block(
                "unfinished-contract",
                unfinished,
                self.rules.sources["article"],
                title_values={"n": len(unfinished)},
            )
        if held_items:
            self.block(
                "escrow-held",
                held_items,
                self.rules.sources["faq"],
                remedy_of="unfinished-contract",
                amount=held.whole,
                title_values={"amount": self.money(held)},
            )

    def tasks(self, rows: list[dict[str, str]]) -> None:
        items: list[str] = []
        last_days: list[date] = []
        unknown = False
        for row in rows:
            task, shown = row.get("task", "—"), row.get("deadline", "")
            deadline = parse_date(shown)
            if deadline is None:
                items.append(self.say("task.undated", task=task, deadline=shown))
                unknown = True
                continue
            last = self.rules.awaiting_until(deadline)
            key = "task.past" if last < self.today else "task"
            items.append(
                self.say(
                    key,
                    task=task,
                    deadline=self.day(deadline),
                    last=self.day(last),
                    clears=self.day(last + timedelta(days=1)),
                )
            )
            last_days.append(last)
        if items:
            self.block(
                "pending-task-approval",
                items,
                self.rules.task_source,
                clears_on=self.clears(last_days, unknown),
                title_values={"n": len(items)},
            )

    def rewards(self, rows: list[dict[str, str]]) -> None:
        items: list[str] = []
        total = _Sum()
        last_days: list[date] = []
        unknown = False
        for number, row in enumerate(rows, start=1):
            amount = self.amount(row, "rewards", number)
            if amount == 0:
                continue  # nothing left to withdraw: 報酬金が0円
            total.add(amount)
            job, shown = row.get("job", "—"), row.get("confirmed_on", "")
            money = yen(amount) if amount is not None else row.get("amount", "—")
            confirmed = parse_date(shown)
            if confirmed is None:
                items.append(self.say("reward.undated", job=job, amount=money, confirmed=shown))
                unknown = True
                continue
            last = self.rules.withdrawable_until(confirmed)
            key = "reward.past" if last < self.today else "reward"
            items.append(
                self.say(
                    key,
                    job=job,
                    amount=money,
                    confirmed=self.day(confirmed),
                    last=self.day(last),
                    rule=self.rules.lapse_words(self.lang),
                    clears=self.day(last + timedelta(days=1)),
                )
            )
            last_days.append(last)
        if items:
            source = f"{self.rules.sources['article']} / {self.rules.lapse_source}"
            self.block(
                "unwithdrawn-reward",
                items,
                source,
                amount=total.whole,
                clears_on=self.clears(last_days, unknown),
                title_values={"amount": self.money(total)},
            )
            self.report.quick_withdrawal = self.quick(total)

    def quick(self, total: _Sum) -> QuickWithdrawal:
        rules = self.rules
        percent = f"{rules.quick_fee_percent.normalize():f}"
        amount = total.known
        quick = QuickWithdrawal(amount, percent, rules.quick_minimum, amount >= rules.quick_minimum)
        if total.unreadable:
            # A fee on a partial sum would be a wrong figure stated as fact.
            quick.lines.append(self.say("quick.unknown", n=total.unreadable))
            return quick
        if not quick.possible:
            quick.lines.append(
                self.say("quick.too-small", minimum=yen(rules.quick_minimum), amount=yen(amount))
            )
            return quick
        quick.fee = rules.quick_fee(amount)
        quick.after_fee = amount - quick.fee
        quick.paid_by_bank = {
            bank: max(0, quick.after_fee - fee) for bank, fee in rules.bank_fees.items()
        }
        if self.lang == "ja":
            banks = "、".join(
                f"{bank} {yen(paid)}(振込手数料 {yen(rules.bank_fees[bank])})"
                for bank, paid in quick.paid_by_bank.items()
            )
        else:
            banks = ", ".join(
                f"{bank} {yen(paid)} (fee {yen(rules.bank_fees[bank])})"
                for bank, paid in quick.paid_by_bank.items()
            )
        quick.lines += [
            self.say(
                "quick",
                percent=percent,
                minimum=yen(rules.quick_minimum),
                amount=yen(amount),
                fee=yen(quick.fee),
                after=yen(quick.after_fee),
            ),
            self.say("quick.banks", banks=banks),
            self.say("rounding"),
            self.say("quick.source", source=rules.quick_source),
            self.say("bank.source", source=rules.bank_source),
        ]
        return quick

    def block(
        self,
        kind: str,
        items: list[str],
        source: str,
        title_values: dict[str, object],
        clears_on: date | None = None,
        amount: int | None = None,
        remedy_of: str | None = None,
    ) -> None:
        self.report.blockers.append(
            Blocker(
                kind,
                self.say(kind, **title_values),
                items,
                self.words[f"{remedy_of or kind}.remedy"],
                source,
                clears_on,
                amount,
            )
        )


@dataclass
class _Sum:
    """Yen added up, keeping count of the amounts that could not be read."""

    known: int = 0
    unreadable: int = 0

    def add(self, amount: int | None) -> None:
        if amount is None:
            self.unreadable += 1
        else:
            self.known += amount

    @property
    def whole(self) -> int | None:
        """The sum, when every amount was read."""
        return None if self.unreadable else self.known


def _rules_used(rules: Rules) -> dict[str, Any]:
    return {
        "quick_withdrawal": {
            "fee_percent": str(rules.quick_fee_percent),
            "minimum": rules.quick_minimum,
            "rounding": rules.fee_rounding,
            "source": rules.quick_source,
        },
        "bank_transfer_fee": {"banks": rules.bank_fees, "source": rules.bank_source},
        "reward_lapse": {
            "days": rules.lapse_days,
            "months": rules.lapse_months,
            "source": rules.lapse_source,
        },
        "task_auto_rejection": {"days": rules.task_rejection_days, "source": rules.task_source},
    }


def judge(
    readings: dict[str, Reading], rules: Rules, lang: str = "ja", today: date | None = None
) -> Report:
    """The report for what was read today (by default the real today), by the rules given."""
    judge = _Judge(rules, lang, today or date.today())
    for name, check in (
        ("contracts", judge.contracts),
        ("tasks", judge.tasks),
        ("rewards", judge.rewards),
    ):
        rows = judge.rows(readings, name)
        if rows is not None:
            check(rows)
    return judge.report


def render_text(report: Report) -> str:
    """The report as a person reads it at the terminal."""
    words = _WORDS[report.lang]
    as_of = japanese_date(report.as_of) if report.lang == "ja" else report.as_of.isoformat()
    lines = [words["header"].format(as_of=as_of), ""]
    lines.append(
        words["count"].format(n=len(report.blockers)) if report.blockers else words["none"]
    )
    for number, blocker in enumerate(report.blockers, start=1):
        lines += ["", f"{number}. {blocker.title}"]
        lines += [f"   ・{item}" for item in blocker.items]
        lines.append(f"   {words['remedy']}: {blocker.remedy}")
        if blocker.clears_on is not None:
            day = (
                japanese_date(blocker.clears_on)
                if report.lang == "ja"
                else blocker.clears_on.isoformat()
            )
            lines.append(f"   {words['clears'].format(date=day)}")
        if blocker.kind == "unwithdrawn-reward" and report.quick_withdrawal:
            lines += [f"   {line}" for line in report.quick_withdrawal.lines]
        lines.append(f"   {words['source']}: {blocker.source}")
    for key, said in (("problems", report.problems), ("notes", report.notes)):
        if said:
            lines += ["", f"{words[key]}:"]
            lines += [f"   ・{line}" for line in said]
    return "\n".join(lines)
