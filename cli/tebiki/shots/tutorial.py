"""The tutorial made from a flow's screenshots: tutorial.md to paste into a blog, tutorial.html
(one self-contained file, readable on a phone) and walkthrough.gif, all in the flow's words
and in one language: the steps' alt text, the page's lang, the footer (which --no-footer
leaves out) and the line a final expect step ends the tutorial with."""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path
from typing import Literal

from PIL import Image

from tebiki.drawing.capture import narrow_image
from tebiki.flowfile.model import Flow
from tebiki.playing.player import StepReport

Lang = Literal["ja", "en"]
GIF_WIDTH = 800  # blog width
GIF_FRAME_MS = 1800

WORDS = {
    "ja": {
        "alt": "手順{n}:{caption}(「{target}」を強調表示)",
        "source": "出典",
        "made": "この手順の画像は tebiki で作成しました。",
        "shown": "✓ 「{target}」が表示されます",
        "whole": "画面全体を見る",
        "closer": "この手順を拡大して見る",
    },
    "en": {
        "alt": "Step {n}: {caption} (「{target}」 highlighted)",
        "source": "Source",
        "made": "The images of these steps were made with tebiki.",
        "shown": "✓ 「{target}」 is shown",
        "whole": "Show the whole screen",
        "closer": "A closer view of this step",
    },
}


def _title(flow: Flow, lang: Lang) -> str:
    return flow.title_en if lang == "en" and flow.title_en else flow.title


def _intro(flow: Flow, lang: Lang) -> str:
    return flow.description_en if lang == "en" and flow.description_en else flow.description


def shown_line(target: str, lang: Lang) -> str:
    """What an expect step without a caption of its own says (the last one ends the
    tutorial): what the reader sees there."""
    return WORDS[lang]["shown"].format(target=target)


def _alt(report: StepReport, lang: Lang) -> str:
    return WORDS[lang]["alt"].format(
        n=report.number, caption=report.caption, target=report.label or report.caption
    )


# Markdown's markup characters (and HTML's): a caption, a title or a page's label is written as
# text, never as a link, an image, an emphasis or raw HTML.
_MARKUP = re.compile(r"([\\`*_\[\]<>~&])")


def markdown_text(text: str) -> str:
    """A flow's or a page's words as Markdown that renders exactly them: on one line (a newline
    could start a heading or a list), every markup character escaped with a backslash."""
    text = _MARKUP.sub(r"\\\1", " ".join(text.split()))
    return "\\" + text if text[:1] in ("-", "+", "=", "#") else text


def write_markdown(
    path: Path, flow: Flow, reports: list[StepReport], lang: Lang, footer: bool = True
) -> None:
    words = WORDS[lang]
    lines = [f"# {markdown_text(_title(flow, lang))}", ""]
    if _intro(flow, lang):
        lines += [markdown_text(_intro(flow, lang)), ""]
    for report in reports:
        item = f"{report.number}. "
        lines.append(f"{item}{markdown_text(report.caption)}")
        if report.screenshot is not None:
            # Indented to the item's text, so the image stays inside the numbered item.
            indent = " " * len(item)
            alt = markdown_text(_alt(report, lang))
            lines += ["", f"{indent}![{alt}]({report.screenshot.name})"]
            narrow = narrow_image(report.screenshot)
            if narrow.is_file():
                # Markdown has no media queries: the crop a phone reads is a link away.
                lines += ["", f"{indent}[{words['closer']}]({narrow.name})"]
            lines.append("")
    if flow.source:
        lines += ["", f"{words['source']}: {markdown_text(flow.source)}"]
    if footer:
        lines += ["", f"*{words['made']}*"]
    while lines[-1] == "":
        lines.pop()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


_CSS = """
body { margin: 0; background: #f4f5f7; color: #1d1d1f; line-height: 1.7;
  font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", sans-serif; }
main { max-width: 820px; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.5rem; line-height: 1.4; }
ol { padding: 0; list-style: none; counter-reset: step; }
li { background: #fff; border-radius: 10px; padding: 14px 16px; margin: 0 0 18px;
  box-shadow: 0 1px 3px rgba(0,0,0,.12); }
li h2 { font-size: 1.05rem; margin: 0 0 10px; line-break: strict; word-break: auto-phrase; }
li h2 span { display: inline-block; min-width: 2em; padding: 0 .5em; margin-right: .5em;
  border-radius: 1em; background: #e4007f; color: #fff; text-align: center; }
img { display: block; width: 100%; height: auto; border-radius: 6px; border: 1px solid #ddd; }
/* A phone shows the crop around the target, readable at its width, and the whole screen on
   a tap; a wider screen the whole screen. */
.whole-toggle, .narrow, li label { display: none; }
li label { margin: 8px 0; color: #0b57d0; text-decoration: underline; cursor: pointer; }
@media (max-width: 600px) {
  main { padding: 8px; }
  li { padding: 10px 8px; }
  .narrow, li label { display: block; }
  .narrow ~ .whole { display: none; }
  .whole-toggle:checked ~ .whole { display: block; }
  .whole-toggle:checked ~ .narrow { display: none; }
}
footer { color: #666; font-size: .85rem; }
"""


def _inline(image: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(image.read_bytes()).decode("ascii")


def write_html(
    path: Path, flow: Flow, reports: list[StepReport], lang: Lang, footer: bool = True
) -> None:
    """One file, images inlined, so it can be mailed or opened on a phone as it is."""
    words = WORDS[lang]
    items = []
    for report in reports:
        image = ""
        if report.screenshot is not None:
            alt = html.escape(_alt(report, lang))
            image = f'<img class="whole" src="{_inline(report.screenshot)}" alt="{alt}">'
            narrow = narrow_image(report.screenshot)
            if narrow.is_file():
                toggle = f"whole-{report.number}"
                image = (
                    f'<input type="checkbox" class="whole-toggle" id="{toggle}">'
                    f'<img class="narrow" src="{_inline(narrow)}" alt="{alt}">'
                    f'<label for="{toggle}">{words["whole"]}</label>{image}'
                )
        items.append(
            f"<li><h2><span>{report.number}</span>{html.escape(report.caption)}</h2>{image}</li>"
        )
    source = f"<p>{words['source']}: {html.escape(flow.source)}</p>" if flow.source else ""
    made = f"<p>{words['made']}</p>" if footer else ""
    # The source is the flow author's credit, kept without the footer: only tebiki's goes.
    ending = f"<footer>{source}{made}</footer>" if source or made else ""
    intro = f"<p>{html.escape(_intro(flow, lang))}</p>" if _intro(flow, lang) else ""
    page = (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(_title(flow, lang))}</title><style>{_CSS}</style></head>"
        f"<body><main><h1>{html.escape(_title(flow, lang))}</h1>{intro}"
        f"<ol>{''.join(items)}</ol>{ending}"
        "</main></body></html>\n"
    )
    path.write_text(page, encoding="utf-8")


def _palette(frame: Image.Image) -> Image.Image:
    # Fast octree: a tenth of median cut's time, and screenshots of flat UI lose nothing by it.
    return frame.quantize(colors=255, method=Image.Quantize.FASTOCTREE)


def gif_frame(screenshot: Path) -> Image.Image:
    """One step's frame at blog width; made while the browser goes on to the next step."""
    with Image.open(screenshot) as image:
        rgb = image.convert("RGB")
    height = round(rgb.height * GIF_WIDTH / rgb.width)
    return _palette(rgb.resize((GIF_WIDTH, height), Image.Resampling.BILINEAR, reducing_gap=2.0))


def write_gif(path: Path, frames: list[Image.Image]) -> int:
    """The steps as an animation; returns the number of frames."""
    if not frames:
        return 0
    # Frames of different heights (cropped shots) share the tallest canvas.
    tallest = max(frame.height for frame in frames)
    canvases = []
    for frame in frames:
        if frame.height != tallest:
            canvas = Image.new("RGB", (GIF_WIDTH, tallest), "white")
            canvas.paste(frame.convert("RGB"), (0, 0))
            frame = _palette(canvas)
        canvases.append(frame)
    canvases[0].save(
        path, save_all=True, append_images=canvases[1:], duration=GIF_FRAME_MS, loop=0, disposal=1
    )
    return len(canvases)


def write_tutorial(
    folder: Path,
    flow: Flow,
    reports: list[StepReport],
    lang: Lang,
    frames: list[Image.Image],
    footer: bool = True,
) -> list[Path]:
    paths = [folder / "tutorial.md", folder / "tutorial.html", folder / "walkthrough.gif"]
    write_markdown(paths[0], flow, reports, lang, footer)
    write_html(paths[1], flow, reports, lang, footer)
    write_gif(paths[2], frames)
    return paths
