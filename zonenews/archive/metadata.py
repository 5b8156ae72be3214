"""The block of an article's metadata record: the JSON record and its outlinks.

The record's WARC-Target-URI is the article URL, like Heritrix's metadata records, so
the block is ``application/warc-fields``: pywb and cdxj-indexer leave such records out
of their indexes. With any other content type they index it under the article URL,
and replay can serve the metadata in place of the page (pywb 2.10 does).
"""

from __future__ import annotations

import json
from typing import Any

CONTENT_TYPE = "application/warc-fields"
RECORD_FIELD = "zonenews-record"
OUTLINK_FIELD = "outlink"


def encode(record: dict[str, Any], outlinks: list[str]) -> bytes:
    """One ``zonenews-record`` field (the record as one line of JSON), one field per outlink."""
    line = json.dumps(record, ensure_ascii=False, sort_keys=True, default=str)
    fields = [(RECORD_FIELD, line), *((OUTLINK_FIELD, link) for link in outlinks)]
    for name, value in fields:
        if "\r" in value or "\n" in value:
            raise ValueError(f"{name} must fit on one line: {value!r}")
    return "".join(f"{name}: {value}\r\n" for name, value in fields).encode("utf-8")


def decode(block: bytes) -> tuple[dict[str, Any], list[str]]:
    """The record and outlinks of a block written by ``encode``."""
    record: dict[str, Any] = {}
    outlinks: list[str] = []
    for line in block.decode("utf-8").split("\r\n"):
        name, _, value = line.partition(": ")
        if name == RECORD_FIELD:
            record = json.loads(value)
        elif name == OUTLINK_FIELD:
            outlinks.append(value)
    return record, outlinks
