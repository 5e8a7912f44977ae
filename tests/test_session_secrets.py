"""Sessions are secrets: the cookies and web storage that log the browser in (--storage-state,
the bundled mock's own session) never reach a trace, a log or a report in the clear, and what
a walk writes (traces, failure screenshots) is for its owner only."""

from __future__ import annotations

import json
import stat
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, quote_plus

from tebiki.browser import storage_state_values
from tebiki.playing.walk import private_folder
from tebiki.redact import REDACTED, Secrets
from tebiki_mock import MockSession, MockSite
from tests.sites.hostile import HostileSite
from tests.sites.serving import cookie_storage_state

Tebiki = Callable[..., subprocess.CompletedProcess[str]]
FLOW = Path(__file__).resolve().parent.parent / "flows" / "withdraw-email.yaml"
STORAGE_VALUE = "tebiki-local-storage-7Qx~9"  # written differently raw and URL-encoded
REMEMBER = "remember-me-5Fq2Zt8Lw"  # a "remember me" cookie of a storage state


def storage_state(
    site: MockSite, session: MockSession, folder: Path, mode: int = 0o600
) -> tuple[Path, str]:
    """A storage state that logs in as the session (its cookie) and keeps a token in the
    site's localStorage; its path and the cookie's value."""
    cookie = session.cookie(site.base_url)
    path = folder / "state.json"
    path.write_text(
        json.dumps(
            {
                "cookies": [
                    {
                        "name": cookie["name"],
                        "value": cookie["value"],
                        "domain": "127.0.0.1",
                        "path": "/",
                        "expires": -1,
                        "httpOnly": True,
                        "secure": False,
                        "sameSite": "Lax",
                    },
                    {  # too short to be taken for a secret: left as it is
                        "name": "lang",
                        "value": "ja",
                        "domain": "127.0.0.1",
                        "path": "/",
                        "expires": -1,
                        "httpOnly": False,
                        "secure": False,
                        "sameSite": "Lax",
                    },
                ],
                "origins": [
                    {
                        "origin": site.base_url,
                        "localStorage": [{"name": "token", "value": STORAGE_VALUE}],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    path.chmod(mode)
    return path, cookie["value"]


def trace_members(trace: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(trace) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def session_cookies_in(trace: Path, name: str = MockSession.cookie_name) -> list[str]:
    """Every value the trace's network log shows for the cookie: in Cookie and Set-Cookie
    headers and in the requests' and responses' cookie lists."""
    found: list[str] = []
    network = trace_members(trace)["trace.network"].decode("utf-8")
    for line in network.splitlines():
        entry = json.loads(line).get("snapshot", {})
        for side, header in (("request", "cookie"), ("response", "set-cookie")):
            message = entry.get(side, {})
            for each in message.get("headers", []):
                if each["name"].lower() == header:
                    for pair in each["value"].split(";"):
                        key, _, value = pair.strip().partition("=")
                        if key == name:
                            found.append(value)
            found += [c["value"] for c in message.get("cookies", []) if c["name"] == name]
    return found


def assert_nowhere(members: dict[str, bytes], *values: str) -> None:
    for value in values:
        for form in {value, quote(value, safe=""), quote_plus(value)}:
            leaked = [name for name, data in members.items() if form.encode() in data]
            assert not leaked, (form, leaked)


def test_a_dry_run_trace_keeps_no_session_of_the_storage_state(
    mock_site: MockSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    session = mock_site.open_session("email")
    state, cookie_value = storage_state(mock_site, session, tmp_path)
    result = tebiki(
        "dry-run",
        "withdraw-email",
        "--base-url",
        mock_site.base_url,
        "--storage-state",
        str(state),
        "--var",
        f"display_name={session.display_name}",
        "--trace",
        "traces/t.zip",
    )
    assert result.returncode == 0, result.stderr
    assert "chmod" not in result.stderr  # an owner-only storage state draws no warning
    trace = tmp_path / "traces" / "t.zip"
    members = trace_members(trace)
    assert_nowhere(members, cookie_value, STORAGE_VALUE)
    assert cookie_value not in result.stdout + result.stderr
    seen = session_cookies_in(trace)
    assert seen and set(seen) == {REDACTED}  # sent with every request, scrubbed in each
    assert stat.S_IMODE(trace.stat().st_mode) == 0o600
    assert stat.S_IMODE(trace.parent.stat().st_mode) == 0o700  # made by the walk
    assert [path.name for path in trace.parent.iterdir()] == ["t.zip"]  # no unscrubbed copy
    assert not (tmp_path / "artifacts").exists()  # nothing failed: no artifacts folder left


def test_a_run_on_the_bundled_mock_keeps_its_session_out_of_the_trace(
    tebiki: Tebiki, tmp_path: Path
) -> None:
    result = tebiki("run", "withdraw-email", "--confirm", "--trace", "t.zip")
    assert result.returncode == 0, result.stderr
    assert "done: all 9 steps performed" in result.stdout
    trace = tmp_path / "t.zip"
    seen = session_cookies_in(trace)
    # The mock's session went with every request; withdrawing clears it (an empty value).
    assert REDACTED in seen and set(seen) <= {REDACTED, ""}, seen
    assert stat.S_IMODE(trace.stat().st_mode) == 0o600


def test_a_world_readable_storage_state_is_warned_about_once(
    mock_site: MockSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    session = mock_site.open_session("email")
    state, cookie_value = storage_state(mock_site, session, tmp_path, mode=0o644)
    result = tebiki(
        "dry-run",
        "withdraw-email",
        "--base-url",
        mock_site.base_url,
        "--storage-state",
        str(state),
        "--var",
        f"display_name={session.display_name}",
    )
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "chmod 600" in line]
    assert len(warnings) == 1, result.stderr
    assert str(state) in warnings[0] and "warning" in warnings[0]
    assert cookie_value not in result.stderr


def test_a_failed_step_leaves_owner_only_artifacts(
    mock_site: MockSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    (tmp_path / "renamed.yaml").write_text(
        FLOW.read_text(encoding="utf-8").replace("{link: 基本情報編集,", "{link: 基本情報の編集,"),
        encoding="utf-8",
    )
    session = mock_site.open_session("email")
    state, cookie_value = storage_state(mock_site, session, tmp_path)
    result = tebiki(
        "dry-run",
        "renamed.yaml",
        "--base-url",
        mock_site.base_url,
        "--storage-state",
        str(state),
        "--var",
        f"display_name={session.display_name}",
        "--timeout",
        "3000",
        "--trace",
        "t.zip",
    )
    assert result.returncode == 1
    artifacts = tmp_path / "artifacts"  # the tebiki fixture's TEBIKI_ARTIFACTS
    shots = list(artifacts.iterdir())
    assert [shot.name for shot in shots] == ["failed-step-05.png"]
    assert f"screenshot: {shots[0]}" in result.stderr
    assert stat.S_IMODE(artifacts.stat().st_mode) == 0o700
    assert stat.S_IMODE(shots[0].stat().st_mode) == 0o600
    trace = tmp_path / "t.zip"
    assert stat.S_IMODE(trace.stat().st_mode) == 0o600
    assert_nowhere(trace_members(trace), cookie_value, STORAGE_VALUE)
    assert cookie_value not in result.stdout + result.stderr


def test_storage_state_values_are_secrets_unless_too_short() -> None:
    state = {
        "cookies": [{"name": "sid", "value": "s3ss10n-value"}, {"name": "lang", "value": "ja"}],
        "origins": [
            {
                "origin": "https://example.test",
                "localStorage": [{"name": "jwt", "value": "eyJhbGciOi.x.y"}],
                "sessionStorage": [{"name": "csrf", "value": "c5rf-t0ken"}],
            },
            {"origin": "https://other.test"},  # no storage at all
        ],
    }
    values = storage_state_values(state)
    assert values == ["s3ss10n-value", "ja", "eyJhbGciOi.x.y", "c5rf-t0ken"]
    secrets = Secrets()
    for value in values:
        secrets.add_session(value)
    assert "ja" not in secrets and len(secrets) == 3
    assert (
        secrets.redact("Cookie: sid=s3ss10n-value; lang=ja") == f"Cookie: sid={REDACTED}; lang=ja"
    )
    assert storage_state_values({"cookies": "nonsense", "origins": [1, None]}) == []


def test_private_folder_makes_each_missing_level_owner_only(tmp_path: Path) -> None:
    (tmp_path / "kept").mkdir(mode=0o755)
    (tmp_path / "kept").chmod(0o755)
    made = private_folder(tmp_path / "kept" / "a" / "b")
    assert made == [tmp_path / "kept" / "a", tmp_path / "kept" / "a" / "b"]
    assert [stat.S_IMODE(path.stat().st_mode) for path in made] == [0o700, 0o700]
    assert stat.S_IMODE((tmp_path / "kept").stat().st_mode) == 0o755  # not made here
    assert private_folder(tmp_path / "kept" / "a" / "b") == []


def _issued_flow(folder: Path) -> Path:
    flow = folder / "login.yaml"
    flow.write_text(
        "title: login\nlang: en\nstart: /login\nsteps:\n"
        "  - click: {link: Next page}\n    effect: navigate\n    caption: Go on\n"
        "  - expect: Done\n    caption: The end\n"
    )
    return flow


def test_a_session_the_site_issues_during_a_run_is_out_of_the_trace(
    tebiki: Tebiki, tmp_path: Path
) -> None:
    # The site logs the browser in as the run goes (a cookie, a web-storage token): nothing
    # of it was known before, and none of it may be in the trace in the clear.
    with HostileSite().start() as site:
        flow = _issued_flow(tmp_path)
        result = tebiki("run", str(flow), "--base-url", site.base_url, "--trace", "t.zip")
        issued = site.seen("issued")
    assert result.returncode == 0, result.stdout + result.stderr
    members = trace_members(tmp_path / "t.zip")
    assert len(issued) == 2
    assert_nowhere(members, *issued)
    assert REDACTED in session_cookies_in(tmp_path / "t.zip", "sid")


def test_check_traces_keep_no_session_of_the_storage_state(tebiki: Tebiki, tmp_path: Path) -> None:
    with HostileSite().start() as site:
        flow = _issued_flow(tmp_path)
        state = cookie_storage_state(tmp_path / "state.json", "remember", REMEMBER)
        result = tebiki(
            "check",
            str(flow),
            "--base-url",
            site.base_url,
            "--storage-state",
            str(state),
            "--trace",
            "on",
            "--artifacts",
            "art",
        )
        issued = site.seen("issued")
    assert result.returncode == 0, result.stdout + result.stderr
    traces = list((tmp_path / "art").rglob("trace.zip"))
    assert len(traces) == 1, traces
    members = trace_members(traces[0])
    assert_nowhere(members, REMEMBER, *issued)
    assert set(session_cookies_in(traces[0], "remember")) == {REDACTED}
