"""The plugin's browser side, on pytest-playwright's fixtures: a Chromium where Playwright has
none of its own, ``tebiki_page`` logged in to the mock site, and ``tebiki_play`` playing a flow
on that page.

The plugin registers this module in pytest_configure, only when pytest-playwright is
in use, and after it: so ``browser_type_launch_args`` here receives pytest-playwright's (same
name) and extends it, and a conftest.py override in turn receives this one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pytest
from playwright.sync_api import BrowserType, Page

from tebiki.pytest_plugin.config import timeout_ms

# The engine (pydantic models, the player) is imported by the fixtures that use it: a suite
# that has tebiki installed but never asks for it pays nothing for it.
if TYPE_CHECKING:
    from tebiki.flowfile.model import Flow
    from tebiki.playing.player import Mode, PlayResult
    from tebiki.sites.mock import MockSession, MockSite


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any],
    browser_type: BrowserType,
    connect_options: dict[str, Any] | None,
) -> dict[str, Any]:
    """pytest-playwright's launch arguments, plus a Chromium tebiki can find (Debian's
    /usr/bin/chromium and the like) when Playwright has no Chromium of its own and nothing
    else was asked for: the launch would fail otherwise."""
    from tebiki.browser import find_browser, launch_args
    from tebiki.errors import EnvironmentProblem

    given = browser_type_launch_args
    if (
        browser_type.name != "chromium"
        or connect_options  # a remote server has its own
        or given.get("executable_path")
        or given.get("channel")
        or Path(browser_type.executable_path).exists()
    ):
        return given
    try:
        # pytest-playwright says headless=False only for --headed.
        executable = find_browser(headless=given.get("headless", True) is not False)
    except EnvironmentProblem:
        return given  # Playwright's own error then says what to install
    args = list(given.get("args") or [])
    args += [arg for arg in launch_args() if arg not in args]
    return {**given, "executable_path": str(executable), "args": args}


@pytest.fixture
def tebiki_page(page: Page, tebiki_account: MockSession, tebiki_mock_site: MockSite) -> Page:
    """pytest-playwright's ``page``, logged in to a fresh mock-site account (see the
    ``tebiki`` marker); it has not opened anything yet."""
    page.context.add_cookies([tebiki_account.cookie(tebiki_mock_site.base_url)])  # type: ignore[list-item]
    return page


class PlayFlow(Protocol):
    """``tebiki_play``: a bundled flow's name or a flow file, played on ``tebiki_page``."""

    def __call__(
        self, flow: str | Path, mode: Mode = "dry-run", *, confirm: bool = False, **variables: str
    ) -> PlayResult: ...


@pytest.fixture
def tebiki_play(
    tebiki_page: Page,
    tebiki_account: MockSession,
    tebiki_mock_site: MockSite,
    output_path: str,
    pytestconfig: pytest.Config,
) -> PlayFlow:
    """Play a flow as `tebiki dry-run` / `tebiki run` would; a step that fails fails the test
    with the step's message (and its screenshot under pytest-playwright's --output folder)."""

    def play(
        flow: str | Path, mode: Mode = "dry-run", *, confirm: bool = False, **variables: str
    ) -> PlayResult:
        from tebiki.errors import StepFailed, TebikiError
        from tebiki.flowfile.loader import find_flow, load_flow
        from tebiki.playing.play import play_flow
        from tebiki.playing.walk import generated_secrets
        from tebiki.redact import Secrets

        secrets = Secrets()  # this play's: the password it types, and the page's session
        secrets.add_session(tebiki_account.cookie(tebiki_mock_site.base_url)["value"])

        # pytest.fail after the except blocks, not in them: the engine's exception would
        # otherwise be shown as the context of the test's failure, traceback and all.
        try:
            loaded = load_flow(find_flow(str(flow)))
            return play_flow(
                tebiki_page,
                loaded,
                mode,
                base_url=tebiki_mock_site.base_url + "/",
                variables={**_shown(loaded, tebiki_account), **variables},
                secrets=generated_secrets(loaded, secrets),
                confirm=confirm,
                timeout_ms=timeout_ms(pytestconfig),
                artifacts=Path(output_path),
                headed=bool(pytestconfig.getoption("headed")),
                run_secrets=secrets,
            )
        except StepFailed as failure:
            message = failure.message + _account_hint(loaded, tebiki_account)
        except TebikiError as error:  # a bad flow file, mode or variable; a site not reached
            message = error.message
        pytest.fail(secrets.redact(message), pytrace=False)

    return play


def _shown(flow: Flow, session: MockSession) -> dict[str, str]:
    """The values the mock account shows that the flow has variables for."""
    shown = session.shown_values()
    return {name: shown[name] for name in flow.variables if name in shown}


def _account_hint(flow: Flow, session: MockSession) -> str:
    if flow.account == session.account:
        return ""
    return (
        f"\n(the flow is written for a {flow.account} account, the test's is "
        f"{session.account}: @pytest.mark.tebiki(account={flow.account!r}))"
    )
