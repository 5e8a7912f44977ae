"""Screenshots of a played step: masks over what must not show (passwords typed, e-mail
addresses, the flow's mask targets), cropping to the highlight, still pages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from playwright.sync_api import FloatRect, Locator, Page

from tebiki.drawing.ghosts import MASK_COLOR
from tebiki.drawing.highlight import Box, Drawn, hide_callout
from tebiki.flowfile.targets import Target
from tebiki.page.locate import mask_locator

__all__ = ["MASK_COLOR", "Capture", "CaptureSettings", "sparing"]


class CaptureSettings(Protocol):
    """How images are taken (the play options carry these)."""

    @property
    def crop(self) -> int | None: ...  # padding around the overlay, or the whole page

    @property
    def full_page(self) -> bool: ...

    @property
    def stilled(self) -> bool: ...  # the page's motion is stopped by a style sheet already

    @property
    def mask_text(self) -> tuple[str, ...]: ...  # text to mask in every image (patterns)

    @property
    def narrow(self) -> bool: ...  # also a crop around the target for narrow screens


def sparing(pattern: str, shown: Iterable[str]) -> str:
    """The pattern of an address to mask, but for the addresses the flow may show (a public
    contact address): one of those, whole, is no match; a longer address that holds one
    (help@example.com.evil.test), or one that ends in it (x.help@example.com), still is. Valid
    in Python and in the page's JavaScript alike, so what is masked is what was found."""
    spared = "|".join(re.escape(address) for address in shown if address)
    if not spared:
        return pattern
    # Matched from an address's first character only, so a shown one cannot match from its
    # second; and it ends where no name character (or a dot and one) follows.
    return rf"(?<![\w.+-])(?!(?:{spared})(?![\w-]|\.[\w-]))(?:{pattern})"


class Capture:
    def __init__(
        self,
        page: Page,
        mask_targets: list[Target],
        options: CaptureSettings,
        shown: Iterable[str] = (),
    ) -> None:
        """``shown``: the e-mail addresses the flow lets its images show (show_addresses)."""
        self.page = page
        self.mask_targets = mask_targets
        self.options = options
        spared = tuple(shown)
        self.patterns = tuple(sparing(pattern, spared) for pattern in options.mask_text)

    def hides(self, text: str) -> bool:
        """Whether an image must not show this text (a would-be value the overlay draws)."""
        return any(re.search(pattern, text) for pattern in self.patterns)

    def screenshot(
        self, path: Path, overlay: Drawn | None = None, masks: list[Locator] | None = None
    ) -> None:
        options = self.options
        path.parent.mkdir(parents=True, exist_ok=True)
        if masks is None:
            masks, _ = self.masks()
        clip = None
        if options.crop is not None and overlay is not None:
            clip = self._clip(overlay, options.crop)
        self._shoot(path, clip, options.full_page or clip is not None, masks)
        if options.narrow and overlay is not None:
            hide_callout(self.page)  # the phone's crop: the tutorial says the caption itself
            self._shoot(narrow_image(path), self._narrow_clip(overlay), True, masks)

    def _shoot(
        self, path: Path, clip: FloatRect | None, full_page: bool, masks: list[Locator]
    ) -> None:
        # Where the page's motion is already stilled by a style sheet (tutorial shots),
        # Playwright need not still it again for every image.
        still = {} if self.options.stilled else {"animations": "disabled", "caret": "hide"}
        self.page.screenshot(
            path=str(path),
            mask=masks,
            mask_color=MASK_COLOR,
            full_page=full_page,
            clip=clip,
            **still,  # type: ignore[arg-type]
        )

    def masks(self) -> tuple[list[Locator], tuple[Box, ...]]:
        """What to mask in an image, and where it is, found in one look at the page: password
        fields that hold something (in a run, what tebiki typed; empty ones stay visible, a dry
        run's would-be value is drawn over them already masked), text the flow asks to hide
        (e-mail addresses in a tutorial, but those the flow may show) and the flow's mask
        targets. Only what is there is passed to Playwright's mask: each locator costs it
        time."""
        found = self.page.evaluate(_MASKS_JS, list(self.patterns))
        passwords: list[list[float]] = found["passwords"]
        texts: list[list[list[float]]] = found["texts"]
        valued: list[list[float]] = found["fields"]
        passwords_fields = self.page.locator("input[type=password]")
        other_fields = self.page.locator("input:not([type=password]), textarea")
        masks = [passwords_fields.nth(int(rect[0])) for rect in passwords]
        masks += [other_fields.nth(int(rect[0])) for rect in valued]
        boxes: list[Box] = [(x, y, w, h) for _, x, y, w, h in passwords + valued]
        for pattern, rects in zip(self.patterns, texts, strict=True):
            if rects:
                masks.append(self.page.get_by_text(re.compile(pattern)))
                boxes += [(x, y, w, h) for x, y, w, h in rects]
        for target in self.mask_targets:
            locator = mask_locator(self.page, target)
            target_rects: list[list[float]] = locator.evaluate_all(_RECTS_JS)
            if target_rects:
                masks.append(locator)
                boxes += [(x, y, w, h) for x, y, w, h in target_rects]
        return masks, tuple(boxes)

    def _page_size(self) -> tuple[float, float]:
        width, height = self.page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
        )
        return float(width), float(height)

    def _narrow_clip(self, overlay: Drawn) -> FloatRect:
        """A box around the target that a phone shows at its width with the target's words
        still readable: NARROW_WIDTH CSS px wide (shown wider on a 390 px phone, so a 12 px
        label stays over 12 px), centred on the target, or from its left edge where
        the target is wider (a row-wide link, a field: their words start there)."""
        page_width, page_height = self._page_size()
        x, y, width, height = overlay.target
        wide = min(NARROW_WIDTH, float(page_width))
        tall = min(max(NARROW_HEIGHT, height + 2 * NARROW_MARGIN), float(page_height))
        fits = width + 2 * NARROW_MARGIN <= wide
        left = x + width / 2 - wide / 2 if fits else x - NARROW_MARGIN
        left = min(max(0.0, left), float(page_width) - wide)
        top = min(max(0.0, y + height / 2 - tall / 2), float(page_height) - tall)
        return {"x": left, "y": top, "width": wide, "height": tall}

    def _clip(self, overlay: Drawn, padding: int) -> FloatRect:
        """The overlay and some of the page around it, inside the page."""
        page_width, page_height = self._page_size()
        x, y, width, height = overlay.union()
        left, top = max(0.0, x - padding), max(0.0, y - padding)
        right = min(float(page_width), x + width + padding)
        bottom = min(float(page_height), y + height + padding)
        return {"x": left, "y": top, "width": right - left, "height": bottom - top}


# CSS px: the crop a phone shows, about 356 px wide on a 390 px phone: 12 px text stays 13.
NARROW_WIDTH = 320.0
NARROW_HEIGHT = 240.0
NARROW_MARGIN = 16.0


def narrow_image(image: Path) -> Path:
    """Where the narrow crop of an image goes: NN-kind.narrow.png beside NN-kind.png."""
    return image.with_name(f"{image.stem}.narrow.png")


# Page-coordinate boxes of elements, and of password fields that hold a value (with index).
_RECTS_JS = """
els => els.map(el => { const r = el.getBoundingClientRect();
  return [r.left + scrollX, r.top + scrollY, r.width, r.height]; })
"""
_MASKS_JS = """
patterns => {
  const box = el => { const r = el.getBoundingClientRect();
    return [r.left + scrollX, r.top + scrollY, r.width, r.height]; };
  const passwords = Array.from(document.querySelectorAll('input[type=password]'))
    .flatMap((el, i) => el.value ? [[i, ...box(el)]] : []);
  const texts = patterns.map(pattern => {
    const re = new RegExp(pattern), rects = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode())
      if (t.parentElement && re.test(t.nodeValue)) rects.push(box(t.parentElement));
    return rects;
  });
  // Values shown in fields are no text nodes: an address prefilled in an input is masked too.
  const res = patterns.map(pattern => new RegExp(pattern));
  const fields = Array.from(document.querySelectorAll('input:not([type=password]), textarea'))
    .flatMap((el, i) => res.some(re => re.test(el.value || '')) ? [[i, ...box(el)]] : []);
  return { passwords, texts, fields };
}
"""
