"""tutorial.pdf: the tutorial page printed by Chromium, A4, a step never split across pages,
its words text (selectable and searchable), its images the ones the page shows a wide screen."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import BrowserContext

from tebiki.browser import said_as_environment

# Print only: no step is cut in two, and the page is white where the screen's is grey.
PRINT_CSS = """
@page { size: A4; margin: 14mm 12mm; }
body { background: #fff; }
li { break-inside: avoid; box-shadow: none; border: 1px solid #ddd; }
li h2 { break-after: avoid; }
"""


def print_pdf(html_page: Path, pdf: Path, context: BrowserContext) -> None:
    """Print ``html_page`` (one self-contained file) to ``pdf`` in a page of ``context``."""
    with said_as_environment("tutorial.pdf was not made"):
        page = context.new_page()
        try:
            # The page's own text: no address to reach, so a remote browser prints it too.
            page.set_content(html_page.read_text(encoding="utf-8"), wait_until="load")
            page.add_style_tag(content=f"@media print {{ {PRINT_CSS} }}")
            page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
        finally:
            page.close()
