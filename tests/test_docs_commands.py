"""The commands of the README and docs/ leave a clone clean: what they write goes under
``output/`` (ignored by git) or a folder the reader names (``/data/...``), and Python runs from
the project's ``.venv``."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: Options whose value is a file or folder the command writes.
WRITES = {"-o", "-O", "--output", "--out", "--warc-dir", "--state", "--job"}
SHELL_FENCES = {"```", "```sh", "```bash", "```shell"}


def _blocks(doc: Path) -> list[str]:
    """The shell code blocks of ``doc`` (fences without a language are shell or output)."""
    blocks, current = [], None
    for line in doc.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            if current is None:
                current = [] if line.strip() in SHELL_FENCES else ["<not shell>"]
            else:
                if current[:1] != ["<not shell>"]:
                    blocks.append("\n".join(current))
                current = None
        elif current is not None:
            current.append(line)
    return blocks


def _commands(doc: Path) -> list[str]:
    found = []
    for block in _blocks(doc):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split(" #", 1)[0].strip()
            if line and not line.startswith(("#", "$", "{", "[")):
                found.extend(part.strip() for part in line.split("&&"))
    return found


def _written(command: str) -> list[str]:
    try:
        words = shlex.split(command)
    except ValueError:
        return []
    paths = [words[i + 1] for i, word in enumerate(words[:-1]) if word in WRITES]
    if words[:1] == ["mkdir"]:
        paths += [word for word in words[1:] if not word.startswith("-")]
    return paths


def _clean(path: str) -> bool:
    return path.startswith(("output/", "/", "$", "DIR")) or path == "output"


@pytest.mark.parametrize("doc", DOCS, ids=lambda path: path.name)
def test_what_the_examples_write_goes_under_output(doc: Path) -> None:
    dirty = [
        (command, path)
        for command in _commands(doc)
        for path in _written(command)
        if not _clean(path)
    ]
    assert dirty == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda path: path.name)
def test_python_runs_from_the_venv(doc: Path) -> None:
    inline = re.findall(r"`(python3? -c .{0,30})", doc.read_text(encoding="utf-8"))
    in_blocks = [c for c in _commands(doc) if re.match(r"python3? ", c.split("  ")[-1])]
    assert inline + in_blocks == []


def test_the_examples_are_found() -> None:
    # The scan above finds the README's commands at all: its own outputs are among them.
    written = [path for command in _commands(ROOT / "README.md") for path in _written(command)]
    assert "output/demo.wacz" in written and "output/replay" in written
