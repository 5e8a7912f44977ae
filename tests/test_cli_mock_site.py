"""`tebiki mock-site`: a standalone mock site a person (or --base-url) can walk."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from http.cookiejar import CookieJar

MOCK_SITE_COMMAND = [sys.executable, "-m", "tebiki", "mock-site", "--port", "0"]


def test_mock_site_serves_a_logged_in_dashboard_on_loopback() -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("TEBIKI_")}
    server = subprocess.Popen(MOCK_SITE_COMMAND, stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert line.startswith("mock site: http://127.0.0.1:"), line
        url = line.split()[2]
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        deadline = time.monotonic() + 10
        while True:
            try:
                with opener.open(url, timeout=5) as response:
                    page = response.read().decode("utf-8")
                    final = response.geturl()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        assert final.endswith("/dashboard")
        assert "ナミさん、こんにちは" in page and "マイページ" in page
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_busy_port_exits_3() -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [*MOCK_SITE_COMMAND[:-1], str(port)], capture_output=True, text=True, timeout=30
        )
    assert result.returncode == 3
    assert result.stderr.startswith(f"error: cannot listen on 127.0.0.1:{port}")
