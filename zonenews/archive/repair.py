"""Closing the ``.open`` WARC files a killed crawl left, each at its last whole record.

A kill can stop the writer inside a record. The reader finds where the whole records end (the
offset of the first damage); the file is cut there and given its final name, as a clean close
would have done. A record is whole by its bytes alone: its Content-Length, its gzip member and
its WARC-Block-Digest. No payload is decoded, so a payload no reader can decode (brotli, zstd,
a broken gzip body as the server sent it) is never taken for damage. A resumed crawl then
writes new files beside it and never overwrites one.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from zonenews.archive.cdxj import SIDE_SUFFIX
from zonenews.archive.names import OPEN_SUFFIX
from zonenews.archive.read.reader import SourceReader
from zonenews.archive.read.source import Source

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

logger = logging.getLogger(__name__)


def repair_open_warcs(
    directory: Path, only: Callable[[Path], bool] | None = None
) -> list[tuple[Path, int]]:
    """Close every ``.open`` WARC file in ``directory`` at its last whole record; with ``only``,
    those it says yes to (the files of dead processes, where live ones write beside them).

    Returns (closed file, bytes cut) for each; a file whose final name is taken stays as it is.
    """
    closed = []
    # The side index of a killed file's CDXJ lines does not match the repaired file: the
    # crawl's index reads such a file again instead.
    for stale in directory.glob(f"*.warc.gz{SIDE_SUFFIX}{OPEN_SUFFIX}"):
        if only is None or only(stale):
            stale.unlink()
    for partial in sorted(directory.glob(f"*.warc.gz{OPEN_SUFFIX}")):
        if only is not None and not only(partial):
            continue
        end = _end_of_whole_records(partial)
        size = partial.stat().st_size
        with partial.open("r+b") as handle:
            handle.truncate(end)
            handle.flush()
            os.fsync(handle.fileno())
        final = partial.with_name(partial.name.removesuffix(OPEN_SUFFIX))
        if final.exists():
            logger.error("%s exists: %s left as it is", final, partial)
            continue
        partial.rename(final)
        closed.append((final, size - end))
    return closed


def _end_of_whole_records(path: Path) -> int:
    source = Source.of_file(path)
    reader = SourceReader(source, _no_response, check_digests=True)
    for _ in reader:
        pass
    if reader.damage is None:
        return source.size
    logger.info("%s", reader.damage.message())
    return reader.damage.offset


def _no_response(url: str, status: int, content_type: str) -> bool:
    """Only where the records end matters: no payload is decoded."""
    return False
