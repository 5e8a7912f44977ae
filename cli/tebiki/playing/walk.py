"""One walk of one flow: pick the site (the bundled mock site unless --base-url), gather its
variables and secrets, open the browser, play, and say what the site saw.
"""

from __future__ import annotations

import os
import secrets as token_source
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path

import structlog
from dotenv import dotenv_values
from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from tebiki.browser import (
    VIEWPORT,
    BrowserOptions,
    launch,
    new_context,
    open_context,
    read_storage_state,
    storage_state_values,
)
from tebiki.errors import BadInputError, StepFailed, TebikiError
from tebiki.flowfile import variables as flow_variables
from tebiki.flowfile.loader import load_flow, load_site_file
from tebiki.flowfile.model import FillStep, Flow, writing_lang
from tebiki.playing.failure import played_on_the_mock
from tebiki.playing.options import ShotSettings, play_options
from tebiki.playing.player import Mode, Player, PlayOptions, PlayResult, StepReport
from tebiki.redact import Secrets
from tebiki.settings import Settings
from tebiki.sites import Site, SiteOpening

log = structlog.get_logger()


# Stops CSS animations, transitions and the blinking caret on every page, from its start.
STILL_PAGE_JS = """
(() => {
  const css = '*, *::before, *::after { animation-duration: 0s !important; '
    + 'animation-delay: 0s !important; transition: none !important; '
    + 'caret-color: transparent !important; scroll-behavior: auto !important; }';
  const add = () => {
    const style = document.createElement('style');
    style.textContent = css;
    (document.head || document.documentElement).appendChild(style);
  };
  if (document.documentElement) add();
  else document.addEventListener('DOMContentLoaded', add, { once: true });
})();
"""


def still_pages(context: BrowserContext, shots: ShotSettings) -> None:
    """Tutorial pages: pages that show the time show the same time in every image, and
    nothing moves, so the same page gives the same pixels."""
    context.clock.set_fixed_time(shots.clock)
    context.add_init_script(STILL_PAGE_JS)


@dataclass
class WalkRequest:
    flow_path: Path
    mode: Mode
    settings: Settings
    variables: dict[str, str] = field(default_factory=dict)
    screenshots: Path | None = None
    confirm: Callable[[int, str], bool] = lambda number, caption: False
    on_step: Callable[[StepReport], None] = lambda report: None
    ask_secret: Callable[[str, str], str | None] = lambda name, description: None
    shots: ShotSettings | None = None
    keep_going: bool = False  # report a failed step and go on (the preflight report)
    # The run's secrets: what it types and must never show. The command that asked for the walk
    # may hand its own in, to scrub what it prints afterwards with the same values.
    secrets: Secrets = field(default_factory=Secrets)
    # What plays the flow on the opened page: the Player by default; the guide brings its own.
    player: Callable[[Page, Flow, PlayOptions], PlayResult] | None = None
    # Told the site once it is open, before the first step: the command says where it plays.
    on_site: Callable[[Site], None] = lambda site: None
    # Once the flow has played, before its browser closes: what a command makes of the walk in
    # a browser (a tutorial's PDF, its video's cards) is made in this one, not a second. Given
    # the flow, what it did, and a way to open a context like the walk's (its viewport and
    # device, none of the site's cookies nor a stored login).
    after_play: Callable[[Flow, PlayResult, Callable[[], BrowserContext]], None] | None = None


@dataclass
class WalkOutcome:
    flow: Flow
    result: PlayResult
    base_url: str
    account: str | None = None
    mock_mutations: list[dict[str, object]] | None = None
    trace_files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def generated_secrets(flow: Flow, secrets: Secrets) -> dict[str, str]:
    """A fresh random value for each secret of the flow, for the bundled mock site's throwaway
    accounts; kept among the run's secrets, so no log, message or trace shows it."""
    values: dict[str, str] = {}
    for step in flow.steps:
        if isinstance(step, FillStep) and step.secret and step.secret not in values:
            values[step.secret] = token_source.token_urlsafe(12)
            secrets.add(values[step.secret])
    return values


def given_secret(name: str, settings: Settings) -> str | None:
    """A secret as the person gave it: TEBIKI_<NAME> in the environment or .env (the password
    also through the settings); None when it was not given."""
    if name == "password" and settings.password is not None:
        return settings.password.get_secret_value()
    env_name = f"TEBIKI_{name.upper()}"
    return os.environ.get(env_name) or dotenv_values(".env").get(env_name)


def _secrets(flow: Flow, request: WalkRequest, site: Site, notes: list[str]) -> dict[str, str]:
    """Secrets are read only for a real run, from the environment or a hidden prompt."""
    needed = flow.secret_names()
    if request.mode != "run" or not needed:
        return {}
    values: dict[str, str] = {}
    for name in sorted(needed):
        env_name = f"TEBIKI_{name.upper()}"
        value = given_secret(name, request.settings)
        value = value or request.ask_secret(name, flow.secrets.get(name, name))
        if not value and site.mutations is not None:
            # The bundled mock's account is a throwaway: a fresh random password will do.
            value = token_source.token_urlsafe(12)
            notes.append(f"{env_name} not set: a generated {name} was used on the mock site")
        if not value:
            raise BadInputError(
                f"the flow needs the secret {name!r}: set {env_name} "
                "(environment or .env) or run it at a terminal to be asked"
            )
        request.secrets.add(value)
        values[name] = value
    return values


def session_secrets(settings: Settings, site: Site, secrets: Secrets) -> None:
    """What logs the browser in is a secret of the run, like a password: the cookies the site
    gave (the bundled mock's session), and every cookie and web-storage value of
    --storage-state. A trace records them in every request's Cookie header and in every
    Set-Cookie; logs and reports could quote them. Values shorter than MIN_SESSION_VALUE are
    left alone (see Secrets.add_session): they would scrub ordinary words."""
    for cookie in site.cookies:
        secrets.add_session(cookie.get("value", ""))
    path = settings.storage_state
    if path is None:
        return
    for value in storage_state_values(read_storage_state(path)):  # a bad file: BadInputError
        secrets.add_session(value)
    # Mode bits mean little on Windows (its ACLs decide), so it is not warned there.
    if os.name == "posix" and path.stat().st_mode & 0o004:
        log.warning(
            f"{path} is readable by every user of this machine, and it logs in as you: "
            f"chmod 600 {path}",
            storage_state=str(path),
        )


# What a walk writes (traces, failure screenshots) shows the pages of a logged-in account:
# only the owner may read it.
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def private_folder(folder: Path) -> list[Path]:
    """The folder, and every missing folder above it, created owner-only (0o700); the ones
    created here, outermost first. A folder that already exists keeps its mode."""
    created: list[Path] = []
    for level in (*reversed(folder.parents), folder):
        try:
            level.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:
            continue
        os.chmod(level, PRIVATE_FOLDER)  # mkdir's mode is narrowed by the umask, never widened
        created.append(level)
    return created


@contextmanager
def no_empty_folders(folder: Path) -> Iterator[None]:
    """The folder, and the folders above it, that the block makes and leaves empty are taken
    away after it: a command that found nothing to keep leaves no trace of having run."""
    missing = [level for level in (folder, *folder.parents) if not level.exists()]
    try:
        yield
    finally:
        for level in missing:  # the innermost first
            with suppress(OSError):  # not empty: something was written there, and stays
                level.rmdir()


def _private_files(folder: Path, since: float) -> None:
    """Every file under the folder written since the walk began (its failure screenshots):
    owner-only (0o600)."""
    with suppress(OSError):
        for path in folder.rglob("*"):
            with suppress(OSError):
                if path.is_file() and not path.is_symlink() and path.stat().st_mtime >= since:
                    path.chmod(PRIVATE_FILE)


def close_trace(context: BrowserContext, trace: Path | None, secrets: Secrets) -> list[Path]:
    """Write the trace into a folder of its own only the owner can enter, scrub it (traces
    keep request bodies and headers, secrets and session cookies included), and only then give
    it its name, owner-only (0o600)."""
    if trace is None:
        return []
    with no_empty_folders(trace.parent):  # a trace that could not be written leaves none
        private_folder(trace.parent)
        unscrubbed = Path(tempfile.mkdtemp(prefix=f".{trace.name}.", dir=trace.parent))  # 0o700
        try:
            # Absolute: the browser's driver, which writes it, may work in another folder.
            raw = unscrubbed.absolute() / "unscrubbed.zip"
            # Whatever logs the browser in by the end (cookies, web storage) is a secret too.
            with suppress(PlaywrightError):
                for value in storage_state_values(dict(context.storage_state())):
                    secrets.add_token(value)
            context.tracing.stop(path=str(raw))
            secrets.scrub_zip(raw, trace)
            trace.chmod(PRIVATE_FILE)
        finally:
            shutil.rmtree(unscrubbed, ignore_errors=True)
    return [trace]


def walk(request: WalkRequest) -> WalkOutcome:
    """Walk the flow once. Its secrets are active while it runs, so every log line is scrubbed
    with them, and so is the message of whatever stops it."""
    with request.secrets.active(), _private_artifacts(request.settings.artifacts):
        try:
            return _walk(request)
        except TebikiError as error:
            error.message = request.secrets.redact(error.message)
            error.args = (error.message,)
            raise


@contextmanager
def _private_artifacts(folder: Path) -> Iterator[None]:
    """The artifacts folder (failure screenshots) made owner-only before anything is written
    into it, and taken away again if nothing was; what the walk wrote there made 0o600."""
    started = time.time() - 1  # a file system may keep whole seconds only
    try:
        made = private_folder(folder)
    except OSError:  # a folder that cannot be made: the screenshot then says so, as it did
        made = []
    try:
        yield
    finally:
        _private_files(folder, started)
        for level in reversed(made):
            with suppress(OSError):  # not empty: something was written there
                level.rmdir()


def _walk(request: WalkRequest) -> WalkOutcome:
    flow = load_flow(request.flow_path)
    if flow.base_url and not request.settings.base_url:
        # The flow names its site; --base-url (already in the settings) wins over it.
        request = replace(
            request, settings=request.settings.model_copy(update={"base_url": flow.base_url})
        )
    site_file = load_site_file(request.settings.site) if request.settings.site else None
    site_overlays = tuple(site_file.overlays) if site_file else ()
    settings = request.settings
    notes: list[str] = []
    flow_variables.check_given(flow.variables, request.variables, "--var {name}")
    shots = request.shots
    browser_options = BrowserOptions(
        browser_path=settings.browser_path,
        connect=settings.connect,
        connect_timeout_ms=settings.connect_timeout_ms,
        headed=settings.headed,
        slow_mo=settings.slow_mo,
        trace=settings.trace,
        storage_state=settings.storage_state,
        viewport=shots.viewport if shots else VIEWPORT,
        device=settings.device,
        color_scheme=settings.color_scheme,
    )
    trace_files: list[Path] = []
    with SiteOpening(settings.account or flow.account, settings) as opening:
        try:
            with launch(browser_options) as browser:
                site = opening.result()
                request.on_site(site)
                account = site.account
                variables = flow_variables.resolve(
                    flow.variables, request.variables, site.variables
                )
                secret_values = _secrets(flow, request, site, notes)
                session_secrets(settings, site, request.secrets)
                # No window shows before this context's first page, so a secret is still
                # asked before anything appears.
                context = open_context(
                    browser,
                    replace(
                        browser_options,
                        cookies=site.cookies,
                        block_service_workers=request.mode == "dry-run",
                    ),
                )
                if shots:
                    still_pages(context, shots)
                page = context.new_page()
                page.set_default_timeout(settings.timeout_ms)
                options = play_options(
                    request.mode,
                    site.base_url,
                    variables=variables,
                    secrets=secret_values,
                    timeout_ms=settings.timeout_ms,
                    artifacts=settings.artifacts,
                    confirm=request.confirm,
                    on_step=request.on_step,
                    headed=settings.headed,
                    highlight_ms=settings.highlight_ms,
                    screenshots=request.screenshots,
                    shots=shots,
                    caption_lang=writing_lang(settings.lang, flow, site_file),
                    keep_going=request.keep_going,
                    overlays=site_overlays,
                    no_reveal=bool(settings.no_reveal),
                )
                try:
                    play = request.player or (lambda p, f, o: Player(p, f, o).play())
                    result = play(page, flow, options)
                except StepFailed as failure:
                    if site.is_bundled_mock:
                        played_on_the_mock(failure)
                    raise
                finally:
                    trace_files.extend(close_trace(context, settings.trace, request.secrets))
                if request.after_play is not None:
                    bare = replace(browser_options, storage_state=None, trace=None)
                    request.after_play(flow, result, lambda: new_context(browser, bare))
        except BaseException:
            opening.result()  # a bad mock-site setting is told first, as it always was
            raise
        mutations = site.mutations() if site.mutations else None
    return WalkOutcome(flow, result, site.base_url, account, mutations, trace_files, notes)
