"""``zonenews check --save DIR``: the pages a check fetched, kept as saved pages for a family test.

Each page goes to ``DIR/<family>/<name>.html`` with ``<name>.json`` beside it in the format of
``tests/pages/<family>/`` (``url``, ``family``, ``fields``). The fields are a skeleton, every value
empty: expected fields are written by a person reading the page, never copied from the extractor,
or the test would only check the extractor against itself. Existing files are never overwritten.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from zonenews.commands.check import EntryCheck
from zonenews.commands.fetch import Fetched

__all__ = ["save_pages", "skeleton"]


def skeleton(url: str, family: str) -> dict[str, Any]:
    """An expectation file with every field present and empty, to be filled in by hand."""
    fields = {
        "title": None,
        "date": None,
        "paragraphs": [],
        "images": [],
        "source": None,
        "author": None,
        "not_article": None,
    }
    return {"url": url, "family": family, "fields": fields}


def save_pages(check: EntryCheck, folder: Path) -> list[Path]:
    """The fetched start, list and article pages of ``check`` saved under ``folder``; the
    paths of the HTML files written (pages whose files exist already are left alone)."""
    answers = [s.answer for s in check.starts] + [a.answer for a in check.articles]
    family = check.entry.family
    written = []
    for answer in answers:
        if not answer.ok:
            continue
        path = _save(answer, folder / family, f"{check.entry.key}-{_name(answer.url)}", family)
        if path is not None:
            written.append(path)
    return written


def _save(answer: Fetched, folder: Path, name: str, family: str) -> Path | None:
    html, expected = folder / f"{name}.html", folder / f"{name}.json"
    if html.exists() or expected.exists():
        return None
    folder.mkdir(parents=True, exist_ok=True)
    html.write_bytes(answer.body)
    text = json.dumps(skeleton(answer.url, family), ensure_ascii=False, indent=2)
    expected.write_text(text + "\n", encoding="utf-8")
    return html


def _name(url: str) -> str:
    """A file name from the URL's last path segment (a folder's own name), extension dropped."""
    segments = [part for part in urlsplit(url).path.split("/") if part]
    stem = segments[-1].rsplit(".", 1)[0] if segments else ""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", stem) or "root"
