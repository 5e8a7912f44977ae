"""The one module that starts a browser: finding a Chromium, launching it (or connecting to a
remote Playwright server) and making a context with fixed viewport, locale and time zone.

Discovery order: an explicit path, a Playwright-managed Chromium, then the usual
system paths. Browser downloads do not work everywhere, so a system Chromium is first-class.
"""

from __future__ import annotations

import atexit
import difflib
import json
import os
import shlex
import shutil
import sys
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import structlog
from playwright.sync_api import Browser, BrowserContext, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tebiki.errors import BadInputError, EnvironmentProblem

log = structlog.get_logger()

SYSTEM_BROWSERS = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/snap/bin/chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
)
# Without these, Chromium keeps reaching for its own services (updates, sync, safe browsing);
# on a machine with no network each attempt is a refused connection, many at a time.
QUIET_ARGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
# What works wherever tebiki is installed: the Playwright that came with it, run by the same
# Python; a distribution's own package; or a browser the person has.
ADVICE = (
    f"install one: `{shlex.quote(sys.executable)} -m playwright install chromium`, or on "
    "Debian and Ubuntu `sudo apt-get install chromium fonts-noto-cjk` (in a checkout of "
    "tebiki, `make setup` does this), or point --browser-path / TEBIKI_BROWSER_PATH at a "
    "Chromium or Chrome binary"
)
VIEWPORT = (1280, 800)


# A headless run does the same work in a headless shell (Chromium's headless-only build) with
# a fraction of a full browser's processes and CPU; Playwright itself launches one for headless
# runs. Preferred, headless, where one is installed (Debian: chromium-headless-shell).
SYSTEM_HEADLESS_SHELLS = (
    "/usr/lib/chromium/chromium-headless-shell",
    "/usr/bin/chromium-headless-shell",
)
_MANAGED_FULL = (
    "chromium-*/chrome-linux*/chrome",
    "chromium-*/chrome-mac*/Chromium.app/Contents/MacOS/Chromium",
    "chromium-*/chrome-win*/chrome.exe",
)
_MANAGED_SHELLS = (
    "chromium_headless_shell-*/chrome-headless-shell-*/chrome-headless-shell",
    "chromium_headless_shell-*/chrome-headless-shell-*/chrome-headless-shell.exe",
)


def playwright_managed(patterns: Sequence[str]) -> list[Path]:
    """What `playwright install` put in its cache (browsers, its ffmpeg), newest first."""
    root = os.environ.get("PLAYWRIGHT_BROWSERS_PATH")
    base = Path(root) if root and root != "0" else Path.home() / ".cache" / "ms-playwright"
    found = [path for pattern in patterns for path in base.glob(pattern)]
    return sorted(found, key=_revision, reverse=True)


def _revision(path: Path) -> int:
    """The build number of ``.../chromium-1200/...``, ``.../chromium_headless_shell-1200/...``
    or ``.../ffmpeg-1011/...`` (numerically: 999 is older than 1200)."""
    for part in path.parts:
        name, _, number = part.rpartition("-")
        if name in ("chromium", "chromium_headless_shell", "ffmpeg") and number.isdigit():
            return int(number)
    return 0


def _first_executable(paths: Iterable[Path]) -> Path | None:
    for path in paths:
        if path.is_file() and os.access(path, os.X_OK):
            return path
    return None


def find_browser(
    explicit: Path | None = None,
    system_paths: Sequence[str] = SYSTEM_BROWSERS,
    *,
    headless: bool = False,
    shells: Sequence[str] = SYSTEM_HEADLESS_SHELLS,
) -> Path:
    """The Chromium to launch: an explicit path as given; else, for a ``headless`` launch, a
    headless shell (Playwright's, then the system's); else a Playwright-managed Chromium,
    then the usual system paths."""
    if explicit is not None:
        if explicit.is_file() and os.access(explicit, os.X_OK):
            return explicit
        raise EnvironmentProblem(
            f"browser not found at {explicit} (from --browser-path or "
            f"TEBIKI_BROWSER_PATH): {ADVICE}"
        )
    found = None
    if headless:
        found = _first_executable(playwright_managed(_MANAGED_SHELLS))
        found = found or _first_executable(Path(shell) for shell in shells)
    found = found or _first_executable(playwright_managed(_MANAGED_FULL))
    found = found or _first_executable(Path(candidate) for candidate in system_paths)
    if found is not None:
        return found
    for name in ("chromium", "chromium-browser", "google-chrome"):
        which = shutil.which(name)
        if which:
            return Path(which)
    raise EnvironmentProblem(f"no Chromium found: {ADVICE}")


def launch_args() -> list[str]:
    args = list(QUIET_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.insert(0, "--no-sandbox")  # Chromium refuses to start as root with its sandbox
    return args


@dataclass(frozen=True)
class BrowserOptions:
    browser_path: Path | None = None
    connect: str | None = None
    connect_timeout_ms: int = 30_000
    headed: bool = False
    slow_mo: int = 0
    trace: Path | None = None
    storage_state: Path | None = None
    cookies: tuple[dict[str, str], ...] = ()
    viewport: tuple[int, int] = VIEWPORT
    # A phone or tablet as Playwright describes it (its viewport and scale factor win over
    # the ones above), and the colour scheme the pages are asked for.
    device: str | None = None
    color_scheme: Literal["light", "dark"] | None = None
    # A dry run's pages register no service worker: what a worker sends (a background sync
    # replaying a blocked POST, say) passes no route of the page's.
    block_service_workers: bool = False
    # A caller's own context arguments (pytest-playwright's browser_context_args: a storage
    # state, HTTP credentials, headers…), given after tebiki's, so theirs win.
    context_args: Mapping[str, Any] = field(default_factory=dict)
    # Said when a window must show and there is no screen: the command knows why it shows one.
    no_screen_advice: str = (
        "--headed needs a screen, and DISPLAY is not set: run it on a desktop, under "
        "`xvfb-run`, or without --headed"
    )


def _local_browser(options: BrowserOptions) -> Path | None:
    """The Chromium a local launch will start, and a screen where it must show: both known
    before Playwright's driver is started, so a refusal costs nothing. None for a server."""
    if options.connect:
        return None
    executable = find_browser(options.browser_path, headless=not options.headed)
    if (
        options.headed
        and sys.platform.startswith("linux")
        and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    ):
        raise EnvironmentProblem(options.no_screen_advice)
    return executable


def _start(playwright: Playwright, options: BrowserOptions, executable: Path | None) -> Browser:
    if options.connect:
        # The server launches the browser; it honours the binary and the flags only when
        # started with --unsafe, and ignores them otherwise.
        remote: dict[str, object] = {"headless": not options.headed, "args": launch_args()}
        if options.browser_path is not None:
            remote["executablePath"] = str(options.browser_path)
        with said_as_environment(f"cannot connect to the browser server {options.connect}"):
            return playwright.chromium.connect(
                options.connect,
                # A server on another host reaches the sites on this one's loopback (the
                # bundled mock site, a --base-url on 127.0.0.1) through the connection itself;
                # nothing here listens beyond loopback for it.
                expose_network="<loopback>",
                slow_mo=options.slow_mo,
                headers={"x-playwright-launch-options": json.dumps(remote)},
                # A server that accepts and never answers is given this long, not forever.
                timeout=options.connect_timeout_ms,
            )
    assert executable is not None  # _local_browser found it
    log.debug("launching chromium", executable=str(executable), headed=options.headed)
    with said_as_environment(f"the browser at {executable} did not start"):
        return playwright.chromium.launch(
            executable_path=str(executable),
            headless=not options.headed,
            slow_mo=options.slow_mo,
            args=launch_args(),
        )


@contextmanager
def said_as_environment(what: str) -> Iterator[None]:
    """A Playwright error in the block is the environment's problem (exit 3), said in one
    line: ``what: the error's first line``."""
    try:
        yield
    except PlaywrightError as error:
        said = str(error).strip().splitlines()
        raise EnvironmentProblem(f"{what}: {said[0] if said else type(error).__name__}") from None


def read_storage_state(path: Path) -> dict[str, Any]:
    """A storage state file the user named, which must be Playwright's JSON: cookies and
    origins."""
    where = f"--storage-state {path}"
    if not path.is_file():
        raise BadInputError(f"{where}: no such file")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise BadInputError(f"{where}: cannot read: {error}") from None
    except json.JSONDecodeError as error:
        raise BadInputError(f"{where}:{error.lineno}: not valid JSON: {error.msg}") from None
    if not isinstance(data, dict) or not isinstance(data.get("cookies", []), list):
        raise BadInputError(
            f"{where}: not a Playwright storage state (an object with a list of cookies)"
        )
    return data


def storage_state_values(state: dict[str, Any]) -> list[str]:
    """Every value in a storage state that may log a browser in: each cookie's value, and
    each localStorage (and sessionStorage, where a tool wrote one) entry's value."""
    found: list[str] = []

    def values(entries: object) -> None:
        for entry in entries if isinstance(entries, list) else ():
            value = entry.get("value") if isinstance(entry, dict) else None
            if isinstance(value, str) and value:
                found.append(value)

    values(state.get("cookies"))
    origins = state.get("origins")
    for origin in origins if isinstance(origins, list) else ():
        if isinstance(origin, dict):
            values(origin.get("localStorage"))
            values(origin.get("sessionStorage"))
    return found


def new_context(browser: Browser, options: BrowserOptions) -> BrowserContext:
    """A context whose pages look the same every time: viewport, scale, locale, time zone."""
    storage = str(options.storage_state) if options.storage_state else None
    if storage:
        read_storage_state(Path(storage))
    arguments: dict[str, Any] = {
        "viewport": {"width": options.viewport[0], "height": options.viewport[1]},
        "device_scale_factor": 1,
        "locale": "ja-JP",
        "timezone_id": "Asia/Tokyo",
        "reduced_motion": "reduce",
        "storage_state": storage,
        "service_workers": "block" if options.block_service_workers else "allow",
    }
    if options.device:
        arguments.update(device_descriptor(browser, options.device))
    if options.color_scheme:
        arguments["color_scheme"] = options.color_scheme
    context = browser.new_context(**{**arguments, **options.context_args})
    if options.cookies:
        context.add_cookies(list(options.cookies))  # type: ignore[arg-type]
    return context


def playwright_of(browser: Browser) -> Any:
    """The Playwright (its inner object) that made ``browser``: its device list and its
    selector engines, for a browser lent by a caller as for one launched here."""
    return browser.browser_type._impl_obj._playwright  # noqa: SLF001


def device_descriptor(browser: Browser, name: str) -> dict[str, Any]:
    """Playwright's descriptor of a device, as ``playwright.devices[name]`` gives it, for a
    Chromium context: what its engine would be is not ours to change."""
    # The driver's own list, which comes with every Playwright (a lent browser's as well).
    devices: dict[str, Any] = playwright_of(browser).devices
    if name not in devices:
        close = difflib.get_close_matches(name, list(devices), n=3, cutoff=0.4)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        examples = ", ".join(repr(d) for d in ("iPhone 13", "Pixel 7", "iPad Mini") if d in devices)
        raise BadInputError(
            f"--device {name!r}: Playwright knows no such device{hint} (it knows "
            f"{len(devices)}, e.g. {examples})"
        )
    return {key: value for key, value in devices[name].items() if key != "default_browser_type"}


_early: Playwright | None = None


def start_driver_early() -> None:
    """Start Playwright's driver (a Node.js process) now, so its boot, about half a second,
    overlaps the rest of the program's start-up instead of following it."""
    global _early
    if _early is not None:
        return
    try:
        _early = sync_playwright().start()
    except Exception:  # noqa: BLE001 - the ordinary start below reports any real problem
        _early = None
        return
    atexit.register(_stop_early)


def _stop_early() -> None:
    global _early
    if _early is not None:
        with suppress(Exception):
            _early.stop()
        _early = None


@contextmanager
def _playwright() -> Iterator[Playwright]:
    global _early
    # The early driver belongs to the main thread: Playwright's objects stay in their thread.
    if _early is not None and threading.current_thread() is threading.main_thread():
        playwright, _early = _early, None
        try:
            yield playwright
        finally:
            playwright.stop()
    else:
        with sync_playwright() as playwright:
            yield playwright


# A browser the caller already runs (a test suite's browser, started once per process, or a
# program's own), lent to the commands run in this thread: they open their contexts on it
# instead of starting Playwright and a Chromium of their own. Per thread, because Playwright's
# objects stay in the thread that made them.
_lent = threading.local()


@contextmanager
def lend_browser(browser: Browser) -> Iterator[Browser]:
    """While the block runs, ``launch`` in this thread hands out ``browser`` (for options
    that ask nothing of a launch: no --browser-path, --connect, --headed or --slow-mo) and
    closes only the contexts opened on it, never the browser."""
    before = getattr(_lent, "browser", None)
    _lent.browser = browser
    try:
        yield browser
    finally:
        _lent.browser = before


def has_lent_browser(options: BrowserOptions) -> bool:
    """Whether ``launch`` with these options hands out a browser lent in this thread."""
    return _lent_browser(options) is not None


def _lent_browser(options: BrowserOptions) -> Browser | None:
    browser: Browser | None = getattr(_lent, "browser", None)
    launch_options = (options.browser_path, options.connect, options.headed, options.slow_mo)
    if browser is None or any(launch_options):
        return None
    return browser


@contextmanager
def _borrowed(browser: Browser) -> Iterator[Browser]:
    before = set(browser.contexts)
    try:
        yield browser
    finally:
        for context in browser.contexts:
            if context not in before:
                with suppress(PlaywrightError):
                    context.close()


@contextmanager
def launch(options: BrowserOptions) -> Iterator[Browser]:
    """A started browser of this thread's own (Playwright's objects stay in the thread that
    made them), with no context yet; on the way out it is closed, and Playwright stopped."""
    lent = _lent_browser(options)
    if lent is not None:
        with _borrowed(lent) as browser:
            yield browser
        return
    executable = _local_browser(options)
    with _playwright() as playwright:
        browser = _start(playwright, options, executable)
        try:
            yield browser
        finally:
            with suppress(PlaywrightError):  # a remote server that went away took it along
                browser.close()  # closes its contexts too, in one round trip


def open_context(browser: Browser, options: BrowserOptions) -> BrowserContext:
    """The context to walk in, tracing when asked; closed with its browser."""
    context = new_context(browser, options)
    if options.trace:
        context.tracing.start(screenshots=True, snapshots=True)
    return context  # the caller stops the trace: it knows the secrets to scrub


@contextmanager
def open_browser(options: BrowserOptions) -> Iterator[BrowserContext]:
    """A ready context; on the way out everything is closed."""
    with launch(options) as browser:
        yield open_context(browser, options)


if __name__ == "__main__":
    # `python -m tebiki.browser [--headless]`: print the browser tebiki would use, headed or
    # headless (exit 3 if none).
    try:
        explicit = os.environ.get("TEBIKI_BROWSER_PATH")
        print(find_browser(Path(explicit) if explicit else None, headless="--headless" in sys.argv))
    except EnvironmentProblem as problem:
        print(problem.message, file=sys.stderr)
        sys.exit(problem.exit_code)
