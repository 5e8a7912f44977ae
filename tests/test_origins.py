"""A flow stays on its site: two real servers on loopback (two origins), the flow's site
linking and redirecting to the other. Whatever leads off the flow's origins stops the flow
with exit 1 naming the address, before anything is done on the other site."""

from __future__ import annotations

import subprocess
import textwrap
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

Tebiki = Callable[..., subprocess.CompletedProcess[str]]


class Server:
    """A tiny site on 127.0.0.1 that logs every request it gets."""

    def __init__(self, pages: Callable[[str], tuple[int, dict[str, str], str]]) -> None:
        self.requests: list[tuple[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                self._answer()

            def do_POST(self) -> None:  # noqa: N802
                self._answer()

            def _answer(self) -> None:
                server.requests.append((self.command, self.path))
                status, headers, body = pages(self.path)
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def page(body: str) -> tuple[int, dict[str, str], str]:
    return 200, {}, f"<!DOCTYPE html><html lang='ja'><body>{body}</body></html>"


@pytest.fixture
def sites() -> Iterator[tuple[Server, Server]]:
    other = Server(
        lambda path: page("<h1>外のサイト</h1><label>パスワード<input type=password></label>")
    )

    def home(path: str) -> tuple[int, dict[str, str], str]:
        if path == "/away":
            return 302, {"Location": other.url + "/"}, ""
        return page(f"<h1>ホーム</h1><a href='{other.url}/'>外へ</a> <a href='/away'>移動</a>")

    site = Server(home)
    yield site, other
    site.close()
    other.close()


def flow(tmp_path: Path, link: str, origins: str = "") -> Path:
    path = tmp_path / "leave.yaml"
    path.write_text(
        textwrap.dedent(
            f"""\
            title: leave the site
            {origins}
            secrets:
              password: a password
            steps:
              - click: {{link: {link}}}
                effect: navigate
              - fill: パスワード
                secret: password
            """
        ),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("mode", ["dry-run", "run"])
def test_a_link_to_another_origin_is_never_opened(
    tebiki: Tebiki, tmp_path: Path, sites: tuple[Server, Server], mode: str
) -> None:
    site, other = sites
    done = tebiki(
        mode,
        str(flow(tmp_path, "外へ")),
        "--base-url",
        site.url,
        env={"TEBIKI_PASSWORD": "s3cret-value"},
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{other.url}/" in done.stderr and "outside the flow's origins" in done.stderr
    assert "Traceback" not in done.stderr
    assert other.requests == []  # not shown, not captured, nothing typed there


def test_a_redirect_off_the_origin_stops_before_anything_is_typed(
    tebiki: Tebiki, tmp_path: Path, sites: tuple[Server, Server]
) -> None:
    site, other = sites
    done = tebiki(
        "run",
        str(flow(tmp_path, "移動")),
        "--base-url",
        site.url,
        env={"TEBIKI_PASSWORD": "s3cret-value"},
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "(a redirect)" in done.stderr and f"{other.url}/" in done.stderr
    assert "step 1" in done.stderr and "2/2" not in done.stdout  # the fill never came
    assert [method for method, _ in other.requests] == ["GET"]  # the redirect itself, only


def test_a_declared_origin_may_be_opened(
    tebiki: Tebiki, tmp_path: Path, sites: tuple[Server, Server]
) -> None:
    site, other = sites
    path = flow(tmp_path, "外へ", origins=f"origins: [{other.url}]")
    done = tebiki("dry-run", str(path), "--base-url", site.url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert other.requests == [("GET", "/")]


@pytest.mark.parametrize(
    "spelling",
    ["http://[::ffff:127.0.0.1]:{port}", "http://127.1:{port}", "http://2130706433:{port}"],
)
def test_a_declared_origin_is_reachable_however_it_is_spelled(
    spelling: str, tebiki: Tebiki, tmp_path: Path, sites: tuple[Server, Server]
) -> None:
    # The browser writes each of these hosts its own way (::ffff:7f00:1, 127.0.0.1): the
    # declared origin is the same origin, and its pages open.
    site, other = sites
    origin = spelling.format(port=other.url.rsplit(":", 1)[1])
    path = tmp_path / "spelled.yaml"
    path.write_text(
        f"title: spelled\norigins: ['{origin}']\nstart: {origin}/\nsteps:\n"
        "  - expect: 外のサイト\n",
        encoding="utf-8",
    )
    done = tebiki("dry-run", str(path), "--base-url", site.url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert other.requests == [("GET", "/")]


def test_an_address_in_a_query_is_not_where_the_flow_goes(
    tebiki: Tebiki, tmp_path: Path, sites: tuple[Server, Server]
) -> None:
    site, _ = sites
    path = tmp_path / "query.yaml"
    path.write_text(
        f"title: query\nstart: /next?return_to={site.url}/\nsteps:\n  - expect: ホーム\n",
        encoding="utf-8",
    )
    done = tebiki("dry-run", str(path), "--base-url", site.url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert site.requests == [("GET", f"/next?return_to={site.url}/")]
