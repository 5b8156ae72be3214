"""The WARCs of a whole sample-site crawl, checked with warcio, cdxj-indexer, pywb and wget."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from warc_helpers import BIN, require
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import E2E_ARTICLES, SampleCrawl, assert_index_is_cdxj_indexers
from tests.replay import fetch, replay_stamp, replaying
from zonenews.archive.metadata import decode
from zonenews.commands.demo import sample_site
from zonenews.sample_site.site import SampleSite
from zonenews.sample_site.twins import section_entries

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def site() -> SampleSite:
    """The same deterministic site the crawl fetched, to compare the archive with."""
    return SampleSite(articles_per_family=E2E_ARTICLES)


@pytest.fixture(scope="module")
def captures(sample_crawl: SampleCrawl) -> list[dict[str, Any]]:
    """Every record of every WARC, with its raw (still encoded) and decoded payloads."""
    found = []
    for path in sorted(sample_crawl.warc_dir.glob("*.warc.gz")):
        with path.open("rb") as stream:
            iterator = ArchiveIterator(stream)
            for record in iterator:
                entry: dict[str, Any] = {
                    "file": path.name,
                    "type": record.rec_type,
                    "version": record.rec_headers.protocol,
                    "warc": dict(record.rec_headers.headers),
                    "http": record.http_headers,
                }
                if record.rec_type == "response":
                    entry["raw"] = record.raw_stream.read()
                else:
                    entry["block"] = record.content_stream().read()
                found.append(entry)
    return found


def _responses(captures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in captures if c["type"] == "response"]


def _decoded(path: Path, record_id: str) -> bytes:
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_headers.get_header("WARC-Record-ID") == record_id:
                return record.content_stream().read()
    raise AssertionError(record_id)


def test_warcio_check_and_index_pass_on_every_file(sample_crawl: SampleCrawl) -> None:
    warcs = sorted(sample_crawl.warc_dir.glob("*.warc.gz"))
    assert len(warcs) == len(section_entries())  # one per site crawled
    assert not list(sample_crawl.warc_dir.glob("*.open"))
    for path in warcs:
        check = subprocess.run([BIN / "warcio", "check", path], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        index = subprocess.run([BIN / "warcio", "index", path], capture_output=True, text=True)
        assert index.returncode == 0 and index.stdout.count("\n") > 100


def test_cdxj_index_covers_every_capture(
    sample_crawl: SampleCrawl, captures: list, tmp_path: Path
) -> None:
    lines = assert_index_is_cdxj_indexers(sample_crawl.warc_dir, tmp_path)
    captured = [c for c in captures if c["type"] in ("response", "revisit")]
    assert len(lines) == len(captured)
    for path in sorted(sample_crawl.warc_dir.glob("*.warc.gz")):
        result = subprocess.run([BIN / "cdxj-indexer", path], capture_output=True, text=True)
        assert result.returncode == 0 and result.stdout.strip(), result.stderr


def test_files_are_warc_1_1_with_warcinfo_first(sample_crawl: SampleCrawl, captures: list) -> None:
    assert {c["version"] for c in captures} == {"WARC/1.1"}
    by_file: dict[str, list[dict[str, Any]]] = {}
    for capture in captures:
        by_file.setdefault(capture["file"], []).append(capture)
    for records in by_file.values():
        assert records[0]["type"] == "warcinfo"
        assert f"crawl-id: {sample_crawl.report['crawl_id']}".encode() in records[0]["block"]
        assert [r for r in records[1:] if r["type"] == "warcinfo"] == []


def test_each_record_points_at_its_own_response(sample_crawl: SampleCrawl) -> None:
    for record in sample_crawl.records:
        warc = record["warc"]
        with (sample_crawl.warc_dir / warc["filename"]).open("rb") as stream:
            stream.seek(warc["offset"])
            iterator = ArchiveIterator(stream)
            stored = next(iter(iterator))
            assert stored.rec_type == "response"
            assert stored.rec_headers.get_header("WARC-Record-ID") == warc["record_id"]
            assert stored.rec_headers.get_header("WARC-Target-URI") == record["url"]
            assert stored.rec_headers.get_header("WARC-Payload-Digest") == warc["payload_digest"]
            stored.content_stream().read()
            iterator.read_to_end()
            assert iterator.get_record_length() == warc["length"]


def test_stored_payloads_and_heads_are_what_the_server_sent(
    sample_crawl: SampleCrawl, captures: list, site: SampleSite
) -> None:
    base = sample_crawl.base_url
    encodings: Counter[str] = Counter()
    warc_dir = sample_crawl.warc_dir
    checked = 0
    for capture in _responses(captures):
        http = capture["http"]
        url = capture["warc"]["WARC-Target-URI"]
        parts = urlsplit(url)
        status, headers, body = site.page_bytes(parts.path, base)
        assert http.get_statuscode() == str(status), url
        sent = {name.lower(): value for name, value in headers}
        assert http.get_header("Content-Type") == sent["content-type"], url
        assert http.get_header("Last-Modified") == sent.get("last-modified"), url
        # Twisted de-chunked the body: never claim chunking beside it; lengths true to the bytes.
        assert http.get_header("Transfer-Encoding") is None, url
        length = http.get_header("Content-Length")
        assert length is None or int(length) == len(capture["raw"]), url
        encoding = http.get_header("Content-Encoding") or "identity"
        encodings[encoding] += 1
        if encoding == "identity":
            assert capture["raw"] == body, url
        else:
            decoded = _decoded(warc_dir / capture["file"], capture["warc"]["WARC-Record-ID"])
            assert decoded == body, url
            assert capture["raw"] != body
        checked += 1
    assert checked > 4000
    assert encodings["gzip"] > 100 and encodings["identity"] > 1000


def test_request_records_are_archival(captures: list) -> None:
    requests = [c for c in captures if c["type"] == "request"]
    captured = [c for c in captures if c["type"] in ("response", "revisit")]
    assert len(requests) == len(captured)
    for capture in requests:
        assert capture["http"].get_header("Accept-Encoding") == "gzip, deflate"
        assert capture["http"].get_header("User-Agent").startswith("zonenews/")


def test_every_article_image_is_archived(sample_crawl: SampleCrawl, captures: list) -> None:
    archived = {c["warc"]["WARC-Target-URI"] for c in captures if c["type"] == "response"}
    images = {image["src"] for article in sample_crawl.truth for image in article["images"]}
    assert len(images) > 1000
    assert images - archived == set()


def test_one_metadata_record_per_article(sample_crawl: SampleCrawl, captures: list) -> None:
    metadata = {c["warc"]["WARC-Refers-To"]: c for c in captures if c["type"] == "metadata"}
    for record in sample_crawl.records:
        capture = metadata[record["warc"]["record_id"]]
        stored, outlinks = decode(capture["block"])
        assert stored["url"] == record["url"]
        assert stored["content_hash"] == record["content_hash"]
        assert outlinks
    assert len(metadata) == len(sample_crawl.records)


def test_pywb_replays_articles_and_their_images(
    sample_crawl: SampleCrawl, captures: list, site: SampleSite, tmp_path: Path
) -> None:
    dates = {c["warc"]["WARC-Target-URI"]: c["warc"]["WARC-Date"] for c in _responses(captures)}
    sampled = sample_crawl.records[:: len(sample_crawl.records) // 12]
    targets = [r["url"] for r in sampled]
    by_url = {a["url"]: a for a in sample_crawl.truth}
    targets += [by_url[r["url"]]["images"][0]["src"] for r in sampled if by_url[r["url"]]["images"]]
    assert len(targets) > 15
    warcs = sorted(sample_crawl.warc_dir.glob("*.warc.gz"))
    with replaying(warcs, tmp_path) as replay:
        for url in targets:
            status, _headers, body = fetch(f"{replay}/{replay_stamp(dates[url])}id_/{url}")
            assert status == 200, url
            assert body == site.page_bytes(urlsplit(url).path, sample_crawl.base_url)[2], url


def test_wacz_of_the_crawl_lists_every_article(sample_crawl: SampleCrawl, tmp_path: Path) -> None:
    out = tmp_path / "crawl.wacz"
    command = [
        sys.executable,
        "-m",
        "zonenews.commands.cli",
        "wacz",
        str(sample_crawl.out),
        "-o",
        str(out),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    validate = subprocess.run([BIN / "wacz", "validate", "-f", out], capture_output=True, text=True)
    assert validate.returncode == 0, validate.stdout + validate.stderr
    with zipfile.ZipFile(out) as package:
        lines = package.read("pages/pages.jsonl").decode("utf-8").splitlines()
    pages = [json.loads(line) for line in lines[1:]]
    titles = {r["url"]: r["title"] for r in sample_crawl.records}
    assert {p["url"]: p["title"] for p in pages} == titles


def test_wget_gives_the_same_payload_digests(sample_crawl: SampleCrawl, tmp_path: Path) -> None:
    """wget and the crawl fetch the same small sample site; shared identity captures agree."""
    wget = require(Path(shutil.which("wget") or "/nonexistent"), "wget")
    with sample_site(20) as base:
        theirs_path = tmp_path / "wget"
        command = [wget, "--recursive", "--level=inf", "--no-parent", "--no-verbose", "--tries=1"]
        command += ["--no-proxy", f"--warc-file={theirs_path}", "--no-warc-keep-log"]
        command += ["--directory-prefix", tmp_path / "files", f"{base}/"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert result.returncode in (0, 8), result.stderr[-2000:]  # 8: some 404 (robots, images)
        ours_dir = tmp_path / "ours"
        crawl = [sys.executable, "-m", "zonenews.commands.cli", "crawl", "--all", "--sample", base]
        crawl += ["--out", ours_dir, "--warc-dir", ours_dir / "warc", "-s", "LOG_LEVEL=WARNING"]
        assert subprocess.run(crawl, capture_output=True, timeout=300).returncode == 0
    theirs = _digests([theirs_path.with_name("wget.warc.gz")])
    ours = _digests(sorted((ours_dir / "warc").glob("*.warc.gz")))
    shared = set(theirs) & set(ours)
    assert len(shared) > 150
    assert {url for url in shared if theirs[url] != ours[url]} == set()


def _digests(paths: list[Path]) -> dict[str, str]:
    """Payload digests of 200 responses sent whole and unencoded (wget stores chunk framing)."""
    found = {}
    for path in paths:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                http = record.http_headers
                if http.get_statuscode() != "200" or http.get_header("Content-Encoding"):
                    continue
                if (http.get_header("Transfer-Encoding") or "").lower() == "chunked":
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                found[url] = record.rec_headers.get_header("WARC-Payload-Digest")
    return found
