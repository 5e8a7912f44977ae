"""Links as a dry run sees them: which address it may open instead of clicking, and whether a
hidden link belongs to the menu a toggle opens."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import ElementHandle, Locator

# The link a target is or sits in, and what a click on it would do besides a GET.
_LINK_JS = """
el => {
  const a = el.closest('a[href]') || el.querySelector('a[href]');
  if (!a) return {};
  return {
    href: a.href,
    method: a.getAttribute('data-method') || a.getAttribute('data-turbo-method') || '',
    download: a.hasAttribute('download') ? a.getAttribute('download') : null,
  };
}
"""

# Whether a hidden link belongs to the menu a toggle opens: named by aria-controls or
# aria-owns, or close by in the toggle's own container.
_IN_MENU_JS = """
(link, toggle) => {
  const ids = ((toggle.getAttribute('aria-controls') || '') + ' '
    + (toggle.getAttribute('aria-owns') || '')).split(/\\s+/).filter(Boolean);
  if (ids.some(id => document.getElementById(id)?.contains(link))) return true;
  let box = toggle.parentElement;
  for (let depth = 0; depth < 3 && box && box !== document.body; depth++) {
    if (box.contains(link)) return true;
    box = box.parentElement;
  }
  return false;
}
"""


def in_menu_of(link: Locator, toggle: Locator) -> bool:
    handle = toggle.element_handle()
    try:
        return bool(link.evaluate(_IN_MENU_JS, handle))
    finally:
        handle.dispose()


@dataclass(frozen=True)
class LinkAddress:
    href: str
    refusal: str = ""  # why a dry run must not open it; "" when it may


def followable_address(link: Locator | ElementHandle, current_url: str) -> LinkAddress:
    """The link's address, and whether a dry run may open it: not where a click on it would
    do more than a GET of that address."""
    facts: dict[str, str] = link.evaluate(_LINK_JS)
    href = facts.get("href", "")
    if not href or href.startswith("javascript:"):
        return LinkAddress(href, "has no link address")
    method = facts.get("method") or "get"
    if method.lower() != "get":
        return LinkAddress(href, f"sends a {method.upper()} request when clicked")
    if facts.get("download") is not None:
        return LinkAddress(href, "downloads a file")
    if "#" in href and href.split("#")[0] == current_url.split("#")[0]:
        return LinkAddress(href, "only runs a script on this page (its address is #)")
    return LinkAddress(href)
