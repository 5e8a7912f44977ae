"""Captions in Japanese typesetting (禁則処理), measured in a real Chromium: where a caption
wraps in the callout tebiki draws, no line starts with a small kana, a long-vowel mark or
closing punctuation (「…クリ」「ック」 is what a plain box does with the same words)."""

from __future__ import annotations

from playwright.sync_api import Page

from tebiki.drawing import highlight

# Characters a Japanese line never starts with.
NEVER_FIRST = set(
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿー、。，．」』）】〕〉》’”!?！？・…‥"
)

# Where a line starts, as the browser laid the text out: each character's first box.
LINE_STARTS_JS = """
el => {
  const text = el.firstChild;
  const starts = [];
  let top = null;
  for (let i = 0; i < text.length; i++) {
    const range = document.createRange();
    range.setStart(text, i);
    range.setEnd(text, i + 1);
    const box = range.getClientRects()[0];
    if (!box) continue;
    if (top === null || box.top > top + 4) { starts.push(text.data[i]); top = box.top; }
  }
  return starts.slice(1);  // the first line's start is no break
}
"""

# A page in English: the callout's Japanese is set as Japanese by its own language.
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
body { margin: 40px; font: 16px sans-serif; }</style></head><body>
<button id="go">退会する</button><p id="plain"></p></body></html>"""


def _captions() -> list[str]:
    """The same words shifted along the line, so that some width falls on each place."""
    words = (
        "「退会する」をクリックしてください。ショッピングやチェック、ジョブのキャンセルもできます"
    )
    return ["あ" * count + words for count in range(24)]


def test_a_wrapped_caption_starts_no_line_with_a_small_kana_or_closing_mark(
    page: Page,
) -> None:
    page.set_viewport_size({"width": 1024, "height": 768})
    page.set_content(PAGE)
    plain_bad: list[str] = []
    tebiki_bad: list[str] = []
    for caption in _captions():
        highlight.draw(page.locator("#go"), number=7, caption=caption, style="spotlight")
        callout = page.locator(f"#{highlight.HOST_ID}").evaluate_handle(
            "host => host.shadowRoot.querySelector('.callout')"
        )
        starts = callout.evaluate(LINE_STARTS_JS)
        assert len(starts) >= 1, caption  # it does wrap
        tebiki_bad += [f"{caption}: line starts with {c}" for c in starts if c in NEVER_FIRST]
        # The same words in a plain Japanese box of the callout's text width and font: what a
        # browser does with no typesetting asked for. The test is worth something only if
        # that box breaks badly somewhere.
        page.locator("#plain").evaluate(
            "(el, [text, callout]) => { const s = getComputedStyle(callout);"
            " el.lang = 'ja'; el.textContent = text; el.style.font = s.font;"
            " el.style.width = (callout.clientWidth - parseFloat(s.paddingLeft)"
            " - parseFloat(s.paddingRight)) + 'px'; }",
            [caption, callout],
        )
        plain_bad += [
            c for c in page.locator("#plain").evaluate(LINE_STARTS_JS) if c in NEVER_FIRST
        ]
        highlight.clear(page)
    assert plain_bad, "the plain box never broke badly: the words prove nothing"
    assert tebiki_bad == []
