"""Plain request and response values, and who is asking: shared by the app and its page groups."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .labels import ARTICLE
from .layout import View, render_page
from .state import Account, Session


@dataclass
class Request:
    method: str
    path: str
    cookies: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] = field(default_factory=dict)
    # Every submitted field name in order, for the mutation log.
    field_names: list[str] = field(default_factory=list)
    # The query string's values (first of each name), e.g. {"status": "active"}.
    query: dict[str, str] = field(default_factory=dict)


@dataclass
class Response:
    status: int
    body: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    # The account a login request signed into, so the log can credit the request to it.
    account_email: str | None = None

    def set_cookie(self, name: str, value: str, max_age: int | None = None) -> None:
        attrs = "; Max-Age=0" if max_age == 0 else ""
        self.headers.append(
            ("Set-Cookie", f"{name}={value}; Path=/; HttpOnly; SameSite=Lax{attrs}")
        )


def redirect(location: str) -> Response:
    # 303: after a POST the browser must follow with a GET (Post/Redirect/Get).
    return Response(303, headers=[("Location", location)])


@dataclass
class Visit:
    """One request's view of who is asking, and on what day."""

    session: Session | None
    account: Account | None
    today: date = field(default_factory=date.today)

    def view(self, flash: str | None = None) -> View:
        labels = self.account.words if self.account else ARTICLE
        token = self.session.csrf_token if self.session else ""
        return View(
            csrf_token=token, account=self.account, labels=labels, flash=flash, today=self.today
        )

    def page(self, title_body: tuple[str, str], status: int = 200) -> Response:
        """A whole page around a (title, body) pair; the shell needs no flash."""
        title, body = title_body
        return Response(status, render_page(self.view(), title, body))
