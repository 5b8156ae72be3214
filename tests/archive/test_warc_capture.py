"""What the capture crawl wrote, checked against what the loopback site sent and received."""

from __future__ import annotations

import base64
import hashlib
import json
from collections import defaultdict
from typing import TYPE_CHECKING

import pytest
from warc_helpers import (
    CAPTURE_TARGETS,
    CRAWL_ID,
    PRIVATE_TARGET,
    RawRecord,
    all_records,
    raw_records,
    read_member,
    tool,
)
from warc_site import CHUNKED_PARTS, GBK_VALUE, PLAIN

import zonenews
from zonenews.archive import metadata as archive_metadata

if TYPE_CHECKING:
    from warc_helpers import Capture

pytestmark = pytest.mark.e2e

TOKEN = b"x-zonenews-wire-token"


def sha1_base32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def target_of(capture: Capture, record: RawRecord) -> str:
    url = record.header("WARC-Target-URI") or ""
    assert url.startswith(capture.site.base), url
    return url[len(capture.site.base) :]


def by_target(capture: Capture, *types: str) -> dict[str, list[RawRecord]]:
    found: dict[str, list[RawRecord]] = defaultdict(list)
    for record in all_records(capture.crawl.warcs):
        if record.type in types:
            found[target_of(capture, record)].append(record)
    return found


def without(lines: list[bytes], *names: bytes) -> list[bytes]:
    return [line for line in lines if line.split(b":", 1)[0].strip().lower() not in names]


def test_the_crawl_wrote_warc_files(capture: Capture) -> None:
    assert capture.crawl.warcs
    assert not list(capture.crawl.directory.glob("*.open"))


def test_warcio_check_and_index_pass_on_every_file(capture: Capture) -> None:
    for path in capture.crawl.warcs:
        checked = tool("warcio", "check", "-v", path)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "digest pass" in checked.stdout
        indexed = tool("warcio", "index", path)
        assert indexed.returncode == 0, indexed.stderr
        assert len(indexed.stdout.splitlines()) == len(raw_records(path))


def test_cdxj_indexer_indexes_every_file(capture: Capture) -> None:
    for path in capture.crawl.warcs:
        result = tool("cdxj-indexer", path)
        assert result.returncode == 0, result.stderr
        indexed = {json.loads(line.split(" ", 2)[2])["url"] for line in result.stdout.splitlines()}
        captured = {
            record.header("WARC-Target-URI")
            for record in raw_records(path)
            if record.type in ("response", "revisit")
        }
        assert captured
        assert captured <= indexed


def test_each_file_is_warc_1_1_and_starts_with_warcinfo(capture: Capture) -> None:
    for path in capture.crawl.warcs:
        records = raw_records(path)
        assert records[0].type == "warcinfo"
        assert records[0].header("WARC-Filename") == path.name
        assert [r.type for r in records].count("warcinfo") == 1
        assert {record.warc_lines[0] for record in records} == {"WARC/1.1"}


def test_warcinfo_describes_the_crawl(capture: Capture) -> None:
    info = raw_records(capture.crawl.warcs[0])[0]
    fields = dict(line.split(": ", 1) for line in info.block.decode("utf-8").splitlines())
    assert fields["software"].startswith(f"zonenews/{zonenews.__version__} ")
    assert fields["isPartOf"] == CRAWL_ID
    assert fields["sites"] == "loopback"
    assert fields["robots"] == "obey"
    assert fields["operator"] == "archive tests"
    assert fields["description"] == "loopback capture"
    assert fields["http-header-user-agent"] == "zonenews-tests/1.0 (+http://127.0.0.1/)"


def test_every_reply_sent_is_archived_in_order_with_its_payload(capture: Capture) -> None:
    stored = by_target(capture, "response", "revisit")
    sent = capture.site.sent
    assert set(stored) == set(sent) - {PRIVATE_TARGET}
    for target, replies in sent.items():
        if target == PRIVATE_TARGET:
            continue
        records = stored[target]
        assert [r.http_lines[0] for r in records] == [reply.status_line for reply in replies]
        for record, reply in zip(records, replies, strict=True):
            if record.type == "response":
                assert record.payload == reply.entity, target
            else:
                assert record.payload == b""
            assert record.header("WARC-Payload-Digest") == sha1_base32(reply.entity)


def test_response_heads_keep_every_header_the_server_sent(capture: Capture) -> None:
    stored = by_target(capture, "response", "revisit")
    for target, replies in capture.site.sent.items():
        for record, reply in zip(stored.get(target, []), replies, strict=False):
            sent_lines = [name + b": " + value for name, value in reply.headers]
            kept = without(record.http_lines[1:], b"content-length")
            assert kept == without(sent_lines, b"content-length", b"transfer-encoding")
            lengths = [line for line in record.http_lines if line.lower().startswith(b"content-")]
            assert b"Content-Length: %d" % len(reply.entity) in lengths, target
            assert len([x for x in lengths if x.lower().startswith(b"content-length")]) == 1


def test_reason_phrases_repeated_headers_and_raw_bytes_survive(capture: Capture) -> None:
    stored = by_target(capture, "response", "revisit")
    assert stored["/plain"][0].http_lines[0] == b"HTTP/1.1 200 Fine Thanks"
    assert stored["/flaky/capture"][0].http_lines[0] == b"HTTP/1.1 500 Server Hiccup"
    cookies = stored["/cookies"][0].http_lines
    assert b"Set-Cookie: zone=nansha; Path=/" in cookies
    assert b"Set-Cookie: lang=en; Path=/" in cookies
    assert b"X-Zone-Name: " + GBK_VALUE in cookies


def test_gzip_page_is_stored_encoded(capture: Capture) -> None:
    (record,) = by_target(capture, "response")["/gzip"]
    assert b"Content-Encoding: gzip" in record.http_lines
    assert record.payload.startswith(b"\x1f\x8b")
    assert record.payload == capture.site.sent["/gzip"][0].body


def test_chunked_page_is_stored_dechunked_without_transfer_encoding(capture: Capture) -> None:
    (record,) = by_target(capture, "response")["/chunked"]
    assert not [line for line in record.http_lines if line.lower().startswith(b"transfer-")]
    assert record.payload == b"".join(CHUNKED_PARTS)


def test_request_records_are_the_requests_the_server_received(capture: Capture) -> None:
    requests = by_target(capture, "request")
    received: dict[str, list[list[bytes]]] = defaultdict(list)
    for got in capture.site.received:
        target = got.request_line.split(b" ")[1].decode()
        received[target].append([got.request_line, *(n + b": " + v for n, v in got.headers)])
    assert set(requests) == set(received) - {PRIVATE_TARGET}
    for target, records in requests.items():
        assert [record.http_lines for record in records] == received[target], target
        for record in records:
            assert b"Accept-Encoding: gzip, deflate" in record.http_lines


def test_requests_carry_query_string_and_headers_added_by_middlewares(capture: Capture) -> None:
    (search,) = by_target(capture, "request")["/search?q=zone&page=2"]
    assert search.http_lines[0] == b"GET /search?q=zone&page=2 HTTP/1.1"
    assert b"Cookie: zone=nansha; lang=en" in search.http_lines
    assert b"Referer: " + capture.site.url("/cookies").encode() in search.http_lines
    assert [line for line in search.http_lines if line.startswith(b"Host: ")]


def test_private_token_never_reaches_the_wire(capture: Capture) -> None:
    for got in capture.site.received:
        assert TOKEN not in [name.lower() for name, _ in got.headers]


def test_requests_pair_with_their_responses(capture: Capture) -> None:
    for path in capture.crawl.warcs:
        records = raw_records(path)
        ids = {r.header("WARC-Record-ID"): r for r in records}
        requests = [r for r in records if r.type == "request"]
        assert requests
        for request in requests:
            response = ids[request.header("WARC-Concurrent-To")]
            assert response.type in ("response", "revisit")
            assert response.header("WARC-Target-URI") == request.header("WARC-Target-URI")
            assert response.header("WARC-Date") == request.header("WARC-Date")


def test_opted_out_request_is_not_archived_and_keeps_its_headers(capture: Capture) -> None:
    (got,) = capture.site.requests_for(PRIVATE_TARGET)
    assert (b"Accept-Encoding", b"br, zstd") in got.headers
    urls = {r.header("WARC-Target-URI") for r in all_records(capture.crawl.warcs)}
    assert capture.site.url(PRIVATE_TARGET) not in {
        r.header("WARC-Target-URI")
        for r in all_records(capture.crawl.warcs)
        if r.type in ("response", "request")
    }
    assert capture.crawl.item(capture.site.url(PRIVATE_TARGET))["warc"] is None
    assert capture.site.url("/plain") in urls


def test_redirect_hops_and_the_retried_failure_are_archived(capture: Capture) -> None:
    stored = by_target(capture, "response", "revisit")
    statuses = {t: [r.http_lines[0].split(b" ")[1] for r in stored[t]] for t in stored}
    assert statuses["/redirect/1"] == [b"301"]
    assert statuses["/redirect/2"] == [b"302"]
    assert statuses["/final"] == [b"200"]
    assert statuses["/flaky/capture"] == [b"500", b"200"]


def test_meta_position_reads_back_the_response_record(capture: Capture) -> None:
    crawl = capture.crawl
    archived = [item for item in crawl.items if item["warc"] is not None]
    assert {item["url"] for item in archived} >= {
        capture.site.url(t) for t in (*CAPTURE_TARGETS, "/final", "/search?q=zone&page=2")
    } - {capture.site.url("/redirect/1"), capture.site.url("/flaky/capture")}
    for item in archived:
        warc = item["warc"]
        record = read_member(crawl.directory / warc["filename"], warc["offset"], warc["length"])
        assert record.type in ("response", "revisit")
        assert record.header("WARC-Record-ID") == warc["record_id"]
        assert record.header("WARC-Target-URI") == item["url"]
        assert record.header("WARC-Payload-Digest") == warc["payload_digest"]
        assert record.http_lines[0].split(b" ")[1] == str(item["status"]).encode()


def test_meta_survives_decompression_redirects_and_retries(capture: Capture) -> None:
    crawl, site = capture.crawl, capture.site
    gzip_item = crawl.item(site.url("/gzip"))
    assert gzip_item["warc"]["payload_digest"] == sha1_base32(site.sent["/gzip"][0].body)
    final = crawl.item(site.url("/final"))["warc"]
    (final_record,) = by_target(capture, "response")["/final"]
    assert final["record_id"] == final_record.header("WARC-Record-ID")
    recovered = crawl.item(site.url("/flaky/capture"))["warc"]
    assert recovered["record_id"] == by_target(capture, "response")["/flaky/capture"][1].header(
        "WARC-Record-ID"
    )


def test_metadata_records_refer_to_the_responses(capture: Capture) -> None:
    records = all_records(capture.crawl.warcs)
    metadata = {r.header("WARC-Refers-To"): r for r in records if r.type == "metadata"}
    for item in capture.crawl.items:
        assert "_outlinks" not in item
        if item["warc"] is None:
            continue
        record = metadata[item["warc"]["record_id"]]
        assert record.header("Content-Type") == "application/warc-fields"
        assert record.header("WARC-Target-URI") == item["url"]
        stored, _ = archive_metadata.decode(record.block)
        assert stored == item
    cookies = metadata[capture.crawl.item(capture.site.url("/cookies"))["warc"]["record_id"]]
    _, outlinks = archive_metadata.decode(cookies.block)
    assert outlinks == [capture.site.url("/search?q=zone&page=2")]


def test_opted_out_article_gets_metadata_without_reference(capture: Capture) -> None:
    url = capture.site.url(PRIVATE_TARGET)
    (record,) = [
        r
        for r in all_records(capture.crawl.warcs)
        if r.type == "metadata" and r.header("WARC-Target-URI") == url
    ]
    assert record.header("WARC-Refers-To") is None
    assert archive_metadata.decode(record.block)[0]["warc"] is None


def test_ip_address_and_truncation_are_recorded(capture: Capture) -> None:
    stored = by_target(capture, "response", "revisit")
    for records in stored.values():
        for record in records:
            assert record.header("WARC-IP-Address") == "127.0.0.1"
    (cut,) = stored["/cut"]
    assert cut.header("WARC-Truncated") == "disconnect"
    assert cut.payload == b"0123456789"
    assert b"Content-Length: 10" in cut.http_lines
    # Ended by the server's orderly close: whole (test_warc_close_delimited.py).
    (until_close,) = stored["/until-close"]
    assert until_close.header("WARC-Truncated") is None
    assert stored["/plain"][0].header("WARC-Truncated") is None
    assert capture.crawl.stats["zonenews/warc/truncated"] == 1


def test_identical_payload_becomes_a_revisit_of_the_first_capture(capture: Capture) -> None:
    stored = by_target(capture, "response", "revisit")
    pair = sorted([stored["/plain"][0], stored["/copy"][0]], key=lambda r: r.type)
    original, revisit = pair
    assert (original.type, revisit.type) == ("response", "revisit")
    assert original.payload == PLAIN
    assert revisit.header("WARC-Refers-To") == original.header("WARC-Record-ID")
    assert revisit.header("WARC-Refers-To-Target-URI") == original.header("WARC-Target-URI")
    assert revisit.header("WARC-Refers-To-Date") == original.header("WARC-Date")
    assert revisit.header("WARC-Profile") == (
        "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
    )
    assert revisit.header("WARC-Payload-Digest") == original.header("WARC-Payload-Digest")


def test_stats_count_what_was_written(capture: Capture) -> None:
    records = all_records(capture.crawl.warcs)
    stats = capture.crawl.stats
    assert stats["zonenews/warc/records"] == len(records)
    assert stats["zonenews/warc/bytes"] == sum(p.stat().st_size for p in capture.crawl.warcs)
    assert stats["zonenews/warc/files"] == len(capture.crawl.warcs)
    assert stats["zonenews/warc/metadata"] == [r.type for r in records].count("metadata")
    assert stats["zonenews/warc/revisits"] == [r.type for r in records].count("revisit") == 1
