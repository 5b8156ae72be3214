"""Re-crawls with a crawl state: known articles asked conditionally, answered 304, archived as
server-not-modified revisits of the first capture, and not written to the JSONL again."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import assert_index_is_cdxj_indexers, read_jsonl
from zonenews.commands.demo import sample_site
from zonenews.sample_site.sections import site_size

pytestmark = pytest.mark.e2e

ARTICLES = 6  # per family


def _crawl(base: str, out: Path, state: Path, *settings: str) -> dict[str, Any]:
    command = [sys.executable, "-m", "zonenews.commands.cli", "crawl", "--all", "--sample", base]
    command += ["--out", str(out), "--warc-dir", str(out / "warc"), "--state", str(state)]
    command += ["-s", "LOG_LEVEL=WARNING", *(arg for s in settings for arg in ("-s", s))]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    (report,) = out.glob("report-*.json")
    return {
        "code": result.returncode,
        "stderr": result.stderr,
        "records": [r for path in sorted(out.glob("*.jsonl")) for r in read_jsonl(path)],
        "report": json.loads(report.read_text()),
        "warcs": sorted((out / "warc").glob("*.warc.gz")),
    }


def _records(paths: list[Path], kind: str) -> list[Any]:
    found = []
    for path in paths:
        with path.open("rb") as stream:
            found += [
                (dict(r.rec_headers.headers), r.http_headers)
                for r in ArchiveIterator(stream)
                if r.rec_type == kind
            ]
    return found


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    root = tmp_path_factory.mktemp("incremental")
    with sample_site(ARTICLES) as base:
        first = _crawl(base, root / "first", root / "state")
        second = _crawl(base, root / "second", root / "state")
        skipping = _crawl(base, root / "third", root / "state", "ZONENEWS_RECRAWL=skip")
    return {"first": first, "second": second, "skip": skipping}


def test_first_crawl_marks_every_article_new(crawls: dict) -> None:
    first = crawls["first"]
    assert first["code"] == 0, first["stderr"][-2000:]
    assert len(first["records"]) == site_size(ARTICLES)
    assert {(r["change"], r["replaces"]) for r in first["records"]} == {("new", None)}
    assert sum(site["new"] for site in first["report"]["sites"].values()) == site_size(ARTICLES)


def test_unchanged_recrawl_writes_no_record_and_counts_them(crawls: dict) -> None:
    second = crawls["second"]
    assert second["records"] == []
    sites = second["report"]["sites"].values()
    assert sum(site["unchanged"] for site in sites) == site_size(ARTICLES)
    assert sum(site["new"] + site["changed"] for site in sites) == 0


def test_conditional_requests_carry_the_first_crawls_validators(crawls: dict) -> None:
    requests = [
        http
        for _, http in _records(crawls["second"]["warcs"], "request")
        if http.get_header("If-None-Match")
    ]
    assert len(requests) == site_size(ARTICLES)
    assert all(http.get_header("If-Modified-Since") for http in requests)


def test_304s_are_revisits_of_the_first_capture(crawls: dict) -> None:
    originals = {
        headers["WARC-Target-URI"]: headers
        for headers, http in _records(crawls["first"]["warcs"], "response")
    }
    revisits = [
        headers
        for headers, _ in _records(crawls["second"]["warcs"], "revisit")
        if headers["WARC-Profile"].endswith("/revisit/server-not-modified")
    ]
    assert len(revisits) == site_size(ARTICLES)
    for headers in revisits:
        original = originals[headers["WARC-Refers-To-Target-URI"]]
        assert headers["WARC-Refers-To-Target-URI"] == headers["WARC-Target-URI"]
        assert headers["WARC-Refers-To-Date"] == original["WARC-Date"]
        assert headers["WARC-Refers-To"] == original["WARC-Record-ID"]
        assert headers["WARC-Payload-Digest"] == original["WARC-Payload-Digest"]
        assert headers["Content-Length"] == "0"


def test_each_304_head_is_kept_beside_its_revisit(crawls: dict) -> None:
    revisit_ids = {
        headers["WARC-Record-ID"]
        for headers, _ in _records(crawls["second"]["warcs"], "revisit")
        if headers["WARC-Profile"].endswith("/revisit/server-not-modified")
    }
    heads = {}
    for path in crawls["second"]["warcs"]:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                kind = record.rec_headers.get_header("Content-Type")
                if record.rec_type == "metadata" and kind.startswith("application/http"):
                    concurrent = record.rec_headers.get_header("WARC-Concurrent-To")
                    heads[concurrent] = record.content_stream().read()
    assert set(heads) == revisit_ids
    for head in heads.values():
        assert head.startswith(b"HTTP/1.1 304 ")
        assert head.endswith(b"\r\n\r\n")
        assert b"\r\nETag: " in head or b"\r\nLast-Modified: " in head


def test_the_index_of_a_recrawl_is_cdxj_indexers(crawls: dict, tmp_path: Path) -> None:
    # Header-less 304 revisits and identical-payload ones: each line as the tool makes it.
    warc_dir = crawls["second"]["warcs"][0].parent
    lines = assert_index_is_cdxj_indexers(warc_dir, tmp_path)
    assert sum('"mime": "warc/revisit"' in line for line in lines) >= site_size(ARTICLES)


def test_skip_mode_does_not_fetch_known_articles(crawls: dict) -> None:
    skipping = crawls["skip"]
    assert skipping["records"] == []
    sites = skipping["report"]["sites"].values()
    assert sum(site["skipped_known"] for site in sites) == site_size(ARTICLES)
    assert sum(site["article_pages"] for site in sites) == 0
