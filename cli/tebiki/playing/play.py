"""One flow played on a page someone else opened: a test's page, a logged-in context, a
browser a program already runs. The same step loop and the same result the commands report
from; what a command does around it (starting a site, a browser, a trace) is the caller's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from playwright.sync_api import Page

from tebiki.errors import BadInputError
from tebiki.flowfile.loader import find_flow, load_flow
from tebiki.flowfile.model import Flow, Lang, writing_lang
from tebiki.flowfile.variables import resolve
from tebiki.playing.options import PlayOptions, ShotSettings, play_options
from tebiki.playing.player import Mode, Player, PlayResult, StepReport
from tebiki.playing.walk import still_pages
from tebiki.redact import Secrets


def play_flow(
    page: Page,
    flow: Flow | str | Path,
    mode: Mode = "dry-run",
    *,
    base_url: str,
    variables: Mapping[str, str] | None = None,
    secrets: Mapping[str, str] | None = None,
    confirm: bool | Callable[[int, str], bool] = False,
    timeout_ms: int = 5000,
    artifacts: Path | None = None,
    screenshots: Path | None = None,
    shots: ShotSettings | None = None,
    lang: Lang | None = None,
    keep_going: bool = False,
    headed: bool = False,
    on_step: Callable[[StepReport], None] = lambda report: None,
    run_secrets: Secrets | None = None,
) -> PlayResult:
    """Play ``flow`` (a Flow, a bundled flow's name or a flow file) on ``page`` in ``mode``,
    starting at the flow's start page under ``base_url``.

    ``variables`` fill the flow's ``{name}`` placeholders; ``secrets`` are the values of its
    secret fields, needed by a run only, and never shown (every log line and message of the
    play is scrubbed of them, and so is anything in ``run_secrets``: the page's session, say).
    ``confirm``: whether a destructive step may be performed (or a question asked per step).
    ``shots``: tutorial images, as `tebiki shots` makes them; the page's context then gets a
    fixed clock and pages that do not move. ``headed``: a dry run holds each highlight long
    enough for a person watching the window. A step that fails raises StepFailed.
    """
    loaded = flow if isinstance(flow, Flow) else load_flow(find_flow(str(flow)))
    if mode not in ("dry-run", "run"):  # the Player would take anything else for a run
        raise BadInputError(f"mode {mode!r}: 'dry-run' or 'run'")
    if run_secrets is None:  # an empty Secrets is falsy: `or` would drop the caller's
        run_secrets = Secrets()
    typed = _secret_values(loaded, mode, secrets or {}, run_secrets)
    if shots is not None:
        still_pages(page.context, shots)
    options: PlayOptions = play_options(
        mode,
        base_url,
        variables=resolve(loaded.variables, variables or {}, {}, "{name}"),
        secrets=typed,
        timeout_ms=timeout_ms,
        artifacts=artifacts,
        confirm=confirm if callable(confirm) else (lambda number, caption: confirm),
        on_step=on_step,
        screenshots=screenshots,
        shots=shots,
        caption_lang=writing_lang(lang, loaded),
        keep_going=keep_going,
        headed=headed,
    )
    with run_secrets.active():
        return Player(page, loaded, options).play()


def _secret_values(
    flow: Flow, mode: Mode, given: Mapping[str, str], run_secrets: Secrets
) -> dict[str, str]:
    """The secrets a run types, each one known to the run's Secrets; a dry run types none."""
    if mode != "run":
        return {}
    needed = flow.secret_names()
    missing = [name for name in needed if not given.get(name)]
    if missing:
        raise BadInputError(f"the flow needs the secret {missing[0]!r}: give it in secrets=")
    for name in needed:
        run_secrets.add(given[name])
    return {name: given[name] for name in needed}
