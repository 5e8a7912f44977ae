"""Cells at the cost of plain Playwright: N cells of withdraw-email (e-mail account, clean
scenario) played by `tebiki check`'s engine (run_check, one worker, its default tracing:
replay-on-failure, which traces nothing while cells pass) and by a plain Playwright loop doing
the same steps on the same bundled mock site (one browser, a context per cell with a fresh
logged-in account, no tracing), all in this process, in interleaved rounds; prints the ratio of
the medians, and the ratios with a trace recorded for every cell (retain-on-failure: what
tracing costs) and with none. Target: at most 1.2. Every cell must withdraw its account.

    .venv/bin/python bench/cells_vs_plain.py [--cells 8] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/: plain_start

from plain_start import ARGS, CHROMIUM, withdraw_by_hand  # noqa: E402
from playwright.sync_api import Browser, sync_playwright  # noqa: E402

from tebiki.browser import lend_browser  # noqa: E402
from tebiki.check.check import CheckOptions, run_check  # noqa: E402
from tebiki.check.matrix import Cell, Fixtures, cells_for, select  # noqa: E402
from tebiki.flowfile.loader import find_flow  # noqa: E402
from tebiki.logs import configure  # noqa: E402
from tebiki_mock import MockSite  # noqa: E402


def plain_cells(browser: Browser, site: MockSite, count: int) -> None:
    for _ in range(count):
        session = site.open_session("email")
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ja-JP")
        context.add_cookies([session.cookie(site.base_url)])  # type: ignore[list-item]
        page = context.new_page()
        page.goto(site.base_url + "/")
        withdraw_by_hand(page, session.display_name)
        context.close()
        assert not site.account_exists(session.email), "the plain loop did not withdraw"


def tebiki_cells(
    browser: Browser, site: MockSite, cells: list[Cell], options: CheckOptions
) -> None:
    with lend_browser(browser):
        results = run_check(cells, options, site=site)
    failed = [result for result in results if not result.passed]
    assert not failed, failed[0].message


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cells", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    given = parser.parse_args()
    configure("console", 0)  # as the command logs: warnings only
    one = select(cells_for([find_flow("withdraw-email")], Fixtures.load), ("email-clean-article",))
    cells = one * given.cells
    names = ("plain Playwright loop", "tebiki check", "tebiki check, every cell traced",
             "tebiki check, no tracing")  # fmt: skip
    times: dict[str, list[float]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory() as scratch, MockSite() as site, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        options = CheckOptions(artifacts=Path(scratch))
        traced = replace(options, trace="retain-on-failure")
        untraced = replace(options, trace="off")
        sides = {
            names[0]: lambda: plain_cells(browser, site, given.cells),
            names[1]: lambda: tebiki_cells(browser, site, cells, options),
            names[2]: lambda: tebiki_cells(browser, site, cells, traced),
            names[3]: lambda: tebiki_cells(browser, site, cells, untraced),
        }
        for run in sides.values():
            run()  # warm-up, checked like the rest
        for _ in range(given.rounds):
            for name, run in sides.items():
                start = time.perf_counter()
                run()
                times[name].append(time.perf_counter() - start)
        browser.close()
    base = statistics.median(times["plain Playwright loop"])
    width = max(len(name) for name in times)
    print(f"{given.cells} cells a side, {given.rounds} rounds (interleaved, one process)")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<{width}} : median {median:.2f} s ({median / given.cells:.3f} s a cell)")
    ratio, all_traced, bare = (statistics.median(times[name]) / base for name in names[1:])
    print(f"{'ratio':<{width}} : {ratio:.3f}  (target <= 1.2)")
    print(f"{'':<{width}}   every cell traced: {all_traced:.3f}; no tracing at all: {bare:.3f}")


if __name__ == "__main__":
    main()
