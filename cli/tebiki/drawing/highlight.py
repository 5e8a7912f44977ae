"""The overlay that shows a person where a step acts: an outline (or, for tutorials, a
spotlight: the page dimmed but for a rounded cut-out) around the target, a numbered badge
(placed off the target's words: badge.py), the caption in a callout beside it, and in a dry
run the would-be values of the page's fields drawn over them (ghosts.py).

The overlay is absolutely positioned in a zero-size host with pointer-events off, inside a
shadow root, so it never changes the page's layout, never takes a click and never inherits the
page's styles; it is removed before the next step.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from typing import Literal

from playwright.sync_api import ElementHandle, Locator, Page
from playwright.sync_api import Error as PlaywrightError

from tebiki.drawing.badge import BADGE_JS
from tebiki.drawing.ghosts import GHOSTS_JS, MASK_COLOR, Entered, Ghost, ghost_arguments

# The outline's colour: a magenta that sites rarely use, so a screenshot shows it plainly.
HIGHLIGHT_RGB = (228, 0, 127)
HIGHLIGHT_CSS = "#e4007f"
OUTLINE_PX = 4
HOST_ID = "tebiki-overlay"

Style = Literal["outline", "spotlight"]

_DRAW_JS = (
    "(el, o) => {\n"
    + GHOSTS_JS
    + BADGE_JS
    + """
  document.getElementById(o.hostId)?.remove();
  // A checkbox or radio button is marked with its label: the words a reader looks for.
  let r = el.getBoundingClientRect();
  if (/^(checkbox|radio)$/.test(el.type || '') && el.labels && el.labels.length) {
    // The label's words, not its box: a block <label> spans the whole form.
    const words = l => {
      const range = document.createRange();
      range.selectNodeContents(l);
      const q = Array.from(range.getClientRects()).filter(q => q.width > 0 && q.height > 0);
      return q.length ? q : [l.getBoundingClientRect()];
    };
    const rects = [r, ...Array.from(el.labels).flatMap(words)];
    const left = Math.min(...rects.map(q => q.left)), top = Math.min(...rects.map(q => q.top));
    const right = Math.max(...rects.map(q => q.right));
    const bottom = Math.max(...rects.map(q => q.bottom));
    r = { left, top, right, bottom, width: right - left, height: bottom - top };
  }
  const sx = window.scrollX, sy = window.scrollY;
  const pad = 6;
  const box = {
    x: r.left + sx - pad, y: r.top + sy - pad, w: r.width + 2 * pad, h: r.height + 2 * pad,
  };
  const host = document.createElement('div');
  host.id = o.hostId;
  host.setAttribute('aria-hidden', 'true');
  host.style.cssText = 'position:absolute;left:0;top:0;width:0;height:0;overflow:visible;'
    + 'z-index:2147483647;pointer-events:none;margin:0;padding:0;border:0;';
  const root = host.attachShadow({ mode: 'open' });
  const big = o.style === 'spotlight';
  const font = '"Noto Sans CJK JP","Noto Sans JP","Hiragino Sans",sans-serif';
  const size = big ? { badge: 36, text: 19, small: 15, width: 380 }
                   : { badge: 30, text: 15, small: 13, width: 360 };
  root.innerHTML = `
    <style>
      * { box-sizing: border-box; animation: none !important; transition: none !important; }
      .ring { position:absolute; border:${o.outline}px solid ${o.color}; border-radius:10px; }
      .dim { position:absolute; left:0; top:0; }
      .badge { position:absolute; min-width:${size.badge}px; height:${size.badge}px;
        padding:0 8px; border-radius:${size.badge / 2}px; background:${o.color}; color:#fff;
        font:700 ${size.badge * 0.55}px/${size.badge}px ${font}; text-align:center;
        box-shadow:0 1px 4px rgba(0,0,0,.4); }
      .callout { position:absolute; width:max-content; max-width:${size.width}px;
        padding:10px 14px; border-radius:8px; background:#fff; color:#1d1d1f;
        font:600 ${size.text}px/1.5 ${font}; box-shadow:0 3px 12px rgba(0,0,0,.35);
        border-left:6px solid ${o.color};
        line-break:strict; word-break:auto-phrase; overflow-wrap:break-word; }
      .callout small { display:block; color:#6b1040; font-weight:500;
        font-size:${size.small}px; }
      .ghost { position:absolute; display:flex; align-items:center; padding:0 12px;
        color:#1d1d1f; font:500 16px ${font}; letter-spacing:.08em; overflow:hidden;
        white-space:nowrap; }
    </style>
    <div class="ring"></div><div class="badge"></div><div class="callout"></div>`;
  if (big) {
    // The spotlight: the whole page dimmed but for a rounded cut-out, as one SVG path (a
    // huge box-shadow would do the same, at many times the painting cost).
    const doc = document.documentElement;
    const W = Math.max(doc.scrollWidth, doc.clientWidth), H = Math.max(doc.scrollHeight,
      doc.clientHeight);
    const k = Math.min(10, box.w / 2, box.h / 2), x = box.x, y = box.y, w = box.w, h = box.h;
    const hole = `M${x + k},${y} H${x + w - k} A${k},${k} 0 0 1 ${x + w},${y + k} `
      + `V${y + h - k} A${k},${k} 0 0 1 ${x + w - k},${y + h} H${x + k} `
      + `A${k},${k} 0 0 1 ${x},${y + h - k} V${y + k} A${k},${k} 0 0 1 ${x + k},${y} Z`;
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('class', 'dim');
    svg.setAttribute('width', W);
    svg.setAttribute('height', H);
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', `M0,0 H${W} V${H} H0 Z ` + hole);
    path.setAttribute('fill', 'rgba(15,20,30,0.55)');
    path.setAttribute('fill-rule', 'evenodd');
    svg.appendChild(path);
    root.insertBefore(svg, root.querySelector('.ring'));
  }
  const ring = root.querySelector('.ring');
  Object.assign(ring.style, {
    left: box.x + 'px', top: box.y + 'px', width: box.w + 'px', height: box.h + 'px',
  });
  // The would-be values entered on this page so far, and this step's, in their fields.
  const under = document.createElement('div'), over = document.createElement('div');
  root.insertBefore(under, root.querySelector('.dim') || ring);
  root.insertBefore(over, ring);
  const ghosts = (o.earlier || []).concat(o.ghost ? [{ el, ...o.ghost }] : []);
  drawGhosts(under, over, ghosts, sx, sy, o.maskColor);
  const badge = root.querySelector('.badge');
  badge.textContent = String(o.number);
  const half = size.badge / 2 + 2;
  const callout = root.querySelector('.callout');
  callout.textContent = o.caption;
  // Japanese typesetting (禁則処理): no line starts with a small kana, a long-vowel mark or
  // closing punctuation (line-break: strict), and lines end between phrases where the
  // browser knows them (word-break: auto-phrase); both follow the text's language.
  callout.lang = /[\u3040-\u30ff\u3400-\u9fff]/.test(o.caption + (o.detail || '')) ? 'ja' : 'en';
  if (o.detail) {
    const small = document.createElement('small');
    small.textContent = o.detail;
    callout.appendChild(small);
  }
  if (!o.caption && !o.detail) callout.remove();
  document.documentElement.appendChild(host);
  const vw = document.documentElement.clientWidth, vh = window.innerHeight, gap = 14;
  const values = [...under.children, ...over.children];
  const near = nearby(el, box, sx, sy, host);
  const placed = placeBadge(el, badge, box, sx, sy, vw, vh, half, values, near);
  // Beside the target where there is room (right, then left), else below, else above, taking
  // the first place that covers neither the target nor what the step reveals (o.avoid): the
  // menu a hover opened, say.
  const c = callout.isConnected ? callout.getBoundingClientRect() : { width: 0, height: 0 };
  const sideTop = Math.max(sy + 8, Math.min(box.y, sy + vh - c.height - 8));
  const belowTop = box.y + box.h + gap, aboveTop = box.y - gap - c.height;
  const across = Math.max(sx + 8, Math.min(box.x, sx + vw - c.width - 8));
  // Right of the target; right of the badge, when the badge went there; past whatever stands
  // right of the target on the callout's row; left of the target, or of the badge; below
  // and left; below; above.
  const onRow = near.filter(a => a.x + a.w > box.x + box.w && a.y < sideTop + c.height
    && a.y + a.h > sideTop);
  const pastRow = Math.max(box.x + box.w, ...onRow.map(a => a.x + a.w)) + gap;
  const rightFits = x => x + c.width < sx + vw - 8;
  const revealed = (o.avoid || []).map(a => ({ x: a[0], y: a[1], w: a[2], h: a[3] }));
  const leftmost = Math.min(box.x, ...revealed.map(a => a.x));
  const places = [
    [box.x + box.w + gap, sideTop, r.right + pad + gap + c.width < vw - 8],
    [placed.x + placed.w + gap, sideTop, rightFits(placed.x + placed.w + gap)],
    [pastRow, sideTop, rightFits(pastRow)],
    [box.x - gap - c.width, sideTop, r.left - pad - gap - c.width > 8],
    [placed.x - gap - c.width, sideTop, placed.x - gap - c.width > sx + 8],
    // Below the target and left of it and of the menu it opened under itself.
    [leftmost - gap - c.width, belowTop, leftmost - gap - c.width > sx + 8
      && r.bottom + pad + gap + c.height < vh - 8],
    [across, belowTop, r.bottom + pad + gap + c.height < vh - 8],
    [across, aboveTop, r.top - pad - gap - c.height > 8],
  ];
  // Never over the target, its words, the badge or what the step reveals (the menu a hover
  // opened); of the places that keep clear of those, the one over least of the controls and
  // words around it (the label of the field below, the link beside a button).
  const avoid = revealed.concat([box, placed], placed.words);
  const clear = ([x, y]) => avoid.every(a =>
    x >= a.x + a.w || a.x >= x + c.width || y >= a.y + a.h || a.y >= y + c.height);
  const overNear = ([x, y]) => near.reduce((sum, a) => sum
    + Math.max(0, Math.min(x + c.width, a.x + a.w) - Math.max(x, a.x))
    * Math.max(0, Math.min(y + c.height, a.y + a.h) - Math.max(y, a.y)), 0);
  const fits = places.filter(p => p[2]);
  const free = fits.filter(clear);
  const chosen = free.length
    ? free.reduce((best, p) => (overNear(p) < overNear(best) ? p : best))
    : fits[0] || places[6];
  let [left, top] = chosen;
  if (!free.length) {
    // Nowhere clear: go below everything in the way.
    top = Math.max(...avoid.map(a => a.y + a.h)) + gap;
  }
  callout.style.left = left + 'px';
  callout.style.top = top + 'px';
  return {
    target: [box.x, box.y, box.w, box.h],
    badge: [placed.x, placed.y, placed.w, placed.h],
    callout: [left, top, c.width, c.height],
  };
}
"""
)

_REMOVE_JS = "id => document.getElementById(id)?.remove()"


Box = tuple[float, float, float, float]  # x, y, width, height in page coordinates


@dataclass(frozen=True)
class Drawn:
    """Where the overlay's parts are: the ring around the target, the badge, the callout."""

    target: Box
    badge: Box
    callout: Box

    def union(self) -> Box:
        boxes = [self.target, self.badge, self.callout]
        left = min(box[0] for box in boxes)
        top = min(box[1] for box in boxes)
        right = max(box[0] + box[2] for box in boxes)
        bottom = max(box[1] + box[3] for box in boxes)
        return left, top, right - left, bottom - top


def draw(
    locator: Locator | ElementHandle,
    *,
    number: int,
    caption: str,
    detail: str = "",
    style: Style = "outline",
    ghost: Ghost | None = None,
    earlier: tuple[Entered, ...] = (),
    avoid: tuple[Box, ...] = (),
    scroll: bool = True,
) -> Drawn:
    """Mark the target, badge it with the step number and show the caption beside it.
    ``ghost``: the value the step would enter, drawn in the target; ``earlier``: the fields of
    this page that already hold one. ``scroll=False`` when Playwright's actionability checks
    have just scrolled it into view."""
    if scroll:
        # A fixed header or an element that cannot scroll is drawn where it is.
        with suppress(PlaywrightError):
            locator.scroll_into_view_if_needed(timeout=2000)
    area: dict[str, list[float]] = locator.evaluate(
        _DRAW_JS,
        {
            "hostId": HOST_ID,
            "number": number,
            "caption": caption,
            "detail": detail,
            "style": style,
            "ghost": {"text": ghost.text, "masked": ghost.masked} if ghost else None,
            "earlier": ghost_arguments(earlier),
            "maskColor": MASK_COLOR,
            "avoid": [list(box) for box in avoid],
            "color": HIGHLIGHT_CSS,
            "outline": OUTLINE_PX,
        },
    )

    def box(name: str) -> Box:
        x, y, width, height = area[name]
        return x, y, width, height

    return Drawn(box("target"), box("badge"), box("callout"))


def hide_callout(page: Page) -> None:
    """Take the caption off the drawing (a phone's crop: the tutorial says the caption in
    its own line right above the image, and a callout would cover the target's neighbours)."""
    with suppress(PlaywrightError):
        page.evaluate(
            "id => { const c = document.getElementById(id)?.shadowRoot?.querySelector("
            "'.callout'); if (c) c.style.visibility = 'hidden'; }",
            HOST_ID,
        )


def clear(page: Page) -> None:
    # A page that is gone or navigating has nothing left to clear.
    with suppress(PlaywrightError):
        page.evaluate(_REMOVE_JS, HOST_ID)


# A note pinned to the window (not to the page), for what has no place to point at: the
# guide's progress, a target that is not on this page, a page tebiki opened. Like the overlay
# it never takes a click; it sits at the top or the bottom, away from the target.
BANNER_ID = "tebiki-banner"

_BANNER_JS = """
o => {
  document.getElementById(o.hostId)?.remove();
  const host = document.createElement('div');
  host.id = o.hostId;
  host.setAttribute('role', 'status');
  const edge = o.top ? 'top:12px;' : 'bottom:12px;';
  host.style.cssText = 'position:fixed;left:12px;' + edge + 'z-index:2147483647;'
    + 'pointer-events:none;margin:0;padding:0;border:0;max-width:min(640px,calc(100vw - 24px));';
  const root = host.attachShadow({ mode: 'open' });
  const font = '"Noto Sans CJK JP","Noto Sans JP","Hiragino Sans",sans-serif';
  root.innerHTML = `<style>
      div { box-sizing:border-box; padding:8px 14px; border-radius:8px; background:#1d1d1f;
        color:#fff; font:600 14px/1.5 ${font}; box-shadow:0 3px 12px rgba(0,0,0,.35);
        border-left:6px solid ${o.color}; }
      small { display:block; font-weight:500; font-size:13px; color:#ffd7ec; }
    </style><div></div>`;
  const box = root.querySelector('div');
  box.textContent = o.title;
  if (o.text) {
    const small = document.createElement('small');
    small.textContent = o.text;
    box.appendChild(small);
  }
  document.documentElement.appendChild(host);
}
"""


def banner(page: Page, title: str, text: str = "", *, top: bool = False) -> None:
    """Pin a note to the window's bottom left (``top``: its top left)."""
    page.evaluate(
        _BANNER_JS,
        {"hostId": BANNER_ID, "title": title, "text": text, "top": top, "color": HIGHLIGHT_CSS},
    )


def clear_banner(page: Page) -> None:
    with suppress(PlaywrightError):
        page.evaluate(_REMOVE_JS, BANNER_ID)
