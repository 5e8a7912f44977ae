"""Times `tebiki shots withdraw-email` against the peer, `shot-scraper multi`, making the same
seven pages' images at the same size on the same mock site, logged in with the same stored
session, in one run. shot-scraper outlines each target with a line of JavaScript; tebiki
spotlights and captions it and writes the tutorial (tutorial.md, tutorial.html, the GIF).

Target: tebiki at most 1.0 times the peer with the new outputs off (the phone crops, the PDF
and the video). Then what each of them costs when on, against tebiki with them off.

    .venv/bin/python bench/shots_vs_shot_scraper.py [--rounds N]

shot-scraper is installed from the package index into a venv of its own (bench/.peer, made on
the first run), and drives this machine's Chromium through a PLAYWRIGHT_BROWSERS_PATH laid out
as its Playwright expects.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

from plain_start import CHROMIUM
from timing import timed

from tebiki_mock import MockSite

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the checkout: tests.*

from tests.sites.serving import cookie_storage_state  # noqa: E402

HERE = Path(__file__).resolve().parent
PEER = HERE / ".peer"
TARGET = 1.0

# The seven images tebiki's dry run makes of withdraw-email, as the peer is told to take them:
# the page, what opens its menu, and the target to outline.
OUTLINE = "e => e.style.outline = '4px solid #e4007f'"
PAGES = [
    ("/dashboard", "", "a", "マイページ"),
    ("/dashboard", "", "button", "{name}"),
    ("/dashboard", "[data-user-menu]", "a", "プロフィール編集"),
    ("/profile/edit", "", "a", "基本情報編集"),
    ("/profile/basic", "", "a", "退会をご希望する方はこちら"),
    ("/withdrawal", "", "label", "注意事項を確認しました"),
    ("/withdrawal", "", "button", "退会する"),
]


def peer() -> Path:
    """shot-scraper in its own venv, installed once."""
    command = PEER / "bin" / "shot-scraper"
    if not command.exists():
        venv.create(PEER, with_pip=True)
        pip = [str(PEER / "bin" / "python"), "-m", "pip", "install", "-q", "shot-scraper"]
        subprocess.run(pip, check=True)
    return command


def browsers_folder(root: Path) -> Path:
    """A PLAYWRIGHT_BROWSERS_PATH where the peer's Playwright finds this machine's Chromium."""
    found = list((PEER / "lib").glob("python3*/site-packages/playwright/driver/package"))
    listed = json.loads((found[0] / "browsers.json").read_text())["browsers"]
    revision = {entry["name"]: entry["revision"] for entry in listed}
    for name, inner in (
        ("chromium_headless_shell", "chrome-headless-shell-linux64/chrome-headless-shell"),
        ("chromium", "chrome-linux64/chrome"),
    ):
        key = name.replace("_", "-")
        folder = root / f"{name}-{revision[key]}"
        (folder / inner).parent.mkdir(parents=True, exist_ok=True)
        (folder / inner).symlink_to(CHROMIUM)
        (folder / "INSTALLATION_COMPLETE").touch()
    return root


def multi_config(base_url: str, name: str) -> list[dict[str, object]]:
    shots = []
    for number, (path, menu, tag, label) in enumerate(PAGES, start=1):
        label = label.format(name=name)
        opener = f"document.querySelector('{menu}').setAttribute('data-open', '');" if menu else ""
        script = (
            f"{opener}[...document.querySelectorAll('{tag}')]"
            f".filter(e => e.textContent.trim() === {json.dumps(label)}).forEach({OUTLINE});"
        )
        shots.append(
            {
                "url": base_url + path,
                "output": f"peer-out/{number:02d}.png",
                "width": 1024,
                "height": 768,
                "javascript": script,
            }
        )
    return shots


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    shot_scraper = peer()
    with tempfile.TemporaryDirectory() as scratch, MockSite() as site:
        cwd = Path(scratch)
        session = site.open_session("email")
        cookie_storage_state(cwd / "auth.json", session.cookie_name, session.cookie_value)
        (cwd / "multi.yml").write_text(
            json.dumps(multi_config(site.base_url, session.display_name))
        )
        # Only the peer is pointed at that folder: tebiki finds its browser and its ffmpeg
        # as it does for a user.
        browsers = f"PLAYWRIGHT_BROWSERS_PATH={browsers_folder(cwd / 'browsers')}"
        common = [
            sys.executable, "-m", "tebiki", "shots", "withdraw-email",
            "--base-url", site.base_url, "--storage-state", "auth.json",
            "--var", f"display_name={session.display_name}", "--no-footer",
        ]  # fmt: skip
        off = ["--no-narrow", "--no-pdf", "--no-video"]
        commands = {
            "shot-scraper multi": [
                "env",
                browsers,
                str(shot_scraper),
                "multi",
                "multi.yml",
                "-a",
                "auth.json",
            ],
            "tebiki shots, new outputs off": [*common, *off, "-o", "out-off"],
            "+ phone crops": [*common, "--no-pdf", "--no-video", "-o", "out-narrow"],
            "+ tutorial.pdf": [*common, "--no-narrow", "--no-video", "-o", "out-pdf"],
            "+ walkthrough.webm/.mp4": [*common, "--no-narrow", "--no-pdf", "-o", "out-video"],
            "all on (the default)": [*common, "-o", "out-all"],
        }
        for command in commands.values():  # a warm-up each, and each must work
            timed(command, str(cwd))
        made = [
            "peer-out/07.png",
            "out-off/tutorial.html",
            "out-narrow/01-navigate.narrow.png",
            "out-pdf/tutorial.pdf",
            "out-video/walkthrough.webm",
            "out-all/walkthrough.webm",
        ]
        missing = [name for name in made if not (cwd / name).is_file()]
        if missing:
            sys.exit(f"not made, so not timed: {', '.join(missing)}")
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(rounds):  # interleaved: the machine's noise falls on all alike
            for name, command in commands.items():
                times[name].append(timed(command, str(cwd)))
    medians = {name: statistics.median(values) for name, values in times.items()}
    peer_time, off_time = medians["shot-scraper multi"], medians["tebiki shots, new outputs off"]
    width = max(map(len, commands))
    print(f"rounds: {rounds} (interleaved, whole processes)")
    for name, values in times.items():
        print(
            f"{name:<{width}} : median {medians[name]:.3f} s  "
            f"(min {min(values):.3f}, max {max(values):.3f})"
        )
    print(f"\nratio, tebiki (new outputs off) / shot-scraper : {off_time / peer_time:.3f}"
          f"  (target <= {TARGET})")  # fmt: skip
    for name in list(commands)[2:]:
        extra = medians[name] - off_time
        print(f"{name:<{width}} : {extra:+.3f} s  ({medians[name] / off_time:.2f} x off)")


if __name__ == "__main__":
    main()
