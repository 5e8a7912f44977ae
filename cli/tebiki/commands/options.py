"""Options every walking command shares, and turning them into Settings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from tebiki.settings import Settings, load_settings

F = TypeVar("F", bound=Callable[..., Any])

SETTING_OPTIONS = (
    click.option(
        "--base-url",
        metavar="URL",
        help="The site to walk (default: the flow's base_url:, else the bundled mock site).",
    ),
    click.option(
        "--account",
        type=click.Choice(["email", "social"]),
        help="Mock site account (default: the flow's own).",
    ),
    click.option("--scenario", help="Mock site scenario (fixtures/scenarios/NAME.yaml)."),
    click.option(
        "--labels",
        metavar="NAME",
        help="Mock site label set (fixtures/labels.yaml): article (default), faq.",
    ),
    click.option(
        "--fixtures",
        type=click.Path(file_okay=False, path_type=Path),
        help="Mock site data folder (scenarios/, labels.yaml, market.yaml) instead "
        "of the bundled fixtures/.",
    ),
    click.option(
        "--menu",
        type=click.Choice(["both", "hover", "click"]),
        help="How the mock site's header menu opens.",
    ),
    click.option("--headed/--headless", default=None, help="Show the browser window."),
    click.option("--slow-mo", type=int, help="Slow every browser action by MS milliseconds."),
    click.option(
        "--trace",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write a Playwright trace (zip) here.",
    ),
    click.option(
        "--browser-path",
        type=click.Path(path_type=Path),
        help="Chromium or Chrome binary to launch.",
    ),
    click.option(
        "--connect",
        metavar="WS_URL",
        help="Use a remote Playwright browser server (playwright run-server).",
    ),
    click.option(
        "--storage-state",
        type=click.Path(path_type=Path),
        help="Playwright storage state (cookies) to start logged in on --base-url.",
    ),
    click.option(
        "--site",
        type=click.Path(dir_okay=False, path_type=Path),
        help="A site file (YAML) that several flows share: the overlays the site shows "
        "(consent dialogs, banners) by name and dismissing button.",
    ),
    click.option(
        "--device",
        metavar="NAME",
        help="Play as this device does, one of Playwright's (its viewport, scale factor, touch "
        'and user agent), e.g. "iPhone 13", "Pixel 7".',
    ),
    click.option(
        "--color-scheme",
        type=click.Choice(["light", "dark"]),
        help="The colour scheme the pages are asked for (prefers-color-scheme).",
    ),
    click.option(
        "--timeout",
        "timeout_ms",
        type=int,
        help="How long to wait for each target, in ms (default 5000).",
    ),
    click.option(
        "--highlight-ms",
        type=int,
        help="How long each highlight stays (default 700 headed, 0 headless).",
    ),
    click.option(
        "--artifacts",
        type=click.Path(file_okay=False, path_type=Path),
        help="Where failure screenshots go (default tebiki-artifacts/).",
    ),
    click.option(
        "--lang",
        type=click.Choice(["ja", "en"]),
        help="Language of what tebiki writes: captions, alt text, footer, the page's lang "
        "(default: the flow's lang:, else its site file's, else ja).",
    ),
    click.option(
        "--log-format", type=click.Choice(["console", "json"]), help="Log format on stderr."
    ),
)
SETTING_NAMES = (
    "base_url",
    "account",
    "scenario",
    "labels",
    "fixtures",
    "menu",
    "headed",
    "slow_mo",
    "trace",
    "browser_path",
    "connect",
    "storage_state",
    "site",
    "device",
    "color_scheme",
    "timeout_ms",
    "highlight_ms",
    "no_reveal",
    "artifacts",
    "lang",
    "log_format",
)


# Options that mean something only on the bundled mock site: --help shows them apart, so a
# person walking a site of their own can pass them by.
MOCK_ONLY = frozenset({"account", "scenario", "labels", "fixtures", "menu"})


FLOW_HELP = (
    "A bundled flow's name (`tebiki flows` lists them) or the path of a flow file (YAML) of "
    "your own."
)
FLOWS_HELP = "Flows, each a bundled flow's name or a flow file's path."


class TebikiCommand(click.Command):
    """A command whose --help lists the bundled mock site's options under their own heading."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        general: list[tuple[str, str]] = []
        mock: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if not isinstance(param, click.Argument):  # click lists those on their own
                (mock if param.name in MOCK_ONLY else general).append(record)
        if general:
            with formatter.section("Options"):
                formatter.write_dl(general)
        if mock:
            with formatter.section("Bundled mock site only (ignored with --base-url)"):
                formatter.write_dl(mock)


def setting_options(function: F) -> F:
    function = click.option(
        "-v", "--verbose", count=True, help="Log more on stderr (-v what it does, -vv each step)."
    )(function)
    function = var_option("A flow variable, e.g. --var display_name=ナミ.")(function)
    return with_options(SETTING_OPTIONS)(function)


def with_options(options: tuple[Callable[[F], F], ...]) -> Callable[[F], F]:
    """A decorator applying click options in the order listed (the first shown first)."""

    def apply(function: F) -> F:
        for option in reversed(options):
            function = option(function)
        return function

    return apply


def var_option(help_text: str) -> Callable[[F], F]:
    """``--var KEY=VALUE`` (repeatable), given to the command as a dict ``variables``."""
    return click.option(
        "--var",
        "variables",
        multiple=True,
        metavar="KEY=VALUE",
        callback=parse_vars,
        help=help_text,
    )


def parse_vars(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> dict[str, str]:
    parsed: dict[str, str] = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{value!r} is not KEY=VALUE", ctx=ctx, param=param)
        parsed[key.strip()] = rest
    return parsed


def settings_from(kwargs: dict[str, Any]) -> Settings:
    """Pops the shared options out of a command's keyword arguments."""
    given = {name: kwargs.pop(name, None) for name in SETTING_NAMES}
    return load_settings(**given)


NO_REVEAL = click.option(
    "--no-reveal",
    is_flag=True,
    default=None,
    help="Make no click at all, not even to open a menu whose entries exist only once it "
    "opens; the steps after such a menu are then not checked.",
)
