"""Settings shared by every command: options, then ``TEBIKI_*`` variables, then ``.env``."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tebiki.errors import BadInputError


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="TEBIKI_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    base_url: str | None = None
    account: Literal["email", "social"] | None = None
    scenario: str = "clean"
    labels: str = "article"  # a label set of the mock site (fixtures/labels.yaml)
    fixtures: Path | None = None  # the mock site's data folder: scenarios, label sets, market
    menu: Literal["both", "hover", "click"] = "both"
    headed: bool = False
    slow_mo: int = Field(default=0, ge=0)
    trace: Path | None = None
    browser_path: Path | None = None
    connect: str | None = None
    # How long a browser server (--connect) has to answer: one that accepts and never answers
    # ends the command with exit 3 after this, instead of hanging it.
    connect_timeout_ms: int = Field(default=30_000, ge=100)
    storage_state: Path | None = None
    site: Path | None = None  # a site file: what the site's pages carry (its overlays)
    device: str | None = None  # one of Playwright's device descriptors, by name
    color_scheme: Literal["light", "dark"] | None = None
    log_format: Literal["console", "json"] | None = None
    timeout_ms: int = Field(default=5000, ge=100)
    highlight_ms: int | None = Field(default=None, ge=0)
    # A dry run makes no click at all, not even to open a menu made only when it opens: the
    # steps after such a menu are then not checked.
    no_reveal: bool | None = None
    artifacts: Path = Path("tebiki-artifacts")
    lang: Literal["ja", "en"] | None = None  # None: the flow's (or its site's) language
    # Never an option: a password on the command line would sit in argv and shell history.
    password: SecretStr | None = None

    @field_validator(
        "trace",
        "browser_path",
        "storage_state",
        "connect",
        "base_url",
        "fixtures",
        "site",
        "device",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        """TEBIKI_TRACE= in a .env means no trace, not a trace written to the folder '.'."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("base_url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is not None:
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ValueError(f"{value!r} is not an http:// or https:// address")
        return value


def load_settings(**given: Any) -> Settings:
    """Options the user gave win over the environment; those left out (None) do not."""
    chosen = {key: value for key, value in given.items() if value is not None}
    try:
        return Settings(**chosen)
    except ValidationError as error:
        problem = error.errors()[0]
        name = ".".join(str(part) for part in problem["loc"])
        message = problem["msg"].removeprefix("Value error, ")
        raise BadInputError(
            f"setting {name} (option --{name.replace('_', '-')} or "
            f"TEBIKI_{name.upper()}): {message}"
        ) from None
