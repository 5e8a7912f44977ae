"""Read steps: what a page shows (a table's rows, a labelled value, a text), found the way a
person finds it, and read without clicking anything.

A table is found by its name (its caption or aria-label) or as the table under a heading of that
name. A labelled value is what stands beside the label: the ``<dd>`` of a ``<dt>``, the cell
beside a row header, a field's value, the text after ``ラベル:``.
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

from tebiki.flowfile.steps import Advice, ReadStep
from tebiki.flowfile.targets import Target
from tebiki.flowfile.variables import render
from tebiki.page.locate import Found, find, pause, pick
from tebiki.page.values import normalize, parse_number
from tebiki.words import counted

_POLL_SECONDS = 0.05
_TABLES = "table, [role=table], [role=grid]"

_TABLE_JS = """
table => {
  const norm = s => (s || '').replace(/\\s+/g, ' ').trim();
  const CELLS = ':scope > th, :scope > td, :scope > [role=cell], :scope > [role=gridcell], '
    + ':scope > [role=columnheader], :scope > [role=rowheader]';
  // A footer (合計) is no row of data.
  const rows = Array.from(table.querySelectorAll('tr, [role=row]'))
    .filter(r => r.closest('table, [role=table], [role=grid]') === table && !r.closest('tfoot'));
  let headers = null;
  const data = [];
  for (const r of rows) {
    const cells = Array.from(r.querySelectorAll(CELLS));
    if (!cells.length) continue;
    const heading = !!r.closest('thead') || cells.every(c => c.matches('th, [role=columnheader]'));
    // Of several heading rows (a group row above the columns), the last one names the columns.
    if (heading && !data.length) headers = cells.map(c => norm(c.innerText));
    else data.push(cells.map(c => norm(c.innerText)));
  }
  return { headers: headers || [], rows: data };
}
"""

# The value beside a label, whatever the markup puts it in.
_VALUE_JS = """
el => {
  const norm = s => (s || '').replace(/\\s+/g, ' ').trim();
  if (el.matches('select')) return norm(el.selectedOptions[0] ? el.selectedOptions[0].text : '');
  if (el.matches('input, textarea')) return el.value;
  if (el.tagName === 'DT') {
    let n = el.nextElementSibling;
    while (n && n.tagName !== 'DD') n = n.nextElementSibling;
    return n ? norm(n.innerText) : null;
  }
  if (el.tagName === 'LABEL' && el.control) return el.control.value;
  const own = norm(el.innerText || el.textContent);
  const colon = /^[^::]+[::]\\s*(.+)$/.exec(own);
  if (colon) return colon[1];
  const next = el.nextElementSibling;
  if (next) return norm(next.innerText);
  const parent = el.parentElement;
  if (parent) {
    const text = norm(parent.innerText);
    if (text.startsWith(own) && text.length > own.length)
      return norm(text.slice(own.length).replace(/^[::]/, ''));
  }
  return null;
}
"""


@dataclass
class Reading:
    """What one read step found. ``problems`` are said in the report instead of failing."""

    name: str
    kind: Literal["rows", "value"]
    rows: list[dict[str, str]] = field(default_factory=list)
    value: str | None = None
    headers: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)
    found: bool = True

    @classmethod
    def not_found(cls, name: str, kind: Literal["rows", "value"], why: str) -> Reading:
        return cls(name, kind, problems=[why], found=False)

    @classmethod
    def missing(cls, step: ReadStep, why: str) -> Reading:
        return cls.not_found(step.into, "rows" if step.read.role == "table" else "value", why)

    def summary(self) -> str:
        if self.kind == "rows":
            return f"{self.name}: {counted(len(self.rows), 'row')}"
        return f"{self.name}: {self.value if self.value is not None else '(nothing)'}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def locate(page: Page, target: Target, timeout_ms: int) -> Found | None:
    """Poll until what is to be read is on the page and visible, or the time is up."""
    if target.role != "table" and not target.label:
        return find(page, target, timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000
    best: Found | None = None
    while True:
        try:
            found = _table(page, target) if target.role == "table" else _labelled(page, target)
        except PlaywrightError as error:
            if "context was destroyed" not in str(error) and "navigat" not in str(error):
                raise
            found = None
        if found is not None and found.visible:
            return found
        best = found or best
        if time.monotonic() >= deadline:
            return best
        pause(page, _POLL_SECONDS)


def _first(candidates: Locator, within: str | None, name: str) -> Found | None:
    chosen = pick(candidates, within)
    if chosen.locator is None:
        return None
    return Found(chosen.locator, chosen.visible, name)


def _table(page: Page, target: Target) -> Found | None:
    for name in target.names:
        named = page.get_by_role("table", name=name, exact=True).or_(
            page.get_by_role("grid", name=name, exact=True)
        )
        found = _first(named, target.within, name)
        # A table with no name of its own: the first one under a heading of that name.
        found = found or _first(page.locator(_TABLES), name, name)
        if found is not None:
            return found
    return None


def _labelled(page: Page, target: Target) -> Found | None:
    for name in target.names:
        shown = page.get_by_text(name, exact=True).or_(
            page.get_by_text(re.compile(rf"^\s*{re.escape(name)}\s*[::]"))
        )
        found = _first(shown, target.within, name) or _first(
            page.get_by_label(name, exact=True), target.within, name
        )
        if found is not None:
            return found
    return None


def extract(found: Found, step: ReadStep, lang: str) -> Reading:
    """Read the found element as the step asks, and add the step's advice."""
    if step.read.role == "table":
        raw: dict[str, Any] = found.element.evaluate(_TABLE_JS)
        reading = _rows(step, raw["headers"], raw["rows"])
    elif step.read.label:
        value: str | None = found.element.evaluate(_VALUE_JS)
        reading = Reading(step.into, "value", value=None if value is None else normalize(value))
        if value is None or not normalize(value):
            reading.problems.append(f"nothing shown beside 「{found.name}」")
    else:
        text = found.element.inner_text()
        reading = Reading(step.into, "value", value=normalize(text))
    reading.advice = advise(reading, step.advice, lang)
    return reading


def _rows(step: ReadStep, headers: list[str], cells: list[list[str]]) -> Reading:
    reading = Reading(step.into, "rows", headers=headers)
    if not headers:
        reading.problems.append("the table has no header row")
        return reading
    wanted = step.columns or {header: header for header in headers}
    missing = [header for header in wanted if header not in headers]
    for header in missing:
        reading.problems.append(f"no column 「{header}」 (the table has: {'、'.join(headers)})")
    for number, row in enumerate(cells, start=1):
        if len(row) == 1 and len(headers) > 1:
            continue  # a note such as "no items", spread over the columns
        if len(row) < len(headers):
            reading.problems.append(
                f"row {number} has {counted(len(row), 'cell')} for "
                f"{counted(len(headers), 'column')}; the missing ones are left empty"
            )
        reading.rows.append(
            {
                wanted[header]: _cell(row, headers.index(header))
                for header in wanted
                if header in headers
            }
        )
    return reading


def _cell(row: list[str], index: int) -> str:
    return row[index] if index < len(row) else ""


def advise(reading: Reading, advice: list[Advice], lang: str) -> list[str]:
    """The step's remarks, for each row (or the value) they fit, with its fields filled in."""
    items: list[dict[str, str]] = (
        reading.rows
        if reading.kind == "rows"
        else ([{"value": reading.value}] if reading.value is not None else [])
    )
    said: list[str] = []
    for item in items:
        for remark in advice:
            if _fits(remark, item):
                said.append(render(remark.text_in(lang), item))
    return said


def _fits(remark: Advice, item: dict[str, str]) -> bool:
    def shown(name: str) -> str:
        return normalize(item.get(name))

    if any(
        shown(name) not in {normalize(v) for v in values} for name, values in remark.when.items()
    ):
        return False
    if any(shown(name) in {normalize(v) for v in values} for name, values in remark.unless.items()):
        return False
    for name, limit in remark.below.items():
        number = parse_number(item.get(name))
        if number is None or number >= limit:
            return False
    return True
