"""Scrapy's private API is imported in one module, which names the Scrapy it needs."""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

import pytest
import scrapy
from scrapy.core.downloader.handlers import http11

from zonenews.archive import scrapy_private

PACKAGE = Path(__file__).resolve().parents[2] / "zonenews"


def private_scrapy_imports(path: Path) -> list[str]:
    """``module.name`` of each private Scrapy name ``path`` imports (at any depth)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            module = node.module
            if module.split(".")[0] != "scrapy":
                continue
            private_module = any(part.startswith("_") for part in module.split("."))
            found += [
                f"{module}.{alias.name}"
                for alias in node.names
                if private_module or alias.name.startswith("_")
            ]
        elif isinstance(node, ast.Import):
            found += [
                alias.name
                for alias in node.names
                if alias.name.split(".")[0] == "scrapy"
                and any(part.startswith("_") for part in alias.name.split("."))
            ]
    return found


def test_only_scrapy_private_imports_scrapys_private_names() -> None:
    importers = {
        str(path.relative_to(PACKAGE)): names
        for path in sorted(PACKAGE.rglob("*.py"))
        if (names := private_scrapy_imports(path))
    }
    assert list(importers) == ["archive/scrapy_private.py"], importers
    assert len(importers["archive/scrapy_private.py"]) == 3


def test_the_scan_sees_a_private_import(tmp_path: Path) -> None:
    module = tmp_path / "sample.py"
    module.write_text(
        "from scrapy.core.downloader.handlers.http11 import _LenientHTTPClientParser\n"
        "import scrapy.utils._compression\n"
        "from scrapy.http import Request\n"
    )
    assert private_scrapy_imports(module) == [
        "scrapy.core.downloader.handlers.http11._LenientHTTPClientParser",
        "scrapy.utils._compression",
    ]


def test_a_scrapy_without_the_private_classes_gets_a_message_naming_the_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As on Scrapy 2.17: the module is there, the lenient parser is not.
    monkeypatch.delattr(http11, "_LenientHTTPClientParser")
    monkeypatch.delitem(sys.modules, scrapy_private.__name__)
    with pytest.raises(ImportError) as raised:
        importlib.import_module(scrapy_private.__name__)
    message = str(raised.value)
    assert f"Scrapy >= {scrapy_private.MINIMUM_SCRAPY}" in message
    assert f"this is Scrapy {scrapy.__version__}" in message
    assert isinstance(raised.value.__cause__, ImportError)
