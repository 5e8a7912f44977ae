"""Times `tebiki check` through --connect (browsers from a local `playwright run-server` on
loopback) against the same check on a locally launched browser, whole processes, interleaved in
one run; prints the ratio of the medians. Target: at most 1.2.

    .venv/bin/python bench/connect_vs_local.py [--rounds N]
"""

import os
import signal
import subprocess
import sys
import time

from timing import main

from tebiki.browser import find_browser

CELLS = ["withdraw-email", "-k", "email-clean", "-k", "email-all-blockers"]


def start_server() -> tuple[subprocess.Popen[str], str]:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "playwright",
            "run-server",
            "--port",
            "0",
            "--host",
            "127.0.0.1",
            "--unsafe",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    assert server.stdout is not None
    deadline = time.monotonic() + 30
    line = ""
    while time.monotonic() < deadline and "Listening on" not in line:
        line = server.stdout.readline()
    if "Listening on" not in line:
        sys.exit(f"playwright run-server did not start: {line}")
    return server, line.split("Listening on", 1)[1].strip()


server, address = start_server()
try:
    check = [sys.executable, "-m", "tebiki", "check", "--trace", "off", *CELLS]
    main(
        __doc__ or "",
        check,
        [*check, "--connect", address, "--browser-path", str(find_browser(headless=True))],
        ("tebiki check, local browser", "tebiki check --connect"),
        1.2,
    )
finally:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=10)
