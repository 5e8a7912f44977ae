"""The overlay that shows a person where a step acts: an outline around the target, a numbered
badge and the caption, drawn in a shadow root above the page.

The overlay is absolutely positioned in a zero-size host with pointer-events off, so it never
changes the page's layout and never takes a click; it is removed before the next step.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Literal

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

# The outline's colour: a magenta that sites rarely use, so a screenshot shows it plainly.
HIGHLIGHT_RGB = (228, 0, 127)
HIGHLIGHT_CSS = "#e4007f"
OUTLINE_PX = 4
HOST_ID = "tebiki-overlay"

Style = Literal["outline", "spotlight"]

_DRAW_JS = """
(el, o) => {
  document.getElementById(o.hostId)?.remove();
  const r = el.getBoundingClientRect();
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
  const dim = o.style === 'spotlight' ? 'box-shadow:0 0 0 200vmax rgba(0,0,0,0.45);' : '';
  const font = '"Noto Sans CJK JP","Noto Sans JP","Hiragino Sans",sans-serif';
  root.innerHTML = `
    <style>
      * { box-sizing: border-box; animation: none !important; transition: none !important; }
      .ring { position:absolute; border:${o.outline}px solid ${o.color}; border-radius:10px;
        ${dim} }
      .badge { position:absolute; min-width:30px; height:30px; padding:0 8px; border-radius:15px;
        background:${o.color}; color:#fff; font:700 16px/30px ${font}; text-align:center;
        box-shadow:0 1px 3px rgba(0,0,0,.35); }
      .callout { position:absolute; width:max-content; max-width:360px;
        padding:8px 12px; border-radius:8px;
        background:#1d1d1f; color:#fff; font:500 15px/1.5 ${font};
        box-shadow:0 2px 8px rgba(0,0,0,.3); border-left:5px solid ${o.color}; }
      .callout small { display:block; color:#ffd1e8; font-size:13px; }
    </style>
    <div class="ring"></div><div class="badge"></div><div class="callout"></div>`;
  const ring = root.querySelector('.ring');
  Object.assign(ring.style, {
    left: box.x + 'px', top: box.y + 'px', width: box.w + 'px', height: box.h + 'px',
  });
  const badge = root.querySelector('.badge');
  badge.textContent = String(o.number);
  Object.assign(badge.style, {
    left: Math.max(sx + 2, box.x - 16) + 'px', top: Math.max(sy + 2, box.y - 16) + 'px',
  });
  const callout = root.querySelector('.callout');
  callout.textContent = o.caption;
  if (o.detail) {
    const small = document.createElement('small');
    small.textContent = o.detail;
    callout.appendChild(small);
  }
  if (!o.caption && !o.detail) callout.remove();
  document.documentElement.appendChild(host);
  // Beside the target where there is room (right, then left), else below, else above: the
  // callout never covers the target, and sideways it rarely covers what opens below it.
  const vw = window.innerWidth, vh = window.innerHeight, gap = 12;
  const size = callout.isConnected ? callout.getBoundingClientRect() : { width: 0, height: 0 };
  const top = Math.max(sy + 8, Math.min(box.y, sy + vh - size.height - 8));
  if (r.right + pad + gap + size.width < vw - 8) {
    callout.style.left = (box.x + box.w + gap) + 'px';
    callout.style.top = top + 'px';
  } else if (r.left - pad - gap - size.width > 8) {
    callout.style.left = (box.x - gap - size.width) + 'px';
    callout.style.top = top + 'px';
  } else {
    const below = r.bottom + pad + gap + size.height < vh - 8 || r.top < size.height + 24;
    callout.style.left = Math.max(sx + 8, Math.min(box.x, sx + vw - size.width - 8)) + 'px';
    callout.style.top = (below ? box.y + box.h + gap : box.y - gap - size.height) + 'px';
  }
}
"""

_REMOVE_JS = "id => document.getElementById(id)?.remove()"


def draw(
    locator: Locator,
    *,
    number: int,
    caption: str,
    detail: str = "",
    style: Style = "outline",
) -> None:
    """Outline the target, badge it with the step number and show the caption beside it."""
    # A fixed header or an element that cannot scroll is drawn where it is.
    with suppress(PlaywrightError):
        locator.scroll_into_view_if_needed(timeout=2000)
    locator.evaluate(
        _DRAW_JS,
        {
            "hostId": HOST_ID,
            "number": number,
            "caption": caption,
            "detail": detail,
            "style": style,
            "color": HIGHLIGHT_CSS,
            "outline": OUTLINE_PX,
        },
    )


def clear(page: Page) -> None:
    # A page that is gone or navigating has nothing left to clear.
    with suppress(PlaywrightError):
        page.evaluate(_REMOVE_JS, HOST_ID)
