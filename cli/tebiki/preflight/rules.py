"""The site's rules as dated data (data/rules.yaml beside this module): which entry holds on a
given day.

Kept apart from the report so a test can ask "what held on 2019-12-01" without a browser.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml

from tebiki.errors import BadInputError
from tebiki.words import counted

RULES_FILE = Path(__file__).resolve().parent / "data" / "rules.yaml"
_ROUNDING = {"floor": ROUND_DOWN, "half-up": ROUND_HALF_UP}


@dataclass(frozen=True)
class Rules:
    """The rules in force on one day, each with where it comes from."""

    as_of: date
    quick_fee_percent: Decimal
    quick_minimum: int
    quick_source: str
    fee_rounding: str
    bank_fees: dict[str, int]
    bank_source: str
    lapse_days: int | None
    lapse_months: int | None
    lapse_counted_from: date | None
    lapse_source: str
    task_rejection_days: int
    task_source: str
    finished_statuses: tuple[str, ...]
    escrow_statuses: tuple[str, ...]
    awaiting_statuses: tuple[str, ...]
    sources: dict[str, str]

    def quick_fee(self, amount: int) -> int:
        """The クイック出金 fee on an amount, rounded to the yen as the data says."""
        exact = Decimal(amount) * self.quick_fee_percent / 100
        return int(exact.quantize(Decimal(1), rounding=_ROUNDING[self.fee_rounding]))

    def withdrawable_until(self, confirmed: date) -> date:
        """The last day an unwithdrawn reward confirmed on ``confirmed`` can be withdrawn
        (出金申請期限: 報酬支払い確定日から180日後まで); it is gone the day after."""
        if self.lapse_days is not None:
            start = max(confirmed, self.lapse_counted_from or confirmed)
            return start + timedelta(days=self.lapse_days)
        return _add_months(confirmed, self.lapse_months or 6)

    def awaiting_until(self, deadline: date) -> date:
        """The last day task work can still await approval: two weeks from its 応募期限. Once
        that day has passed it is 非承認, and no longer stops anyone leaving."""
        return deadline + timedelta(days=self.task_rejection_days)

    def lapse_words(self, lang: str) -> str:
        if self.lapse_days is not None:
            return counted(self.lapse_days, "day") if lang == "en" else f"{self.lapse_days}日"
        months = self.lapse_months or 6
        if lang == "en":
            return counted(months, "month")
        return "半年" if months == 6 else f"{months}か月"


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _in_force(entries: list[dict[str, Any]], as_of: date, what: str) -> dict[str, Any]:
    chosen = None
    for entry in entries:
        since = entry.get("since")
        in_force = since is None or since <= as_of
        if in_force and (
            chosen is None or (since or date.min) >= (chosen.get("since") or date.min)
        ):
            chosen = entry
    if chosen is None:
        raise BadInputError(f"no {what} rule in force on {as_of.isoformat()}")
    return chosen


def load_rules(as_of: date, path: Path = RULES_FILE) -> Rules:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    sources: dict[str, str] = data["sources"]
    quick = _in_force(data["quick_withdrawal"], as_of, "クイック出金")
    bank = _in_force(data["bank_transfer_fee"], as_of, "bank transfer fee")
    lapse = _in_force(data["reward_lapse"], as_of, "reward lapse")
    task = _in_force(data["task_auto_rejection"], as_of, "task approval")
    statuses = data["contract_status"]
    return Rules(
        as_of=as_of,
        quick_fee_percent=Decimal(str(quick["fee_percent"])),
        quick_minimum=int(quick["minimum"]),
        quick_source=sources[quick["source"]],
        fee_rounding=data.get("fee_rounding", "floor"),
        bank_fees={str(name): int(fee) for name, fee in bank["banks"].items()},
        bank_source=sources[bank["source"]],
        lapse_days=lapse.get("days"),
        lapse_months=lapse.get("months"),
        lapse_counted_from=lapse.get("counted_from_at_least"),
        lapse_source=sources[lapse["source"]],
        task_rejection_days=int(task["days"]),
        task_source=sources[task["source"]],
        finished_statuses=tuple(statuses["finished"]),
        escrow_statuses=tuple(statuses["escrow_held"]),
        awaiting_statuses=tuple(statuses["awaiting_escrow"]),
        sources=sources,
    )
