"""Rotating ``.warc.gz`` files: named IIPC-style, written as ``.open``, never overwritten.

A file is written as ``NAME.warc.gz.open`` and gets its final name only when closed
(Heritrix and warcprox do the same), so a killed crawl leaves an ``.open`` file
and every file with a final name is whole. Each record is its own gzip member and the
file is written unbuffered, one record at a time, so the ``.open`` file holds whole records too.
"""

from __future__ import annotations

import io
import logging
import os
import re
import socket
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING

from warcio.warcwriter import WARCWriter

from zonenews.archive.cdxj import SideIndex, index_line
from zonenews.archive.names import (
    DEFAULT_GZIP_LEVEL,
    OPEN_SUFFIX,
    STAT_BYTES,
    STAT_FILES,
    STAT_RECORDS,
)
from zonenews.archive.plain import WARC_VERSION, PlainRecord

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from warcio.recordloader import ArcWarcRecord

    from zonenews.archive.records import AnyRecord

logger = logging.getLogger(__name__)

# zlib's window bits add 16 for a gzip wrapper (header and CRC) around the deflate stream.
_GZIP = 16
# zlib keeps this many bytes of lookahead inside the window (MIN_LOOKAHEAD).
_LOOKAHEAD = 262


def gzip_member(data: bytes | memoryview, level: int) -> bytes:
    """``data`` as one gzip member, with a window and hash table no larger than ``data`` needs.

    Setting up zlib's full 32 KB window and its tables costs more than compressing a request
    record or a short metadata record does. A window covering the whole record plus zlib's
    262-byte lookahead, with a hash table sized to it, finds the matches the full one does
    (tested: the same sizes); any gunzip reads it.
    """
    window = min(zlib.MAX_WBITS, max(9, (len(data) + _LOOKAHEAD).bit_length()))
    mem_level = min(zlib.DEF_MEM_LEVEL, window - 6)
    compressor = zlib.compressobj(level, zlib.DEFLATED, _GZIP + window, mem_level)
    return compressor.compress(data) + compressor.flush()


@dataclass(frozen=True)
class Position:
    """Where a record sits: its gzip member in the file with its final name."""

    filename: str
    offset: int
    length: int


def safe_host(name: str) -> str:
    """The host name as a file-name part: letters, digits, dot, underscore, hyphen."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", name) or "localhost"


def utc_now() -> datetime:
    return datetime.now(UTC)


class _OpenFile:
    """One ``.open`` file. The records of one write (a page's pair) are built in memory and
    handed to the OS in one call, so a failed write (disk full) can be undone to the last
    whole record.

    A record is laid out by :mod:`~zonenews.archive.plain` or, for the rare kinds, by warcio;
    its gzip member is made here (:func:`gzip_member`) at ``gzip_level``. warcio's own gzip
    writer uses level 9, which on HTML pages is markedly slower for files barely smaller.
    """

    def __init__(
        self,
        name: str,
        path: Path,
        handle: IO[bytes],
        side: SideIndex | None = None,
        gzip_level: int = DEFAULT_GZIP_LEVEL,
    ) -> None:
        self.name = name
        self.path = path
        self.handle = handle
        self.side = side
        self._gzip_level = gzip_level
        self._record = io.BytesIO()
        self.writer = WARCWriter(self._record, gzip=False, warc_version=WARC_VERSION)
        self.size = 0

    def write(self, records: Sequence[AnyRecord]) -> list[Position]:
        """Append ``records``, one gzip member each, in one write; their positions."""
        members = [self._member(record) for record in records]
        positions = []
        offset = self.size
        for member in members:
            positions.append(Position(self.name, offset, len(member)))
            offset += len(member)
        data = memoryview(members[0] if len(members) == 1 else b"".join(members))
        written = 0
        while written < len(data):
            written += self.handle.write(data[written:]) or 0
        self.size = offset
        return positions

    def _member(self, record: AnyRecord) -> bytes:
        if isinstance(record, PlainRecord):
            return gzip_member(record.data, self._gzip_level)
        self._record.seek(0)
        self._record.truncate()
        self.writer.write_record(record)
        with self._record.getbuffer() as laid_out:
            return gzip_member(laid_out, self._gzip_level)

    def rollback(self, size: int) -> None:
        """Cut the file back to ``size`` bytes: what a failed write left is not a record."""
        os.ftruncate(self.handle.fileno(), size)
        self.handle.seek(size)
        self.size = size


class WarcFiles:
    """The WARC files of one crawl in one directory.

    ``warcinfo`` builds the first record of each file from its final name; ``count``
    receives stats increments (records, bytes, files). With ``side_index`` each file's CDXJ
    lines are written beside it as its records are (see :mod:`zonenews.archive.cdxj`).
    ``clock``, ``host`` and ``pid`` are there so that tests can force a name clash.
    """

    def __init__(
        self,
        directory: Path,
        prefix: str,
        *,
        max_size: int,
        warcinfo: Callable[[str], ArcWarcRecord],
        count: Callable[[str, int], None] = lambda key, n: None,
        side_index: bool = False,
        gzip_level: int = DEFAULT_GZIP_LEVEL,
        clock: Callable[[], datetime] = utc_now,
        host: str | None = None,
        pid: int | None = None,
    ) -> None:
        self.directory = directory
        self._prefix = prefix
        self._max_size = max_size
        self._warcinfo = warcinfo
        self._count = count
        self._side_index = side_index
        if not 0 <= gzip_level <= 9:
            raise ValueError(f"gzip level must be 0 to 9, not {gzip_level}")
        self._gzip_level = gzip_level
        self._clock = clock
        self._host = safe_host(host if host is not None else socket.gethostname())
        self._pid = os.getpid() if pid is None else pid
        self._serial = 0
        self._current: _OpenFile | None = None
        self.index_later = False
        self._unindexed: list[tuple[SideIndex, Sequence[AnyRecord], list[Position]]] = []

    def write(self, records: Sequence[AnyRecord]) -> list[Position]:
        """Write ``records`` together into one file (rotating before, never between)."""
        current = self._current
        if current is None or current.size >= self._max_size:
            self._close_current()
            current = self._current = self._open_next()
            self._append(current, [self._warcinfo(current.name)])
        positions = self._append(current, records)
        if current.side is not None:
            self._unindexed.append((current.side, records, positions))
            if not self.index_later:
                self.index_pending()
        return positions

    def _append(self, current: _OpenFile, records: Sequence[AnyRecord]) -> list[Position]:
        """Write ``records`` to ``current`` whole or not at all, and count them."""
        start = current.size
        try:
            # The file is unbuffered: the bytes are the OS's before anyone is told where they
            # are, so a killed process never leaves a JSONL line pointing past a file's end.
            positions = current.write(records)
        except OSError:
            current.rollback(start)  # no half pair, no half record
            raise
        self._count(STAT_RECORDS, len(positions))
        self._count(STAT_BYTES, current.size - start)
        return positions

    def index_pending(self) -> None:
        """Add the CDXJ lines of the records written since the last call to the side index.

        With ``index_later`` set the writer process answers first and indexes after, so that
        the crawl waits for the positions only, not for the lines' SURT keys.
        """
        pending, self._unindexed = self._unindexed, []
        for side, records, positions in pending:
            lines = (
                index_line(r, p.filename, p.offset, p.length)
                for r, p in zip(records, positions, strict=True)
            )
            side.add(line for line in lines if line is not None)

    def close(self) -> None:
        self._close_current()

    def abandon(self) -> None:
        """Let go of the open file as a killed crawl would: it keeps its ``.open`` name."""
        current, self._current = self._current, None
        if current is not None:
            current.handle.close()
            if current.side is not None:
                current.side.abandon()

    def _open_next(self) -> _OpenFile:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = self._clock().strftime("%Y%m%d%H%M%S")
        while True:
            name = f"{self._prefix}-{stamp}-{self._serial:05d}-{self._host}-{self._pid}.warc.gz"
            self._serial += 1
            final = self.directory / name
            partial = self.directory / (name + OPEN_SUFFIX)
            if final.exists():
                continue
            try:
                # O_EXCL: an earlier crawl's unfinished file is never reopened.
                fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                continue
            self._count(STAT_FILES, 1)
            side = SideIndex(final) if self._side_index else None
            handle = os.fdopen(fd, "wb", buffering=0)
            return _OpenFile(name, partial, handle, side, self._gzip_level)

    def _close_current(self) -> None:
        self.index_pending()
        current, self._current = self._current, None
        if current is None:
            return
        current.handle.flush()
        os.fsync(current.handle.fileno())
        current.handle.close()
        final = current.path.with_name(current.name)
        try:
            # A hard link fails if the final name exists, where rename would replace it.
            os.link(current.path, final)
        except FileExistsError:
            logger.error("%s exists, leaving %s in place", final, current.path.name)
            if current.side is not None:
                current.side.discard()
            return
        except OSError:
            if final.exists():
                logger.error("%s exists, leaving %s in place", final, current.path.name)
                if current.side is not None:
                    current.side.discard()
                return
            current.path.rename(final)
        else:
            current.path.unlink()
        if current.side is not None:
            current.side.close()
