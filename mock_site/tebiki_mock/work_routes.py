"""Routes of the pages beyond the withdrawal path: the member's work, the market, help.

The App asks here after its own routes; login, CSRF and the mutation log stay with the App.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import work_pages
from .layout import View
from .state import Account, Store
from .web import Request, Response, Visit, redirect
from .work import BANKS, quick_withdrawal_rule

Handler = Callable[[Visit, str | None], Response]
PostHandler = Callable[[Request, Visit, Account], Response]

END_REQUEST_SENT = "契約途中終了リクエストを送信しました"
QUICK_WITHDRAWAL_DONE = "クイック出金を申請しました"
CONTACT_RECEIVED = "お問い合わせを受け付けました"

_CONTRACT = re.compile(r"/contracts/(\d+)")
_END_REQUEST = re.compile(r"/contracts/(\d+)/end_request")
_CLIENT = re.compile(r"/public/clients/(\d+)")
_LOW_RATINGS = re.compile(r"/public/clients/(\d+)/low_ratings")
_MEMBER = re.compile(r"/public/members/(\d+)")


class WorkRoutes:
    def __init__(self, store: Store, not_found: Callable[[Visit], Response]) -> None:
        self.store = store
        self.not_found = not_found

    # GET ----------------------------------------------------------------------------------

    def route(self, path: str, query: dict[str, str]) -> Handler | None:
        """The page for a path, or None when the path is not one of these pages."""
        market = self.store.market
        fixed: dict[str, Callable[[View], work_pages.Page]] = {
            # Anything but ?status=finished shows the active ones, as a bare /e/contracts does.
            "/e/contracts": lambda v: work_pages.contracts(v, query.get("status") == "finished"),
            "/tasks/pending": work_pages.pending_tasks,
            "/rewards": work_pages.rewards,
            "/jobs": lambda v: work_pages.jobs(v, market),
            "/contact": work_pages.contact,
            "/consultation": lambda v: work_pages.consultation(v, market),
        }
        if path in fixed:
            page = fixed[path]
            return lambda visit, flash: visit.page(page(visit.view(flash)))
        for pattern, handler in (
            (_CONTRACT, self._contract),
            (_CLIENT, self._client),
            (_LOW_RATINGS, self._low_ratings),
            (_MEMBER, self._member),
        ):
            match = pattern.fullmatch(path)
            if match:
                number = int(match.group(1))
                # Returned at once, so the closure sees this handler and number.
                return lambda visit, flash: handler(visit, flash, number)
        return None

    def _contract(self, visit: Visit, flash: str | None, contract_id: int) -> Response:
        assert visit.account is not None
        item = visit.account.work.contract(contract_id)
        if item is None:
            return self.not_found(visit)
        return visit.page(work_pages.contract(visit.view(flash), item))

    def _client(self, visit: Visit, flash: str | None, client_id: int) -> Response:
        client = self.store.market.client(client_id)
        if client is None:
            return self.not_found(visit)
        return visit.page(work_pages.client_profile(visit.view(), self.store.market, client))

    def _low_ratings(self, visit: Visit, flash: str | None, client_id: int) -> Response:
        client = self.store.market.client(client_id)
        if client is None:
            return self.not_found(visit)
        return visit.page(work_pages.low_ratings(visit.view(), self.store.market, client))

    def _member(self, visit: Visit, flash: str | None, member_id: int) -> Response:
        member = self.store.market.member(member_id)
        if member is None:
            return self.not_found(visit)
        return visit.page(work_pages.member_profile(visit.view(), member))

    # POST ---------------------------------------------------------------------------------

    def post_handler(self, path: str) -> PostHandler | None:
        if path == "/rewards/quick_withdrawal":
            return self._quick_withdrawal
        if path == "/contact":
            return self._contact
        match = _END_REQUEST.fullmatch(path)
        if match:
            contract_id = int(match.group(1))
            return lambda request, visit, account: self._end_request(
                request, visit, account, contract_id
            )
        return None

    def _flash_and_go(self, visit: Visit, message: str, location: str) -> Response:
        assert visit.session is not None
        self.store.set_flash(visit.session.token, message)
        return redirect(location)

    def _end_request(
        self, request: Request, visit: Visit, account: Account, contract_id: int
    ) -> Response:
        item = account.work.contract(contract_id)
        if item is None:
            return self.not_found(visit)
        reason = request.form.get("reason", "").strip()
        errors = []
        if not item.can_request_end:
            errors.append("この契約は途中終了をリクエストできません")
        elif not reason:
            errors.append("理由を入力してください")
        if errors or not self.store.request_contract_end(account.email, contract_id, reason):
            page = work_pages.contract(visit.view(), item, errors, reason)
            return visit.page(page)
        return self._flash_and_go(visit, END_REQUEST_SENT, f"/contracts/{contract_id}")

    def _quick_withdrawal(self, request: Request, visit: Visit, account: Account) -> Response:
        today = visit.today
        rule = quick_withdrawal_rule(today)
        total = account.work.unwithdrawn_total(today)
        text = request.form.get("amount", "").strip()
        bank = request.form.get("bank", "")
        errors = []
        if not text.isascii() or not text.isdigit():
            errors.append("出金額を半角数字で入力してください")
        elif int(text) < rule.minimum:
            errors.append(f"出金額は{rule.minimum:,}円以上で入力してください")
        elif int(text) > total:
            errors.append(f"出金額が未出金の報酬({total:,}円)を超えています")
        if bank not in {value for value, _, _ in BANKS}:
            errors.append("振込先を選択してください")
        if errors:
            page = work_pages.rewards(visit.view(), errors, text, bank)
            return visit.page(page)
        self.store.withdraw_rewards(account.email)
        return self._flash_and_go(visit, QUICK_WITHDRAWAL_DONE, "/rewards")

    def _contact(self, request: Request, visit: Visit, account: Account) -> Response:
        kind = request.form.get("kind", "")
        text = request.form.get("body", "")
        errors = []
        if kind not in {value for value, _ in work_pages.CONTACT_KINDS if value}:
            errors.append("お問い合わせの種類を選択してください")
        if not text.strip():
            errors.append("お問い合わせ内容を入力してください")
        if errors:
            return visit.page(work_pages.contact(visit.view(), errors, kind, text))
        return self._flash_and_go(visit, CONTACT_RECEIVED, "/contact")
