"""A check spread over CI jobs: `--shard I/N` plays a deterministic share of the cells, so that
N jobs, each given its own I, together play every cell exactly once; `--merge` makes their
JUnit files one report again.

The share is taken round the cells in the order of their ids (the I-th, the I+N-th, …): every
job gets as many cells as another, give or take one, and the same cells for the same flows,
whatever machine it runs on."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from tebiki.check.report import JUNIT_NAME, junit_root, junit_suite
from tebiki.errors import BadInputError

T = TypeVar("T")

MAX_REPORT_BYTES = 64 * 1024 * 1024  # a JUnit file this large is not one a check wrote


@dataclass(frozen=True)
class Shard:
    index: int  # from 1
    total: int

    def __str__(self) -> str:
        return f"{self.index}/{self.total}"


def parse_shard(text: str) -> Shard:
    """``I/N``, 1 <= I <= N, or a BadInputError saying what is wrong."""
    index, slash, total = text.partition("/")
    if not slash or not index.strip().isdigit() or not total.strip().isdigit():
        raise BadInputError(f"--shard {text}: write it as I/N, e.g. --shard 2/3")
    shard = Shard(int(index), int(total))
    if not 1 <= shard.index <= shard.total:
        raise BadInputError(f"--shard {text}: I must be from 1 to N ({shard.total})")
    return shard


def share(items: list[T], ids: list[str], shard: Shard) -> list[T]:
    """This shard's items: round the items in the order of their ids."""
    order = sorted(range(len(items)), key=lambda position: ids[position])
    mine = set(order[shard.index - 1 :: shard.total])
    return [item for position, item in enumerate(items) if position in mine]


@dataclass(frozen=True)
class Merged:
    xml: bytes
    tests: int
    failures: int
    files: int


def merge_junit(paths: list[Path]) -> Merged:
    """One JUnit report of the shards' reports: each flow's cells in one testsuite, counts and
    times added up. A cell in two reports (shards that overlap), a file that is not a JUnit
    report of a check, or one missing is a BadInputError naming it."""
    suites: dict[str, list[ET.Element]] = defaultdict(list)
    seen: dict[tuple[str, str], Path] = {}
    total_time = 0.0
    for path in paths:
        root = _read(path)
        total_time += float(root.get("time") or 0)
        for suite in root.iter("testsuite"):
            for case in suite.iter("testcase"):
                key = (case.get("classname") or "", case.get("name") or "")
                if key in seen:
                    raise BadInputError(
                        f"{path}: {key[1]} is in {seen[key]} too: the shards overlap "
                        "(each job needs its own --shard I/N of the same N)"
                    )
                seen[key] = path
                suites[suite.get("name") or key[0]].append(case)
    tests = sum(len(cases) for cases in suites.values())
    failures = sum(1 for cases in suites.values() for case in cases if _failed(case))
    merged = junit_root(tests, failures, total_time)
    for name, cases in suites.items():
        failed = sum(1 for case in cases if _failed(case))
        seconds = sum(float(case.get("time") or 0) for case in cases)
        junit_suite(merged, name, len(cases), failed, seconds).extend(cases)
    data = ET.tostring(merged, encoding="utf-8", xml_declaration=True)
    return Merged(data, tests, failures, len(paths))


def _read(path: Path) -> ET.Element:
    try:
        if path.stat().st_size > MAX_REPORT_BYTES:
            raise BadInputError(f"{path}: too large for a JUnit report of a check")
        root = ET.parse(path).getroot()
    except FileNotFoundError:
        raise BadInputError(f"{path}: no such file") from None
    except (OSError, ET.ParseError) as error:
        raise BadInputError(f"{path}: not a JUnit XML report ({error})") from None
    if root.tag != "testsuites" or root.get("name") != JUNIT_NAME:
        raise BadInputError(f"{path}: not a JUnit report that tebiki check wrote")
    return root


def _failed(case: ET.Element) -> bool:
    return case.find("failure") is not None or case.find("error") is not None
