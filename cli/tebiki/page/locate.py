"""Finding a target the way a person would: by role and name, label or text, in a landmark or a
named section, and saying what the page has instead when it is not there.

A section is what sits under a heading (共通情報 の 基本情報編集), whatever the markup: the
candidate's outline (the chain of headings above it), the label of a labelled ancestor
(aria-label, aria-labelledby, a fieldset's legend), or, where no heading has the name, the
element that shows the name alone. Landmarks are the page's header, footer, main and nav.
"""

from __future__ import annotations

import difflib
import time
from dataclasses import dataclass

from playwright.sync_api import ElementHandle, Locator, Page
from playwright.sync_api import Error as PlaywrightError

from tebiki.flowfile.model import LANDMARKS, Target

# Runs over every candidate at once, so one round trip tells which are in scope and visible.
_CANDIDATES_JS = """
(els, within) => {
  const norm = s => (s || '').replace(/\\s+/g, ' ').trim();
  // A <header> or <footer> is the page's banner or contentinfo only outside sectioning
  // content: an article's own <header> is not the page header.
  const SECTIONING = 'article, aside, main, nav, section, [role=article], '
    + '[role=complementary], [role=main], [role=navigation], [role=region]';
  const up = (el, test) => {
    for (let a = el; a && a.nodeType === 1; a = a.parentElement) if (test(a)) return true;
    return false;
  };
  const pageLevel = (a, tag, role) => a.getAttribute('role') === role
    || (a.tagName === tag && !(a.parentElement && a.parentElement.closest(SECTIONING)));
  const landmarks = {
    header: el => up(el, a => pageLevel(a, 'HEADER', 'banner')),
    footer: el => up(el, a => pageLevel(a, 'FOOTER', 'contentinfo')),
    main: el => !!el.closest('main, [role=main]'),
    nav: el => !!el.closest('nav, [role=navigation]'),
  };
  const level = h => {
    const m = /^H([1-6])$/.exec(h.tagName);
    return m ? Number(m[1]) : Number(h.getAttribute('aria-level') || 7);
  };
  const labelled = a => {
    const titles = [];
    if (a.getAttribute('aria-label')) titles.push(norm(a.getAttribute('aria-label')));
    for (const id of (a.getAttribute('aria-labelledby') || '').split(/\\s+/)) {
      const t = id && document.getElementById(id);
      if (t) titles.push(norm(t.textContent));
    }
    if (a.tagName === 'FIELDSET') {
      const legend = a.querySelector(':scope > legend');
      if (legend) titles.push(norm(legend.textContent));
    }
    return titles;
  };
  let titles = [];
  if (within && !landmarks[within]) {
    const real = Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6,[role=heading]'));
    const named = real.some(h => norm(h.textContent) === within)
      || Array.from(document.querySelectorAll('[aria-label],[aria-labelledby],fieldset'))
        .some(a => labelled(a).includes(within));
    // Where no heading carries the section's name, the smallest element whose whole text is
    // the name (a <dt>, a <b>, a styled <div>) stands as the section's heading.
    const pseudo = [];
    if (!named) {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        if (!norm(t.nodeValue).includes(within)) continue;
        const e = t.parentElement;
        if (e && norm(e.textContent) === within && !els.some(c => c.contains(e))) pseudo.push(e);
      }
    }
    titles = real.concat(pseudo).sort((a, b) =>
      a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);
  }
  const sectionsOf = el => {
    const names = [];
    for (let a = el.parentElement; a; a = a.parentElement) names.push(...labelled(a));
    const stack = [];
    for (const h of titles) {
      if (!(h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
      if (h.contains(el)) continue;
      // A heading whose own section box has closed before the element does not cover it.
      const box = h.parentElement && h.parentElement.closest(
        'section, article, aside, nav, fieldset, [role=region], [role=group]');
      if (box && !box.contains(el)) continue;
      const lv = /^H[1-6]$/.test(h.tagName) || h.getAttribute('role') === 'heading'
        ? level(h) : 7;
      while (stack.length && stack[stack.length - 1].lv >= lv) stack.pop();
      stack.push({ lv, title: norm(h.textContent) });
    }
    return names.concat(stack.map(s => s.title));
  };
  const inScope = el => {
    if (!within) return true;
    if (landmarks[within]) return landmarks[within](el);
    return sectionsOf(el).includes(within);
  };
  // What a person can see: a box on the page, not pushed off it, not invisible or transparent.
  const visible = el => {
    const r = el.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) return false;
    if (r.right + window.scrollX <= 0 || r.bottom + window.scrollY <= 0) return false;
    if (getComputedStyle(el).visibility !== 'visible') return false;
    return !up(el, a => getComputedStyle(a).opacity === '0');
  };
  return els.map(el => [inScope(el), visible(el)]);
}
"""

# Everything a person could name on the page: what a "did you mean" list is made of.
_PAGE_NAMES_JS = """
() => {
  const norm = s => (s || '').replace(/\\s+/g, ' ').trim();
  const out = new Set();
  const sel = 'a, button, [role=button], [role=link], [role=menuitem], label, summary, '
    + 'h1, h2, h3, h4, h5, h6, legend, input[type=submit], input[type=button], option, th';
  for (const el of document.querySelectorAll(sel)) {
    const text = norm(el.getAttribute('aria-label') || el.innerText || el.value || '');
    if (text && text.length <= 60) out.add(text);
  }
  return Array.from(out);
}
"""

_POLL_SECONDS = 0.02


@dataclass(frozen=True)
class Found:
    """A resolved target: the element, whether a person can see it, and how it was matched."""

    locator: Locator
    visible: bool
    name: str
    loosely: bool = False
    scope_missing: bool = False
    # The element itself, once resolved: a dry run checks, measures and marks it several
    # times, and each use of the locator would look it up again.
    handle: ElementHandle | None = None

    @property
    def element(self) -> Locator | ElementHandle:
        return self.handle or self.locator


def _candidates(page: Page, target: Target, name: str, exact: bool) -> Locator:
    if target.css:
        return page.locator(target.css)
    if target.label:
        return page.get_by_label(name, exact=True)
    if target.text:
        return page.get_by_text(name, exact=False)
    # Hidden ones too: a link in a closed menu is still there to be followed by its address.
    if target.role:
        return page.get_by_role(
            target.role,  # type: ignore[arg-type]
            name=name,
            exact=exact,
            include_hidden=True,
        )
    return (
        page.get_by_role("link", name=name, exact=exact, include_hidden=True)
        .or_(page.get_by_role("button", name=name, exact=exact, include_hidden=True))
        .or_(page.get_by_role("menuitem", name=name, exact=exact, include_hidden=True))
    )


def mask_locator(page: Page, target: Target) -> Locator:
    """Everything that matches a target to hide in screenshots, wherever it is."""
    locator = _candidates(page, target, target.wanted, exact=True)
    for name in target.also:
        locator = locator.or_(_candidates(page, target, name, exact=True))
    return locator


def pick(candidates: Locator, within: str | None) -> tuple[int | None, bool, int]:
    """Index of the first in-scope candidate (visible ones first), its visibility, and count."""
    flags: list[list[bool]] = candidates.evaluate_all(_CANDIDATES_JS, within)
    in_scope = [index for index, (scoped, _) in enumerate(flags) if scoped]
    for index in in_scope:
        if flags[index][1]:
            return index, True, len(in_scope)
    return (in_scope[0], False, len(in_scope)) if in_scope else (None, False, 0)


def _section_named(page: Page, within: str) -> bool:
    """Whether the page shows the section's name at all, as a heading or as any text."""
    heading = page.get_by_role("heading", name=within, exact=True)
    region = page.get_by_role("region", name=within, exact=True)
    text = page.get_by_text(within, exact=True)
    return heading.or_(region).or_(text).count() > 0


def _try_once(page: Page, target: Target, loose_ok: bool) -> Found | None:
    """Exact names first (visible before hidden); a loose match only when no exact one exists,
    so 「プロフィール編集のヘルプ」 never stands in for a hidden 「プロフィール編集」."""
    loose = loose_ok and not target.label and not target.text
    for exact in (True, False) if loose else (True,):
        hidden: Found | None = None
        for name in target.names:
            candidates = _candidates(page, target, name, exact)
            index, visible, _ = pick(candidates, target.within)
            if index is not None:
                found = Found(candidates.nth(index), visible, name, loosely=not exact)
                if visible:
                    return found
                hidden = hidden or found
        if hidden is not None:
            return hidden
    if not target.role and target.name:
        # A name with no role given that no link or button carries: the same words as plain
        # text (a display name in a <span> whose menu opens on hover), matched exactly.
        for name in target.names:
            candidates = page.get_by_text(name, exact=True)
            index, visible, _ = pick(candidates, target.within)
            if index is not None:
                return Found(candidates.nth(index), visible, name)
    return None


def _try_unscoped(page: Page, target: Target) -> Found | None:
    """A section whose name the page does not show at all: the only match anywhere will do."""
    if not target.within or target.within in LANDMARKS or _section_named(page, target.within):
        return None
    for name in target.names:
        candidates = _candidates(page, target, name, True)
        index, visible, count = pick(candidates, None)
        if index is not None and count == 1:
            return Found(candidates.nth(index), visible, name, scope_missing=True)
    return None


def find(page: Page, target: Target, timeout_ms: int, accept_hidden: bool = False) -> Found | None:
    """Poll until the target is visible or the time is up; a hidden match is returned last
    (at once with ``accept_hidden``, when it is known to stay hidden)."""
    deadline = time.monotonic() + timeout_ms / 1000
    best: Found | None = None
    while True:
        try:
            found = _try_once(page, target, loose_ok=True) or _try_unscoped(page, target)
        except PlaywrightError as error:
            # The page navigated while it was being read; read the new one.
            if "context was destroyed" not in str(error) and "navigat" not in str(error):
                raise
            found = None
        if found is not None and (found.visible or accept_hidden):
            return found
        best = found or best
        if time.monotonic() >= deadline:
            return best
        time.sleep(_POLL_SECONDS)


def closest_names(page: Page, wanted: str, limit: int = 3) -> list[str]:
    """The labels on the page most like the one wanted, for the error message."""
    try:
        names: list[str] = page.evaluate(_PAGE_NAMES_JS)
    except PlaywrightError:
        return []
    return difflib.get_close_matches(wanted, names, n=limit, cutoff=0.5)


def alert_texts(page: Page) -> list[str]:
    """What the site says in its alerts: the reason a form was refused."""
    try:
        alerts = page.get_by_role("alert")
        texts = [" ".join(text.split()) for text in alerts.all_inner_texts()]
    except PlaywrightError:
        return []
    return [text for text in texts if text]
