"""WARC/1.1 record builders: the frequent kinds laid out by :mod:`plain`, the rest by warcio.

A record for the files is either warcio's ``ArcWarcRecord`` or a :class:`PlainRecord`
(:data:`AnyRecord`).
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING

from warcio.recordbuilder import RecordBuilder
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser

from zonenews.archive import plain
from zonenews.archive.plain import WARC_VERSION, PlainRecord

if TYPE_CHECKING:
    from collections.abc import Mapping


AnyRecord = ArcWarcRecord | PlainRecord
SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


class RawHead(StatusAndHeaders):
    """An HTTP head that warcio writes byte for byte.

    warcio re-serialises parsed headers and percent-encodes any non-ASCII byte; a
    header value in GBK or Latin-1 must reach the archive unchanged, so the buffer
    warcio writes is the raw head itself. The parsed fields only serve lookups.
    """

    def __init__(self, raw: bytes) -> None:
        text = raw.decode("latin-1")
        first, _, rest = text.partition("\r\n")
        protocol, _, statusline = first.partition(" ")
        headers = []
        for line in rest.split("\r\n"):
            name, sep, value = line.partition(":")
            if sep:
                headers.append((name.strip(), value.strip()))
        super().__init__(statusline, headers, protocol=protocol)
        self.raw = raw

    def compute_headers_buffer(self, header_filter: object = None) -> None:
        self.headers_buff = self.raw


def new_record_id() -> str:
    """``<urn:uuid:...>``, a random (version 4) UUID as warcio makes them."""
    return StatusAndHeadersParser.make_warc_id()  # type: ignore[no-any-return]


def record_id_of(record: AnyRecord) -> str:
    if isinstance(record, PlainRecord):
        return record.record_id
    return str(record.rec_headers.get_header("WARC-Record-ID"))


@dataclass(frozen=True, slots=True)
class Original:
    """The first full capture of a payload, which later identical payloads refer to."""

    uri: str
    date: str
    record_id: str


def warc_headers(
    record_type: str, uri: str | None, fields: Mapping[str, str | None]
) -> dict[str, str]:
    """Type, id and target first (as other tools order them), then the set ``fields``; no
    WARC-Target-URI when ``uri`` is None."""
    headers = {
        "WARC-Type": record_type,
        "WARC-Record-ID": new_record_id(),
    }
    if uri is not None:
        headers["WARC-Target-URI"] = uri
    headers.update((name, value) for name, value in fields.items() if value)
    return headers


class Records:
    """Builds the records of one crawl: response, request and metadata laid out by
    :mod:`~zonenews.archive.plain`, the rest by a WARC/1.1 warcio RecordBuilder."""

    def __init__(self, builder: RecordBuilder) -> None:
        if builder.warc_version != WARC_VERSION:
            raise ValueError(f"expected a {WARC_VERSION} builder, got {builder.warc_version}")
        self._builder = builder

    def now(self) -> str:
        return self._builder.curr_warc_date()

    def warcinfo(self, filename: str, fields: Mapping[str, object]) -> ArcWarcRecord:
        return self._builder.create_warcinfo_record(filename, dict(fields))

    def response(
        self,
        uri: str,
        head: bytes,
        body: bytes,
        *,
        date: str,
        digest: str,
        ip_address: str | None = None,
        truncated: str | None = None,
    ) -> PlainRecord:
        return plain.response(
            uri,
            head,
            body,
            record_id=new_record_id(),
            date=date,
            digest=digest,
            ip_address=ip_address,
            truncated=truncated,
        )

    def request(
        self, uri: str, head: bytes, body: bytes, *, date: str, concurrent_to: str
    ) -> PlainRecord:
        return plain.request(
            uri, head, body, record_id=new_record_id(), date=date, concurrent_to=concurrent_to
        )

    def identical_payload_revisit(
        self,
        uri: str,
        head: bytes,
        *,
        date: str,
        digest: str,
        original: Original,
        ip_address: str | None = None,
    ) -> ArcWarcRecord:
        fields = {
            "WARC-Date": date,
            "WARC-IP-Address": ip_address,
            "WARC-Refers-To": original.record_id,
        }
        return self._builder.create_revisit_record(
            uri,
            digest,
            original.uri,
            original.date,
            http_headers=RawHead(head),
            warc_headers_dict=warc_headers("revisit", uri, fields),
        )

    def not_modified_revisit(
        self,
        uri: str,
        head: bytes | None,
        *,
        date: str,
        ip_address: str | None = None,
        original: Original | None = None,
        digest: str | None = None,
    ) -> ArcWarcRecord:
        """A 304's revisit. With ``head`` None the block is empty (the head is then written
        in a :meth:`not_modified_head` record); ``digest`` is the unchanged payload's."""
        fields = {
            "WARC-Date": date,
            "WARC-IP-Address": ip_address,
            "WARC-Profile": SERVER_NOT_MODIFIED,
            # Replay tools find the full capture through these (WARC 1.1, 6.7); pywb looks the
            # original up by the payload digest too.
            "WARC-Refers-To-Target-URI": original.uri if original else None,
            "WARC-Refers-To-Date": original.date if original else None,
            "WARC-Refers-To": original.record_id if original else None,
            "WARC-Payload-Digest": digest,
        }
        return self._builder.create_warc_record(
            uri,
            "revisit",
            # No head: warcio writes an empty block.
            http_headers=RawHead(head) if head is not None else None,
            warc_headers_dict=warc_headers("revisit", uri, fields),
        )

    def not_modified_head(self, head: bytes, *, date: str, concurrent_to: str) -> ArcWarcRecord:
        """The 304's status line and headers, byte for byte, beside its header-less revisit.

        No WARC-Target-URI (optional for a ``metadata`` record; the revisit it is concurrent to
        names the URL): pywb and cdxj-indexer index a metadata record under its target URI, and
        replay would then serve this head as the page.
        """
        fields = {"WARC-Date": date, "WARC-Concurrent-To": concurrent_to}
        return self._builder.create_warc_record(
            "",
            "metadata",
            payload=BytesIO(head),
            length=len(head),
            warc_content_type="application/http; msgtype=response",
            warc_headers_dict=warc_headers("metadata", None, fields),
        )

    def metadata(
        self, uri: str, payload: bytes, *, content_type: str, refers_to: str | None
    ) -> PlainRecord:
        return plain.metadata(
            uri,
            payload,
            record_id=new_record_id(),
            date=self.now(),
            content_type=content_type,
            refers_to=refers_to,
        )
