"""Styled replay: a sample-site crawl's WARCs in pywb, pages loaded in headless Chromium.

Every request the browser makes goes through wayback, whose access log says what it answered.
Of those for the sample site's own URLs, none that the site serves may be a 404: the crawl must
have archived the stylesheets, the one they import, the font, the CSS images, the script and the
icon. The same load over a crawl with ``ZONENEWS_REQUISITES=False`` shows the 404s this counts.
The sample site is stopped before replay, so nothing can come from it live.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.chromium import load_page, require_chromium
from tests.conftest import CLI, read_jsonl
from tests.replay import access_lines, replaying
from zonenews.commands.demo import sample_site
from zonenews.sample_site import assets
from zonenews.sample_site.site import SampleSite

pytestmark = pytest.mark.e2e

ARTICLES = 10
COLLECTION = "zone"
# A replayed URL in wayback's log: /zone/<timestamp><modifier>/<original URL>.
_REPLAYED = re.compile(rf"^/{COLLECTION}/\d+(?:[a-z]{{2}}_)?/(?P<url>https?://.+)$")
# A pywb timestamp after every capture: replay picks the latest capture of each URL.
LATEST = "2100"


@dataclass
class Crawl:
    base_url: str
    records: list[dict[str, Any]]
    truth: list[dict[str, Any]]
    report: dict[str, Any]
    warcs: list[Path]
    folder: Path


def _crawl(folder: Path, *settings: str) -> Crawl:
    out = folder / "out"
    with sample_site(ARTICLES, truth=folder / "truth.jsonl") as base_url:
        command = [sys.executable, "-m", CLI, "crawl", "--all", "--sample", base_url]
        command += ["--out", str(out), "--warc-dir", str(out / "warc"), "-s", "LOG_LEVEL=WARNING"]
        for setting in settings:
            command += ["-s", setting]
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    (report_path,) = out.glob("report-*.json")
    return Crawl(
        base_url,
        [r for path in sorted(out.glob("*.jsonl")) for r in read_jsonl(path)],
        read_jsonl(folder / "truth.jsonl"),
        json.loads(report_path.read_text(encoding="utf-8")),
        sorted((out / "warc").glob("*.warc.gz")),
        folder,
    )


@pytest.fixture(scope="module")
def styled(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    return _crawl(tmp_path_factory.mktemp("styled"))


@pytest.fixture(scope="module")
def site() -> SampleSite:
    return SampleSite(articles_per_family=ARTICLES)


def _pages(crawl: Crawl, site: SampleSite) -> list[str]:
    """An article with pictures and the last list page of two families, as crawled."""
    urls = []
    for family in ("cd_regional", "gd_gov"):
        article = next(a for a in site.articles[family] if a.pictures)
        urls.append(crawl.base_url + article.paths[0])
        urls.append(crawl.base_url + site.list_pages(family)[-1].paths[0])
    return urls


def _replay(crawl: Crawl, urls: list[str], name: str) -> list[tuple[str, int]]:
    """(site path, wayback's status) of every request for a sample-site URL the browser made
    while loading ``urls`` through wayback."""
    require_chromium()
    work = crawl.folder / name
    work.mkdir()
    log = work / "access.log"
    with replaying(crawl.warcs, work, COLLECTION, access_log=log) as replay:
        for number, url in enumerate(urls):
            shot = work / "first.png" if number == 0 else None
            load = load_page(f"{replay}/{LATEST}/{url}", screenshot=shot, timeout=90)
            assert "<iframe" in load.dom, load.log[-2000:]  # pywb's frame around the page
            if shot is not None:
                assert shot.read_bytes().startswith(b"\x89PNG")
    origin = crawl.base_url.rstrip("/")
    found = []
    for path, status in access_lines(log.read_text(encoding="utf-8")):
        match = _REPLAYED.match(path)
        if match and match["url"].startswith(origin + "/"):
            found.append((match["url"][len(origin) :], status))
    return found


def test_replayed_pages_find_every_requisite_the_site_serves(
    styled: Crawl, site: SampleSite
) -> None:
    requests = _replay(styled, _pages(styled, site), "replay")
    served = [(p, s) for p, s in requests if site.page_bytes(p, styled.base_url)[0] == 200]
    missing = sorted({p for p, s in served if s == 404})
    assert missing == []
    # Not a vacuous count: the browser asked for every kind of requisite, through replay.
    asked = {p for p, _s in requests}
    for family in ("cd_regional", "gd_gov"):
        prefix = assets.PREFIXES[family]
        for file in ("css/style.css", "css/base.css", "fonts/zone-sans.ttf", "js/site.js"):
            assert f"{prefix}/{file}" in asked
        assert {f"{prefix}/img/bg.png", f"{prefix}/img/rule.png"} <= asked
    assert assets.FAVICON in asked
    pictures = {
        p.path for f in ("cd_regional", "gd_gov") for a in site.articles[f] for p in a.pictures
    }
    assert asked & pictures


def test_requisites_are_warc_only_and_fetched_once_per_crawl(styled: Crawl) -> None:
    assert sorted(r["url"] for r in styled.records) == sorted(a["url"] for a in styled.truth)
    captures: Counter[str] = Counter()
    for path in styled.warcs:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type in ("response", "revisit"):
                    captures[record.rec_headers.get_header("WARC-Target-URI")] += 1
    origin = styled.base_url.rstrip("/")
    # Every file of every family and the site's favicon, each captured once by the sites'
    # crawlers together (they share the sample site's host).
    assert {path: captures[origin + path] for path in assets.FILES} == dict.fromkeys(
        assets.FILES, 1
    )
    requested: Counter[str] = Counter()
    for key, summary in styled.report["sites"].items():
        counters = summary["counters"]
        for kind in ("stylesheet", "script", "icon", "font", "image"):
            requested[kind] += counters.get(f"zonenews/requisites/requested/{kind}", 0)
        assert not any(k.startswith("zonenews/requisites/failed/") for k in counters), key
    # Per family two stylesheets (one imported), a script, a font, two CSS images; one icon.
    families = len(assets.PREFIXES)
    assert requested == {
        "stylesheet": 2 * families,
        "script": families,
        "icon": 1,
        "font": families,
        "image": 2 * families,
    }


def test_without_requisites_the_same_replay_counts_404s(
    tmp_path_factory: pytest.TempPathFactory, site: SampleSite
) -> None:
    bare = _crawl(tmp_path_factory.mktemp("bare"), "ZONENEWS_REQUISITES=False")
    requests = _replay(bare, _pages(bare, site)[:1], "replay")
    missing = {p for p, s in requests if s == 404}
    prefix = assets.PREFIXES["cd_regional"]
    assert {f"{prefix}/css/style.css", f"{prefix}/js/site.js"} <= missing
