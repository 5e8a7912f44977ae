"""How long a newcomer's first tutorial takes, following the README as written: a fresh
virtual environment, `pip install` of the built wheel (package caches warm, as on a second
try), then on a small site of one's own (tests/sites/small, served here) the README's
contact.yaml: `tebiki validate`, `tebiki dry-run`, `tebiki shots`. Prints each phase's wall
time and the total; exits 1, saying which command failed, if one does.

    .venv/bin/python bench/newcomer_minutes.py [--wheel DIST/tebiki-….whl]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # /work/main: tests.*

from tests.sites.small import SmallSite  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def readme_flow() -> str:
    """The contact.yaml of the README's "Your own site in five minutes", as written there."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Your own site in five minutes") :]
    found = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert found is not None, "the README has no contact.yaml"
    return found.group(1)


def phase(name: str, command: list[str], cwd: Path, times: dict[str, float]) -> None:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    times[name] = time.perf_counter() - start
    if done.returncode != 0:
        print(f"{name} failed (exit {done.returncode}): {' '.join(command)}", file=sys.stderr)
        print(done.stdout[-2000:] + done.stderr[-2000:], file=sys.stderr)
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--wheel", type=Path, default=None)
    wheel = parser.parse_args().wheel
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        if wheel is None:
            phase(
                "build the wheel",
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "wheel",
                    "-q",
                    "--no-deps",
                    str(ROOT),
                    "-w",
                    str(work / "dist"),
                ],
                work,
                times,
            )
            wheel = next((work / "dist").glob("tebiki-*.whl"))
        venv = work / "venv"
        phase("python -m venv", [sys.executable, "-m", "venv", str(venv)], work, times)
        phase(
            "pip install the wheel",
            [str(venv / "bin" / "pip"), "install", "-q", str(wheel)],
            work,
            times,
        )
        tebiki = str(venv / "bin" / "tebiki")
        mine = work / "my-site"
        mine.mkdir()
        (mine / "contact.yaml").write_text(readme_flow(), encoding="utf-8")
        with SmallSite() as site:
            url = ["--base-url", site.base_url]
            phase("tebiki validate", [tebiki, "validate", "contact.yaml"], mine, times)
            phase("tebiki dry-run", [tebiki, "dry-run", "contact.yaml", *url], mine, times)
            phase(
                "tebiki shots", [tebiki, "shots", "contact.yaml", *url, "-o", "shots"], mine, times
            )
        images = sorted(path.name for path in (mine / "shots").glob("*.png"))
    width = max(len(name) for name in times)
    for name, seconds in times.items():
        print(f"{name:<{width}} : {seconds:6.1f} s")
    print(f"{'total':<{width}} : {sum(times.values()):6.1f} s  ({len(images)} images)")


if __name__ == "__main__":
    main()
