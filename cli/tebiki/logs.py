"""One structlog configuration for the whole process: logs to stderr, results stay on stdout.

Every secret value the process knows is replaced before a log line is rendered, wherever it
appears in the event.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

from tebiki.redact import redact


def _redact_event(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key, value in event.items():
        if isinstance(value, str):
            event[key] = redact(value)
        elif value is not None and not isinstance(value, int | float | bool):
            event[key] = redact(str(value))
    return event


def configure(log_format: str | None = None, verbosity: int = 0) -> None:
    """Warnings by default; -v adds what the tool is doing, -vv every step's detail."""
    fmt = log_format or "console"
    renderer: Any = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            _redact_event,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(
            (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbosity, 2)]
        ),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        # Not cached: a program (or a test suite) that runs several commands in one process
        # configures again for each, and its loggers must follow the newest configuration
        # and the stderr of the moment. The tool logs a few lines a run; caching saves nothing.
        cache_logger_on_first_use=False,
    )
