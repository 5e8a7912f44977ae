"""`pytest -p tests.cpu_profile`: the processor time each test costs, its worker's process
tree included (the worker's browser, its Playwright driver, the commands it starts), written
to cpu-profile.txt, most first. On a shared machine wall time says how busy the others were;
processor seconds say what the test itself costs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

_TICK = os.sysconf("SC_CLK_TCK")
_costs: list[tuple[float, str]] = []


def _tree_seconds(root: int) -> float:
    """utime + stime of every live process under root (root included), and of the children
    each of them has reaped."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        times[pid] = sum(int(value) for value in fields[11:15]) / _TICK
    total = 0.0
    for pid, seconds in times.items():
        ancestor = pid
        while ancestor not in (root, 0, 1) and ancestor in parents:
            ancestor = parents[ancestor]
        if ancestor == root:
            total += seconds
    return total


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    before = _tree_seconds(os.getpid())
    yield
    _costs.append((_tree_seconds(os.getpid()) - before, item.nodeid))


def pytest_sessionfinish(session: pytest.Session) -> None:
    worker = getattr(session.config, "workerinput", {}).get("workerid", "main")
    lines = [f"{seconds:8.2f} {nodeid}" for seconds, nodeid in sorted(_costs, reverse=True)]
    Path(f"cpu-profile-{worker}.txt").write_text("\n".join(lines) + "\n")
