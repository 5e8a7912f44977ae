"""A flow's steps, one model per action (click, fill, check, select, expect, goto, read), and
the effect each step may say it has.

Short YAML forms (``click: 退会する``, ``fill: パスワード``) are rewritten by before-validators
so the models stay strict (``extra="forbid"``) while the files stay short.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from tebiki.flowfile.addresses import address_origin
from tebiki.flowfile.captions import made_caption
from tebiki.flowfile.targets import Target
from tebiki.flowfile.variables import PLACEHOLDER

Effect = Literal["navigate", "reveal", "input", "submit", "destructive", "observe"]
ClickEffect = Literal["navigate", "reveal", "submit", "destructive"]
# Every other action has one effect, implied: a step may still say it (``effect: input`` on a
# fill, as the README's table lists it), and saying another is an error, not a silent change.
InputEffect = Literal["input"]
ObserveEffect = Literal["observe"]
NavigateEffect = Literal["navigate"]


class StepBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    caption: str | None = None
    caption_en: str | None = None
    optional: bool = False
    note: str | None = None
    # A native dialog (alert, confirm, prompt) the site shows at this step, and what a person
    # does with it. Without it, a dialog fails the step with its words; only a destructive
    # step's confirm is accepted, and only in a confirmed run.
    dialog: Literal["accept", "dismiss"] | None = None

    def written_caption(self, lang: str) -> str | None:
        """The caption the flow gives for ``lang``: the English one when asked and given, else
        the Japanese; None when the flow gives none."""
        caption = self.caption_en if lang == "en" else None
        return caption or self.caption

    def caption_in(self, lang: str) -> str:
        """The caption (variables not yet filled in): as written, else made from what a person
        sees (「Edit」をクリック, Click 「Edit」), in ``lang``."""
        written = self.written_caption(lang)
        if written is not None:
            return written
        return made_caption(
            self.action,
            self.effect,
            self.target,
            lang,
            goto=getattr(self, "goto", ""),
            option=getattr(self, "option", ""),
        )

    @property
    def action(self) -> str:
        raise NotImplementedError

    @property
    def effect(self) -> Effect:
        raise NotImplementedError

    @property
    def target(self) -> Target | None:
        return None


def _short_target(data: Any, action: str, key: str) -> Any:
    """``click: 退会する`` becomes ``click: {name: 退会する}`` (``label`` for form fields)."""
    if isinstance(data, dict) and isinstance(data.get(action), str):
        data = dict(data)
        data[action] = {key: data[action]}
    return data


class ClickStep(StepBase):
    click: Target
    effect_: ClickEffect = Field(alias="effect")

    @model_validator(mode="before")
    @classmethod
    def _short(cls, data: Any) -> Any:
        return _short_target(data, "click", "name")

    @property
    def action(self) -> str:
        return "click"

    @property
    def effect(self) -> Effect:
        return self.effect_

    @property
    def target(self) -> Target:
        return self.click


class FillStep(StepBase):
    fill: Target
    value: str | None = None
    secret: str | None = None
    effect_: InputEffect = Field(default="input", alias="effect")

    @model_validator(mode="before")
    @classmethod
    def _short(cls, data: Any) -> Any:
        return _short_target(data, "fill", "label")

    @model_validator(mode="after")
    def _value_or_secret(self) -> FillStep:
        if (self.value is None) == (self.secret is None):
            raise ValueError("a fill step needs exactly one of value or secret")
        return self

    @property
    def action(self) -> str:
        return "fill"

    @property
    def effect(self) -> Effect:
        return self.effect_

    @property
    def target(self) -> Target:
        return self.fill


class CheckStep(StepBase):
    """Tick a checkbox (an input: dry runs never tick it)."""

    check: Target
    effect_: InputEffect = Field(default="input", alias="effect")

    @model_validator(mode="before")
    @classmethod
    def _short(cls, data: Any) -> Any:
        return _short_target(data, "check", "label")

    @property
    def action(self) -> str:
        return "check"

    @property
    def effect(self) -> Effect:
        return self.effect_

    @property
    def target(self) -> Target:
        return self.check


class SelectStep(StepBase):
    select: Target
    option: str = Field(min_length=1)
    effect_: InputEffect = Field(default="input", alias="effect")

    @model_validator(mode="before")
    @classmethod
    def _short(cls, data: Any) -> Any:
        return _short_target(data, "select", "label")

    @property
    def action(self) -> str:
        return "select"

    @property
    def effect(self) -> Effect:
        return self.effect_

    @property
    def target(self) -> Target:
        return self.select


class ExpectStep(StepBase):
    """The page must show this (a text, heading, message); reading never clicks."""

    expect: Target
    effect_: ObserveEffect = Field(default="observe", alias="effect")

    @model_validator(mode="before")
    @classmethod
    def _short(cls, data: Any) -> Any:
        return _short_target(data, "expect", "text")

    @property
    def action(self) -> str:
        return "expect"

    @property
    def effect(self) -> Effect:
        return self.effect_

    @property
    def target(self) -> Target:
        return self.expect


class GotoStep(StepBase):
    """Open a path of the site (relative to --base-url) or a full URL."""

    goto: str = Field(min_length=1)
    effect_: NavigateEffect = Field(default="navigate", alias="effect")

    @field_validator("goto")
    @classmethod
    def _a_page_of_a_site(cls, value: str) -> str:
        address_origin(value)
        return value

    @property
    def action(self) -> str:
        return "goto"

    @property
    def effect(self) -> Effect:
        return self.effect_


class Advice(BaseModel):
    """A remark on what a read step found, for each row (or the value) it fits: ``when`` a
    field shows one of the values, ``unless`` it shows one of them, or a number ``below``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    when: dict[str, list[str]] = Field(default_factory=dict)
    unless: dict[str, list[str]] = Field(default_factory=dict)
    below: dict[str, float] = Field(default_factory=dict)
    say: str = Field(min_length=1)
    say_en: str | None = None

    @model_validator(mode="after")
    def _has_a_condition(self) -> Advice:
        if not (self.when or self.unless or self.below):
            raise ValueError("advice needs a condition: when, unless or below")
        return self

    @property
    def fields(self) -> set[str]:
        named = set(self.when) | set(self.unless) | set(self.below)
        for text in (self.say, self.say_en or ""):
            named |= set(PLACEHOLDER.findall(text))
        return named

    def text_in(self, lang: str) -> str:
        return (self.say_en if lang == "en" else None) or self.say


class ReadStep(StepBase):
    """Read what the page shows (a table's rows, a labelled value, a text) into a named value.
    Reading never clicks; dry runs read too."""

    read: Target
    into: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    # Column headers as the page shows them, and the names the rows get for them.
    columns: dict[str, str] = Field(default_factory=dict)
    advice: list[Advice] = Field(default_factory=list)
    effect_: ObserveEffect = Field(default="observe", alias="effect")

    @model_validator(mode="before")
    @classmethod
    def _short(cls, data: Any) -> Any:
        return _short_target(data, "read", "label")

    @model_validator(mode="after")
    def _fields_known(self) -> ReadStep:
        if self.columns and self.read.role != "table":
            raise ValueError("columns go with a table: read: {table: 名前}")
        known = set(self.columns.values()) if self.read.role == "table" else {"value"}
        for item in self.advice:
            unknown = sorted(item.fields - known)
            if unknown:
                raise ValueError(
                    f"advice names {unknown[0]!r}, which is not read here "
                    f"(known: {', '.join(sorted(known))})"
                )
        return self

    @property
    def action(self) -> str:
        return "read"

    @property
    def effect(self) -> Effect:
        return self.effect_

    @property
    def target(self) -> Target:
        return self.read


ACTIONS = ("click", "fill", "check", "select", "expect", "goto", "read")
STEP_MODELS: dict[str, type[StepBase]] = {
    "click": ClickStep,
    "fill": FillStep,
    "check": CheckStep,
    "select": SelectStep,
    "expect": ExpectStep,
    "goto": GotoStep,
    "read": ReadStep,
}


def effects_of(action: str) -> tuple[str, ...]:
    """The effects a step of ``action`` may say (the README's table lists every one)."""
    return tuple(get_args(STEP_MODELS[action].model_fields["effect_"].annotation))


def _action_of(data: Any) -> str | None:
    if isinstance(data, dict):
        present = [key for key in ACTIONS if key in data]
        return present[0] if len(present) == 1 else None
    if isinstance(data, StepBase):
        return data.action
    return None


Step = Annotated[
    Annotated[ClickStep, Tag("click")]
    | Annotated[FillStep, Tag("fill")]
    | Annotated[CheckStep, Tag("check")]
    | Annotated[SelectStep, Tag("select")]
    | Annotated[ExpectStep, Tag("expect")]
    | Annotated[GotoStep, Tag("goto")]
    | Annotated[ReadStep, Tag("read")],
    Discriminator(
        _action_of,
        custom_error_type="unknown_action",
        custom_error_message="a step needs exactly one action: " + ", ".join(ACTIONS),
    ),
]
