"""The records of a gzip-per-record WARC, one gzip member at a time, read fast.

warcio's parse of the WARC and HTTP heads of every record, line by line, is most of the time
of reading a crawl's WARC, although only responses and revisits are of use: a crawl's WARC is
mostly request, metadata and image records. Here each gzip member is
inflated whole by zlib, the record's type is read from its head without parsing it, and only
responses and revisits are handed to warcio's own record loader (so their heads, payloads and
decoding are exactly warcio's). Anything else than the clean case (a file that is not gzip, a
member that holds more or less than one whole record, a cut-off member, bytes that are not gzip,
a member inflating to more than :data:`MAX_MEMBER` bytes) raises :class:`Unusual` at that
member's offset: the caller then reads the rest with warcio's iterator, which also says where
and how a file is damaged.
"""

from __future__ import annotations

import base64
import hashlib
import re
import zlib
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

#: Inflated bytes held for one member; a larger record (a video) is left to warcio, which
#: streams it.
MAX_MEMBER = 32 * 1024 * 1024
_CHUNK = 256 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_END_OF_HEAD = b"\r\n\r\n"
_TYPE = re.compile(rb"\r\nWARC-Type:[ \t]*([A-Za-z]+)", re.IGNORECASE)
_LENGTH = re.compile(rb"\r\nContent-Length:[ \t]*(\d+)[ \t]*\r\n", re.IGNORECASE)
_BLOCK_DIGEST = re.compile(rb"\r\nWARC-Block-Digest:[ \t]*([^\r\n]+?)[ \t]*\r\n", re.IGNORECASE)


class Unusual(Exception):
    """Not the clean case at ``offset``: read on from there with warcio."""

    def __init__(self, offset: int, rest: bytes, reason: str) -> None:
        super().__init__(reason)
        self.offset = offset
        # Bytes read from the stream at ``offset`` and not yet consumed: they come first.
        self.rest = rest


@dataclass(frozen=True, slots=True)
class Member:
    """One record: where its member is, its type, and the record's inflated bytes."""

    offset: int
    length: int
    rec_type: str
    data: bytes


def iter_members(stream: IO[bytes], check_digests: bool = False) -> Iterator[Member]:
    """Each record of ``stream`` (a ``.warc.gz``), in order; :class:`Unusual` off the clean
    case, after every member before it was yielded. With ``check_digests``, a record whose
    block does not match its WARC-Block-Digest is off the clean case too."""
    buffer = stream.read(_CHUNK)
    offset = 0
    if buffer and not buffer.startswith(_GZIP_MAGIC):
        raise Unusual(0, buffer, "not gzip")
    while buffer:
        inflater = zlib.decompressobj(wbits=31)
        parts: list[bytes] = []
        size = 0
        start, pending = offset, buffer
        try:
            while not inflater.eof:
                if not buffer:
                    buffer = stream.read(_CHUNK)
                    if not buffer:
                        raise Unusual(start, pending, "the file ends inside a gzip member")
                    pending += buffer
                part = inflater.decompress(buffer)
                size += len(part)
                if size > MAX_MEMBER:
                    raise Unusual(start, pending, "a record too large to hold")
                parts.append(part)
                used = len(buffer) - len(inflater.unused_data)
                offset += used
                buffer = inflater.unused_data
        except zlib.error as exc:
            raise Unusual(start, pending, f"not gzip data: {exc}") from exc
        data = b"".join(parts)
        rec_type = _record_type(data, start, pending)
        if check_digests and not block_digest_matches(data):
            raise Unusual(start, pending, "the block does not match its WARC-Block-Digest")
        yield Member(start, offset - start, rec_type, data)
        if not buffer:
            buffer = stream.read(_CHUNK)


def _record_type(data: bytes, offset: int, pending: bytes) -> str:
    """The WARC-Type of the one whole record ``data`` must be; :class:`Unusual` otherwise."""
    end = data.find(_END_OF_HEAD)
    head = data[: end + 2] if end >= 0 else b""
    found = _TYPE.search(head) if data.startswith(b"WARC/") else None
    length = _LENGTH.search(head) if found else None
    # A whole record, alone in its member: head, block of Content-Length bytes, two CRLFs.
    if (
        length is None
        or len(data) != end + 4 + int(length[1]) + 4
        or not data.endswith(b"\r\n\r\n")
    ):
        raise Unusual(offset, pending, "not one whole record per gzip member")
    return found[1].decode("ascii")


def block_digest_matches(data: bytes) -> bool:
    """Whether the block of ``data`` (one whole record) has the WARC-Block-Digest its head
    gives; a record without one, or with an algorithm hashlib lacks, is taken as it is."""
    end = data.find(_END_OF_HEAD)
    found = _BLOCK_DIGEST.search(data[: end + 2])
    if found is None:
        return True
    algorithm, _, value = found[1].decode("ascii").partition(":")
    try:
        digest = hashlib.new(algorithm.lower().replace("-", ""))
    except ValueError:
        return True
    digest.update(data[end + 4 : -4])
    expected = value.strip().upper()
    actual = digest.digest()
    return expected in (base64.b32encode(actual).decode("ascii"), actual.hex().upper())


_OK_STATUS = re.compile(rb"http/1\.[01] 200[ \r]")


def image_type(data: bytes) -> str | None:
    """The Content-Type of a ``200`` image response record (``data``, a whole record): such a
    record is never an article page, whatever its URL, so it can be skipped without parsing.
    None for anything else, or anything less plain (the caller then parses the record)."""
    start = data.find(_END_OF_HEAD) + 4
    end = data.find(_END_OF_HEAD, start)
    if start < 4 or end < 0:
        return None
    head = data[start : end + 2].lower()
    if not _OK_STATUS.match(head):
        return None
    # The first Content-Type line, spelt plainly (no other spelling before it), is the one
    # warcio's get_header gives.
    at = head.find(b"\r\ncontent-type:")
    if at < 0 or head.find(b"content-type") != at + 2:
        return None
    value = head[at + len(b"\r\ncontent-type:") : head.find(b"\r\n", at + 2)].strip()
    return value.decode("latin-1") if value.startswith(b"image/") else None
