"""Edition 1, then edition 2 of the sample site, crawled with one state folder: the second JSONL
holds exactly the new and changed articles of the truth; unchanged ones are revisits, and pywb
replays an unchanged article through its revisit to the original payload."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import read_jsonl
from tests.replay import fetch, replay_stamp, replaying
from zonenews.commands.demo import sample_site
from zonenews.sample_site.site import SampleSite

pytestmark = pytest.mark.e2e

ARTICLES = 50
COMPARED = ("title", "published_date", "published_at", "body", "images", "source", "author")


def _crawl(base: str, out: Path, state: Path, *settings: str) -> dict[str, Any]:
    command = [sys.executable, "-m", "zonenews.commands.cli", "crawl", "--all", "--sample", base]
    command += ["--out", str(out), "--warc-dir", str(out / "warc"), "--state", str(state)]
    command += ["-s", "LOG_LEVEL=WARNING", *(arg for s in settings for arg in ("-s", s))]
    result = subprocess.run(command, capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    (report,) = out.glob("report-*.json")
    return {
        "records": [r for p in sorted(out.glob("*.jsonl")) for r in read_jsonl(p)],
        "report": json.loads(report.read_text()),
        "warcs": sorted((out / "warc").glob("*.warc.gz")),
    }


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("editions")
    state = root / "state"
    with sample_site(ARTICLES, truth=root / "truth1.jsonl") as base:
        first = _crawl(base, root / "one", state)
    shutil.copytree(state, root / "state-always")
    port = urlsplit(base).port
    # The same URLs (same port) in edition 2: only the site changed.
    with sample_site(ARTICLES, truth=root / "truth2.jsonl", edition=2, port=port) as again:
        assert again == base
        second = _crawl(base, root / "two", state)
        # Known articles fetched plainly: unchanged payloads become identical-payload revisits.
        always = _crawl(base, root / "always", root / "state-always", "ZONENEWS_RECRAWL=always")
    return {
        "base": base,
        "first": first,
        "second": second,
        "always": always,
        "truth1": read_jsonl(root / "truth1.jsonl"),
        "truth2": read_jsonl(root / "truth2.jsonl"),
    }


def test_second_crawl_holds_exactly_the_new_and_changed_articles(editions: dict) -> None:
    truth = {a["url"]: a for a in editions["truth2"]}
    expected = {url for url, a in truth.items() if a["change"] in ("new", "changed")}
    assert len(expected) >= 8  # the truth has both kinds
    assert {a["change"] for a in truth.values()} == {"new", "changed", "unchanged"}
    records = {r["url"]: r for r in editions["second"]["records"]}
    assert set(records) == expected
    for url, record in records.items():
        assert record["change"] == truth[url]["change"], url
        assert {k: record[k] for k in COMPARED} == {k: truth[url][k] for k in COMPARED}


def test_changed_records_name_the_hash_they_replace(editions: dict) -> None:
    before = {r["url"]: r["content_hash"] for r in editions["first"]["records"]}
    for record in editions["second"]["records"]:
        if record["change"] == "changed":
            assert record["replaces"] == before[record["url"]] != record["content_hash"]
        else:
            assert record["replaces"] is None and record["url"] not in before


@pytest.mark.parametrize("crawl", ["second", "always"])
def test_unchanged_articles_are_revisits_not_copies(editions: dict, crawl: str) -> None:
    unchanged = {a["url"] for a in editions["truth2"] if a["change"] == "unchanged"}
    kinds: dict[str, str] = {}
    for path in editions[crawl]["warcs"]:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                uri = record.rec_headers.get_header("WARC-Target-URI")
                if uri in unchanged and record.rec_type in ("response", "revisit"):
                    kinds[uri] = record.rec_type
    assert set(kinds) == unchanged
    assert set(kinds.values()) == {"revisit"}
    report = editions[crawl]["report"]["sites"].values()
    assert sum(site["unchanged"] for site in report) == len(unchanged)


@pytest.mark.parametrize("crawl", ["second", "always"])
def test_pywb_replays_an_unchanged_article_through_its_revisit(
    editions: dict, tmp_path: Path, crawl: str
) -> None:
    url = next(a["url"] for a in editions["truth2"] if a["change"] == "unchanged")
    dates = {}
    for path in editions[crawl]["warcs"]:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_headers.get_header("WARC-Target-URI") == url:
                    dates[record.rec_type] = record.rec_headers.get_header("WARC-Date")
    warcs = editions["first"]["warcs"] + editions[crawl]["warcs"]
    original = SampleSite(articles_per_family=ARTICLES).page_bytes(
        urlsplit(url).path, editions["base"]
    )[2]
    with replaying(warcs, tmp_path) as replay:
        status, _, body = fetch(f"{replay}/{replay_stamp(dates['revisit'])}id_/{url}")
    assert status == 200
    assert body == original
