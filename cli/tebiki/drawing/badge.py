"""Where the step's number badge goes: somewhere on or beside the highlight ring that covers
none of the words a reader looks for there. Those are the target's accessible labels (a
<label>, aria-labelledby) and its own text (a button's words, a field's value, a box's tick),
measured as the page lays them out. A badge on the start of a short label ("ur name") would
hide the very word the step names.

The script runs inside the overlay's drawing (highlight.py), once the badge is in the page
and can be measured.
"""

from __future__ import annotations

# nearby(el, box, sx, sy, skip): what a reader may look at around the target, each a box in
# page coordinates: the words of the text near it and the other controls there (a field, a
# box, a button, a link), not the target's own (its words are placeBadge's own concern), and
# nothing inside ``skip`` (the overlay). Neither the badge nor the callout should cover them.
#
# placeBadge(el, badge, box, sx, sy, vw, vh, half, values, near): moves the badge to the first
# place that covers none of el's words and, if it can, none of its neighbours (``near``) nor
# the would-be values drawn on the page (``values``: their elements), else to the one that
# covers least; returns its box and el's words.
BADGE_JS = r"""
const nearby = (el, box, sx, sy, skip) => {
  const reach = 240, found = [];
  const close = q => q.right + sx > box.x - reach && q.left + sx < box.x + box.w + reach
    && q.bottom + sy > box.y - reach && q.top + sy < box.y + box.h + reach;
  const keep = q => { if (q.width > 0 && q.height > 0 && close(q))
    found.push({ x: q.left + sx, y: q.top + sy, w: q.width, h: q.height }); };
  const own = n => n === el || el.contains(n) || (el.labels && Array.from(el.labels)
    .some(l => l.contains(n))) || skip.contains(n);
  const range = document.createRange();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t && found.length < 600; t = walker.nextNode()) {
    if (!t.nodeValue.trim() || own(t.parentElement)) continue;
    range.selectNodeContents(t);
    for (const q of range.getClientRects()) keep(q);
  }
  const CONTROLS = 'input:not([type=hidden]), select, textarea, button, [role=checkbox], '
    + '[role=radio], [role=switch], [role=button]';
  for (const c of document.querySelectorAll(CONTROLS)) if (!own(c)) keep(c.getBoundingClientRect());
  return found;
};
const placeBadge = (el, badge, box, sx, sy, vw, vh, half, values, near) => {
  const words = [];
  const rect = q => ({ x: q.left + sx, y: q.top + sy, w: q.width, h: q.height });
  const add = q => { if (q.width > 0 && q.height > 0) words.push(rect(q)); };
  const textOf = node => {
    const range = document.createRange();
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (!t.nodeValue.trim()) continue;
      range.selectNodeContents(t);
      for (const q of range.getClientRects()) add(q);
    }
  };
  const content = f => {
    const q = f.getBoundingClientRect(), cs = getComputedStyle(f), px = k => parseFloat(cs[k]) || 0;
    const left = q.left + px('borderLeftWidth') + px('paddingLeft');
    const top = q.top + px('borderTopWidth') + px('paddingTop');
    return { left, top, width: q.right - px('borderRightWidth') - px('paddingRight') - left,
      height: q.bottom - px('borderBottomWidth') - px('paddingBottom') - top };
  };
  const labels = Array.from(el.labels || []);
  for (const id of (el.getAttribute('aria-labelledby') || '').split(/\s+/)) {
    const label = id && document.getElementById(id);
    if (label) labels.push(label);
  }
  // A label's words, not its box: a block <label> spans the whole form, and a label around
  // its field would take the field in too.
  for (const label of labels) textOf(label);
  const control = /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName);
  if (control && /^(checkbox|radio)$/.test(el.type)) add(el.getBoundingClientRect());
  else if (control) add(content(el));  // the value, or an input button's words
  else textOf(el);
  const b = badge.getBoundingClientRect(), bw = b.width, bh = b.height, gap = 4;
  const right = box.x + box.w + half - bw, bottom = box.y + box.h + half - bh;
  const middle = box.y + box.h / 2 - bh / 2;
  const spots = [
    [box.x - half, box.y - half],  // the ring's top left corner, where it has always been
    [box.x - bw - gap, middle],  // left of the ring
    [right, box.y - half], [box.x - half, bottom], [right, bottom],  // the other corners
    [box.x, box.y - bh - gap], [box.x, box.y + box.h + gap],  // above, below
    [box.x + box.w + gap, middle],  // right of it, where the callout would rather be: last
  ].map(([x, y]) => [Math.max(sx + 2, Math.min(x, sx + vw - bw - 2)),
    Math.max(sy + 2, Math.min(y, sy + vh - bh - 2))]);
  const soft = values.map(v => rect(v.getBoundingClientRect()));
  const area = (list, [x, y]) => list.reduce((sum, a) => sum
    + Math.max(0, Math.min(x + bw, a.x + a.w) - Math.max(x, a.x))
    * Math.max(0, Math.min(y + bh, a.y + a.h) - Math.max(y, a.y)), 0);
  // The target's words must show; its neighbours and the form's other values had better too.
  const covers = spot => area(words, spot) * 1e6 + area(near, spot) * 1e3 + area(soft, spot);
  let best = spots[0], least = Infinity;
  for (const spot of spots) {
    const covered = covers(spot);
    if (covered < least) [best, least] = [spot, covered];
    if (covered === 0) break;
  }
  badge.style.left = best[0] + 'px';
  badge.style.top = best[1] + 'px';
  return { x: best[0], y: best[1], w: bw, h: bh, words };
};
"""
