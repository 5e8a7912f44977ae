"""walkthrough.webm: the tutorial as a video, a chapter card and then the spotlit image for each
step. Its frames are read back with ffmpeg: each step's is the tutorial's own image (whose
masking the image tests prove), not a recording of the page. No ffmpeg, or one that fails: the
video is left out, with no half-written file, and said; unless --video asked for it."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from tebiki.drawing.highlight import HIGHLIGHT_RGB
from tests.tutorials import step_images

Tebiki = Callable[..., subprocess.CompletedProcess[str]]

FFMPEG = shutil.which("ffmpeg")
FFPROBE = shutil.which("ffprobe")
needs_ffmpeg = pytest.mark.skipif(
    not (FFMPEG and FFPROBE), reason="no ffmpeg: scripts/setup.sh installs Debian's"
)


def _probe(video: Path) -> dict[str, str]:
    done = subprocess.run(
        [str(FFPROBE), "-v", "error", "-print_format", "json", "-show_streams", "-show_format",
         str(video)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    facts = json.loads(done.stdout)
    return {**facts["streams"][0], "duration": facts["format"]["duration"]}


def _frames(video: Path, folder: Path) -> list[Image.Image]:
    """Every frame of the video, decoded back to pixels."""
    folder.mkdir()
    subprocess.run(
        [str(FFMPEG), "-v", "error", "-i", str(video), str(folder / "%04d.png")], check=True
    )
    return [Image.open(path).convert("RGB") for path in sorted(folder.glob("*.png"))]


def _difference(a: Image.Image, b: Image.Image) -> float:
    small = (a.width // 4, a.height // 4)
    diff = ImageChops.difference(a.resize(small), b.convert("RGB").resize(small))
    return sum(ImageStat.Stat(diff).mean) / 3


def _runs(frames: list[Image.Image]) -> list[tuple[Image.Image, int]]:
    """Frames held in a row, as one picture and how many frames it lasts."""
    runs: list[tuple[Image.Image, int]] = []
    for frame in frames:
        if runs and _difference(runs[-1][0], frame) < 2:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((frame, 1))
    return runs


@needs_ffmpeg
def test_the_video_is_a_card_then_the_tutorials_own_image_for_each_step(
    tebiki: Tebiki, tmp_path: Path
) -> None:
    done = tebiki("shots", "withdraw-email", "--device", "iPhone 13", "--no-pdf", "-o", "out")
    assert done.returncode == 0, done.stdout + done.stderr
    out = tmp_path / "out"
    assert "out/walkthrough.webm" in done.stdout
    facts = _probe(out / "walkthrough.webm")
    assert facts["codec_name"] == "vp8"
    # The phone's 1170 x 1992 images (three device pixels to the CSS pixel), at most 1280
    # pixels on the long side.
    assert (int(facts["width"]), int(facts["height"])) == (752, 1280)
    images = step_images(out)
    runs = _runs(_frames(out / "walkthrough.webm", tmp_path / "frames"))
    # Seven images, each after its card; the tutorial's last step (the result after the stop,
    # shown as words) is a card alone.
    assert len(runs) == 2 * len(images) + 1, [held for _, held in runs]
    for index, image in enumerate(images):
        card, shown = runs[2 * index][0], runs[2 * index + 1][0]
        # The step's frame is its tutorial image (masked as the image is), and nothing else is.
        closest = min(images, key=lambda candidate: _difference(shown, Image.open(candidate)))
        assert closest == image and _difference(shown, Image.open(image)) < 4
        # The card: the page blurred and darkened behind a white card with tebiki's mark.
        assert _difference(card, Image.open(image)) > 20
        middle = card.crop((0, card.height // 3, card.width, 2 * card.height // 3))
        off_pink = ImageChops.difference(middle, Image.new("RGB", middle.size, HIGHLIGHT_RGB))
        pink = off_pink.convert("L").point(lambda value: 255 if value < 30 else 0).histogram()[255]
        assert pink > 1000, (image.name, pink)
    assert float(facts["duration"]) > 2 * len(images)
    # The system's ffmpeg (Debian's has H.264) writes the MP4 beside it.
    assert _probe(out / "walkthrough.mp4")["codec_name"] == "h264"
    assert not list(out.glob("*.part"))


def test_without_ffmpeg_the_video_is_left_out_and_said_or_refused_when_asked(
    tebiki: Tebiki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No ffmpeg on PATH, and no Playwright-installed one.
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "empty"))
    done = tebiki("shots", "withdraw-email", "--no-pdf", "-o", "out")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "walkthrough.webm was not made: no ffmpeg found" in done.stdout
    assert (tmp_path / "out" / "tutorial.html").is_file()
    assert not list((tmp_path / "out").glob("walkthrough.webm"))
    asked = tebiki("shots", "withdraw-email", "--video", "-o", "asked")
    assert asked.returncode == 3, asked.stdout + asked.stderr
    assert (
        asked.stderr.strip()
        .splitlines()[-1]
        .startswith(
            "error: walkthrough.webm was not made: no ffmpeg found (Debian: apt-get install ffmpeg"
        )
    )
    assert "Traceback" not in asked.stderr
    assert not (tmp_path / "asked").exists()  # all or nothing: no tutorial without its video
    off = tebiki("shots", "withdraw-email", "--no-video", "--no-pdf", "-o", "off")
    assert off.returncode == 0 and "ffmpeg" not in off.stdout


def test_an_ffmpeg_that_fails_leaves_no_half_video_and_says_what_it_said(
    tebiki: Tebiki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An ffmpeg that writes a little of its file, complains, and gives up.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "ffmpeg"
    fake.write_text(
        '#!/bin/sh\nfor last; do :; done\nprintf partial > "$last"\n'
        'echo "Unknown encoder libvpx" >&2\nexit 1\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    done = tebiki("shots", "withdraw-email", "--no-pdf", "-o", "out")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "walkthrough.webm was not made: " in done.stdout
    assert "said: Unknown encoder libvpx (--no-video leaves it out)" in done.stdout
    made = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert "tutorial.html" in made
    assert not [
        name for name in made if name.startswith("walkthrough.") and name != "walkthrough.gif"
    ]
    assert not [name for name in made if name.endswith(".part")]
    asked = tebiki("shots", "withdraw-email", "--video", "--no-pdf", "-o", "asked")
    assert asked.returncode == 3, asked.stdout + asked.stderr
    assert "said: Unknown encoder libvpx" in asked.stderr and "Traceback" not in asked.stderr
    assert not (tmp_path / "asked").exists()
