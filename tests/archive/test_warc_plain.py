"""The records laid out by zonenews.archive.plain are the bytes warcio writes for them.

The reference is built here with warcio's RecordBuilder and WARCWriter, given the same
record id and date, so a field out of order, a digest, a length or a missing CRLF shows.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.archiveiterator import ArchiveIterator
from warcio.recordbuilder import RecordBuilder
from warcio.warcwriter import WARCWriter

from zonenews.archive import plain
from zonenews.archive.cdxj import index_line, warcio_entry
from zonenews.archive.records import RawHead

RECORD_ID = "<urn:uuid:3f1c2b9e-0a4d-4e51-9c6e-7d2a1b0c9e88>"
DATE = "2026-11-27T09:15:02.123456Z"
URL = "http://zone.example/en/news/2026/11/27/a.html?page=2"

RESPONSE_HEADS = [
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 11\r\n\r\n",
    # Repeated headers, a GBK header value, no Content-Type, a status without a phrase.
    b"HTTP/1.1 404\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nX-Title: \xd0\xc2\xce\xc5\r\n\r\n",
    b"HTTP/1.0 500 Internal Server Error\r\ncontent-type:  text/plain \r\n\r\n",
]


def warcio_bytes(record: object) -> bytes:
    out = io.BytesIO()
    WARCWriter(out, gzip=False, warc_version=plain.WARC_VERSION).write_record(record)
    return out.getvalue()


def builder() -> RecordBuilder:
    return RecordBuilder(warc_version=plain.WARC_VERSION)


def warcio_response(head: bytes, body: bytes, **fields: str) -> object:
    headers = {
        "WARC-Type": "response",
        "WARC-Record-ID": RECORD_ID,
        "WARC-Target-URI": URL,
        "WARC-Date": DATE,
        **fields,
        "WARC-Payload-Digest": plain.sha1_digest(body),
    }
    return builder().create_warc_record(
        URL,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=RawHead(head),
        warc_headers_dict=headers,
    )


@pytest.mark.parametrize("head", RESPONSE_HEADS)
@pytest.mark.parametrize(
    "fields",
    [{}, {"WARC-IP-Address": "127.0.0.1"}, {"WARC-IP-Address": "::1", "WARC-Truncated": "length"}],
)
def test_response_bytes_and_index_entry_match_warcio(head: bytes, fields: dict[str, str]) -> None:
    body = b"<p>news</p>"
    ours = plain.response(
        URL,
        head,
        body,
        record_id=RECORD_ID,
        date=DATE,
        digest=plain.sha1_digest(body),
        ip_address=fields.get("WARC-IP-Address"),
        truncated=fields.get("WARC-Truncated"),
    )
    reference = warcio_response(head, body, **fields)
    assert ours.data == warcio_bytes(reference)
    assert ours.index == warcio_entry(reference)
    assert index_line(ours, "f.warc.gz", 10, 20) == index_line(reference, "f.warc.gz", 10, 20)


@given(body=st.binary(max_size=5000), phrase=st.sampled_from([b"OK", b"", b"Not Found"]))
@settings(max_examples=60, deadline=None)
def test_any_body_lays_out_as_warcio_and_reads_back(body: bytes, phrase: bytes) -> None:
    head = b"HTTP/1.1 200 %s\r\nContent-Length: %d\r\n\r\n" % (phrase, len(body))
    ours = plain.response(
        URL, head, body, record_id=RECORD_ID, date=DATE, digest=plain.sha1_digest(body)
    )
    assert ours.data == warcio_bytes(warcio_response(head, body))
    record = next(ArchiveIterator(io.BytesIO(ours.data), check_digests=True))
    assert record.content_stream().read() == body
    assert record.digest_checker.passed is not False


@pytest.mark.parametrize("body", [b"", b"q=news&page=2"])
def test_request_bytes_match_warcio(body: bytes) -> None:
    head = b"GET /en/news/2026/11/27/a.html?page=2 HTTP/1.1\r\nHost: zone.example\r\n\r\n"
    concurrent = "<urn:uuid:00000000-0000-4000-8000-000000000001>"
    ours = plain.request(URL, head, body, record_id=RECORD_ID, date=DATE, concurrent_to=concurrent)
    reference = builder().create_warc_record(
        URL,
        "request",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=RawHead(head),
        warc_headers_dict={
            "WARC-Type": "request",
            "WARC-Record-ID": RECORD_ID,
            "WARC-Target-URI": URL,
            "WARC-Date": DATE,
            "WARC-Concurrent-To": concurrent,
        },
    )
    assert ours.data == warcio_bytes(reference)
    assert ours.index is None
    assert warcio_entry(reference) is None


@pytest.mark.parametrize("refers_to", [None, "<urn:uuid:00000000-0000-4000-8000-000000000002>"])
def test_metadata_bytes_match_warcio(refers_to: str | None) -> None:
    payload = 'zonenews-record: {"title": "新闻"}\r\noutlink: http://zone.example/\r\n'.encode()
    ours = plain.metadata(
        URL,
        payload,
        record_id=RECORD_ID,
        date=DATE,
        content_type="application/warc-fields",
        refers_to=refers_to,
    )
    headers = {"WARC-Type": "metadata", "WARC-Record-ID": RECORD_ID, "WARC-Target-URI": URL}
    headers["WARC-Date"] = DATE
    if refers_to:
        headers["WARC-Refers-To"] = refers_to
    reference = builder().create_warc_record(
        URL,
        "metadata",
        payload=io.BytesIO(payload),
        length=len(payload),
        warc_content_type="application/warc-fields",
        warc_headers_dict=headers,
    )
    assert ours.data == warcio_bytes(reference)


def test_content_type_and_status_come_from_the_head() -> None:
    head = b"HTTP/1.1 301 Moved\r\nX-A: 1\r\nCONTENT-TYPE: text/html\r\nContent-Type: x/y\r\n\r\n"
    assert plain.http_content_type(head) == "text/html"
    assert plain.status_code(head) == "301"
    assert plain.http_content_type(b"HTTP/1.1 204 No Content\r\n\r\n") is None
