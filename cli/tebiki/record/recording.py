"""Recorded steps, and writing them as a flow file a person can read and edit.

Both ways of recording (clicking through a headed browser, importing what ``playwright codegen``
wrote) end here: a list of RecordedStep, written as YAML in the same short forms as the
hand-written flows, with comments where the writer should look (a destructive step, a target
found by CSS because nothing a person sees identifies it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

import yaml

from tebiki.flowfile.captions import made_caption
from tebiki.flowfile.model import ROLE_KEYS, Lang, address_origin

Action = Literal["click", "fill", "check", "select", "goto", "expect"]

# Words that say a step cannot be undone: such a click is marked destructive and flagged.
DESTRUCTIVE_WORDS = (
    "退会",
    "削除",
    "解約",
    "アカウントを閉じる",
    "消去",
    "取り消し",
    "delete",
    "remove account",
    "cancel account",
    "close account",
    "deactivate",
    "unsubscribe",
    "withdraw",
)
# Field labels that hold a secret: what is typed there is never written down.
SECRET_WORDS = ("パスワード", "password", "passcode", "暗証番号", "ワンタイム")
_SECRET_TOKENS = re.compile(r"\b(pin|otp)\b")


def looks_destructive(name: str | None) -> bool:
    lowered = (name or "").lower()
    return any(word in lowered for word in DESTRUCTIVE_WORDS)


def looks_secret(label: str | None, input_type: str | None = None) -> bool:
    lowered = (label or "").lower()
    return (
        input_type == "password"
        or any(word in lowered for word in SECRET_WORDS)
        or bool(_SECRET_TOKENS.search(lowered))
    )


@dataclass
class RecordedTarget:
    """What a person sees: a role and name, a label or a text; CSS only as a last resort."""

    role: str | None = None
    name: str | None = None
    label: str | None = None
    text: str | None = None
    within: str | None = None
    css: str | None = None

    def as_flow(self, action: Action) -> str | dict[str, str]:
        """The shortest form the flow file accepts for this target."""
        if self.css:
            return {"css": self.css}
        if self.label and not self.within and action in ("fill", "check", "select"):
            return self.label  # fill: パスワード is short for {label: パスワード}
        if self.text and not self.within and not self.role and action == "expect":
            return self.text  # expect: 退会が完了しました is short for {text: ...}
        data: dict[str, str] = {}
        if self.role in ROLE_KEYS and self.name:
            data[self.role] = self.name
        elif self.name:
            if self.role:
                data["role"] = self.role
            data["name"] = self.name
        elif self.label:
            data["label"] = self.label
        elif self.text:
            data["text"] = self.text
        if self.within:
            data["within"] = self.within
        return data

    @property
    def shown_name(self) -> str:
        return self.name or self.label or self.text or self.css or ""


@dataclass
class RecordedStep:
    action: Action
    target: RecordedTarget | None = None
    effect: str | None = None  # for clicks: navigate, reveal, submit or destructive
    value: str | None = None
    secret: str | None = None
    option: str | None = None
    goto: str | None = None
    # Empty: made from what the step targets when it is written, in the flow's language.
    caption: str = ""
    comments: list[str] = field(default_factory=list)
    optional: bool = False
    # For a click that sends a form for an Enter pressed in a field: that field's name.
    sends: str | None = None


def finish(
    steps: list[RecordedStep], variables: dict[str, str], lang: Lang = "ja"
) -> dict[str, str]:
    """What every recording needs before it is written: the person's own values (their display
    name) as variables, so the flow works for anyone; and the inputs on the screen of an
    irreversible step made optional, since only that step is certain on every site (what else
    such a screen holds differs from site to site).
    Returns the variables the steps use, each described for the writer."""
    used: dict[str, str] = {}
    for step in steps:
        target = step.target
        for key in ("name", "label", "text", "within"):
            value = getattr(target, key, None) if target else None
            for variable, shown in variables.items():
                if shown and value == shown:
                    setattr(target, key, "{" + variable + "}")
                    # The recorded value is the person's own: it is not written down.
                    used[variable] = (
                        f"set it with --var {variable}=… (the value recorded is not written down)"
                        if lang == "en"
                        else f"--var {variable}=… で指定(記録したときの値は書き出しません)"
                    )
        if target and any(
            getattr(target, key) and "{" in getattr(target, key)
            for key in ("name", "label", "text", "within")
        ):
            step.caption = ""  # made again from the placeholder, when written
    for index, step in enumerate(steps):
        if step.effect != "destructive":
            continue
        before = index - 1
        while (
            before >= 0
            and steps[before].action in ("fill", "check", "select")
            and not steps[before].secret
        ):
            if not steps[before].optional:
                steps[before].optional = True
                steps[before].comments.append(
                    "on the screen of the irreversible step: "
                    "optional, as other sites may not ask for it"
                )
            before -= 1
    return dict(sorted(used.items()))


def default_caption(step: RecordedStep, lang: Lang = "ja") -> str:
    """A caption from the accessible name, in the article's manner, for the writer to edit:
    「設定」をクリック in Japanese, Click 「Settings」 in English; made as a flow's missing
    captions are (flowfile.captions), but for a form sent by Enter, which has no name."""
    if step.sends is not None:
        return "Send the form" if lang == "en" else "フォームを送信する"
    target = step.target
    # The name as written, a CSS selector included: the writer edits it into words.
    seen = _Seen(target.shown_name, target.within) if target else None
    return made_caption(
        step.action, step.effect or "", seen, lang, goto=step.goto or "", option=step.option or ""
    )


@dataclass(frozen=True)
class _Seen:
    wanted: str
    within: str | None
    css: str | None = None


def _scalar(value: str) -> str:
    """One YAML scalar, quoted only where YAML needs it."""
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000)
    return dumped.removesuffix("\n...\n").removesuffix("\n").strip()


def _flow_mapping(data: dict[str, str]) -> str:
    """A target in flow style (``{link: 基本情報編集, within: 共通情報}``), quoted where YAML
    needs it (a ``?``, a colon, a brace, a leading ``*``), by the YAML library itself."""
    dumped = yaml.safe_dump(
        data, allow_unicode=True, default_flow_style=True, sort_keys=False, width=10_000
    )
    return dumped.strip()


def _flow_item(value: str) -> str:
    return _flow_mapping({"x": value})[len("{x: ") : -1]


def origins_of(steps: list[RecordedStep], start: str = "/") -> list[str]:
    """The origins a flow's full addresses open (its start and its gotos), in order, each
    once: the loader refuses an origin the flow does not declare in ``origins:``."""
    found: list[str] = []
    for address in [start, *(step.goto for step in steps if step.goto)]:
        try:
            origin = address_origin(address)
        except ValueError:
            continue  # an address the loader refuses for itself, saying why
        if origin is not None and origin not in found:
            found.append(origin)
    return found


def flow_yaml(
    steps: list[RecordedStep],
    *,
    title: str,
    start: str,
    account: str | None = "email",
    source: str | None = None,
    variables: dict[str, str] | None = None,
    header: list[str] | None = None,
    lang: Lang = "ja",
    base_url: str | None = None,
) -> str:
    """The flow file: the same layout as the hand-written flows, comments included. ``variables``
    are the person's own values to write as placeholders (see ``finish``). ``account`` is the
    bundled mock's account kind (None on another site, where it means nothing); ``base_url``
    the other site; ``lang`` the language of the captions (written as ``lang: en``)."""
    declared = finish(steps, variables or {}, lang)
    lines = [f"# {line}" for line in header or []]
    lines.append(f"title: {_scalar(title)}")
    if source:
        lines.append(f"source: {_scalar(source)}")
    if account is not None:
        lines.append(f"account: {account}")
    if base_url is not None:
        lines.append(f"base_url: {_scalar(base_url)}")
    if lang != "ja":
        lines.append(f"lang: {lang}")
    lines.append(f"start: {_scalar(start)}")
    origins = origins_of(steps, start)
    if origins:
        lines.append("origins:")
        lines += [f"  - {_scalar(origin)}" for origin in origins]
    if declared:
        lines.append("variables:")
        lines += [f"  {name}: {_scalar(text)}" for name, text in declared.items()]
    secrets = sorted({step.secret for step in steps if step.secret})
    if secrets:
        asked = (
            "TEBIKI_{}, or asked for when the flow runs"
            if lang == "en"
            else "TEBIKI_{}、または入力を求められます"
        )
        lines.append("secrets:")
        lines += [f"  {name}: {_scalar(asked.format(name.upper()))}" for name in secrets]
    lines.append("steps:")
    for step in steps:
        lines += [f"  # {comment}" for comment in step.comments]
        if step.action == "goto":
            lines.append(f"  - goto: {_scalar(step.goto or '/')}")
        else:
            assert step.target is not None
            shown = step.target.as_flow(step.action)
            target = _flow_item(shown) if isinstance(shown, str) else _flow_mapping(shown)
            lines.append(f"  - {step.action}: {target}")
        if step.action == "click":
            lines.append(f"    effect: {step.effect or 'navigate'}")
        if step.optional:
            lines.append("    optional: true")
        if step.secret:
            lines.append(f"    secret: {step.secret}")
        elif step.value is not None:
            lines.append(f"    value: {_scalar(step.value)}")
        if step.option is not None:
            lines.append(f"    option: {_scalar(step.option)}")
        lines.append(f"    caption: {_scalar(step.caption or default_caption(step, lang))}")
    return "\n".join(lines) + "\n"
