"""Scenario fixtures: what a fresh account looks like, read from fixtures/scenarios/*.yaml.

A scenario is a YAML mapping so it can grow without changing the loader: keys the loader does not
know are kept in ``extra`` for later pages to read. The work that can block leaving (contracts,
tasks awaiting approval, rewards) is checked here and kept in ``extra`` already parsed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .labels import ARTICLE, LabelSet, parse_label_sets
from .work import WorkDataError, parse_work

ACCOUNT_KINDS = ("email", "social")
_SCENARIO_KEYS = frozenset({"name", "description", "accounts"})


def _bundled_fixtures_dir() -> Path:
    """The mock site's data (scenarios, label sets, market). Installed, it sits inside the
    package (the build copies it from the project's top-level fixtures/ folder to
    tebiki_mock/fixtures); in a source checkout, where the package is mock_site/tebiki_mock,
    it is that top-level folder itself."""
    package = Path(__file__).resolve().parent
    installed = package / "fixtures"
    return installed if installed.is_dir() else package.parents[1] / "fixtures"


DEFAULT_FIXTURES_DIR = _bundled_fixtures_dir()


class ScenarioError(ValueError):
    """A scenario file is missing, unreadable or malformed."""


@dataclass(frozen=True)
class AccountTemplate:
    """The starting data of one account kind in a scenario."""

    kind: str
    display_name: str
    registered_with: str
    introduction: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    accounts: dict[str, AccountTemplate]
    extra: dict[str, Any] = field(default_factory=dict)
    source: str = ""  # the file it came from, for error messages

    def account(self, kind: str) -> AccountTemplate:
        try:
            return self.accounts[kind]
        except KeyError:
            raise ScenarioError(f"scenario {self.name!r} has no {kind!r} account") from None


def _require_mapping(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ScenarioError(f"{where}: expected a mapping, got {type(value).__name__}")
    return {str(key): item for key, item in value.items()}


def _require_str(data: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or (default is None and not value):
        raise ScenarioError(f"{where}: {key!r} must be a non-empty string")
    return value


def _parse_account(kind: str, value: object, source: str) -> AccountTemplate:
    where = f"{source}: accounts.{kind}"
    data = _require_mapping(value, where)
    known = {"display_name", "registered_with", "introduction"}
    default_origin = "email" if kind == "email" else "google"
    try:
        work = parse_work(data, f"accounts.{kind}")
    except WorkDataError as exc:
        raise ScenarioError(f"{source}: {exc}") from None
    extra = {key: item for key, item in data.items() if key not in known}
    extra.update(work)
    return AccountTemplate(
        kind=kind,
        display_name=_require_str(data, "display_name", where),
        registered_with=_require_str(data, "registered_with", where, default_origin),
        introduction=_require_str(data, "introduction", where, ""),
        extra=extra,
    )


def parse_scenario(name: str, document: object, where: str) -> Scenario:
    """Build a Scenario from one parsed YAML document."""
    data = _require_mapping(document, where)
    accounts_data = _require_mapping(data.get("accounts"), f"{where}: accounts")
    accounts: dict[str, AccountTemplate] = {}
    for kind, value in accounts_data.items():
        if kind not in ACCOUNT_KINDS:
            raise ScenarioError(f"{where}: unknown account kind {kind!r} (known: email, social)")
        accounts[kind] = _parse_account(kind, value, where)
    declared = data.get("name", name)
    if declared != name:
        # The file name is what callers ask for; a differing inner name would be confusing.
        raise ScenarioError(f"{where}: name {declared!r} does not match the file name {name!r}")
    return Scenario(
        name=name,
        description=_require_str(data, "description", where, ""),
        accounts=accounts,
        extra={key: item for key, item in data.items() if key not in _SCENARIO_KEYS},
        source=where,
    )


class _Loader(yaml.SafeLoader):
    """YAML's safe loader, except that 2026-11-24 stays text: the work parser reads dates itself,
    so a bad one is reported with its key rather than as YAML's bare ValueError."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path) -> object:
    """One fixture file, parsed; ScenarioError naming the file when it cannot be."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # a SafeLoader
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise ScenarioError(f"{path}: {exc}") from exc


def load_scenarios(fixtures_dir: Path | None = None) -> dict[str, Scenario]:
    """Read every fixtures/scenarios/*.yaml file, keyed by file stem."""
    base = (fixtures_dir or DEFAULT_FIXTURES_DIR) / "scenarios"
    if not base.is_dir():
        raise ScenarioError(f"no scenarios directory at {base}")
    scenarios: dict[str, Scenario] = {}
    for path in sorted(base.glob("*.yaml")):
        document = load_yaml(path)
        scenarios[path.stem] = parse_scenario(path.stem, document, str(path))
    if not scenarios:
        raise ScenarioError(f"no scenario files in {base}")
    return scenarios


def load_label_sets(fixtures_dir: Path | None = None) -> dict[str, LabelSet]:
    """fixtures/labels.yaml: the words each label set shows; the article's alone where a
    fixtures folder has no such file."""
    path = (fixtures_dir or DEFAULT_FIXTURES_DIR) / "labels.yaml"
    if not path.exists():
        return {ARTICLE.name: ARTICLE}
    try:
        return parse_label_sets(load_yaml(path), str(path))
    except ValueError as exc:
        raise ScenarioError(str(exc)) from None
