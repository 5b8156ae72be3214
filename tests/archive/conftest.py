"""Fixtures of the archive tests: the loopback site and one shared capture crawl."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from warc_helpers import CAPTURE_TARGETS, CRAWL_ID, PRIVATE_TARGET, Capture, run_crawl
from warc_site import Site, SiteServer

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture
def site() -> Iterator[Site]:
    with SiteServer() as running:
        yield running


def _capture_crawl(work: Path, **extra: object) -> Iterator[Capture]:
    with SiteServer() as site:
        requests = [{"url": site.url(target)} for target in CAPTURE_TARGETS]
        private = {"url": site.url(PRIVATE_TARGET), "meta": {"zonenews_dont_archive": True}}
        settings = {
            "ZONENEWS_CRAWL_ID": CRAWL_ID,
            # Scrapy would offer br and zstd; archival requests must not.
            "DEFAULT_REQUEST_HEADERS": {"Accept": "text/html", "Accept-Encoding": "br, zstd"},
            **extra,
        }
        crawl = run_crawl(work, work / "warcs", [*requests, private], settings)
        yield Capture(crawl, site)


@pytest.fixture(scope="session")
def capture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Capture]:
    """One crawl of every kind of page, shared by the tests that only read its output."""
    yield from _capture_crawl(tmp_path_factory.mktemp("capture"))


@pytest.fixture(scope="session")
def inline_capture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Capture]:
    """The same crawl with the records written in the crawl's own process."""
    work = tmp_path_factory.mktemp("capture-inline")
    yield from _capture_crawl(work, ZONENEWS_WARC_WRITER_PROCESS=False)
