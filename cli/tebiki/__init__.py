"""tebiki (手引き): walk a website along recorded flows with Playwright.

One flow file, played as a dry run (every target highlighted, nothing clicked), a real run,
tutorial screenshots, a guide for a person, or a regression check against the bundled mock
site. This module is the public front: what a user's own code and an exported test may import;
``play_flow`` plays a flow on a page of the caller's own (a pytest-playwright ``page``, a
logged-in context) and returns the result the commands report from.
Everything else is private and may move. Names load when first used, so ``import tebiki``
costs nothing a command does not need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> the module that defines it
_PUBLIC = {
    "BadInputError": "tebiki.errors",
    "EnvironmentProblem": "tebiki.errors",
    "ExitStatus": "tebiki.errors",
    "FlowFileError": "tebiki.errors",
    "StepFailed": "tebiki.errors",
    "Flow": "tebiki.flowfile.model",
    "load_flow": "tebiki.flowfile.loader",
    "parse_flow": "tebiki.flowfile.loader",
    "find_flow": "tebiki.flowfile.loader",
    "bundled_flows": "tebiki.flowfile.loader",
    "find_browser": "tebiki.browser",
    "launch_args": "tebiki.browser",
    "MockSite": "tebiki.sites.mock",
    "MockSession": "tebiki.sites.mock",
    "play_flow": "tebiki.playing.play",
    "PlayResult": "tebiki.playing.results",
    "StepReport": "tebiki.playing.results",
    "Outcome": "tebiki.playing.outcome",
    "ShotSettings": "tebiki.playing.options",
}

__all__ = [
    "BadInputError",
    "EnvironmentProblem",
    "ExitStatus",
    "Flow",
    "FlowFileError",
    "MockSession",
    "MockSite",
    "Outcome",
    "PlayResult",
    "ShotSettings",
    "StepFailed",
    "StepReport",
    "__version__",
    "bundled_flows",
    "find_browser",
    "find_flow",
    "launch_args",
    "load_flow",
    "parse_flow",
    "play_flow",
]

if TYPE_CHECKING:
    from tebiki.browser import find_browser, launch_args
    from tebiki.errors import (
        BadInputError,
        EnvironmentProblem,
        ExitStatus,
        FlowFileError,
        StepFailed,
    )
    from tebiki.flowfile.loader import bundled_flows, find_flow, load_flow
    from tebiki.flowfile.model import Flow
    from tebiki.playing.options import ShotSettings
    from tebiki.playing.outcome import Outcome
    from tebiki.playing.play import play_flow
    from tebiki.playing.results import PlayResult, StepReport
    from tebiki.sites.mock import MockSession, MockSite


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'tebiki' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
