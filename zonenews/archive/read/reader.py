"""Reading one WARC stream record by record, and telling where it is damaged.

warcio's iterator is forgiving: it ends quietly at a cut-off gzip member and hands out a short
record as if it were whole. An archive tool must say instead that the file is damaged, and where.
:class:`SourceReader` yields the responses the caller wants (the payload of others is never
decoded), and sets :attr:`SourceReader.damage` when it meets, at a record's offset, any of:

- an error from warcio or zlib (not a WARC record, corrupt gzip data);
- a record shorter than its ``Content-Length`` says (the file ends inside it);
- a gzip member that does not end (the file ends inside its compressed data or trailer);
- with ``check_digests``, a record whose bytes do not match its WARC-Block-Digest or
  WARC-Payload-Digest (both over the bytes as stored);
- bytes after the last record that are not a record.

A caller that wants more than responses hands a :class:`Listener`: it is asked about the
target URI of every request and metadata record, and given the block of those it wants (a
request record's block is its HTTP head and body).

Everything before the damage has been yielded by then, so that the whole records of a
damaged stream end at the damage's offset. Gzip-per-record files are read one member at a
time (:mod:`~zonenews.archive.read.members`); from the first member off the clean case on,
warcio's iterator reads. Either way a record becomes a response by
:func:`~zonenews.archive.read.response.response_of`, its payload de-chunked and decoded by
:mod:`~zonenews.archive.read.payload` after the record was read whole: a payload that cannot be
decoded (brotli that warcio chokes on, a corrupt gzip body) never makes a file damaged.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO
from typing import IO, TYPE_CHECKING, Any, Protocol, TypeVar

from warcio.archiveiterator import WARCIterator
from warcio.recordloader import ArcWarcRecordLoader

from zonenews.archive.read.members import Unusual, image_type, iter_members
from zonenews.archive.read.payload import decode_payload
from zonenews.archive.read.response import ArchivedResponse, response_of

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from warcio.recordloader import ArcWarcRecord

    from zonenews.archive.read.source import Source

T = TypeVar("T")


@dataclass(frozen=True)
class Damage:
    """Where a stream stops being readable, and why (one line)."""

    label: str
    offset: int
    reason: str
    records_before: int

    @property
    def not_a_warc(self) -> bool:
        return self.offset == 0 and self.records_before == 0

    def message(self) -> str:
        if self.not_a_warc:
            return f"{self.label}: not a WARC file ({self.reason})"
        return (
            f"{self.label}: damaged at offset {self.offset} ({self.reason}); "
            f"the {self.records_before} records before it were read"
        )


@dataclass(frozen=True)
class Capture:
    """A wanted response record; ``truncated`` when its WARC-Truncated header is set,
    ``undecodable`` the reason its payload is left as sent (``bad-br``, ``no-zstd-decoder``)."""

    response: ArchivedResponse
    truncated: bool
    undecodable: str | None = None


class Listener(Protocol):
    """Told about the request and metadata records whose target URI it wants."""

    def wants(self, url: str) -> bool: ...

    def record(self, rec_type: str, url: str, block: bytes) -> None: ...


#: The record types a :class:`Listener` hears of.
HEARD = ("request", "metadata")


class SourceReader:
    """Iterates over the wanted responses of ``source``; counts every record it reads."""

    def __init__(
        self,
        source: Source,
        wanted: Callable[[str, int, str], bool],
        *,
        listener: Listener | None = None,
        check_digests: bool = False,
    ) -> None:
        self.source = source
        self.wanted = wanted
        self.listener = listener
        self.check_digests = check_digests
        self.records = 0
        self.damage: Damage | None = None
        self._at = 0
        self._loader = _NoRequestHeads(verify_http=False, arc2warc=False)

    def __iter__(self) -> Iterator[Capture]:
        self._at = 0  # offset of the record being read
        try:
            with self.source.open() as stream:
                try:
                    yield from self._members(stream)
                except Unusual as unusual:
                    # From that member on, warcio reads (and says where a file is damaged).
                    rest = _Chain(unusual.rest, stream)
                    yield from self._records(rest, base=unusual.offset)
        except _Damaged as damaged:
            self._damaged(self._at, str(damaged))
        except (OSError, zipfile.BadZipFile) as exc:
            self._damaged(self._at, _one_line(exc))

    def _members(self, stream: IO[bytes]) -> Iterator[Capture]:
        """The fast path (:mod:`~zonenews.archive.read.members`): only responses and revisits
        are parsed, by warcio's loader, from their inflated bytes."""
        for member in iter_members(stream, self.check_digests):
            self._at = member.offset
            self.records += 1
            if member.rec_type in HEARD and self.listener is not None:
                self._heard(member.rec_type, *_uri_and_block(member.data))
            if member.rec_type not in ("response", "revisit"):
                continue
            plain_image = image_type(member.data)
            # An image is never an article page: asked about (and counted) unparsed.
            if plain_image is not None and not self.wanted("", 200, plain_image):
                continue
            record = _warcio(self._loader.parse_record_stream, BytesIO(member.data), None, "warc")
            if record.http_headers is None or not self._wants(record):
                continue
            block = _warcio(record.raw_stream.read)
            yield self._capture_of(record, block, member.offset, member.length)

    def _records(self, stream: IO[bytes], base: int) -> Iterator[Capture]:
        """warcio's iterator over ``stream``, which starts at offset ``base`` of the source."""
        records = _iterator(stream, self.check_digests)
        while True:
            self._at = base + records.offset
            record = _warcio(next, records, None)
            if record is None:
                break
            self.records += 1
            capture = self._capture(record, records, base)
            if capture is not None:
                yield capture
        end = base + records.offset
        if end < self.source.size:
            self._damaged(end, "bytes after the last record are not a WARC record")

    def _capture(self, record: ArcWarcRecord, records: WARCIterator, base: int) -> Capture | None:
        http = record.http_headers
        wanted = (
            record.rec_type in ("response", "revisit") and http is not None and self._wants(record)
        )
        block = _warcio(record.raw_stream.read) if wanted else b""
        if record.rec_type in HEARD and self.listener is not None:
            url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<>")
            if self.listener.wants(url):
                self.listener.record(record.rec_type, url, _warcio(record.raw_stream.read))
        offset = base + _warcio(records.get_record_offset)
        length = _warcio(records.get_record_length)
        _check_whole(record, records)
        if not wanted:
            return None
        return self._capture_of(record, block, offset, length)

    def _capture_of(self, record: ArcWarcRecord, block: bytes, offset: int, length: int) -> Capture:
        """The capture of a whole record; ``block`` is its HTTP body as stored, decoded only
        now, so that a payload that cannot be decoded is the page's problem, not the file's."""
        truncated = bool(record.rec_headers.get_header("WARC-Truncated"))
        payload = decode_payload(block, record.http_headers)
        response = response_of(record, payload.data, self.source.name, offset, length)
        return Capture(response, truncated, payload.problem)

    def _wants(self, record: ArcWarcRecord) -> bool:
        http = record.http_headers
        try:
            status = int(http.get_statuscode())
        except (TypeError, ValueError):
            return False
        url = record.rec_headers.get_header("WARC-Target-URI") or ""
        return self.wanted(url.strip("<>"), status, http.get_header("Content-Type") or "")

    def _heard(self, rec_type: str, url: str, block: bytes) -> None:
        assert self.listener is not None
        if url and self.listener.wants(url):
            self.listener.record(rec_type, url, block)

    def _damaged(self, offset: int, reason: str) -> None:
        self.damage = Damage(self.source.label, offset, reason, self.records)


def _uri_and_block(data: bytes) -> tuple[str, bytes]:
    """The target URI and the block of one whole record (``data``, as a member holds it)."""
    end = data.find(b"\r\n\r\n")
    head = data[:end]
    url = ""
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"warc-target-uri":
            url = value.strip().decode("utf-8", "replace").strip("<>")
            break
    # A whole record ends in two CRLFs after its block (members.py checked its length).
    return url, data[end + 4 : -4]


class _NoRequestHeads(ArcWarcRecordLoader):
    """warcio's loader, less the parsing of request heads: nothing here reads them, and they
    are a third of the heads of a crawl's WARC."""

    def load_http_headers(self, rec_type: str, uri: str, stream: Any, length: Any) -> Any:
        if rec_type == "request":
            return None
        return super().load_http_headers(rec_type, uri, stream, length)


class _Chain:
    """Bytes already read, then the rest of a stream: what warcio reads on from a member."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = head
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size < 0:
                data, self._head = self._head + self._stream.read(), b""
                return data
            data, self._head = self._head[:size], self._head[size:]
            return data
        return self._stream.read(size)


def _iterator(stream: Any, check_digests: bool) -> WARCIterator:
    # warcio checks the digests over the bytes as stored, never over a decoded payload.
    records = WARCIterator(stream, check_digests=check_digests)
    records.loader = _NoRequestHeads(verify_http=False, arc2warc=False)
    return records


class _Damaged(Exception):
    """The record being read is not whole, or warcio could not read it."""


def _warcio(call: Callable[..., T], *args: Any) -> T:
    """``call(*args)``, a warcio or zlib call: any error in it means the stream is damaged.

    Broad on purpose and narrow in scope: a cut-off head makes warcio fail in many ways
    (ArchiveLoadFailed, EOFError, zlib.error, even AttributeError on a missing target URI).
    """
    try:
        return call(*args)
    except Exception as exc:
        raise _Damaged(_one_line(exc)) from exc


def _check_whole(record: ArcWarcRecord, records: WARCIterator) -> None:
    missing = getattr(record.raw_stream, "limit", 0)
    if record.rec_headers.get_header("Content-Length") is None:
        raise _Damaged("record without Content-Length (its header is cut off)")
    if missing:
        raise _Damaged(f"the file ends {missing} bytes before the end of this record")
    decompressor = getattr(records.reader, "decompressor", None)
    if decompressor is not None and not getattr(decompressor, "eof", True):
        raise _Damaged("the file ends inside this record's gzip member")
    checker = getattr(record, "digest_checker", None)
    if checker is not None and checker.passed is False:
        raise _Damaged("the record does not match its digests: " + "; ".join(checker.problems))


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or "no detail"
    return f"{type(exc).__name__}: {text[:200]}"


@dataclass(frozen=True)
class StoredRecord:
    """A record's WARC-Type and content: an HTTP record's decoded payload, any other's block."""

    rec_type: str
    content: bytes


def record_at(source: Source, offset: int) -> StoredRecord | None:
    """The record at ``offset`` in ``source`` (a file, or a WARC inside a WACZ); None when the
    stream ends there."""
    with source.open() as stream:
        stream.seek(offset)
        record = next(iter(WARCIterator(stream)), None)
        if record is None:
            return None
        block = record.raw_stream.read()
        if record.http_headers is None:
            return StoredRecord(record.rec_type, block)
        return StoredRecord(record.rec_type, decode_payload(block, record.http_headers).data)


def payload_at(source: Source, offset: int) -> bytes:
    """The decoded payload of the record at ``offset`` in ``source`` (a revisit's original)."""
    found = record_at(source, offset)
    if found is None:
        raise ValueError(f"{source.label}: no record at offset {offset}")
    return found.content
