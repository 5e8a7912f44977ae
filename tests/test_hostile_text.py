"""Text from a flow or a page is inert in every output: control characters reach no terminal
raw, a caption's HTML or Markdown is text in a tutorial, a long message is shortened, and a flow
that expands past its bound through aliases is refused before any output."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path

from tests.sites.small import SmallSite

Tebiki = Callable[..., subprocess.CompletedProcess[str]]

# An OSC window title, an OSC 8 link, a CSI that clears the screen, a C1 CSI, BEL, BS, CR and
# a right-to-left override, as YAML's double-quoted escapes write them: what a flow file can
# carry in a caption or a label.
ESCAPES = r"\e]0;PWNED\a \e]8;;http://evil.test\e\\here\e]8;;\e\\ \e[2J\x9b31m\b\r\u202e"


def raw_controls(text: str) -> list[str]:
    """Every character a terminal would obey rather than show (newline and tab aside)."""
    return sorted(
        {
            f"U+{ord(c):04X}"
            for c in text
            if c not in "\n\t" and (unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp"))
        }
    )


def test_escapes_in_a_flow_reach_no_terminal(tebiki: Tebiki, tmp_path: Path) -> None:
    flow = tmp_path / "escapes.yaml"
    caption = ESCAPES
    flow.write_text(
        f'title: "t {caption}"\nlang: en\nstart: /\nsteps:\n'
        f'  - click: {{link: "Missing {caption}"}}\n    effect: navigate\n'
        f'    caption: "Go {caption}"\n',
        encoding="utf-8",
    )
    with SmallSite() as site:
        shown = tebiki("show", str(flow))
        done = tebiki("dry-run", str(flow), "--base-url", site.base_url, "--timeout", "500")
    assert shown.returncode == 0, shown.stderr
    assert done.returncode == 1  # the label is not on the page
    for result in (shown, done):
        assert raw_controls(result.stdout + result.stderr) == []
    assert "\\u001b]0;PWNED\\u0007" in shown.stdout  # shown, escaped, not obeyed
    assert done.stderr.startswith("error: step 1 (Go \\u001b]0;PWNED\\u0007")  # the error too
    assert "\\u202e" in done.stderr.splitlines()[0]


def test_a_caption_is_text_in_the_tutorial(tebiki: Tebiki, tmp_path: Path) -> None:
    flow = tmp_path / "markup.yaml"
    flow.write_text(
        'title: "<script>alert(1)</script> Notes"\nlang: en\nstart: /\n'
        'source: "[x](javascript:alert(1))"\nsteps:\n'
        "  - click: {link: Contact, within: header}\n    effect: navigate\n"
        '    caption: "Open it](javascript:alert(2)) <iframe src=javascript:alert(3)> *now*"\n',
        encoding="utf-8",
    )
    with SmallSite() as site:
        done = tebiki("shots", str(flow), "--base-url", site.base_url, "-o", "out")
    assert done.returncode == 0, done.stdout + done.stderr
    markdown = (tmp_path / "out" / "tutorial.md").read_text(encoding="utf-8")
    page = (tmp_path / "out" / "tutorial.html").read_text(encoding="utf-8")
    # Markup only where it is escaped: no bare <, no link or image syntax, no emphasis.
    for live in (r"(?<!\\)<", r"(?<!\\)\]\(javascript", r"(?<!\\)\*now"):
        assert not re.search(live, markdown), (live, markdown)
    assert "\\<script\\>" in markdown and "\\*now\\*" in markdown  # the words are all there
    assert "<script>alert" not in page and "<iframe" not in page
    assert "&lt;iframe src=javascript:alert(3)&gt;" in page


def test_a_very_long_message_is_shortened_with_a_count(tebiki: Tebiki, tmp_path: Path) -> None:
    flow = tmp_path / "long.yaml"
    flow.write_text(
        f"title: t\nlang: en\nstart: /\nsteps:\n  - click: {{link: {'Z' * 5000}}}\n"
        "    effect: navigate\n    caption: Go\n",
        encoding="utf-8",
    )
    with SmallSite() as site:
        done = tebiki("dry-run", str(flow), "--base-url", site.base_url, "--timeout", "500")
    assert done.returncode == 1
    line = done.stderr.strip()
    assert len(line.splitlines()) == 1 and len(line) < 2200
    assert line.endswith("more characters)")


def test_an_alias_bomb_is_refused_before_any_output(tebiki: Tebiki, tmp_path: Path) -> None:
    # 100 aliases of one 20 KB caption: a 20 KB file that would print 2 MB a step.
    lines = ["title: t", "start: /", "steps:"]
    lines += ["  - goto: /", f"    caption: &c {'x' * 20_000}"]
    lines += ["  - goto: /\n    caption: *c"] * 99
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for command in ("validate", "dry-run", "shots"):
        done = tebiki(command, "bomb.yaml")
        assert done.returncode == 2, (command, done.stderr)
        assert done.stdout == "", command
        assert done.stderr.startswith("error: bomb.yaml:") or "bomb.yaml:" in done.stderr
        assert "with its aliases expanded it holds" in done.stderr
        assert len(done.stderr) < 400
