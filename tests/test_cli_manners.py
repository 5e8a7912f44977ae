"""The real `tebiki` command in a subprocess, for what a new user meets first: a golden folder
with a mistyped name, counts in words, a pipe closed by `head`, no folders left behind, the
summary's counts, and being told when the walk plays on the bundled mock site rather than on
a site of their own (a tiny one here, served by a real HTTP server)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from tebiki.words import counted, every
from tests.in_process import in_process_command

ROOT = Path(__file__).resolve().parent.parent
FLOWS = ROOT / "flows"
MOCK_NOTICE = "playing {flow} on the bundled mock site (give --base-url for your own site)"
MOCK_HINT = "(played on the bundled mock site; give --base-url for yours)"
PIPE_CLOSED = 141  # 128 + SIGPIPE, as a shell reports a command a closed pipe ended

Tebiki = Callable[..., subprocess.CompletedProcess[str]]


def environment(**extra: str) -> dict[str, str]:
    """The user's environment without tebiki's settings: the artifacts folder is the default
    one, tebiki-artifacts/ in the working folder, so what is left there shows."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("TEBIKI_")}
    env.update(extra)
    return env


@pytest.fixture
def tebiki(tmp_path: Path, browser: Browser) -> Tebiki:
    """The command in this process on the worker's browser (tests/in_process.py), as a user
    runs it: the artifacts folder is the default one, so what is left there shows."""
    command = in_process_command(tmp_path, browser)

    def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return command(*args, env={"TEBIKI_ARTIFACTS": None})

    return run


# -- a tiny site of the user's own ---------------------------------------------------------------

PAGES = {
    "/": "<header><a href='/help'>ヘルプ</a></header><main><h1>ホーム</h1></main>",
    "/help": "<header><a href='/'>ホーム</a></header><main><h1>ヘルプ</h1></main>",
}
TINY_FLOW = """\
title: 小さなサイトのヘルプを開く
start: /
steps:
  - click: {link: ヘルプ}
    effect: navigate
    caption: ヘルプを開く
  - expect: {heading: ヘルプ}
    caption: ヘルプのページ
"""


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        body = PAGES.get(self.path.split("?")[0])
        if body is None:
            self.send_error(404)
            return
        page = f"<!doctype html><html lang='ja'><title>小さなサイト</title><body>{body}</body>"
        data = page.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


@pytest.fixture(scope="module")
def tiny_site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def walk_args(command: str) -> list[str]:
    """The command's own options for a walk: shots writes into out/."""
    return ["-o", "out"] if command == "shots" else []


# -- 1. the golden folder -------------------------------------------------------------------------


def test_a_golden_folder_that_does_not_exist_is_named_and_no_update_is_advised(
    tebiki: Tebiki, tmp_path: Path
) -> None:
    done = tebiki("check-shots", "find-help", "--golden", "goldne")
    assert done.returncode == 2
    assert done.stderr == "error: --golden goldne: no such folder (is the name right?)\n"
    assert "--update" not in done.stdout + done.stderr
    assert list(tmp_path.iterdir()) == []  # no golden folder, no artifacts: nothing made


def test_update_makes_the_golden_folder_it_is_given_and_a_match_leaves_no_folders(
    tebiki: Tebiki, tmp_path: Path
) -> None:
    made = tebiki("check-shots", "find-help", "--golden", "golden", "--update")
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines()[-1] == "golden images made: 5 in golden"
    again = tebiki("check-shots", "find-help", "--golden", "golden")
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[-1] == "all 5 images match golden."
    # The diffs folder (tebiki-artifacts/check-shots/find-help) is not left behind empty.
    assert sorted(path.name for path in tmp_path.iterdir()) == ["golden"]


# -- 2. counts in words ---------------------------------------------------------------------------


def test_counts_are_said_in_the_singular_for_one(tebiki: Tebiki, tmp_path: Path) -> None:
    assert (counted(1, "flow"), counted(2, "flow"), counted(0, "step")) == (
        "1 flow",
        "2 flows",
        "0 steps",
    )
    assert (every(1, "cell"), every(3, "cell")) == ("1 cell", "all 3 cells")
    lines = TINY_FLOW.splitlines()
    (tmp_path / "one.yaml").write_text("\n".join(lines[:6]) + "\n", encoding="utf-8")
    done = tebiki("validate", "one.yaml")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "ok  one.yaml  (1 step)"


def test_the_mock_sites_requests_are_counted_in_words(tebiki: Tebiki) -> None:
    done = tebiki("run", "find-help")
    assert done.returncode == 0, done.stderr
    assert "done: all 5 steps performed on " in done.stdout
    assert "mock site: 0 changing requests (POST and the like) recorded." in done.stdout


# -- 3. a closed pipe -----------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["check --list", "show withdraw-social", "flows"])
def test_a_pipe_closed_by_head_ends_quietly(command: str, tmp_path: Path) -> None:
    done = subprocess.run(
        ["sh", "-c", f"'{sys.executable}' -m tebiki {command} | head -1"],
        cwd=tmp_path,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == 1
    assert done.stderr == ""


@pytest.mark.parametrize(
    "args", [["show", "withdraw-social"], ["check", "--list"], ["dry-run", "find-help"]]
)
def test_a_pipe_closed_before_the_first_line_ends_quietly_with_sigpipes_status(
    args: list[str], tmp_path: Path
) -> None:
    # Closed before the command writes at all: the first line already meets it (head can be
    # quick or slow to stop reading; this cannot).
    reader, writer = os.pipe()
    os.close(reader)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tebiki", *args],
            cwd=tmp_path,
            env=environment(),
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(writer)
    assert done.returncode == PIPE_CLOSED
    assert done.stderr == ""  # no "error: cannot write: Broken pipe", no traceback
    assert list(tmp_path.iterdir()) == []


# -- 4. no folders left behind --------------------------------------------------------------------


@pytest.mark.parametrize("command", ["dry-run", "run"])
def test_a_passing_walk_leaves_no_artifacts_folder(
    tebiki: Tebiki, tmp_path: Path, command: str
) -> None:
    done = tebiki(command, "find-help")
    assert done.returncode == 0, done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_passing_check_leaves_no_artifacts_folder(tebiki: Tebiki, tmp_path: Path) -> None:
    # A cell refused as expected: its failure screenshot was written, and is taken away again.
    done = tebiki("check", "withdraw-email", "-k", "social-clean-article", timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 cell passed in " in done.stdout and " with 1 worker" in done.stdout
    assert list(tmp_path.iterdir()) == []


# -- 5. the summary counts what happened ----------------------------------------------------------


def test_the_dry_run_does_not_count_a_step_it_did_not_check(tebiki: Tebiki, tmp_path: Path) -> None:
    # withdraw-social up to its submit, then what the site says after it: the dry run sends no
    # submit, so that last step is not checked, and the summary does not count it.
    text = (FLOWS / "withdraw-social.yaml").read_text(encoding="utf-8")
    submit = "    caption_en: Click ログイン情報を更新する (Update login details)\n"
    flow = text[: text.index(submit) + len(submit)] + (
        "  - expect: パスワードを更新しました\n    caption: パスワードが更新された\n"
    )
    (tmp_path / "set-password.yaml").write_text(flow, encoding="utf-8")
    done = tebiki("dry-run", "set-password.yaml")
    assert done.returncode == 0, done.stderr
    assert " 9/9  not checked" in done.stdout
    assert re.search(
        r"^dry run done: 8 of 9 steps checked on http://127\.0\.0\.1:\d+/ "
        r"\(1 optional step not on the page, 1 not checked\); "
        r"1 reveal hover \(the pointer on a menu the flow reveals\); "
        r"nothing was clicked, typed or sent\.$",
        done.stdout,
        re.MULTILINE,
    ), done.stdout


# -- 6. the bundled mock site, said ----------------------------------------------------------------


@pytest.mark.parametrize("command", ["run", "dry-run", "shots"])
def test_a_walk_on_the_bundled_mock_site_says_so_first(tebiki: Tebiki, command: str) -> None:
    done = tebiki(command, "find-help", *walk_args(command))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == MOCK_NOTICE.format(flow="find-help")


@pytest.mark.parametrize("command", ["run", "dry-run", "shots"])
def test_a_walk_on_a_site_of_ones_own_says_nothing_of_the_mock(
    tebiki: Tebiki, tmp_path: Path, tiny_site: str, command: str
) -> None:
    (tmp_path / "tiny.yaml").write_text(TINY_FLOW, encoding="utf-8")
    done = tebiki(command, "tiny.yaml", "--base-url", tiny_site, *walk_args(command))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith(" 1/2  ")
    assert "mock" not in done.stdout + done.stderr


def test_a_flow_that_names_its_site_is_not_played_on_the_mock(
    tebiki: Tebiki, tmp_path: Path, tiny_site: str
) -> None:
    (tmp_path / "tiny.yaml").write_text(f"base_url: {tiny_site}\n{TINY_FLOW}", encoding="utf-8")
    done = tebiki("dry-run", "tiny.yaml")
    assert done.returncode == 0, done.stderr
    assert "mock" not in done.stdout + done.stderr
    assert f"checked on {tiny_site}/" in done.stdout


def test_a_target_missing_on_the_mock_says_where_it_was_looked_for(
    tebiki: Tebiki, tmp_path: Path
) -> None:
    flow = (FLOWS / "find-help.yaml").read_text(encoding="utf-8")
    (tmp_path / "renamed.yaml").write_text(
        flow.replace("{link: お問い合わせ, within: footer}", "{link: お問合せ, within: footer}"),
        encoding="utf-8",
    )
    done = tebiki("dry-run", "renamed.yaml", "--timeout", "1000")
    assert done.returncode == 1
    first = done.stderr.splitlines()[0]
    assert first.startswith("error: step 2 (") and "「お問合せ」" in first
    assert first.endswith(f"closest labels on the page: お問い合わせ、お知らせ {MOCK_HINT}")
    assert done.stderr.splitlines()[1].startswith("screenshot: ")
    assert "Traceback" not in done.stderr


def test_a_target_missing_on_ones_own_site_says_nothing_of_the_mock(
    tebiki: Tebiki, tmp_path: Path, tiny_site: str
) -> None:
    (tmp_path / "tiny.yaml").write_text(
        TINY_FLOW.replace("{link: ヘルプ}", "{link: サポート}"), encoding="utf-8"
    )
    done = tebiki("dry-run", "tiny.yaml", "--base-url", tiny_site, "--timeout", "1000")
    assert done.returncode == 1
    assert done.stderr.startswith(
        f"error: step 1 (ヘルプを開く): link 「サポート」 not found on {tiny_site}/"
    )
    assert "mock" not in done.stdout + done.stderr
