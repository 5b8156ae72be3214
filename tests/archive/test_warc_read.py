"""Reading archived responses back: decoded payloads, positions, revisits."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest
from warc_helpers import all_records, archive_in, exchange, raw_records, tool
from warc_site import CHUNKED_PARTS, GZIPPED, IMAGE, PLAIN, SEARCH

from zonenews.archive.read import iter_responses
from zonenews.archive.records import SERVER_NOT_MODIFIED, Original

if TYPE_CHECKING:
    from pathlib import Path

    from warc_helpers import Capture


@pytest.mark.e2e
def test_payloads_come_back_decoded(capture: Capture) -> None:
    site = capture.site
    responses = {r.url: r for r in iter_responses(capture.crawl.warcs) if r.status == 200}
    assert responses[site.url("/gzip")].payload == GZIPPED
    assert responses[site.url("/chunked")].payload == b"".join(CHUNKED_PARTS)
    assert responses[site.url("/image.png")].payload == IMAGE
    assert responses[site.url("/image.png")].content_type == "image/png"
    assert responses[site.url("/search?q=zone&page=2")].payload == SEARCH


@pytest.mark.e2e
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


@pytest.mark.e2e
def test_a_revisit_gets_the_payload_of_its_original(capture: Capture) -> None:
    site = capture.site
    by_url = {r.url: r for r in iter_responses(capture.crawl.warcs)}
    plain, copy = by_url[site.url("/plain")], by_url[site.url("/copy")]
    assert plain.payload == copy.payload == PLAIN
    revisit, original = (copy, plain) if copy.revisit_of else (plain, copy)
    assert revisit.revisit_of == original.record_id
    assert original.revisit_of is None


@pytest.mark.e2e
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


def _not_modified(archive_dir: Path, mode: str) -> tuple[Path, dict, bytes]:
    """A 304 for a page an earlier crawl captured, archived in ``mode``."""
    earlier = archive_in(archive_dir / "earlier")
    first = earlier.write_exchange(exchange(1))
    earlier.close()
    archive = archive_in(archive_dir / "later", not_modified_head=mode)
    head = b'HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\nX-Odd: caf\xe9\r\n\r\n'
    previous = Original(exchange(1).url, first["date"], first["record_id"])
    not_modified = replace(
        exchange(1),
        status=304,
        response_head=head,
        response_body=b"",
        previous=previous,
        previous_digest=first["payload_digest"],
    )
    position = archive.write_exchange(not_modified)
    archive.close()
    assert position["payload_digest"] == first["payload_digest"]
    return archive_dir / "later" / position["filename"], first, head


def test_not_modified_is_an_empty_revisit_beside_its_head(tmp_path: Path) -> None:
    path, first, head = _not_modified(tmp_path, "metadata")
    records = raw_records(path)
    (revisit,) = [r for r in records if r.type == "revisit"]
    assert revisit.header("WARC-Profile") == SERVER_NOT_MODIFIED
    assert revisit.header("WARC-Refers-To") == first["record_id"]
    assert revisit.header("WARC-Refers-To-Date") == first["date"]
    # The unchanged payload's digest: pywb finds the earlier capture by it.
    assert revisit.header("WARC-Payload-Digest") == first["payload_digest"]
    assert revisit.block == b""
    (beside,) = [r for r in records if r.type == "metadata"]
    assert beside.header("WARC-Concurrent-To") == revisit.header("WARC-Record-ID")
    # Indexed under no URL, so replay never serves the head as the page.
    assert beside.header("WARC-Target-URI") is None
    assert beside.header("Content-Type") == "application/http; msgtype=response"
    assert beside.block == head
    assert tool("warcio", "check", path).returncode == 0
    # Not a response of its own: a 304 carries no page to re-extract.
    assert list(iter_responses([path])) == []


def test_not_modified_head_in_the_revisit_when_asked(tmp_path: Path) -> None:
    path, _, head = _not_modified(tmp_path, "revisit")
    records = raw_records(path)
    (revisit,) = [r for r in records if r.type == "revisit"]
    assert revisit.header("WARC-Profile") == SERVER_NOT_MODIFIED
    assert revisit.block == head
    assert [r for r in records if r.type == "metadata"] == []
    assert tool("warcio", "check", path).returncode == 0
    (read,) = iter_responses([path])
    assert (read.status, read.payload) == (304, b"")


def test_an_unknown_not_modified_mode_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not_modified_head"):
        archive_in(tmp_path, not_modified_head="body")
