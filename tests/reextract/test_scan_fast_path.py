"""The scan of ``zonenews extract`` on the reader's fast path (images skipped unparsed) gives the
page jobs and counts it gives on warcio's iterator."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from zonenews.archive.read import reader as reader_module
from zonenews.archive.read.members import Unusual
from zonenews.archive.read.source import Source
from zonenews.reextract.scan import Scanner
from zonenews.reextract.tally import Tally

if TYPE_CHECKING:
    from pathlib import Path

    from tests.conftest import SampleCrawl


def _warcio_only(stream: Any, check_digests: bool = False) -> Any:
    raise Unusual(0, b"", "read by warcio for the comparison")
    yield  # a generator, as iter_members is


def _scan(paths: list[Path]) -> tuple[list[Any], dict[str, int], int, int]:
    """What ``zonenews extract`` makes of ``paths``: its page jobs and its counts."""
    sources = [Source.of_file(path) for path in paths]
    tally = Tally("test", sources=len(sources))
    jobs = list(Scanner(sources, tally).jobs())
    return jobs, dict(tally.skipped), tally.records, tally.revisits


@pytest.mark.e2e
def test_a_crawls_warcs_scan_fast_as_on_warcios_iterator(
    sample_crawl: SampleCrawl, monkeypatch: pytest.MonkeyPatch
) -> None:
    warcs = sorted(sample_crawl.warc_dir.glob("*.warc.gz"))
    fast_scan = _scan(warcs)
    monkeypatch.setattr(reader_module, "iter_members", _warcio_only)
    jobs, skipped, _, _ = fast_scan
    assert len(jobs) >= 2000 and skipped["not-html"] > 1000
    assert fast_scan == _scan(warcs)
