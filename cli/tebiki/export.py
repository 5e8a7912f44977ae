"""A flow as a standalone pytest-playwright test file: readable Playwright code, one commented
block per step, against the bundled mock site (started by the test itself)."""

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

_HEAD = '''"""{name}: {title}

Exported by `tebiki export {name}`: a standalone pytest-playwright test of the flow. It starts
the bundled mock site, logs a fresh {account} account in and performs every step, the
irreversible one included (the mock's account is a throwaway). Run it with `pytest {file}`.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tebiki import MockSite, find_browser, launch_args


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """The Chromium tebiki itself would use."""
    return {{**browser_type_launch_args, "executable_path": str(find_browser()),
            "args": launch_args()}}


@pytest.fixture
def site() -> Iterator[MockSite]:
    with MockSite() as started:
        yield started


def section(page: Page, name: str) -> Locator:
    """The part of the page under a heading (or a region) of that name."""
    headed = page.get_by_role("heading", name=name, exact=True)
    return (page.locator("section, article, fieldset, [role=region]").filter(has=headed)
            .or_(page.get_by_role("region", name=name, exact=True))).last


def link_or_button(scope: Page | Locator, name: str) -> Locator:
    """What a person calls by its name alone: a link or a button."""
    return (scope.get_by_role("link", name=name, exact=True)
            .or_(scope.get_by_role("button", name=name, exact=True)))


def test_{function}(page: Page, site: MockSite) -> None:
    session = site.open_session("{account}")
    page.context.add_cookies([{{"name": session.cookie_name, "value": session.cookie_value,
                               "url": site.base_url}}])
'''


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
        return f"{scope}.get_by_label({text}, exact=True)"
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
        return ".fill(password)" if step.secret else f".fill({_text(step.value or '')})"
    if isinstance(step, CheckStep):
        return ".check()"
    if isinstance(step, SelectStep):
        return f".select_option(label={_text(step.option)})"
    return ".click()"


def export_flow(name: str, flow: Flow) -> str:
    unknown = [var for var in flow.variables if var not in SESSION_VALUES]
    if unknown:
        raise BadInputError(
            f"{name}: the variable {unknown[0]!r} has no value on the mock "
            "site, so an exported test cannot fill it in"
        )
    function = re.sub(r"\W+", "_", name).strip("_").lower() or "flow"
    lines = [
        _HEAD.format(
            name=name,
            title=flow.title,
            account=flow.account,
            file=f"test_{function}.py",
            function=function,
        ).rstrip("\n")
    ]
    lines += [f"    {var} = {SESSION_VALUES[var]}" for var in flow.variables]
    if any(isinstance(step, FillStep) and step.secret for step in flow.steps):
        lines.append("    password = secrets.token_urlsafe(12)  # the secret, never written down")
    lines.append(f"    page.goto(site.base_url + {flow.start!r})")
    for number, step in enumerate(flow.steps, start=1):
        lines.append("")
        optional = " (optional: skipped where the page lacks it)" if step.optional else ""
        lines.append(f"    # {number}. {step.caption_in('ja')}{optional}")
        if isinstance(step, ClickStep) and step.effect == "destructive":
            lines.append("    # irreversible on a real site; the mock's account is a throwaway")
        if isinstance(step, GotoStep):
            lines.append(f"    page.goto(site.base_url + {_text(step.goto)})")
            continue
        assert step.target is not None
        locator = locator_code(step.target, reading=isinstance(step, ReadStep))
        if isinstance(step, ExpectStep | ReadStep):
            lines.append(f"    expect({locator}).to_be_visible()")
        elif step.optional:
            lines += [
                f"    target = {locator}",
                "    if target.count():",
                f"        target{_action(step)}",
            ]
        else:
            lines.append(f"    {locator}{_action(step)}")
    return "\n".join(lines) + "\n"
