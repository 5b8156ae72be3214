"""Payloads in brotli and zstd: read back decoded, never taken for damage, never cut by a repair.

warcio 1.8 cannot decode a brotli payload with the ``brotli`` package Scrapy installs, and knows
no zstd; the reader reads a record whole by its bytes and decodes the payload itself."""

from __future__ import annotations

import gzip
import zlib
from typing import TYPE_CHECKING

import brotli
import pytest
from warc_helpers import archive_in, exchange, raw_records

from zonenews.archive.read import payload as payload_module
from zonenews.archive.read.reader import SourceReader, record_at
from zonenews.archive.read.source import Source
from zonenews.archive.repair import repair_open_warcs
from zonenews.archive.writer import Exchange

if TYPE_CHECKING:
    from pathlib import Path

# The zstd module Scrapy brings (compression.zstd or backports.zstd), as the reader finds it.
zstd = payload_module.zstd
assert zstd is not None, "Scrapy installs a zstd module"

PAGE = b"<html><head><title>A synthetic title</title></head><body><p>Some words.</p></body></html>"


def _encoded(n: int, encoding: str, body: bytes, *, chunked: bool = False) -> Exchange:
    if chunked:
        half = len(body) // 2
        body = b"%x\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n" % (
            half,
            body[:half],
            len(body) - half,
            body[half:],
        )
        framing = b"Transfer-Encoding: chunked"
    else:
        framing = b"Content-Length: %d" % len(body)
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: %s\r\n%s\r\n\r\n"
    return Exchange(
        url=f"http://zone.example/news/{n}",
        request_head=b"GET /news/%d HTTP/1.1\r\nHost: zone.example\r\n\r\n" % n,
        request_body=b"",
        status=200,
        response_head=head % (encoding.encode(), framing),
        response_body=body,
    )


ENCODED = {
    2: ("br", brotli.compress(PAGE), False),
    3: ("zstd", zstd.compress(PAGE), True),
    # Two zstd frames, as a server flushing as it goes sends them.
    4: ("zstd", zstd.compress(PAGE[:40]) + zstd.compress(PAGE[40:]), False),
    5: ("br", brotli.compress(PAGE), True),
}


def _archive(directory: Path, extra: list[Exchange] | None = None) -> Path:
    archive = archive_in(directory)
    first = archive.write_exchange(exchange(1))
    for n, (encoding, body, chunked) in ENCODED.items():
        archive.write_exchange(_encoded(n, encoding, body, chunked=chunked))
    for item in extra or []:
        archive.write_exchange(item)
    archive.write_exchange(exchange(9))
    archive.close()
    return directory / first["filename"]


def _payloads(path: Path) -> dict[str, tuple[bytes, str | None]]:
    reader = SourceReader(Source.of_file(path), lambda url, status, content_type: True)
    found = {c.response.url: (c.response.payload, c.undecodable) for c in reader}
    assert reader.damage is None
    return found


def test_brotli_and_zstd_payloads_come_back_decoded(tmp_path: Path) -> None:
    found = _payloads(_archive(tmp_path))
    for n in ENCODED:
        assert found[f"http://zone.example/news/{n}"] == (PAGE, None), n
    assert found["http://zone.example/news/9"][0] == exchange(9).response_body


def test_a_payload_that_cannot_be_decoded_is_the_pages_problem_not_the_files(
    tmp_path: Path,
) -> None:
    broken = [
        _encoded(6, "br", b"these bytes are no brotli stream"),
        _encoded(7, "zstd", zstd.compress(PAGE)[:-6]),
    ]
    found = _payloads(_archive(tmp_path, broken))
    assert found["http://zone.example/news/6"] == (b"these bytes are no brotli stream", "bad-br")
    assert found["http://zone.example/news/7"][1] == "bad-zstd"
    # The records after them are read as ever.
    assert found["http://zone.example/news/9"] == (exchange(9).response_body, None)


def test_without_a_decoder_the_payload_is_left_as_sent_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(payload_module._DECODERS, "zstd", None)
    found = _payloads(_archive(tmp_path))
    assert found["http://zone.example/news/3"][1] == "no-zstd-decoder"
    assert found["http://zone.example/news/4"] == (ENCODED[4][1], "no-zstd-decoder")
    assert found["http://zone.example/news/2"] == (PAGE, None)


def test_a_stored_records_payload_is_decoded_as_the_reader_decodes_it(tmp_path: Path) -> None:
    path = _archive(tmp_path)
    by_url = {r.header("WARC-Target-URI"): r for r in raw_records(path) if r.type == "response"}
    stored = record_at(Source.of_file(path), by_url["http://zone.example/news/2"].offset)
    assert stored is not None and stored.content == PAGE


def test_a_whole_open_file_of_brotli_and_zstd_payloads_loses_no_byte(tmp_path: Path) -> None:
    path = _archive(tmp_path)
    data = path.read_bytes()
    path.rename(path.with_name(path.name + ".open"))
    assert repair_open_warcs(tmp_path) == [(path, 0)]
    assert path.read_bytes() == data


def _rewritten_member(data: bytes, offset: int, length: int, old: bytes, new: bytes) -> bytes:
    """``data`` with one record's member re-gzipped after replacing ``old`` by ``new``."""
    record = gzip.decompress(data[offset : offset + length])
    assert record.count(old) == 1
    member = gzip.compress(record.replace(old, new))
    return data[:offset] + member + data[offset + length :]


def test_a_record_that_does_not_match_its_block_digest_is_cut(tmp_path: Path) -> None:
    """Whole gzip member, right length, bytes changed: only the digest tells (a kill cannot
    do this, but a file that says so is not whole)."""
    path = _archive(tmp_path)
    data = path.read_bytes()
    last = raw_records(path)[-1]
    assert last.offset + last.length == len(data)
    changed = _rewritten_member(
        data, last.offset, last.length, b"Host: zone.example", b"Host: zone.exampl_"
    )
    path.unlink()
    path.with_name(path.name + ".open").write_bytes(changed)
    assert repair_open_warcs(tmp_path) == [(path, len(changed) - last.offset)]
    assert path.read_bytes() == data[: last.offset]


def test_a_cut_inside_a_brotli_record_is_cut_before_that_record(tmp_path: Path) -> None:
    path = _archive(tmp_path)
    data = path.read_bytes()
    brotli_record = next(
        r for r in raw_records(path) if r.header("WARC-Target-URI") == "http://zone.example/news/2"
    )
    cut_at = brotli_record.offset + brotli_record.length // 2
    path.unlink()
    path.with_name(path.name + ".open").write_bytes(data[:cut_at])
    assert repair_open_warcs(tmp_path) == [(path, cut_at - brotli_record.offset)]
    assert path.read_bytes() == data[: brotli_record.offset]
    assert zlib.decompressobj(wbits=31).decompress(path.read_bytes())  # still gzip from byte 0
