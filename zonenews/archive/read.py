"""Reading HTTP responses back out of WARC files (the base of ``zonenews extract``).

warcio's ArchiveIterator parses each record and its ``content_stream()`` undoes
chunking and Content-Encoding. A ``revisit`` carries no payload of its own: it is
given the payload of the record it repeats (found by payload digest in the inputs),
even when that record comes later in the inputs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from warcio.archiveiterator import ArchiveIterator

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from warcio.recordloader import ArcWarcRecord

logger = logging.getLogger(__name__)

IDENTICAL_PAYLOAD = "/revisit/identical-payload-digest"


@dataclass(frozen=True)
class ArchivedResponse:
    """One archived HTTP response; ``payload`` is decoded (de-chunked, decompressed)."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    payload: bytes
    content_type: str
    filename: str
    offset: int
    length: int
    record_id: str
    payload_digest: str | None
    date: str
    # For a revisit, the WARC-Record-ID of the record whose payload it carries.
    revisit_of: str | None = None


def iter_responses(paths: Iterable[Path | str]) -> Iterator[ArchivedResponse]:
    """Every response and revisit record of ``paths`` (WARC or WARC.gz), in order.

    A revisit whose original appears later is yielded once all inputs are read; one
    whose original is not among the inputs is skipped with a warning.
    """
    originals: dict[str, tuple[Path, int]] = {}
    waiting: list[ArchivedResponse] = []
    for path in map(Path, paths):
        for response in _read_file(path):
            if response.revisit_of is None:
                if response.payload_digest:
                    originals.setdefault(response.payload_digest, (path, response.offset))
                yield response
                continue
            resolved = _resolve(response, originals)
            if resolved is None:
                waiting.append(response)
            else:
                yield resolved
    for response in waiting:
        resolved = _resolve(response, originals)
        if resolved is None:
            logger.warning("%s: no original for revisit %s", response.url, response.record_id)
        else:
            yield resolved


def _read_file(path: Path) -> Iterator[ArchivedResponse]:
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        for record in records:
            if record.rec_type not in ("response", "revisit") or not record.http_headers:
                continue
            payload = record.content_stream().read()
            yield response_of(
                record,
                payload,
                path.name,
                records.get_record_offset(),
                records.get_record_length(),
            )


def response_of(
    record: ArcWarcRecord, payload: bytes, filename: str, offset: int, length: int
) -> ArchivedResponse:
    warc = record.rec_headers
    http = record.http_headers
    profile = warc.get_header("WARC-Profile") or ""
    is_copy = record.rec_type == "revisit" and profile.endswith(IDENTICAL_PAYLOAD)
    return ArchivedResponse(
        url=warc.get_header("WARC-Target-URI") or "",
        status=int(http.get_statuscode()),
        headers=list(http.headers),
        payload=payload,
        content_type=http.get_header("Content-Type") or "",
        filename=filename,
        offset=offset,
        length=length,
        record_id=warc.get_header("WARC-Record-ID") or "",
        payload_digest=warc.get_header("WARC-Payload-Digest"),
        date=warc.get_header("WARC-Date") or "",
        # Filled in by _resolve; "" marks a revisit still to resolve.
        revisit_of="" if is_copy else None,
    )


def _resolve(
    revisit: ArchivedResponse, originals: dict[str, tuple[Path, int]]
) -> ArchivedResponse | None:
    found = originals.get(revisit.payload_digest or "")
    if found is None:
        return None
    path, offset = found
    with path.open("rb") as stream:
        stream.seek(offset)
        original = next(iter(ArchiveIterator(stream)))
        payload = original.content_stream().read()
        record_id = original.rec_headers.get_header("WARC-Record-ID")
    return replace(revisit, payload=payload, revisit_of=record_id)
