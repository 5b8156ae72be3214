"""Reading WARC files back: the one WARC reader of zonenews (``zonenews extract``, the repair of
a killed crawl's files, and the warcinfo that says which crawl wrote a file all read with it).

- ``source``: one WARC stream, a file or a WARC inside a WACZ;
- ``members``: the fast path, one gzip member inflated at a time;
- ``reader``: a stream's wanted responses, every record counted, damage found and placed;
  a record read at a known offset (a revisit's original, a file's warcinfo);
- ``response``: an archived response as handed out, decoded by warcio;
- ``paths``: every response of some files on disk, revisits resolved.

Nothing here imports Scrapy.
"""

from __future__ import annotations

from zonenews.archive.read.paths import DamagedWarc, iter_responses
from zonenews.archive.read.reader import (
    Capture,
    Damage,
    SourceReader,
    StoredRecord,
    payload_at,
    record_at,
)
from zonenews.archive.read.response import IDENTICAL_PAYLOAD, ArchivedResponse, response_of
from zonenews.archive.read.source import (
    WACZ_ARCHIVE_DIR,
    WACZ_SUFFIX,
    WARC_SUFFIXES,
    Source,
    wacz_sources,
)

__all__ = [
    "IDENTICAL_PAYLOAD",
    "WACZ_ARCHIVE_DIR",
    "WACZ_SUFFIX",
    "WARC_SUFFIXES",
    "ArchivedResponse",
    "Capture",
    "Damage",
    "DamagedWarc",
    "Source",
    "SourceReader",
    "StoredRecord",
    "iter_responses",
    "payload_at",
    "record_at",
    "response_of",
    "wacz_sources",
]
