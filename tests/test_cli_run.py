"""The real `tebiki` command in a subprocess, against the real mock site: runs that withdraw,
runs that stop, refusals, missing labels, a missing browser, and a password that never leaks."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from tebiki_mock import MockSession, MockSite
from tests.conftest import storage_state_for

Tebiki = Callable[..., subprocess.CompletedProcess[str]]
PASSWORD = "Tebiki-Secret-7d3f9a"
# Characters that each encoding writes differently: a browser's form body (~ as %7E, * as is,
# space as +), JSON (the quote escaped, the kana as is or as \uXXXX), a URL.
NASTY_PASSWORD = 'Te~bi*ki "パス" 7d3f+&='


def on_site(site: MockSite, session: MockSession, folder: Path) -> list[str]:
    """Options that point the command at this test's mock site, logged in as session."""
    state = storage_state_for(site, session, folder)
    return [
        "--base-url",
        site.base_url,
        "--storage-state",
        str(state),
        "--var",
        f"display_name={session.display_name}",
        "--timeout",
        "3000",
    ]


def test_run_with_confirm_withdraws_and_login_fails_afterwards(
    mock_site: MockSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    session = mock_site.open_session("email")
    assert session.password is not None
    assert mock_site.login(session.email, session.password) is not None
    result = tebiki("run", "withdraw-email", "--confirm", *on_site(mock_site, session, tmp_path))
    assert result.returncode == 0, result.stderr
    assert " 8/9  clicked" in result.stdout and " 9/9  seen" in result.stdout
    assert "done: all 9 steps performed" in result.stdout
    assert not mock_site.account_exists(session.email)
    assert mock_site.login(session.email, session.password) is None
    assert [m["path"] for m in mock_site.mutations(session)][-1:] == ["/withdrawal"]


def test_run_without_confirm_stops_before_withdrawing(
    mock_site: MockSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    session = mock_site.open_session("social")
    result = tebiki(
        "run",
        "withdraw-social",
        *on_site(mock_site, session, tmp_path),
        env={"TEBIKI_PASSWORD": PASSWORD},
    )
    assert result.returncode == 0, result.stderr
    assert "15/16  not performed" in result.stdout
    assert "stopped before step 15" in result.stdout
    # The same command again, with its options (the site, the session) and --confirm.
    hint = f"to perform it: tebiki run withdraw-social --base-url {mock_site.base_url} "
    assert hint in result.stdout
    assert " --confirm (or run at a terminal and confirm when asked)" in result.stdout
    assert mock_site.account_exists(session.email)
    assert mock_site.has_password(session.email)  # the steps before it were performed
    assert mock_site.login(session.email, PASSWORD) is not None
    paths = [m["path"] for m in mock_site.mutations(session)]
    assert "/withdrawal" not in paths and "/account/login_info" in paths


@pytest.mark.parametrize("password", [PASSWORD, NASTY_PASSWORD])
def test_social_withdrawal_sets_the_password_then_leaves_and_never_shows_it(
    mock_site: MockSite, tebiki: Tebiki, tmp_path: Path, password: str
) -> None:
    session = mock_site.open_session("social")
    trace = tmp_path / "out" / "trace.zip"
    shots = tmp_path / "out" / "shots"
    result = tebiki(
        "run",
        "withdraw-social",
        "--confirm",
        "--trace",
        str(trace),
        "--screenshots",
        str(shots),
        "--log-format",
        "json",
        "-vv",
        *on_site(mock_site, session, tmp_path),
        env={"TEBIKI_PASSWORD": password},
    )
    assert result.returncode == 0, result.stderr
    assert "16/16  seen" in result.stdout
    assert not mock_site.account_exists(session.email)
    assert mock_site.login(session.email, password) is None

    assert password not in result.stdout + result.stderr
    assert " 6/16  typed" in result.stdout and "••••••••" in result.stdout
    assert trace.is_file() and len(list(shots.glob("*.png"))) >= 10
    assert [path.name for path in trace.parent.iterdir() if path.name.startswith(".")] == []
    with zipfile.ZipFile(trace) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    # The trace recorded the form post as the browser encoded it: both fields scrubbed.
    bodies = [blob for blob in members.values() if b"password_confirmation=" in blob]
    assert bodies, "the trace holds no form post to check"
    for body in bodies:
        fields = re.findall(rb"(?:^|&)(password(?:_confirmation)?)=([^&\s\"]*)", body)
        assert fields and {value for _, value in fields} == {b"********"}, body[:300]
    encodings = {
        password,
        quote_plus(password),
        quote(password, safe=""),
        json.dumps(password)[1:-1],
        json.dumps(password, ensure_ascii=False)[1:-1],
    }
    for name, blob in members.items():
        text = blob.decode("utf-8", "replace")
        for encoded in encodings:
            assert encoded not in text, (name, encoded)


def test_a_social_account_without_a_password_is_refused_with_the_sites_reason(
    mock_site: MockSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    session = mock_site.open_session("social")
    result = tebiki("run", "withdraw-email", "--confirm", *on_site(mock_site, session, tmp_path))
    assert result.returncode == 1
    # The site shows the same notice before and after 退会する: the answer is still a refusal,
    # said at the step that was refused.
    assert result.stderr.startswith(
        "error: step 8 (「退会する」をクリック): the site refused it: "
        "パスワードが設定されていません"
    )
    assert "Traceback" not in result.stderr
    assert mock_site.account_exists(session.email)


def test_a_missing_label_names_the_step_the_label_and_the_closest_labels(
    mock_site: MockSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    flow = Path(__file__).parent.parent / "flows" / "withdraw-email.yaml"
    (tmp_path / "renamed.yaml").write_text(
        flow.read_text(encoding="utf-8").replace("{link: 基本情報編集,", "{link: 基本情報の編集,"),
        encoding="utf-8",
    )
    session = mock_site.open_session("email")
    result = tebiki("dry-run", "renamed.yaml", *on_site(mock_site, session, tmp_path))
    assert result.returncode == 1
    message = result.stderr.strip().splitlines()
    assert message[0] == (
        "error: step 5 (「基本情報編集」をクリック): link 「基本情報の編集」 under 共通情報 "
        f"not found on {mock_site.base_url}/profile/edit; "
        "closest labels on the page: 基本情報編集"
    )
    assert message[1].endswith(
        "  (marked: where it was expected (共通情報), the closest label 「基本情報編集」)"
    )
    assert Path(message[1].removeprefix("screenshot: ").split("  (")[0]).is_file()
    assert mock_site.mutations(session) == []


def test_no_browser_exits_3_with_advice(tebiki: Tebiki) -> None:
    result = tebiki("dry-run", "withdraw-email", env={"TEBIKI_BROWSER_PATH": "/nonexistent"})
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(
        "error: browser not found at /nonexistent (from --browser-path or TEBIKI_BROWSER_PATH): "
        f"install one: `{sys.executable} -m playwright install chromium`, or on Debian and "
        "Ubuntu `sudo apt-get install chromium fonts-noto-cjk`"
    )
    # The command it gives exists wherever tebiki is installed: the Playwright it came with.
    advised = lines[0].split("`")[1].split()
    assert subprocess.run([*advised[:3], "--help"], capture_output=True).returncode == 0


def test_an_unreachable_site_exits_3(tebiki: Tebiki) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago, now closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = tebiki(
        "dry-run",
        "withdraw-email",
        "--base-url",
        f"http://127.0.0.1:{port}",
        "--var",
        "display_name=ナミ",
    )
    assert result.returncode == 3
    assert result.stderr.startswith(
        f"error: site unreachable: http://127.0.0.1:{port}/ (net::ERR_CONNECTION_REFUSED)"
    )


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (
            ["--base-url", "http://127.0.0.1:9"],
            {},
            "error: the flow needs --var display_name=VALUE "
            "(あなたのクラウドワークスでの名前(ページの上の方に表示される表示名))",
        ),
        (
            ["--var", "nickname=ナミ"],
            {},
            "error: --var nickname: the flow has no such variable (its variables: display_name)",
        ),
        (
            [],
            {"TEBIKI_SLOW_MO": "fast"},
            "error: setting slow_mo (option --slow-mo or TEBIKI_SLOW_MO): "
            "Input should be a valid integer, unable to parse string as an integer",
        ),
        (["--scenario", "no-such-scenario"], {}, None),
        (
            ["--base-url", "example"],
            {},
            "error: setting base_url (option --base-url or TEBIKI_BASE_URL): "
            "'example' is not an http:// or https:// address",
        ),
        (
            ["--var", "display_name="],
            {},
            "error: --var display_name is empty "
            "(あなたのクラウドワークスでの名前(ページの上の方に表示される表示名))",
        ),
        (
            ["--storage-state", "state.json"],
            {},
            "error: --storage-state state.json:1: not valid JSON: Expecting value",
        ),
        (["--screenshots", "not-a-folder/shots"], {}, None),
    ],
)
def test_bad_options_exit_2_with_one_line(
    tebiki: Tebiki, args: list[str], env: dict[str, str], message: str | None, tmp_path: Path
) -> None:
    (tmp_path / "state.json").write_text("cookies: none\n")
    (tmp_path / "not-a-folder").write_text("a file where a folder should be\n")
    result = tebiki("dry-run", "withdraw-email", *args, env=env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    if message:
        assert lines[0] == message


def test_run_on_another_site_without_the_secret_and_no_terminal_exits_2(
    mock_site: MockSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    session = mock_site.open_session("social")
    result = tebiki("run", "withdraw-social", *on_site(mock_site, session, tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: the flow needs the secret 'password': set "
        "TEBIKI_PASSWORD (environment or .env) or run it at a "
        "terminal to be asked"
    )
    assert mock_site.mutations(session) == []


def test_the_default_target_is_the_bundled_mock_site(tebiki: Tebiki) -> None:
    dry = tebiki("dry-run", "withdraw-social", "--labels", "faq")
    assert dry.returncode == 0, dry.stderr
    assert "mock site: 0 changing requests" in dry.stdout
    real = tebiki("run", "withdraw-email", "--confirm")
    assert real.returncode == 0, real.stderr
    assert "done: all 9 steps performed" in real.stdout
    assert "mock site: 1 changing request (POST and the like) recorded." in real.stdout
