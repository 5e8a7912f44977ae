"""Would-be values: what a dry run would have typed, ticked or chosen, drawn over the fields
as the form would look with them (the field's own font and background, a ticked box), since
nothing is ever typed into the page. Every value entered on a page so far is drawn, so an
image of the form's submit button shows the form filled in.

The drawing is a script the overlay (highlight.py) runs in the page: the values live in the
overlay's shadow root and go with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import ElementHandle

# A quiet grey for what must not show: Playwright's masks and a would-be address are painted
# in it alike, so a masked field never looks like a highlight or like a value.
MASK_COLOR = "#c9d1db"


@dataclass(frozen=True)
class Ghost:
    """One would-be value. ``masked``: it is an address the images must not show (the field
    is painted over in the mask colour instead)."""

    text: str
    masked: bool = False


Entered = tuple[ElementHandle, Ghost]  # a field of the page and the value it would hold


def ghost_arguments(entered: tuple[Entered, ...]) -> list[dict[str, object]]:
    """What the overlay's script is handed for earlier fields: each element with its value."""
    return [{"el": handle, "text": ghost.text, "masked": ghost.masked} for handle, ghost in entered]


# drawGhosts(under, over, list, sx, sy, maskColor): each {el, text, masked} of the list drawn
# over its field; a later value of the same field wins. Plain values go in ``under`` (beneath
# the spotlight's dimming, like the page they belong to); masked ones in ``over``, undimmed,
# in the very grey Playwright paints its own masks in.
GHOSTS_JS = r"""
const drawGhosts = (under, over, list, sx, sy, maskColor) => {
  const opaque = node => {
    // A field with no background of its own shows what is behind it.
    for (let n = node; n && n.nodeType === 1; n = n.parentElement) {
      const colour = getComputedStyle(n).backgroundColor;
      if (colour && colour !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(colour)) return colour;
    }
    return '#fff';
  };
  const seen = new Set();
  for (const { el: f, text, masked } of list.slice().reverse()) {
    if (!f || !f.isConnected || seen.has(f)) continue;
    seen.add(f);
    const r = f.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    const cs = getComputedStyle(f), px = k => parseFloat(cs[k]) || 0;
    const g = document.createElement('div');
    g.className = 'ghost';
    const mark = f.tagName === 'INPUT' && /^(checkbox|radio)$/.test(f.type);
    const field = !mark && /^(INPUT|TEXTAREA|SELECT)$/.test(f.tagName);
    let x = r.left + sx, y = r.top + sy, w = r.width, h = r.height;
    if (field) {
      // Inside the field's border, so its frame shows as the page draws it; a select keeps
      // its arrow.
      x += px('borderLeftWidth'); y += px('borderTopWidth');
      w -= px('borderLeftWidth') + px('borderRightWidth') + (f.tagName === 'SELECT' ? 24 : 0);
      h -= px('borderTopWidth') + px('borderBottomWidth');
    }
    Object.assign(g.style, {
      left: x + 'px', top: y + 'px', width: Math.max(w, 0) + 'px', height: Math.max(h, 0) + 'px',
    });
    if (masked) {
      g.style.background = maskColor;
      over.appendChild(g);
      continue;
    }
    if (mark) {
      // Ticked or chosen, as the browser draws a checked box or radio button.
      const accent = cs.accentColor && cs.accentColor !== 'auto' ? cs.accentColor : '#0075ff';
      const radio = f.type === 'radio', ring = Math.max(1, Math.round(h / 8));
      Object.assign(g.style, {
        background: accent, color: '#fff', justifyContent: 'center', padding: '0',
        borderRadius: radio ? '50%' : '2px', font: `700 ${Math.round(h * 0.8)}px/1 sans-serif`,
        boxShadow: radio ? `inset 0 0 0 ${ring}px ${accent}, inset 0 0 0 ${2 * ring}px #fff` : '',
      });
      g.textContent = radio ? '' : '✓';
    } else if (field) {
      // In the field's own type, where the field would show it.
      const area = f.tagName === 'TEXTAREA';
      Object.assign(g.style, {
        background: opaque(f), color: cs.color, fontFamily: cs.fontFamily,
        fontSize: cs.fontSize, fontWeight: cs.fontWeight, fontStyle: cs.fontStyle,
        letterSpacing: cs.letterSpacing, lineHeight: cs.lineHeight,
        padding: `${area ? px('paddingTop') : 0}px ${px('paddingRight')}px 0 `
          + `${px('paddingLeft') + (f.tagName === 'SELECT' ? 4 : 0)}px`,
        alignItems: area ? 'flex-start' : 'center', whiteSpace: area ? 'pre-wrap' : 'nowrap',
        borderRadius: `${Math.max(0, px('borderTopLeftRadius') - px('borderLeftWidth'))}px`,
      });
      g.textContent = text;
    } else {
      // A widget of the page's own making (role=checkbox, say): the value beside its start.
      Object.assign(g.style, { padding: w < 40 ? '0' : '0 12px',
        justifyContent: w < 40 ? 'center' : '' });
      g.textContent = text;
    }
    under.appendChild(g);
  }
};
"""
