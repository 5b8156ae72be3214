"""What an ``extract`` run counts, its progress line and its closing summary.

Counters: WARC records read, article pages extracted, articles written by rule path (``entry``,
``detected``, ``generic``), responses skipped by reason, articles dropped by reason (the live
crawl's drop names: ``not_article/<reason>``, ``missing_title``, ``missing_body``,
``duplicate``, ``incomplete_pages``, ``truncated``), damaged inputs with file and offset, and
the live crawl's date counters (``extract/date_from/printed``, ``meta``, ``url``,
``extract/fallback/date``, ``extract/date_disagrees_with_url``), and the articles of shared
hosts by the evidence that gave their entry (``metadata``, ``referer``, ``lists``) or
``ambiguous``.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zonenews.archive.read.reader import Damage
    from zonenews.archive.read.source import Source

logger = logging.getLogger(__name__)

#: Warnings printed in full; past this many, only counted.
MAX_WARNINGS = 20


@dataclass
class Tally:
    crawl_id: str
    sources: int = 0
    sources_read: int = 0
    records: int = 0
    pages: int = 0
    revisits: int = 0
    articles: int = 0
    paths: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    drops: Counter[str] = field(default_factory=Counter)
    counters: Counter[str] = field(default_factory=Counter)
    #: Articles of shared hosts by the evidence that gave their entry, or ``ambiguous``.
    attribution: Counter[str] = field(default_factory=Counter)
    damage: list[Damage] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)
    warnings: int = 0
    started: float = field(default_factory=time.monotonic)

    def source_done(self, source: Source, records: int, damage: Damage | None) -> None:
        self.sources_read += 1
        self.records += records
        if damage is not None:
            self.damage.append(damage)
        elif records == 0:
            self.empty.append(source.label)

    def warn(self, message: str) -> None:
        self.warnings += 1
        if self.warnings <= MAX_WARNINGS:
            logger.warning("%s", message)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def as_dict(self) -> dict[str, Any]:
        return {
            "crawl_id": self.crawl_id,
            "files": self.sources,
            "records": self.records,
            "pages": self.pages,
            "revisits": self.revisits,
            "articles": self.articles,
            "paths": dict(self.paths),
            "skipped": dict(self.skipped),
            "drops": dict(self.drops),
            "counters": dict(sorted(self.counters.items())),
            "attribution": dict(sorted(self.attribution.items())),
            "damaged": [
                {"file": d.label, "offset": d.offset, "reason": d.reason} for d in self.damage
            ],
            "empty": list(self.empty),
            "seconds": round(self.elapsed, 3),
        }


def progress_line(tally: Tally, waiting: int) -> str:
    elapsed = tally.elapsed
    rate = tally.articles / elapsed if elapsed > 0 else 0.0
    return (
        f"[{elapsed:6.1f}s] files {tally.sources_read}/{tally.sources}, "
        f"{tally.records} records, {tally.pages} pages, {tally.articles} articles "
        f"({rate:.0f}/s), {waiting} waiting for pages"
    )


def format_summary(tally: Tally, output: str) -> str:
    elapsed = tally.elapsed
    rate = tally.articles / elapsed if elapsed > 0 else 0.0
    lines = [
        f"extract {tally.crawl_id}: {tally.articles} articles from {tally.sources} WARC files "
        f"({tally.records} records, {tally.pages} article pages, {tally.revisits} from "
        f"revisits) in {elapsed:.1f}s ({rate:.0f} articles/s)",
        f"  by rule path: {_counts(tally.paths)}",
        f"  skipped:      {_counts(tally.skipped)}",
        f"  dropped:      {_counts(tally.drops)}",
        f"  dates:        {_counts(tally.counters)}",
    ]
    if tally.attribution:
        lines.append(f"  shared hosts: {_counts(tally.attribution)}")
    lines += [f"  empty file:   {label}" for label in tally.empty]
    lines += [f"  DAMAGED:      {damage.message()}" for damage in tally.damage]
    lines.append(f"wrote {output}")
    return "\n".join(lines)


def _counts(counter: Counter[str]) -> str:
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{name} {n}" for name, n in items if n) or "none"
