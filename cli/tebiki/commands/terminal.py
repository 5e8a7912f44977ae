"""What a command learns of where it runs: whether a browser window could be shown, and what
to do when the reader of its output has gone (`tebiki show FLOW | head -1`). Light on purpose:
the entry point uses it before anything else is imported."""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from typing import NoReturn

# 128 + SIGPIPE: what a shell reports for a command that a closed pipe ended.
PIPE_CLOSED = 128 + 13


def no_screen() -> bool:
    """No screen a browser window could show on: Linux with neither DISPLAY nor
    WAYLAND_DISPLAY (an ssh session, a container). Other systems always have one."""
    return sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


def pipe_closed() -> NoReturn:
    """What reads stdout stopped reading (`tebiki show FLOW | head -1`): the command ends
    quietly, as a Unix tool does. stdout is pointed at devnull, so that what is still buffered
    for it does not fail again on the way out (the advice of Python's signal docs; SIGPIPE at
    its default would instead kill the command in the middle of closing the browser)."""
    with suppress(OSError, ValueError):  # a stdout already closed or detached
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    sys.exit(PIPE_CLOSED)
