"""Reading flow files: YAML with line numbers, validation errors as ``file:line: step N: field:
problem`` (messages.py puts them in words).

Every way a file can be wrong ends in one FlowFileError whose message has a line for each thing
wrong, each naming the file, the line and what is wrong, so the command line can print them and
exit 2; a file the YAML reader or a bound refuses has one such line.

A flow file may come from anyone, so reading one is bounded: its size is checked before it is
read, its nesting and its aliases while it is composed (PyYAML's composer recurses, one level
per collection), and the composed node tree (a graph, once aliases are in it) is measured
without recursion before anything is constructed from it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from tebiki.errors import FlowFileError
from tebiki.flowfile.messages import Path_, Problem, describe_errors, placeholder_problems
from tebiki.flowfile.model import MAX_STEPS, Flow, Lang, SiteFile, writing_lang

MAX_BYTES = 1024 * 1024  # a flow is a page or two of steps; 1 MiB is far more than any needs
MAX_DEPTH = 50  # nested collections (mappings and lists); a flow uses five or six
MAX_ALIASES = 100  # *alias references in a file
MAX_NODES = 20_000  # values (keys, items, texts): a bundled flow has 80 to 200, some 15 a step
MAX_EXPANSION = 10_000  # values that aliases add once expanded (a "billion laughs" document)
# Characters of text once every alias is expanded: a few aliases of one long text would
# otherwise make a small file print, draw and write hundreds of megabytes.
MAX_EXPANDED_CHARS = MAX_BYTES


def _bundled_flows_dir() -> Path:
    """The bundled flow files. Installed, they sit inside the package (the build copies the
    project's top-level flows/ folder to tebiki/flows); in a source checkout, where the package
    is cli/tebiki, they are that top-level folder itself."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "flows"
    return installed if installed.is_dir() else package.parents[1] / "flows"


FLOWS_DIR = _bundled_flows_dir()


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
    return load_flow_and_text(path)[0]


def load_flow_and_text(path: Path) -> tuple[Flow, str]:
    """The flow, and the text it was read from: one read, so what was checked is what is kept
    (a test file that carries the flow)."""
    shown = _shown(path)
    text = _read(path, shown)
    return parse_flow(text, shown), text


def _read(path: Path, shown: str) -> str:
    """The file's text, its size checked before a byte of it is read."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise FlowFileError(_too_large(shown, size))
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)  # a file that grows (or a device) stops here
        if len(raw) > MAX_BYTES:
            raise FlowFileError(_too_large(shown, len(raw), exact=False))
        return raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FlowFileError(f"{shown}:1: cannot read: {error}") from None


def _too_large(shown: str, size: int, exact: bool = True) -> str:
    more = "" if exact else "more than "
    return (
        f"{shown}:1: the file is larger than 1 MiB ({more}{size} bytes); a flow file is a "
        "short list of steps"
    )


def load_site_file(path: Path) -> SiteFile:
    """A site file: YAML with the site's overlays; its errors are ``file:line`` like a flow's."""
    shown = _shown(path)
    data, lines = _parse_yaml(_read(path, shown), shown)
    if not isinstance(data, dict):
        raise FlowFileError(f"{shown}:1: a site file is a mapping (overlays: [...])")
    try:
        return SiteFile.model_validate(data)
    except (ValidationError, RecursionError) as error:
        raise FlowFileError(_said(_describe_validation(error, SiteFile, lines), shown)) from None


def parse_flow(text: str, shown: str = "<flow>") -> Flow:
    data, lines = _parse_yaml(text, shown, _count_steps)
    if data is None:
        raise FlowFileError(f"{shown}:1: empty flow file (a flow needs a title and steps)")
    if not isinstance(data, dict):
        raise FlowFileError(
            f"{shown}:1: a flow is a mapping with title and steps, not a {type(data).__name__}"
        )
    flow: Flow | None = None
    problems: list[Problem] = []
    try:
        flow = Flow.model_validate(data)
    except (ValidationError, RecursionError) as error:
        problems = _describe_validation(error, Flow, lines)
    # Said with the model's errors, so one pass over the file names everything wrong in it.
    problems += placeholder_problems(data, lambda loc: _line_of(loc, lines))
    if problems or flow is None:
        raise FlowFileError(_said(problems, shown))
    return flow


def _said(problems: list[Problem], shown: str) -> str:
    """One line a problem, ``FILE:LINE: ...``, in the order of the file's lines."""
    ordered = sorted(problems, key=lambda problem: problem.line)
    return "\n".join(f"{shown}:{problem.line}: {problem.text}" for problem in ordered)


def caption_notes(path: Path, flow: Flow, lang: Lang | None = None) -> list[str]:
    """``FILE:LINE: step N has no caption; ...`` for each step whose tutorial caption tebiki
    makes (in the language it writes the flow in), saying the caption it makes."""
    writing = writing_lang(lang, flow)
    bare = [
        (index, step)
        for index, step in enumerate(flow.steps)
        if step.written_caption(writing) is None
    ]
    if not bare:
        return []
    shown = _shown(path)
    try:
        _, lines = _parse_yaml(_read(path, shown), shown)
    except FlowFileError:
        lines = {}
    return [
        f"{shown}:{_line_of(('steps', index), lines)}: step {index + 1} has no caption; its "
        f"tutorial will say {step.caption_in(writing)} (from what the page shows)"
        for index, step in bare
    ]


def _count_steps(root: yaml.Node) -> None:
    """More than MAX_STEPS steps is refused before any of them is constructed."""
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if (
                isinstance(key, yaml.ScalarNode)
                and key.value == "steps"
                and isinstance(value, yaml.SequenceNode)
                and len(value.value) > MAX_STEPS
            ):
                raise _Refused(
                    key.start_mark.line + 1,
                    f"steps: more than {MAX_STEPS} steps ({len(value.value)}); a flow is a "
                    "short walk: split it into several flows",
                )


def where_in(path: Path, loc: Path_) -> str:
    """``file:line`` of a field of a flow file that loaded, for problems found later (a check
    case naming a scenario the fixtures do not have)."""
    try:
        _, lines = _parse_yaml(_read(path, _shown(path)), _shown(path))
    except FlowFileError:
        lines = {}
    return f"{_shown(path)}:{_line_of(loc, lines)}"


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class _Refused(Exception):
    """A bound the file goes beyond, found at a line while it is read."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing deep nesting, many aliases and many values while it
    composes (its composer recurses once per nested collection: 10,000 levels would overflow
    the stack; and it reads some 20,000 values a second)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.depth = 0
        self.aliases = 0
        self.nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1 if event.start_mark else 1
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Refused(
                line,
                f"more than {MAX_NODES} values (keys, items, texts); a flow file is a short one",
            )
        if isinstance(event, yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _Refused(
                    line, f"more than {MAX_ALIASES} aliases (*name); a flow needs few if any"
                )
            return super().compose_node(parent, index)
        if not isinstance(event, yaml.CollectionStartEvent):
            return super().compose_node(parent, index)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(line, f"nested deeper than {MAX_DEPTH} levels")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _measure(root: yaml.Node) -> None:
    """Refuse a node tree deeper than MAX_DEPTH, or whose aliases expand it by more than
    MAX_EXPANSION values, or that contains itself; without recursion, each node once (aliases
    make the tree a graph: every node's depth and expanded size are kept)."""
    height: dict[int, int] = {}
    size: dict[int, int] = {}
    chars: dict[int, int] = {}  # the text it holds, aliases expanded
    open_: set[int] = set()  # on the path from the root: met again, the node contains itself
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        line = node.start_mark.line + 1 if node.start_mark else 1
        if children_done:
            open_.discard(key)
            children = _children(node)
            collection = isinstance(node, yaml.CollectionNode)
            height[key] = int(collection) + max((height[id(c)] for c in children), default=0)
            size[key] = 1 + sum(size[id(child)] for child in children)
            own = len(node.value) if isinstance(node, yaml.ScalarNode) else 0
            chars[key] = own + sum(chars[id(child)] for child in children)
            if height[key] > MAX_DEPTH:
                raise _Refused(line, f"nested deeper than {MAX_DEPTH} levels (through aliases)")
            if size[key] - len(size) > MAX_EXPANSION:
                raise _Refused(
                    line,
                    f"its aliases expand it by more than {MAX_EXPANSION} values (a flow "
                    "needs few aliases, if any)",
                )
            if chars[key] > MAX_EXPANDED_CHARS:
                raise _Refused(
                    line,
                    f"with its aliases expanded it holds {chars[key]:,} characters of text, "
                    f"more than {MAX_EXPANDED_CHARS:,} (a flow is a page or two of steps)",
                )
            continue
        if key in height:
            continue
        if key in open_:
            raise _Refused(line, "an alias stands inside the collection it names (a loop)")
        open_.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(_children(node)))


def _parse_yaml(
    text: str, shown: str, check: Callable[[yaml.Node], None] | None = None
) -> tuple[Any, dict[Path_, int]]:
    """The document and the line of each of its fields; ``check`` looks at the node tree
    (already bounded) before anything is constructed from it."""
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise FlowFileError(_too_large(shown, len(text.encode("utf-8", "surrogatepass"))))
    try:
        loader = _BoundedLoader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                _measure(node)
                if check is not None:
                    check(node)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except _Refused as refused:
        raise FlowFileError(f"{shown}:{refused.line}: {refused.problem}") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{mark.line + 1}" if mark else "1"
        problem = _one_line(error.problem or error.context or "not valid YAML")
        if "mapping values are not allowed" in problem:
            # Most often a label that ends in a colon, as a framework writes it.
            problem += (
                " (a colon before a space or the end of a line starts a key in YAML: write "
                'such a text in quotes, as in fill: "メールアドレス:"; a label\'s trailing colon '
                "may also be left out, tebiki finds the field without it)"
            )
        raise FlowFileError(f"{shown}:{where}: not valid YAML: {problem}") from None
    except yaml.reader.ReaderError as error:
        position = error.position if isinstance(error.position, int) else 0
        line = text.count("\n", 0, position) + 1
        raise FlowFileError(
            f"{shown}:{line}: not valid YAML: character #x{error.character:04x} is not "
            "allowed in a YAML file"
        ) from None
    except (yaml.YAMLError, ValueError, TypeError, ArithmeticError, LookupError) as error:
        # A tag's constructor refusing its value (``!!int x``, ``!!timestamp 2026-13-99``).
        raise FlowFileError(f"{shown}:1: not valid YAML: {_one_line(str(error))}") from None
    lines: dict[Path_, int] = {}
    if node is not None:
        _record_lines(node, (), lines)
    return data, lines


def _one_line(text: str) -> str:
    return " ".join(text.split())


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


def _describe_validation(
    error: ValidationError | RecursionError,
    root: type[Flow] | type[SiteFile],
    lines: dict[Path_, int],
) -> list[Problem]:
    if isinstance(error, RecursionError):  # bounded above; said, should it ever happen
        return [Problem(1, "nested too deeply to check")]
    return describe_errors(error.errors(), root, lambda loc: _line_of(loc, lines))
