"""Tutorials for a phone in a reader's hand, and for a site's dark scheme: `--device NAME` plays
as one of Playwright's devices (viewport, scale factor, touch, user agent) and
`--color-scheme` asks the pages for light or dark; a device Playwright does not know is bad
input, said with the names it may have meant."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from tests.sites.small import SmallSite
from tests.tutorials import step_images

Tebiki = Callable[..., subprocess.CompletedProcess[str]]

FIND_CONTACT = """\
title: Find the contact form
lang: en
steps:
  - click: {link: Contact, within: header}
    effect: navigate
    caption: Open Contact in the header
  - expect: Your name
    caption: The form asks for your name
"""


@pytest.fixture
def site() -> Iterator[SmallSite]:
    with SmallSite() as started:
        yield started


def test_shots_as_a_phone_are_the_phones_viewport_at_its_scale(
    tebiki: Tebiki, tmp_path: Path
) -> None:
    done = tebiki("shots", "withdraw-email", "--device", "iPhone 13", "-o", "phone")
    assert done.returncode == 0, done.stdout + done.stderr
    shots = step_images(tmp_path / "phone")
    assert len(shots) == 7, [shot.name for shot in shots]
    # iPhone 13: 390 x 664 CSS pixels at three device pixels each; the crops 320 x 240.
    assert {Image.open(shot).size for shot in shots} == {(1170, 1992)}
    crops = sorted((tmp_path / "phone").glob("*.narrow.png"))
    assert {Image.open(crop).size for crop in crops} == {(960, 720)}
    assert (tmp_path / "phone" / "tutorial.html").is_file()
    # The header folded into its メニュー button: the flow's optional step opens it, and the
    # マイページ link inside it is not a step a person on the phone takes.
    assert re.search(r"^ 2/\d+  revealed +画面右上の「メニュー」を開く", done.stdout, re.M)
    assert re.search(r"^ 1/\d+  skipped .*\n +optional: link 「マイページ」", done.stdout, re.M)


def test_a_dry_run_opens_a_folded_header_only_to_reach_the_menu_inside_it(
    tebiki: Tebiki, tmp_path: Path
) -> None:
    done = tebiki("dry-run", "withdraw-email", "--device", "iPhone 13")
    assert done.returncode == 0, done.stdout + done.stderr
    said = done.stdout
    assert "opened by a click: the menu next is inside it, and opens only from there" in said
    assert "mock site: 0 changing requests" in said
    # A wide screen has no such button: the step is skipped, nothing is clicked.
    wide = tebiki("dry-run", "withdraw-email")
    assert wide.returncode == 0, wide.stdout + wide.stderr
    assert re.search(r"^ 2/\d+  skipped .*\n +optional: button 「メニュー」", wide.stdout, re.M)
    assert "reveal click" not in wide.stdout.split("dry run done")[0]
    # --no-reveal: left closed, and what lies inside it said to be not checked.
    closed = tebiki("dry-run", "withdraw-email", "--device", "iPhone 13", "--no-reveal")
    assert closed.returncode == 0, closed.stdout + closed.stderr
    assert "which --no-reveal forbids; the steps after it are not checked" in closed.stdout
    assert "(1 optional step not on the page, 7 not checked)" in closed.stdout


def test_a_device_playwright_does_not_know_is_bad_input(tebiki: Tebiki, tmp_path: Path) -> None:
    done = tebiki("shots", "withdraw-email", "--device", "iPhone 99", "-o", "phone")
    assert done.returncode == 2, done.stdout + done.stderr
    said = done.stderr.strip().splitlines()
    assert said[-1].startswith("error: --device 'iPhone 99': Playwright knows no such device; ")
    assert "did you mean 'iPhone X'" in said[-1] and "Traceback" not in done.stderr
    assert not (tmp_path / "phone").exists()


def test_the_dark_scheme_is_what_the_site_draws_for_it(
    tebiki: Tebiki, tmp_path: Path, site: SmallSite
) -> None:
    flow = tmp_path / "contact.yaml"
    flow.write_text(FIND_CONTACT, encoding="utf-8")
    brightness = {}
    for scheme in ("light", "dark"):
        done = tebiki(
            "shots", str(flow), "--base-url", site.base_url, "--color-scheme", scheme,
            "-o", scheme, "--no-footer",
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        page = Image.open(tmp_path / scheme / "02-observe.png").convert("L")
        # The bottom of the page: the site's own background under tebiki's dimming.
        width, height = page.size
        brightness[scheme] = ImageStat.Stat(page.crop((0, height - 60, width, height))).mean[0]
    assert brightness["dark"] < 40 < 100 < brightness["light"], brightness


def test_the_printed_tutorial_is_an_a4_pdf_of_text_a_page_a_step(
    tebiki: Tebiki, tmp_path: Path
) -> None:
    done = tebiki("shots", "withdraw-email", "--no-video", "-o", "out")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "out/tutorial.pdf" in done.stdout
    pdf = (tmp_path / "out" / "tutorial.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    # A4 pages (595 x 842 points), one per step at this image size: none cut in two.
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert boxes and {(round(float(w)), round(float(h))) for w, h in boxes} == {(595, 842)}
    pages = len(re.findall(rb"/Type /Page\b", pdf))
    assert pages == 7, pages
    # Its words are text, not pictures of text: fonts that map their glyphs back to Unicode.
    assert b"/ToUnicode" in pdf
    # Made by default, in the walk's browser; --no-pdf leaves it out.
    plain = tebiki("shots", "withdraw-email", "--no-pdf", "--no-video", "-o", "plain")
    assert plain.returncode == 0 and not (tmp_path / "plain" / "tutorial.pdf").exists()
