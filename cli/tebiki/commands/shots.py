"""`tebiki shots` and `tebiki check-shots`: tutorial images, and visual regression."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from tebiki.commands.common import again_with_confirm, build_request, friendly_errors
from tebiki.commands.options import FLOW_HELP, TebikiCommand, setting_options, with_options
from tebiki.commands.report import print_summary
from tebiki.errors import BadInputError, ExitStatus
from tebiki.flowfile.loader import load_flow, load_site_file
from tebiki.flowfile.model import writing_lang
from tebiki.playing.options import ShotSettings
from tebiki.playing.walk import no_empty_folders
from tebiki.words import counted, every

# What only `shots` writes: the tutorial's crops for phones, its printed copy and its video.
TUTORIAL_OPTIONS = (
    click.option(
        "--pdf/--no-pdf",
        "pdf",
        default=None,
        help="tutorial.pdf: the tutorial printed on A4, a step never split across pages "
        "(made by default; --pdf makes a failure to print it an error).",
    ),
    click.option(
        "--video/--no-video",
        "video",
        default=None,
        help="walkthrough.webm (and .mp4 where ffmpeg has H.264): a chapter card and the "
        "image for each step (made by default where an ffmpeg is found; --video requires it).",
    ),
    click.option(
        "--no-narrow",
        "no_narrow",
        is_flag=True,
        help="Leave out the crop around each target that the tutorial shows narrow screens "
        "(NN-*.narrow.png, readable on a phone).",
    ),
)

SHOT_OPTIONS = (
    click.option("--full-page", is_flag=True, help="Capture the whole page, not the window."),
    click.option(
        "--crop",
        "crop",
        type=click.IntRange(0, 2000),
        default=None,
        metavar="PX",
        help="Crop each image to the highlight and callout, with PX of page around.",
    ),
)


shot_options = with_options(SHOT_OPTIONS)
tutorial_options = with_options(TUTORIAL_OPTIONS)


def _shot_settings(kwargs: dict[str, Any]) -> ShotSettings:
    return ShotSettings(
        full_page=kwargs.pop("full_page"),
        crop=kwargs.pop("crop"),
        narrow=not kwargs.pop("no_narrow", False),
        pdf=kwargs.pop("pdf", False),
        video=kwargs.pop("video", False),
    )


@click.command("shots", cls=TebikiCommand)
@click.argument("flow", help=FLOW_HELP)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the images and tutorial (default: shots/FLOW).",
)
@click.option(
    "--no-footer",
    "no_footer",
    is_flag=True,
    help="Leave out the tutorial's last line saying tebiki made the images.",
)
@click.option(
    "--run",
    "performing",
    is_flag=True,
    help="Take them while performing FLOW, as `tebiki run` does: for a site whose menus or "
    "pages open only when its server answers (a dry run cannot open them). Destructive steps "
    "need --confirm or a typed yes.",
)
@click.option(
    "--confirm",
    is_flag=True,
    help="With --run: perform destructive steps (such as 退会する) without asking.",
)
@tutorial_options
@shot_options
@setting_options
@friendly_errors
def shots_command(
    flow: str,
    output: Path | None,
    no_footer: bool,
    performing: bool,
    confirm: bool,
    **kwargs: Any,
) -> None:
    """Annotated screenshots of FLOW and its tutorial: tutorial.md, tutorial.html,
    tutorial.pdf, walkthrough.gif and walkthrough.webm."""
    from tebiki.shots.shots import make_shots  # Pillow and the rest only for the commands that draw

    if confirm and not performing:
        raise BadInputError("--confirm goes with --run: a dry run performs nothing")
    shot_settings = _shot_settings(kwargs)
    request = build_request("run" if performing else "dry-run", flow, kwargs, confirm)
    request.shots = shot_settings
    model = load_flow(request.flow_path)  # a flow that is refused makes no output folder
    site_file = load_site_file(request.settings.site) if request.settings.site else None
    out = output or Path("shots") / request.flow_path.stem
    lang = writing_lang(request.settings.lang, model, site_file)
    with request.secrets.active():  # the summary is scrubbed with the walk's secrets too
        made = make_shots(request, out, lang, footer=not no_footer)
        print_summary(made.walk, request.mode, again_with_confirm() if performing else "")
    tutorial = [path for path in made.files if path.name.startswith(("tutorial", "walkthrough"))]
    click.echo("tutorial: " + ", ".join(str(path) for path in sorted(tutorial, key=_in_order)))


@click.command("check-shots", cls=TebikiCommand)
@click.argument("flow", help=FLOW_HELP)
@click.option(
    "--golden",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder of golden images (NN-*.png) to compare with.",
)
@click.option("--update", is_flag=True, help="Accept the new images as the golden ones.")
@click.option(
    "--diffs",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where diff images go (default: tebiki-artifacts/check-shots/FLOW).",
)
@shot_options
@setting_options
@friendly_errors
def check_shots_command(
    flow: str, golden: Path, update: bool, diffs: Path | None, **kwargs: Any
) -> None:
    """Take FLOW's screenshots again and compare them with golden images (exit 1 on change)."""
    from tebiki.shots.shots import check_shots

    shot_settings = _shot_settings(kwargs)
    request = build_request("dry-run", flow, kwargs)
    request.shots = shot_settings
    request.on_step = lambda report: None
    diff_folder = diffs or request.settings.artifacts / "check-shots" / request.flow_path.stem
    made = not golden.is_dir()
    if made and not update:
        # A mistyped name, most likely: images made there now would be taken for the golden
        # ones, so nothing is made unless --update was given for it.
        raise BadInputError(f"--golden {golden}: no such folder (is the name right?)")
    with no_empty_folders(diff_folder):  # a check where every image matches leaves none
        result = check_shots(request, golden, diff_folder, update)
    if result.updated:
        click.echo(
            f"golden images {'made' if made else 'updated'}: {len(result.steps)} in {golden}"
        )
        return
    for step in result.steps:
        if step.problem:
            where = f"  diff: {step.diff}" if step.diff else ""
            click.echo(f"changed  {step.name}: {step.problem}{where}")
        else:
            click.echo(f"same     {step.name}")
    changed = result.changed
    if changed:
        click.echo(
            f"\n{len(changed)} of {counted(len(result.steps), 'image')} changed; diffs in "
            f"{diff_folder}. If the change is right: add --update."
        )
        sys.exit(ExitStatus.FLOW_FAILED)
    matched = len(result.steps)
    click.echo(f"\n{every(matched, 'image')} {'matches' if matched == 1 else 'match'} {golden}.")


def _in_order(path: Path) -> int:
    """The tutorial's files in the order they are told of: the text, the page, the printed
    copy, then the moving ones."""
    order = (
        "tutorial.md",
        "tutorial.html",
        "tutorial.pdf",
        "walkthrough.gif",
        "walkthrough.webm",
        "walkthrough.mp4",
    )
    return order.index(path.name) if path.name in order else len(order)
