"""Where a missing target was expected, marked on the failure screenshot: the section or
landmark the flow scopes it to (dashed), and the label on the page most like it (solid), each
with a note. A person sees at a glance that 「基本情報編集」 is now 「基本情報の編集」 in 共通情報.

Drawn like the step overlay (a shadow root in a zero-size host with pointer-events off, under
the overlay's id so the same clear() removes it) and in its own colour, so a failure shot is
never mistaken for a step shot.
"""

from __future__ import annotations

from contextlib import suppress

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from tebiki.drawing.highlight import HOST_ID
from tebiki.flowfile.targets import LANDMARKS

MISSING_RGB = (232, 89, 12)
MISSING_CSS = "#e8590c"

_MARK_JS = """
o => {
  document.getElementById(o.hostId)?.remove();
  const norm = s => (s || '').replace(/\\s+/g, ' ').trim();
  const shown = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const landmark = {
    header: 'header, [role=banner]', footer: 'footer, [role=contentinfo]',
    main: 'main, [role=main]', nav: 'nav, [role=navigation]',
  };
  let scope = null;
  if (o.within && landmark[o.within]) {
    scope = Array.from(document.querySelectorAll(landmark[o.within])).find(shown) || null;
  } else if (o.within) {
    const titled = Array.from(document.querySelectorAll(
      'h1,h2,h3,h4,h5,h6,[role=heading],legend,[aria-label]'))
      .find(el => shown(el) && (norm(el.textContent) === o.within
                                || norm(el.getAttribute('aria-label')) === o.within));
    if (titled) {
      scope = titled.hasAttribute('aria-label') && norm(titled.textContent) !== o.within
        ? titled
        : titled.closest('section, article, fieldset, [role=region], [role=group]')
          || titled.parentElement;
    }
  }
  let closest = null;
  if (o.closest) {
    const sel = 'a, button, [role=button], [role=link], [role=menuitem], label, summary, '
      + 'h1, h2, h3, h4, h5, h6, legend, input[type=submit], input[type=button], option, th';
    const all = Array.from(document.querySelectorAll(sel)).filter(shown);
    const named = el => norm(el.getAttribute('aria-label') || el.innerText || el.value || '');
    closest = (scope && all.find(el => scope.contains(el) && named(el) === o.closest))
      || all.find(el => named(el) === o.closest) || null;
  }
  if (!scope && !closest) return [false, false];
  const host = document.createElement('div');
  host.id = o.hostId;
  host.style.cssText = 'position:absolute;left:0;top:0;width:0;height:0;z-index:2147483647;'
    + 'pointer-events:none;margin:0;padding:0;border:0;';
  const root = host.attachShadow({ mode: 'open' });
  const font = '"Noto Sans CJK JP","Noto Sans JP","Hiragino Sans",sans-serif';
  root.innerHTML = `<style>
    .box { position:absolute; box-sizing:border-box; border:4px ${o.color}; border-radius:6px; }
    .note { position:absolute; padding:4px 10px; border-radius:6px; background:${o.color};
      color:#fff; font:600 13px/1.5 ${font}; white-space:nowrap; }
  </style>`;
  const sx = window.scrollX, sy = window.scrollY;
  // The section's note sits above it; the closest label's note inside its box at the right
  // end, so neither covers the words a person compares.
  const mark = (el, dashed, text) => {
    const r = el.getBoundingClientRect();
    const box = document.createElement('div');
    box.className = 'box';
    box.style.cssText = `left:${r.left + sx - 6}px;top:${r.top + sy - 6}px;`
      + `width:${r.width + 12}px;height:${r.height + 12}px;`
      + `border-style:${dashed ? 'dashed' : 'solid'};`;
    const note = document.createElement('div');
    note.className = 'note';
    note.textContent = text;
    if (dashed) {
      const below = r.top + sy < 40;
      note.style.cssText = `left:${r.left + sx - 6}px;`
        + (below ? `top:${r.bottom + sy + 8}px;` : `top:${r.top + sy - 36}px;`);
    } else {
      note.style.cssText = `left:${r.right + sx}px;top:${r.top + sy + r.height / 2}px;`
        + 'transform:translate(-100%,-50%);';
    }
    root.append(box, note);
  };
  if (scope) mark(scope, true, o.scopeNote);
  if (closest) mark(closest, false, o.closestNote);
  document.documentElement.appendChild(host);
  (closest || scope).scrollIntoView({ block: 'center' });
  return [!!scope, !!closest];
}
"""


def mark_missing(page: Page, wanted: str, within: str | None, closest: str | None) -> str:
    """Mark where 「wanted」 was expected and what the page has instead; says what was marked
    ("" when the page shows neither the section nor anything like the label)."""
    if within in LANDMARKS:
        where = {
            "header": "the header",
            "footer": "the footer",
            "main": "the main part",
            "nav": "the navigation",
        }[within]
    else:
        where = within or ""
    drawn: list[bool] = [False, False]
    with suppress(PlaywrightError):
        drawn = page.evaluate(
            _MARK_JS,
            {
                "hostId": HOST_ID,
                "color": MISSING_CSS,
                "within": within,
                "closest": closest,
                "scopeNote": f"「{wanted}」 expected in {where}: not found",
                "closestNote": f"closest on the page: 「{closest}」",
            },
        )
    marked = [
        f"where it was expected ({where})" if drawn[0] else "",
        f"the closest label 「{closest}」" if drawn[1] else "",
    ]
    return ", ".join(part for part in marked if part)


_COVER_JS = """
o => {
  document.getElementById(o.hostId)?.remove();
  const el = document.querySelector(o.selector);
  if (!el) return false;
  const r = el.getBoundingClientRect();
  const host = document.createElement('div');
  host.id = o.hostId;
  host.style.cssText = 'position:fixed;left:0;top:0;width:0;height:0;z-index:2147483647;'
    + 'pointer-events:none;margin:0;padding:0;border:0;';
  const root = host.attachShadow({ mode: 'open' });
  const font = "'Noto Sans CJK JP','Noto Sans JP','Hiragino Sans',sans-serif";
  const left = Math.max(r.left, 4), top = Math.max(r.top, 4);
  const noteTop = top >= 36 ? top - 32 : top + 6;
  const width = Math.min(r.width, innerWidth - left - 4);
  const height = Math.min(r.height, innerHeight - top - 4);
  root.innerHTML = `<div style="position:absolute;box-sizing:border-box;left:${left}px;
    top:${top}px;width:${width}px;height:${height}px;border:4px solid ${o.color};
    border-radius:6px"></div><div style="position:absolute;left:${left}px;top:${noteTop}px;
    padding:4px 10px;border-radius:6px;background:${o.color};color:#fff;
    font:600 13px/1.5 ${font};white-space:nowrap">${o.note}</div>`;
  document.documentElement.appendChild(host);
  return true;
}
"""


def mark_cover(page: Page, selector: str, note: str) -> bool:
    """Outline what covers the target (found and tagged by tebiki.page.covering), with a note."""
    with suppress(PlaywrightError):
        drawn: bool = page.evaluate(
            _COVER_JS,
            {"hostId": HOST_ID, "color": MISSING_CSS, "selector": selector, "note": note},
        )
        return drawn
    return False
