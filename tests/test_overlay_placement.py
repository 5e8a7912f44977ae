"""Where the badge and the callout go, measured in a real Chromium on a form laid out tight (a
select between two fields, a checkbox whose block label spans the form, a button with a link
beside it): neither covers the target, its label, or the controls and words around it, where
the page leaves room for that."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tebiki.drawing import highlight

FORM = """<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
body { font: 16px sans-serif; margin: 40px; } label { display: block; margin: 8px 0; }
form { max-width: 420px; }</style></head><body><h1>Settings</h1>
<form><label>Name <input id="name" value="Ann"></label>
<label>Plan <select id="plan"><option>medium</option><option>Basic</option></select></label>
<label><input type="checkbox" id="sub"> Subscribe</label>
<button id="save">Save</button> <a id="help" href="/help">Help</a></form>
<p><a id="other" href="/other">Other settings</a></p></body></html>"""

Box = tuple[float, float, float, float]


def _box(page: Page, selector: str) -> Box:
    found = page.locator(selector).bounding_box()
    assert found is not None
    return found["x"], found["y"], found["width"], found["height"]


def _words(page: Page, selector: str) -> Box:
    """The box of an element's own words (a block label's box spans the form)."""
    x, y, w, h = page.locator(selector).evaluate(
        "el => { const r = document.createRange(); r.selectNodeContents(el);"
        " const q = Array.from(r.getClientRects()).filter(q => q.width > 0 && q.height > 0);"
        " const left = Math.min(...q.map(q => q.left)), top = Math.min(...q.map(q => q.top));"
        " return [left, top, Math.max(...q.map(q => q.right)) - left,"
        " Math.max(...q.map(q => q.bottom)) - top]; }"
    )
    return x, y, w, h


def _overlap(a: Box, b: Box, slack: float = 1.5) -> bool:
    """Whether two boxes cover each other by more than ``slack`` pixels (a border's hair)."""
    return (
        a[0] + slack < b[0] + b[2]
        and b[0] + slack < a[0] + a[2]
        and a[1] + slack < b[1] + b[3]
        and b[1] + slack < a[1] + a[3]
    )


@pytest.mark.parametrize(
    ("target", "caption", "neighbours"),
    [
        ("#plan", "Choose the Basic plan", ["#name", "#sub", "#save"]),
        ("#sub", "Tick Subscribe", ["#plan", "#save", "#help"]),
        ("#save", "Save your settings", ["#help", "#sub", "#other"]),
    ],
)
def test_the_badge_and_callout_keep_off_the_target_and_its_neighbours(
    page: Page, target: str, caption: str, neighbours: list[str]
) -> None:
    page.set_viewport_size({"width": 1024, "height": 768})
    page.set_content(FORM)
    words = {
        "#plan": _words(page, "label:has(#plan)"),
        "#sub": _words(page, "label:has(#sub)"),
    }
    drawn = highlight.draw(page.locator(target), number=1, caption=caption, style="spotlight")
    around = [_box(page, selector) for selector in neighbours]
    if target in words:
        around.append(words[target])  # the target's own label
    for part in (drawn.badge, drawn.callout):
        assert not _overlap(part, _box(page, target)), (target, part)
        for box in around:
            assert not _overlap(part, box), (target, part, box)
