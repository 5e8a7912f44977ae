"""The flow file's shape: a flow, what it is checked against (``check:``), the overlays of its
site, and the site file those overlays may come from.

A flow's steps are in steps.py, their targets in targets.py and where a flow may go in
addresses.py; this module names them all again, so ``from tebiki.flowfile.model import ...``
reaches every part of a flow file's shape from one place.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from tebiki.flowfile.addresses import (
    WEB_SCHEMES,
    Origin,
    SiteAddress,
    address_origin,
    check_origin,
    check_site_address,
    origin_of,
)
from tebiki.flowfile.steps import (
    ACTIONS,
    STEP_MODELS,
    Advice,
    CheckStep,
    ClickEffect,
    ClickStep,
    Effect,
    ExpectStep,
    FillStep,
    GotoStep,
    InputEffect,
    NavigateEffect,
    ObserveEffect,
    ReadStep,
    SelectStep,
    Step,
    StepBase,
    effects_of,
)
from tebiki.flowfile.targets import LANDMARK_ROLES, LANDMARKS, ROLE_KEYS, Target

__all__ = [
    "ACTIONS",
    "LANDMARKS",
    "LANDMARK_ROLES",
    "MAX_STEPS",
    "ROLE_KEYS",
    "STEP_MODELS",
    "WEB_SCHEMES",
    "Advice",
    "CheckCase",
    "CheckStep",
    "ClickEffect",
    "ClickStep",
    "Effect",
    "ExpectStep",
    "FillStep",
    "Flow",
    "GotoStep",
    "InputEffect",
    "Lang",
    "NavigateEffect",
    "ObserveEffect",
    "Origin",
    "Overlay",
    "ReadStep",
    "Refused",
    "SelectStep",
    "SiteAddress",
    "SiteFile",
    "Step",
    "StepBase",
    "Target",
    "address_origin",
    "check_origin",
    "check_site_address",
    "effects_of",
    "origin_of",
    "writing_lang",
]

MAX_STEPS = 1000
Lang = Literal["ja", "en"]


class Refused(BaseModel):
    """The site refuses the flow's submit or destructive step, saying this (part of its alert)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    refused: str = Field(min_length=1)


class CheckCase(BaseModel):
    """Which cells of `tebiki check` a flow applies to, and what each must do there. A cell is
    an account kind x a scenario x a label set of the bundled mock site; a later case that
    names the same cell wins, so a flow can say "refused everywhere, except in clean"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    accounts: list[Literal["email", "social"]] | None = Field(default=None, min_length=1)
    scenarios: list[str] | Literal["all"] = "all"
    labels: list[str] | Literal["all"] = "all"
    # ``completes`` (None) or ``{refused: 退会できません}``.
    expect: Refused | None = None

    @field_validator("expect", mode="before")
    @classmethod
    def _completes(cls, value: Any) -> Any:
        if value == "completes":
            return None
        if value is None or isinstance(value, str):
            raise ValueError("expect is completes, or {refused: what the site says}")
        return value

    @field_validator("scenarios", "labels")
    @classmethod
    def _not_empty(cls, value: list[str] | str) -> list[str] | str:
        if isinstance(value, list) and not value:
            raise ValueError("name at least one, or say all")
        return value


class Overlay(BaseModel):
    """Something a site puts over its pages that a person dismisses (a cookie-consent dialog,
    an app banner, a campaign modal), named as a person sees it: the dialog's (or banner's)
    name and the button that dismisses it. A run dismisses it whenever it appears; a dry run
    and tutorial shots hide it without any event reaching the page."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)  # the dialog's or region's accessible name, or its title
    dismiss: str = Field(min_length=1)  # the button a person presses to make it go away


class SiteFile(BaseModel):
    """What a site's pages carry, shared by every flow of that site (``--site FILE``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    overlays: list[Overlay] = Field(default_factory=list)
    # The language of what tebiki writes for this site's flows, when neither the flow nor
    # --lang says.
    lang: Lang | None = None


class Flow(BaseModel):
    """A recorded path through a site, in the words of the page."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1)
    title_en: str | None = None
    description: str = ""
    description_en: str | None = None
    source: str | None = None
    account: Literal["email", "social"] = "email"
    # The site the flow is for, when --base-url does not say (which wins over it).
    base_url: SiteAddress | None = None
    # The language of what tebiki writes for the flow: record's captions, a tutorial's alt
    # text, footer and page language; --lang wins over it.
    lang: Lang | None = None
    start: str = Field(default="/", min_length=1)
    # E-mail addresses a tutorial may show (a public contact address on the page); every
    # other address stays masked in the images.
    show_addresses: list[str] = Field(default_factory=list)
    # The origins besides the site's own (given by --base-url) that its start: and goto: steps
    # may open as full addresses: ``https://login.example.com``, normalised.
    origins: list[Origin] = Field(default_factory=list)
    variables: dict[str, str] = Field(default_factory=dict)
    secrets: dict[str, str] = Field(default_factory=dict)
    # Things to hide in every screenshot (personal data a tutorial must not show).
    mask: list[Target] = Field(default_factory=list)
    overlays: list[Overlay] = Field(default_factory=list)
    steps: list[Step] = Field(min_length=1, max_length=MAX_STEPS)
    # `tebiki check`: the flow's account, every scenario and label set, walking through.
    check: list[CheckCase] = Field(default_factory=lambda: [CheckCase()], min_length=1)

    @field_validator("start")
    @classmethod
    def _start_is_a_page_of_a_site(cls, value: str) -> str:
        address_origin(value)
        return value

    @field_validator("origins")
    @classmethod
    def _once_each(cls, origins: list[str]) -> list[str]:
        return list(dict.fromkeys(origins))

    def addresses(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """Where the flow goes, as written: its start and its goto steps, each with its field."""
        yield ("start",), self.start
        for index, step in enumerate(self.steps):
            if isinstance(step, GotoStep):
                yield ("steps", index, "goto"), step.goto

    @model_validator(mode="after")
    def _declared_origins(self) -> Flow:
        for loc, address in self.addresses():
            origin = address_origin(address)
            if origin is not None and origin not in self.origins:
                # The address is filled in last, so nothing in it is read as a placeholder;
                # the loader points at ``field``.
                raise PydanticCustomError(
                    "undeclared_origin",
                    "{address}: the flow does not declare this origin ({origin}); add it to "
                    "origins: if the flow really opens it",
                    {"field": loc, "origin": origin, "address": address},
                )
        return self

    def secret_names(self) -> list[str]:
        """The names of the secrets the flow types, each once, sorted."""
        return sorted({s.secret for s in self.steps if isinstance(s, FillStep) and s.secret})

    def allowed_origins(self, base_url: str) -> frozenset[str]:
        """The origins the flow may open: the site's (``base_url``'s) and the declared ones,
        each ``scheme://host[:port]`` with the default port dropped."""
        site = origin_of(base_url)
        return frozenset([*self.origins, *([site] if site else [])])


def writing_lang(given: Lang | None, flow: Flow, site: SiteFile | None = None) -> Lang:
    """The language tebiki writes a flow's words in: --lang, else the flow's lang:, else its
    site file's, else Japanese (the bundled flows' language)."""
    return given or flow.lang or (site.lang if site else None) or "ja"
