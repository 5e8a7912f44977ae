"""Reading flow files: YAML with line numbers, validation errors as ``file:line: field: problem``.

Every way a file can be wrong ends in one FlowFileError whose message names the file, the line
and what is wrong, so the command line can print it as a single line and exit 2.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from tebiki.errors import FlowFileError
from tebiki.flowfile.model import ACTIONS, Flow, SiteFile
from tebiki.flowfile.variables import PLACEHOLDER


def _bundled_flows_dir() -> Path:
    """The bundled flow files. Installed, they sit inside the package (the build copies the
    project's top-level flows/ folder to tebiki/flows); in a source checkout, where the package
    is cli/tebiki, they are that top-level folder itself."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "flows"
    return installed if installed.is_dir() else package.parents[1] / "flows"


FLOWS_DIR = _bundled_flows_dir()

Path_ = tuple[str | int, ...]


def bundled_flows() -> list[Path]:
    return sorted(FLOWS_DIR.glob("*.yaml"))


def find_flow(name_or_path: str) -> Path:
    """A bundled flow by name (``withdraw-email``) or a flow file by path."""
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        if not candidate.is_file():
            raise FlowFileError(f"{name_or_path}: no such flow file")
        return candidate
    bundled = FLOWS_DIR / f"{name_or_path}.yaml"
    if bundled.is_file():
        return bundled
    known = ", ".join(path.stem for path in bundled_flows())
    raise FlowFileError(f"{name_or_path}: no such flow (bundled flows: {known})")


def load_flow(path: Path) -> Flow:
    shown = _shown(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FlowFileError(f"{shown}: cannot read: {error}") from None
    return parse_flow(text, shown)


def load_site_file(path: Path) -> SiteFile:
    """A site file: YAML with the site's overlays; its errors are ``file:line`` like a flow's."""
    shown = _shown(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FlowFileError(f"{shown}: cannot read: {error}") from None
    data, lines = _parse_yaml(text, shown)
    if not isinstance(data, dict):
        raise FlowFileError(f"{shown}:1: a site file is a mapping (overlays: [...])")
    try:
        return SiteFile.model_validate(data)
    except ValidationError as error:
        raise FlowFileError(_describe_validation(error, lines, shown)) from None


def parse_flow(text: str, shown: str = "<flow>") -> Flow:
    data, lines = _parse_yaml(text, shown)
    if data is None:
        raise FlowFileError(f"{shown}:1: empty flow file (a flow needs a title and steps)")
    if not isinstance(data, dict):
        raise FlowFileError(
            f"{shown}:1: a flow is a mapping with title and steps, not a {type(data).__name__}"
        )
    try:
        flow = Flow.model_validate(data)
    except ValidationError as error:
        raise FlowFileError(_describe_validation(error, lines, shown)) from None
    _check_placeholders(data, flow, lines, shown)
    return flow


def where_in(path: Path, loc: Path_) -> str:
    """``file:line`` of a field of a flow file that loaded, for problems found later (a check
    case naming a scenario the fixtures do not have)."""
    try:
        _, lines = _parse_yaml(path.read_text(encoding="utf-8"), _shown(path))
    except (OSError, UnicodeDecodeError, FlowFileError):
        lines = {}
    return f"{_shown(path)}:{_line_of(loc, lines)}"


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _parse_yaml(text: str, shown: str) -> tuple[Any, dict[Path_, int]]:
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{mark.line + 1}" if mark else "1"
        problem = error.problem or error.context or "not valid YAML"
        raise FlowFileError(f"{shown}:{where}: not valid YAML: {problem}") from None
    except yaml.YAMLError as error:
        raise FlowFileError(f"{shown}:1: not valid YAML: {error}") from None
    lines: dict[Path_, int] = {}
    if node is not None:
        _record_lines(node, (), lines)
    return data, lines


def _record_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            lines[(*path, key)] = key_node.start_mark.line + 1
            _record_lines(value_node, (*path, key), lines)
            # The key's own line is the better place to point at for "this field is wrong".
            lines[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*path, index), lines)


def _line_of(path: Path_, lines: dict[Path_, int]) -> int:
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 1


def _clean_loc(loc: tuple[str | int, ...]) -> Path_:
    """Drop the union's tag that pydantic puts after a step's index (steps.2.click.click.x)."""
    cleaned: list[str | int] = []
    for index, part in enumerate(loc):
        if (
            loc[0] == "steps"
            and part in ACTIONS
            and index > 0
            and isinstance(loc[index - 1], int)
            and index + 1 < len(loc)
        ):
            continue
        cleaned.append("effect" if part == "effect_" else part)
    return tuple(cleaned)


def _describe_validation(error: ValidationError, lines: dict[Path_, int], shown: str) -> str:
    problems = error.errors()
    first = problems[0]
    loc = _clean_loc(tuple(first["loc"]))
    field = ".".join(str(part) for part in loc) or "flow"
    message = first["msg"].removeprefix("Value error, ")
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{shown}:{_line_of(loc, lines)}: {field}: {message}{more}"


def _strings(data: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


def _check_placeholders(
    data: dict[str, Any], flow: Flow, lines: dict[Path_, int], shown: str
) -> None:
    """Every ``{name}`` in the steps must be a declared variable."""
    for path, text in _strings(data.get("steps", []), ("steps",)):
        # Captions may show braces; advice fills its braces from what was read.
        if path[-1] in ("caption", "caption_en", "note", "say", "say_en"):
            continue
        for match in PLACEHOLDER.finditer(text):
            name = match.group(1)
            if name == "which_one" and path[-1] == "within":
                raise FlowFileError(
                    f"{shown}:{_line_of(path, lines)}: not answered yet: which of several "
                    "matches a person means; write its section (within: SECTION, or header, "
                    "footer, main, nav) in place of {which_one}, as the comment above says"
                )
            if name not in flow.variables:
                declared = ", ".join(flow.variables) or "none"
                field = ".".join(str(part) for part in path)
                raise FlowFileError(
                    f"{shown}:{_line_of(path, lines)}: {field}: unknown variable {{{name}}} "
                    f"(declared variables: {declared})"
                )
    for index, step in enumerate(flow.steps):
        secret = getattr(step, "secret", None)
        if secret is not None and secret not in flow.secrets:
            path = ("steps", index, "secret")
            raise FlowFileError(
                f"{shown}:{_line_of(path, lines)}: steps.{index}.secret: unknown secret "
                f"{secret!r} (declared secrets: {', '.join(flow.secrets) or 'none'})"
            )
