"""A step's target: what a person sees on the page, a role and accessible name, a form label or
a visible text, optionally scoped to a landmark (the header) or a named section (共通情報).

The short form ``{link: マイページ}`` is rewritten by a before-validator so the model stays
strict (``extra="forbid"``) while the files stay short.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

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
