"""The fast reading path (one gzip member at a time) reads what warcio's iterator reads."""

from __future__ import annotations

import gzip
from io import BytesIO
from typing import TYPE_CHECKING, Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from zonenews.reextract import reader as reader_module
from zonenews.reextract.inputs import Source
from zonenews.reextract.members import Unusual, iter_members
from zonenews.reextract.reader import SourceReader
from zonenews.reextract.scan import Scanner
from zonenews.reextract.tally import Tally

if TYPE_CHECKING:
    from pathlib import Path

    from tests.conftest import SampleCrawl


def _everything(url: str, status: int, content_type: str) -> bool:
    return True


def _read(path: Path) -> tuple[list[Any], int, Any]:
    source = Source(path, size=path.stat().st_size)
    reader = SourceReader(source, _everything)
    captures = list(reader)
    return captures, reader.records, reader.damage


def _warcio_only(stream: Any) -> Any:
    raise Unusual(0, b"", "read by warcio for the comparison")
    yield  # a generator, as iter_members is


def _scan(paths: list[Path]) -> tuple[list[Any], dict[str, int], int, int]:
    """What ``zonenews extract`` makes of ``paths``: its page jobs and its counts."""
    sources = [Source(path, size=path.stat().st_size) for path in paths]
    tally = Tally("test", sources=len(sources))
    jobs = list(Scanner(sources, tally).jobs())
    return jobs, dict(tally.skipped), tally.records, tally.revisits


@pytest.mark.e2e
def test_a_crawls_warcs_read_fast_as_warcio_reads_them(
    sample_crawl: SampleCrawl, monkeypatch: pytest.MonkeyPatch
) -> None:
    warcs = sorted(sample_crawl.warc_dir.glob("*.warc.gz"))
    fast = [_read(path) for path in warcs]
    fast_scan = _scan(warcs)
    monkeypatch.setattr(reader_module, "iter_members", _warcio_only)
    slow = [_read(path) for path in warcs]
    assert sum(len(captures) for captures, _, _ in fast) > 1000
    assert fast == slow
    # The scan skips images unparsed on the fast path: same jobs, same counts by reason.
    jobs, skipped, _, _ = fast_scan
    assert len(jobs) >= 2000 and skipped["not-html"] > 1000
    assert fast_scan == _scan(warcs)


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


def test_a_member_holding_two_records_is_left_to_warcio(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Member 1 is the clean case; member 2 holds two records, then one more clean member. The
    # fast path reads member 1 and hands the rest to warcio, whose verdict stands: it reads
    # both records of member 2, then calls the file damaged (it cannot seek to such records).
    parts = [_record(1), _record(2) + _record(3), _record(4)]
    path = tmp_path / "mixed.warc.gz"
    path.write_bytes(b"".join(gzip.compress(part) for part in parts))
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
