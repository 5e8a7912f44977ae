"""The mock site answers only to its own loopback name: a page elsewhere that points a name
of its own at 127.0.0.1 (DNS rebinding) gets no page and no session, above all from
`tebiki mock-site`, which logs every visitor in."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from tebiki_mock import MockSite


def get(port: int, host: str, path: str = "/dashboard") -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": host})  # in place of http.client's own
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.fixture(scope="module")
def standalone() -> Iterator[int]:
    """`tebiki mock-site` as a person starts it (it logs visitors in by itself); its port."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("TEBIKI_")}
    server = subprocess.Popen(
        [sys.executable, "-m", "tebiki", "mock-site", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert line.startswith("mock site: http://127.0.0.1:"), line
        port = int(line.split()[2].rstrip("/").rsplit(":", 1)[1])
        deadline = time.monotonic() + 10
        while True:
            try:
                get(port, f"127.0.0.1:{port}", "/login")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize(
    "host", ["evil.test:{port}", "evil.test", "127.0.0.1", "127.0.0.1:1", "localhost.evil.test"]
)
def test_another_host_name_is_refused_and_not_logged_in(standalone: int, host: str) -> None:
    response = get(standalone, host.format(port=standalone))
    assert response.status == 421
    assert response.getheader("Set-Cookie") is None
    assert response.getheader("Location") is None


def test_no_host_header_is_refused(standalone: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", standalone, timeout=10)
    connection.putrequest("GET", "/dashboard", skip_host=True)
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 421
    assert response.getheader("Set-Cookie") is None
    connection.close()


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}"])
def test_its_own_name_is_served_and_logged_in(standalone: int, host: str) -> None:
    response = get(standalone, host.format(port=standalone))
    assert response.status == 200
    assert (response.getheader("Set-Cookie") or "").startswith("cw_mock_session=")


def test_the_in_process_mock_serves_its_own_base_url(mock_site: MockSite) -> None:
    session = mock_site.open_session("email")
    cookie = f"{session.cookie_name}={session.cookie_value}"
    connection = http.client.HTTPConnection("127.0.0.1", mock_site.port, timeout=10)
    connection.request("GET", "/dashboard", headers={"Cookie": cookie})  # Host: 127.0.0.1:PORT
    ok = connection.getresponse()
    assert ok.status == 200 and session.display_name in ok.read().decode("utf-8")
    connection.close()
    refused = get(mock_site.port, f"rebound.test:{mock_site.port}")
    assert refused.status == 421
