"""The crawl's frequent records (response, request, metadata) as WARC/1.1 bytes in one pass.

Through warcio's RecordBuilder and WARCWriter, the HTTP head is parsed into a header list again,
headers are looked up and replaced by name and the record goes through a stream: all of it
repeated for every page a crawl archives, on the crawl's busiest path. The layout of these
records never varies, so they are laid out directly, byte for byte as warcio lays them out (a
test compares the two for every kind, with the same record id and date). The CDXJ line's fields
come along (:class:`IndexEntry`), known from the exchange rather than parsed back out of the
record. The rare records (warcinfo, revisits, a 304's head) still go through warcio.
"""

from __future__ import annotations

import hashlib
from base64 import b32encode
from dataclasses import dataclass

WARC_VERSION = "WARC/1.1"
HTTP_RESPONSE = "application/http; msgtype=response"
HTTP_REQUEST = "application/http; msgtype=request"

_CONTENT_TYPE = b"content-type"


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """What a CDXJ line says of a record, besides where it is."""

    url: str
    date: str
    mime: str | None
    status: str | None
    digest: str | None


@dataclass(frozen=True, slots=True)
class PlainRecord:
    """A record laid out as bytes, with its id and, for an indexed type, its index entry."""

    rec_type: str
    record_id: str
    data: bytes
    index: IndexEntry | None = None


def sha1_digest(*parts: bytes) -> str:
    """``sha1:`` + base32 of ``parts`` joined, the form warcio, wget and pywb write."""
    digester = hashlib.sha1()
    for part in parts:
        digester.update(part)
    return "sha1:" + b32encode(digester.digest()).decode("ascii")


def lay_out(
    fields: list[tuple[str, str | None]],
    content_type: str,
    head: bytes,
    payload: bytes,
    payload_digest: str,
    block_digest: str | None = None,
) -> bytes:
    """The record: version line, the set ``fields`` in order, digests, type, length, block.

    The block is ``head`` + ``payload`` (its digest is computed unless given); warcio ends
    every record with two CRLFs after it.
    """
    lines = [WARC_VERSION]
    lines.extend(f"{name}: {value}" for name, value in fields if value)
    lines.append(f"WARC-Payload-Digest: {payload_digest}")
    lines.append(f"WARC-Block-Digest: {block_digest or sha1_digest(head, payload)}")
    lines.append(f"Content-Type: {content_type}")
    lines.append(f"Content-Length: {len(head) + len(payload)}\r\n\r\n")
    return b"".join(("\r\n".join(lines).encode("utf-8"), head, payload, b"\r\n\r\n"))


def http_content_type(head: bytes) -> str | None:
    """The first Content-Type of an HTTP head, stripped; None without one."""
    for line in head.split(b"\r\n")[1:]:
        name, sep, value = line.partition(b":")
        if sep and name.strip().lower() == _CONTENT_TYPE:
            return value.strip().decode("latin-1")
    return None


def status_code(head: bytes) -> str:
    """The status code of an HTTP response head's first line ("" when it has none)."""
    first = head.split(b"\r\n", 1)[0].split(None, 2)
    return first[1].decode("latin-1") if len(first) > 1 else ""


def response(
    uri: str,
    head: bytes,
    body: bytes,
    *,
    record_id: str,
    date: str,
    digest: str,
    ip_address: str | None = None,
    truncated: str | None = None,
) -> PlainRecord:
    fields = [
        ("WARC-Type", "response"),
        ("WARC-Record-ID", record_id),
        ("WARC-Target-URI", uri),
        ("WARC-Date", date),
        ("WARC-IP-Address", ip_address),
        ("WARC-Truncated", truncated),
    ]
    entry = IndexEntry(uri, date, http_content_type(head), status_code(head), digest)
    data = lay_out(fields, HTTP_RESPONSE, head, body, digest)
    return PlainRecord("response", record_id, data, entry)


def request(
    uri: str, head: bytes, body: bytes, *, record_id: str, date: str, concurrent_to: str
) -> PlainRecord:
    fields = [
        ("WARC-Type", "request"),
        ("WARC-Record-ID", record_id),
        ("WARC-Target-URI", uri),
        ("WARC-Date", date),
        ("WARC-Concurrent-To", concurrent_to),
    ]
    data = lay_out(fields, HTTP_REQUEST, head, body, sha1_digest(body))
    return PlainRecord("request", record_id, data)


def metadata(
    uri: str,
    payload: bytes,
    *,
    record_id: str,
    date: str,
    content_type: str,
    refers_to: str | None,
) -> PlainRecord:
    """A metadata record; its payload digest is its block digest, as warcio writes it."""
    fields = [
        ("WARC-Type", "metadata"),
        ("WARC-Record-ID", record_id),
        ("WARC-Target-URI", uri),
        ("WARC-Date", date),
        ("WARC-Refers-To", refers_to),
    ]
    digest = sha1_digest(payload)
    data = lay_out(fields, content_type, b"", payload, digest, block_digest=digest)
    return PlainRecord("metadata", record_id, data)
