"""The pytest plugin (entry point ``pytest11``, name ``tebiki``): the bundled mock site, tebiki's
flows and its check matrix inside a user's own pytest suite; with pytest-playwright's
--base-url, the flows played once each on that site instead.

Nothing starts unless asked for: the mock site with the first test that uses a ``tebiki_``
fixture, the check matrix only with ``--tebiki-flows``. The browser side (.browser)
stands on pytest-playwright's fixtures; without pytest-playwright this module still loads and
offers the mock-site fixtures alone. It imports no browser code at import time, so loading it
costs a pytest run that does not use it nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tebiki.pytest_plugin.config import fixtures_dir, timeout_ms

if TYPE_CHECKING:
    from tebiki.sites.mock import MockSession, MockSite

NAME = "tebiki"  # the entry point's name in pyproject.toml
PLAYWRIGHT_MODULE = "pytest_playwright.pytest_playwright"
MARKER_KEYS = ("account", "scenario", "labels", "menu")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("tebiki", "tebiki: flows on the bundled mock site")
    group.addoption(
        "--tebiki-fixtures",
        metavar="DIR",
        default=None,
        help="mock site data folder (scenarios/, labels.yaml, market.yaml) instead "
        "of the bundled one; also the ini value tebiki_fixtures",
    )
    group.addoption(
        "--tebiki-flows",
        action="store_true",
        default=False,
        help="collect the check matrix as tests: one per cell of each flow's "
        "check: cases, id like withdraw-email[email-clean-article]",
    )
    group.addoption(
        "--tebiki-flow",
        metavar="NAME",
        action="append",
        default=[],
        help="with --tebiki-flows (implied): only this flow, a bundled name or a "
        "flow file; repeatable",
    )
    group.addoption(
        "--tebiki-var",
        metavar="KEY=VALUE",
        action="append",
        default=[],
        help="a flow variable, for flows played on a site of yours (--base-url); repeatable",
    )
    group.addoption(
        "--tebiki-storage-state",
        metavar="FILE",
        default=None,
        help="a Playwright storage state that logs the flows in on a site of yours "
        "(--base-url); pytest-playwright's browser_context_args apply there too",
    )
    group.addoption(
        "--tebiki-confirm",
        action="store_true",
        default=False,
        help="perform destructive steps on a site of yours (--base-url); without it a cell "
        "stops before one, and passes if all before it did",
    )
    parser.addini(
        "tebiki_fixtures",
        "mock site data folder for tebiki's fixtures (relative to the ini file)",
        default="",
    )
    parser.addini(
        "tebiki_timeout_ms",
        "how long tebiki_play and the cells look for each target, in milliseconds",
        default="5000",
    )


def pytest_plugin_registered(
    plugin: object, plugin_name: str, manager: pytest.PytestPluginManager
) -> None:
    # `-p tebiki.pytest_plugin` registers this module under its own name before the entry points
    # are loaded; the `tebiki` entry point names the same module, and pluggy refuses one module
    # under two names. Blocking the entry point's name makes the second registration a no-op.
    if (
        plugin is sys.modules[__name__]
        and plugin_name != NAME
        and manager.get_plugin(NAME) is None
        and not manager.is_blocked(NAME)
    ):
        manager.set_blocked(NAME)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "tebiki(account='email', scenario='clean', labels='article', menu='both'): "
        "the mock-site account that tebiki_account, tebiki_page and tebiki_play use",
    )
    timeout_ms(config)  # a bad ini value is said once, before any test
    if has_playwright_plugin(config):
        from tebiki.pytest_plugin import browser as pytest_browser

        # Registered now, after every entry-point plugin, so that its browser_type_launch_args
        # comes after pytest-playwright's and can extend it; conftest.py fixtures still come
        # after this one and win.
        if not config.pluginmanager.is_registered(pytest_browser):
            config.pluginmanager.register(pytest_browser, "tebiki-playwright")
    elif wants_cells(config):
        raise pytest.UsageError(
            "--tebiki-flows plays the flows on pytest-playwright's browser: "
            'pip install "tebiki[pytest]" (pytest and pytest-playwright)'
        )
    else:
        from tebiki.pytest_plugin import missing

        if not config.pluginmanager.is_registered(missing):
            config.pluginmanager.register(missing, "tebiki-no-playwright")


def has_playwright_plugin(config: pytest.Config) -> bool:
    """pytest-playwright in use: registered by its entry point or by -p, and not disabled."""
    module = sys.modules.get(PLAYWRIGHT_MODULE)
    return module is not None and config.pluginmanager.is_registered(module)


def wants_cells(config: pytest.Config) -> bool:
    return bool(config.getoption("tebiki_flows") or config.getoption("tebiki_flow"))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    # tryfirst: the cells join the items before -k, -m and --deselect choose among them.
    if wants_cells(config):
        from tebiki.pytest_plugin.cells import collect_cells

        items.extend(collect_cells(session))


@pytest.fixture(scope="session")
def tebiki_mock_site(pytestconfig: pytest.Config) -> Iterator[MockSite]:
    """The bundled mock site on a free loopback port, for the whole test session."""
    from tebiki.sites.mock import MockSite

    _quiet_logs()
    try:
        site = MockSite(fixtures_dir=fixtures_dir(pytestconfig))
    except (OSError, ValueError) as error:  # a fixtures folder that is missing or does not parse
        pytest.fail(f"tebiki mock site fixtures: {error}", pytrace=False)
    with site:
        yield site


@pytest.fixture
def tebiki_account(request: pytest.FixtureRequest, tebiki_mock_site: MockSite) -> MockSession:
    """A fresh mock-site account, logged in, as @pytest.mark.tebiki(...) describes it."""
    marker = request.node.get_closest_marker("tebiki")
    given = dict(marker.kwargs) if marker is not None else {}
    unknown = sorted(set(given) - set(MARKER_KEYS))
    if (marker is not None and marker.args) or unknown:
        pytest.fail(
            f"@pytest.mark.tebiki takes keywords only: {', '.join(MARKER_KEYS)} "
            f"(given: {', '.join(unknown) or repr(marker.args if marker else ())})",
            pytrace=False,
        )
    try:
        return tebiki_mock_site.open_session(**given)
    except (KeyError, ValueError) as error:
        pytest.fail(f"@pytest.mark.tebiki: {error.args[0] if error.args else error}", pytrace=False)


def _quiet_logs() -> None:
    """The engine logs every step at debug level, for `tebiki -vv`; in a failed test's captured
    output those lines would bury the message. Left alone when the suite set structlog up."""
    import logging

    import structlog

    if not structlog.is_configured():
        structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
