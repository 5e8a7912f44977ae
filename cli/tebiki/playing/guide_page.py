"""What the guide puts in the page: a listener that reports what the person does, a mark on
the current target, and a look at the page's state, each a single round trip.

The listener sits on window in the capture phase and is put in by an init script, so every page
load has it before the site's own scripts run. It reports the person's trusted clicks (and, on
a marked field, typing, changes and leaving the field) with the step number marked on what they
landed on, through an exposed binding. It never reports a field's value, only whether there is
one: a field may hold a password.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from playwright.sync_api import ElementHandle, Locator, Page
from playwright.sync_api import Error as PlaywrightError

from tebiki.drawing import highlight

Event = dict[str, Any]

# What the person reads on the page, in the caption's language.
WORDS: dict[str, dict[str, str]] = yaml.safe_load(
    (Path(__file__).resolve().parent / "data" / "guide_words.yaml").read_text(encoding="utf-8")
)

_BINDING = "__tebikiGuideReport"
_MARK = "data-tebiki-step"

# Whether a field holds a value (never the value: it may be a password), is ticked, and the
# option chosen.
_FIELD_JS = """el => ({ filled: typeof el.value === 'string' && el.value.trim() !== '',
  checked: !!el.checked, option: el.tagName === 'SELECT' && el.selectedOptions[0]
    ? el.selectedOptions[0].text.trim() : '' })"""

# A label stands for its field; a click on the blank page is no choice.
_LISTENER_JS = (
    """
(() => {
  if (window.top !== window || window.__tebikiDoc) return;
  window.__tebikiDoc = Math.random().toString(36).slice(2);
  const field = __FIELD__;
  const markedOf = node => {
    const el = node && node.nodeType === 1 ? node : node && node.parentElement;
    const label = el && el.closest('label');
    const own = el && el.closest('[__MARK__]');
    return own || (label && label.control && label.control.closest('[__MARK__]')) || null;
  };
  let down = null;
  const typed = new Set();
  const report = event => {
    const type = event.type;
    let el = markedOf(event.target);
    if (type === 'pointerdown') { down = { el, at: Date.now() }; return; }
    // A page may swap the element under the pointer between the press and the click.
    if (type === 'click' && !el && down && down.el && !down.el.isConnected
        && Date.now() - down.at < 1000) el = down.el;
    if (!el && (type !== 'click'
        || [document.body, document.documentElement].includes(event.target))) return;
    const step = el ? Number(el.getAttribute('__MARK__')) : 0;
    if (type === 'input') { if (typed.has(step)) return; typed.add(step); }
    const payload = Object.assign({ type, step, doc: window.__tebikiDoc }, el ? field(el) : {});
    try { window.__BINDING__(payload).catch(() => {}); } catch (error) { /* page closing */ }
  };
  for (const type of ['pointerdown', 'click', 'input', 'change', 'focusout'])
    window.addEventListener(type, event => { if (event.isTrusted) report(event); }, true);
})();
""".replace("__FIELD__", _FIELD_JS)
    .replace("__MARK__", _MARK)
    .replace("__BINDING__", _BINDING)
)

_MARK_JS = """([els, numbers]) => {
  for (const el of document.querySelectorAll('[__MARK__]')) el.removeAttribute('__MARK__');
  els.forEach((el, i) => el.setAttribute('__MARK__', String(numbers[i])));
}""".replace("__MARK__", _MARK)

_STATE_JS = """([n, banner]) => {
  const el = document.querySelector('[__MARK__="' + n + '"]'), r = el && el.getBoundingClientRect();
  return { doc: window.__tebikiDoc || '', banner: !!document.getElementById(banner), marked: !!el,
    visible: !!r && r.width > 0 && r.height > 0 && getComputedStyle(el).visibility === 'visible' };
}""".replace("__MARK__", _MARK)

_OURS_JS = f"""el => ['{highlight.HOST_ID}', '{highlight.BANNER_ID}'].some(id => {{
  const host = document.getElementById(id);
  return !!host && (host.contains(el) || el.getRootNode().host === host); }})"""


def install(page: Page, on_report: Callable[[Any, Event], None]) -> None:
    """Report the person's doings to ``on_report`` from every page the tab loads from now on."""
    page.expose_binding(_BINDING, on_report)
    page.add_init_script(_LISTENER_JS)


def mark(page: Page, marks: list[tuple[ElementHandle, int]]) -> None:
    """Mark these elements with their step numbers (and nothing else)."""
    page.evaluate(_MARK_JS, [[handle for handle, _ in marks], [n for _, n in marks]])


def state(page: Page, number: int) -> Event | None:
    """The document's id, whether the banner is shown, and whether step ``number``'s target is
    marked and visible; None while the tab is between two documents."""
    try:
        found: Event = page.evaluate(_STATE_JS, [number, highlight.BANNER_ID])
    except PlaywrightError:
        if page.is_closed():
            raise
        return None
    return found


def field(locator: Locator) -> Event:
    """Whether a field holds something, is ticked, and the option chosen."""
    found: Event = locator.evaluate(_FIELD_JS)
    return found


def is_ours(locator: Locator) -> bool:
    """Whether this is part of the guide's own overlay or banner (Playwright finds text inside
    open shadow roots too)."""
    try:
        return bool(locator.evaluate(_OURS_JS))
    except PlaywrightError:
        return False


def clear(page: Page) -> None:
    highlight.clear(page)
    highlight.clear_banner(page)
