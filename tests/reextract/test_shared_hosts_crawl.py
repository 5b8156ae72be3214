"""Attribution on shared hosts end to end: the sample site's two zones on one WS-style host (no
channel in article URLs) and two zones under channels of one China Daily regional host, crawled
live, then rebuilt by ``zonenews extract`` from the crawl's WARCs, whole and with only one kind
of evidence left in them (metadata records, request records' Referer, list pages).

The site is served with ``crosslink``: list page 1 of ``ws-west`` also links the newest article
of ``ws-east``, so that one article is linked from both zones' lists.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

from tests.reextract.rebuild_helpers import read_jsonl
from zonenews.reextract.run import ExtractResult, extract_archives
from zonenews.sample_site.sections import CROSSLINKED, SECTIONS
from zonenews.sample_site.server import RunningSite, serve
from zonenews.sample_site.site import SampleSite
from zonenews.sample_site.truth import site_truth
from zonenews.sample_site.twins import twins

pytestmark = pytest.mark.e2e

ARTICLES = 60
WS_SECTIONS = ("ws_east", "ws_west")
SHARED_SECTIONS = (*WS_SECTIONS, "cd_pudong", "cd_suzhou")
KEYS = [SECTIONS[name].twin for name in SHARED_SECTIONS]


@dataclass
class SharedCrawl:
    running: RunningSite
    warc_dir: Path
    records: list[dict[str, Any]]
    #: URL -> the site of its article in the truth (the section whose list page 1 shows it).
    truth: dict[str, str]
    #: The article both WS zones' lists link.
    crosslinked: str
    ambiguous_site: str


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SharedCrawl]:
    site = SampleSite(articles_per_family=ARTICLES, seed="shared", crosslink=True)
    root = tmp_path_factory.mktemp("shared")
    out, warc_dir = root / "out", root / "warc"
    with serve(site) as running:
        command = [sys.executable, "-m", "zonenews.commands.cli", "crawl", *KEYS]
        command += ["--sample", running.base_url, "--out", str(out), "--warc-dir", str(warc_dir)]
        command += ["-s", "LOG_LEVEL=WARNING"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-3000:]
        shared_urls = {
            running.base_url + article.paths[0]
            for name in SHARED_SECTIONS
            for article in site.articles[name]
        }
        truth = {
            record["url"]: record["site"]
            for record in site_truth(site, running.base_url)
            if record["url"] in shared_urls
        }
        crosslinked = running.base_url + site.articles[CROSSLINKED[0]][0].paths[0]
        netloc = running.base_url.split("://", 1)[1]
        records = [r for path in sorted(out.glob("*.jsonl")) for r in read_jsonl(path)]
        yield SharedCrawl(running, warc_dir, records, truth, crosslinked, f"ambiguous:{netloc}")


def _extract(crawl: SharedCrawl, inputs: Path, out: Path) -> tuple[dict[str, str], ExtractResult]:
    result = extract_archives([inputs], out, jobs=1, progress=None)
    assert result.exit_code == 0
    records = read_jsonl(out)
    sites = {record["url"]: record["site"] for record in records}
    assert len(sites) == len(records)  # one record per article
    return sites, result


def _filtered(crawl: SharedCrawl, folder: Path, keep: Callable[[Any], bool]) -> Path:
    """The crawl's WARCs, record for record, less those ``keep`` refuses."""
    folder.mkdir()
    for path in sorted(crawl.warc_dir.glob("*.warc.gz")):
        with path.open("rb") as source, (folder / path.name).open("wb") as target:
            writer = WARCWriter(target, gzip=True)
            for record in ArchiveIterator(source):
                if keep(record):
                    writer.write_record(record)
    return folder


def _is_list_page(crawl: SharedCrawl) -> Callable[[str], bool]:
    entries = twins(crawl.running.base_url)
    return lambda url: any(entry.is_list(url) for entry in entries)


def _keeping(crawl: SharedCrawl, *, metadata: bool, requests: bool, lists: bool) -> Any:
    is_list = _is_list_page(crawl)

    def keep(record: Any) -> bool:
        url = record.rec_headers.get_header("WARC-Target-URI") or ""
        if record.rec_type == "metadata":
            return metadata
        if record.rec_type == "request":
            return requests
        if record.rec_type in ("response", "revisit") and is_list(url):
            return lists
        return True

    return keep


def _expected(crawl: SharedCrawl, ws_source_left: bool) -> dict[str, str]:
    """Every article's truth site; the crosslinked one ambiguous; with no evidence left, every
    WS article ambiguous (the cd sections' URLs carry their channel)."""
    expected = dict(crawl.truth)
    expected[crawl.crosslinked] = crawl.ambiguous_site
    if not ws_source_left:
        for url in expected:
            if "/ws-shared/" in url:
                expected[url] = crawl.ambiguous_site
    return expected


def test_the_live_crawl_gives_each_article_the_entry_of_the_list_that_linked_it(
    crawl: SharedCrawl,
) -> None:
    by_site: dict[str, set[str]] = {}
    for record in crawl.records:
        by_site.setdefault(record["site"], set()).add(record["url"])
    for key in KEYS:
        own = {url for url, site in crawl.truth.items() if site == key}
        assert own, key
        expected = own | ({crawl.crosslinked} if key == "ws-west" else set())
        assert by_site[key] == expected, key
    # The article both WS lists link: fetched by each zone's request, one record each.
    assert sorted(r["site"] for r in crawl.records if r["url"] == crawl.crosslinked) == [
        "ws-east",
        "ws-west",
    ]


def test_extract_over_the_crawl_attributes_as_the_crawl_did(
    crawl: SharedCrawl, tmp_path: Path
) -> None:
    sites, result = _extract(crawl, crawl.warc_dir, tmp_path / "all.jsonl")
    assert sites == _expected(crawl, ws_source_left=True)
    ws_articles = sum(1 for url in crawl.truth if "/ws-shared/" in url)
    assert result.tally.attribution == {"metadata": ws_articles - 1, "ambiguous": 1}


@pytest.mark.parametrize(
    ("source", "metadata", "requests", "lists"),
    [
        ("metadata", True, False, False),
        ("referer", False, True, False),
        ("lists", False, False, True),
    ],
)
def test_each_kind_of_evidence_alone_attributes_the_same(
    crawl: SharedCrawl, tmp_path: Path, source: str, metadata: bool, requests: bool, lists: bool
) -> None:
    keep = _keeping(crawl, metadata=metadata, requests=requests, lists=lists)
    inputs = _filtered(crawl, tmp_path / "warc", keep)
    sites, result = _extract(crawl, inputs, tmp_path / "out.jsonl")
    assert sites == _expected(crawl, ws_source_left=True)
    ws_articles = sum(1 for url in crawl.truth if "/ws-shared/" in url)
    assert result.tally.attribution == {source: ws_articles - 1, "ambiguous": 1}


def test_with_no_evidence_left_every_ws_article_is_ambiguous(
    crawl: SharedCrawl, tmp_path: Path
) -> None:
    keep = _keeping(crawl, metadata=False, requests=False, lists=False)
    inputs = _filtered(crawl, tmp_path / "warc", keep)
    sites, result = _extract(crawl, inputs, tmp_path / "out.jsonl")
    assert sites == _expected(crawl, ws_source_left=False)
    ws_articles = sum(1 for url in crawl.truth if "/ws-shared/" in url)
    assert result.tally.attribution == {"ambiguous": ws_articles}
