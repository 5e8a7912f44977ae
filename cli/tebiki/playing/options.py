"""The one builder of PlayOptions: a walk, a cell of a check and the pytest plugin's play all
make theirs here, so a rule about how a mode plays (how long a headed dry run holds each
highlight, how tutorial shots look) is written once."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tebiki.drawing.highlight import Style
from tebiki.playing.player import Mode, PlayOptions, StepReport

HEADED_HIGHLIGHT_MS = 700  # how long a headed dry run holds each highlight for a person


@dataclass(frozen=True)
class ShotSettings:
    """How tutorial screenshots look: the same page gives the same pixels every time."""

    style: Style = "spotlight"
    full_page: bool = False
    crop: int | None = None
    viewport: tuple[int, int] = (1024, 768)
    # Personal data a tutorial must not show: e-mail addresses are masked in every image.
    mask_text: tuple[str, ...] = (r"[\w.+-]+@[\w-]+(\.[\w-]+)+",)
    clock: str = "2026-04-01T10:00:00+09:00"


def play_options(
    mode: Mode,
    base_url: str,
    *,
    variables: Mapping[str, str],
    secrets: Mapping[str, str],
    timeout_ms: int,
    artifacts: Path | None = None,
    confirm: Callable[[int, str], bool] = lambda number, caption: False,
    on_step: Callable[[StepReport], None] = lambda report: None,
    headed: bool = False,
    highlight_ms: int | None = None,
    screenshots: Path | None = None,
    shots: ShotSettings | None = None,
    caption_lang: Literal["ja", "en"] = "ja",
    keep_going: bool = False,
) -> PlayOptions:
    """How to play one flow. ``highlight_ms`` None: held for a person only in a headed dry
    run. ``shots``: tutorial images (the spotlight, no dry-run remarks in the callouts, still
    pages, numbers as the reader counts them)."""
    if highlight_ms is None:
        highlight_ms = HEADED_HIGHLIGHT_MS if headed and mode == "dry-run" else 0
    tutorial = shots is not None
    look = shots or ShotSettings(style="outline", mask_text=())
    return PlayOptions(
        mode=mode,
        base_url=base_url,
        variables=variables,
        secrets=secrets,
        confirm=confirm,
        on_step=on_step,
        highlight_ms=highlight_ms,
        timeout_ms=timeout_ms,
        screenshots=screenshots,
        artifacts=artifacts,
        caption_lang=caption_lang,
        keep_going=keep_going,
        style=look.style,
        full_page=look.full_page,
        crop=look.crop,
        mask_text=look.mask_text,
        details=not tutorial,
        stilled=tutorial,
        renumber=tutorial,
    )
