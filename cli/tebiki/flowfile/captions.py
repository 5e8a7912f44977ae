"""The caption of a step whose flow gives none, made from what a person sees, in the manner of
the bundled flows (「Edit」をクリック) or in English (Click 「Edit」).

A tutorial shows every step's caption; without one it used to show the target as tebiki finds
it (``link 「Edit」 under Newsletter``), which is tebiki's words, not a reader's.
"""

from __future__ import annotations

from typing import Protocol


class Seen(Protocol):
    """What a caption needs of a target: a Target's fields, without importing it (the step
    models import this module)."""

    @property
    def wanted(self) -> str: ...

    @property
    def within(self) -> str | None: ...

    @property
    def css(self) -> str | None: ...


# Landmarks are left out of a made caption, as the recorder leaves them out of the captions it
# writes: a reader finds the header without being told; a section heading is worth saying.
_LANDMARKS = ("header", "footer", "main", "nav")

_JA = {
    "goto": "{goto} を開く",
    "reveal": "{where}{name}を開く",
    "click": "{where}{name}をクリック",
    "fill": "{where}{name}を入力",
    "check": "{where}{name}にチェックを入れる",
    "select": "{where}{name}で「{option}」を選ぶ",
    "expect": "{where}{name}と表示される",
    "read": "{where}{name}を読み取る",
}
_EN = {
    "goto": "Open {goto}",
    "reveal": "Open {name}{where}",
    "click": "Click {name}{where}",
    "fill": "Fill in {name}{where}",
    "check": "Tick {name}{where}",
    "select": "Choose 「{option}」 in {name}{where}",
    "expect": "{name} is shown{where}",
    "read": "Read {name}{where}",
}


def made_caption(
    action: str,
    effect: str,
    target: Seen | None,
    lang: str,
    *,
    goto: str = "",
    option: str = "",
) -> str:
    """A step's caption from its action and what its target shows, in ``lang`` (ja or en)."""
    english = lang == "en"
    forms = _EN if english else _JA
    form = forms["reveal"] if action == "click" and effect == "reveal" else forms[action]
    name = where = ""
    if target is not None:
        if target.css and target.wanted == target.css:
            # A CSS selector is not what a person sees: the highlight shows them the place.
            name = "the highlighted element" if english else "強調表示された箇所"
        else:
            name = f"「{target.wanted}」"
        section = target.within if target.within not in _LANDMARKS else None
        if section:
            where = f" under {section}" if english else f"{section}の"
    return form.format(goto=goto, name=name, where=where, option=option)
