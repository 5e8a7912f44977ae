"""Tutorial screenshots of a flow, and checking them against golden images.

Shots are taken with dry-run semantics (nothing clicked, typed or sent), so a tutorial of a
destructive path is safe to make; or, where the request says so (`shots --run`), while the flow
is performed, as `tebiki run` performs it. Everything is written to a staging folder first and moved
into place only when the whole set is done: a failed run leaves the old tutorial as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from PIL import Image
from playwright.sync_api import BrowserContext
from playwright.sync_api import Error as PlaywrightError

from tebiki.browser import said_as_environment
from tebiki.drawing.structure import structure_change, suffix_for
from tebiki.errors import BadInputError, EnvironmentProblem
from tebiki.flowfile.model import Flow
from tebiki.flowfile.steps import ExpectStep, StepBase
from tebiki.flowfile.variables import PLACEHOLDER
from tebiki.playing.options import ShotSettings
from tebiki.playing.outcome import Outcome
from tebiki.playing.player import PlayResult, StepReport
from tebiki.playing.walk import WalkOutcome, WalkRequest, no_empty_folders, walk
from tebiki.shots.compare import Comparison, compare_images
from tebiki.shots.pdf import print_pdf
from tebiki.shots.tutorial import Lang, gif_frame, shown_line, write_tutorial
from tebiki.shots.video import find_ffmpeg, write_video


@dataclass
class ShotsOutcome:
    walk: WalkOutcome
    files: list[Path]


@contextmanager
def _staging(near: Path) -> Iterator[Path]:
    near.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".tebiki-staging-", dir=near))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _tutorial_entries(flow: Flow, result: PlayResult, lang: Lang) -> list[StepReport]:
    """What a reader does, numbered as they count it: the steps shown, then the ones after the
    stop (the destructive step's result) as text; optional steps the site lacks are left out.
    An expect step says what the reader then sees: the last one ends the tutorial so."""
    reports = list(result.reports)
    steps = flow.steps
    total = len(steps)
    for number in range(len(reports) + 1, total + 1):
        caption = result.captions[number - 1]
        step = steps[number - 1]
        label = step.target.wanted if step.target else ""
        reports.append(
            StepReport(number, total, caption, step.effect, Outcome.NOT_SHOWN, label=label)
        )
    reports = [_as_result(report, steps[report.number - 1], lang) for report in reports]
    shown = [report for report in reports if report.outcome != Outcome.SKIPPED]
    return [
        replace(report, number=index, total=len(shown))
        for index, report in enumerate(shown, start=1)
    ]


def _as_result(report: StepReport, step: StepBase, lang: Lang) -> StepReport:
    """An expect step (the flow's last, most often) in the tutorial's words: its caption when
    the flow gives one, else a line that says what shows ("✓ 「Thanks」 is shown"), not how
    tebiki looked for it ("text 「Thanks」")."""
    if not isinstance(step, ExpectStep):
        return report
    if (step.caption_en if lang == "en" else None) or step.caption:
        return report  # the flow's own words, as for every step
    label = report.label
    if not label or PLACEHOLDER.search(label):  # a variable a step never reached leaves unfilled
        return report
    return replace(report, caption=shown_line(label, lang))


MARKER = ".tebiki-shots.json"  # what the last run wrote, so only that is ever replaced


def _check_output(out: Path) -> list[str]:
    """The files a previous run made in out; a folder holding anything else is refused, so
    no one's own files are deleted or overwritten."""
    if out.exists() and not out.is_dir():
        raise BadInputError(f"-o {out}: is a file, not a folder")
    if not out.exists():
        return []
    marker = out / MARKER
    previous: list[str] = []
    if marker.is_file():
        with suppress(ValueError, OSError):
            previous = [str(name) for name in json.loads(marker.read_text(encoding="utf-8"))]
    others = sorted(
        path.name for path in out.iterdir() if path.name not in previous and path.name != MARKER
    )
    if others:
        shown = ", ".join(others[:3]) + (", …" if len(others) > 3 else "")
        raise BadInputError(
            f"-o {out}: the folder holds files tebiki did not make ({shown}); "
            "choose an empty or new folder"
        )
    return previous


def _publish(staging: Path, out: Path, previous: list[str]) -> list[Path]:
    """Replace the previous set in out with the new one (stale step images included). The
    marker names both sets while files move, so a run cut short in between leaves a folder
    the next run still knows as its own."""
    out.mkdir(parents=True, exist_ok=True)
    names = sorted(path.name for path in staging.iterdir())
    marker = out / MARKER
    _write_marker(marker, sorted({*previous, *names}))  # a full disk fails here, before a move
    for name in names:  # renames in one file system: no space needed
        shutil.move(str(staging / name), out / name)
    for name in set(previous) - set(names):
        (out / name).unlink(missing_ok=True)
    _write_marker(marker, names)
    return [out / name for name in names]


def _write_marker(marker: Path, names: list[str]) -> None:
    draft = marker.with_name(marker.name + ".new")
    try:
        draft.write_text(json.dumps(names), encoding="utf-8")
        os.replace(draft, marker)
    finally:
        draft.unlink(missing_ok=True)


def _walk_for_shots(request: WalkRequest, staging: Path, **changes: Any) -> WalkOutcome:
    """The walk (a dry run, or a run where the request says so) that leaves its screenshots
    in staging, as tutorial shots."""
    return walk(
        replace(
            request,
            screenshots=staging,
            shots=request.shots or ShotSettings(),
            **changes,
        )
    )


def make_shots(request: WalkRequest, out: Path, lang: Lang, footer: bool = True) -> ShotsOutcome:
    """The images, tutorial.md, tutorial.html, walkthrough.gif, tutorial.pdf and
    walkthrough.webm of the flow, in ``lang``; ``footer``: end the tutorial with the line
    saying tebiki made its images."""
    previous = _check_output(out)
    shots = request.shots or ShotSettings()
    notes: list[str] = []
    # A run that publishes nothing (interrupted, failed, a full disk) leaves no empty folder
    # behind: the ones it made for -o are taken away again.
    with no_empty_folders(out):
        out.mkdir(parents=True, exist_ok=True)  # an unwritable place fails here, by its name
        with (
            _staging(out.parent if out.parent != out else out) as staging,
            ThreadPoolExecutor(max_workers=1) as workers,
        ):
            # Each GIF frame is scaled as soon as its screenshot exists, beside the browser's work.
            frames: list[Future[Image.Image]] = []

            def on_step(report: StepReport) -> None:
                if report.screenshot is not None:
                    frames.append(workers.submit(gif_frame, report.screenshot))
                    report = replace(report, screenshot=out / report.screenshot.name)
                request.on_step(report)

            def after_play(
                flow: Flow, result: PlayResult, open_context: Callable[[], BrowserContext]
            ) -> None:
                # In the walk's browser, before it closes: the PDF and the video's cards.
                entries = _tutorial_entries(flow, result, lang)
                gif = [frame.result() for frame in frames]
                write_tutorial(staging, flow, entries, lang, gif, footer)
                _printed_and_filmed(shots, staging, entries, lang, open_context, notes)

            outcome = _walk_for_shots(request, staging, on_step=on_step, after_play=after_play)
            files = _publish(staging, out, previous)
    # The reports name the staging folder; point them at where the images are now.
    outcome.result.reports = [
        replace(report, screenshot=out / report.screenshot.name if report.screenshot else None)
        for report in outcome.result.reports
    ]
    outcome.notes.extend(notes)
    return ShotsOutcome(outcome, files)


def _printed_and_filmed(
    shots: ShotSettings,
    staging: Path,
    entries: list[StepReport],
    lang: Lang,
    open_context: Callable[[], BrowserContext],
    notes: list[str],
) -> None:
    """tutorial.pdf and walkthrough.webm, unless turned off, in one context of the walk's
    browser (a page each)."""
    if shots.pdf is False and shots.video is False:
        return
    with said_as_environment("tutorial.pdf and walkthrough.webm were not made"):
        context = open_context()
    try:

        def printed() -> None:
            print_pdf(staging / "tutorial.html", staging / "tutorial.pdf", context)

        def filmed() -> None:
            encoder = find_ffmpeg()
            if encoder is None:
                raise EnvironmentProblem(
                    "walkthrough.webm was not made: no ffmpeg found (Debian: apt-get install "
                    "ffmpeg; elsewhere: playwright install ffmpeg)"
                )
            write_video(staging, entries, lang, context, encoder)

        _unless_off(shots.pdf, "--no-pdf", printed, notes)
        _unless_off(shots.video, "--no-video", filmed, notes)
    finally:
        with suppress(PlaywrightError):
            context.close()


def _unless_off(wanted: bool | None, off: str, made: Callable[[], None], notes: list[str]) -> None:
    """An output made by default: where it cannot be, said (and an error where asked for)."""
    if wanted is False:
        return
    try:
        made()
    except EnvironmentProblem as problem:
        if wanted:
            raise
        notes.append(f"{problem.message} ({off} leaves it out)")


@dataclass
class StepCheck:
    name: str
    comparison: Comparison | None  # None: missing on one side
    problem: str = ""
    diff: Path | None = None


@dataclass
class ShotsCheck:
    walk: WalkOutcome
    steps: list[StepCheck] = field(default_factory=list)
    updated: bool = False

    @property
    def changed(self) -> list[StepCheck]:
        return [step for step in self.steps if step.problem]


def check_shots(request: WalkRequest, golden: Path, diffs: Path, update: bool) -> ShotsCheck:
    """Take the shots again and compare each with its golden image; or accept them."""
    if not update and not any(golden.glob("[0-9][0-9]-*.png")):
        raise BadInputError(f"--golden {golden}: no golden images there; make them with --update")
    with _staging(diffs) as staging:
        # Compared: the images and what they show as words; crops for phones are not made.
        settings = replace(request.shots or ShotSettings(), structure=True, narrow=False)
        outcome = _walk_for_shots(replace(request, shots=settings), staging)
        actual = {path.name: path for path in staging.glob("[0-9][0-9]-*.png")}
        if update:
            golden.mkdir(parents=True, exist_ok=True)
            for old in [*golden.glob("[0-9][0-9]-*.png"), *golden.glob("[0-9][0-9]-*.aria.yml")]:
                old.unlink()
            for name, path in sorted(actual.items()):
                shutil.copyfile(path, golden / name)
                if suffix_for(path).is_file():
                    shutil.copyfile(suffix_for(path), suffix_for(golden / name))
            return ShotsCheck(
                outcome, [StepCheck(name, None) for name in sorted(actual)], updated=True
            )
        expected = {path.name: path for path in golden.glob("[0-9][0-9]-*.png")}
        # Diffs of an earlier check would read as this one's.
        for stale in list(diffs.glob("[0-9][0-9]-*.png")):
            stale.unlink()
        steps = []
        for name in sorted(set(actual) | set(expected)):
            if name not in actual:
                steps.append(StepCheck(name, None, "in the golden set, not taken this time"))
                continue
            if name not in expected:
                steps.append(StepCheck(name, None, "new: no golden image"))
                continue
            diff = diffs / name.replace(".png", ".diff.png")
            diffs.mkdir(parents=True, exist_ok=True)
            comparison = compare_images(expected[name], actual[name], diff)
            # What the step shows, as words: a label changed for one of the same density
            # passes the pixels and not this.
            words = structure_change(
                int(name[:2]), suffix_for(expected[name]), suffix_for(actual[name])
            )
            if comparison.same and not words:
                steps.append(StepCheck(name, comparison))
                continue
            shutil.copyfile(actual[name], diffs / name)
            pixels = "" if comparison.same else comparison.reason
            problem = "; ".join(part for part in (words, pixels) if part)
            steps.append(StepCheck(name, comparison, problem, None if comparison.same else diff))
        return ShotsCheck(outcome, steps)
