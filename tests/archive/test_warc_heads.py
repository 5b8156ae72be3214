"""The pure pieces: stored heads, request heads, record blocks."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from twisted.web._newclient import Request as TxRequest
from twisted.web.http_headers import Headers as TxHeaders
from warcio.recordbuilder import RecordBuilder

from zonenews.archive import metadata
from zonenews.archive.handler import request_head_as_written
from zonenews.archive.heads import (
    fallback_request_head,
    has_body,
    head_bytes,
    host_value,
    reason_phrase,
    request_target,
    stored_response_headers,
)
from zonenews.archive.middleware import truncation
from zonenews.archive.records import WARC_VERSION, RawHead, Records


def test_transfer_encoding_goes_and_content_length_is_added() -> None:
    sent = [(b"Content-Type", b"text/html"), (b"Transfer-Encoding", b"chunked")]
    assert stored_response_headers(sent, 42) == [
        (b"Content-Type", b"text/html"),
        (b"Content-Length", b"42"),
    ]


def test_content_length_keeps_its_place_and_tells_the_stored_size() -> None:
    sent = [(b"content-length", b"64"), (b"X-A", b"1"), (b"Content-Length", b"64")]
    assert stored_response_headers(sent, 10) == [(b"content-length", b"10"), (b"X-A", b"1")]


def test_bodyless_responses_keep_their_content_length() -> None:
    sent = [(b"Content-Length", b"5000"), (b"ETag", b'"v1"')]
    assert stored_response_headers(sent, 0, framed_by_length=False) == sent
    assert not has_body(304, b"GET")
    assert not has_body(200, b"HEAD")
    assert has_body(200, b"GET")


def test_repeated_and_non_utf8_headers_are_kept_as_bytes() -> None:
    sent = [(b"Set-Cookie", b"a=1"), (b"Set-Cookie", b"b=2"), (b"X-Name", "开发区".encode("gbk"))]
    head = head_bytes(b"HTTP/1.1 200 OK", stored_response_headers(sent, 0))
    assert head == (
        b"HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n"
        b"X-Name: \xbf\xaa\xb7\xa2\xc7\xf8\r\nContent-Length: 0\r\n\r\n"
    )


def test_reason_phrase_falls_back_to_the_standard_one() -> None:
    assert reason_phrase(404) == b"Not Found"
    assert reason_phrase(599) == b""


@pytest.mark.parametrize(
    ("url", "target", "host"),
    [
        ("http://zone.example/a?b=1&c=2", b"/a?b=1&c=2", b"zone.example"),
        ("http://zone.example:8080", b"/", b"zone.example:8080"),
        ("https://zone.example:443/x", b"/x", b"zone.example"),
        ("http://[::1]:81/", b"/", b"[::1]:81"),
    ],
)
def test_request_target_and_host(url: str, target: bytes, host: bytes) -> None:
    assert request_target(url) == target
    assert host_value(url) == host


def test_fallback_request_head_adds_host_and_length() -> None:
    head = fallback_request_head(b"POST", "http://zone.example/s?q=1", [(b"A", b"b")], 3)
    assert head == (
        b"POST /s?q=1 HTTP/1.1\r\nHost: zone.example\r\nContent-Length: 3\r\nA: b\r\n\r\n"
    )


def test_request_head_is_what_twisted_writes() -> None:
    headers = TxHeaders({b"Host": [b"zone.example"], b"Cookie": [b"a=1"]})
    body = SimpleNamespace(length=6)
    request = TxRequest._construct(b"POST", b"/search?x=1", headers, body, persistent=False)

    class Transport:
        def __init__(self) -> None:
            self.written: list[bytes] = []

        def writeSequence(self, data: list[bytes]) -> None:
            self.written.extend(data)

    transport = Transport()
    request._writeHeaders(transport, b"Content-Length: 6\r\n")
    assert request_head_as_written(request) == b"".join(transport.written)
    assert b"Connection: close\r\n" in request_head_as_written(request)


def test_truncation_reasons() -> None:
    assert truncation(["dataloss"]) == "disconnect"
    assert truncation(["partial"]) == "unspecified"
    assert truncation([]) is None


def test_raw_head_is_written_byte_for_byte() -> None:
    raw = b"HTTP/1.1 200 OK\r\nX-Name: caf\xe9\r\n\r\n"
    head = RawHead(raw)
    head.compute_headers_buffer()
    assert head.headers_buff == raw
    assert head.get_header("X-Name") == "caf\xe9"


def test_records_need_a_warc_1_1_builder() -> None:
    with pytest.raises(ValueError, match=r"WARC/1\.1"):
        Records(RecordBuilder(warc_version="1.0"))
    assert Records(RecordBuilder(warc_version=WARC_VERSION)).now().endswith("Z")


def test_metadata_block_round_trips() -> None:
    record = {"url": "http://zone.example/a", "title": "Zone\nnews", "body": "新区"}
    block = metadata.encode(record, ["http://zone.example/b"])
    assert block.count(b"\r\n") == 2
    assert metadata.decode(block) == (record, ["http://zone.example/b"])
    with pytest.raises(ValueError, match="one line"):
        metadata.encode(record, ["http://zone.example/\r\nX: y"])
