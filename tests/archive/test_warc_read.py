"""Reading archived responses back: decoded payloads, positions, revisits, damage; the fast
path (one gzip member at a time) against warcio's iterator; a file's warcinfo."""

from __future__ import annotations

import gzip
import logging
from dataclasses import replace
from io import BytesIO
from typing import TYPE_CHECKING, Any

import pytest
from warc_helpers import CRAWL_ID, all_records, archive_in, exchange, raw_records, tool
from warc_site import CHUNKED_PARTS, GZIPPED, IMAGE, PLAIN, SEARCH
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from zonenews.archive.read import reader as reader_module
from zonenews.archive.read.members import Unusual, iter_members
from zonenews.archive.read.paths import DamagedWarc, iter_responses
from zonenews.archive.read.reader import SourceReader, record_at
from zonenews.archive.read.source import Source
from zonenews.archive.records import SERVER_NOT_MODIFIED, Original
from zonenews.archive.warcinfo import crawl_warcs, warcinfo_of

if TYPE_CHECKING:
    from pathlib import Path

    from warc_helpers import Capture

    from tests.conftest import SampleCrawl


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
    with caplog.at_level(logging.WARNING, logger="zonenews.archive.read.paths"):
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


def test_a_damaged_file_is_read_up_to_the_damage_then_raises(tmp_path: Path) -> None:
    archive = archive_in(tmp_path)
    written = [archive.write_exchange(exchange(n)) for n in (1, 2, 3)]
    archive.close()
    path = tmp_path / written[0]["filename"]
    cut = written[2]["offset"] + written[2]["length"] // 2
    path.write_bytes(path.read_bytes()[:cut])
    read: list[str] = []
    with pytest.raises(DamagedWarc) as raised:
        read.extend(r.record_id for r in iter_responses([path]))
    assert read == [written[0]["record_id"], written[1]["record_id"]]
    assert raised.value.damage.offset == written[2]["offset"]
    assert str(path) in str(raised.value)


def test_a_record_is_read_at_its_offset(tmp_path: Path) -> None:
    archive = archive_in(tmp_path)
    first = archive.write_exchange(exchange(1))
    archive.close()
    source = Source.of_file(tmp_path / first["filename"])
    response = record_at(source, first["offset"])
    assert response is not None
    assert (response.rec_type, response.content) == ("response", exchange(1).response_body)
    info = record_at(source, 0)
    assert info is not None and info.rec_type == "warcinfo"
    assert b"software: zonenews tests\r\n" in info.content
    assert record_at(source, source.size) is None


@pytest.mark.e2e
def test_a_crawls_files_are_found_by_the_crawl_id_of_their_warcinfo(
    capture: Capture, tmp_path: Path
) -> None:
    directory = capture.crawl.directory
    assert crawl_warcs(directory, CRAWL_ID) == capture.crawl.warcs != []
    assert crawl_warcs(directory, CRAWL_ID + "0") == []
    assert warcinfo_of(capture.crawl.warcs[0])["isPartOf"] == CRAWL_ID
    # A file of another tool (no crawl-id) and one that does not start with a warcinfo.
    other = archive_in(tmp_path)
    other.write_exchange(exchange(1))
    other.close()
    (tmp_path / "no-warcinfo.warc.gz").write_bytes(_members(_record(1)))
    assert crawl_warcs(tmp_path, CRAWL_ID) == []
    assert warcinfo_of(tmp_path / "no-warcinfo.warc.gz") == {}


def _everything(url: str, status: int, content_type: str) -> bool:
    return True


def _read(path: Path) -> tuple[list[Any], int, Any]:
    reader = SourceReader(Source.of_file(path), _everything)
    captures = list(reader)
    return captures, reader.records, reader.damage


def _warcio_only(stream: Any, check_digests: bool = False) -> Any:
    raise Unusual(0, b"", "read by warcio for the comparison")
    yield  # a generator, as iter_members is


@pytest.mark.e2e
def test_a_crawls_warcs_read_fast_as_warcio_reads_them(
    sample_crawl: SampleCrawl, monkeypatch: pytest.MonkeyPatch
) -> None:
    warcs = sorted(sample_crawl.warc_dir.glob("*.warc.gz"))
    fast = [_read(path) for path in warcs]
    monkeypatch.setattr(reader_module, "iter_members", _warcio_only)
    slow = [_read(path) for path in warcs]
    assert sum(len(captures) for captures, _, _ in fast) > 1000
    assert fast == slow


def _record(number: int) -> bytes:
    """One uncompressed WARC response record."""
    out = BytesIO()
    writer = WARCWriter(out, gzip=False, warc_version="WARC/1.1")
    body = b"<html><body>page %d</body></html>" % number
    head = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        f"http://zone.example/{number}",
        "response",
        payload=BytesIO(body),
        length=len(body),
        http_headers=head,
    )
    writer.write_record(record)
    return out.getvalue()


def _members(*parts: bytes) -> bytes:
    return b"".join(gzip.compress(part) for part in parts)


def test_a_member_holding_two_records_is_left_to_warcio(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Member 1 is the clean case; member 2 holds two records, then one more clean member. The
    # fast path reads member 1 and hands the rest to warcio, whose verdict stands: it reads
    # both records of member 2, then calls the file damaged (it cannot seek to such records).
    parts = [_record(1), _record(2) + _record(3), _record(4)]
    path = tmp_path / "mixed.warc.gz"
    path.write_bytes(_members(*parts))
    with path.open("rb") as stream, pytest.raises(Unusual) as unusual:
        list(iter_members(stream))
    assert unusual.value.offset == len(gzip.compress(parts[0]))
    captures, records, damage = _read(path)
    assert [c.response.url for c in captures] == [f"http://zone.example/{n}" for n in (1, 2, 3)]
    assert records == 3
    assert damage is not None and "gzip" in damage.reason
    monkeypatch.setattr(reader_module, "iter_members", _warcio_only)
    assert _read(path) == (captures, records, damage)


def test_a_cut_member_is_damage_at_its_offset_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    members = [gzip.compress(_record(n)) for n in range(1, 4)]
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(members[0] + members[1] + members[2][: len(members[2]) // 2])
    captures, records, damage = _read(path)
    assert [c.response.url for c in captures] == ["http://zone.example/1", "http://zone.example/2"]
    assert damage.offset == len(members[0]) + len(members[1])
    monkeypatch.setattr(reader_module, "iter_members", _warcio_only)
    assert _read(path) == (captures, records, damage)
