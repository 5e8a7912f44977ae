"""The flow file's shape: a flow, its steps (one model per action) and their targets.

A target is what a person sees: a role and accessible name, a form label or a visible text,
optionally scoped to a landmark (the header) or a named section (共通情報). Short YAML forms
(``click: {link: マイページ}``, ``fill: パスワード``) are rewritten by before-validators so the
models stay strict (``extra="forbid"``) while the files stay short.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal, get_args
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from tebiki.flowfile.captions import made_caption

_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

Effect = Literal["navigate", "reveal", "input", "submit", "destructive", "observe"]
ClickEffect = Literal["navigate", "reveal", "submit", "destructive"]
# Every other action has one effect, implied: a step may still say it (``effect: input`` on a
# fill, as the README's table lists it), and saying another is an error, not a silent change.
InputEffect = Literal["input"]
ObserveEffect = Literal["observe"]
NavigateEffect = Literal["navigate"]

# Roles that may stand as a key in the short form ``{link: 名前}``.
ROLE_KEYS = (
    "link",
    "button",
    "menuitem",
    "tab",
    "checkbox",
    "radio",
    "textbox",
    "combobox",
    "heading",
    "option",
    "table",
)
LANDMARKS = ("header", "footer", "main", "nav")
# Each landmark's ARIA role, as Playwright's get_by_role and codegen name it.
LANDMARK_ROLES = {"header": "banner", "footer": "contentinfo", "main": "main", "nav": "navigation"}

# Where a flow may go. ``start:`` and ``goto:`` are paths of the site (``/x``, ``x``) or full
# http(s) addresses of an origin the flow declares in ``origins:``; nothing else a browser
# opens (a file of this computer, a script, the browser's own pages) is a page of a site.
WEB_SCHEMES = {"http": 80, "https": 443}
MAX_STEPS = 1000
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_HOST = re.compile(r"^(?:[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?|\[[0-9a-f:.]+\])$")
_WHY_NOT = {
    "file": "it would open a file of this computer",
    "data": "it would open a page written in the address itself",
    "javascript": "it would run a script",
    "vbscript": "it would run a script",
    "blob": "it would open data that another page made",
    "filesystem": "it would open data that another page stored",
    "view-source": "it would open the browser's view of a page's source",
    "about": "it would open a page of the browser itself",
    "chrome": "it would open a page of the browser itself",
    "chrome-extension": "it would open a page of a browser extension",
    "edge": "it would open a page of the browser itself",
    "devtools": "it would open the browser's developer tools",
    "ws": "it is not a page (a WebSocket)",
    "wss": "it is not a page (a WebSocket)",
}
_ONLY_WEB = (
    "a flow opens only http:// and https:// pages, of its site and of the origins it "
    "declares in origins:"
)


def _origin_from(scheme: str, after_slashes: str, value: str, strict: bool) -> tuple[str, str]:
    """The normalised origin (``scheme://host[:port]``, default port dropped) of an address
    whose ``scheme://`` is already read, and what follows its host. ``strict`` refuses
    credentials (a flow's own addresses); a base URL given on the command line may carry them."""
    # A browser ends the host at a backslash too (``https://evil.test\@good.test``).
    authority = re.split(r"[/\\?#]", after_slashes, maxsplit=1)[0]
    rest = after_slashes[len(authority) :]
    if "{" in authority or "}" in authority:
        raise ValueError(
            f"{value}: a variable may fill in the path, not the host: write the host as it "
            "is (https://host/{variable})"
        )
    if "@" in authority:
        if strict:
            raise ValueError(
                f"{value}: an address with a user name or password (user@host) is refused: "
                "it hides which site it opens"
            )
        authority = authority.rpartition("@")[2]
    if not authority:
        raise ValueError(f"{value}: the address has no host ({scheme}://host/path)")
    try:
        parts = urlsplit(f"{scheme}://{authority}")
        host, port = parts.hostname or "", parts.port
    except ValueError as error:
        raise ValueError(f"{value}: not a valid address ({error})") from None
    if "%" in host:
        raise ValueError(f"{value}: write the host as it is, without %-escapes")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise ValueError(f"{value}: {host!r} is not a host name") from None
    host = host.lower()
    if ":" in host:
        host = f"[{host}]"
    if not _HOST.match(host):
        raise ValueError(f"{value}: {host!r} is not a host name")
    shown_port = f":{port}" if port is not None and port != WEB_SCHEMES[scheme] else ""
    return f"{scheme}://{host}{shown_port}", rest


def _web_address(value: str, what: str) -> tuple[str, str]:
    """``scheme`` and what follows ``scheme://`` of an absolute http(s) address, or why not."""
    match = _SCHEME.match(value)
    if match is None:
        raise ValueError(f"{value}: {what} is an http:// or https:// address (https://host)")
    scheme = match.group(1).lower()
    if scheme not in WEB_SCHEMES:
        why = _WHY_NOT.get(scheme, "it is not a web page")
        raise ValueError(f"{value}: {_ONLY_WEB}, not {scheme}: ones ({why})")
    rest = value[match.end() :]
    if not rest.startswith("//") or rest[2:3] in ("/", "\\"):
        raise ValueError(f"{value}: write a full address as {scheme}://host/path")
    return scheme, rest[2:]


def address_origin(value: str) -> str | None:
    """Check a ``start:`` or ``goto:`` address as a browser would read it: a path of the site
    gives None, a full http(s) address its origin; anything else is a ValueError saying why.
    A ``{variable}`` (filled in when the flow runs) may stand in the path only."""
    if _CONTROL.search(value):
        raise ValueError(f"{value!r}: an address has no control characters (tabs, newlines)")
    # A browser drops the spaces around an address before it reads it.
    text = value.strip(" ")
    if len(text) >= 2 and text[0] in "/\\" and text[1] in "/\\":
        raise ValueError(
            f"{value}: a scheme-relative address (//host/path) opens another site; write a "
            "path of the site (/path), or a full https:// address of an origin declared in "
            "origins:"
        )
    head = re.split(r"[/\\?#]", text, maxsplit=1)[0]
    if text.startswith("{") or _FIELD.search(head):
        raise ValueError(
            f"{value}: a variable may fill in the path, not where the page is (its scheme "
            "and host): write the path as /.../{variable}, or the full https:// address"
        )
    if _SCHEME.match(text):
        scheme, after = _web_address(text, "a full address")
        return _origin_from(scheme, after, value, strict=True)[0]
    if ":" in head:
        raise ValueError(
            f"{value}: a path's first part has no ':' (a browser would read it as a scheme); "
            "write it as /" + text
        )
    return None


def origin_of(url: str) -> str | None:
    """The normalised origin of an absolute http(s) address (``https://host[:port]``, default
    port dropped, credentials ignored), or None for anything else (``about:blank``, a path)."""
    text = url.strip(" ")
    try:
        scheme, after = _web_address(text, "an address")
        return _origin_from(scheme, after, url, strict=False)[0]
    except ValueError:
        return None


def check_origin(value: str) -> str:
    """An entry of ``origins:``: ``https://host[:port]``, normalised, or a ValueError."""
    if _CONTROL.search(value):
        raise ValueError(f"{value!r}: an origin has no control characters")
    text = value.strip(" ")
    scheme, after = _web_address(text, "an origin")
    origin, rest = _origin_from(scheme, after, value, strict=True)
    if rest not in ("", "/"):
        raise ValueError(f"{value}: an origin has no path, query or fragment: write it as {origin}")
    return origin


Origin = Annotated[str, AfterValidator(check_origin)]


def check_site_address(value: str) -> str:
    """A flow's ``base_url:``: a full http(s) address of the site, a path under it allowed."""
    if _CONTROL.search(value):
        raise ValueError(f"{value!r}: an address has no control characters")
    text = value.strip(" ")
    scheme, after = _web_address(text, "the site's address")
    _origin_from(scheme, after, value, strict=True)
    return text


SiteAddress = Annotated[str, AfterValidator(check_site_address)]
Lang = Literal["ja", "en"]


class Target(BaseModel):
    """Something on the page as a person sees it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: str | None = None
    name: str | None = Field(default=None, min_length=1)
    label: str | None = Field(default=None, min_length=1)
    text: str | None = Field(default=None, min_length=1)
    # A last resort for what nothing a person sees identifies (a recorder says so in a comment):
    # a flow that needs it walks only the site it was recorded on.
    css: str | None = Field(default=None, min_length=1)
    also: tuple[str, ...] = ()
    within: str | None = Field(default=None, min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _role_shorthand(cls, data: Any) -> Any:
        if isinstance(data, dict):
            roles = [key for key in ROLE_KEYS if key in data]
            if len(roles) == 1 and "role" not in data and "name" not in data:
                data = dict(data)
                data["role"] = roles[0]
                data["name"] = data.pop(roles[0])
        return data

    @model_validator(mode="after")
    def _one_way_to_find_it(self) -> Target:
        given = [key for key in ("name", "label", "text", "css") if getattr(self, key)]
        if len(given) != 1:
            raise ValueError(
                "a target needs exactly one of name, label or text (or a role key "
                "such as link: or button:)"
            )
        if self.role and not self.name:
            raise ValueError("a role goes with a name")
        return self

    @property
    def wanted(self) -> str:
        """The primary label, as written in the flow."""
        return self.name or self.label or self.text or self.css or ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.wanted, *self.also)

    def describe(self) -> str:
        kind = self.role or (
            "label"
            if self.label
            else "text"
            if self.text
            else "CSS"
            if self.css
            else "link or button"
        )
        where = ""
        if self.within in LANDMARKS:
            where = f" in the {self.within}"
        elif self.within:
            where = f" under {self.within}"
        alternatives = "".join(f" / 「{name}」" for name in self.also)
        return f"{kind} 「{self.wanted}」{alternatives}{where}"


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
            named |= set(_FIELD.findall(text))
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

    def allowed_origins(self, base_url: str) -> frozenset[str]:
        """The origins the flow may open: the site's (``base_url``'s) and the declared ones,
        each ``scheme://host[:port]`` with the default port dropped."""
        site = origin_of(base_url)
        return frozenset([*self.origins, *([site] if site else [])])


def writing_lang(given: Lang | None, flow: Flow, site: SiteFile | None = None) -> Lang:
    """The language tebiki writes a flow's words in: --lang, else the flow's lang:, else its
    site file's, else Japanese (the bundled flows' language)."""
    return given or flow.lang or (site.lang if site else None) or "ja"
