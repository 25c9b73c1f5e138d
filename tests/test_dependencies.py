"""Dependencies point one way: the extractor never imports the index, neither of them the
command line or the web page (``diarium/``), and no module of ``extractor/``, ``index/`` or
``diarium/`` reaches itself again through its imports, at the top of a module or inside a
function (an import deferred into a function is still a dependency).

The imports are read from the source with :mod:`ast`, so nothing is imported to check them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("extractor", "index", "diarium")


def module_files() -> dict[str, Path]:
    """Every module of the packages by dotted name (a package by its own name)."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of the packages that ``name`` imports anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            for alias in node.names:
                whole = f"{base}.{alias.name}"
                out.add(whole if whole in known else base)  # ``from pkg import module`` or ``from module import x``
    return {m for m in out if m in known and m != name}


def graph() -> dict[str, set[str]]:
    files = module_files()
    return {name: imported(name, path, set(files)) for name, path in files.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


@pytest.mark.parametrize("edges, expected", [
    ({"a": {"b"}, "b": {"a"}, "c": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}, [["a", "b", "c"]]),
    ({"a": {"b"}, "b": set()}, []),
])
def test_cycles_are_found(edges, expected):
    assert cycles(edges) == expected


def test_the_import_walk_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from index.linking import links\n    from index.store import Store\n", "utf-8")
    assert imported("index.x", module, {"index.linking.links", "index.store", "index.linking"}) == {
        "index.linking.links", "index.store"}


def test_no_module_of_the_extractor_the_index_or_the_command_line_imports_itself_again():
    assert cycles(graph()) == []


def test_the_extractor_never_imports_the_index():
    reaching = {name: sorted(m for m in deps if m.split(".")[0] == "index")
                for name, deps in graph().items() if name.split(".")[0] == "extractor"}
    assert {name: deps for name, deps in reaching.items() if deps} == {}


def test_neither_the_extractor_nor_the_index_imports_the_command_line_or_the_web_page():
    reaching = {name: sorted(m for m in deps if m.split(".")[0] == "diarium")
                for name, deps in graph().items() if name.split(".")[0] in ("extractor", "index")}
    assert {name: deps for name, deps in reaching.items() if deps} == {}
