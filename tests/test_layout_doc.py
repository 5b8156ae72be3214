"""docs/layout.md lists every file of the package, and nothing that is not there."""

from __future__ import annotations

import re
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LISTED = re.compile(r"^- `(zonenews/[^`]+)` — ", re.MULTILINE)
SHIPPED = (".py", ".toml", ".json", ".typed")


def test_the_layout_page_matches_the_tree() -> None:
    listed = LISTED.findall((ROOT / "docs" / "layout.md").read_text(encoding="utf-8"))
    assert len(listed) == len(set(listed)), "a file is listed twice"
    tree = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "zonenews").rglob("*")
        if path.is_file() and path.suffix in SHIPPED and "__pycache__" not in path.parts
    }
    # A pattern line (``zones/*.toml``) stands for the files it matches, and must match one.
    covered = {path for path in tree if any(fnmatch(path, pattern) for pattern in listed)}
    stale = {pattern for pattern in listed if not any(fnmatch(path, pattern) for path in tree)}
    assert {"missing": sorted(tree - covered), "stale": sorted(stale)} == {
        "missing": [],
        "stale": [],
    }
