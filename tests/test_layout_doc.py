"""docs/layout.md lists every file of the package, and nothing that is not there."""

from __future__ import annotations

import re
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
    assert {"missing": sorted(tree - set(listed)), "stale": sorted(set(listed) - tree)} == {
        "missing": [],
        "stale": [],
    }
