"""From WARC streams to page jobs: which responses are article pages, and revisits resolved.

Only a ``200`` HTML response of an article URL becomes a job; every other response is skipped
and counted by reason: ``not-html`` (images, stylesheets, robots.txt), ``redirect`` (3xx),
``error-status`` (4xx, 5xx), ``other-status`` (1xx, 204, 304, ...), ``not-article-url`` (a list
page of a known site), ``off-entry`` (a known host, outside every entry),
``undecodable/<problem>`` (a payload whose Content-Encoding cannot be undone: ``bad-br``,
``bad-gzip``, ``no-zstd-decoder``, ...). A capture marked ``WARC-Truncated`` is dropped
(``truncated``), as the spider drops a cut-off page.

An identical-payload revisit is given the payload of its original (same payload digest, any
input). One whose original comes later in the inputs waits until all inputs are read; one whose
original is not among them is skipped (``revisit-without-original``). Only the payload digests
of article pages are remembered for this, one short string per page.

On a host where several entries share their article URLs (no channel in them), an article
belongs to the entry whose list page linked it: the list pages of those entries are read for
their links (and still counted ``not-article-url``), and the request and metadata records of
the articles there are heard, as evidence for :mod:`zonenews.reextract.attribution`, which
settles the entry of each such article when all inputs are read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from zonenews.archive.read.reader import Capture, SourceReader, payload_at
from zonenews.extract.listing import every_link
from zonenews.record import canonical_url
from zonenews.reextract.attribution import Evidence
from zonenews.reextract.entries import EntryRef, linking_list, locate, resolve
from zonenews.reextract.work import PageJob

if TYPE_CHECKING:
    from collections.abc import Iterator

    from zonenews.archive.read.response import ArchivedResponse
    from zonenews.archive.read.source import Source
    from zonenews.reextract.tally import Tally

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class _Waiting:
    source: Source
    capture: Capture


class Scanner:
    """Yields the page jobs of ``sources`` in reading order; counts into ``tally``."""

    def __init__(self, sources: list[Source], tally: Tally) -> None:
        self.sources = sources
        self.tally = tally
        self.originals: dict[str, tuple[Source, int]] = {}
        self.waiting: list[_Waiting] = []
        #: What the inputs say about the articles of shared hosts.
        self.evidence = Evidence()

    def jobs(self) -> Iterator[PageJob]:
        for source in self.sources:
            reader = SourceReader(source, self._wanted, listener=self.evidence)
            for capture in reader:
                yield from self._job(source, capture)
            self.tally.source_done(source, reader.records, reader.damage)
        for waiting in self.waiting:
            yield from self._revisit(waiting.source, waiting.capture, final=True)
        self.waiting.clear()

    def _wanted(self, url: str, status: int, content_type: str) -> bool:
        reason = _skip_reason(url, status, content_type)
        if reason == "not-article-url" and linking_list(url) is not None:
            self.tally.skipped[reason] += 1
            return True
        if reason is not None:
            self.tally.skipped[reason] += 1
            return False
        return True

    def _job(self, source: Source, capture: Capture) -> Iterator[PageJob]:
        response = capture.response
        if response.revisit_of is not None:
            yield from self._revisit(source, capture, final=False)
            return
        if response.payload_digest:
            self.originals.setdefault(response.payload_digest, (source, response.offset))
        yield from self._page(capture, response)

    def _revisit(self, source: Source, capture: Capture, *, final: bool) -> Iterator[PageJob]:
        response = capture.response
        found = self.originals.get(response.payload_digest or "")
        if found is None:
            if final:
                self.tally.skipped["revisit-without-original"] += 1
                self.tally.warn(f"{source.label}: no original for the revisit of {response.url}")
            else:
                self.waiting.append(_Waiting(source, capture))
            return
        original, offset = found
        self.tally.revisits += 1
        yield from self._page(capture, replace(response, payload=payload_at(original, offset)))

    def _page(self, capture: Capture, response: ArchivedResponse) -> Iterator[PageJob]:
        if capture.undecodable is not None:
            self.tally.skipped[f"undecodable/{capture.undecodable}"] += 1
            self.tally.warn(
                f"{response.filename}: payload of {response.url} cannot be decoded "
                f"({capture.undecodable}), skipped"
            )
            return
        lister = linking_list(response.url)
        if lister is not None:
            # Counted as skipped when wanted; a cut-off list page's links are not trusted.
            if not capture.truncated:
                self._note_links(lister, response)
            return
        if capture.truncated:
            self.tally.drops["truncated"] += 1
            self.tally.warn(f"{response.filename}: cut-off capture of {response.url}, dropped")
            return
        self.tally.pages += 1
        yield PageJob(
            url=response.url,
            content_type=response.content_type,
            payload=response.payload,
            ref=locate(response.url).ref,
            date=response.date,
            warc=provenance(response),
        )

    def _note_links(self, lister: EntryRef, response: ArchivedResponse) -> None:
        # Every link, as the live crawl follows them, so that both give an article one entry.
        entry = resolve(lister)
        for link in every_link(response.payload, response.url, response.content_type):
            url = canonical_url(link)
            if entry.is_article(url):
                self.evidence.linked(lister, url)


def _skip_reason(url: str, status: int, content_type: str) -> str | None:
    if 300 <= status < 400:
        return "redirect"
    if status >= 400:
        return "error-status"
    if status != 200:
        return "other-status"
    if not _is_html(content_type):
        return "not-html"
    located = locate(url)
    if located.kind == "off-entry":
        return "off-entry"
    if located.ref is not None and not resolve(located.ref).is_article(url):
        return "not-article-url"
    return None


def _is_html(content_type: str) -> bool:
    """HTML by its Content-Type; a page served without one is given the benefit of the doubt."""
    mime = content_type.split(";", 1)[0].strip().lower()
    return not mime or mime in HTML_TYPES


def provenance(response: ArchivedResponse) -> dict[str, Any]:
    """The record's ``warc`` field: where this capture's record is in the input archive."""
    return {
        "filename": response.filename,
        "offset": response.offset,
        "length": response.length,
        "record_id": response.record_id,
        "payload_digest": response.payload_digest,
    }
