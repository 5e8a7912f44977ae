"""A member's work on the mock site: contracts, task work awaiting approval, unwithdrawn rewards.

Scenario files describe them per account (``contracts``, ``tasks_awaiting_approval``,
``rewards``); this module checks that data, keeps each account's own mutable copy, and answers
the questions the pages ask: what is active, what is held in escrow, what blocks leaving.

Dates in scenario files are written relative to today (``today``, ``today-3``, ``today+10``) or
as absolute dates (``2026-11-24``). They are resolved whenever a page is rendered, against the
store's clock, so a test can fix "today".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

# Contract statuses a scenario may give; 途中終了リクエスト中 is only ever reached on the site.
AWAITING_ESCROW = "仮払い待ち"
ESCROWED = "仮払い済み"
DELIVERED = "納品済み"
FINISHED = "完了"
END_REQUESTED = "途中終了リクエスト中"
CONTRACT_STATUSES = (AWAITING_ESCROW, ESCROWED, DELIVERED, FINISHED)
# Every status but 完了 is a contract still in progress, and blocks leaving.
ACTIVE_STATUSES = frozenset({AWAITING_ESCROW, ESCROWED, DELIVERED, END_REQUESTED})
# The client has paid into escrow (仮払い) and the money is still held.
ESCROW_HELD_STATUSES = frozenset({ESCROWED, DELIVERED, END_REQUESTED})

# The article: task work still awaiting approval is automatically 非承認 two weeks after its
# 応募期限.
TASK_AUTO_REJECT_DAYS = 14
# Unwithdrawn rewards lapse 180 days after the 報酬支払い確定日 (official rule since 2017-07-11;
# the article says 半年).
REWARD_LAPSE_DAYS = 180


@dataclass(frozen=True)
class QuickWithdrawalRule:
    """クイック出金's terms from a given day on: data with a date, never a constant in a page."""

    since: date
    fee_percent: str
    minimum: int


# The article: 3.5% from 520円. CrowdWorks changed it to 5% from 530円 on 2020-02-03.
QUICK_WITHDRAWAL_RULES = (
    QuickWithdrawalRule(date.min, "3.5", 520),
    QuickWithdrawalRule(date(2020, 2, 3), "5", 530),
)
# 振込先 and its transfer fee (tax included), the same in the article and today.
BANKS = (("rakuten", "楽天銀行", 100), ("other", "その他の金融機関", 500))


def quick_withdrawal_rule(today: date) -> QuickWithdrawalRule:
    return max((r for r in QUICK_WITHDRAWAL_RULES if r.since <= today), key=lambda r: r.since)


class WorkDataError(ValueError):
    """Malformed work data in a scenario; the loader turns it into a ScenarioError."""


# Dates ------------------------------------------------------------------------------------------

_RELATIVE = re.compile(r"today(?:([+-])(\d+))?")


@dataclass(frozen=True)
class DateSpec:
    """A date as a scenario writes it: a fixed day, or a number of days from today."""

    offset: int | None = None
    absolute: date | None = None

    def resolve(self, today: date) -> date:
        if self.absolute is not None:
            return self.absolute
        return today + timedelta(days=self.offset or 0)


def parse_date(value: object, where: str) -> DateSpec:
    """``today``, ``today+N``, ``today-N``, or an ISO date (YAML may already have made it one)."""
    if isinstance(value, date) and not hasattr(value, "hour"):
        return DateSpec(absolute=value)
    if isinstance(value, str):
        text = value.strip()
        match = _RELATIVE.fullmatch(text)
        if match:
            sign, days = match.groups()
            offset = 0 if days is None else int(days) * (-1 if sign == "-" else 1)
            return DateSpec(offset=offset)
        try:
            return DateSpec(absolute=date.fromisoformat(text))
        except ValueError:
            pass
    raise WorkDataError(
        f"{where}: {value!r} is not a date (write today, today+N, today-N or YYYY-MM-DD)"
    )


def format_date(day: date) -> str:
    """2026年1月5日: the site's way, no zero padding."""
    return f"{day.year}年{day.month}月{day.day}日"


def format_yen(amount: int) -> str:
    """4,680円."""
    return f"{amount:,}円"


# Scenario data ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContractSpec:
    job: str
    client: str
    amount: int
    status: str
    due: DateSpec


@dataclass(frozen=True)
class TaskSpec:
    task: str
    client: str
    reward: int
    deadline: DateSpec  # 応募期限
    worked_on: DateSpec


@dataclass(frozen=True)
class RewardSpec:
    job: str
    amount: int
    confirmed_on: DateSpec  # 報酬支払い確定日


WORK_KEYS = ("contracts", "tasks_awaiting_approval", "rewards")


def _text(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise WorkDataError(f"{where}.{key}: must be a non-empty string, not {value!r}")
    return value


def _amount(entry: dict[str, Any], key: str, where: str) -> int:
    value = entry.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise WorkDataError(f"{where}.{key}: must be a whole number of yen, not {value!r}")
    return value


def _entries(data: dict[str, Any], key: str, where: str, fields: set[str]) -> list[tuple[str, Any]]:
    items = data.get(key, [])
    if items is None:
        return []
    if not isinstance(items, list):
        raise WorkDataError(f"{where}.{key}: expected a list, got {type(items).__name__}")
    entries = []
    for index, item in enumerate(items):
        at = f"{where}.{key}[{index}]"
        if not isinstance(item, dict):
            raise WorkDataError(f"{at}: expected a mapping, got {type(item).__name__}")
        unknown = sorted(str(k) for k in item if k not in fields)
        if unknown:
            known = ", ".join(sorted(fields))
            raise WorkDataError(f"{at}: unknown key {unknown[0]!r} (known: {known})")
        entries.append((at, {str(k): v for k, v in item.items()}))
    return entries


def parse_work(data: dict[str, Any], where: str) -> dict[str, tuple[Any, ...]]:
    """Check an account's contracts, tasks and rewards; the parsed entries, keyed as written."""
    contracts = []
    contract_fields = {"job", "client", "amount", "status", "due"}
    for at, entry in _entries(data, "contracts", where, contract_fields):
        status = entry.get("status")
        if status not in CONTRACT_STATUSES:
            known = ", ".join(CONTRACT_STATUSES)
            raise WorkDataError(
                f"{at}.status: {status!r} is not a contract status (known: {known})"
            )
        contracts.append(
            ContractSpec(
                job=_text(entry, "job", at),
                client=_text(entry, "client", at),
                amount=_amount(entry, "amount", at),
                status=status,
                due=parse_date(entry.get("due"), f"{at}.due"),
            )
        )
    task_fields = {"task", "client", "reward", "deadline", "worked_on"}
    tasks = [
        TaskSpec(
            task=_text(entry, "task", at),
            client=_text(entry, "client", at),
            reward=_amount(entry, "reward", at),
            deadline=parse_date(entry.get("deadline"), f"{at}.deadline"),
            worked_on=parse_date(entry.get("worked_on"), f"{at}.worked_on"),
        )
        for at, entry in _entries(data, "tasks_awaiting_approval", where, task_fields)
    ]
    rewards = [
        RewardSpec(
            job=_text(entry, "job", at),
            amount=_amount(entry, "amount", at),
            confirmed_on=parse_date(entry.get("confirmed_on"), f"{at}.confirmed_on"),
        )
        for at, entry in _entries(data, "rewards", where, {"job", "amount", "confirmed_on"})
    ]
    return {
        "contracts": tuple(contracts),
        "tasks_awaiting_approval": tuple(tasks),
        "rewards": tuple(rewards),
    }


# One account's live state -----------------------------------------------------------------------


@dataclass
class Contract:
    id: int
    job: str
    client: str
    client_id: int | None
    amount: int
    status: str
    due: DateSpec
    end_reason: str = ""

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def can_request_end(self) -> bool:
        return self.status in (AWAITING_ESCROW, ESCROWED, DELIVERED)


@dataclass
class Task:
    task: str
    client: str
    client_id: int | None
    reward: int
    deadline: DateSpec
    worked_on: DateSpec

    def rejected(self, today: date) -> bool:
        """Automatically 非承認 once two weeks have passed since the 応募期限."""
        return today > self.deadline.resolve(today) + timedelta(days=TASK_AUTO_REJECT_DAYS)


@dataclass
class Reward:
    job: str
    amount: int
    confirmed_on: DateSpec
    withdrawn: bool = False

    def lapsed(self, today: date) -> bool:
        """Gone (worth 0円) once 180 days have passed since the 報酬支払い確定日."""
        return today > self.confirmed_on.resolve(today) + timedelta(days=REWARD_LAPSE_DAYS)


@dataclass(frozen=True)
class Blocker:
    """One reason the account cannot leave, in the site's words, and where to deal with it."""

    message: str
    link_text: str
    href: str


CONTRACTS_ACTIVE = "/e/contracts?status=active"
CONTRACTS_FINISHED = "/e/contracts?status=finished"


@dataclass
class Work:
    contracts: list[Contract] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    rewards: list[Reward] = field(default_factory=list)

    @classmethod
    def from_specs(
        cls,
        specs: dict[str, Any],
        next_contract_id: Callable[[], int],
        client_id: Callable[[str], int | None],
    ) -> Work:
        """A fresh, mutable copy of a scenario's data for one account."""
        return cls(
            contracts=[
                Contract(
                    next_contract_id(),
                    c.job,
                    c.client,
                    client_id(c.client),
                    c.amount,
                    c.status,
                    c.due,
                )
                for c in specs.get("contracts", ())
            ],
            tasks=[
                Task(t.task, t.client, client_id(t.client), t.reward, t.deadline, t.worked_on)
                for t in specs.get("tasks_awaiting_approval", ())
            ],
            rewards=[Reward(r.job, r.amount, r.confirmed_on) for r in specs.get("rewards", ())],
        )

    def contract(self, contract_id: int) -> Contract | None:
        return next((c for c in self.contracts if c.id == contract_id), None)

    def active_contracts(self) -> list[Contract]:
        return [c for c in self.contracts if c.active]

    def finished_contracts(self) -> list[Contract]:
        return [c for c in self.contracts if not c.active]

    def escrow_total(self) -> int:
        return sum(c.amount for c in self.contracts if c.status in ESCROW_HELD_STATUSES)

    def pending_tasks(self, today: date) -> list[Task]:
        return [t for t in self.tasks if not t.rejected(today)]

    def open_rewards(self, today: date) -> list[Reward]:
        """Rewards not yet withdrawn and not lapsed: what 未出金の報酬 adds up."""
        return [r for r in self.rewards if not r.withdrawn and not r.lapsed(today)]

    def lapsed_rewards(self, today: date) -> list[Reward]:
        return [r for r in self.rewards if not r.withdrawn and r.lapsed(today)]

    def unwithdrawn_total(self, today: date) -> int:
        return sum(r.amount for r in self.open_rewards(today))

    def withdraw_all(self, today: date) -> None:
        for reward in self.open_rewards(today):
            reward.withdrawn = True

    def blockers(self, today: date) -> list[Blocker]:
        """What stops this account leaving, in the order the site lists it."""
        found = []
        active = len(self.active_contracts())
        if active:
            found.append(
                Blocker(
                    f"契約中のお仕事があります({active}件)。"
                    "業務を完了するか、契約途中終了リクエストを送信してください。",
                    "契約一覧",
                    CONTRACTS_ACTIVE,
                )
            )
        held = self.escrow_total()
        if held:
            found.append(
                Blocker(
                    f"仮払いされている金額があります({format_yen(held)})。",
                    "仮払いの状況",
                    CONTRACTS_ACTIVE,
                )
            )
        tasks = len(self.pending_tasks(today))
        if tasks:
            message = f"承認待ちのタスク作業があります({tasks}件)。"
            found.append(Blocker(message, "タスク承認待ち", "/tasks/pending"))
        total = self.unwithdrawn_total(today)
        if total:
            message = f"未出金の報酬があります({format_yen(total)})。"
            found.append(Blocker(message, "報酬", "/rewards"))
        return found
