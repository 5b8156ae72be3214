"""Which WARC files a crawl wrote: the crawl id in each file's first record, its warcinfo.

The warcinfo block is ``application/warc-fields``: one ``name: value`` line each, as
:func:`zonenews.archive.shared.warcinfo_fields` writes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zonenews.archive.read.reader import record_at
from zonenews.archive.read.source import Source

if TYPE_CHECKING:
    from pathlib import Path

CRAWL_ID_FIELD = "crawl-id"


def crawl_warcs(warc_dir: Path, crawl_id: str) -> list[Path]:
    """The closed WARC files in ``warc_dir`` whose first record (warcinfo) names ``crawl_id``."""
    return [
        path
        for path in sorted(warc_dir.glob("*.warc.gz"))
        if warcinfo_of(path).get(CRAWL_ID_FIELD) == crawl_id
    ]


def warcinfo_of(path: Path) -> dict[str, str]:
    """The fields of the warcinfo record that starts the WARC file at ``path``; empty when its
    first record is not a warcinfo (or it has no record)."""
    first = record_at(Source.of_file(path), 0)
    if first is None or first.rec_type != "warcinfo":
        return {}
    fields: dict[str, str] = {}
    for line in first.content.decode("utf-8", "replace").split("\r\n"):
        name, colon, value = line.partition(":")
        if colon:
            fields.setdefault(name.strip(), value.strip())
    return fields
