"""The house rules of the source tree, read from the code itself (no browser): no import cycles,
the engine never imports click, only tebiki.sites.mock knows the bundled mock site, the mock
knows nothing of the engine, and only tebiki.browser starts a browser."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_ROOTS = {"tebiki": ROOT / "cli", "tebiki_mock": ROOT / "mock_site"}


def _modules() -> dict[str, Path]:
    found = {}
    for package, root in SOURCE_ROOTS.items():
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> Iterator[tuple[str, bool]]:
    """Every module of ours that ``name`` imports, and whether at module level (a function's
    own import runs only when it is called, so it cannot make a cycle at import time)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    top_level = {id(node) for node in _run_at_import(tree.body)}
    for node in ast.walk(tree):
        at_top = id(node) in top_level
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, at_top
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            submodules = [f"{base}.{alias.name}" for alias in node.names]
            for submodule in submodules:
                if submodule in MODULES:
                    yield submodule, at_top
            if any(submodule not in MODULES for submodule in submodules):
                yield base, at_top  # a name defined in the module itself


def _run_at_import(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements that run when the module is imported: its body, and the blocks of its
    ifs (but not ``if TYPE_CHECKING:``), trys and withs; not function or class bodies' calls."""
    for node in body:
        yield node
        if isinstance(node, ast.If) and not _type_checking(node):
            yield from _run_at_import(node.body)
            yield from _run_at_import(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from _run_at_import(block)
            for handler in node.handlers:
                yield from _run_at_import(handler.body)
        elif isinstance(node, ast.With):
            yield from _run_at_import(node.body)


def _type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _ours(imported: str) -> str | None:
    """The module of ours an import names (``tebiki.x.y`` may be a name inside ``tebiki.x``)."""
    while imported:
        if imported in MODULES:
            return imported
        imported = imported.rpartition(".")[0]
    return None


GRAPH = {
    name: {
        (ours, at_top)
        for imported, at_top in _imports(name, path)
        if (ours := _ours(imported)) is not None and ours != name
    }
    for name, path in MODULES.items()
}


def test_the_tree_has_both_packages_and_its_rooms() -> None:
    rooms = {name.split(".")[1] for name in MODULES if name.startswith("tebiki.")}
    assert {"flowfile", "page", "drawing", "playing", "sites", "commands"} <= rooms
    assert any(name.startswith("tebiki_mock.") for name in MODULES)


def test_no_import_cycles() -> None:
    """No two modules depend on each other, whether the import runs when the module loads,
    only for type checking, or inside a function: each is a dependency a reader must follow."""
    edges = {name: {target for target, _ in targets} for name, targets in GRAPH.items()}
    state: dict[str, int] = {}
    path: list[str] = []
    cycles: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target)
        path.pop()
        state[node] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name)
    assert cycles == []


def _importers_of(prefix: str) -> set[str]:
    return {
        name
        for name, path in MODULES.items()
        for imported, _ in _imports(name, path)
        if imported == prefix or imported.startswith(prefix + ".")
    }


def test_only_the_commands_import_click() -> None:
    assert _importers_of("click") - {n for n in MODULES if n.startswith("tebiki.commands")} == set()
    assert _importers_of("click")  # the commands do, so the check is looking


def test_only_one_module_of_the_engine_knows_the_mock_site() -> None:
    engine = {name for name in MODULES if name.startswith("tebiki.")}
    assert _importers_of("tebiki_mock") & engine == {"tebiki.sites.mock"}


def test_the_mock_site_knows_nothing_of_the_engine() -> None:
    mock = {name for name in MODULES if name.startswith("tebiki_mock")}
    assert _importers_of("tebiki") & mock == set()
    assert mock


def test_only_tebiki_browser_starts_a_browser() -> None:
    starters = set()
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            called = node.func if isinstance(node, ast.Call) else None
            if isinstance(called, ast.Attribute) and called.attr in (
                "launch",
                "launch_persistent_context",
                "connect",
                "connect_over_cdp",
            ):
                starters.add(name)
    assert starters == {"tebiki.browser"}
