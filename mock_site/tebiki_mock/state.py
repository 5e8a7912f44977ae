"""In-memory state of the mock site: accounts, sessions and the mutation log.

One lock guards everything: the server is threaded and tests open sessions from other threads.
Each account is created fresh from a scenario, so parallel tests never share state.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .labels import ARTICLE, LabelSet, pick_label_set
from .market import Market, check_clients, load_market
from .scenarios import ACCOUNT_KINDS, Scenario
from .work import END_REQUESTED, Work

MENU_MODES = ("both", "hover", "click")
MIN_PASSWORD_LENGTH = 8


@dataclass
class Account:
    id: int
    email: str
    kind: str
    registered_with: str
    display_name: str
    introduction: str
    scenario: str
    labels: str
    menu: str
    # Kept in clear text on purpose: callers need the demo account's password to log in with it,
    # and the mock holds nothing but throwaway demo accounts.
    password: str | None
    scenario_data: dict[str, Any] = field(default_factory=dict)
    # Contracts, task work awaiting approval and rewards: this account's own copy.
    work: Work = field(default_factory=Work)
    deleted: bool = False
    words: LabelSet = ARTICLE  # the label set named by ``labels``


@dataclass
class Session:
    token: str
    csrf_token: str
    # None for a visitor who is not logged in yet: the login form still needs a CSRF token.
    account_email: str | None = None
    # A one-shot message for the next page, after a redirect (Post/Redirect/Get).
    flash: str | None = None


@dataclass(frozen=True)
class Mutation:
    method: str
    path: str
    fields: tuple[str, ...]
    account_email: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"method": self.method, "path": self.path, "fields": list(self.fields)}


class Store:
    """Accounts, sessions and the mutation log, safe to use from many threads.

    ``today`` is the clock scenario dates are resolved against (``date.today`` unless a test
    fixes it); ``market`` the site-wide public data (fixtures/market.yaml unless given).
    """

    def __init__(
        self,
        scenarios: dict[str, Scenario],
        market: Market | None = None,
        today: Callable[[], date] | None = None,
        label_sets: dict[str, LabelSet] | None = None,
    ) -> None:
        self.label_sets = label_sets or {ARTICLE.name: ARTICLE}
        self.market = market if market is not None else load_market()
        check_clients(scenarios, self.market)
        self.today: Callable[[], date] = today or date.today
        self._scenarios = scenarios
        self._lock = threading.RLock()
        self._accounts: dict[str, Account] = {}
        self._sessions: dict[str, Session] = {}
        self._mutations: list[Mutation] = []
        self._next_id = 1001
        self._next_contract_id = 5001

    @property
    def scenario_names(self) -> list[str]:
        return sorted(self._scenarios)

    # Accounts -----------------------------------------------------------------------------

    def create_account(
        self, kind: str, scenario: str = "clean", labels: str = "article", menu: str = "both"
    ) -> Account:
        """Make a fresh account from a scenario; its e-mail address is unique."""
        if kind not in ACCOUNT_KINDS:
            raise ValueError(f"unknown account kind {kind!r} (known: {', '.join(ACCOUNT_KINDS)})")
        if menu not in MENU_MODES:
            raise ValueError(f"unknown menu mode {menu!r} (known: {', '.join(MENU_MODES)})")
        words = pick_label_set(self.label_sets, labels)
        if scenario not in self._scenarios:
            known = ", ".join(self.scenario_names)
            raise ValueError(f"unknown scenario {scenario!r} (known: {known})")
        template = self._scenarios[scenario].account(kind)
        with self._lock:
            account_id = self._next_id
            self._next_id += 1
            work = Work.from_specs(template.extra, self._new_contract_id, self.market.client_id)
            email = f"nami+{secrets.token_hex(6)}@example.jp"
            account = Account(
                id=account_id,
                email=email,
                kind=kind,
                registered_with=template.registered_with,
                display_name=template.display_name,
                introduction=template.introduction,
                scenario=scenario,
                labels=labels,
                menu=menu,
                # Only an account registered with an e-mail address starts with a password.
                password=secrets.token_urlsafe(12) if kind == "email" else None,
                scenario_data=dict(template.extra),
                work=work,
                words=words,
            )
            self._accounts[email] = account
            return account

    def account(self, email: str) -> Account | None:
        with self._lock:
            return self._accounts.get(email)

    def account_by_id(self, account_id: int) -> Account | None:
        with self._lock:
            return next((a for a in self._accounts.values() if a.id == account_id), None)

    def account_exists(self, email: str) -> bool:
        with self._lock:
            return email in self._accounts

    def check_login(self, email: str, password: str) -> Account | None:
        """The login form's check: a live account whose password matches."""
        with self._lock:
            account = self._accounts.get(email)
            if account is None or account.password is None:
                return None
            if not secrets.compare_digest(account.password.encode(), password.encode()):
                return None
            return account

    def set_password(self, email: str, password: str) -> None:
        with self._lock:
            account = self._accounts.get(email)
            if account is not None:
                account.password = password

    def set_profile(self, email: str, display_name: str, introduction: str) -> None:
        with self._lock:
            account = self._accounts.get(email)
            if account is not None:
                account.display_name = display_name
                account.introduction = introduction

    def _new_contract_id(self) -> int:
        with self._lock:
            contract_id = self._next_contract_id
            self._next_contract_id += 1
            return contract_id

    def request_contract_end(self, email: str, contract_id: int, reason: str) -> bool:
        """Send 契約途中終了リクエスト: False when the contract is not this account's or is past
        asking."""
        with self._lock:
            account = self._accounts.get(email)
            contract = account.work.contract(contract_id) if account else None
            if contract is None or not contract.can_request_end:
                return False
            contract.status = END_REQUESTED
            contract.end_reason = reason
            return True

    def withdraw_rewards(self, email: str) -> None:
        """クイック出金: every open reward is paid out, so 未出金の報酬 is 0円."""
        with self._lock:
            account = self._accounts.get(email)
            if account is not None:
                account.work.withdraw_all(self.today())

    def delete_account(self, email: str) -> None:
        """Withdraw: the account goes, and every session logged into it ends."""
        with self._lock:
            account = self._accounts.pop(email, None)
            if account is not None:
                account.deleted = True
            for token in [t for t, s in self._sessions.items() if s.account_email == email]:
                del self._sessions[token]

    # Sessions -----------------------------------------------------------------------------

    def new_session(self, account_email: str | None = None) -> Session:
        session = Session(
            token=secrets.token_urlsafe(32),
            csrf_token=secrets.token_urlsafe(32),
            account_email=account_email,
        )
        with self._lock:
            self._sessions[session.token] = session
        return session

    def session(self, token: str | None) -> Session | None:
        if not token:
            return None
        with self._lock:
            return self._sessions.get(token)

    def end_session(self, token: str) -> None:
        with self._lock:
            self._sessions.pop(token, None)

    def set_flash(self, token: str, message: str) -> None:
        with self._lock:
            session = self._sessions.get(token)
            if session is not None:
                session.flash = message

    def pop_flash(self, token: str) -> str | None:
        with self._lock:
            session = self._sessions.get(token)
            if session is None:
                return None
            message, session.flash = session.flash, None
            return message

    # Mutation log -------------------------------------------------------------------------

    def record_mutation(
        self, method: str, path: str, fields: list[str], account_email: str | None
    ) -> None:
        """Log a non-GET request. Field names only: values may be passwords."""
        unique = tuple(dict.fromkeys(fields))
        with self._lock:
            self._mutations.append(Mutation(method, path, unique, account_email))

    def mutations(self, account_email: str | None = None) -> list[dict[str, Any]]:
        """Every logged request, or only those made by one account when one is named."""
        with self._lock:
            entries = list(self._mutations)
        if account_email is not None:
            entries = [m for m in entries if m.account_email == account_email]
        return [m.as_dict() for m in entries]
