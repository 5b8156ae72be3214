"""The package's shape: a pure core that imports no Scrapy, Twisted or warcio, and a
``zonenews extract`` that imports no Scrapy (no import cycle: tests/test_import_graph.py).

Read statically with ``ast`` from the source, so that imports inside functions count too (a
function-local import hides a cycle from Python but not from this test); imports under
``if TYPE_CHECKING:`` are for type checkers only and are left out.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "zonenews"
FRAMEWORKS = ("scrapy", "twisted", "warcio")

#: The pure layer (docs/layout.md): page bytes -> fields -> record, site and family data, the
#: crawl-state interface. A live crawl and ``zonenews extract`` share it.
PURE = (
    "zonenews.record",
    "zonenews.build",
    "zonenews.extract",
    "zonenews.families",
    "zonenews.sites",
    "zonenews.state",
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _runtime_imports(tree: ast.AST) -> list[str]:
    """Every module an ``import`` names, except under ``if TYPE_CHECKING:``."""
    found: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found.extend(f"{node.module}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


@cache
def _imports(module: str) -> tuple[set[str], set[str]]:
    """(zonenews modules, other top-level packages) that ``module`` imports at run time."""
    tree = ast.parse(_modules()[module].read_text(encoding="utf-8"))
    ours: set[str] = set()
    others: set[str] = set()
    for name in _runtime_imports(tree):
        if name == "zonenews" or name.startswith("zonenews."):
            if name in _modules() and name != module:
                ours.add(name)
        else:
            others.add(name.split(".", 1)[0])
    return ours, others


def _reachable(start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for name in _imports(todo.pop())[0]:
            if name not in seen:
                seen.add(name)
                todo.append(name)
    return seen


def _pure_modules() -> list[str]:
    return sorted(m for m in _modules() if any(m == p or m.startswith(p + ".") for p in PURE))


@pytest.mark.parametrize("module", _pure_modules())
def test_the_pure_layer_imports_no_framework(module: str) -> None:
    """Checked over everything the module reaches, so a helper it imports counts too."""
    reached = {
        (name, other)
        for name in _reachable(module)
        for other in _imports(name)[1]
        if other in FRAMEWORKS
    }
    assert reached == set()


def test_zonenews_extract_reaches_no_scrapy_or_twisted() -> None:
    reached = {
        (name, other)
        for start in _modules()
        if start.startswith("zonenews.reextract")
        for name in _reachable(start)
        for other in _imports(name)[1]
        if other in ("scrapy", "twisted")
    }
    assert reached == set()


def test_the_checks_see_what_they_look_for() -> None:
    """The static reader finds a framework import where one is (else the tests above prove
    nothing), and Python agrees: importing the pure layer loads no framework."""
    assert "scrapy" in _imports("zonenews.crawler.spiders.zone")[1]
    assert "zonenews.build" in _imports("zonenews.crawler.spiders.zone")[0]
    code = (
        "import sys\n"
        f"for name in {_pure_modules()!r}: __import__(name)\n"
        f"print(sorted(m for m in {FRAMEWORKS!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_only_the_archive_imports_warcio() -> None:
    """WARC code lives in ``zonenews.archive``: its reader is the one every command uses."""
    outside = {
        name
        for name in _modules()
        if not (name == "zonenews.archive" or name.startswith("zonenews.archive."))
        and "warcio" in _imports(name)[1]
    }
    assert outside == set()
    assert "warcio" in _imports("zonenews.archive.read.reader")[1]


def test_the_archive_does_not_depend_on_zonenews_extract() -> None:
    reached = {
        (start, name)
        for start in _modules()
        if start.startswith("zonenews.archive.")
        for name in _imports(start)[0]
        if name.startswith("zonenews.reextract")
    }
    assert reached == set()
