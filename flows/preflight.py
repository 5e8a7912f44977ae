"""The preflight report: what the preflight flow read (contracts, tasks awaiting approval,
unwithdrawn rewards), judged by the rules in force, as blockers with the article's remedies.

Pure: readings and rules in, a report out. Values a page shows that cannot be read (a date with
no year, an amount that is a word, a table with no rows, a page with no such table) become report
lines, never exceptions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from flows.reading import Reading
from flows.rules import Rules
from flows.values import japanese_date, normalize, parse_amount, parse_date, yen

ARTICLE = "記事「クラウドワークスの退会方法とトラブルを防ぐ方法を分かりやすく解説!」"

# Each blocker's title and remedy, in the article's words (and in English).
_WORDS: dict[str, dict[str, str]] = yaml.safe_load(
    (Path(__file__).resolve().parent / "data" / "report_words.yaml").read_text(encoding="utf-8"))


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
    as_of: date
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
    def __init__(self, rules: Rules, lang: str) -> None:
        self.rules = rules
        self.lang = lang
        self.words = _WORDS[lang]
        self.report = Report(rules.as_of, lang, rules=_rules_used(rules))

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
            self.report.problems.append(self.say("no-amount", what=self.say(what), row=number,
                                                 value=row.get("amount", "")))
        return value

    # -- the blockers ----------------------------------------------------------------------

    def contracts(self, rows: list[dict[str, str]]) -> None:
        unfinished: list[str] = []
        held = 0
        held_items: list[str] = []
        for number, row in enumerate(rows, start=1):
            status = normalize(row.get("status"))
            if status in self.rules.finished_statuses:
                continue
            known = self.rules.escrow_statuses + self.rules.awaiting_statuses
            if status not in known:
                self.report.notes.append(self.say("unknown-status", status=status or "—"))
            amount = self.amount(row, "contracts", number)
            shown = yen(amount) if amount is not None else row.get("amount", "—")
            item = self.say("contract", job=row.get("job", "—"), client=row.get("client", "—"),
                            status=status or "—", amount=shown)
            unfinished.append(item)
            if status in self.rules.escrow_statuses:
                held += amount or 0
                held_items.append(item)
        if unfinished:
            self.block("unfinished-contract", unfinished, ARTICLE, n=len(unfinished))
        if held_items:
            self.block("escrow-held", held_items, _FAQ, amount=yen(held), remedy_of=
                       "unfinished-contract", total=held)

    def tasks(self, rows: list[dict[str, str]]) -> None:
        items: list[str] = []
        clears: list[date] = []
        undated = False
        for row in rows:
            task, shown = row.get("task", "—"), row.get("deadline", "")
            deadline = parse_date(shown)
            if deadline is None:
                items.append(self.say("task.undated", task=task, deadline=shown))
                undated = True
                continue
            rejected = self.rules.rejected_on(deadline)
            if rejected <= self.rules.as_of:
                self.report.notes.append(self.say(
                    "task.past", task=task, deadline=self.day(deadline),
                    days=(self.rules.as_of - deadline).days, clears=self.day(rejected)))
                continue
            items.append(self.say("task", task=task, deadline=self.day(deadline),
                                  clears=self.day(rejected)))
            clears.append(rejected)
        if items:
            self.block("pending-task-approval", items, self.rules.task_source, n=len(items),
                       clears_on=None if undated or not clears else max(clears))

    def rewards(self, rows: list[dict[str, str]]) -> None:
        items: list[str] = []
        total = 0
        clears: list[date] = []
        undated = False
        for number, row in enumerate(rows, start=1):
            amount = self.amount(row, "rewards", number)
            job, shown = row.get("job", "—"), row.get("confirmed_on", "")
            money = yen(amount) if amount is not None else row.get("amount", "—")
            confirmed = parse_date(shown)
            if confirmed is None:
                items.append(self.say("reward.undated", job=job, amount=money, confirmed=shown))
                undated = True
                total += amount or 0
                continue
            lapses = self.rules.lapses_on(confirmed)
            if lapses <= self.rules.as_of:
                self.report.notes.append(self.say("reward.lapsed", job=job, amount=money,
                                                     clears=self.day(lapses)))
                continue
            items.append(self.say("reward", job=job, amount=money, confirmed=self.day(confirmed),
                                  clears=self.day(lapses), rule=self.rules.lapse_words(self.lang)))
            clears.append(lapses)
            total += amount or 0
        if items:
            source = f"{ARTICLE} / {self.rules.lapse_source}"
            self.block("unwithdrawn-reward", items, source, amount=yen(total),
                       clears_on=None if undated or not clears else max(clears), total=total)
            self.report.quick_withdrawal = self.quick(total)

    def quick(self, amount: int) -> QuickWithdrawal:
        rules = self.rules
        percent = f"{rules.quick_fee_percent.normalize():f}"
        quick = QuickWithdrawal(amount, percent, rules.quick_minimum,
                                amount >= rules.quick_minimum)
        if not quick.possible:
            quick.lines.append(self.say("quick.too-small", minimum=yen(rules.quick_minimum),
                                        amount=yen(amount)))
            return quick
        quick.fee = rules.quick_fee(amount)
        quick.after_fee = amount - quick.fee
        quick.paid_by_bank = {bank: max(0, quick.after_fee - fee)
                              for bank, fee in rules.bank_fees.items()}
        if self.lang == "ja":
            banks = "、".join(f"{bank} {yen(paid)}(振込手数料 {yen(rules.bank_fees[bank])})"
                             for bank, paid in quick.paid_by_bank.items())
        else:
            banks = ", ".join(f"{bank} {yen(paid)} (fee {yen(rules.bank_fees[bank])})"
                              for bank, paid in quick.paid_by_bank.items())
        quick.lines += [
            self.say("quick", percent=percent, minimum=yen(rules.quick_minimum),
                     amount=yen(amount), fee=yen(quick.fee), after=yen(quick.after_fee)),
            self.say("quick.banks", banks=banks),
            self.say("rounding"),
            self.say("quick.source", source=rules.quick_source),
        ]
        return quick

    def block(self, kind: str, items: list[str], source: str, clears_on: date | None = None,
              total: int | None = None, remedy_of: str | None = None, **values: object) -> None:
        self.report.blockers.append(Blocker(
            kind, self.say(kind, **values), items, self.words[f"{remedy_of or kind}.remedy"],
            source, clears_on, total))


_FAQ = "クラウドワークス公式FAQ(仮払いしている金額がある場合は退会できません)"


def _rules_used(rules: Rules) -> dict[str, Any]:
    return {
        "quick_withdrawal": {"fee_percent": str(rules.quick_fee_percent),
                             "minimum": rules.quick_minimum, "rounding": rules.fee_rounding,
                             "source": rules.quick_source},
        "bank_transfer_fee": {"banks": rules.bank_fees, "source": rules.bank_source},
        "reward_lapse": {"days": rules.lapse_days, "months": rules.lapse_months,
                         "source": rules.lapse_source},
        "task_auto_rejection": {"days": rules.task_rejection_days, "source": rules.task_source},
    }


def judge(readings: dict[str, Reading], rules: Rules, lang: str = "ja") -> Report:
    """The report for what was read, by the rules given."""
    judge = _Judge(rules, lang)
    for name, check in (("contracts", judge.contracts), ("tasks", judge.tasks),
                        ("rewards", judge.rewards)):
        rows = judge.rows(readings, name)
        if rows is not None:
            check(rows)
    return judge.report


def render_text(report: Report) -> str:
    """The report as a person reads it at the terminal."""
    words = _WORDS[report.lang]
    as_of = japanese_date(report.as_of) if report.lang == "ja" else report.as_of.isoformat()
    lines = [words["header"].format(as_of=as_of), ""]
    lines.append(words["count"].format(n=len(report.blockers)) if report.blockers
                 else words["none"])
    for number, blocker in enumerate(report.blockers, start=1):
        lines += ["", f"{number}. {blocker.title}"]
        lines += [f"   ・{item}" for item in blocker.items]
        lines.append(f"   {words['remedy']}: {blocker.remedy}")
        if blocker.clears_on is not None:
            day = japanese_date(blocker.clears_on) if report.lang == "ja" else \
                blocker.clears_on.isoformat()
            lines.append(f"   {words['clears'].format(date=day)}")
        if blocker.kind == "unwithdrawn-reward" and report.quick_withdrawal:
            lines += [f"   {line}" for line in report.quick_withdrawal.lines]
        lines.append(f"   {words['source']}: {blocker.source}")
    for key, said in (("problems", report.problems), ("notes", report.notes)):
        if said:
            lines += ["", f"{words[key]}:"]
            lines += [f"   ・{line}" for line in said]
    return "\n".join(lines)
