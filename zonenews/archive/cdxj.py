"""CDXJ index lines made as records are written, the lines cdxj-indexer would make.

Indexing a crawl's WARC files after the crawl reads and gunzips every record again, work the
crawl has already done once. The writer has each record in hand, so it makes the record's line
then (:func:`index_line`) and keeps the lines of each WARC file in a side file
(:class:`SideIndex`): ``NAME.warc.gz.cdxj.open`` while the WARC is open, sorted into
``NAME.warc.gz.cdxj`` when it is closed. At the end of the crawl the side indexes are merged
(:func:`merge_indexes`) into the crawl's index. A WARC without a closed side index (one a killed
crawl left ``.open``, closed later at its last whole record) is indexed by cdxj-indexer instead,
so the index always matches the files.

The lines follow cdxj-indexer 1.5 with ``records="response,revisit,resource"``:
``SURT TIMESTAMP JSON`` where JSON holds, in order and only when known, ``url``, ``mime`` (a
revisit's is ``warc/revisit``; else the HTTP Content-Type, or the record's for a resource, cut
at the first ``;`` or space), ``status`` (HTTP status of a response or revisit with an HTTP
head), ``digest`` (WARC-Payload-Digest), ``length``, ``offset``, ``filename``. A test compares
them line for line with cdxj-indexer's on real crawls.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import json
import logging
import os
import re
from typing import IO, TYPE_CHECKING

from warcio.timeutils import iso_date_to_timestamp

from zonenews.archive.names import OPEN_SUFFIX
from zonenews.archive.plain import IndexEntry, PlainRecord

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from warcio.recordloader import ArcWarcRecord

    from zonenews.archive.records import AnyRecord

logger = logging.getLogger(__name__)

INDEXED_TYPES = ("response", "revisit", "resource")
SIDE_SUFFIX = ".cdxj"
#: Lines sorted in memory at a time when a side index is closed (about 8 MB).
SORT_RUN = 20_000
_MIME_END = re.compile(r"[;\s]")


def index_line(record: AnyRecord, filename: str, offset: int, length: int) -> str | None:
    """The CDXJ line of ``record`` written at ``offset`` (``length`` bytes) of ``filename``;
    None for a record type replay does not index."""
    entry = record.index if isinstance(record, PlainRecord) else warcio_entry(record)
    if entry is None:
        return None
    fields: dict[str, str] = {"url": entry.url}
    mime = entry.mime
    if mime is not None:
        fields["mime"] = _MIME_END.split(mime, 1)[0].strip() if mime else mime
    if entry.status is not None:
        fields["status"] = entry.status
    if entry.digest is not None:
        fields["digest"] = entry.digest
    fields["length"] = str(length)
    fields["offset"] = str(offset)
    fields["filename"] = filename
    stamp = iso_date_to_timestamp(entry.date)
    return f"{_key(entry.url)} {stamp} {json.dumps(fields)}\n"


def warcio_entry(record: ArcWarcRecord) -> IndexEntry | None:
    """The index entry of a record warcio built; None for a type replay does not index."""
    if record.rec_type not in INDEXED_TYPES:
        return None
    warc = record.rec_headers
    url = warc.get_header("WARC-Target-URI")
    if not url:
        return None
    http = record.http_headers
    if record.rec_type == "revisit":
        mime: str | None = "warc/revisit"
    elif record.rec_type == "response":
        mime = http.get_header("Content-Type") if http else None
    else:
        mime = warc.get_header("Content-Type")
    return IndexEntry(
        url=url,
        date=warc.get_header("WARC-Date"),
        mime=mime,
        status=http.get_statuscode() if http else None,
        digest=warc.get_header("WARC-Payload-Digest"),
    )


def _key(url: str) -> str:
    try:
        # Imported here: with tldextract and requests it is half a writer process's start-up,
        # which the writer does in the background (zonenews.archive.child).
        import surt

        return str(surt.surt(url))
    except Exception:  # cdxj-indexer, too, falls back to the URL itself
        return url


def side_path(warc: Path) -> Path:
    """The closed side index of the WARC file ``warc`` (its final name)."""
    return warc.with_name(warc.name + SIDE_SUFFIX)


def open_side_path(warc: Path) -> Path:
    """The side index of ``warc`` while its lines are still being written."""
    return warc.with_name(warc.name + SIDE_SUFFIX + OPEN_SUFFIX)


class SideIndex:
    """The lines of one WARC file, appended while it is written, sorted when it closes.

    A failed write (disk full) drops the side index: the WARC is then indexed afterwards,
    from its own bytes, like any file without one.
    """

    def __init__(self, warc: Path) -> None:
        self.final = side_path(warc)
        self.path = open_side_path(warc)
        self._handle: IO[str] | None = None
        try:
            self._handle = self.path.open("w", encoding="utf-8")
        except OSError as exc:
            logger.warning("no side index for %s (%s): it will be indexed afterwards", warc, exc)

    def add(self, lines: Iterable[str]) -> None:
        if self._handle is None:
            return
        try:
            self._handle.writelines(lines)
        except OSError as exc:
            logger.warning("side index %s dropped (%s)", self.path, exc)
            self.discard()

    def close(self) -> None:
        """Sort the lines into the final side index (called once the WARC has its final name).

        Sorted in runs of :data:`SORT_RUN` lines merged from disk, so that memory stays flat
        whatever the size of the WARC (a 1 GB file holds about a million lines).
        """
        handle, self._handle = self._handle, None
        if handle is None:
            return
        runs: list[Path] = []
        try:
            handle.close()
            with self.path.open(encoding="utf-8") as lines:
                while chunk := list(itertools.islice(lines, SORT_RUN)):
                    chunk.sort()
                    run = self.final.with_name(f"{self.final.name}.run{len(runs)}")
                    runs.append(run)  # before it is written: a full disk leaves it half
                    with run.open("w", encoding="utf-8") as out:
                        out.writelines(chunk)
            merge_indexes(runs, self.final)
        except OSError as exc:
            logger.warning("side index %s dropped (%s)", self.path, exc)
        finally:
            for run in runs:
                run.unlink(missing_ok=True)
            self.path.unlink(missing_ok=True)

    def abandon(self) -> None:
        """Stop writing, leaving the lines so far in the ``.open`` side index."""
        handle, self._handle = self._handle, None
        if handle is not None:
            with contextlib.suppress(OSError):
                handle.close()

    def discard(self) -> None:
        """No side index for this WARC (it stays ``.open`` or could not be kept)."""
        handle, self._handle = self._handle, None
        if handle is not None:
            with contextlib.suppress(OSError):  # a full disk: the file is dropped anyway
                handle.close()
        self.path.unlink(missing_ok=True)


def merge_indexes(sorted_files: Iterable[Path], out: Path) -> Path:
    """One sorted index at ``out`` from sorted index files (streamed: flat memory)."""
    handles = [path.open(encoding="utf-8") for path in sorted_files]
    partial = out.with_name(out.name + OPEN_SUFFIX)
    try:
        with partial.open("w", encoding="utf-8") as merged:
            # Lines of different records never repeat (the offset differs): no de-duplication.
            merged.writelines(heapq.merge(*handles))
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        for handle in handles:
            handle.close()
    return out
