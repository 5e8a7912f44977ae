"""A flow file from anyone opens only http(s) pages of its site and of the origins it declares:
everything else is refused by the loader, so by every command, before any browser starts."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tebiki.errors import FlowFileError
from tebiki.flowfile.loader import parse_flow
from tebiki.flowfile.model import Flow, GotoStep, address_origin, origin_of

START = "title: t\nstart: {start}\nsteps:\n  - goto: /x\n"
GOTO = "title: t\nsteps:\n  - goto: /x\n  - goto: {goto}\n"
ONLY_WEB = (
    "a flow opens only http:// and https:// pages, of its site and of the origins it declares "
    "in origins:, not {scheme}: ones"
)

# Each kind: the file, the line and field named, and the words that say why.
HOSTILE = {
    "start-file": (
        START.format(start="file:///etc/hostname"),
        "2: start: file:///etc/hostname: " + ONLY_WEB.format(scheme="file"),
    ),
    "goto-file": (
        GOTO.format(goto="file:///etc/passwd"),
        "4: step 2: goto: file:///etc/passwd: " + ONLY_WEB.format(scheme="file"),
    ),
    "goto-data": (
        GOTO.format(goto='"data:text/html,<script>alert(1)</script>"'),
        "4: step 2: goto: data:text/html,<script>alert(1)</script>: "
        + ONLY_WEB.format(scheme="data"),
    ),
    "goto-javascript": (
        GOTO.format(goto='"javascript:alert(1)"'),
        "4: step 2: goto: javascript:alert(1): " + ONLY_WEB.format(scheme="javascript"),
    ),
    "goto-blob": (
        GOTO.format(goto="blob:https://evil.test/0b7e"),
        "4: step 2: goto: blob:https://evil.test/0b7e: " + ONLY_WEB.format(scheme="blob"),
    ),
    "goto-chrome": (
        GOTO.format(goto="chrome://settings"),
        "4: step 2: goto: chrome://settings: " + ONLY_WEB.format(scheme="chrome"),
    ),
    "goto-undeclared": (
        GOTO.format(goto="https://evil.test/x"),
        "4: step 2: goto: https://evil.test/x: the flow does not declare this origin "
        "(https://evil.test); add it to origins: if the flow really opens it",
    ),
    "goto-scheme-relative": (
        GOTO.format(goto="//evil.test/x"),
        "4: step 2: goto: //evil.test/x: a scheme-relative address (//host/path) opens "
        "another site",
    ),
}
COMMANDS = {
    "validate": ["validate"],
    "dry-run": ["dry-run"],
    "run": ["run"],
    "shots": ["shots", "-o", "out"],
}
Tebiki = Callable[..., subprocess.CompletedProcess[str]]


NO_BROWSER = {"TEBIKI_BROWSER_PATH": "no-browser-here"}  # should a command look for one


@pytest.fixture
def refused(
    tebiki: Tebiki, tmp_path: Path
) -> Callable[[str, str], tuple[Path, subprocess.CompletedProcess[str]]]:
    """A hostile kind under a command, as a user runs it in a folder of its own: no TEBIKI_
    settings (so failure screenshots would go to tebiki-artifacts/ in that folder), and no
    browser to find, should it look."""

    def play(kind: str, command: str) -> tuple[Path, subprocess.CompletedProcess[str]]:
        folder = tmp_path / f"{kind}-{command}"
        folder.mkdir()
        (folder / f"{kind}.yaml").write_text(HOSTILE[kind][0], encoding="utf-8")
        args = COMMANDS[command]
        env = {**NO_BROWSER, "TEBIKI_ARTIFACTS": None}  # the default folder, there
        return folder, tebiki(args[0], f"{kind}.yaml", *args[1:], env=env, cwd=folder)

    return play


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", HOSTILE)
def test_every_command_refuses_a_hostile_flow_before_any_browser(
    refused: Callable[[str, str], tuple[Path, subprocess.CompletedProcess[str]]],
    kind: str,
    command: str,
) -> None:
    folder, result = refused(kind, command)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"error: {kind}.yaml:{HOSTILE[kind][1]}"), result.stderr
    assert not (folder / "tebiki-artifacts").exists()
    assert not (folder / "shots").exists()
    out = folder / "out"
    assert not out.exists() or not any(out.iterdir()), "shots wrote something"


def test_shots_of_a_refused_flow_makes_no_output_folder(
    refused: Callable[[str, str], tuple[Path, subprocess.CompletedProcess[str]]],
) -> None:
    folder, result = refused("goto-file", "shots")
    assert result.returncode == 2
    assert not (folder / "out").exists()


DECLARED = (
    "title: t\n"
    "origins: [https://login.example.com, 'HTTP://Sso.Example.com:8443/']\n"
    "start: https://login.example.com/sign-in\n"
    "variables: {next: 次のページ}\n"
    "steps:\n"
    "  - goto: https://login.example.com:443/sso?next=/home\n"
    "  - goto: http://sso.example.com:8443/{next}\n"
    "  - goto: /settings/{next}\n"
    "  - goto: settings\n"
)


def test_a_declared_origin_passes_validate_and_show_lists_it(
    tebiki: Tebiki, tmp_path: Path
) -> None:
    (tmp_path / "declared.yaml").write_text(DECLARED, encoding="utf-8")
    validated, shown, bundled = (
        tebiki(*args, env=NO_BROWSER)
        for args in [
            ("validate", "declared.yaml"),
            ("show", "declared.yaml"),
            ("show", "find-help"),
        ]
    )
    assert (validated.returncode, validated.stderr) == (0, "")
    # Its goto steps have no captions: validate notes each (the tutorial makes one).
    ok, *notes = validated.stdout.splitlines()
    assert ok == "ok  declared.yaml  (4 steps)"
    assert len(notes) == 4 and all(note.startswith("note: declared.yaml:") for note in notes)
    assert shown.returncode == 0, shown.stderr
    assert (
        "opens: the site given by --base-url (or the bundled mock)\n"
        "opens: https://login.example.com\n"
        "opens: http://sso.example.com:8443\n"
    ) in shown.stdout
    assert bundled.returncode == 0, bundled.stderr
    opens = [line for line in bundled.stdout.splitlines() if line.startswith("opens:")]
    assert opens == ["opens: the site given by --base-url (or the bundled mock)"]


def test_origins_are_normalised_and_joined_by_the_site() -> None:
    flow = parse_flow(DECLARED, "declared.yaml")
    assert flow.origins == ["https://login.example.com", "http://sso.example.com:8443"]
    assert flow.allowed_origins("http://127.0.0.1:8800/prefix/") == {
        "http://127.0.0.1:8800",
        "https://login.example.com",
        "http://sso.example.com:8443",
    }
    assert flow.allowed_origins("HTTPS://user:pw@Example.COM:443/x") == {
        "https://example.com",
        "https://login.example.com",
        "http://sso.example.com:8443",
    }
    # A base URL that is no http(s) address adds nothing: only the declared ones are open.
    assert flow.allowed_origins("file:///tmp") == set(flow.origins)
    assert Flow(title="t", steps=[GotoStep(goto="/x")]).allowed_origins("http://a.test:80") == {
        "http://a.test"
    }


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://Login.Example.com:443/a?b#c", "https://login.example.com"),
        ("http://a.test:8080", "http://a.test:8080"),
        ("https://bücher.de/", "https://xn--bcher-kva.de"),
        ("http://[::1]:80/", "http://[::1]"),
        ("https://good.test\\@evil.test/", "https://good.test"),  # a browser ends the host at \
        ("about:blank", None),
        ("/path", None),
        ("data:text/html,x", None),
    ],
)
def test_origin_of_reads_an_address_as_a_browser_does(url: str, origin: str | None) -> None:
    assert origin_of(url) == origin


@pytest.mark.parametrize(
    ("goto", "problem"),
    [
        ("{next}", "a variable may fill in the path, not where the page is"),
        ("{next}/path", "a variable may fill in the path, not where the page is"),
        ("x{next}/path", "a variable may fill in the path, not where the page is"),
        ("https://{next}/", "a variable may fill in the path, not the host"),
        ("https://login.{next}/", "a variable may fill in the path, not the host"),
        ("https://me@login.example.com/", "an address with a user name or password"),
        ("https:login.example.com/", "write a full address as https://host/path"),
        ("https:///x", "write a full address as https://host/path"),
        ("/\\evil.test/x", "a scheme-relative address"),
        ("\\\\evil.test/x", "a scheme-relative address"),
        (" //evil.test/x", "a scheme-relative address"),
        ("about:blank", "not about: ones (it would open a page of the browser itself)"),
        ("view-source:https://a.test/", "not view-source: ones"),
        ("ftp://a.test/", "not ftp: ones (it is not a web page)"),
        ("JavaScript:alert(1)", "not javascript: ones (it would run a script)"),
        ("java\tscript:alert(1)", "an address has no control characters"),
        ("https://login.example.com\n.evil.test/", "an address has no control characters"),
    ],
)
def test_a_goto_is_refused_saying_why(goto: str, problem: str) -> None:
    text = (
        "title: t\norigins: [https://login.example.com]\nvariables: {next: n}\nsteps:\n"
        f"  - goto: {goto!r}\n".replace("'", '"')
    )
    with pytest.raises(FlowFileError) as refused:
        parse_flow(text, "f.yaml")
    assert refused.value.message.startswith("f.yaml:5: step 1: goto: ")
    assert problem in refused.value.message
    assert "\n" not in refused.value.message


@pytest.mark.parametrize(
    ("origin", "problem"),
    [
        ("https://login.example.com/path", "an origin has no path, query or fragment"),
        ("https://login.example.com?x", "an origin has no path, query or fragment"),
        ("login.example.com", "an origin is an http:// or https:// address"),
        ("ftp://login.example.com", "not ftp: ones"),
        ("https://user:pw@login.example.com", "an address with a user name or password"),
        ("https://", "the address has no host"),
        ("https://{host}", "not the host"),
        ("https://a.test:99999", "not a valid address"),
        ("https://a b.test", "is not a host name"),
    ],
)
def test_each_declared_origin_is_checked(origin: str, problem: str) -> None:
    text = f"title: t\norigins:\n  - {origin!r}\nsteps:\n  - goto: /\n".replace("'", '"')
    with pytest.raises(FlowFileError) as refused:
        parse_flow(text, "f.yaml")
    assert refused.value.message.startswith("f.yaml:3: origins.0: ")
    assert problem in refused.value.message


def test_paths_stay_paths() -> None:
    for path in ("/", "/x", "x", "x/{next}", "/a/{next}?b={next}#c", "?q=1", "/a:b", "./x"):
        assert address_origin(path) is None, path
    # Built in code, a flow is held to the same rules as one loaded from a file.
    with pytest.raises(ValueError, match="does not declare this origin"):
        Flow(title="t", start="https://evil.test/", steps=[GotoStep(goto="/x")])
    with pytest.raises(ValueError, match="not file: ones"):
        GotoStep(goto="file:///etc/passwd")
