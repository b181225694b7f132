"""No two modules of thuis_cli import each other, directly or in a loop: imports inside functions
count (they still tie the modules together), imports only for the type checker do not."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "thuis_cli"


def module_name(path: Path) -> str:
    parts = ["thuis_cli", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST):
    """Every import statement, except those under `if TYPE_CHECKING:`."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _type_checking_only(node):
            yield from (n for child in node.orelse for n in _imports_in(child))
            continue
        yield from _imports_in(node)


def _imports_in(node: ast.AST):
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        yield node
    else:
        yield from _imports(node)


def edges(name: str) -> set[str]:
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        for target in targets:
            if target in MODULES and target != name:
                found.add(target)
                # importing a submodule runs its packages' __init__ first (not the importer's own package)
                parent = target.rpartition(".")[0]
                while parent and parent != "thuis_cli" and not name.startswith(parent + ".") and parent != name:
                    found.add(parent)
                    parent = parent.rpartition(".")[0]
    return found


def cycles() -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    graph = {name: edges(name) for name in MODULES}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return groups


def test_the_import_graph_has_no_cycle():
    found = cycles()
    assert not found, "\n".join(" <-> ".join(group) for group in found)


def test_the_cycle_finder_finds_a_cycle_through_a_function_import(tmp_path, monkeypatch):
    for name, text in {"__init__.py": "", "a.py": "from . import b\n",
                       "b.py": "def f():\n    from .c import x\n",
                       "c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import b\n"
                               "from .a import y\n",
                       "d.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import a\n"}.items():
        (tmp_path / name).write_text(text)
    monkeypatch.setitem(globals(), "PACKAGE", tmp_path)
    monkeypatch.setitem(globals(), "MODULES", {module_name(p): p for p in tmp_path.rglob("*.py")})
    assert cycles() == [["thuis_cli.a", "thuis_cli.b", "thuis_cli.c"]]
