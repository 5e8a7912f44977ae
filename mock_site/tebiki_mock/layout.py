"""The page shell every page shares: head, header with the user menu, footer.

Everything here targets what a person sees (landmarks, roles, visible names), because flows must
find things by those, never by this site's ids or classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from html import escape

from .assets import EVENT_LOG_SCRIPT, MENU_SCRIPT, STYLESHEET
from .labels import ARTICLE, LabelSet
from .state import Account

CSRF_FIELD = "authenticity_token"
SITE_NAME = "クラウドワークス"


@dataclass(frozen=True)
class View:
    """What a page needs to know about who is looking at it."""

    csrf_token: str
    account: Account | None = None
    labels: LabelSet = ARTICLE
    flash: str | None = None
    # The day the page is rendered for: scenario dates such as today-3 resolve against it.
    today: date = field(default_factory=date.today)


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def csrf_input(view: View) -> str:
    return f'<input type="hidden" name="{CSRF_FIELD}" value="{esc(view.csrf_token)}">'


def status_message(message: str | None) -> str:
    """A polite announcement after a successful action (Post/Redirect/Get)."""
    if not message:
        return ""
    return f'<div class="notice" role="status">{esc(message)}</div>'


def alert(messages: list[str]) -> str:
    """An error announcement; one message inline, several as a list."""
    if not messages:
        return ""
    if len(messages) == 1:
        return f'<div class="alert" role="alert">{esc(messages[0])}</div>'
    items = "".join(f"<li>{esc(m)}</li>" for m in messages)
    return f'<div class="alert" role="alert"><ul>{items}</ul></div>'


def _user_menu(view: View, account: Account) -> str:
    labels = view.labels
    return (
        f'<div class="user-menu" data-user-menu data-menu="{esc(account.menu)}">'
        f'<button type="button" aria-haspopup="true" aria-expanded="false">'
        f"{esc(account.display_name)}</button>"
        "<ul>"
        f'<li><a href="/profile/edit">{esc(labels.profile_edit)}</a></li>'
        f'<li><a href="/rewards">{esc(labels.rewards)}</a></li>'
        f'<li><form method="post" action="/logout">{csrf_input(view)}'
        f'<button type="submit">{esc(labels.logout)}</button></form></li>'
        "</ul></div>"
    )


def _header(view: View) -> str:
    nav = ""
    if view.account is not None:
        nav = (
            '<button type="button" class="nav-toggle" aria-expanded="false" '
            'aria-controls="site-nav">メニュー</button>'
            '<nav class="site-nav" id="site-nav" aria-label="メインメニュー">'
            f'<a href="/dashboard">{esc(view.labels.mypage)}</a>'
            f'<a href="/jobs">{esc(view.labels.find_jobs)}</a>'
            f"{_user_menu(view, view.account)}</nav>"
        )
    return (
        '<header class="site-header"><div class="inner">'
        f'<a class="logo" href="/">{SITE_NAME}</a>{nav}</div></header>'
    )


def _footer(view: View) -> str:
    # The article: みんなの相談所 is in the menu at the very bottom of the page.
    return (
        '<footer class="site-footer"><div class="inner">'
        f'<a href="/contact">{esc(view.labels.contact)}</a>'
        f'<a href="/consultation">{esc(view.labels.consultation)}</a>'
        f"<span>© {SITE_NAME} (mock)</span></div></footer>"
    )


def render_page(view: View, title: str, body: str) -> str:
    """A whole HTML document; the footer only for logged-in pages, as on the real site."""
    footer = _footer(view) if view.account is not None else ""
    menu_script = f"<script>{MENU_SCRIPT}</script>" if view.account is not None else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="ja"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        # An empty icon stops the browser asking for /favicon.ico on every page.
        '<link rel="icon" href="data:,">'
        f"<title>{esc(title)} | {SITE_NAME}</title>"
        f"<style>{STYLESHEET}</style>"
        f"<script>{EVENT_LOG_SCRIPT}</script>"
        f"</head><body>{_header(view)}<main>{body}</main>{footer}{menu_script}</body></html>\n"
    )
