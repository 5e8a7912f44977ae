"""`tebiki shots` on a small English site of a user's own: a studio's contact form (a header,
labelled fields, a public contact address, a "Thanks" page), through the real command.

What a reader of the tutorial sees is checked in the images themselves: every value entered
so far drawn in the form, the number badge off the words of what it marks, the public address
the flow lets show and no other, and a tutorial in one language that ends with what shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFilter
from playwright.sync_api import Browser

from tebiki.browser import BrowserOptions, new_context
from tebiki.drawing.capture import MASK_COLOR
from tebiki.drawing.highlight import HIGHLIGHT_RGB
from tebiki.playing.options import ShotSettings
from tests.in_process import invoke
from tests.sites.serving import PageHandler, ServedSite
from tests.tutorials import step_image_names, step_images

MASK_RGB = tuple(int(MASK_COLOR[i : i + 2], 16) for i in (1, 3, 5))
Rect = tuple[float, float, float, float]  # x, y, width, height in page pixels

STYLE = """
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 "DejaVu Sans", sans-serif; color: #1f2933; }
.site-header { display: flex; align-items: center; gap: 24px; padding: 14px 32px;
  background: #102a43; }
.site-header a { color: #fff; text-decoration: none; }
.brand { font-weight: 700; margin-right: auto; }
main { max-width: 560px; margin: 20px auto 0; padding: 0 16px; }
h1 { margin: 0 0 8px; font-size: 30px; }
.contact-form { display: grid; gap: 12px; }
.field { display: flex; flex-direction: column; gap: 6px; }
.field label, .tick label { font-weight: 600; font-size: 14px; }
.field input, .field select { font: 16px "DejaVu Sans", sans-serif; padding: 8px 10px;
  border: 1px solid #9fb3c8; border-radius: 6px; background: #fff; }
.tick { display: flex; gap: 8px; align-items: center; }
.send { justify-self: start; padding: 10px 18px; font: 600 16px "DejaVu Sans", sans-serif;
  color: #fff; background: #2680c2; border: 0; border-radius: 6px; }
.site-footer { max-width: 560px; margin: 24px auto; padding: 0 16px; font-size: 14px; }
"""

CONTACT = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Contact - Northwind Studio</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style></head>
<body>
<header class="site-header"><a class="brand" href="/">Northwind Studio</a>
  <nav aria-label="Main"><a href="/work">Work</a>
    <a href="/contact" aria-current="page">Contact</a></nav>
</header>
<main>
  <h1>Contact us</h1>
  <p id="public">Write to help@example.com, or use the form below.</p>
  <form class="contact-form" method="post" action="/contact">
    <div class="field"><label for="name">Your name</label>
      <input id="name" name="name" type="text" autocomplete="name" required></div>
    <div class="field"><label for="email">Email</label>
      <input id="email" name="email" type="email" autocomplete="email" required></div>
    <div class="field"><label for="home">Home page</label>
      <input id="home" name="home" type="url" placeholder="https://"></div>
    <div class="field"><label for="topic">Topic</label>
      <select id="topic" name="topic"><option value="">Choose a topic</option>
        <option>A new project</option><option>Something else</option></select></div>
    <div class="tick"><input id="copy" name="copy" type="checkbox">
      <label for="copy">Send me a copy</label></div>
    <button class="send" type="submit">Send message</button>
  </form>
</main>
<footer class="site-footer"><p id="private">Privacy questions: privacy@example.net</p></footer>
</body></html>
"""

THANKS = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Thanks - Northwind Studio</title></head>
<body><main><h1>Thanks</h1><p>We will write back within two days.</p></main></body></html>
"""


class _ContactPages(PageHandler):
    site: ContactSite

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        pages = {"/contact": CONTACT, "/thanks": THANKS}
        page = pages.get(self.path.split("?")[0])
        self.send_page(200 if page else 404, page or "<h1>Not found</h1>")

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        with self.site.lock:
            self.site.posts.append(self.path)
        self.send_page(303, "", "/thanks")


class ContactSite(ServedSite):
    """The site on a free loopback port, served from a daemon thread; it keeps every POST."""

    handler = _ContactPages

    def __init__(self) -> None:
        super().__init__()
        self.posts: list[str] = []


FLOW = """title: Send Northwind Studio a message
lang: en
start: /contact
show_addresses: [help@example.com]
steps:
  - fill: Your name
    value: Jane Doe
    caption: Type your name
  - fill: Email
    value: jane@example.org
    caption: Type your e-mail address
  - fill: Home page
    value: https://jane.example.org
    caption: Type your home page
  - select: Topic
    option: A new project
    caption: Choose what it is about
  - check: Send me a copy
    caption: Tick the box for a copy
  - click: {button: Send message}
    effect: submit
    caption: Click Send message
  - expect: Thanks
"""

# The same form, nothing entered: the empty fields to compare the filled ones with.
EMPTY_FLOW = """title: The form as it is
lang: en
start: /contact
show_addresses: [help@example.com]
steps:
  - click: {button: Send message}
    effect: submit
    caption: Click Send message
"""

# No lang: a tutorial written in Japanese (the default), footer and all.
THANKS_FLOW = """title: お礼のページ
start: /thanks
steps:
  - expect: Thanks
"""


def shots(browser: Browser, folder: Path, base_url: str, flow: str, name: str, *extra: str) -> Path:
    """The real command, as a user runs it in ``folder`` (in this process, on the worker's
    browser: tests/in_process.py); the folder it made."""
    (folder / f"{name}.yaml").write_text(flow, encoding="utf-8")
    args = ["shots", f"{name}.yaml", "--base-url", base_url, "-o", name, *extra]
    env = {"TEBIKI_ARTIFACTS": str(folder / "artifacts")}
    result = invoke(args, cwd=folder, env=env, browser=browser)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder / name


@pytest.fixture(scope="module")
def site() -> Iterator[ContactSite]:
    with ContactSite() as contact:
        yield contact


@pytest.fixture(scope="module")
def made(
    browser: Browser, site: ContactSite, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("forms")
    return {
        "form": shots(browser, folder, site.base_url, FLOW, "form", "--no-footer"),
        "empty": shots(browser, folder, site.base_url, EMPTY_FLOW, "empty"),
        "thanks": shots(browser, folder, site.base_url, THANKS_FLOW, "thanks"),
    }


# Where things are on the page, as the tutorial's browser lays it out (same viewport, locale
# and fonts): element boxes, and the box of an element's own words.
_BOXES_JS = """
() => {
  const box = el => { const r = el.getBoundingClientRect();
    return [r.left + scrollX, r.top + scrollY, r.width, r.height]; };
  const words = el => { const range = document.createRange(); range.selectNodeContents(el);
    return box(range); };
  const out = {};
  for (const id of ['name', 'email', 'home', 'topic', 'copy', 'public', 'private'])
    out[id] = box(document.getElementById(id));
  for (const label of document.querySelectorAll('label'))
    out['label:' + label.htmlFor] = box(label);
  out['send'] = words(document.querySelector('.send'));
  return out;
}
"""


@pytest.fixture(scope="module")
def boxes(browser: Browser, site: ContactSite) -> dict[str, Rect]:
    context = new_context(browser, BrowserOptions(viewport=ShotSettings().viewport))
    try:
        page = context.new_page()
        page.goto(site.base_url + "/contact")
        found: dict[str, list[float]] = page.evaluate(_BOXES_JS)
    finally:
        context.close()
    return {key: (x, y, w, h) for key, (x, y, w, h) in found.items()}


def rgb(path: Path) -> Image.Image:
    with Image.open(path) as image:
        return image.convert("RGB")


def pixels(image: Image.Image) -> list[tuple[int, ...]]:
    """An RGB image's pixels, row by row (getdata is going away from Pillow)."""
    data = iter(image.tobytes())
    return list(zip(data, data, data, strict=True))


def inside(rect: Rect, inset: float) -> tuple[int, int, int, int]:
    x, y, w, h = rect
    return round(x + inset), round(y + inset), round(x + w - inset), round(y + h - inset)


def changed(a: Image.Image, b: Image.Image, rect: Rect, inset: float = 3) -> int:
    """How many pixels of the region differ plainly between two images."""
    area = inside(rect, inset)
    pairs = zip(pixels(a.crop(area)), pixels(b.crop(area)), strict=True)
    return sum(1 for p, q in pairs if max(abs(i - j) for i, j in zip(p, q, strict=True)) > 40)


def share_of(image: Image.Image, rect: Rect, colour: tuple[int, ...], inset: float = 2) -> float:
    region = pixels(image.crop(inside(rect, inset)))
    return sum(1 for pixel in region if pixel == colour) / len(region)


def badge_box(image: Image.Image) -> Rect:
    """The number badge: the one solid patch of highlight colour. Eroded by 7 px, the ring
    (4 px wide) and the callout's edge (6 px) are gone; the box grows back by 3 px of erosion
    and 1 of anti-aliased rim."""
    channels = [
        ImageChops.difference(channel, Image.new("L", image.size, value)).point(
            lambda v: 255 if v <= 24 else 0
        )
        for channel, value in zip(image.split(), HIGHLIGHT_RGB, strict=True)
    ]
    magenta = ImageChops.multiply(ImageChops.multiply(channels[0], channels[1]), channels[2])
    solid = magenta.filter(ImageFilter.MinFilter(7)).getbbox()
    assert solid is not None, "no badge in the image"
    left, top, right, bottom = solid
    return left - 4, top - 4, right - left + 8, bottom - top + 8  # back to the badge's edge


def overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def test_the_submit_image_shows_the_form_as_filled_in_and_nothing_was_sent(
    made: dict[str, Path], boxes: dict[str, Rect], site: ContactSite
) -> None:
    out = made["form"]
    assert step_image_names(out) == [
        *(f"0{n}-input.png" for n in range(1, 6)),
        "06-submit.png",
    ]
    filled, empty = rgb(out / "06-submit.png"), rgb(made["empty"] / "01-submit.png")
    # Every value entered on the page so far is drawn where the form would show it.
    for field in ("name", "home", "topic"):
        assert changed(filled, empty, boxes[field]) > 60, field
    assert changed(filled, empty, boxes["copy"], inset=2) > 20  # the box is ticked
    # The would-be address is an address like any other: masked in its field.
    assert share_of(filled, boxes["email"], MASK_RGB) > 0.9
    assert share_of(empty, boxes["email"], MASK_RGB) == 0
    # And in every image after its own, dimmed with the rest of the page.
    assert changed(rgb(out / "02-input.png"), empty, boxes["name"]) > 60
    assert changed(rgb(out / "05-input.png"), empty, boxes["topic"]) > 60
    assert site.posts == []  # a dry run: nothing was sent


def test_the_badge_never_covers_the_words_of_what_it_marks(
    made: dict[str, Path], boxes: dict[str, Rect]
) -> None:
    out = made["form"]
    marked = {
        "01-input.png": ("name", "label:name"),
        "02-input.png": ("email", "label:email"),
        "03-input.png": ("home", "label:home"),
        "04-input.png": ("topic", "label:topic"),
        "05-input.png": ("copy", "label:copy"),
        "06-submit.png": ("send", "send"),
    }
    for name, (target, words) in marked.items():
        badge = badge_box(rgb(out / name))
        assert not overlap(badge, boxes[words]), (name, badge, boxes[words])
        x, y, w, h = boxes[target]
        near = (x - 90, y - 60, w + 180, h + 120)
        assert overlap(badge, near), (name, badge)  # it still marks the target


def test_only_the_addresses_the_flow_lists_are_shown(
    made: dict[str, Path], boxes: dict[str, Rect]
) -> None:
    for image in step_images(made["form"]):  # a crop's boxes are elsewhere (masked alike: below)
        shot = rgb(image)
        assert share_of(shot, boxes["public"], MASK_RGB) < 0.05, image.name
        assert share_of(shot, boxes["private"], MASK_RGB) > 0.9, image.name
    # The crops a phone gets are taken with the same masks: where one shows the private
    # address (beside the form's first fields), it shows the mask, not the address.
    crops = [rgb(image) for image in sorted(made["form"].glob("*.narrow.png"))]
    assert crops and any(
        sum(1 for pixel in pixels(crop) if pixel == MASK_RGB) > 200 for crop in crops
    )
    public = rgb(made["empty"] / "01-submit.png").crop(inside(boxes["public"], 0))
    assert any(sum(pixel) < 3 * 80 for pixel in pixels(public))  # its words are there


def test_an_english_tutorial_in_english_to_the_last_line(made: dict[str, Path]) -> None:
    out = made["form"]
    markdown = (out / "tutorial.md").read_text(encoding="utf-8")
    lines = markdown.rstrip("\n").split("\n")
    assert lines[-1] == "7. ✓ 「Thanks」 is shown"
    assert "![Step 1: Type your name (「Your name」 highlighted)](01-input.png)" in markdown
    assert "手順" not in markdown and "強調表示" not in markdown  # no Japanese alt text
    assert "tebiki" not in markdown  # --no-footer
    page = (out / "tutorial.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and 'lang="ja"' not in page
    assert page.count("<li>") == 7
    assert page.rstrip().endswith(
        "<li><h2><span>7</span>✓ 「Thanks」 is shown</h2></li></ol></main></body></html>"
    )
    assert re.search(r'alt="Step 6: Click Send message \(「Send message」 highlighted\)"', page)
    assert "tebiki" not in page and "<footer>" not in page
    assert "made with tebiki" in (made["empty"] / "tutorial.md").read_text(encoding="utf-8")


def test_a_final_expect_that_was_seen_ends_the_tutorial_with_its_image(
    made: dict[str, Path],
) -> None:
    out = made["thanks"]
    markdown = (out / "tutorial.md").read_text(encoding="utf-8")
    assert markdown.split("\n")[2:5] == [
        "1. ✓ 「Thanks」が表示されます",
        "",
        "   ![手順1:✓ 「Thanks」が表示されます(「Thanks」を強調表示)](01-observe.png)",
    ]
    assert markdown.rstrip("\n").endswith("*この手順の画像は tebiki で作成しました。*")
    page = (out / "tutorial.html").read_text(encoding="utf-8")
    assert '<html lang="ja">' in page and "この手順の画像は tebiki で作成しました。" in page
    assert (out / "01-observe.png").is_file()
