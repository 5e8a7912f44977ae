"""Comparing a screenshot with its golden PNG: rendering noise passes, a real change fails.

Two renders of the same page are rarely byte-identical. Another machine's FreeType hints
glyph stems to other pixel rows, a sub-pixel layout offset moves every anti-aliased edge, and
both change thousands of pixels by up to a full 255 along text edges. A moved or renamed
button changes a block of pixels that no small shift or blur can explain.

The method:

1. Blur both images a little (``BLUR_SIGMA``). Hinting and anti-aliasing move ink by a
   fraction of a pixel and mostly keep how much ink there is, so they almost cancel after the
   blur. New or missing glyphs and boxes do not.
2. For every pixel, find the closest matching colour in the other image within ``SHIFT``
   pixels in both directions. This allows for whole strokes snapped to another pixel row.
3. Pixels whose best match is still ``THRESHOLD`` or more off (in any RGB channel) are
   *significant*. The images differ when at least ``MIN_PIXELS`` pixels are significant.

Measured on 800x600 Chromium renders of Japanese forms (14-28 px Noto Sans CJK JP). Noise
tried: ``text-rendering: geometricPrecision`` (hinting off), 0.25-0.9 px translates of the
whole page, and both together. Each changed up to ~32,000 raw pixels. Their largest
significance score was 41, so none were significant. Real changes had many significant pixels:
a button renamed (ログイン情報を更新する -> パスワードを更新する), 780; the same button moved
24 px, 2,283; "8文字" -> "10文字" in 12 px body text, 231. A single changed pixel scored at
most 14 after the blur.

The limit of this tolerance: kanji swapped for others of similar density in text of 16 px
or smaller (更新する -> 変更する on a button) scored 16-30. That is no higher than hinting noise
on bold headings, so such a change passes. Compare the page's text to catch it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

# Gaussian radius in px. At 1.0, a hinted bold stroke against an unhinted one still scored
# 79. At 2.0, the 12 px one-word change below kept only 99 significant pixels instead of 231.
BLUR_SIGMA = 1.5
# How far (px) a pixel may look for its match. At 1, hinting off plus a half-pixel translate
# still scored 93. At 2 it scored 41. A layout shift of 1-2 px therefore counts as noise.
SHIFT = 2
# The most any channel of a significant pixel differs from its best match (0-255), after the
# blur. The noisiest render scored 41. The 12 px one-word change peaked at 95.
THRESHOLD = 48
# Isolated specks below this many significant pixels pass. A black 2x2 dot on white makes 4,
# so it passes. A 3x3 dot makes 21 and fails, and any changed word makes far more.
MIN_PIXELS = 16

# Margin (px) kept around the raw difference: well past the blur's and the shift's reach.
REACH = 16

FADE = 0.3  # how much of the actual image shows through white in the diff picture
RED = (255, 0, 0)


@dataclass(frozen=True)
class Comparison:
    same: bool
    reason: str = ""
    changed_pixels: int = 0
    box: tuple[int, int, int, int] | None = None  # left, top, right, bottom (exclusive)


def _load(path: Path) -> Image.Image:
    """RGB with any transparency flattened onto white, the way the page would look."""
    with Image.open(path) as image:
        rgba = image.convert("RGBA")
    return Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("RGB")


def _channel_max(difference: Image.Image) -> Image.Image:
    # The largest channel difference, so a colour-only change (a button turning from blue to
    # a red of the same brightness) counts fully. Luminance would hide it.
    red, green, blue = difference.split()
    return ImageChops.lighter(ImageChops.lighter(red, green), blue)


def significance(golden: Image.Image, actual: Image.Image) -> Image.Image:
    """Per pixel (mode L): how far the best match within SHIFT px is, the worse of the two
    directions: a stroke only one image has is found only when looking from that image."""
    blur = ImageFilter.GaussianBlur(BLUR_SIGMA)
    golden, actual = golden.filter(blur), actual.filter(blur)
    forward: Image.Image | None = None  # each actual pixel against nearby golden pixels
    backward: Image.Image | None = None  # each golden pixel against nearby actual pixels
    for dx in range(-SHIFT, SHIFT + 1):
        for dy in range(-SHIFT, SHIFT + 1):
            # offset() wraps around at the edges. A wrapped neighbour can only lower a
            # minimum, and only within SHIFT px of the border.
            shifted = _channel_max(ImageChops.difference(actual, ImageChops.offset(golden, dx, dy)))
            # |golden(p) - actual(p + d)| is this same map moved by d, so the second
            # direction costs one offset instead of another difference.
            moved = ImageChops.offset(shifted, -dx, -dy)
            forward = shifted if forward is None else ImageChops.darker(forward, shifted)
            backward = moved if backward is None else ImageChops.darker(backward, moved)
    assert forward is not None and backward is not None
    return ImageChops.lighter(forward, backward)


def compare_images(golden: Path, actual: Path, diff_path: Path | None = None) -> Comparison:
    """Whether `actual` looks like `golden`. If it does not and diff_path is given, a picture
    of the difference is written there."""
    old, new = _load(golden), _load(actual)
    if old.size != new.size:
        if diff_path is not None:
            _write_side_by_side(old, new, diff_path)
        return Comparison(False, f"size {_size(old)} != {_size(new)}")
    raw = ImageChops.difference(old, new).getbbox()
    if raw is None:
        return Comparison(True)  # identical pixels
    # Only the area around the raw difference can score. Outside it both images are equal, and
    # the blur and shift reach a few px at most. A button-sized change takes ~40 ms instead
    # of ~200 ms for a whole 1024x768 screenshot.
    area = (
        max(raw[0] - REACH, 0),
        max(raw[1] - REACH, 0),
        min(raw[2] + REACH, old.width),
        min(raw[3] + REACH, old.height),
    )
    scores = significance(old.crop(area), new.crop(area))
    crop_mask = scores.point(lambda value: 255 if value >= THRESHOLD else 0)
    changed = crop_mask.histogram()[255]
    if changed < MIN_PIXELS:
        return Comparison(True, changed_pixels=changed)
    mask = Image.new("L", old.size, 0)
    mask.paste(crop_mask, area[:2])
    box = mask.getbbox()
    assert box is not None  # at least MIN_PIXELS pixels are set
    left, top, right, bottom = box
    reason = f"{changed} pixels changed in {right - left}x{bottom - top} at ({left}, {top})"
    if diff_path is not None:
        _write_overlay(new, mask, box, diff_path)
    return Comparison(False, reason, changed, box)


def _size(image: Image.Image) -> str:
    return f"{image.width}x{image.height}"


def _write_overlay(
    actual: Image.Image, mask: Image.Image, box: tuple[int, int, int, int], path: Path
) -> None:
    # Faded so the red stands out on any page, and the page stays recognisable around it.
    picture = Image.blend(Image.new("RGB", actual.size, "white"), actual, FADE)
    picture.paste(RED, mask=mask)
    left, top, right, bottom = box
    # A few px outside the change so the outline never hides the pixels it points at.
    margin = 4
    outline = (
        max(left - margin, 0),
        max(top - margin, 0),
        min(right + margin, actual.width) - 1,
        min(bottom + margin, actual.height) - 1,
    )
    ImageDraw.Draw(picture).rectangle(outline, outline=RED, width=2)
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.save(path)


def _write_side_by_side(golden: Image.Image, actual: Image.Image, path: Path) -> None:
    # A grey gap and background so the two edges, and any empty margin, are visible.
    gap = 16
    picture = Image.new(
        "RGB",
        (golden.width + gap + actual.width, max(golden.height, actual.height)),
        (128, 128, 128),
    )
    picture.paste(golden, (0, 0))
    picture.paste(actual, (golden.width + gap, 0))
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.save(path)
