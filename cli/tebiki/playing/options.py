"""How a flow is played (PlayOptions), and the one builder of them: a walk, a cell of a check
and the pytest plugin's play all make theirs here, so a rule about how a mode plays (how long
a headed dry run holds each highlight, how tutorial shots look) is written once."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from tebiki.drawing.highlight import Style
from tebiki.flowfile.addresses import origin_of
from tebiki.flowfile.model import Overlay, StepBase
from tebiki.flowfile.variables import render
from tebiki.playing.results import StepReport

Mode = Literal["dry-run", "run"]
_OPTIONAL_MS = 1500
PAGE_MS = 15000  # a page load may take longer than finding a target
HEADED_HIGHLIGHT_MS = 700  # how long a headed dry run holds each highlight for a person


@dataclass
class PlayOptions:
    mode: Mode
    base_url: str
    variables: Mapping[str, str] = field(default_factory=dict)
    secrets: Mapping[str, str] = field(default_factory=dict)
    confirm: Callable[[int, str], bool] = lambda number, caption: False
    on_step: Callable[[StepReport], None] = lambda report: None
    highlight_ms: int = 0
    timeout_ms: int = 5000
    screenshots: Path | None = None
    artifacts: Path | None = None
    caption_lang: Literal["ja", "en"] = "ja"
    style: Style = "outline"
    full_page: bool = False
    crop: int | None = None  # padding around the overlay, or the whole page
    mask_text: tuple[str, ...] = ()  # regular expressions of text to mask in every image
    structure: bool = False  # beside each image, what it shows as words (ARIA snapshots)
    narrow: bool = False  # beside each image, a crop around the target for narrow screens
    details: bool = True  # "would click" and the like in the callout (not in tutorials)
    stilled: bool = False  # the context's pages carry a style sheet that stops all motion
    renumber: bool = False  # number images as shown, leaving out skipped optional steps
    keep_going: bool = False  # a failed step is reported and the walk goes on (reports)
    overlays: tuple[Overlay, ...] = ()  # the site file's; the flow's own come with the flow
    reveal_clicks: bool = False  # tutorials: a click-only menu may be opened by its toggle
    no_reveal: bool = False  # a dry run clicks nothing, not even a menu made on opening

    # What the loop and every policy ask of the options: one answer each.

    def render(self, text: str) -> str:
        return render(text, self.variables)

    def caption(self, step: StepBase) -> str:
        return self.render(step.caption_in(self.caption_lang))

    def patience(self, step: StepBase) -> int:
        """How long to look for a step's target: an optional one is not waited for long."""
        return min(self.timeout_ms, _OPTIONAL_MS) if step.optional else self.timeout_ms

    def site_url(self, path: str) -> str:
        """A path of the site under --base-url, keeping any path prefix the base URL has."""
        if origin_of(path) is not None:  # a full address; "://" in a query is not one
            return path
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")


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
    # Beside each image, what it shows as words (ARIA snapshots): check-shots compares them.
    structure: bool = False
    # Beside each image, a crop around the target that a phone shows readable (NN-*.narrow.png).
    narrow: bool = True
    # The tutorial printed (tutorial.pdf) and filmed (walkthrough.webm): None makes each where
    # it can and says where it cannot; True asks for it (its failure is an error); False not.
    pdf: bool | None = None
    video: bool | None = None


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
    overlays: tuple[Overlay, ...] = (),
    no_reveal: bool = False,
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
        overlays=overlays,
        reveal_clicks=tutorial,
        no_reveal=no_reveal,
        style=look.style,
        full_page=look.full_page,
        crop=look.crop,
        mask_text=look.mask_text,
        structure=look.structure,
        narrow=tutorial and look.narrow,
        details=not tutorial,
        stilled=tutorial,
        renumber=tutorial,
    )
