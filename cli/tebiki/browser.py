"""The one module that starts a browser: finding a Chromium, launching it (or connecting to a
remote Playwright server) and making a context with fixed viewport, locale and time zone.

Discovery order: an explicit path, a Playwright-managed Chromium, then the usual
system paths. Browser downloads do not work everywhere, so a system Chromium is first-class.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
ADVICE = (
    "install one: `make setup` (Debian's chromium and fonts-noto-cjk), "
    "`.venv/bin/playwright install chromium`, or point --browser-path / TEBIKI_BROWSER_PATH "
    "at a Chromium or Chrome binary"
)
VIEWPORT = (1280, 800)


def _playwright_managed() -> list[Path]:
    """Chromium builds that `playwright install` put in its cache, newest first."""
    root = os.environ.get("PLAYWRIGHT_BROWSERS_PATH")
    base = Path(root) if root and root != "0" else Path.home() / ".cache" / "ms-playwright"
    patterns = (
        "chromium-*/chrome-linux*/chrome",
        "chromium-*/chrome-mac*/Chromium.app/Contents/MacOS/Chromium",
        "chromium-*/chrome-win*/chrome.exe",
    )
    found = [path for pattern in patterns for path in base.glob(pattern)]
    return sorted(found, key=_revision, reverse=True)


def _revision(path: Path) -> int:
    """The build number of ``.../chromium-1200/...`` (numerically: 999 is older than 1200)."""
    for part in path.parts:
        if part.startswith("chromium-") and part[9:].isdigit():
            return int(part[9:])
    return 0


def find_browser(
    explicit: Path | None = None, system_paths: Sequence[str] = SYSTEM_BROWSERS
) -> Path:
    if explicit is not None:
        if explicit.is_file() and os.access(explicit, os.X_OK):
            return explicit
        raise EnvironmentProblem(
            f"browser not found at {explicit} (from --browser-path or "
            f"TEBIKI_BROWSER_PATH): {ADVICE}"
        )
    for path in _playwright_managed():
        if os.access(path, os.X_OK):
            return path
    for candidate in system_paths:
        path = Path(candidate)
        if path.is_file() and os.access(path, os.X_OK):
            return path
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
    headed: bool = False
    slow_mo: int = 0
    trace: Path | None = None
    storage_state: Path | None = None
    cookies: tuple[dict[str, str], ...] = ()
    viewport: tuple[int, int] = VIEWPORT


def _start(playwright: Playwright, options: BrowserOptions) -> Browser:
    if options.connect:
        # The server launches the browser; it honours the binary and the flags only when
        # started with --unsafe, and ignores them otherwise.
        remote: dict[str, object] = {"headless": not options.headed, "args": launch_args()}
        if options.browser_path is not None:
            remote["executablePath"] = str(options.browser_path)
        try:
            return playwright.chromium.connect(
                options.connect,
                slow_mo=options.slow_mo,
                headers={"x-playwright-launch-options": json.dumps(remote)},
            )
        except PlaywrightError as error:
            raise EnvironmentProblem(
                f"cannot connect to the browser server {options.connect}: "
                f"{str(error).splitlines()[0]}"
            ) from None
    executable = find_browser(options.browser_path)
    if (
        options.headed
        and sys.platform.startswith("linux")
        and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    ):
        raise EnvironmentProblem(
            "--headed needs a screen, and DISPLAY is not set: run it on a "
            "desktop, under `xvfb-run`, or without --headed"
        )
    log.debug("launching chromium", executable=str(executable), headed=options.headed)
    try:
        return playwright.chromium.launch(
            executable_path=str(executable),
            headless=not options.headed,
            slow_mo=options.slow_mo,
            args=launch_args(),
        )
    except PlaywrightError as error:
        first = str(error).strip().splitlines()[0]
        raise EnvironmentProblem(f"the browser at {executable} did not start: {first}") from None


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
    context = browser.new_context(
        viewport={"width": options.viewport[0], "height": options.viewport[1]},
        device_scale_factor=1,
        locale="ja-JP",
        timezone_id="Asia/Tokyo",
        reduced_motion="reduce",
        storage_state=storage,
    )
    if options.cookies:
        context.add_cookies(list(options.cookies))  # type: ignore[arg-type]
    return context


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


@contextmanager
def launch(options: BrowserOptions) -> Iterator[Browser]:
    """A started browser of this thread's own (Playwright's objects stay in the thread that
    made them), with no context yet; on the way out it is closed, and Playwright stopped."""
    with _playwright() as playwright:
        browser = _start(playwright, options)
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
    # `python -m tebiki.browser`: print the browser tebiki would use (exit 3 if none).
    try:
        explicit = os.environ.get("TEBIKI_BROWSER_PATH")
        print(find_browser(Path(explicit) if explicit else None))
    except EnvironmentProblem as problem:
        print(problem.message, file=sys.stderr)
        sys.exit(problem.exit_code)
