"""A flow as a pytest-playwright test that plays it with tebiki itself (``tebiki.play_flow``) on
the test's own page: every check a `tebiki run` makes applies (a refusal, an HTTP error, a
page outside the flow's origins fail the step). The flow travels inside the file, as it was
when exported, so the test needs nothing else from the project it came from.
"""

from __future__ import annotations

from tebiki.export import SESSION_VALUES, file_fields, launch_fixture, site_helpers
from tebiki.flowfile.model import Flow

_MOCK_HEAD = '''"""{name}: {title}

Exported by `tebiki export {name}`:
a pytest-playwright test that plays the flow with tebiki itself (tebiki.play_flow) on the
test's page. It starts the bundled mock site, logs a fresh {account} account in and performs
every step, the irreversible one included (the mock's account is a throwaway). Run it with
`pytest {file}`.
"""

from __future__ import annotations

{import_secrets}from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page
from tebiki import MockSite, find_browser, launch_args, parse_flow, play_flow

'''

_SITE_HEAD = '''"""{name}: {title}

Exported by `tebiki export {name} --base-url SITE`:
a pytest-playwright test that plays the flow with tebiki itself (tebiki.play_flow) on the
test's page, on that site (`pytest --base-url URL {file}` points it at another).
Secrets come from the environment (TEBIKI_<NAME>), never from this file. A destructive step
is performed only with TEBIKI_CONFIRM=1; without it the test stops before that step and
passes if all before it did, as `tebiki check` does. To start logged in, give the test's
context a storage state: override pytest-playwright's `browser_context_args` fixture.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import Page
from tebiki import Outcome, find_browser, launch_args, parse_flow, play_flow

SITE = {base_url!r}
CONFIRM = os.environ.get("TEBIKI_CONFIRM") == "1"

'''

_MOCK_FIXTURES = """

@pytest.fixture
def site() -> Iterator[MockSite]:
    with MockSite() as started:
        yield started


def test_{function}(page: Page, site: MockSite) -> None:
    session = site.open_session({account!r})
    page.context.add_cookies([{{"name": session.cookie_name, "value": session.cookie_value,
                               "url": site.base_url}}])
    result = play_flow(
        page,
        FLOW,
        "run",
        base_url=site.base_url,
        variables={variables},
        secrets={secrets},
        confirm=True,  # the mock's account is a throwaway
    )
    steps = [(report.number, report.outcome.value) for report in result.reports]
    assert result.completed, steps
"""

_SITE_FIXTURES = """

def test_{function}(page: Page, site_url: str) -> None:
    result = play_flow(
        page,
        FLOW,
        "run",
        base_url=site_url,
        variables={variables},
        secrets={secrets},
        confirm=CONFIRM,
    )
    held = result.reports and result.reports[-1].outcome is Outcome.NOT_PERFORMED
    steps = [(report.number, report.outcome.value) for report in result.reports]
    assert result.completed or held, steps
"""


def export_play(
    name: str,
    flow: Flow,
    text: str,
    base_url: str | None = None,
    variables: dict[str, str] | None = None,
) -> str:
    """The test file's text, with the flow file's ``text`` inside it: on the bundled mock site,
    or on ``base_url`` (a site of the user's, where the flow's variables come from
    ``variables``)."""
    given = variables or {}
    names = flow.secret_names()
    if base_url is None:
        # A password the mock's fresh account is given here, never written down.
        typed = "{" + ", ".join(f"{n!r}: secrets.token_urlsafe(12)" for n in names) + "}"
    else:
        typed = "{" + ", ".join(f"{n!r}: secret({n!r})" for n in names) + "}"
    fields = {
        **file_fields(name, flow, base_url, given),
        "secrets": typed,
        "variables": _variables(flow, base_url, given),
        "import_secrets": "import secrets\n" if names else "",
    }
    head, tail = (_MOCK_HEAD, _MOCK_FIXTURES) if base_url is None else (_SITE_HEAD, _SITE_FIXTURES)
    flow_code = (
        "# The flow, as its file was when exported.\n"
        f"FLOW = parse_flow(\n    {python_text(text)},\n    {f'{name}.yaml'!r},\n)\n\n\n"
    )
    helpers = "" if base_url is None else "\n" + site_helpers()
    return head.format(**fields) + flow_code + launch_fixture() + helpers + tail.format(**fields)


def _variables(flow: Flow, base_url: str | None, given: dict[str, str]) -> str:
    """The flow's variables as the test gives them: what the mock's session shows, or the
    values given for a site of the user's."""
    if base_url is None:
        pairs = [f"{var!r}: {SESSION_VALUES[var]}" for var in flow.variables]
    else:
        pairs = [f"{var!r}: {given[var]!r}" for var in flow.variables]
    return "{" + ", ".join(pairs) + "}"


def python_text(text: str) -> str:
    """A Python literal for the flow file's text: written as the file reads, where it can be."""
    if "'''" not in text and "\\" not in text and "\r" not in text:
        return "'''\\\n" + text + ("" if text.endswith("\n") else "\\\n") + "'''"
    return repr(text)
