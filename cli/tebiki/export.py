"""A flow as a standalone pytest-playwright test file: readable Playwright code, one commented
block per step, against the bundled mock site (started by the test itself) or a site of the
user's (``--base-url``, which pytest's own --base-url overrides)."""

from __future__ import annotations

import re

from tebiki.errors import BadInputError
from tebiki.flowfile.model import (
    LANDMARK_ROLES,
    CheckStep,
    ClickStep,
    ExpectStep,
    FillStep,
    Flow,
    GotoStep,
    ReadStep,
    SelectStep,
    StepBase,
    Target,
)
from tebiki.flowfile.variables import PLACEHOLDER

# What the mock site's session knows, for the flow variables it fills in itself.
SESSION_VALUES = {"display_name": "session.display_name", "client": "session.sample_client"}

_LAUNCH = '''@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """The Chromium tebiki itself would use."""
    return {**browser_type_launch_args, "executable_path":
            str(find_browser(headless=browser_type_launch_args.get("headless", True))),
            "args": launch_args()}
'''


# What a test for a site of the user's needs: the site's address, pytest's --base-url first,
# and the flow's secrets from the environment.
_SITE_HELPERS = '''
@pytest.fixture
def site_url(pytestconfig: pytest.Config) -> str:
    """pytest's --base-url if given, else the site the flow was exported for."""
    given = pytestconfig.getoption("base_url", default=None)
    return str(given or SITE).rstrip("/")


def secret(name: str) -> str:
    value = os.environ.get(f"TEBIKI_{name.upper()}")
    if not value:
        pytest.fail(f"set TEBIKI_{name.upper()}: the flow types the secret {name!r}")
    return value
'''


def site_helpers() -> str:
    return _SITE_HELPERS


def launch_fixture() -> str:
    """The fixture that makes pytest-playwright launch the Chromium tebiki itself would use."""
    return _LAUNCH


_HEAD = '''"""{name}: {title}

Exported by `tebiki export {name}`: a standalone pytest-playwright test of the flow. It starts
the bundled mock site, logs a fresh {account} account in and performs every step, the
irreversible one included (the mock's account is a throwaway). Run it with `pytest {file}`.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tebiki import MockSite, find_browser, launch_args

{launch}

@pytest.fixture
def site() -> Iterator[MockSite]:
    with MockSite() as started:
        yield started

'''

_SITE_HEAD = '''"""{name}: {title}

Exported by `tebiki export {name} --base-url SITE`: a standalone pytest-playwright test of the
flow on that site (`pytest --base-url URL {file}` points it at another). Secrets come
from the environment (TEBIKI_<NAME>), never from this file. A destructive step is performed
only with TEBIKI_CONFIRM=1; without it the test stops before that step, as `tebiki check` does.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tebiki import find_browser, launch_args

SITE = {base_url!r}
CONFIRM = os.environ.get("TEBIKI_CONFIRM") == "1"

{launch}
{site_helpers}
'''

_HELPERS = '''
def section(page: Page, name: str) -> Locator:
    """The part of the page under a heading (or a region) of that name."""
    headed = page.get_by_role("heading", name=name, exact=True)
    return (page.locator("section, article, fieldset, [role=region]").filter(has=headed)
            .or_(page.get_by_role("region", name=name, exact=True))).last


def field(scope: Page | Locator, name: str) -> Locator:
    """A field by its label as the page writes it: a colon after it, or a required mark
    before or after it, count for nothing; a section its label also names is not a field."""
    mark = r"(?:\\*|＊|※|必須|\\(必須\\)|（必須）|\\(required\\)|required)"
    label = re.compile(
        rf"^\\s*(?:{{mark}}\\s*)?{{re.escape(name.strip())}}\\s*(?:[:：]\\s*)?"
        rf"(?:{{mark}}\\s*)?(?:[:：]\\s*)?$"
    )
    return scope.get_by_label(label).and_(scope.locator(FIELDS))


FIELDS = ("input, textarea, select, [contenteditable]:not([contenteditable=false]), "
          "[role=textbox], [role=searchbox], [role=combobox], [role=listbox], [role=checkbox], "
          "[role=radio], [role=switch], [role=spinbutton], [role=slider]")


def link_or_button(scope: Page | Locator, name: str) -> Locator:
    """What a person calls by its name alone: a link or a button."""
    return (scope.get_by_role("link", name=name, exact=True)
            .or_(scope.get_by_role("button", name=name, exact=True)))

'''

_MOCK_TEST = """
def test_{function}(page: Page, site: MockSite) -> None:
    session = site.open_session("{account}")
    page.context.add_cookies([{{"name": session.cookie_name, "value": session.cookie_value,
                               "url": site.base_url}}])
"""

_SITE_TEST = """
def test_{function}(page: Page, site_url: str) -> None:
"""


def _text(value: str) -> str:
    """A Python string for a flow text: the variable itself, or an f-string, where it names
    one."""
    whole = PLACEHOLDER.fullmatch(value)
    if whole:
        return whole.group(1)
    return ("f" if PLACEHOLDER.search(value) else "") + repr(value)


def _one(scope: str, target: Target, name: str) -> str:
    text = _text(name)
    if target.css:
        return f"{scope}.locator({target.css!r})"
    if target.label:
        return f"field({scope}, {text})"
    if target.text:
        return f"{scope}.get_by_text({text})"
    if target.role:
        return f"{scope}.get_by_role({target.role!r}, name={text}, exact=True)"
    return f"link_or_button({scope}, {text})"


def locator_code(target: Target, reading: bool = False) -> str:
    """The Playwright locator for a target, scoped as the flow scopes it."""
    scope = "page"
    if target.within in LANDMARK_ROLES:
        scope = f"page.get_by_role({LANDMARK_ROLES[target.within]!r})"
    elif target.within:
        scope = f"section(page, {_text(target.within)})"
    if reading and target.label:
        # A value is read beside its label, which labels no field: find the label's own text.
        return f"{scope}.get_by_text({_text(target.label)}, exact=True).first"
    code = _one(scope, target, target.wanted)
    for other in target.also:
        code += f".or_({_one(scope, target, other)})"
    return code + ".first"


def _action(step: StepBase) -> str:
    if isinstance(step, FillStep):
        return f".fill({step.secret})" if step.secret else f".fill({_text(step.value or '')})"
    if isinstance(step, CheckStep):
        return ".check()"
    if isinstance(step, SelectStep):
        return f".select_option(label={_text(step.option)})"
    return ".click()"


def exported_test_name(name: str, flow: Flow, base_url: str | None, given: dict[str, str]) -> str:
    """The exported test function's name, once every variable of the flow has a value: from
    the mock site's session, or given for a site of the user's."""
    if base_url is None:
        unknown = [var for var in flow.variables if var not in SESSION_VALUES]
        if unknown:
            raise BadInputError(
                f"{name}: the variable {unknown[0]!r} has no value on the mock site, so an "
                "exported test cannot fill it in (give --base-url and --var for your site)"
            )
    else:
        missing = [var for var in flow.variables if var not in given]
        if missing:
            raise BadInputError(
                f"{name}: the variable {missing[0]!r} has no value: give --var {missing[0]}=VALUE"
            )
    return re.sub(r"\W+", "_", name).strip("_").lower() or "flow"


def file_fields(
    name: str, flow: Flow, base_url: str | None, given: dict[str, str]
) -> dict[str, str]:
    """What every exported file's text names: the flow, its test and the site."""
    function = exported_test_name(name, flow, base_url, given)
    return {
        "name": name,
        "title": flow.title,
        "account": flow.account,
        "file": f"test_{function}.py",
        "function": function,
        "base_url": (base_url or "").rstrip("/"),
    }


def export_flow(
    name: str, flow: Flow, base_url: str | None = None, variables: dict[str, str] | None = None
) -> str:
    """The test file's text: on the bundled mock site, or on ``base_url`` (a site of the
    user's, where the flow's variables come from ``variables``)."""
    given = variables or {}
    fields = file_fields(name, flow, base_url, given)
    head, test = (_HEAD, _MOCK_TEST) if base_url is None else (_SITE_HEAD, _SITE_TEST)
    text = (head + _HELPERS + test).format(launch=_LAUNCH, site_helpers=_SITE_HELPERS, **fields)
    lines = [text.rstrip("\n")]
    site = "site.base_url" if base_url is None else "site_url"
    if base_url is None:
        lines += [f"    {var} = {SESSION_VALUES[var]}" for var in flow.variables]
    else:
        lines += [f"    {var} = {given[var]!r}" for var in flow.variables]
    for secret_name in flow.secret_names():
        if base_url is None:
            lines.append(
                f"    {secret_name} = secrets.token_urlsafe(12)  # the secret, never written down"
            )
        else:
            lines.append(f"    {secret_name} = secret({secret_name!r})  # never written down")
    lines.append(f"    page.goto({site} + {flow.start!r})")
    for number, step in enumerate(flow.steps, start=1):
        lines.append("")
        optional = " (optional: skipped where the page lacks it)" if step.optional else ""
        lines.append(f"    # {number}. {step.caption_in(flow.lang or 'ja')}{optional}")
        destructive = isinstance(step, ClickStep) and step.effect == "destructive"
        if destructive and base_url is None:
            lines.append("    # irreversible on a real site; the mock's account is a throwaway")
        elif destructive:
            lines += [
                "    if not CONFIRM:",
                "        return  # irreversible: performed only with TEBIKI_CONFIRM=1",
            ]
        if destructive or step.dialog == "accept":
            # Playwright dismisses a dialog nobody answers; a person who clicked this accepts.
            lines.append("    page.once('dialog', lambda dialog: dialog.accept())")
        if isinstance(step, GotoStep):
            lines.append(f"    page.goto({site} + {_text(step.goto)})")
            continue
        assert step.target is not None
        locator = locator_code(step.target, reading=isinstance(step, ReadStep))
        if isinstance(step, ExpectStep | ReadStep):
            lines.append(f"    expect({locator}).to_be_visible()")
        elif step.optional:
            # On the page but not shown (a phone's menu button on a wide screen) is absent too.
            lines += [
                f"    target = {locator}",
                "    if target.is_visible():",
                f"        target{_action(step)}",
            ]
        else:
            lines.append(f"    {locator}{_action(step)}")
    return "\n".join(lines) + "\n"
