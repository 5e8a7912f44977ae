"""The loader under hostile input: whatever a flow file holds, `parse_flow` returns a Flow or
raises a FlowFileError whose one line starts with the file and a line number; nothing else
(no RecursionError, no MemoryError, no pydantic or YAML exception escapes). No browser; a fixed
seed, so a failure names a case that fails again."""

from __future__ import annotations

import os
import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tebiki.errors import FlowFileError
from tebiki.flowfile.loader import bundled_flows, load_flow, parse_flow
from tebiki.flowfile.model import Flow
from tests.in_process import invoke

SEED = 20260401
SHOWN = "fuzz.yaml"
ONE_LINE = re.compile(rf"^{re.escape(SHOWN)}:[1-9][0-9]*: \S[^\n]*$")

# What a hostile (or clumsy) author types into a flow file.
SNIPPETS = [
    "&a ",
    "*a",
    "*b ",
    "<<: *a\n",
    "!!python/object:os.system ",
    "!!python/object/apply:os.system [id]",
    "!!python/name:os.system",
    "!!binary ",
    "!!int ",
    "!!float ",
    "!!timestamp ",
    "!!set ",
    "!!omap ",
    "!!str ",
    "!custom ",
    "[[[[",
    "]]]]",
    "{{{{",
    "}}",
    "\t",
    "? ",
    ": ",
    "- ",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "%TAG ! tag:evil,2026:\n",
    "'",
    '"',
    '"\\ud800"',
    '"\\x00"',
    "|",
    ">-",
    "#",
    "\x00",
    "\x07",
    "\ufeff",
    "\x85",
    "\u2028",
    "{display_name}",
    "{x}",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "//evil.test/x",
    "https://evil.test/",
    "\norigins: [https://a.test]\n",
    "\n  - goto: data:text/html,<b>x</b>\n",
    "\nstart: chrome://settings\n",
]


def check(parse: Callable[[], Flow], case: str, sample: str | bytes) -> None:
    """One case: a Flow, or one FlowFileError line naming the file and a line."""
    try:
        flow = parse()
    except FlowFileError as error:
        # Every problem of the file is said, each on a file:line line of its own.
        if not all(ONE_LINE.match(line) for line in error.message.split("\n")):
            pytest.fail(f"{case}: a message not of file:line lines: {error.message!r}")
    except Exception as error:  # the very thing this file is here to catch
        pytest.fail(f"{case}: {type(error).__name__}: {error}\ninput: {sample[:400]!r}")
    else:
        assert isinstance(flow, Flow), case


def mutations(text: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    lines = text.splitlines(keepends=True)
    for _ in range(6):
        cut = rng.randrange(len(text))
        yield "truncated", text[:cut]
    for _ in range(6):
        shuffled = list(lines)
        first = rng.randrange(len(shuffled))
        last = min(len(shuffled), first + rng.randint(2, 8))
        block = shuffled[first:last]
        rng.shuffle(block)
        shuffled[first:last] = block
        yield "lines shuffled", "".join(shuffled)
    for _ in range(4):
        changed = list(lines)
        index = rng.randrange(len(changed))
        if rng.random() < 0.5:
            del changed[index]
        else:
            changed.insert(rng.randrange(len(changed)), changed[index])
        yield "a line dropped or repeated", "".join(changed)
    for _ in range(14):
        changed_text = text
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(changed_text) + 1)
            changed_text = changed_text[:at] + rng.choice(SNIPPETS) + changed_text[at:]
        yield "YAML syntax inserted", changed_text
    for _ in range(4):
        # Re-indent a line: YAML's structure is its indentation.
        changed = list(lines)
        index = rng.randrange(len(changed))
        changed[index] = rng.choice(["", " ", "  ", "\t", "    "]) + changed[index].lstrip(" ")
        yield "a line re-indented", "".join(changed)


def byte_mutations(data: bytes, rng: random.Random) -> Iterator[tuple[str, bytes]]:
    for _ in range(6):
        flipped = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            flipped[rng.randrange(len(flipped))] = rng.randrange(256)
        yield "bytes flipped", bytes(flipped)
    for _ in range(2):
        cut = rng.randrange(len(data))  # possibly inside a multi-byte character
        yield "bytes truncated", data[:cut]


def deep_and_wide() -> Iterator[tuple[str, str]]:
    for depth in (49, 50, 51, 1000, 10_000):
        yield f"[ nested {depth} deep", "[" * depth + "]" * depth
        yield f"[ nested {depth} deep, never closed", "[" * depth
        yield f"{{ nested {depth} deep", "a: " + "{a: " * depth + "1" + "}" * depth
    for depth in (49, 50, 51, 500):
        yield (
            f"block list nested {depth} deep",
            "".join("  " * level + "-\n" for level in range(depth)),
        )
        yield (
            f"block mapping nested {depth} deep",
            "".join("  " * level + "a:\n" for level in range(depth)),
        )
        steps = "title: t\nsteps:\n  - expect: " + "[" * depth + "x" + "]" * depth + "\n"
        yield f"a step nested {depth} deep", steps
    laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        laughs.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    yield "billion laughs", "\n".join(laughs) + "\n"
    yield (
        "billion laughs in the steps",
        "\n".join([*laughs, "title: t", "steps:", "  - expect: {text: *i}"]),
    )
    yield "an alias inside its own anchor", "title: t\nsteps: &s [*s]\n"
    yield "a mapping inside itself", "title: t\nsteps:\n  - &m {expect: *m}\n"
    yield "101 aliases", "a: &a x\nb: [" + ", ".join(["*a"] * 101) + "]\n"
    yield "100 aliases", "title: &a t\ncaption: [" + ", ".join(["*a"] * 100) + "]\n"
    yield "1000 steps", "title: t\nsteps:\n" + "  - goto: /x\n" * 1000
    yield "a wide list", "[" + "1, " * 20_000 + "1]"
    yield "a wide mapping", "".join(f"k{index}: v\n" for index in range(10_001))
    yield "a long title", "title: " + "長" * 100_000 + "\nsteps: [{goto: /}]\n"
    yield "just over 1 MiB", "title: " + "x" * (1024 * 1024) + "\n"
    yield "just over 1 MiB of multi-byte text", "#" + "手" * (1024 * 1024 // 3 + 1)
    yield "a merge key", "base: &b {effect: navigate}\ntitle: t\nsteps:\n  - {<<: *b, click: x}\n"
    yield "a complex key", "? [a, b]\n: c\n"
    yield "a null key", "~: x\ntitle: t\nsteps: [{goto: /}]\n"
    yield "many documents", "title: t\n---\ntitle: u\n"
    yield "empty", ""
    yield "only a comment", "# nothing\n"


def test_mutated_bundled_flows_load_or_fail_with_one_line() -> None:
    rng = random.Random(SEED)
    cases = 0
    for path in bundled_flows():
        text = path.read_text(encoding="utf-8")
        for number, (kind, mutated) in enumerate(mutations(text, rng)):
            check(lambda m=mutated: parse_flow(m, SHOWN), f"{path.name} #{number} {kind}", mutated)
            cases += 1
    assert cases >= 200


def test_mutated_bytes_load_or_fail_with_one_line(tmp_path: Path) -> None:
    rng = random.Random(SEED + 1)
    target = tmp_path / SHOWN
    cwd = Path.cwd()
    os.chdir(tmp_path)  # load_flow names the file relative to the working folder
    try:
        for path in bundled_flows():
            for number, (kind, data) in enumerate(byte_mutations(path.read_bytes(), rng)):
                target.write_bytes(data)
                check(lambda: load_flow(target), f"{path.name} #{number} {kind}", data)
        for number in range(30):
            data = rng.randbytes(rng.randint(0, 2000))
            target.write_bytes(data)
            check(lambda: load_flow(target), f"random bytes #{number}", data)
            text = data.decode("utf-8", errors="replace")
            check(lambda t=text: parse_flow(t, SHOWN), f"random text #{number}", text)
    finally:
        os.chdir(cwd)


def test_deep_wide_and_expanding_documents_fail_with_one_line() -> None:
    for kind, text in deep_and_wide():
        check(lambda t=text: parse_flow(t, SHOWN), kind, text)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[" * 10_000 + "]" * 10_000, "1: nested deeper than 50 levels"),
        ("a: &a [*a]\n", "1: an alias stands inside the collection it names"),
        ("a: &a x\nb: [" + ", ".join(["*a"] * 101) + "]\n", "2: more than 100 aliases"),
        ("title: t\nsteps:\n" + "  - goto: /x\n" * 1001, "2: steps: more than 1000 steps"),
        ("title: " + "x" * (1024 * 1024), "1: the file is larger than 1 MiB"),
        (  # two aliases of a 600 KB text: a file under 1 MiB that expands past it
            "title: t\nsteps:\n  - goto: &a /" + "x" * 600_000 + "\n  - goto: *a\n  - goto: *a\n",
            "3: with its aliases expanded it holds 1,800,",
        ),
    ],
)
def test_each_bound_is_said_where_it_is(text: str, problem: str) -> None:
    with pytest.raises(FlowFileError) as refused:
        parse_flow(text, SHOWN)
    assert refused.value.message.startswith(f"{SHOWN}:{problem}")


def test_fifty_levels_are_allowed_and_fifty_one_are_not() -> None:
    def nested(levels: int) -> str:  # the top mapping is the first level
        inner = levels - 1
        return "title: t\nsteps: [{goto: /}]\nx: " + "[" * inner + "]" * inner + "\n"

    with pytest.raises(FlowFileError) as fifty:
        parse_flow(nested(50), SHOWN)
    assert fifty.value.message.startswith(f"{SHOWN}:3: x: unknown field; a flow has title, ")
    with pytest.raises(FlowFileError) as fifty_one:
        parse_flow(nested(51), SHOWN)
    assert fifty_one.value.message == f"{SHOWN}:3: nested deeper than 50 levels"


def test_a_billion_laughs_is_refused_for_its_expansion() -> None:
    laughs = dict(deep_and_wide())["billion laughs in the steps"]
    with pytest.raises(FlowFileError, match=r"aliases expand it by more than 10000 values"):
        parse_flow(laughs, SHOWN)


HOSTILE = {
    "deep.yaml": "title: t\nsteps:\n  - expect: " + "[" * 10_000 + "\n",
    "laughs.yaml": dict(deep_and_wide())["billion laughs"],
    "loop.yaml": "title: t\nsteps: &s [*s]\n",
    "python.yaml": "title: !!python/object/apply:os.system [id]\nsteps: [{goto: /}]\n",
    "binary.yaml": "title: t\x00\x01\x02\nsteps: [{goto: /}]\n",
    "huge.yaml": "title: t\n# " + "x" * (1024 * 1024) + "\n",
}


def test_validate_says_one_line_for_each_hostile_file(tmp_path: Path) -> None:
    for name, text in HOSTILE.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    results = {name: invoke(["validate", name], cwd=tmp_path) for name in HOSTILE}
    for name, result in results.items():
        assert result.returncode == 2, (name, result.stderr)
        assert "Traceback" not in result.stderr, name
        assert re.fullmatch(rf"error: {re.escape(name)}:[1-9][0-9]*: [^\n]+\n", result.stderr), (
            name,
            result.stderr,
        )
        assert result.stdout == "", name
