"""walkthrough.webm (and walkthrough.mp4 where the ffmpeg can): the tutorial as a video. Each
step opens with a chapter card (its number and caption over its own screen, blurred), then
shows the step's image, spotlit and captioned.

The frames are the tutorial's own images, so the video masks exactly what they mask (no secret,
no e-mail address); no frame of the live page is ever recorded. The cards are drawn by the
walk's browser, in the walk's viewport and device, and the frames are encoded by an ffmpeg: the
system's, or the one `playwright install` brings (it can encode VP8 from JPEG, all a WebM
needs here).
"""

from __future__ import annotations

import base64
import html
import io
import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageEnhance, ImageFilter, ImageOps
from playwright.sync_api import BrowserContext, Page

from tebiki.browser import playwright_managed, said_as_environment
from tebiki.drawing.highlight import HIGHLIGHT_CSS
from tebiki.errors import EnvironmentProblem
from tebiki.playing.player import StepReport

FPS = 1  # a slideshow: each frame is held, so one a second is enough to cut on
CARD_FRAMES = 2  # 2 s for a step's chapter card
STEP_FRAMES = 3  # 3 s for its image
LAST_FRAMES = 2  # the last image held 2 s more before the video ends
JPEG_QUALITY = 92
MAX_SIDE = 1280

_JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u9fff]")
WORDS = {"ja": "手順 {n} / {total}", "en": "Step {n} of {total}"}

# Every card in one document, a screen's height each, over its step's screen blurred and
# darkened (by Pillow: a browser's blur filter costs ten times as much): one page load draws
# them all, and each is taken as the screen shows it.
_CARDS = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><style>
html,body{{margin:0;background:#1d2733}}
section{{position:relative;width:100vw;height:100vh;overflow:hidden;background:center/cover}}
.card{{position:absolute;left:50%;top:50%;transform:translate(-50%,-50%);
  width:min(84vw,620px);box-sizing:border-box;padding:22px 26px;background:#fff;
  border-left:8px solid {color};border-radius:10px;box-shadow:0 8px 32px rgba(0,0,0,.45);
  font-family:"Noto Sans CJK JP","Noto Sans JP",sans-serif;color:#222}}
.n{{font-size:15px;font-weight:700;color:{color};margin:0 0 8px}}
h1{{font-size:22px;line-height:1.55;margin:0;line-break:strict;word-break:auto-phrase}}
</style></head><body>{cards}</body></html>"""
_CARD = """<section{backdrop}><div class="card"><p class="n">{number}</p>
<h1 lang="{caption_lang}">{caption}</h1></div></section>"""


@dataclass(frozen=True)
class Encoder:
    """An ffmpeg, and whether it may write MP4 (H.264): Playwright's own writes VP8 only."""

    path: Path
    mp4: bool


def find_ffmpeg() -> Encoder | None:
    """The system's ffmpeg (on PATH), else the one `playwright install` put in its cache."""
    system = shutil.which("ffmpeg")
    if system:
        return Encoder(Path(system), True)
    for path in playwright_managed(("ffmpeg-*/ffmpeg-linux", "ffmpeg-*/ffmpeg-mac")):
        if path.is_file() and os.access(path, os.X_OK):
            return Encoder(path, False)
    return None


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


def _card(report: StepReport, lang: str, screen: Image.Image | None) -> str:
    backdrop = ""
    if screen is not None:
        blurred = screen.filter(ImageFilter.BoxBlur(max(4, screen.width // 120)))
        dark = base64.b64encode(_jpeg(ImageEnhance.Brightness(blurred).enhance(0.5))).decode()
        backdrop = f' style="background-image:url(data:image/jpeg;base64,{dark})"'
    caption = " ".join(report.caption.split())
    return _CARD.format(
        backdrop=backdrop,
        number=html.escape(WORDS[lang].format(n=report.number, total=report.total)),
        # The callout's rule: Japanese set as Japanese where the caption is written in it.
        caption_lang="ja" if _JAPANESE.search(caption) else "en",
        caption=html.escape(caption),
    )


def _cards(page: Page, cards: list[str], lang: str) -> list[Image.Image]:
    """The cards drawn by the browser, each at the screen's size."""
    page.set_content(_CARDS.format(lang=lang, color=HIGHLIGHT_CSS, cards="".join(cards)))
    drawn = []
    for index in range(len(cards)):
        # Scrolled to, and the screen taken as it shows: a whole-page screenshot clipped to
        # one card would lay out and draw every card each time.
        page.evaluate("index => scrollTo(0, index * innerHeight)", index)
        jpeg = page.screenshot(type="jpeg", quality=JPEG_QUALITY)
        drawn.append(Image.open(io.BytesIO(jpeg)).convert("RGB"))
    return drawn


def video_frames(
    entries: list[StepReport], lang: str, context: BrowserContext
) -> list[tuple[bytes, int]]:
    """Each frame (a JPEG) and how many times it is held: a card, then the image, a step."""
    shots = [entry.screenshot for entry in entries if entry.screenshot is not None]
    if not shots:
        return []
    with Image.open(shots[0]) as first:
        size = video_size(first.size)
    screens: list[Image.Image | None] = []
    for entry in entries:
        if entry.screenshot is None:
            screens.append(None)
            continue
        with Image.open(entry.screenshot) as shot:
            screens.append(_fit(shot, size))
    cards = [_card(entry, lang, screen) for entry, screen in zip(entries, screens, strict=True)]
    with said_as_environment("walkthrough.webm was not made"):
        page = context.new_page()
        try:
            drawn = _cards(page, cards, lang)
        finally:
            page.close()
    frames: list[tuple[bytes, int]] = []
    for card, screen in zip(drawn, screens, strict=True):
        frames.append((_jpeg(_fit(card, size)), CARD_FRAMES))
        if screen is not None:
            frames.append((_jpeg(screen), STEP_FRAMES))
    last, held = frames[-1]
    frames[-1] = (last, held + LAST_FRAMES)
    return frames


def encode(encoder: Encoder, frames: list[tuple[bytes, int]], out: Path) -> None:
    """JPEG frames piped to ffmpeg: VP8 in WebM, or H.264 in MP4 (for players that take no
    WebM). Held frames cost the encoders next to nothing. Written to a side file renamed
    when whole: a failed encoding leaves no half-written video."""
    container, codec = (
        ("mp4", ["-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage", "-crf", "23",
                 "-threads", "1", "-pix_fmt", "yuv420p", "-movflags", "+faststart"])
        if out.suffix == ".mp4"
        else ("webm", ["-c:v", "vp8", "-b:v", "2M", "-crf", "10", "-deadline", "good",
                       "-cpu-used", "8", "-threads", "1"])
    )  # fmt: skip
    part = out.with_name(out.name + ".part")
    command = [
        str(encoder.path),
        "-loglevel", "error",
        "-f", "image2pipe", "-framerate", str(FPS), "-c:v", "mjpeg", "-i", "pipe:0",
        "-an", *codec, "-r", str(FPS), "-f", container, "-y", str(part),
    ]  # fmt: skip
    # Its words go to a file: a pipe nobody reads while frames are written could fill and
    # stop it.
    with tempfile.TemporaryFile() as said:
        try:
            process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=said
            )
        except OSError as error:
            raise EnvironmentProblem(
                f"{out.name} was not made: {encoder.path} did not start: {error.strerror}"
            ) from None
        assert process.stdin is not None
        try:
            try:
                for data, held in frames:
                    for _ in range(held):
                        process.stdin.write(data)
                process.stdin.close()
            except BrokenPipeError:
                pass  # ffmpeg stopped early: its own words say why, below
            code = process.wait()
        finally:
            if process.poll() is None:  # interrupted: the encoder goes too
                process.kill()
                process.wait()
        if code != 0 or not part.is_file() or part.stat().st_size == 0:
            part.unlink(missing_ok=True)
            said.seek(0)
            words = said.read().decode(errors="replace").splitlines()
            first = next((line for line in words if line.strip()), f"exit status {code}")
            raise EnvironmentProblem(f"{out.name} was not made: {encoder.path} said: {first}")
    part.replace(out)


def write_video(
    folder: Path,
    entries: list[StepReport],
    lang: str,
    context: BrowserContext,
    encoder: Encoder,
) -> list[Path]:
    """walkthrough.webm, and walkthrough.mp4 where the encoder has H.264 (the two encoded
    side by side): the files made."""
    frames = video_frames(entries, lang, context)
    if not frames:
        return []
    webm, mp4 = folder / "walkthrough.webm", folder / "walkthrough.mp4"
    with ThreadPoolExecutor(max_workers=1) as side:
        mp4_done = side.submit(encode, encoder, frames, mp4) if encoder.mp4 else None
        try:
            encode(encoder, frames, webm)
        except BaseException:
            if mp4_done is not None:  # no MP4 without its WebM
                mp4_done.cancel()
                with suppress(Exception):
                    mp4_done.result()
                mp4.unlink(missing_ok=True)
            raise
        if mp4_done is None:
            return [webm]
        try:
            mp4_done.result()
        except EnvironmentProblem:
            return [webm]  # an ffmpeg built without H.264 (asking it is as slow as trying)
    return [webm, mp4]
