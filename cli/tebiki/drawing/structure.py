"""What a step's screenshot shows, as words: the target's and its surroundings' ARIA snapshots
(Playwright's), kept beside each golden image, so that `check-shots` catches a change the
pixels cannot (更新する -> 変更する on a 14 px button) and says it as a person would.

A snapshot file is ``NN-kind.aria.yml`` beside ``NN-kind.png``: the target's own snapshot
(``- button "ログイン情報を更新する"``) and that of the nearest landmark, section, form or
dialog around it. E-mail addresses and the like are masked as in the images.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator

# The box a person would say the target is in: the nearest of these around it.
_AROUND = (
    "xpath=ancestor::*[self::header or self::nav or self::main or self::footer or self::aside"
    " or self::section or self::form or self::fieldset or self::dialog or self::table"
    " or @role='region' or @role='dialog' or @role='alertdialog' or @role='menu'"
    " or @role='navigation' or @role='banner' or @role='form' or @role='group'][1]"
)
_LINE = re.compile(r'^\s*-\s+(?P<role>[\w-]+)(?:\s+"(?P<name>(?:[^"\\]|\\.)*)")?')
MASK = "••••••••"


def suffix_for(image: Path) -> Path:
    return image.with_suffix(".aria.yml")


def keep_structure(target: Locator, image: Path, masks: tuple[str, ...], timeout_ms: int) -> None:
    """Write the snapshot file of the step whose image is ``image``."""
    try:
        own = target.aria_snapshot(timeout=timeout_ms)
        around_box = target.locator(_AROUND)
        around = around_box.aria_snapshot(timeout=timeout_ms) if around_box.count() else ""
    except PlaywrightError:
        return  # the page moved on under the look: the image is still compared
    text = yaml.dump(
        {"target": _masked(own, masks), "around": _masked(around, masks)},
        Dumper=_Blocks,
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
    )
    suffix_for(image).write_text(text, encoding="utf-8")


class _Blocks(yaml.SafeDumper):
    """Snapshots written as they read: several lines as a block."""


def _block(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Blocks.add_representer(str, _block)


def _masked(snapshot: str, masks: tuple[str, ...]) -> str:
    for pattern in masks:
        snapshot = re.sub(pattern, MASK, snapshot)
    return snapshot


def read_structure(path: Path) -> tuple[str, str] | None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    if not isinstance(data, dict):
        return None
    return str(data.get("target") or ""), str(data.get("around") or "")


def _named(line: str) -> tuple[str, str] | None:
    found = _LINE.match(line)
    if not found:
        return None
    return found["role"], (found["name"] or "").replace('\\"', '"')


def _said(role: str, name: str) -> str:
    return f"{role} 「{name}」" if name else role


def structure_change(step: int, golden: Path, actual: Path) -> str:
    """What changed in the step's target and around it, as a person would say it; "" when
    nothing did (or either side has no snapshot)."""
    before, after = read_structure(golden), read_structure(actual)
    if before is None or after is None:
        return ""
    said: list[str] = []
    was = _named(before[0].splitlines()[0]) if before[0] else None
    now = _named(after[0].splitlines()[0]) if after[0] else None
    if was and now and was != now:
        if was[0] == now[0]:
            said.append(f"{_said(*was)} is now 「{now[1]}」")
        else:
            said.append(f"{_said(*was)} is now {_said(*now)}")
    gone, new = _line_changes(before[1], after[1], {was, now})
    if gone or new:
        parts = [f"{what} is gone" for what in gone[:3]] + [f"{what} is new" for what in new[:3]]
        said.append("around it, " + "; ".join(parts))
    return f"step {step}: " + "; ".join(said) if said else ""


def _line_changes(
    before: str, after: str, skip: set[tuple[str, str] | None]
) -> tuple[list[str], list[str]]:
    """The named things around the target that went and came (the target itself aside)."""

    def named(text: str) -> list[tuple[str, str]]:
        found = [_named(line) for line in text.splitlines()]
        return [item for item in found if item is not None and item[1] and item not in skip]

    old, fresh = named(before), named(after)
    gone = [_said(*item) for item in old if item not in fresh]
    new = [_said(*item) for item in fresh if item not in old]
    return gone, new
