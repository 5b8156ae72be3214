"""The package's modules import each other without a cycle (the sample site's included).

The graph is read from the source with ``ast``, so it sees every import: at module level, under
``if TYPE_CHECKING``, and inside functions (where a local import would otherwise hide a cycle at
import time). Importing ``pkg.mod`` runs ``pkg/__init__.py`` first, so an import of a submodule
is also an edge to its package: eager re-exports in ``__init__`` close a cycle through it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import zonenews
import zonenews.sample_site

ROOT = Path(zonenews.__file__).parent
PACKAGE = Path(zonenews.sample_site.__file__).parent

Graph = dict[str, set[str]]


def module_name(path: Path, root: Path, package: str) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((package, *parts))


def _with_parents(name: str) -> set[str]:
    """``a.b.c`` and the packages importing it runs first: ``a.b`` and ``a``."""
    pieces = name.split(".")
    return {".".join(pieces[:end]) for end in range(1, len(pieces) + 1)}


def imported_names(tree: ast.Module, module: str, is_package: bool) -> set[str]:
    """Every module name that ``tree`` imports anywhere (parents and submodules included)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names |= _with_parents(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = module.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            names |= _with_parents(base)
            # ``from pkg import mod`` imports the submodule ``pkg.mod`` when there is one.
            names |= {f"{base}.{alias.name}" for alias in node.names}
    return names


def import_graph(root: Path, package: str) -> Graph:
    """Which modules of ``package`` (its sources under ``root``) each of them imports."""
    paths = {module_name(p, root, package): p for p in sorted(root.rglob("*.py"))}
    graph: Graph = {}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found = imported_names(tree, name, path.name == "__init__.py")
        graph[name] = {target for target in found if target in paths and target != name}
    return graph


def cycles(graph: Graph) -> list[list[str]]:
    """The strongly connected components that hold a cycle (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, source in files.items():
        (root / name).write_text(source, encoding="utf-8")
    return root


def test_the_package_imports_form_no_cycle() -> None:
    graph = import_graph(ROOT, "zonenews")
    assert "zonenews.sample_site.site" in graph and "zonenews.crawler.spiders.zone" in graph
    assert "zonenews.build" in graph["zonenews.crawler.spiders.zone"]
    assert cycles(graph) == []


def test_the_sample_site_init_is_a_docstring_only() -> None:
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    assert len(tree.body) == 1
    assert ast.get_docstring(tree)


def test_a_cycle_hidden_in_a_function_or_under_type_checking_is_found(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "__init__.py": '"""Docstring only."""\n',
            "site.py": "def serve():\n    from pkg.server import Running\n    return Running\n",
            "server.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from pkg.site import Site\n"
            ),
            "model.py": "import dataclasses\n",
        },
    )
    assert cycles(import_graph(root, "pkg")) == [["pkg.server", "pkg.site"]]


def test_an_eager_re_export_closes_a_cycle_through_the_package(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "__init__.py": "from pkg.site import Site\n",
            "site.py": "from pkg import words\n",
            "words.py": "WORDS = ()\n",
        },
    )
    assert cycles(import_graph(root, "pkg")) == [["pkg", "pkg.site"]]


def test_relative_imports_are_resolved(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from .b import x\n",
            "b.py": "from . import a\n",
        },
    )
    assert import_graph(root, "pkg")["pkg.a"] == {"pkg", "pkg.b"}
    assert cycles(import_graph(root, "pkg")) == [["pkg.a", "pkg.b"]]
