"""Golden-image comparison on real Chromium renders: rendering noise passes, while moved,
renamed, recoloured or resized pages fail with a readable reason and a diff picture."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from playwright.sync_api import Browser, FloatRect

from tebiki.shots.compare import compare_images

LABEL = "ログイン情報を更新する"
PAGE = """<!doctype html><html><head><style>
body {{ margin: 0; padding: 24px; font-family: "Noto Sans CJK JP"; font-size: 14px; {body} }}
h1 {{ font-size: 28px; margin: 0 0 8px; }}
h2 {{ font-size: 20px; }}
small {{ font-size: 11px; color: #666; }}
#save {{ font: inherit; padding: 8px 16px; background: {colour}; color: white; border: 0;
         border-radius: 6px; margin-left: {left}px; }}
.cancel {{ font: inherit; padding: 8px 16px; border: 1px solid #999; border-radius: 6px; }}
input {{ font: inherit; width: 260px; padding: 4px; }}
</style></head><body>
<h1>会員情報の変更</h1>
<small>最終更新日: 2024年4月1日 12:34 — ID: A-10293</small>
<h2>メールアドレス</h2>
<p>現在のメールアドレス: <b>yamada.taro@example.co.jp</b></p>
<label>新しいメールアドレス <input value="taro@example.jp"></label>
<h2>パスワード</h2>
<p style="font-size: 12px">半角英数字8文字以上で入力してください。記号（!@#$%）も使えます。</p>
<div><button id="save">{label}</button> <button class="cancel">キャンセル</button></div>
<p><a href="#">ヘルプ</a> ・ <a href="#">お問い合わせ</a></p>
</body></html>"""


def render(
    browser: Browser,
    path: Path,
    *,
    body: str = "",
    left: int = 0,
    label: str = LABEL,
    colour: str = "#1565c0",
    height: int = 600,
) -> FloatRect:
    """Screenshot the form at a fixed viewport; returns where the save button was drawn."""
    context = browser.new_context(viewport={"width": 800, "height": height}, device_scale_factor=1)
    try:
        page = context.new_page()
        page.set_content(PAGE.format(body=body, left=left, label=label, colour=colour))
        page.evaluate("async () => { await document.fonts.ready; }")
        page.screenshot(path=str(path))
        box = page.locator("#save").bounding_box()
        assert box is not None
        return box
    finally:
        context.close()


def differing_pixels(first: Path, second: Path) -> int:
    difference = ImageChops.difference(
        Image.open(first).convert("RGB"), Image.open(second).convert("RGB")
    ).convert("L")
    return sum(difference.histogram()[1:])


def red_pixels(path: Path) -> int:
    with Image.open(path) as image:
        rgb = image.convert("RGB")
    red, green, blue = ImageChops.difference(rgb, Image.new("RGB", rgb.size, (255, 0, 0))).split()
    return ImageChops.lighter(ImageChops.lighter(red, green), blue).histogram()[0]


def test_identical_renders_are_the_same(browser: Browser, tmp_path: Path) -> None:
    render(browser, tmp_path / "golden.png")
    render(browser, tmp_path / "actual.png")
    result = compare_images(tmp_path / "golden.png", tmp_path / "actual.png", tmp_path / "d.png")
    assert (result.same, result.reason, result.changed_pixels, result.box) == (True, "", 0, None)
    assert not (tmp_path / "d.png").exists()


@pytest.mark.parametrize(
    "body",
    [
        # hinting off: stems no longer snap to whole pixels, glyph advances become fractional
        "text-rendering: geometricPrecision;",
        # every anti-aliased edge falls on other pixels
        "transform: translate(0.5px, 0.5px);",
        "transform: translate(0.3px, 0.7px);",
        # both at once, the worst measured case
        "text-rendering: geometricPrecision; transform: translate(0.5px, 0.5px);",
    ],
    ids=["hinting", "half-pixel", "uneven-subpixel", "hinting-and-subpixel"],
)
def test_hinting_and_anti_aliasing_noise_is_the_same(
    browser: Browser, tmp_path: Path, body: str
) -> None:
    render(browser, tmp_path / "golden.png")
    render(browser, tmp_path / "actual.png", body=body)
    # Proof that the tolerance, not identity, makes them the same.
    assert differing_pixels(tmp_path / "golden.png", tmp_path / "actual.png") > 5000
    result = compare_images(tmp_path / "golden.png", tmp_path / "actual.png", tmp_path / "d.png")
    assert result.same, result.reason
    assert result.reason == ""
    assert not (tmp_path / "d.png").exists()


def test_a_moved_button_differs_and_the_box_covers_both_places(
    browser: Browser, tmp_path: Path
) -> None:
    before = render(browser, tmp_path / "golden.png")
    after = render(browser, tmp_path / "actual.png", left=24)
    diff = tmp_path / "out" / "diff.png"
    result = compare_images(tmp_path / "golden.png", tmp_path / "actual.png", diff)
    assert not result.same
    assert result.changed_pixels > 500
    assert result.box is not None
    left, top, right, bottom = result.box
    assert left <= before["x"] + 2 and right >= after["x"] + after["width"] - 2
    assert top <= before["y"] + before["height"] and bottom >= before["y"]
    assert re.fullmatch(r"\d+ pixels changed in \d+x\d+ at \(\d+, \d+\)", result.reason)
    assert result.reason.startswith(
        f"{result.changed_pixels} pixels changed in "
        f"{right - left}x{bottom - top} at ({left}, {top})"
    )
    with Image.open(diff) as picture:
        assert picture.size == (800, 600)
    assert red_pixels(diff) > 500


def test_a_renamed_button_differs(browser: Browser, tmp_path: Path) -> None:
    button = render(browser, tmp_path / "golden.png")
    render(browser, tmp_path / "actual.png", label="パスワードを更新する")
    result = compare_images(tmp_path / "golden.png", tmp_path / "actual.png", tmp_path / "d.png")
    assert not result.same
    assert result.changed_pixels > 200
    assert result.box is not None
    left, top, right, bottom = result.box
    # The change is on the button row, not scattered over the page.
    assert top >= button["y"] - 8 and bottom <= button["y"] + button["height"] + 8
    assert red_pixels(tmp_path / "d.png") > 200


def test_a_recoloured_button_differs(browser: Browser, tmp_path: Path) -> None:
    render(browser, tmp_path / "golden.png")
    render(browser, tmp_path / "actual.png", colour="#c62828")
    result = compare_images(tmp_path / "golden.png", tmp_path / "actual.png")
    assert not result.same
    assert result.changed_pixels > 1000


def test_a_different_size_differs_and_shows_both_side_by_side(
    browser: Browser, tmp_path: Path
) -> None:
    render(browser, tmp_path / "golden.png")
    render(browser, tmp_path / "actual.png", height=640)
    diff = tmp_path / "d.png"
    result = compare_images(tmp_path / "golden.png", tmp_path / "actual.png", diff)
    assert not result.same
    assert result.reason == "size 800x600 != 800x640"
    with Image.open(diff) as picture:
        assert picture.width > 1600 and picture.height == 640


def test_one_changed_pixel_is_the_same(browser: Browser, tmp_path: Path) -> None:
    button = render(browser, tmp_path / "golden.png")
    with Image.open(tmp_path / "golden.png") as image:
        touched = image.convert("RGB")
    # A white speck inside the blue button and a black one on the white page.
    touched.putpixel((int(button["x"]) + 4, int(button["y"]) + 4), (255, 255, 255))
    touched.putpixel((700, 500), (0, 0, 0))
    touched.save(tmp_path / "actual.png")
    assert differing_pixels(tmp_path / "golden.png", tmp_path / "actual.png") == 2
    result = compare_images(tmp_path / "golden.png", tmp_path / "actual.png", tmp_path / "d.png")
    assert result.same and result.reason == ""
    assert not (tmp_path / "d.png").exists()
