"""The JSON Lines output: written to a temporary file, renamed into place only when done.

A run that fails or is interrupted leaves no output file, and an earlier file of the same name
stays as it was. One record per article: where an article (its canonical URL, http and https
alike, as the live crawl's duplicate filter) was captured more than once, the latest capture
(by WARC-Date of its first page) is kept and the others are counted as ``duplicate``. A record
already written that a later capture replaces is left out when the file is finished, so the
output stays in reading order. Only one key and date per article is held for this.

A record may be *held* (an article of a shared host, whose entry the whole input settles): it is
written at once, and :meth:`JsonlOutput.patch` changes some of its fields before the file is
finished.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zonenews.record import FIELDS, duplicate_key
from zonenews.reextract.join import is_later

if TYPE_CHECKING:
    from collections import Counter


@dataclass
class _Kept:
    date: str
    line: int
    path: str


class JsonlOutput:
    """``add`` records, then ``commit`` (rename into place) or ``discard``."""

    def __init__(self, target: Path, paths: Counter[str], drops: Counter[str]) -> None:
        self.target = target
        self.paths = paths
        self.drops = drops
        self.partial = target.with_name(f".{target.name}.{os.getpid()}.part")
        target.parent.mkdir(parents=True, exist_ok=True)
        self._file = self.partial.open("w", encoding="utf-8", newline="\n")
        self._kept: dict[str, _Kept] = {}
        self._replaced: set[int] = set()
        self._lines = 0
        #: Line -> the held record's URL and its caller's note; line -> fields to change.
        self.held: dict[int, tuple[str, Any]] = {}
        self._patches: dict[int, dict[str, Any]] = {}

    @property
    def written(self) -> int:
        return len(self._kept)

    def add(self, record: dict[str, Any], path: str, held: Any = None) -> None:
        """Write ``record`` (rule path ``path``); ``held`` (not None) notes it as held."""
        key = duplicate_key(record["url"])
        date = record["fetched_at"]
        kept = self._kept.get(key)
        if kept is not None:
            self.drops["duplicate"] += 1
            if not is_later(date, kept.date):
                return
            self._replaced.add(kept.line)
            self.paths[kept.path] -= 1
        line = {name: record.get(name) for name in FIELDS}
        self._file.write(json.dumps(line, ensure_ascii=False) + "\n")
        if held is not None:
            self.held[self._lines] = (record["url"], held)
        self._kept[key] = _Kept(date, self._lines, path)
        self._lines += 1
        self.paths[path] += 1

    def patch(self, line: int, fields: dict[str, Any]) -> None:
        """Change ``fields`` of the held record on ``line`` when the file is finished."""
        self._patches[line] = fields

    def still_held(self) -> list[tuple[int, str, Any]]:
        """(line, URL, note) of the held records that no later capture replaced."""
        return [(n, url, note) for n, (url, note) in self.held.items() if n not in self._replaced]

    def commit(self) -> Path:
        self._file.close()
        if self._replaced or self._patches:
            self._rewrite()
        os.replace(self.partial, self.target)
        return self.target

    def discard(self) -> None:
        self._file.close()
        self.partial.unlink(missing_ok=True)

    def _rewrite(self) -> None:
        """The file without the replaced records, with the patches applied."""
        kept = self.partial.with_name(self.partial.name + "2")
        with (
            self.partial.open(encoding="utf-8") as source,
            kept.open("w", encoding="utf-8", newline="\n") as out,
        ):
            for number, line in enumerate(source):
                if number in self._replaced:
                    continue
                fields = self._patches.get(number)
                if fields:
                    record = json.loads(line)
                    record.update(fields)
                    line = json.dumps(record, ensure_ascii=False) + "\n"
                out.write(line)
        os.replace(kept, self.partial)
