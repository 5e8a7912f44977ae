"""What a play of a flow tells: a report per step, and the result of the whole walk."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tebiki.drawing.highlight import Drawn
from tebiki.page.reading import Reading
from tebiki.playing.outcome import Outcome
from tebiki.playing.send_guard import Send


@dataclass(frozen=True)
class StepReport:
    """What happened at one step, as the person running the flow is told."""

    number: int
    total: int
    caption: str
    effect: str
    outcome: Outcome
    detail: str = ""
    screenshot: Path | None = None
    target: str = ""  # how the target was described: link 「基本情報編集」 under 共通情報
    label: str = ""  # its label alone: 基本情報編集
    overlay: Drawn | None = None


@dataclass
class PlayResult:
    reports: list[StepReport] = field(default_factory=list)
    stopped_before: int | None = None
    captions: list[str] = field(default_factory=list)  # every step's, reached or not
    readings: dict[str, Reading] = field(default_factory=dict)  # what read steps found
    reveal_clicks: int = 0  # toggles a tutorial clicked to show a menu (a dry run: none)
    reveal_hovers: int = 0  # menus a dry run hovered, where the flow's reveal step says so
    # A dry run: what pages tried to send because of what tebiki did (blocked), and what they
    # sent by themselves on being opened, before tebiki acted (let through).
    blocked_sends: list[Send] = field(default_factory=list)
    own_sends: list[Send] = field(default_factory=list)

    @property
    def completed(self) -> bool:
        return self.stopped_before is None
