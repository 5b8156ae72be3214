"""Shared fixtures: one crawl of the whole sample site per test session, with its truth."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from zonenews.archive.read.reader import SourceReader
from zonenews.archive.read.source import Source
from zonenews.commands.demo import sample_site
from zonenews.sample_site.article_truth import FIELDS as TRUTH_FIELDS

#: The command line, run as a module (no console script needed).
CLI = "zonenews.commands.cli"

#: The truth fields every record must reproduce exactly (the URL is the key; the truth's
#: ``change`` is against the site's edition before, not the crawl's state).
COMPARED = tuple(field for field in TRUTH_FIELDS if field not in ("url", "change"))

#: Articles per family in the end-to-end crawl: the sample site's full size.
E2E_ARTICLES = 500

#: The shared fixtures that run a crawl in a child process (here, in archive/ and in faults/).
CRAWL_FIXTURES = frozenset({"sample_crawl", "fault_crawl", "capture", "inline_capture"})


@dataclass
class SampleCrawl:
    base_url: str
    out: Path
    warc_dir: Path
    truth: list[dict[str, Any]]
    records: list[dict[str, Any]]
    report: dict[str, Any]
    result: subprocess.CompletedProcess[str]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that uses a crawl fixture must carry the e2e mark: unmarked, it would pull the
    crawl into the quick loop (``-m "not e2e"``)."""
    unmarked = [
        item.nodeid
        for item in items
        if CRAWL_FIXTURES.intersection(getattr(item, "fixturenames", ()))
        and item.get_closest_marker("e2e") is None
    ]
    if unmarked:
        raise pytest.UsageError(
            "these tests use a crawl fixture, mark them @pytest.mark.e2e: " + ", ".join(unmarked)
        )


def images_not_archived(warc_dir: Path, records: list[dict[str, Any]]) -> list[str]:
    """The images of ``records`` with no response (or revisit) record in ``warc_dir``'s WARCs."""
    archived: set[str] = set()
    for path in sorted(warc_dir.glob("*.warc.gz")):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type in ("response", "revisit"):
                    archived.add(record.rec_headers.get_header("WARC-Target-URI"))
    wanted = {image["src"] for record in records for image in record["images"]}
    return sorted(wanted - archived)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def sample_crawl(tmp_path_factory: pytest.TempPathFactory) -> SampleCrawl:
    """``zonenews crawl --all --sample URL`` over the whole sample site, as a user runs it."""
    root = tmp_path_factory.mktemp("e2e")
    truth_path = root / "truth.jsonl"
    # The layout of `zonenews demo --out DIR`: JSONL and report in DIR, WARCs in DIR/warc.
    out = root / "crawl"
    warc_dir = out / "warc"
    with sample_site(E2E_ARTICLES, truth=truth_path) as base_url:
        command = [sys.executable, "-m", CLI, "crawl", "--all", "--sample", base_url]
        command += ["--out", str(out), "--warc-dir", str(warc_dir), "-s", "LOG_LEVEL=WARNING"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    records = [r for path in sorted(out.glob("*.jsonl")) for r in read_jsonl(path)]
    (report_path,) = out.glob("report-*.json")
    report = json.loads(report_path.read_text(encoding="utf-8"))
    return SampleCrawl(base_url, out, warc_dir, read_jsonl(truth_path), records, report, result)


def assert_index_is_cdxj_indexers(warc_dir: Path, tmp_path: Path) -> list[str]:
    """The crawl's CDXJ index in ``warc_dir`` (lines made as records were written) equals,
    line for line, cdxj-indexer's index of the crawl's WARC files; no side index is left."""
    from zonenews.archive.package import write_cdxj

    (index,) = warc_dir.glob("*.cdxj")
    warcs = sorted(warc_dir.glob("*.warc.gz"))
    assert warcs
    expected = write_cdxj(warcs, tmp_path / "cdxj-indexer.cdxj").read_text(encoding="utf-8")
    lines = index.read_text(encoding="utf-8").splitlines()
    assert lines == expected.splitlines()
    assert not list(warc_dir.glob("*.warc.gz.cdxj*"))
    return lines


def assert_whole_by_digests(paths: list[Path]) -> int:
    """Every record of ``paths`` whole by its bytes: length, gzip member, block and payload
    digests over the stored bytes (warcio's check, less its decoding of payloads, on which
    ``warcio check`` itself fails for brotli: docs/archive.md). Returns the records read."""
    records = 0
    for path in paths:
        reader = SourceReader(
            Source.of_file(path), lambda url, status, kind: False, check_digests=True
        )
        for _ in reader:
            pass
        assert reader.damage is None, reader.damage.message()
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream, check_digests=True):
                record.raw_stream.read()
                assert record.digest_checker.passed is not False, (
                    path,
                    record.digest_checker.problems,
                )
                records += 1
        assert records >= reader.records
    return records


def require_tool(path: str) -> str:
    """A command the test needs: skipped locally when absent, a failure on CI."""
    found = shutil.which(path) or (path if os.path.exists(path) else None)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{path} is required on CI (.ci/run installs it)")
    pytest.skip(f"{path} not installed")
