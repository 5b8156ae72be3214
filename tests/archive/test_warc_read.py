"""Reading archived responses back: decoded payloads, positions, revisits."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from warc_helpers import all_records, archive_in, exchange, raw_records, tool
from warc_site import CHUNKED_PARTS, GZIPPED, IMAGE, PLAIN, SEARCH

from zonenews.archive.read import iter_responses
from zonenews.archive.records import SERVER_NOT_MODIFIED

if TYPE_CHECKING:
    from pathlib import Path

    import pytest
    from warc_helpers import Capture


def test_payloads_come_back_decoded(capture: Capture) -> None:
    site = capture.site
    responses = {r.url: r for r in iter_responses(capture.crawl.warcs) if r.status == 200}
    assert responses[site.url("/gzip")].payload == GZIPPED
    assert responses[site.url("/chunked")].payload == b"".join(CHUNKED_PARTS)
    assert responses[site.url("/image.png")].payload == IMAGE
    assert responses[site.url("/image.png")].content_type == "image/png"
    assert responses[site.url("/search?q=zone&page=2")].payload == SEARCH


def test_every_response_record_is_read_with_its_position(capture: Capture) -> None:
    raw = {
        r.header("WARC-Record-ID"): r
        for r in all_records(capture.crawl.warcs)
        if r.type in ("response", "revisit")
    }
    read = list(iter_responses(capture.crawl.warcs))
    assert {r.record_id for r in read} == set(raw)
    for response in read:
        record = raw[response.record_id]
        assert (response.filename, response.offset, response.length) == (
            record.filename,
            record.offset,
            record.length,
        )
        assert response.url == record.header("WARC-Target-URI")
        assert response.date == record.header("WARC-Date")
        assert response.payload_digest == record.header("WARC-Payload-Digest")
        assert str(response.status).encode() == record.http_lines[0].split(b" ")[1]


def test_a_revisit_gets_the_payload_of_its_original(capture: Capture) -> None:
    site = capture.site
    by_url = {r.url: r for r in iter_responses(capture.crawl.warcs)}
    plain, copy = by_url[site.url("/plain")], by_url[site.url("/copy")]
    assert plain.payload == copy.payload == PLAIN
    revisit, original = (copy, plain) if copy.revisit_of else (plain, copy)
    assert revisit.revisit_of == original.record_id
    assert original.revisit_of is None


def test_redirects_and_failures_are_read_too(capture: Capture) -> None:
    statuses = [r.status for r in iter_responses(capture.crawl.warcs)]
    assert {301, 302, 404, 500} <= set(statuses)


def test_revisit_before_its_original_in_the_inputs_is_resolved(tmp_path: Path) -> None:
    archive = archive_in(tmp_path, max_size=1)
    first = archive.write_exchange(exchange(1))
    again = archive.write_exchange(replace(exchange(1), url="http://zone.example/elsewhere"))
    archive.close()
    assert first["filename"] != again["filename"]
    paths = [tmp_path / again["filename"], tmp_path / first["filename"]]
    responses = list(iter_responses(paths))
    assert [r.record_id for r in responses] == [first["record_id"], again["record_id"]]
    assert responses[1].payload == exchange(1).response_body
    assert responses[1].revisit_of == first["record_id"]


def test_revisit_without_its_original_is_skipped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    archive = archive_in(tmp_path, max_size=1)
    first = archive.write_exchange(exchange(1))
    again = archive.write_exchange(exchange(1))
    archive.close()
    with caplog.at_level(logging.WARNING, logger="zonenews.archive.read"):
        assert list(iter_responses([tmp_path / again["filename"]])) == []
    assert again["record_id"] in caplog.text
    assert first["record_id"] != again["record_id"]


def test_not_modified_is_a_server_not_modified_revisit(tmp_path: Path) -> None:
    archive = archive_in(tmp_path)
    head = b'HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\n\r\n'
    not_modified = replace(exchange(1), status=304, response_head=head, response_body=b"")
    position = archive.write_exchange(not_modified)
    archive.close()
    path = tmp_path / position["filename"]
    (record,) = [r for r in raw_records(path) if r.type == "revisit"]
    assert record.header("WARC-Profile") == SERVER_NOT_MODIFIED
    assert record.header("WARC-Payload-Digest") is None
    assert position["payload_digest"] is None
    assert tool("warcio", "check", path).returncode == 0
    (read,) = iter_responses([path])
    assert (read.status, read.payload) == (304, b"")
