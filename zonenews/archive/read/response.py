"""An archived HTTP response as the reader hands it out, made from a warcio record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord

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


def response_of(
    record: ArcWarcRecord, payload: bytes, filename: str, offset: int, length: int
) -> ArchivedResponse:
    """The response of ``record`` (a response or revisit with an HTTP head).

    An identical-payload revisit is marked with ``revisit_of=""`` until the reader of the
    inputs gives it its original's payload.
    """
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
        revisit_of="" if is_copy else None,
    )
