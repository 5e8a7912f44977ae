"""walkthrough.webm (and walkthrough.mp4 where the ffmpeg can): the tutorial as a video. Each
step opens with a chapter card (its number and caption over its own screen, blurred), then
shows the step's image, spotlit and captioned.

The frames are the tutorial's own images, so the video masks exactly what they mask (no secret,
no e-mail address); no frame of the live page is ever recorded. The cards are drawn by the
walk's browser, in the walk's viewport and device, and the frames are encoded by an ffmpeg: the
system's, or the one Playwright installs for its own screencasts (it encodes VP8 from JPEG, all
this needs).
"""

from __future__ import annotations

import base64
import html
import io
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps
from playwright.sync_api import BrowserContext, Page

from tebiki.drawing.highlight import HIGHLIGHT_CSS
from tebiki.errors import EnvironmentProblem
from tebiki.playing.player import StepReport

FPS = 2  # a slideshow: each frame is held, so two a second is enough to cut on
CARD_FRAMES = 3  # 1.5 s for a step's chapter card
STEP_FRAMES = 6  # 3 s for its image
LAST_FRAMES = 4  # the last image held 2 s more before the video ends
JPEG_QUALITY = 92
MAX_SIDE = 1280

_JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u9fff]")
WORDS = {"ja": "手順 {n} / {total}", "en": "Step {n} of {total}"}

_CARD = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><style>
html,body{{margin:0;height:100%;overflow:hidden;background:#1d2733}}
img{{position:fixed;inset:0;width:100%;height:100%;object-fit:cover;object-position:top;
  filter:blur(7px) brightness(.5);transform:scale(1.04)}}
.card{{position:fixed;left:50%;top:50%;transform:translate(-50%,-50%);
  width:min(84vw,620px);box-sizing:border-box;padding:22px 26px;background:#fff;
  border-left:8px solid {color};border-radius:10px;box-shadow:0 8px 32px rgba(0,0,0,.45);
  font-family:"Noto Sans CJK JP","Noto Sans JP",sans-serif;color:#222}}
.n{{font-size:15px;font-weight:700;color:{color};margin:0 0 8px}}
h1{{font-size:22px;line-height:1.55;margin:0;line-break:strict;word-break:auto-phrase}}
</style></head><body>{backdrop}<div class="card"><p class="n">{number}</p>
<h1 lang="{caption_lang}">{caption}</h1></div></body></html>"""


@dataclass(frozen=True)
class Encoder:
    """An ffmpeg, and whether it can also write MP4 (H.264): Playwright's own writes VP8 only."""

    path: Path
    mp4: bool


def find_ffmpeg() -> Encoder | None:
    """The system's ffmpeg (on PATH), else the one `playwright install` put in its cache."""
    system = shutil.which("ffmpeg")
    if system:
        return Encoder(Path(system), _has_h264(Path(system)))
    root = os.environ.get("PLAYWRIGHT_BROWSERS_PATH")
    base = Path(root) if root and root != "0" else Path.home() / ".cache" / "ms-playwright"
    for pattern in ("ffmpeg-*/ffmpeg-linux", "ffmpeg-*/ffmpeg-mac", "ffmpeg-*/ffmpeg-win64.exe"):
        for path in sorted(base.glob(pattern), reverse=True):
            if path.is_file() and os.access(path, os.X_OK):
                return Encoder(path, False)
    return None


def _has_h264(ffmpeg: Path) -> bool:
    try:
        listed = subprocess.run(
            [str(ffmpeg), "-hide_banner", "-encoders"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return " libx264 " in listed


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()


def video_size(image_size: tuple[int, int]) -> tuple[int, int]:
    """The video's frame: the image's, its longer side at most MAX_SIDE (a phone's images at
    three device pixels to the CSS pixel are twice what a screen shows), sides even."""
    width, height = image_size
    scale = min(1.0, MAX_SIDE / max(width, height))
    return (round(width * scale / 2) * 2, round(height * scale / 2) * 2)


def _fit(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """An image at the video's size: one of the viewport's shape scaled, a whole page
    (--full-page) fitted and padded, its top kept."""
    image = image.convert("RGB")
    if image.size == size:
        return image
    if abs(image.width / image.height - size[0] / size[1]) < 0.01:
        return image.resize(size, Image.Resampling.LANCZOS)
    return ImageOps.pad(image, size, color="white", centering=(0.5, 0.0))


def _card(page: Page, report: StepReport, lang: str, backdrop: bytes | None) -> Image.Image:
    caption = " ".join(report.caption.split())
    # The callout's rule: Japanese set as Japanese where the caption is written in it.
    caption_lang = "ja" if _JAPANESE.search(caption) else "en"
    image = (
        f'<img alt="" src="data:image/jpeg;base64,{base64.b64encode(backdrop).decode()}">'
        if backdrop
        else ""
    )
    page.set_content(
        _CARD.format(
            lang=lang,
            color=HIGHLIGHT_CSS,
            backdrop=image,
            number=html.escape(WORDS[lang].format(n=report.number, total=report.total)),
            caption_lang=caption_lang,
            caption=html.escape(caption),
        ),
        wait_until="load",
    )
    return Image.open(io.BytesIO(page.screenshot(type="png"))).convert("RGB")


def video_frames(
    entries: list[StepReport], lang: str, open_context: Callable[[], BrowserContext]
) -> list[tuple[bytes, int]]:
    """Each frame (a JPEG) and how many times it is held: a card, then the image, a step."""
    shots = [entry.screenshot for entry in entries if entry.screenshot is not None]
    if not shots:
        return []
    with Image.open(shots[0]) as first:
        size = video_size(first.size)
    context = open_context()
    frames: list[tuple[bytes, int]] = []
    try:
        page = context.new_page()
        for entry in entries:
            image = None
            if entry.screenshot is not None:
                with Image.open(entry.screenshot) as shot:
                    image = _jpeg(_fit(shot, size))
            card = _card(page, entry, lang, image)
            frames.append((_jpeg(_fit(card, size)), CARD_FRAMES))
            if image is not None:
                frames.append((image, STEP_FRAMES))
    finally:
        context.close()
    last, held = frames[-1]
    frames[-1] = (last, held + LAST_FRAMES)
    return frames


def encode(encoder: Encoder, frames: list[tuple[bytes, int]], out: Path) -> None:
    """JPEG frames piped to ffmpeg as Playwright pipes its screencast: VP8 in WebM, or H.264
    in MP4 (for players that take no WebM). Held frames cost the encoders next to nothing."""
    codec = (
        ["-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage", "-crf", "23",
         "-pix_fmt", "yuv420p", "-movflags", "+faststart"]
        if out.suffix == ".mp4"
        else ["-c:v", "vp8", "-b:v", "2M", "-crf", "10", "-deadline", "good", "-cpu-used", "5"]
    )  # fmt: skip
    command = [
        str(encoder.path),
        "-loglevel", "error",
        "-f", "image2pipe", "-framerate", str(FPS), "-c:v", "mjpeg", "-i", "pipe:0",
        "-an", *codec, "-r", str(FPS), "-y", str(out),
    ]  # fmt: skip
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stdin is not None
    try:
        for data, held in frames:
            for _ in range(held):
                process.stdin.write(data)
        process.stdin.close()
    except BrokenPipeError:
        pass  # ffmpeg stopped early: its own words say why, below
    said = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.wait() != 0 or not out.is_file() or out.stat().st_size == 0:
        first = next((line for line in said.splitlines() if line.strip()), "no output")
        raise EnvironmentProblem(f"{out.name} was not made: {encoder.path} said: {first}")


def write_video(
    folder: Path,
    entries: list[StepReport],
    lang: str,
    open_context: Callable[[], BrowserContext],
    encoder: Encoder,
) -> list[Path]:
    """walkthrough.webm, and walkthrough.mp4 where the encoder has H.264 (the two encoded at
    once): the files made."""
    frames = video_frames(entries, lang, open_context)
    if not frames:
        return []
    names = ("walkthrough.webm", "walkthrough.mp4") if encoder.mp4 else ("walkthrough.webm",)
    paths = [folder / name for name in names]
    with ThreadPoolExecutor(max_workers=len(paths)) as encoders:
        for done in [encoders.submit(encode, encoder, frames, path) for path in paths]:
            done.result()
    return paths
