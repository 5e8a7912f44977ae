"""Finding a target the way a person would: by role and name, label or text, in a landmark or a
named section, and saying what the page has instead when it is not there.

A section is what sits under a heading (共通情報 の 基本情報編集), whatever the markup: the
candidate's outline (the chain of headings above it), the label of a labelled ancestor
(aria-label, aria-labelledby, a fieldset's legend). Landmarks are the header, footer, main and nav.
"""

from __future__ import annotations

import difflib
import time
from dataclasses import dataclass

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

from flows.model import LANDMARKS, Target

# Runs over every candidate at once, so one round trip tells which are in scope and visible.
_CANDIDATES_JS = """
(els, within) => {
  const norm = s => (s || '').replace(/\\s+/g, ' ').trim();
  const landmarks = {
    header: 'header, [role=banner]', footer: 'footer, [role=contentinfo]',
    main: 'main, [role=main]', nav: 'nav, [role=navigation]',
  };
  const headings = within && !landmarks[within]
    ? Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6,[role=heading]')) : [];
  const level = h => {
    const m = /^H([1-6])$/.exec(h.tagName);
    return m ? Number(m[1]) : Number(h.getAttribute('aria-level') || 2);
  };
  const titlesOf = el => {
    const titles = [];
    for (let a = el.parentElement; a; a = a.parentElement) {
      if (a.getAttribute('aria-label')) titles.push(norm(a.getAttribute('aria-label')));
      for (const id of (a.getAttribute('aria-labelledby') || '').split(/\\s+/)) {
        const t = id && document.getElementById(id);
        if (t) titles.push(norm(t.textContent));
      }
      if (a.tagName === 'FIELDSET') {
        const legend = a.querySelector(':scope > legend');
        if (legend) titles.push(norm(legend.textContent));
      }
    }
    const stack = [];
    for (const h of headings) {
      if (!(h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
      // A heading whose own section box has closed before the element does not cover it.
      const box = h.parentElement && h.parentElement.closest(
        'section, article, aside, nav, fieldset, [role=region], [role=group]');
      if (box && !box.contains(el)) continue;
      const lv = level(h);
      while (stack.length && stack[stack.length - 1].lv >= lv) stack.pop();
      stack.push({ lv, title: norm(h.textContent) });
    }
    return titles.concat(stack.map(s => s.title));
  };
  const inScope = el => {
    if (!within) return true;
    if (landmarks[within]) return !!el.closest(landmarks[within]);
    return titlesOf(el).some(t => t === within || t.startsWith(within));
  };
  const visible = el => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && style.visibility !== 'hidden';
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


def _candidates(page: Page, target: Target, name: str, exact: bool) -> Locator:
    if target.label:
        return page.get_by_label(name, exact=True)
    if target.text:
        return page.get_by_text(name, exact=False)
    # Hidden ones too: a link in a closed menu is still there to be followed by its address.
    if target.role:
        return page.get_by_role(target.role, name=name, exact=exact,  # type: ignore[arg-type]
                                include_hidden=True)
    return (page.get_by_role("link", name=name, exact=exact, include_hidden=True)
            .or_(page.get_by_role("button", name=name, exact=exact, include_hidden=True))
            .or_(page.get_by_role("menuitem", name=name, exact=exact, include_hidden=True)))


def _pick(candidates: Locator, within: str | None) -> tuple[int | None, bool, int]:
    """Index of the first in-scope candidate (visible ones first), its visibility, and count."""
    flags: list[list[bool]] = candidates.evaluate_all(_CANDIDATES_JS, within)
    in_scope = [index for index, (scoped, _) in enumerate(flags) if scoped]
    for index in in_scope:
        if flags[index][1]:
            return index, True, len(in_scope)
    return (in_scope[0], False, len(in_scope)) if in_scope else (None, False, 0)


def _section_exists(page: Page, within: str) -> bool:
    heading = page.get_by_role("heading", name=within, exact=True)
    region = page.get_by_role("region", name=within, exact=True)
    group = page.get_by_role("group", name=within, exact=True)
    return heading.or_(region).or_(group).count() > 0


def _try_once(page: Page, target: Target, loose_ok: bool) -> Found | None:
    hidden: Found | None = None
    passes = [True, False] if loose_ok and not target.label and not target.text else [True]
    for exact in passes:
        for name in target.names:
            candidates = _candidates(page, target, name, exact)
            index, visible, _ = _pick(candidates, target.within)
            if index is not None:
                found = Found(candidates.nth(index), visible, name, loosely=not exact)
                if visible:
                    return found
                hidden = hidden or found
    return hidden


def _try_unscoped(page: Page, target: Target) -> Found | None:
    """A named section the page does not have at all: the only match anywhere will do."""
    if not target.within or target.within in LANDMARKS or _section_exists(page, target.within):
        return None
    for name in target.names:
        candidates = _candidates(page, target, name, True)
        index, visible, count = _pick(candidates, None)
        if index is not None and count == 1:
            return Found(candidates.nth(index), visible, name, scope_missing=True)
    return None


def find(page: Page, target: Target, timeout_ms: int, accept_hidden: bool = False
         ) -> Found | None:
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
