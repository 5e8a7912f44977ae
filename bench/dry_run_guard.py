"""What the dry run's network guard costs: the bundled withdraw-social dry run played on one
browser and one mock site, each round once with the guard and once without (interleaved, a
fresh context and account each), and the ratio of the medians. Target: at most 1.10.

    .venv/bin/python bench/dry_run_guard.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from tebiki.browser import find_browser
from tebiki.flowfile.loader import find_flow, load_flow
from tebiki.playing.dry_run import DryRunPolicy
from tebiki.playing.options import play_options
from tebiki.playing.player import Player
from tebiki_mock import MockSite

TARGET = 1.10


def one(browser: Browser, site: MockSite, guarded: bool) -> float:
    DryRunPolicy.guards_sends = guarded  # the bench's own switch; the tool has none
    session = site.open_session("social")
    context = browser.new_context()
    context.add_cookies([session.cookie(site.base_url)])  # type: ignore[list-item]
    page = context.new_page()
    options = play_options(
        "dry-run",
        site.base_url,
        variables={"display_name": session.display_name},
        secrets={},
        timeout_ms=10000,
        artifacts=Path(tempfile.mkdtemp()),
    )
    started = time.perf_counter()
    Player(page, load_flow(find_flow("withdraw-social")), options).play()
    seconds = time.perf_counter() - started
    context.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=8)
    rounds = parser.parse_args().rounds
    times: dict[bool, list[float]] = {True: [], False: []}
    with sync_playwright() as playwright, MockSite() as site:
        executable = find_browser(headless=True)
        browser = playwright.chromium.launch(executable_path=str(executable))
        one(browser, site, True)  # warm-up: the first page of a browser costs more
        for _ in range(rounds):
            for guarded in (False, True):
                times[guarded].append(one(browser, site, guarded))
    guarded, plain = statistics.median(times[True]), statistics.median(times[False])
    ratio = guarded / plain
    print(f"dry run without the guard: {plain:.3f} s (median of {rounds})")
    print(f"dry run with the guard:    {guarded:.3f} s")
    print(f"ratio {ratio:.2f} (target at most {TARGET:.2f})")


if __name__ == "__main__":
    main()
