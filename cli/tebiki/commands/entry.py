"""The `tebiki` entry point. Commands that drive a browser start Playwright's driver first and
import the rest of the program meanwhile, on the other core: start-up is shorter by the
overlap (bench/run_vs_plain.py measures it)."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import threading

from tebiki.commands.terminal import no_screen, pipe_closed
from tebiki.errors import ExitStatus

# pydantic scans every installed distribution's entry points for plugins on first use; the
# command uses none, and the scan is a measurable part of a short command's start-up. Set
# here, in the command's own process only: a user's program importing tebiki keeps its plugins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

BROWSER_COMMANDS = frozenset(
    {"run", "dry-run", "shots", "check-shots", "preflight", "record", "guide"}
)


def _wants_browser(args: list[str]) -> bool:
    if not args or args[0] not in BROWSER_COMMANDS or {"-h", "--help"} & set(args):
        return False
    # The guide is refused without a screen before any browser: no driver to start for it.
    return not (args[0] == "guide" and ("--headless" in args or no_screen()))


def _import_commands(command: str) -> None:
    import importlib

    from tebiki.commands.main import LAZY_COMMANDS

    if command in LAZY_COMMANDS:
        importlib.import_module(LAZY_COMMANDS[command][0])
    if command in ("shots", "check-shots"):
        import tebiki.shots.shots  # noqa: F401  (Pillow and the image comparison)


def main() -> None:
    try:
        _main()
    except BrokenPipeError:  # printed outside a command's own handling (friendly_errors)
        pipe_closed()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        _interrupted()
    except SystemExit as leaving:
        if leaving.code == ExitStatus.INTERRUPTED:  # said by the command (friendly_errors)
            _interrupted()
        raise
    finally:
        # The process ends next. The interpreter's shutdown then walks every object the
        # imports made (pydantic's schemas, Playwright's classes) looking for cycles to free,
        # a tenth of a second and more that frees nothing the exit would not; frozen objects
        # are left out of that walk. Files, atexit handlers and finalizers are untouched.
        gc.freeze()


def _interrupted() -> None:
    """End now, with 130. The interpreter's own shutdown would wait on, then tear down under,
    threads still inside a browser's driver (a check's workers): a crash, now and then, instead
    of an exit. The driver sees its pipe close and takes its browsers with it."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(ExitStatus.INTERRUPTED)


def _main() -> None:
    if _wants_browser(sys.argv[1:]):
        from tebiki.browser import start_driver_early

        importer = threading.Thread(
            target=_import_commands, args=(sys.argv[1],), name="import", daemon=True
        )
        importer.start()
        start_driver_early()
        importer.join()
    from tebiki.commands.main import cli

    cli(prog_name="tebiki")
