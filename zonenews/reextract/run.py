"""One ``zonenews extract`` run: read, extract, join, write; progress, summary, exit code."""

from __future__ import annotations

import datetime as dt
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from zonenews.commands.exitcodes import EXIT_DAMAGED, EXIT_NO_ARTICLES, EXIT_OK, EXIT_USAGE
from zonenews.reextract.article import build_article
from zonenews.reextract.attribution import Evidence, attributed_fields
from zonenews.reextract.entries import resolve
from zonenews.reextract.inputs import InputError, find_sources
from zonenews.reextract.join import Joiner, Rejected
from zonenews.reextract.output import JsonlOutput
from zonenews.reextract.pool import extract_pages, worker_count
from zonenews.reextract.scan import Scanner
from zonenews.reextract.tally import Tally, format_summary, progress_line

if TYPE_CHECKING:
    from pathlib import Path

    from zonenews.reextract.work import PageResult

#: Some input is damaged or is not a WARC; what could be read before the damage was written.
#: Seconds between progress lines on stderr.
PROGRESS_INTERVAL = 2.0


@dataclass
class ExtractResult:
    tally: Tally
    output: Path
    exit_code: int


def new_extract_id() -> str:
    """``extract-20261126T143500Z``: sortable, and never mistaken for a crawl's id."""
    return "extract-" + dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def run_extract(inputs: list[Path], output: Path, jobs: int = 0) -> int:
    """The command: summary on stdout, progress and problems on stderr; the exit code."""
    try:
        result = extract_archives(inputs, output, jobs=jobs)
    except InputError as error:
        print(f"zonenews: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    for damage in result.tally.damage:
        print(f"zonenews: error: {damage.message()}", file=sys.stderr)
    print(format_summary(result.tally, str(result.output)), flush=True)
    return result.exit_code


def extract_archives(
    inputs: list[Path],
    output: Path,
    *,
    jobs: int = 0,
    crawl_id: str | None = None,
    progress: TextIO | None = sys.stderr,
    interval: float = PROGRESS_INTERVAL,
) -> ExtractResult:
    """Rebuild the records of ``inputs`` into ``output`` (see :mod:`zonenews.reextract`)."""
    sources = find_sources(inputs)
    tally = Tally(crawl_id or new_extract_id(), sources=len(sources))
    out = JsonlOutput(output, tally.paths, tally.drops)
    run = _Run(tally, out, progress, interval)
    scanner = Scanner(sources, tally)
    try:
        for result in extract_pages(scanner.jobs(), worker_count(jobs)):
            run.take(result)
        run.finish()
        run.attribute(scanner.evidence)
        out.commit()
    except BaseException:
        out.discard()
        raise
    return ExtractResult(tally, output, _exit_code(tally))


class _Run:
    def __init__(
        self, tally: Tally, out: JsonlOutput, progress: TextIO | None, interval: float
    ) -> None:
        self.tally = tally
        self.out = out
        self.joiner = Joiner()
        self.progress = progress
        self.interval = interval
        self.next_progress = time.monotonic() + interval

    def take(self, result: PageResult) -> None:
        outcome = self.joiner.add(result)
        if isinstance(outcome, Rejected):
            self.tally.drops[f"not_article/{outcome.reason}"] += 1
            self.tally.warn(f"not an article ({outcome.reason}): {result.url}")
        elif outcome is not None:
            record = build_article(
                outcome, self.tally.crawl_id, self.tally.drops, self.tally.warn, self.tally.counters
            )
            if record is not None:
                ref = outcome[0].ref
                if ref.ambiguous:
                    self.out.add(record, outcome[0].path, held=ref)
                else:
                    self.out.add(record, outcome[0].path)
                self.tally.articles = self.out.written
        if self.progress is not None and time.monotonic() >= self.next_progress:
            print(progress_line(self.tally, self.joiner.waiting), file=self.progress, flush=True)
            self.next_progress = time.monotonic() + self.interval

    def finish(self) -> None:
        """Articles still waiting for a page at the end of the inputs are incomplete."""
        for first, held in self.joiner.leftovers():
            if 1 not in held:
                self.tally.skipped["orphan-pages"] += len(held)
                continue
            self.tally.drops["incomplete_pages"] += 1
            self.tally.warn(f"article {first} dropped: not all its pages are in the archives")
        self.tally.articles = self.out.written

    def attribute(self, evidence: Evidence) -> None:
        """The articles of shared hosts given the entry the inputs name (attribution.py)."""
        for line, url, ref in self.out.still_held():
            decided, source = evidence.decide(ref, url)
            self.tally.attribution[source] += 1
            if decided is not None:
                self.out.patch(line, attributed_fields(resolve(decided)))


def _exit_code(tally: Tally) -> int:
    if tally.damage:
        return EXIT_DAMAGED
    if tally.articles == 0:
        return EXIT_NO_ARTICLES
    return EXIT_OK
