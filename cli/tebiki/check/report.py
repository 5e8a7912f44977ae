"""What `tebiki check` says: a line per cell as it finishes, a table per flow at the end, the
failures in full, and JUnit XML for CI (one test case per cell, one suite per flow)."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

from tebiki.check.cell import CellResult
from tebiki.words import counted, every


def cell_line(result: CellResult) -> str:
    mark = "ok  " if result.passed else "FAIL"
    outcome = result.outcome if len(result.outcome) <= 60 else result.outcome[:59] + "…"
    return f"{mark} {result.cell.id}  {outcome}  ({result.seconds:.1f} s)"


def summary_table(results: list[CellResult], seconds: float, workers: int) -> str:
    by_flow: dict[str, list[CellResult]] = defaultdict(list)
    for result in results:
        by_flow[result.cell.flow].append(result)
    rows: list[tuple[str, ...]] = [
        ("flow", "cells", "passed", "failed", "refused as expected", "cell time")
    ]
    for flow, flow_results in by_flow.items():
        rows.append(_row(flow, flow_results))
    rows.append(_row("total", results))
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = []
    for number, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [
            value.rjust(width) for value, width in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells))
        if number in (0, len(rows) - 2):
            lines.append("  ".join("-" * width for width in widths))
    failed = sum(1 for result in results if not result.passed)
    verdict = (
        f"{failed} of {counted(len(results), 'cell')} failed"
        if failed
        else f"{every(len(results), 'cell')} passed"
    )
    lines.append(f"{verdict} in {seconds:.1f} s with {counted(workers, 'worker')}")
    return "\n".join(lines)


def _row(name: str, results: list[CellResult]) -> tuple[str, ...]:
    passed = sum(1 for result in results if result.passed)
    refused = sum(1 for result in results if result.passed and result.cell.refused)
    seconds = sum(result.seconds for result in results)
    return (
        name,
        str(len(results)),
        str(passed),
        str(len(results) - passed),
        str(refused),
        f"{seconds:.1f} s",
    )


def failures(results: list[CellResult]) -> str:
    blocks = []
    for result in results:
        if not result.passed:
            cell = result.cell
            head = f"FAIL {cell.id}: {cell.where}; expected: {cell.expected}"
            body = "\n".join(f"  {line}" for line in result.message.splitlines())
            blocks.append(f"{head}\n{body}")
    return "\n\n".join(blocks)


def _properties(result: CellResult) -> tuple[tuple[str, str], ...]:
    cell = result.cell
    where = (
        (("site", cell.site),)
        if cell.site is not None
        else (("account", cell.account), ("scenario", cell.scenario), ("labels", cell.labels))
    )
    return (*where, ("expected", cell.expected), ("outcome", result.outcome))


JUNIT_NAME = "tebiki check"  # the name of every report a check writes, merged ones too


def junit_root(tests: int, failures: int, seconds: float) -> ET.Element:
    return ET.Element(
        "testsuites", name=JUNIT_NAME, tests=str(tests), failures=str(failures),
        time=f"{seconds:.3f}",
    )  # fmt: skip


def junit_suite(
    parent: ET.Element, flow: str, tests: int, failures: int, seconds: float
) -> ET.Element:
    """A flow's testsuite: its cells go in it."""
    return ET.SubElement(
        parent, "testsuite", name=flow, tests=str(tests), failures=str(failures), errors="0",
        skipped="0", time=f"{seconds:.3f}",
    )  # fmt: skip


def junit_xml(results: list[CellResult], seconds: float) -> bytes:
    suites = junit_root(len(results), sum(1 for r in results if not r.passed), seconds)
    by_flow: dict[str, list[CellResult]] = defaultdict(list)
    for result in results:
        by_flow[result.cell.flow].append(result)
    for flow, flow_results in by_flow.items():
        suite = junit_suite(
            suites,
            flow,
            len(flow_results),
            sum(1 for r in flow_results if not r.passed),
            sum(r.seconds for r in flow_results),
        )
        for result in flow_results:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"tebiki.{flow}",
                name=result.cell.name,
                time=f"{result.seconds:.3f}",
                file=str(result.cell.path),
            )
            ET.SubElement(case, "properties").extend(
                ET.Element("property", name=key, value=value) for key, value in _properties(result)
            )
            if not result.passed:
                first = result.message.splitlines()[0] if result.message else result.outcome
                failure = ET.SubElement(case, "failure", message=first, type=result.outcome)
                failure.text = result.message
            if result.artifacts:
                # Jenkins and GitLab pick files up from [[ATTACHMENT|path]] lines.
                out = ET.SubElement(case, "system-out")
                out.text = "\n".join(
                    f"[[ATTACHMENT|{path.resolve()}]]" for path in result.artifacts
                )
    ET.indent(suites)
    document: bytes = ET.tostring(suites, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def write_junit(path: Path, results: list[CellResult], seconds: float) -> None:
    write_whole(path, junit_xml(results, seconds))


def write_whole(path: Path, data: bytes) -> None:
    """Written whole or not at all: a half-written report must not pass for a complete one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    finally:  # a disk that filled up, an interrupt: neither half a report nor its draft stays
        partial.unlink(missing_ok=True)
