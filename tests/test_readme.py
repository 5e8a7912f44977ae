"""The README's runnable examples, its ```sh blocks, each run as written (each block's lines in
order, in a fresh folder, as a newcomer would paste them), on the bundled mock site: what the
README says runs wherever tebiki is installed must run. Blocks that need something (a screen,
a site of one's own, a second terminal) are plain ``` blocks, and say so."""

from __future__ import annotations

import re
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
SH_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)

Tebiki = Callable[..., subprocess.CompletedProcess[str]]


EXIT = re.compile(r"#.*\bexit (\d)")  # a comment that says the exit code, when not 0


def blocks() -> list[list[str]]:
    """Each block's lines, as written (comments kept: one may say the exit code)."""
    return [
        [line for line in block.splitlines() if shlex.split(line, comments=True)]
        for block in SH_BLOCK.findall(README.read_text(encoding="utf-8"))
    ]


def test_the_readme_has_runnable_examples() -> None:
    # The first screen's dry run among them: a README whose blocks lost their marks would
    # otherwise pass every test below by having none.
    examples = [line.split("#")[0].strip() for block in blocks() for line in block]
    assert len(examples) >= 10
    assert "tebiki dry-run withdraw-social --account social --screenshots out" in examples


@pytest.mark.parametrize("block", blocks(), ids=lambda block: block[0][:60])
def test_a_readme_example_runs_as_written(block: list[str], tebiki: Tebiki) -> None:
    for line in block:
        words = shlex.split(line, comments=True)
        said = EXIT.search(line)
        expected = int(said.group(1)) if said else 0
        env = {}
        while "=" in words[0] and not words[0].startswith("-"):  # VAR=value tebiki …
            name, value = words.pop(0).split("=", 1)
            env[name] = value
        assert words[0] == "tebiki", line
        done = tebiki(*words[1:], env=env)
        assert done.returncode == expected, f"{line}\n{done.stdout}{done.stderr}"
        assert "Traceback" not in done.stderr, line


def test_the_reference_shows_an_example_of_every_step_kind_that_validates(
    tebiki: Tebiki,
) -> None:
    example = README.parent / "docs" / "examples" / "every-step.yaml"
    assert example.read_text(encoding="utf-8") in (
        README.parent / "docs" / "reference.md"
    ).read_text(encoding="utf-8")  # the page shows the file as it is
    done = tebiki("validate", str(example))
    assert done.returncode == 0, done.stdout + done.stderr
    kinds = {line.split(":")[0].strip(" -") for line in example.read_text().splitlines()}
    assert {"goto", "click", "fill", "check", "select", "expect", "read"} <= kinds
