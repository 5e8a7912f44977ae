"""The bundled mock site as the engine sees it: the one module of tebiki that imports it.

Everything else reaches the mock through here, and imports this module only when it needs
the mock (a walk with no --base-url, `tebiki check`, the pytest plugin's fixtures), so a walk
on another site never loads it.
"""

from __future__ import annotations

from contextlib import ExitStack

import structlog

from tebiki.errors import BadInputError
from tebiki.settings import Settings
from tebiki.sites.site import Site
from tebiki_mock import MockSession, MockSite, serve
from tebiki_mock.scenarios import DEFAULT_FIXTURES_DIR, load_label_sets, load_scenarios

__all__ = [
    "DEFAULT_FIXTURES_DIR",
    "MockSession",
    "MockSite",
    "load_label_sets",
    "load_scenarios",
    "open_mock_site",
    "serve",
]

log = structlog.get_logger()


def open_mock_site(stack: ExitStack, account: str, settings: Settings) -> Site:
    """The bundled mock site, started for this walk, with a fresh session of its own."""
    try:
        site = stack.enter_context(MockSite(fixtures_dir=settings.fixtures))
    except ValueError as error:  # a fixtures folder whose files do not parse
        raise BadInputError(f"mock site fixtures: {error}") from None
    try:
        session = site.open_session(
            account=account, scenario=settings.scenario, labels=settings.labels, menu=settings.menu
        )
    except (KeyError, ValueError) as error:
        raise BadInputError(f"mock site: {error.args[0] if error.args else error}") from None
    log.info(
        "bundled mock site",
        url=site.base_url,
        account=account,
        scenario=settings.scenario,
        labels=settings.labels,
    )
    return Site(
        site.base_url + "/",
        session.shown_values(),
        (session.cookie(site.base_url),),
        lambda: site.mutations(session),
        account=account,
    )
